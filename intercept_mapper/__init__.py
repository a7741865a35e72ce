"""Intercept Mapper: a desktop toolkit for Sequential Intercept Model mapping workshops."""

__version__ = "0.1.0"

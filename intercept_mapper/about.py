"""What the program says about itself (``--version``, the About box): its version, licence, user guide."""

from __future__ import annotations

from pathlib import Path

DIST_NAME = "intercept-mapper"
LICENCE = "MIT"
COPYRIGHT = "Copyright (c) 2026 Intercept Mapper contributors"
USER_GUIDE = "docs/user-guide.md"  # in the source; a package or bundle carries it as resources/docs/


def version() -> str:
    """The installed distribution's version, else the package's own ``__version__`` (a source checkout)."""
    from importlib import metadata  # ~40 ms: only when asked

    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        from . import __version__

        return __version__


def user_guide() -> Path | None:
    """The user guide on this machine: packaged with the program, or in the source checkout it runs from."""
    from .resources import RESOURCES_DIR

    packaged = RESOURCES_DIR / "docs" / "user-guide.md"
    if packaged.is_file():
        return packaged
    checkout = RESOURCES_DIR.parent.parent  # intercept_mapper/resources -> the checkout, when it is one
    if (checkout / "pyproject.toml").is_file() and (checkout / "intercept_mapper").is_dir():
        guide = checkout / USER_GUIDE
        if guide.is_file():
            return guide
    return None

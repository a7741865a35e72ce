"""Reports and images people take home: the PDF report, the action-plan handout, the map as SVG and PNG.

Everything here runs headless with reportlab; only ``map_image`` (raster export) may import Qt.
"""

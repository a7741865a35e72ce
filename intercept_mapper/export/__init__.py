"""Reports and images people take home: the PDF report, the action-plan handout, the map as SVG and PNG.

Everything here runs headless with reportlab; only ``map_image`` (raster export) may import Qt.
"""

from reportlab import rl_config

# reportlab checks every attribute of every shape as it is set (a help while writing drawing code, and
# a third of the time of a large map's pages: their tens of thousands of boxes, chips and labels). The
# shapes here are made by our own code, from values it computed, and the tests draw every kind: skip it.
# It takes effect for shapes made after this, and fully when set before reportlab.graphics loads.
rl_config.shapeChecking = 0

"""The main window and what it is built from: the window itself (``main_window``), its actions, menus
and toolbar (``window_actions``), where the panels go (``window_layout``), what it shows before it is
whole (``first_paint``), the canvas behind one surface (``canvas_host``), the find field, the status
bar, the themes, and presentation mode (``presentation``, ``presentation_pages``).

Deliberately empty of imports: most of these modules are on the start path (DEVELOPERS.md,
"Start-up"), so each is loaded only by whoever needs it.
"""

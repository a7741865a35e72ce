"""The frozen app's program (PyInstaller's entry script, packaging/intercept-mapper.spec).

``intercept-mapper`` is the console script: every command, and the app. ``intercept-mapper-gui`` (built
on Windows only, without a console window) is the gui-scripts entry: the app alone.
"""

import os
import sys
from pathlib import Path


def restore_library_path() -> None:
    """Give programs started from the app (xdg-open for an exported report, a browser) the user's own
    library path. On Linux PyInstaller's loader puts the bundle's folder first on LD_LIBRARY_PATH (the
    old value kept in LD_LIBRARY_PATH_ORIG); inherited, the bundle's libz, libreadline or glib would
    shadow the system's in /bin/sh and the rest. This process is not affected: the dynamic loader read
    the variable when it started, and the bundle's own programs set it again themselves."""
    if sys.platform.startswith("linux") and getattr(sys, "frozen", False):
        original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
        if original:
            os.environ["LD_LIBRARY_PATH"] = original
        else:
            os.environ.pop("LD_LIBRARY_PATH", None)


if __name__ == "__main__":
    restore_library_path()
    if Path(sys.executable).stem.endswith("-gui"):
        from intercept_mapper.cli.app_start import gui_main

        sys.exit(gui_main())
    from intercept_mapper.cli import main

    sys.exit(main())

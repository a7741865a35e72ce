"""Files and recovery: what the app reads and keeps on disk. The open workshop (``document_session``),
New/Open/Save and import (``file_actions``), export to PDF and images (``export_actions``), the file as
last seen on disk (``disk_state``), one file open twice (``open_file_lock``), crash copies
(``recovery``; finding them Qt-free in ``recovery_copies``) and the remembered settings (``settings``).

Deliberately empty of imports: ``recovery_copies`` is loaded before Qt at start-up and
``document_session`` and ``settings`` are on the start path (DEVELOPERS.md, "Start-up"), so each
module is loaded only by whoever needs it.
"""

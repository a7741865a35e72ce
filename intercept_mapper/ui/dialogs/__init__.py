"""Dialogs opened from the File menu: the export options (``export_dialogs``), the statewide rollup
(``rollup_dialog``) and the comparison with an older file (``compare_dialog``).

Deliberately empty of imports: each dialog is loaded when its command is first used.
"""

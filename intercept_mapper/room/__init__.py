"""Room voting: the room votes from its own phones, per table, on a small web page served offline.

Qt-free (an import-linter contract holds it): ``room_offer`` says what is on the ballot, ``ballot_box``
checks what phones send, ``http_face`` is the web face (aiohttp), ``room_server`` runs it on a loop
(the command line's own, or a background thread for the app), ``lan_addresses`` finds where phones
can reach it. Nothing is imported here, so the app loads it only when the room opens.
"""

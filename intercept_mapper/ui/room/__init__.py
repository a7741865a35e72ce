"""Room voting in the app: the server on a background thread (``room_session``), the projector's view
with the QR code (``room_view``), and the inbox of suggestions (``inbox_panel``). Imports nothing: the
window loads these modules when the facilitator opens the room."""

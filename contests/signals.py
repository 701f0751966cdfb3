"""Signals other apps may listen to.

`contest_transitioned` is sent after the transaction that moved a contest commits, with
``sender=Contest`` and the keyword arguments ``contest_id, action, from_state, to_state,
actor_id`` (``actor_id`` is None for moves made by the system on a deadline). Receivers run
with ``send_robust``: one failing receiver is logged and does not stop the others.
"""

from django.dispatch import Signal

contest_transitioned = Signal()

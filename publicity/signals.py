"""Signals other apps may listen to.

* The "contest finalized" event is contests' own ``contest_transitioned`` with
  ``action="finalize"`` and ``to_state="final"``, sent after the finalize transaction
  commits. By then the notice is closed and every winner has a certificate row (number,
  award, rank; `Certificate.objects.filter(contest_id=..., status="valid")`); the PDFs
  and the winners' notifications follow in a task. The winners, with their stage scores
  and ranks, are judging's final result rows (`judging.selectors.result_set_for`), frozen
  from then on. The nomination pipeline listens to that signal.
* ``certificate_revoked`` is sent after a revocation commits, with ``sender=Certificate``
  and ``certificate_id, contest_id, entry_id, actor_id``: an award was removed, so a
  nomination that rests on it should be reviewed.
"""

from django.dispatch import Signal

certificate_revoked = Signal()

"""How publicity takes part in the contest state machine (registered in `apps.ready`).

* `publish` opens the public notice (effect);
* `finalize` is refused until the notice has ended with nothing pending (guard), then
  closes the notice and creates the certificates (effect);
* `cancel` withdraws a live notice (effect);
* `amend_results` (in_notice → results_ready) is allowed only
  after an upheld objection with none pending, and supersedes the live notice; publishing
  again opens the next round.
"""

AMEND_ACTION = "amend_results"


def register() -> None:
    from contests.transitions import register_effect, register_guard

    from . import subjects
    from .models import Notice
    from .services import finalization, notices

    subjects.register(subjects.SubjectKind(
        subject_type=Notice.Subject.CONTEST, field="contest", model_label="contests.Contest",
        owner=lambda contest: contest.created_by,
        finalize_due=finalization.finalize_due_contests,
    ))
    register_effect("publish", notices.on_publish)
    register_guard("finalize", finalization.may_finalize)
    register_effect("finalize", finalization.on_finalize)
    register_effect("cancel", notices.on_cancel)
    register_guard(AMEND_ACTION, notices.may_amend)
    register_effect(AMEND_ACTION, notices.on_amend)

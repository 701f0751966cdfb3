"""Publicity's start-up registration (`apps.ready`): contests are a kind of notice subject
(`publicity.subjects`). What publicity checks and does when a contest moves is listed in
`contests.transitions.move_steps`, not registered here."""


def register() -> None:
    from . import subjects
    from .models import Notice
    from .services import finalization

    subjects.register(subjects.SubjectKind(
        subject_type=Notice.Subject.CONTEST, field="contest", model_label="contests.Contest",
        owner=lambda contest: contest.created_by,
        finalize_due=finalization.finalize_due_contests,
    ))

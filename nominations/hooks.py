"""How the pipeline listens to the rest of the product (connected in `apps.ready`).

* `contest_transitioned` with `to_state="final"` (sent after the finalize commits): queue
  the automatic proposal of the contest's winners;
* `certificate_revoked` (after the revocation commits): queue the removal of that award's
  provenance;
* publicity's notice mechanism: rounds are a subject kind (owner, upheld objections, the
  beat job's part).
"""


def on_contest_transitioned(sender, *, contest_id, to_state, **kwargs):
    if to_state == "final":
        from .tasks import propose_from_contest

        propose_from_contest.delay_on_commit(contest_id)


def on_certificate_revoked(sender, *, certificate_id, contest_id, entry_id, **kwargs):
    from .tasks import remove_revoked_award

    remove_revoked_award.delay_on_commit(contest_id, entry_id, certificate_id)


def register() -> None:
    from contests.signals import contest_transitioned
    from publicity import subjects
    from publicity.models import Notice
    from publicity.signals import certificate_revoked

    from .services import notice

    contest_transitioned.connect(on_contest_transitioned,
                                 dispatch_uid="nominations.propose_on_final")
    certificate_revoked.connect(on_certificate_revoked,
                                dispatch_uid="nominations.remove_revoked_award")
    subjects.register(subjects.SubjectKind(
        subject_type=Notice.Subject.NOMINATION_ROUND, field="nomination_round",
        model_label="nominations.NominationRound",
        owner=lambda round_: round_.created_by,
        finalize_due=notice.finalize_due_rounds,
        on_upheld=notice.reject_upheld_nominee,
    ))

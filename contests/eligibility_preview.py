"""Before entering: which of these contests may this worker enter, and if not, why?

The same rules as at submission (`contests.eligibility.evaluate` over `rules_of`), for a
list of contests at once and in a fixed number of queries (2, whatever the number of
contests), so the worker's contest list can mark each one."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.models import WorkerProfile

from . import eligibility
from .models import Contest, Entry
from .selectors import with_visible_outcome
from .services.entries import registration_is_open, rules_of


def eligibility_preview(worker, contests: list[Contest]) -> dict[int, list[eligibility.Failure]]:
    """{contest id: failures}; an empty list means the worker may enter."""
    profile = WorkerProfile.objects.filter(user_id=worker.pk).first()
    if profile is None:
        missing = [eligibility.Failure("profile", _("The worker profile is missing."))]
        return {contest.pk: missing for contest in contests}
    others = {}
    if worker.enterprise_id is not None and contests:
        others = dict(
            Entry.objects.filter(
                contest__in=[contest.pk for contest in contests],
                worker__enterprise_id=worker.enterprise_id, status__in=Entry.Status.ACTIVE,
            ).exclude(worker_id=worker.pk)
            .values("contest").annotate(n=Count("id")).values_list("contest", "n")
        )
    applicant = eligibility.Applicant(
        industry=profile.industry, years_in_industry=profile.years_in_industry,
        union_member=profile.union_member, birth_date=profile.birth_date,
    )
    return {
        contest.pk: eligibility.evaluate(
            applicant, rules_of(contest),
            on=eligibility.reference_date(contest.registration_closes),
            others_from_enterprise=others.get(contest.pk, 0),
        )
        for contest in contests
    }



@dataclass(frozen=True)
class EntryOption:
    """What a worker may do about one contest right now."""

    registration_open: bool
    failures: list
    entry: Entry | None  # the worker's live entry, if any

    @property
    def can_enter(self) -> bool:
        return self.registration_open and not self.failures and self.entry is None


def entry_options(worker, contests: list[Contest]) -> dict[int, EntryOption]:
    """{contest id: EntryOption} in 3 queries, for the worker's contest list and page."""
    failures = eligibility_preview(worker, contests)
    # As the worker may know them: no outcome before publication (`visible_status`).
    live = {
        entry.contest_id: entry
        for entry in with_visible_outcome(Entry.objects.filter(
            worker_id=worker.pk, contest__in=[contest.pk for contest in contests],
            status__in=Entry.Status.ACTIVE), worker)
    }
    return {
        contest.pk: EntryOption(
            registration_open=registration_is_open(contest),
            failures=failures[contest.pk], entry=live.get(contest.pk),
        )
        for contest in contests
    }

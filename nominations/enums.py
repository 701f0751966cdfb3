"""The round and nomination state enums, each with its named groups (as in
`contests/enums.py`): every rule that asks "is it in one of these states?" reads a group
here, never a tuple of its own. The moves are tables in `nominations/transitions.py`."""

from django.db import models
from django.utils.translation import pgettext_lazy


class RoundState(models.TextChoices):
    OPEN = "open", pgettext_lazy("round state", "Open")
    IN_NOTICE = "in_notice", pgettext_lazy("round state", "In public notice")
    FINAL = "final", pgettext_lazy("round state", "Final")
    CANCELLED = "cancelled", pgettext_lazy("round state", "Cancelled")


R = RoundState
# The round's setup (quotas, rules, sources) may change.
R.EDITABLE = (R.OPEN,)
# Proposals (automatic and manual), reviews and decisions happen only while open.
R.ACCEPTS_NOMINATIONS = (R.OPEN,)
# Not yet final: a revoked award still changes its nominations.
R.LIVE = (R.OPEN, R.IN_NOTICE)
del R


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("nomination status", "Proposed")
    ELIGIBLE = "eligible", pgettext_lazy("nomination status", "Eligible")
    INELIGIBLE = "ineligible", pgettext_lazy("nomination status", "Ineligible")
    UNION_APPROVED = "union_approved", pgettext_lazy("nomination status", "Union approved")
    COMMITTEE_APPROVED = "committee_approved", pgettext_lazy(
        "nomination status", "Committee approved")
    IN_NOTICE = "in_notice", pgettext_lazy("nomination status", "In public notice")
    RESERVE = "reserve", pgettext_lazy("nomination status", "Reserve")
    RECOMMENDED = "recommended", pgettext_lazy("nomination status", "Recommended")
    REJECTED = "rejected", pgettext_lazy("nomination status", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination status", "Withdrawn")


N = NominationStatus
# Still in the pipeline: may be withdrawn or answered by the nominee.
N.LIVE = (N.PROPOSED, N.ELIGIBLE, N.INELIGIBLE, N.UNION_APPROVED, N.COMMITTEE_APPROVED,
          N.IN_NOTICE, N.RESERVE)
# Approved by the committee: counts against the round's exclusive post groups.
N.APPROVED = (N.COMMITTEE_APPROVED, N.IN_NOTICE, N.RESERVE, N.RECOMMENDED)
# Eligibility is (re-)checked in these, before the committee review.
N.CHECKED = (N.PROPOSED, N.ELIGIBLE, N.INELIGIBLE, N.UNION_APPROVED)
del N

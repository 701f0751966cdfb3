"""Nominations' errors that carry more than a message (the API maps every DomainError)."""

from django.utils.translation import gettext_lazy as _

from core.errors import NotAllowed


class DuplicateNomination(NotAllowed):
    """409 naming the existing nomination of the worker for the post."""

    default_message = _("This worker is already nominated for this post in this round.")

    def __init__(self, existing):
        self.existing = existing
        super().__init__(state=existing.status)

    def as_data(self):
        return {**super().as_data(), "nomination": self.existing.pk}


class ExclusivePostTaken(NotAllowed):
    """409 at committee approval: the worker is already approved for a post of the same
    exclusive group."""

    def __init__(self, message, *, state, other):
        self.other = other
        super().__init__(message, state=state)

    def as_data(self):
        return {**super().as_data(), "post": self.other.post, "nomination": self.other.pk}


class NoLongerEligible(NotAllowed):
    """409 at a review: the re-check found a failing rule (the nomination is now
    `ineligible`); lists the check."""

    default_message = _("The nominee no longer meets the eligibility rules of this post.")

    def __init__(self, eligibility):
        self.eligibility = eligibility
        super().__init__(state="ineligible")

    def as_data(self):
        from .eligibility import reason

        return {**super().as_data(), "eligibility": [
            {"rule": r["rule"], "ok": r["ok"], "reason": reason(r)} for r in self.eligibility]}

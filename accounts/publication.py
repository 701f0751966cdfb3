"""What of a worker may be published (PIPL): the one rule for notices, results and exports.

A worker who has not consented to publication appears with no name and no enterprise; one
who has appears with the masked name (张*明) and the enterprise's name. Organizers see
full names through their own paths, never through this function."""

from dataclasses import dataclass

from core.masking import mask_name


@dataclass(frozen=True)
class PublicIdentity:
    name: str  # masked, or "" when withheld
    enterprise: str
    withheld: bool


def consents_to_publication(worker) -> bool:
    profile = getattr(worker, "worker_profile", None)
    return bool(profile is not None and profile.consent_publication)


def public_identity(worker) -> PublicIdentity:
    """Load `worker` with `worker_profile` and `enterprise` (select_related) to keep the
    caller's query count fixed."""
    if not consents_to_publication(worker):
        return PublicIdentity(name="", enterprise="", withheld=True)
    enterprise = worker.enterprise.name if worker.enterprise_id else ""
    return PublicIdentity(name=mask_name(worker.real_name), enterprise=enterprise,
                          withheld=False)

"""Who may do what with notices, objections and certificates: named predicates shared by
the API, the pages and the services. A caller who may not see an object gets 404."""

from core.permissions import is_organizer

from .models import Certificate


def can_see_certificate(user, certificate: Certificate) -> bool:
    """The holder or an organizer (anyone may verify a number; that is not seeing it)."""
    return bool(
        user and user.is_authenticated
        and (is_organizer(user) or certificate.holder_id == user.pk)
    )


def can_download_certificate(user, certificate: Certificate) -> bool:
    """A valid certificate: its holder or an organizer. A revoked one (an award removed
    after an upheld objection): organizers only, the holder is told it was revoked."""
    if not can_see_certificate(user, certificate):
        return False
    return certificate.status == Certificate.Status.VALID or is_organizer(user)


def can_see_objections(user) -> bool:
    """Objectors' names and contacts: organizers only."""
    return is_organizer(user)

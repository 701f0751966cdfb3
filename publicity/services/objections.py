"""Objections (异议) to a notice: anyone files one under a real name while the notice is
open; an organizer upholds or dismisses it with a written resolution."""

import ipaddress
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.services import record
from core.errors import InvalidInput, NotAllowed, NotFound
from core.text import normalise_newlines, strip_invisible, validate_line, validate_text

from .. import subjects
from ..models import (
    OBJECTION_CONTACT_MAX,
    OBJECTION_NAME_LENGTH,
    OBJECTION_TEXT_LENGTH,
    RESOLUTION_MAX,
    Notice,
    Objection,
)

# A mainland mobile number, or a landline with its area code (0523-86881234).
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
USER_AGENT_MAX = 300


def _length_problem(value: str, low: int, high: int) -> str | None:
    if not value:
        return _("This field is required.")
    if len(value) < low:
        return ngettext("At least %(count)d character.", "At least %(count)d characters.",
                        low) % {"count": low}
    if len(value) > high:
        return ngettext("At most %(count)d character.", "At most %(count)d characters.",
                        high) % {"count": high}
    return None


def _contact_problem(contact: str) -> str | None:
    if not contact:
        return _("This field is required.")
    if len(contact) > OBJECTION_CONTACT_MAX:
        return _("At most %(count)d characters.") % {"count": OBJECTION_CONTACT_MAX}
    if PHONE_RE.match(contact.replace(" ", "")):
        return None
    try:
        validate_email(contact)
    except ValidationError:
        return _("Give a phone number or an e-mail address.")
    return None


def _clean(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def validate_objection(*, name, contact, text) -> dict:
    """The cleaned fields, or InvalidInput naming every wrong field at once."""
    cleaned = {"name": strip_invisible(_clean(name)), "contact": _clean(contact),
               "text": normalise_newlines(_clean(text))}
    problems = {
        "name": _length_problem(cleaned["name"], *OBJECTION_NAME_LENGTH),
        "contact": _contact_problem(cleaned["contact"]),
        "text": _length_problem(cleaned["text"], *OBJECTION_TEXT_LENGTH),
    }
    # Control and text-direction characters (`core.text`), for the API and the page alike.
    checks = {"name": validate_line, "contact": validate_line, "text": validate_text}
    for field, check in checks.items():
        try:
            check(cleaned[field])
        except ValidationError as exc:
            problems[field] = problems[field] or exc.messages[0]
    errors = {field: [message] for field, message in problems.items() if message}
    if errors:
        raise InvalidInput(errors=errors)
    if PHONE_RE.match(cleaned["contact"].replace(" ", "")):
        cleaned["contact"] = cleaned["contact"].replace(" ", "")
    return cleaned


def _ip(value) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def check_line(notice: Notice, line) -> int | None:
    """`line` names one of the notice's lines by its id (only lines that carry one, such
    as a nomination round's nominees, can be named); None names none."""
    if line is None:
        return None
    ids = {entry.get("id") for entry in notice.lines if isinstance(entry, dict)}
    if line not in ids:
        raise InvalidInput(_("This notice has no such line."), field="line")
    return line


def file_objection(*, notice_id, name, contact, text, ip_address=None, user_agent="",
                   user=None, line=None) -> Objection:
    """File an objection to an open notice (409 once it has closed). Stored with the time,
    the client's address and user agent; the name and contact are seen by organizers only.
    """
    cleaned = validate_objection(name=name, contact=contact, text=text)
    with transaction.atomic():
        # The notice row is the lock that orders objections against finalization: once
        # finalization has read "nothing pending", no objection can slip in after it.
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None:
            raise NotFound()
        if not notice.accepts_objections():
            raise NotAllowed(_("This notice is closed: objections are no longer accepted."),
                             state="closed" if notice.status == Notice.Status.OPEN
                             else notice.status)
        filed_by = user if user is not None and user.is_authenticated else None
        objection = Objection.objects.create(
            notice=notice, line=check_line(notice, line), created_at=timezone.now(),
            ip_address=_ip(ip_address),
            user_agent=(user_agent or "")[:USER_AGENT_MAX], filed_by=filed_by, **cleaned,
        )
        # No personal data in the append-only log: the objector is in the objection row.
        record(actor=filed_by, action="objection.filed", target=objection,
               data={"notice": notice.pk, "ip": objection.ip_address})
        _tell_organizer(notice, objection)
    return objection


def _tell_organizer(notice: Notice, objection: Objection) -> None:
    from notifications.services import notify

    organizer = subjects.kind_of_type(notice.subject_type).owner(subjects.subject_of(notice))
    if organizer is None or not organizer.is_active:
        return
    title = notice.title
    notify(organizer, "objection_filed",
           lambda: _("New objection to %(title)s") % {"title": title},
           gettext_lazy("Resolve it before the notice can end."),
           f"/notices/{notice.pk}/objections/", dedupe_key=f"objection:{objection.pk}")


def resolve_objection(*, objection_id, decision: str, resolution: str, actor,
                      line=None) -> Objection:
    """Uphold or dismiss a pending objection with a written resolution. `line` (optional)
    names the notice line the objection concerns; upholding an objection that names one
    lets the subject act on it (a nomination round rejects that nominee)."""
    resolution = _clean(resolution)
    errors = {}
    if decision not in (Objection.Status.UPHELD, Objection.Status.DISMISSED):
        errors["decision"] = [_("Choose “upheld” or “dismissed”.")]
    if not resolution:
        errors["resolution"] = [_("Write the resolution.")]
    elif len(resolution) > RESOLUTION_MAX:
        errors["resolution"] = [_("At most %(count)d characters.") % {"count": RESOLUTION_MAX}]
    if errors:
        raise InvalidInput(errors=errors)
    with transaction.atomic():
        objection = (Objection.objects.select_for_update().select_related("notice")
                     .filter(pk=objection_id).first())
        if objection is None:
            raise NotFound()
        if objection.status != Objection.Status.PENDING:
            raise NotAllowed(_("This objection has already been resolved."),
                             state=objection.status)
        if line is not None:
            objection.line = check_line(objection.notice, line)
        objection.status = decision
        objection.resolution = resolution
        objection.resolved_by = actor
        objection.resolved_at = timezone.now()
        objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at",
                                      "line"])
        record(actor=actor, action=f"objection.{decision}", target=objection,
               data={"notice": objection.notice_id,
                     **({"line": objection.line} if objection.line is not None else {})},
               reason=resolution)
        kind = subjects.kind_of_type(objection.notice.subject_type)
        if decision == Objection.Status.UPHELD and kind.on_upheld is not None:
            kind.on_upheld(objection, actor)
    return objection

"""Every write that matters in accounts. Plain functions with keyword arguments, one
transaction each, raising `core.errors` domain errors; each change writes an audit event.

Personal identifiers never go into audit data: events carry ids, roles and counts only.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import record, record_pii_access
from core.errors import InvalidInput, PermissionDenied
from core.permissions import is_organizer

from .cleaning import as_text, clean_industry, clean_phone, clean_real_name, clean_worker_fields
from .errors import RosterInvalid
from .models import Enterprise, ImportJob, PoliticalStatus, Role, TradeUnion, User, WorkerProfile
from .roster import check_roster, read_roster
from .staff import make_organizer_staff
from .validators import normalise_credit_code
from .worker_records import (
    NewWorker,
    bulk_save_workers,
    save_worker,
    taken_id_hashes,
    taken_usernames,
    taken_worker_phones,
)

_REGISTERED_MEANWHILE = gettext_lazy(
    "Some of these workers registered while the import ran; nothing was imported. "
    "Upload the file again to see which rows.")
# Above this many rows a roster is imported by a Celery task that reports its progress.
ASYNC_IMPORT_ROWS = 500
ENTERPRISE_NAME_MAX_LENGTH = 200


def _require_organizer(actor) -> None:
    if not is_organizer(actor):
        raise PermissionDenied()


def _add(errors: dict, field: str, message) -> None:
    errors.setdefault(field, []).append(str(message))


def _check_username(username: str, errors: dict) -> None:
    if not username:
        _add(errors, "username", _("Choose a username."))
        return
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as exc:
        for message in exc.messages:
            _add(errors, "username", message)
        return
    if taken_usernames([username]):
        _add(errors, "username", _("This username is taken."))


def _check_password(password: str | None, candidate: User, errors: dict) -> None:
    try:
        validate_password(password or "", user=candidate)
    except ValidationError as exc:
        for message in exc.messages:
            _add(errors, "password", message)


def _check_worker_not_registered(worker: NewWorker, errors: dict) -> None:
    if taken_id_hashes([worker.id_number_hash]):
        _add(errors, "id_number", _("This ID number is already registered."))
    if taken_worker_phones([worker.fields.phone]):
        _add(errors, "phone", _("This phone number is already registered."))


def _clean_new_worker(*, username, raw_fields: dict, enterprise, union, consent_publication,
                      errors: dict) -> NewWorker | None:
    if consent_publication is None:
        _add(errors, "consent_publication", _("Say whether your name may be published."))
    fields, field_errors = clean_worker_fields(raw_fields)
    for field, messages in field_errors.items():
        for message in messages:
            _add(errors, field, message)
    if fields is None:
        return None
    worker = NewWorker(username=username, fields=fields, enterprise=enterprise, union=union,
                       consent_publication=bool(consent_publication))
    _check_worker_not_registered(worker, errors)
    return worker


def _save_or_report_duplicate(save, recheck):
    """Two requests racing for the same username, ID number or credit code: the database's
    unique constraints decide, and the loser gets the same 400 as a sequential duplicate
    (`recheck` finds which field, now that the winner's row is visible)."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        errors: dict[str, list[str]] = {}
        recheck(errors)
        raise InvalidInput(
            _("This was registered a moment ago."), errors=errors or None
        ) from None


def _recheck_account(username: str, worker: NewWorker | None):
    def recheck(errors: dict) -> None:
        _check_username(username, errors)
        if worker is not None:
            _check_worker_not_registered(worker, errors)

    return recheck


@transaction.atomic
def register_worker(
    *, username: str, password: str, real_name: str, phone: str, id_number: str,
    industry: str, union_member: bool, political_status: str,
    years_in_industry: Decimal, consent_publication: bool | None,
    enterprise: Enterprise | None = None, ethnicity: str = "", education: str = "",
) -> User:
    """A worker signs up. Consent to publication is asked separately (PIPL) and may be
    refused; when given, its time is recorded."""
    errors: dict[str, list[str]] = {}
    username = as_text(username)
    _check_username(username, errors)
    worker = _clean_new_worker(
        username=username, enterprise=enterprise, union=None,
        consent_publication=consent_publication, errors=errors,
        raw_fields={
            "real_name": real_name, "phone": phone, "id_number": id_number,
            "industry": industry, "union_member": union_member,
            "political_status": political_status, "years_in_industry": years_in_industry,
            "ethnicity": ethnicity, "education": education,
        },
    )
    _check_password(password, User(username=username, real_name=as_text(real_name)), errors)
    if errors:
        raise InvalidInput(errors=errors)
    user = _save_or_report_duplicate(
        partial(save_worker, worker, password=password, now=timezone.now()),
        _recheck_account(username, worker),
    )
    record(actor=user, action="accounts.worker_registered", target=user, data={
        "enterprise": enterprise.pk if enterprise else None,
        "consent_publication": worker.consent_publication,
    })
    return user


def _clean_staff_fields(*, real_name, phone, id_number, errors: dict) -> tuple[str, str]:
    try:
        real_name = clean_real_name(real_name)
    except ValidationError as exc:
        _add(errors, "real_name", exc.messages[0])
    try:
        phone = clean_phone(phone) if as_text(phone) else ""
    except ValidationError as exc:
        _add(errors, "phone", exc.messages[0])
    if id_number:
        _add(errors, "id_number", _("Only workers have an ID number on file."))
    return real_name, phone


def _save_staff_user(*, username, password, role, real_name, phone, email, enterprise, union):
    user = User(username=username, role=role, real_name=real_name, phone=phone,
                email=email or "", enterprise=enterprise, union=union)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()  # until the person sets one (password reset)
    user.save()
    if role == Role.ORGANIZER:
        make_organizer_staff(user)
    return user


@transaction.atomic
def create_user(
    *, actor: User, username: str, role: str, real_name: str, password: str | None = None,
    phone: str = "", email: str = "", enterprise: Enterprise | None = None,
    union: TradeUnion | None = None, id_number: str | None = None, industry: str | None = None,
    union_member: bool = False, political_status: str = PoliticalStatus.MASSES,
    years_in_industry: Decimal = Decimal("0"), consent_publication: bool = False,
    ethnicity: str = "", education: str = "",
) -> User:
    """An organizer creates a judge, an organizer or a worker. Organizers become staff with
    the organizers' admin permissions. Without a password the account's password is
    unusable until the person sets one."""
    _require_organizer(actor)
    errors: dict[str, list[str]] = {}
    username = as_text(username)
    _check_username(username, errors)
    if role not in Role.values:
        _add(errors, "role", _("Choose worker, judge or organizer."))
    if password:
        _check_password(password, User(username=username, real_name=as_text(real_name)), errors)
    if role == Role.WORKER:
        worker = _clean_new_worker(
            username=username, enterprise=enterprise, union=union,
            consent_publication=consent_publication, errors=errors,
            raw_fields={
                "real_name": real_name, "phone": phone, "id_number": id_number,
                "industry": industry, "union_member": union_member,
                "political_status": political_status, "years_in_industry": years_in_industry,
                "ethnicity": ethnicity, "education": education,
            },
        )
        save = partial(save_worker, worker, password=password or None, now=timezone.now())
    else:
        worker = None
        real_name, phone = _clean_staff_fields(
            real_name=real_name, phone=phone, id_number=id_number, errors=errors
        )
        save = partial(_save_staff_user, username=username, password=password, role=role,
                       real_name=real_name, phone=phone, email=email, enterprise=enterprise,
                       union=union)
    if errors:
        raise InvalidInput(errors=errors)
    user = _save_or_report_duplicate(save, _recheck_account(username, worker))
    record(actor=actor, action="accounts.user_created", target=user, data={
        "role": role, "enterprise": enterprise.pk if enterprise else None,
    })
    return user


def _check_credit_code_free(credit_code: str, errors: dict) -> None:
    if Enterprise.objects.filter(credit_code=credit_code).exists():
        _add(errors, "credit_code", _("An enterprise with this credit code exists."))


@transaction.atomic
def create_enterprise(
    *, actor: User, name: str, credit_code: str, industry: str, is_key: bool = False,
    union: TradeUnion | None = None,
) -> Enterprise:
    _require_organizer(actor)
    errors: dict[str, list[str]] = {}
    name = as_text(name)
    if not name:
        _add(errors, "name", _("Enter the enterprise's registered name."))
    elif len(name) > ENTERPRISE_NAME_MAX_LENGTH:
        _add(errors, "name", _("At most %(limit)d characters.")
             % {"limit": ENTERPRISE_NAME_MAX_LENGTH})
    try:
        credit_code = normalise_credit_code(credit_code)
    except ValidationError as exc:
        _add(errors, "credit_code", exc.messages[0])
    else:
        _check_credit_code_free(credit_code, errors)
    try:
        industry = clean_industry(industry)
    except ValidationError as exc:
        _add(errors, "industry", exc.messages[0])
    if errors:
        raise InvalidInput(errors=errors)
    enterprise = _save_or_report_duplicate(
        partial(Enterprise.objects.create, name=name, credit_code=credit_code,
                industry=industry, is_key=bool(is_key), union=union),
        partial(_check_credit_code_free, credit_code),
    )
    record(actor=actor, action="accounts.enterprise_created", target=enterprise, data={
        "name": name, "credit_code": credit_code, "industry": industry, "is_key": bool(is_key),
    })
    return enterprise


@transaction.atomic
def reveal_id_number(*, actor: User, profile: WorkerProfile, reason: str) -> str:
    """The full ID number, for an organizer who says why; the access is audited (PIPL).
    Everywhere else only the masked number is shown."""
    _require_organizer(actor)
    reason = as_text(reason)
    if not reason:
        raise InvalidInput(_("Say why you need the full ID number."), field="reason")
    record_pii_access(actor=actor, subject=profile.user, field="id_number", reason=reason)
    return profile.decrypted_id_number()


# --- Roster import ----------------------------------------------------------------------


@dataclass(frozen=True)
class RosterImport:
    """Either the count of workers created now, or the job that will create them."""

    created: int = 0
    job: ImportJob | None = None


def import_roster(*, actor: User, file) -> RosterImport:
    """Import a roster, all rows or none. Small files are imported now (RosterInvalid lists
    every bad row); larger ones become an ImportJob run by a Celery task. Imported workers
    get their phone as username and an unusable password: they set one later."""
    _require_organizer(actor)
    rows = read_roster(file, stop_after=ASYNC_IMPORT_ROWS)
    if len(rows) > ASYNC_IMPORT_ROWS:
        return RosterImport(job=_queue_import(actor=actor, file=file))
    try:
        with transaction.atomic():
            check = check_roster(rows)
            if check.errors:
                raise RosterInvalid(check.errors)
            users = _save_imported(actor=actor, workers=check.workers)
    except IntegrityError:  # a worker of the file registered while it was checked
        raise InvalidInput(_REGISTERED_MEANWHILE, field="file") from None
    return RosterImport(created=len(users))


def _save_imported(*, actor, workers: list[NewWorker], job: ImportJob | None = None) -> list:
    users = bulk_save_workers(workers, now=timezone.now())
    record(actor=actor, action="accounts.roster_imported", target=job, data={
        "created": len(users), "user_ids": [user.pk for user in users],
    })
    return users


@transaction.atomic
def _queue_import(*, actor, file) -> ImportJob:
    """Store the file and queue the task. The file is read once, by the task, so `total`
    stays 0 until the task has counted the rows."""
    from .tasks import run_import_job  # the task module imports this one

    file.seek(0)
    job = ImportJob(created_by=actor)
    job.file.save("roster.xlsx", file, save=False)
    job.save()
    record(actor=actor, action="accounts.roster_import_queued", target=job)
    run_import_job.delay_on_commit(job.pk)
    return job


def run_import_job(*, job_id: int) -> None:
    """Run a queued import. Not one transaction on purpose: progress is committed as rows
    are checked so that others can watch it; the write itself is one transaction that also
    marks the job finished. So the task is idempotent: a finished job is left alone, and a
    job whose worker died before that commit is simply run again."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return
    _update_job(job_id, status=ImportJob.Status.RUNNING, processed=0)
    try:
        with job.file.open("rb") as file:
            rows = read_roster(file)
    except InvalidInput as exc:
        _finish_job(job_id, errors=[_file_problem(exc.message)])
        return
    except OSError:
        _finish_job(job_id, errors=[_file_problem(_("The uploaded file is no longer there."))])
        return
    _update_job(job_id, total=len(rows))
    check = check_roster(rows, on_progress=lambda done: _update_job(job_id, processed=done))
    if check.errors:
        _finish_job(job_id, errors=check.errors)
        return
    try:
        _finish_job(job_id, workers=check.workers)
    except IntegrityError:
        _finish_job(job_id, errors=[_file_problem(_REGISTERED_MEANWHILE)])


def _file_problem(message) -> dict:
    return {"row": None, "field": "file", "column": "", "message": str(message)}


def _update_job(job_id: int, **changes) -> None:
    ImportJob.objects.filter(pk=job_id).update(**changes)


@transaction.atomic
def _finish_job(job_id: int, *, workers: list[NewWorker] | None = None,
                errors: list[dict] | None = None) -> None:
    job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.is_finished:
        return
    if errors:
        job.status, job.errors = ImportJob.Status.FAILED, errors
        record(actor=job.created_by, action="accounts.roster_import_failed", target=job,
               data={"errors": len(errors)})
    else:
        users = _save_imported(actor=job.created_by, workers=workers, job=job)
        job.status, job.created = ImportJob.Status.SUCCEEDED, len(users)
        job.processed = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "created", "processed", "finished_at"])
    transaction.on_commit(partial(_discard_roster_file, job_id))


def _discard_roster_file(job_id: int) -> None:
    """The uploaded roster holds ID numbers in clear; once read, the encrypted copies in the
    database are all we keep (PIPL data minimisation)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or not job.file:
        return
    job.file.delete(save=False)
    _update_job(job_id, file="")


def set_preferred_language(*, user: User, language: str) -> User:
    """The language the user's notifications are written in (and the pages' switch sets)."""
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(errors={"preferred_language": [
            _("Choose one of: %(codes)s.") % {
                "codes": ", ".join(code for code, _name in settings.LANGUAGES)}]})
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user

"""Schemathesis over every API operation outside judging (tests/judging/test_schema_fuzz.py
covers judging). Each generated request is sent three times: anonymously, as a worker and
as an organizer. Realistic rows exist (a contest open for entries with the worker's draft
entry and its evidence, a draft contest, a published contest whose notice has an
objection, a final contest with the worker's certificate, an import job, notifications),
and most generated ids are mapped onto them so that the views get past their lookups.

Every answer: no 5xx, a documented status, a body and Content-Type as documented."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.throttling import ScopedRateThrottle
from schemathesis import GenerationMode
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from accounts.models import ImportJob
from contests.models import Contest, Entry
from notifications.models import Notification
from tests.factories.accounts import EnterpriseFactory, OrganizerFactory, WorkerFactory
from tests.factories.contests import (
    PDF_BYTES,
    AttachmentFactory,
    ContestFactory,
    EntryFactory,
    contest_with_structure,
)
from tests.factories.publicity import CertificateFactory, ObjectionFactory, published_contest
from tests.schema_fuzz import FUZZ_SETTINGS, call_and_check, load_schema

pytestmark = pytest.mark.api

# Schema-valid requests, and schema-violating ones (a string for an id, a number too large
# for any column, a missing field...): those must be refused with a documented status too.
schema = load_schema(GenerationMode.POSITIVE, GenerationMode.NEGATIVE).exclude(tag="judging")

# Every check schemathesis has, except two that would fail on legitimate answers:
# - `positive_data_acceptance`: a schema-valid request may rightly be refused with a 400
#   naming the field, for a rule a JSON schema does not express (an id naming no row, a
#   closing date before the opening one, a weak password, wrong credentials, a rejection
#   without its reason, an eligibility rule);
# - `negative_data_rejection`: DRF is lenient where the schema is strict, and rightly so:
#   `{"reason": 0}` is read as "0", `?page_size=null` falls back to the default size.
# A schema-violating request must still never cause a 5xx or an undocumented status.
EXCLUDED_CHECKS = [positive_data_acceptance, negative_data_rejection]

# A contest body is large: schemathesis' coverage phase sends hundreds of variants of it.
# Anyone but an organizer is turned away (401/403) before the body is read, so for them
# those variants would only repeat the refusal; they get the random examples only.
CONTEST_BODIES = {("POST", "/api/contests/"), ("PATCH", "/api/contests/{id}/")}


class FuzzData:
    """The rows the fuzzed requests can find, and each caller's headers."""

    def __init__(self):
        self.organizer = OrganizerFactory()
        self.enterprise = EnterpriseFactory()
        self.worker = WorkerFactory(enterprise=self.enterprise)
        other_worker = WorkerFactory()

        open_contest = contest_with_structure(registration_open=True, created_by=self.organizer)
        draft_contest = contest_with_structure(created_by=self.organizer)
        track = open_contest.tracks.get()
        own_entry = EntryFactory(contest=open_contest, track=track, worker=self.worker,
                                 status=Entry.Status.DRAFT)
        other_entry = EntryFactory(contest=open_contest, track=track, worker=other_worker,
                                   status=Entry.Status.SUBMITTED)
        attachment = AttachmentFactory(
            entry=own_entry, file__data=PDF_BYTES, size=len(PDF_BYTES),
        )

        # Judged, computed and published: a notice with its winners, results to export.
        published, notice = published_contest(winners=2, losers=1, judges=2)
        objection = ObjectionFactory(notice=notice)
        final_contest = ContestFactory(state=Contest.State.FINAL, created_by=self.organizer)
        certificate = CertificateFactory(
            contest=final_contest,
            entry=EntryFactory(contest=final_contest, worker=self.worker),
        )
        job = ImportJob.objects.create(created_by=self.organizer,
                                       status=ImportJob.Status.SUCCEEDED, total=1,
                                       processed=1, created=1)
        notifications = [
            Notification.objects.create(user=user, kind="entry_qualified", title="资格审核通过")
            for user in (self.worker, self.organizer)
        ]

        # Path ids by the path's first segment; request-body ids by field name.
        self.path_ids = {
            "users": [self.worker.pk, other_worker.pk, self.organizer.pk],
            "imports": [job.pk],
            "contests": [open_contest.pk, draft_contest.pk, published.contest.pk,
                         final_contest.pk],
            "entries": [own_entry.pk, other_entry.pk],
            "attachments": [attachment.pk],
            "notices": [notice.pk],
            "objections": [objection.pk],
            "certificates": [certificate.number],
            "notifications": [n.pk for n in notifications],
        }
        self.body_ids = {
            "track": [track.pk],
            "worker": [self.worker.pk, other_worker.pk],
            "enterprise": [self.enterprise.pk],
        }

        self.callers = {"anonymous": {}}
        for caller, user in (("worker", self.worker), ("organizer", self.organizer)):
            token = Token.objects.create(user=user)
            self.callers[caller] = {"Authorization": f"Token {token.key}"}

    def point_at_rows(self, case) -> None:
        """Map two generated ids out of three onto existing rows (deterministically, from
        the generated value); the rest stay as generated: unknown, or far too large."""
        segment = case.operation.path.removeprefix("/api/").split("/")[0]
        for name, value in (case.path_parameters or {}).items():
            known = self.path_ids.get(segment)
            if known:
                case.path_parameters[name] = _pick(value, known)
        if isinstance(case.body, dict):
            for name, known in self.body_ids.items():
                if isinstance(case.body.get(name), int):
                    case.body[name] = _pick(case.body[name], known)


def _pick(value, known):
    seed = value if isinstance(value, int) else len(str(value))
    if seed % 3 == 2 and not (isinstance(value, int) and value < 0):
        return value
    return known[seed % len(known)]


@pytest.fixture
def fuzz_data(wsgi_db, monkeypatch):
    # Fuzzing sends far more requests than a person would: the throttles (objections
    # 5/hour, sign-ups, verification) would answer their documented 429 long before the
    # examples run out. Rates high enough that the operations themselves are exercised.
    # (DRF reads the rates into the class when it is imported, not from settings later.)
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {
        "objections": "10000/hour", "register": "10000/hour", "verify": "10000/minute",
    })
    return FuzzData()


@schema.parametrize()
@FUZZ_SETTINGS
def test_operations_answer_as_documented(case, fuzz_data):
    # Each caller in turn, within one test per operation: a second run of an operation's
    # test in the same process does not get the first run's examples, so one test per
    # caller would make the examples depend on how xdist spreads the tests.
    fuzz_data.point_at_rows(case)
    contest_body_variant = (
        case.meta.phase.name == TestPhase.COVERAGE
        and (case.operation.method.upper(), case.operation.path) in CONTEST_BODIES
    )
    for caller, headers in fuzz_data.callers.items():
        if contest_body_variant and caller != "organizer":
            continue
        try:
            call_and_check(case, headers=headers, excluded_checks=EXCLUDED_CHECKS)
        except BaseException as failure:
            failure.add_note(f"Sent as: {caller}")
            raise

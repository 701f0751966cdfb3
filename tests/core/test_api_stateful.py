"""Schemathesis' stateful run: requests chained along the schema's OpenAPI links
(`core.schema.LINKS`), from one answer to the next request, over the main path: a contest
created, read, changed and moved through its states; a worker entering it; an organizer
reviewing the entry, setting the panel and assigning; a judge scoring; results, notices,
objections, certificates, nomination rounds. Each step is sent as the role that would
send it (organizer, worker, judge, or anonymous for a public objection).

Every answer: no 5xx, a documented status, a body and Content-Type as documented. And the
run must really follow links: a run that never goes past its first step proves nothing,
so it fails when too few linked requests reached a real row (a 2xx answer)."""

import os
import types
from collections import Counter
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings, strategies
from rest_framework.authtoken.models import Token
from rest_framework.throttling import ScopedRateThrottle
from schemathesis import GenerationMode
from schemathesis.generation.stateful.state_machine import normalize_name
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from core.schema import LINKS
from judging.models import Assignment
from tests.factories.accounts import JudgeFactory, OrganizerFactory, WorkerFactory
from tests.factories.contests import contest_with_structure
from tests.factories.nominations import RoundFactory
from tests.factories.publicity import final_contest, published_contest
from tests.judging.conftest import build_scenario
from tests.schema_fuzz import load_schema

pytestmark = pytest.mark.api

# Schema-valid requests: a link carries a real id into a request whose other fields are
# generated; the single-operation fuzzing (tests/test_schema_fuzz.py) sends invalid ones.
schema = load_schema(GenerationMode.POSITIVE)
# Only the schema's own links: schemathesis would otherwise add links it infers.
schema.config.phases.stateful.inference.algorithms = []

# As in tests/test_schema_fuzz.py: a schema-valid request may rightly be refused (a rule a
# JSON schema does not express), and DRF is lenient where the schema is strict.
EXCLUDED_CHECKS = [positive_data_acceptance, negative_data_rejection]

# Bounded and deterministic: the same scenarios on every run (`derandomize`); about a
# minute on two idle cores, a few under heavy load.
STATEFUL_SETTINGS = settings(
    max_examples=25, stateful_step_count=12, derandomize=True, database=None,
    deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck),
)
# What a run must reach at least: linked requests answered 2xx, in distinct links.
MIN_FOLLOWED = 30
MIN_DISTINCT_LINKS = 8
MAIN_PATH_AREAS = {"contests", "assignments", "notices", "certificates", "nomination-rounds"}

JUDGE = {"GET /api/assignments/", "GET /api/assignments/{id}/",
         "GET /api/assignments/{id}/scorecard/", "PUT /api/assignments/{id}/scorecard/",
         "POST /api/judges/conflicts/"}
WORKER = {"POST /api/contests/{id}/entries/", "PATCH /api/entries/{id}/",
          "POST /api/entries/{id}/submit/", "POST /api/entries/{id}/withdraw/",
          "POST /api/entries/{id}/attachments/", "GET /api/me/nominations/",
          "POST /api/nominations/{id}/respond/"}
ANONYMOUS = {"POST /api/notices/{id}/objections/", "GET /api/certificates/{number}/verify/"}


ROUND_BODY = {"title": "2027年两代表一委员推荐", "term": "2027年换届",
              "reference_date": "2027-01-01", "quotas": {"peoples_congress": 3}}
# Where the main path's scenarios start: a contest or a round created, or a list read by
# its organizer, judge or the public. (Every other operation is fuzzed on its own in
# tests/test_schema_fuzz.py; a scenario starting from it would spend the budget away
# from the path.)
ROOTS = {"POST /api/contests/", "GET /api/contests/", "GET /api/assignments/",
         "GET /api/notices/", "GET /api/certificates/", "POST /api/nomination-rounds/"}


def _contest_body():
    """A contest that every step of the main path can work with (the generated one is
    mostly refused for a rule the schema does not express, e.g. the dates' order)."""
    from django.utils import timezone

    now = timezone.now()
    return {
        "title": "2026年度先锋骑手评选", "kind": "award", "year": 2026,
        "industries": ["food_delivery"], "blind": False,
        "registration_opens": now.isoformat(),
        "registration_closes": (now + timedelta(days=20)).isoformat(),
        "judging_closes": (now + timedelta(days=40)).isoformat(),
        "notice_days": 5,
        "tracks": [{"name": "综合"}],
        "stages": [{"name": "终评", "aggregation": "mean", "trim": 0, "normalize": "none",
                    "panel_size": 2, "advance_top": None,
                    "criteria": [{"name": "事迹", "max_score": 40, "weight": 1,
                                  "kind": "judged"}],
                    "tie_breaks": []}],
        "tiers": [{"name": "先锋骑手", "quota": 10}],
    }


class MainPathData:
    """The rows and callers of the run: an organizer; a worker who may enter the
    contests created in the run; judges, one with a stage to score; a published contest
    with its notice; a final contest with certificates; a nomination round."""

    def __init__(self):
        self.organizer = OrganizerFactory()
        self.worker = WorkerFactory(profile__industry="food_delivery")
        judging = build_scenario(entries=2, judges=2, panel_size=2)
        self.judges = [*judging.judges, JudgeFactory()]
        contest_with_structure(registration_open=True, industries=["food_delivery"],
                               created_by=self.organizer)
        published_contest(winners=2, losers=1, judges=2)
        final_contest(winners=1)
        RoundFactory()
        self.headers = {"anonymous": {}}
        for role, user in (("organizer", self.organizer), ("worker", self.worker),
                           ("judge", self.judges[0])):
            self.headers[role] = {"Authorization": f"Token {Token.objects.create(user=user).key}"}

    def role_for(self, case) -> str:
        label = f"{case.operation.method.upper()} {case.operation.path}"
        if label in JUDGE:
            return "judge"
        if label in WORKER:
            return "worker"
        if label in ANONYMOUS:
            return "anonymous"
        return "organizer"

    def prepare(self, case) -> None:
        """Ids in bodies that name people point at this run's people; half of the
        contests created (three in four) and of the scorecards sent are made valid (chosen from the
        generated data, so deterministically), so that the path goes on past them."""
        label = f"{case.operation.method.upper()} {case.operation.path}"
        body = case.body if isinstance(case.body, dict) else None
        if body is None:
            return
        valid = len(str(body.get("title", ""))) % 4 != 3
        if label == "POST /api/contests/" and valid:
            case.body = _contest_body()
            return
        if label == "POST /api/nomination-rounds/" and valid:
            case.body = dict(ROUND_BODY)
            return
        if "judges" in body:
            body["judges"] = [judge.pk for judge in self.judges[:2]]
        if isinstance(body.get("worker"), int):
            body["worker"] = self.worker.pk
        if label == "PUT /api/assignments/{id}/scorecard/" \
                and len(str(body.get("comment", ""))) % 2 == 0:
            assignment = Assignment.objects.filter(
                pk=case.path_parameters.get("id")).select_related("stage").first()
            if assignment is not None:
                body["scores"] = {str(criterion.pk): str(criterion.max_score)
                                  for criterion in assignment.stage.criteria.all()}


def _tracked_randoms(monkeypatch):
    """schemathesis draws whether a step uses a link's value from a random generator
    outside Hypothesis (`use_true_random`), so that an API whose state drifts between runs
    is not reported as flaky. Here every scenario starts from the same rows: draw it
    through Hypothesis, so the run is the same on every machine (`derandomize`)."""
    from schemathesis.specs.openapi import stateful as openapi_stateful

    shim = types.SimpleNamespace(**{name: getattr(strategies, name)
                                    for name in dir(strategies) if not name.startswith("_")})
    shim.randoms = lambda **_options: strategies.randoms(use_true_random=False)
    monkeypatch.setattr(openapi_stateful, "st", shim)


@pytest.fixture
def main_path_data(wsgi_db, monkeypatch):
    _tracked_randoms(monkeypatch)
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {
        "objections": "10000/hour", "register": "10000/hour", "verify": "10000/minute",
    })
    return MainPathData()


def test_every_link_names_operations_of_the_schema():
    operations = {operation["operationId"] for path in schema.raw_schema["paths"].values()
                  for operation in path.values()}
    named = {name for source, _status, target, _p, _b in LINKS for name in (source, target)}
    assert named - operations == set()


def test_the_main_path_followed_by_its_links_answers_as_documented(main_path_data):
    data = main_path_data
    steps, followed, followed_ok = Counter(), Counter(), Counter()

    workflow = schema.as_state_machine()

    class MainPath(workflow):
        # Each scenario starts from the same rows and an empty cache (cached public
        # answers, throttle counters): what one created is rolled back before the next, so
        # that the same requests get the same answers (Hypothesis requires it).
        def setup(self):
            cache.clear()
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            super().teardown()

        def before_call(self, case):
            data.prepare(case)

        def get_call_kwargs(self, case):
            return {"headers": data.headers[data.role_for(case)]}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            __tracebackhide__ = True
            try:
                case.validate_response(response, additional_checks=additional_checks,
                                       excluded_checks=EXCLUDED_CHECKS,
                                       headers=kwargs.get("headers"),
                                       transport_kwargs=kwargs or None,
                                       recorder=self.recorder)
            except BaseException as failure:
                failure.add_note(f"Sent as: {data.role_for(case)}")
                raise

        def step(self, input):
            output = super().step(input)
            steps["all"] += 1
            if os.environ.get("STATEFUL_DEBUG"):
                print("STEP", input.transition.id if input.transition else "ROOT",
                      input.case.operation.label, input.is_applied,
                      output.response.status_code, output.response.content[:150])
            if input.transition is not None and input.is_applied:
                followed[input.transition.id] += 1
                if output.response.status_code < 300:
                    followed_ok[input.transition.id] += 1
            return output

    # Scenarios start from the ROOTS only (schemathesis would also start from an action
    # on a made-up id, which only answers 404).
    for operation in schema.get_all_operations():
        label = operation.ok().label
        if label not in ROOTS:
            setattr(MainPath, normalize_name(f"RANDOM -> {label}"), None)

    MainPath.run(settings=STATEFUL_SETTINGS)

    summary = "\n".join(f"  {count:3} {link}" for link, count in sorted(followed_ok.items()))
    print(f"stateful run: {steps['all']} requests, {sum(followed.values())} followed a "
          f"link, {sum(followed_ok.values())} of them answered 2xx, through "
          f"{len(followed_ok)} links:\n{summary}")
    assert sum(followed_ok.values()) >= MIN_FOLLOWED, summary
    assert len(followed_ok) >= MIN_DISTINCT_LINKS, summary
    # The main path itself: links followed in at least three of its areas. Which areas a
    # run reaches depends on the database's answers (ids from sequences that other tests
    # in the same process moved on, SQLite or PostgreSQL), so no one area is required:
    # runs seen reached four of the five.
    areas = {link.split(" ")[1].split("/")[2] for link in followed_ok}
    assert len(areas & MAIN_PATH_AREAS) >= 3, summary

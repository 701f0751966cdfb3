"""Pinned query counts: every console page runs the same number of queries for 1 row as
for 50 (the figure in EXPECTED; the session and the user are two of them)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.services import contest_stream, record
from contests.models import Contest, Entry
from nominations.models import NominationRound
from tests.factories.accounts import EnterpriseFactory, WorkerFactory
from tests.factories.contests import (
    AttachmentFactory,
    ContestFactory,
    EntryFactory,
    contest_with_structure,
)
from tests.factories.nominations import NominationFactory, RoundFactory, add_source
from tests.factories.publicity import CertificateFactory, NoticeFactory, ObjectionFactory

from .scenarios import judged_contest

pytestmark = pytest.mark.api


def _contests(size):
    for i in range(size):
        contest = contest_with_structure(state=Contest.State.REGISTRATION_OPEN if i % 2
                                         else Contest.State.REGISTRATION_CLOSED)
        EntryFactory(contest=contest, track=contest.tracks.get(),
                     status=Entry.Status.SUBMITTED)
    notice = NoticeFactory()
    ObjectionFactory.create_batch(size, notice=notice)
    return reverse("console:dashboard")


def _contest_list(size):
    _contests(size)
    return reverse("console:contests")


def _entries(size):
    contest = contest_with_structure(state=Contest.State.REGISTRATION_CLOSED)
    for _i in range(size):
        entry = EntryFactory(contest=contest, track=contest.tracks.get(),
                             status=Entry.Status.SUBMITTED)
        AttachmentFactory(entry=entry)
    return reverse("console:entries", args=[contest.pk])


def _contest_detail(size):
    contest = contest_with_structure(state=Contest.State.REGISTRATION_CLOSED)
    EntryFactory.create_batch(size, contest=contest, track=contest.tracks.get(),
                              status=Entry.Status.SUBMITTED)
    return reverse("console:contest", args=[contest.pk])


def _judging(size):
    contest, *_rest = judged_contest(entries=size, judges=3, objective=True)
    return reverse("console:judging", args=[contest.pk])


def _judging_no_objective(size):
    """Judged criteria only (as in bench/province.py): no objective-score form (3 fewer)."""
    contest, *_rest = judged_contest(entries=size, judges=3)
    return reverse("console:judging", args=[contest.pk])


def _plots(size):
    """The cards read once (the consistency report reuses the page's totals), whatever
    the number of entries; drawing the charts runs no query."""
    contest, *_rest = judged_contest(entries=size, judges=3)
    return reverse("console:plots", args=[contest.pk])


def _results(size):
    contest, *_rest = judged_contest(entries=size, judges=1, panel_size=1,
                                     state=Contest.State.RESULTS_READY)
    return reverse("console:results", args=[contest.pk])


def _publication(size):
    notice = NoticeFactory()
    ObjectionFactory.create_batch(size, notice=notice)
    ObjectionFactory.create_batch(size, notice=notice, upheld=True)
    CertificateFactory.create_batch(size, contest=notice.contest)
    return reverse("console:publication", args=[notice.contest_id])


def _publication_with_stages(size):
    """The contest has its stage and criteria (as every real one, and the bench's): the
    contest's structure prefetch reads them (+2)."""
    notice = NoticeFactory(contest=contest_with_structure(state=Contest.State.IN_NOTICE))
    ObjectionFactory.create_batch(size, notice=notice)
    ObjectionFactory.create_batch(size, notice=notice, upheld=True)
    CertificateFactory.create_batch(size, contest=notice.contest)
    return reverse("console:publication", args=[notice.contest_id])


def _notices(size):
    for _i in range(size):
        ObjectionFactory(notice=NoticeFactory())
    return reverse("console:notices")


def _certificates(size):
    CertificateFactory.create_batch(size)
    return reverse("console:certificates")


def _people(size):
    WorkerFactory.create_batch(size)
    return reverse("console:people")


def _enterprises(size):
    EnterpriseFactory.create_batch(size)
    return reverse("console:enterprises")


def _audit(size):
    """`size` events on the page (the factories write none: without them the page's
    SELECT of events was never run)."""
    for contest in ContestFactory.create_batch(size):
        record(actor=None, action="contest.created", target=contest)
    _entries(size)
    return reverse("console:audit")


def _contest_audit(size):
    url = _entries(size)
    contest = Contest.objects.get(pk=int(url.split("/")[-3]))
    for _i in range(size):
        record(actor=None, action="contest.updated", target=contest,
               stream=contest_stream(contest.pk))
    return url.replace("/entries/", "/audit/")


def _setup(size):
    contest = contest_with_structure()
    for i in range(size):
        contest.tracks.create(name=f"赛项{i}", position=i + 1)
    return reverse("console:contest-edit", args=[contest.pk])


def _nomination_rounds(size):
    for _i in range(size):
        RoundFactory()
    return reverse("console:nominations")


def _nomination_rounds_with_sources(size):
    """Each round with its source contest (+1: the sources' contests)."""
    for _i in range(size):
        add_source(RoundFactory(), ContestFactory(state=Contest.State.FINAL))
    return reverse("console:nominations")


def _final_round(size):
    round_ = RoundFactory(state=NominationRound.State.FINAL)
    add_source(round_, ContestFactory(state=Contest.State.FINAL))
    NominationFactory.create_batch(size, round=round_, post="peoples_congress")
    return reverse("console:nomination-round", args=[round_.pk]) + "?post=peoples_congress"


def _nomination_board_final(size):
    """A past round with its source (as the bench's): no quota plan (−1), the sources'
    contests (+1)."""
    return _final_round(size)


def _nomination_column_final(size):
    return _final_round(size) + "&status=eligible"


def _nomination_board(size):
    round_ = RoundFactory()
    NominationFactory.create_batch(size, round=round_, post="peoples_congress")
    return reverse("console:nomination-round", args=[round_.pk]) + "?post=peoples_congress"


def _nomination_column(size):
    """One status column of the board on its own, paged (its count known already)."""
    round_ = RoundFactory()
    NominationFactory.create_batch(size, round=round_, post="peoples_congress")
    return (reverse("console:nomination-round", args=[round_.pk])
            + "?post=peoples_congress&status=eligible")


def _nomination_round_edit(size):
    """Every source contest listed, each final contest a choice."""
    round_ = RoundFactory()
    for _i in range(size):
        add_source(round_, ContestFactory(state=Contest.State.FINAL))
    return reverse("console:nomination-round-edit", args=[round_.pk])


def _nomination_round_new(size):
    ContestFactory.create_batch(size, state=Contest.State.FINAL)
    return reverse("console:nomination-round-new")


EXPECTED = {
    # The contest list: + the count of its pages. The board: + the count of each column.
    _contests: 8, _contest_list: 7, _contest_detail: 12, _entries: 13, _judging: 27,
    _judging_no_objective: 24, _plots: 15, _results: 14, _publication: 10,
    _publication_with_stages: 12, _notices: 4, _certificates: 4, _people: 5,
    _enterprises: 5, _audit: 5, _contest_audit: 12, _setup: 9, _nomination_rounds: 6,
    _nomination_rounds_with_sources: 7, _nomination_board: 12, _nomination_column: 12,
    _nomination_board_final: 12, _nomination_column_final: 12,
    _nomination_round_edit: 8, _nomination_round_new: 4,
}


@pytest.mark.parametrize("build", EXPECTED, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("size", [1, 50])
def test_page_queries(console, build, size):
    url = build(size)
    console.get(url)  # warm: first-use queries (content types, the calendar) aside
    with CaptureQueriesContext(connection) as captured:
        response = console.get(url)
    assert response.status_code == 200
    assert len(captured) == EXPECTED[build], [q["sql"][:120] for q in captured]

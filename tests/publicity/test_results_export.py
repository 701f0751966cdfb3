"""GET /api/contests/{id}/results.xlsx: ranked results with tiers; per-judge totals and
full names for organizers; the masked public version for everyone once published."""

import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEvent
from judging import selectors as judging_selectors
from tests.factories.publicity import contest_with_results, publish

pytestmark = [pytest.mark.api, pytest.mark.django_db]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIXED_COLUMNS = 9  # rank … needs decision; judges' columns follow for organizers


def url(contest):
    return f"/api/contests/{contest.pk}/results.xlsx"


def client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def track_rows(response, track="综合"):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook[track]
    header = [cell.value for cell in sheet[2]]
    rows = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    return header, rows


@pytest.fixture
def built():
    return contest_with_results(winners=2, losers=2, consent=[True, False, True, True])


def expected(contest):
    result_set = judging_selectors.result_set_for(contest)
    return list(judging_selectors.result_rows(result_set))


def test_organizers_get_full_names_tiers_and_each_judges_total(built):
    from tests.factories.accounts import EnterpriseFactory

    worker = built.winners[1].worker  # did not consent: organizers see them anyway
    worker.enterprise = EnterpriseFactory(name="顺丰速运海陵分公司")
    worker.save()

    response = client_for(built.organizer).get(url(built.contest))

    header, rows = track_rows(response)
    judges = header[FIXED_COLUMNS:]
    assert len(judges) == 3  # one column per judge of the panel
    results = expected(built.contest)
    assert len(rows) == len(results) == 4
    for row, result in zip(rows, results, strict=True):
        worker = result.entry.worker
        assert row[:FIXED_COLUMNS] == [
            result.rank, result.entry.code, worker.real_name,
            worker.enterprise.name if worker.enterprise else None,
            float(result.stage_score), float(result.judged_score),
            float(result.objective_score) if result.objective_score is not None else None,
            result.tier.name if result.tier else None, None,
        ]
        # Every judge gave the same figure here, so each total equals the judged score.
        assert row[FIXED_COLUMNS:] == [float(result.judged_score)] * 3
    assert [row[0] for row in rows] == [1, 2, 3, 4]
    assert [row[7] for row in rows] == ["一等奖", "二等奖", None, None]
    assert rows[1][3] == "顺丰速运海陵分公司"
    assert AuditEvent.objects.filter(action="results.exported").count() == 1


def test_before_publication_only_organizers_may_export(built, worker_client, api_client):
    assert api_client.get(url(built.contest)).status_code == 404
    assert worker_client.get(url(built.contest)).status_code == 404


def test_once_published_everyone_gets_the_masked_public_version(built, api_client):
    from tests.factories.accounts import EnterpriseFactory

    for entry in built.winners:  # the first consented, the second did not
        entry.worker.enterprise = EnterpriseFactory(name=f"企业{entry.pk}")
        entry.worker.save()
    publish(built.contest, built.organizer)

    header, rows = track_rows(api_client.get(url(built.contest)))

    assert len(header) == FIXED_COLUMNS  # no judges' columns
    results = expected(built.contest)
    names = [row[2] for row in rows]
    consented = [r.entry.worker.worker_profile.consent_publication for r in results]
    for name, result, ok in zip(names, results, consented, strict=True):
        real = result.entry.worker.real_name
        if ok:
            assert name == real[0] + "*" * (len(real) - 1)
        else:
            assert name is None  # no consent: no name at all
    assert [row[3] for row in rows[:2]] == [f"企业{built.winners[0].pk}", None]
    assert [row[0] for row in rows] == [r.rank for r in results]
    assert [row[4] for row in rows] == [float(r.stage_score) for r in results]
    content = api_client.get(url(built.contest)).content
    assert all(r.entry.worker.real_name.encode() not in content for r in results)
    assert not AuditEvent.objects.filter(action="results.exported").exists()


def test_a_worker_gets_the_public_version_too(built, worker_client):
    publish(built.contest, built.organizer)

    header, _rows = track_rows(worker_client.get(url(built.contest)))

    assert len(header) == FIXED_COLUMNS


def test_each_track_has_its_sheet(db):
    built = contest_with_results(winners=2, losers=2, tracks=2)

    response = client_for(built.organizer).get(url(built.contest))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[1:] == ["综合", "安全骑行"]
    for track in ("综合", "安全骑行"):
        _header, rows = track_rows(response, track)
        assert [row[0] for row in rows] == [1, 2]
        assert [row[7] for row in rows] == ["一等奖", None]


def test_an_unknown_contest_or_one_without_results_is_404(organizer_client):
    from tests.factories.contests import ContestFactory

    assert organizer_client.get("/api/contests/999999/results.xlsx").status_code == 404
    assert organizer_client.get(url(ContestFactory())).status_code == 404

"""Objective figures: recorded per entry by organizers, by hand or from an .xlsx."""

import io

import pytest
from openpyxl import Workbook

from audit.models import AuditEvent
from judging.models import ObjectiveScore

pytestmark = pytest.mark.api


@pytest.fixture
def s(make_scenario):
    return make_scenario(entries=3, objective=True)


def _put(s, entry, scores):
    return s.client(s.organizer).put(
        f"/api/entries/{entry.pk}/objective-scores/", {"scores": scores}
    )


def test_an_organizer_records_objective_scores_with_an_audit_event(s):
    response = _put(s, s.entries[0], {str(s.objective.pk): "88.5"})
    assert response.status_code == 200, response.json()
    assert response.json() == {"entry": s.entries[0].pk, "scores": {str(s.objective.pk): "88.50"}}
    response = _put(s, s.entries[0], {str(s.objective.pk): "90"})
    assert ObjectiveScore.objects.get().value == 90
    events = AuditEvent.objects.filter(action="objective.recorded").order_by("seq")
    assert [e.data["scores"] for e in events] == [
        {str(s.objective.pk): "88.50"}, {str(s.objective.pk): "90.00"}]
    assert events[1].data["before"] == {str(s.objective.pk): "88.50"}


@pytest.mark.parametrize("value", ["-1", "100.01", "1.234", "x"])
def test_bad_objective_scores_name_the_criterion(s, value):
    response = _put(s, s.entries[0], {str(s.objective.pk): value})
    assert response.status_code == 400
    assert s.objective.name in response.json()[f"scores.{s.objective.pk}"][0]
    assert not ObjectiveScore.objects.exists()


def test_a_judged_criterion_is_not_an_objective_score(s):
    judged = s.criteria[0]
    response = _put(s, s.entries[0], {str(judged.pk): "5"})
    assert response.status_code == 400 and f"scores.{judged.pk}" in response.json()


def test_judges_and_workers_cannot_record_objective_scores(s, worker):
    for user in (s.judges[0], worker):
        response = s.client(user).put(f"/api/entries/{s.entries[0].pk}/objective-scores/",
                                      {"scores": {str(s.objective.pk): "1"}})
        assert response.status_code == 403


def _xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    data.name = "objective.xlsx"
    return data


def _import(s, rows):
    return s.client(s.organizer).post(
        f"/api/contests/{s.contest.pk}/objective-scores/import/",
        {"file": _xlsx(rows), "stage": s.stage.pk}, format="multipart",
    )


def test_import_records_every_row(s):
    rows = [["参赛编号", s.objective.name]] + [[e.code, 60 + i + 0.5] for i, e in
                                               enumerate(s.entries)]
    response = _import(s, rows)
    assert response.status_code == 200, response.json()
    assert response.json() == {"entries": 3, "scores": 3}
    assert sorted(ObjectiveScore.objects.values_list("value", flat=True)) == [60.5, 61.5, 62.5]
    assert AuditEvent.objects.filter(action="objective.recorded").count() == 3


def test_import_is_all_or_nothing_with_row_and_column_errors(s):
    rows = [
        ["entry code", s.objective.name],
        [s.entries[0].code, 70],
        ["NOPE1234", 70],
        [s.entries[1].code, 170],
        [s.entries[2].code, "1.005"],
    ]
    response = _import(s, rows)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "entry code"), (4, s.objective.name), (5, s.objective.name)]
    assert not ObjectiveScore.objects.exists()


def test_import_reports_unknown_and_judged_columns(s):
    response = _import(s, [["code", "不存在", s.criteria[0].name], [s.entries[0].code, 1, 1]])
    assert response.status_code == 400
    assert [e["column"] for e in response.json()["errors"]] == ["不存在", s.criteria[0].name]


def test_import_refuses_a_file_that_is_not_xlsx(s):
    response = s.client(s.organizer).post(
        f"/api/contests/{s.contest.pk}/objective-scores/import/",
        {"file": io.BytesIO(b"not a spreadsheet")}, format="multipart",
    )
    assert response.status_code == 400 and "file" in response.json()


@pytest.mark.parametrize(("make", "status"), [
    ("declared_dimensions", 400), ("far_row", 400), ("zip_bomb", 413), ("with_dtd", 400),
])
def test_import_refuses_spreadsheet_bombs(s, make, status):
    from tests import spreadsheet_bombs

    header = [("参赛编号", s.objective.name)]
    data = io.BytesIO(spreadsheet_bombs.far_row(rows=header) if make == "far_row"
                      else getattr(spreadsheet_bombs, make)())
    data.name = "objective.xlsx"
    response = s.client(s.organizer).post(
        f"/api/contests/{s.contest.pk}/objective-scores/import/",
        {"file": data, "stage": s.stage.pk}, format="multipart",
    )
    assert response.status_code == status
    assert list(response.json()) == ["file"]
    assert not ObjectiveScore.objects.exists()

"""The demo seeder: realistic contests with entries, and safe to run twice."""

import io

import pytest

from accounts import demo as accounts_demo
from contests import demo
from contests.models import Contest, Entry, EntryDecision

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def test_seed_twice_creates_the_two_contests_once():
    accounts_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    counts = (Contest.objects.count(), Entry.objects.count(), EntryDecision.objects.count())
    demo.seed(stdout=io.StringIO())
    assert (Contest.objects.count(), Entry.objects.count(),
            EntryDecision.objects.count()) == counts

    skills = Contest.objects.get(title=demo.SKILLS_TITLE)
    assert skills.state == Contest.State.REGISTRATION_OPEN
    assert [t.name for t in skills.tracks.all()] == ["安全骑行", "餐品配送"]
    stage = skills.stages.get()
    assert [(c.name, c.kind, str(c.weight)) for c in stage.criteria.all()] == [
        ("理论考试", "objective", "0.3000"), ("实操", "judged", "0.7000")]
    assert (stage.aggregation, stage.trim, stage.panel_size) == ("trimmed_mean", 1, 5)
    assert [(t.name, t.quota, t.quota_percent) for t in skills.tiers.all()] == [
        ("一等奖", 1, None), ("二等奖", 2, None), ("三等奖", 3, None), ("优秀奖", None, 10)]

    award = Contest.objects.get(title=demo.AWARD_TITLE)
    assert award.state == Contest.State.REGISTRATION_CLOSED and award.blind
    statuses = set(award.entries.values_list("status", flat=True))
    assert {"submitted", "qualified"} <= statuses
    per_enterprise = {}
    for enterprise_id in award.entries.values_list("worker__enterprise", flat=True):
        per_enterprise[enterprise_id] = per_enterprise.get(enterprise_id, 0) + 1
    assert max(count for key, count in per_enterprise.items() if key) <= 2
    assert skills.entries.filter(status="submitted").exists()

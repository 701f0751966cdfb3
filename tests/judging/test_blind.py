"""Blind contests: nothing a judge can reach identifies the worker."""

import json

import pytest

from accounts.models import WorkerProfile
from core.masking import mask_id_number, mask_phone
from tests.factories.accounts import EnterpriseFactory
from tests.factories.contests import AttachmentFactory

pytestmark = pytest.mark.api


def _identify(entry):
    worker = entry.worker
    worker.real_name = "欧阳娜娜"
    worker.phone = "13812345678"
    worker.enterprise = EnterpriseFactory(name="飞驰同城配送有限公司")
    worker.save()
    AttachmentFactory(entry=entry, original_name="欧阳娜娜-工作证照片.jpg",
                      content_type="image/jpeg")
    return worker


def _judge_views(s, judge):
    client = s.client(judge)
    bodies = [client.get("/api/assignments/").json()]
    for a in s.assignments(judge):
        bodies.append(client.get(f"/api/assignments/{a.pk}/").json())
        client.put(f"/api/assignments/{a.pk}/scorecard/",
                   {"scores": {str(s.criteria[0].pk): "5"}})
        bodies.append(client.get(f"/api/assignments/{a.pk}/scorecard/").json())
    bodies.append(client.get("/api/scorecards/").json())
    return json.dumps(bodies, ensure_ascii=False)


def test_a_blind_assignment_carries_no_worker_identity(make_scenario):
    s = make_scenario(entries=1, judges=1, panel_size=1, blind=True)
    entry = s.entries[0]
    worker = _identify(entry)
    id_number = WorkerProfile.objects.get(user=worker).decrypted_id_number()
    text = _judge_views(s, s.judges[0])

    assert entry.code in text
    for secret in ("欧阳", "娜娜", "13812345678", mask_phone("13812345678"), "飞驰同城配送",
                   id_number, mask_id_number(id_number), worker.username, "工作证照片",
                   ".jpg", "evidence/"):
        assert secret not in text, secret
    listed = json.loads(text)[0]["results"][0]
    assert listed["worker"] is None
    attachment = listed["attachments"][0]
    assert attachment.keys() == {"id", "content_type", "size", "url"}
    assert attachment["url"] == f"/api/attachments/{attachment['id']}/"


def test_a_blind_judge_reads_the_statement_without_the_workers_identity(make_scenario):
    s = make_scenario(entries=1, judges=1, panel_size=1, blind=True)
    entry = s.entries[0]
    worker = _identify(entry)
    id_number = WorkerProfile.objects.get(user=worker).decrypted_id_number()
    spaced_id = f"{id_number[:6]}-{id_number[6:14]}-{id_number[14:]}"
    entry.statement = (f"欧阳娜娜是飞驰同城配送有限公司的骑手，电话 138 1234 5678，"
                       f"身份证 {spaced_id}。她五年零差评。")
    entry.save()

    text = _judge_views(s, s.judges[0])
    listed = json.loads(text)[0]["results"][0]

    assert listed["statement"] == "■■是■■的骑手，电话 ■■，身份证 ■■。她五年零差评。"
    detail = s.client(s.judges[0]).get(f"/api/assignments/{listed['id']}/").json()
    assert detail["statement"] == listed["statement"]


def test_a_non_blind_judge_reads_the_statement_as_written(make_scenario):
    s = make_scenario(entries=1, judges=1, panel_size=1, blind=False)
    entry = s.entries[0]
    _identify(entry)
    entry.statement = "欧阳娜娜，电话13812345678"
    entry.save()
    listed = json.loads(_judge_views(s, s.judges[0]))[0]["results"][0]
    assert listed["statement"] == "欧阳娜娜，电话13812345678"


def test_a_non_blind_assignment_shows_the_name_and_a_masked_phone_only(make_scenario):
    s = make_scenario(entries=1, judges=1, panel_size=1, blind=False)
    worker = _identify(s.entries[0])
    text = _judge_views(s, s.judges[0])
    listed = json.loads(text)[0]["results"][0]
    assert listed["worker"] == {"name": "欧阳娜娜", "phone": "138****5678"}
    assert "13812345678" not in text and "工作证照片" not in text
    id_number = WorkerProfile.objects.get(user=worker).decrypted_id_number()
    assert id_number not in text

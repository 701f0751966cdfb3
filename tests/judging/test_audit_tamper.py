"""Scoring leaves a verifiable trail: rewriting one stored scoring event in the database
(behind the model's back) is reported by `verify_audit` at exactly that event."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent
from audit.services import verify_chain

pytestmark = pytest.mark.unit


def test_a_rewritten_submit_event_is_reported_at_its_sequence_number(scenario):
    s = scenario
    a = s.assignments()[0]
    client = s.client(a.judge)
    url = f"/api/assignments/{a.pk}/scorecard/"
    client.put(url, {"scores": {str(c.pk): "3" for c in s.criteria}})
    client.put(url, {"scores": {str(c.pk): "4" for c in s.criteria}, "submit": True})
    submitted = AuditEvent.objects.get(action="scorecard.submitted")
    # A later event, so the tampered one is in the middle of the chain.
    other = s.assignments()[1]
    s.client(other.judge).put(f"/api/assignments/{other.pk}/scorecard/",
                              {"scores": {str(s.criteria[0].pk): "9"}})
    assert verify_chain().ok

    forged = {**submitted.data, "scores": {k: "10.00" for k in submitted.data["scores"]}}
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET data = %s WHERE id = %s",
                       [json.dumps(forged), submitted.pk])

    report = verify_chain()
    assert (report.ok, report.stream, report.broken_seq) == (
        False, submitted.stream, submitted.seq)
    with pytest.raises(CommandError,
                       match=f"event #{submitted.seq} of stream {submitted.stream}:"):
        call_command("verify_audit")

import uuid

import pytest
from django_celery_results.models import TaskResult

from core.tasks import ping
from tests.factories.accounts import WorkerFactory
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def test_a_real_worker_runs_a_task_against_the_test_database(celery_worker_process):
    WorkerFactory.create_batch(3)
    token = uuid.uuid4().hex

    result = ping.delay(token)

    assert result.get(timeout=90) == {
        "token": token, "users": 3, "at": result.result["at"],
    }
    stored = wait_for(lambda: TaskResult.objects.filter(task_id=result.id).first())
    assert stored.status == "SUCCESS"
    assert stored.task_name == "core.ping"

"""Messages built inside a real Celery worker are written in each recipient's language,
not in whatever language the worker process happens to run in."""

import pytest

from accounts.models import User
from notifications.models import Notification
from publicity.services.finalization import finalize_due_contests
from tests.factories.publicity import end_notice_period, published_contest
from tests.integration.conftest import celery_worker_process, wait_for  # noqa: F401

pytestmark = [pytest.mark.integration]


@pytest.fixture
def worker_media(settings, monkeypatch):
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


def test_certificate_messages_built_in_the_worker_follow_each_holder(
    worker_media, celery_worker_process,  # noqa: F811
):
    built, _notice = published_contest(winners=2, losers=0)
    zh_holder, en_holder = (entry.worker for entry in built.winners)
    User.objects.filter(pk=zh_holder.pk).update(preferred_language="zh-hans")
    User.objects.filter(pk=en_holder.pk).update(preferred_language="en")
    end_notice_period(built.contest)

    finalize_due_contests()  # the certificates and their messages are made in the worker

    wait_for(lambda: Notification.objects.filter(kind="certificate_issued").count() == 2,
             timeout=90)
    title = built.contest.title
    messages = {n.user_id: n for n in Notification.objects.filter(kind="certificate_issued")}
    zh_number = zh_holder.certificates.get().number
    en_number = en_holder.certificates.get().number
    assert messages[zh_holder.pk].title == f"您在“{title}”中的荣誉证书"
    assert f"证书编号 {zh_number}，现可下载。" in messages[zh_holder.pk].body
    assert messages[en_holder.pk].title == f"Your certificate for {title}"
    assert messages[en_holder.pk].body.endswith(
        f"Certificate no. {en_number} can be downloaded now.")

"""The admin as organizers' fallback UI: usable by a staff organizer, ID numbers masked."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import WorkerProfile
from audit.models import AuditEvent
from tests.factories.accounts import SuperuserFactory, UserFactory, WorkerFactory

pytestmark = [pytest.mark.api, pytest.mark.django_db]


@pytest.fixture
def staff_organizer():
    """An organizer made the normal way (staff + organizers group), not a superuser."""
    return services.create_user(actor=SuperuserFactory(), username="org_admin",
                                role="organizer", real_name="周红")


@pytest.fixture
def admin_client(staff_organizer):
    client = Client()
    client.force_login(staff_organizer)
    return client


@pytest.mark.parametrize("model", ["tradeunion", "enterprise", "user", "workerprofile",
                                   "importjob"])
def test_an_organizer_can_open_every_accounts_list(admin_client, model):
    response = admin_client.get(reverse(f"admin:accounts_{model}_changelist"))
    assert response.status_code == 200


def test_the_profile_page_shows_the_masked_id_never_the_number_or_ciphertext(admin_client):
    worker = WorkerFactory()
    profile = worker.worker_profile
    page = admin_client.get(reverse("admin:accounts_workerprofile_change", args=[profile.pk]))

    html = page.content.decode()
    assert profile.id_number_masked in html
    assert profile.decrypted_id_number() not in html
    assert profile.id_number_encrypted not in html
    assert profile.id_number_hash not in html


def _profile_form(user, id_number):
    return {"user": user.pk, "id_number": id_number, "industry": "express",
            "union_member": "on", "political_status": "masses", "years_in_industry": "2",
            "district": "", "consent_at_0": "", "consent_at_1": ""}


def test_an_id_number_set_in_the_admin_is_validated(admin_client):
    user = UserFactory()
    url = reverse("admin:accounts_workerprofile_add")

    bad = admin_client.post(url, _profile_form(user, "321322199001011257"))
    assert bad.status_code == 200 and not WorkerProfile.objects.exists()

    good = admin_client.post(url, _profile_form(user, "11010519491231002x"))
    assert good.status_code == 302
    profile = WorkerProfile.objects.get()
    assert profile.decrypted_id_number() == "11010519491231002X"
    assert profile.id_number_masked == "1101**********002X"
    event = AuditEvent.objects.get(action="admin.workerprofile.created")
    assert "id_number" in event.data["fields"] and "1101" not in str(event.data)


def test_an_id_number_already_registered_is_refused_in_the_admin(admin_client):
    existing = WorkerFactory().worker_profile.decrypted_id_number()
    response = admin_client.post(reverse("admin:accounts_workerprofile_add"),
                                 _profile_form(UserFactory(), existing))
    assert response.status_code == 200
    assert "already registered" in response.content.decode()


def test_an_organizer_cannot_edit_a_superuser(admin_client):
    boss = SuperuserFactory()
    response = admin_client.get(reverse("admin:accounts_user_change", args=[boss.pk]))
    assert b'name="is_superuser"' not in response.content
    response = admin_client.post(reverse("admin:accounts_user_change", args=[boss.pk]), {})
    assert response.status_code == 403


def test_an_organizer_cannot_grant_themself_superuser(admin_client, staff_organizer):
    page = admin_client.get(reverse("admin:accounts_user_change", args=[staff_organizer.pk]))
    assert page.status_code == 200
    assert b'name="is_superuser"' not in page.content

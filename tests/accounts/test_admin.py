"""The admin as organizers' fallback UI: usable by a staff organizer, ID numbers masked."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Enterprise, TradeUnion, WorkerProfile
from audit.models import AuditEvent
from core.admin import SafeTextFields
from notifications.models import Notification
from tests.factories.accounts import SuperuserFactory, UserFactory, WorkerFactory

pytestmark = [pytest.mark.api, pytest.mark.django_db]
PROJECT_APPS = {"accounts", "audit", "contests", "core", "judging", "nominations",
                "notifications", "publicity"}


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


# --- The text rule of the API (core.text) in every admin form -------------------------------


def test_the_admin_refuses_the_control_characters_the_api_refuses(admin_client):
    union = TradeUnion.objects.create(name="县总工会", industry="express")
    url = reverse("admin:accounts_enterprise_add")
    form = {"name": "顺达‮配送", "credit_code": "", "industry": "express", "union": union.pk}
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert ("Contains a control or text-direction character, U+202E (RIGHT-TO-LEFT "
            "OVERRIDE), which is not allowed.") in response.content.decode()
    form["name"] = "顺达\n配送"
    response = admin_client.post(url, form)
    assert "Must be a single line: no line breaks or tabs." in response.content.decode()
    assert not Enterprise.objects.exists()

    user = UserFactory(real_name="王芳")
    change = reverse("admin:accounts_user_change", args=[user.pk])
    page = admin_client.get(change)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update({"username": user.username, "real_name": "王\x07芳", "phone": "",
                 "role": user.role, "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"})
    response = admin_client.post(change, data)
    assert response.status_code == 200
    assert "U+0007" in response.content.decode()
    user.refresh_from_db()
    assert user.real_name == "王芳"


def test_every_admin_form_takes_the_text_rule():
    missing = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue  # Django's and packages' own admins
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        missing += [type(a).__name__ for a in (model_admin, *inlines)
                    if not isinstance(a, SafeTextFields)]
    assert missing == []


def test_a_multiline_admin_field_keeps_newlines_and_refuses_controls():
    model_admin = admin.site._registry[Notification]
    field = model_admin.formfield_for_dbfield(Notification._meta.get_field("body"), None)
    assert field.clean("第一行\n第二行") == "第一行\n第二行"
    with pytest.raises(ValidationError):
        field.clean("第一行\x1b[31m")

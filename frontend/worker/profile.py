"""The worker's own data: shown (the ID number masked), edited, the phone changed with a
code sent to the new number."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import one_time_codes
from accounts.models import WorkerProfile
from accounts.profile_updates import update_own_profile
from core.errors import DomainError
from frontend.clients import client_address

from .entries import _worker_only
from .forms import PhoneCodeForm, PhoneForm, ProfileForm

PHONE_SESSION_KEY = "frontend.new_phone"
NATIVE_NAMES = {"zh-hans": "简体中文", "en": "English"}


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _profile_of(user) -> WorkerProfile:
    profile = WorkerProfile.objects.select_related("user__enterprise").filter(user=user).first()
    if profile is None:
        raise Http404
    return profile


@require_http_methods(["GET", "POST"])
@_worker_only
def profile(request):
    record = _profile_of(request.user)
    initial = {
        "industry": record.industry, "years_in_industry": record.years_in_industry,
        "union_member": _yes_no(record.union_member),
        "political_status": record.political_status, "district": record.district,
        "consent_publication": _yes_no(record.consent_publication),
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_own_profile(user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your details are saved."))
            return redirect("worker:profile")
    return render(request, "frontend/worker/profile.html", {
        "profile": record, "form": form,
        # Each language named in itself, as language pickers do.
        "languages": [(code, NATIVE_NAMES.get(code, code)) for code, _name in settings.LANGUAGES],
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@_worker_only
def change_phone(request):
    """Step 1 sends a code to the new number; step 2 (the same page) confirms it."""
    pending = request.session.get(PHONE_SESSION_KEY)
    phone_form = PhoneForm(request.POST if "send" in request.POST else None)
    code_form = PhoneCodeForm(request.POST if "confirm" in request.POST else None)
    status = 200
    if "send" in request.POST and phone_form.is_valid():
        try:
            row = one_time_codes.send_code(
                phone=phone_form.cleaned_data["phone"], purpose="phone_change",
                user=request.user, client=client_address(request))
        except DomainError as error:
            phone_form.add_domain_error(error)
            status = error.status_code
        else:
            request.session[PHONE_SESSION_KEY] = row.phone
            messages.info(request, _("We sent a code to %(phone)s.") % {"phone": row.phone})
            return redirect("worker:phone")
    elif "confirm" in request.POST and pending and code_form.is_valid():
        try:
            one_time_codes.change_phone_with_code(user=request.user, phone=pending,
                                                  code=code_form.cleaned_data["code"])
        except DomainError as error:
            code_form.add_domain_error(error)
            status = error.status_code
        else:
            del request.session[PHONE_SESSION_KEY]
            messages.success(request, _("Your phone number is changed."))
            return redirect("worker:profile")
    if (phone_form.errors or code_form.errors) and status == 200:
        status = 400
    return render(request, "frontend/worker/phone.html", {
        "phone_form": phone_form, "code_form": code_form, "pending": pending,
    }, status=status)

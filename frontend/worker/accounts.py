"""Signing up, logging in (username or phone), and setting a password with an SMS code:
an imported worker's first login, or a forgotten password."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import one_time_codes
from accounts import services as account_services
from accounts.throttling import registration_allowed
from core.errors import DomainError
from frontend.clients import client_address

from .forms import CodePasswordForm, LoginForm, PhoneForm, SignupForm

# The phone and purpose of the code being used, kept between the two steps.
CODE_SESSION_KEY = "frontend.code"
PURPOSES = {
    "first_login": {
        "title": gettext_lazy("First login"),
        "intro": gettext_lazy("Your union registered you. Enter your mobile phone number: "
                              "we will send a code by SMS, then you choose your password."),
    },
    "password_reset": {
        "title": gettext_lazy("Forgot your password?"),
        "intro": gettext_lazy("Enter the mobile phone number of your account: we will send "
                              "a code by SMS, then you choose a new password."),
    },
}


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    form.inline_check_url = reverse("worker:signup")
    if request.htmx and "_check" in request.POST:
        return _check_signup_field(request, form)
    status = 200
    if request.method == "POST" and not registration_allowed(request):
        form.add_error(None, _("Too many sign-ups from your network or for this phone or "
                               "ID number. Please try again later."))
        status = 429
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_services.register_worker(
                username=data["username"], password=data["password"],
                real_name=data["real_name"], phone=data["phone"],
                id_number=data["id_number"], industry=data["industry"],
                union_member=data["union_member"] == "yes",
                political_status=data["political_status"],
                years_in_industry=data["years_in_industry"],
                consent_publication=data["consent_publication"] == "yes",
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            login(request, user, backend="accounts.backends.UsernameOrPhoneBackend")
            messages.success(request, _("Welcome! Your account is ready. Choose a contest "
                                        "to enter."))
            return redirect("worker:contests")
    if form.errors and status == 200:
        status = 400
    return render(request, "frontend/worker/signup.html", {"form": form}, status=status)


def _check_signup_field(request, form: SignupForm):
    """HTMX: the field the person just left, rendered again with its problem (if any)."""
    name = request.POST["_check"]
    if name not in form.fields:
        return HttpResponse(status=204)
    problems = form.check_one(name)
    form._errors = ErrorDict()  # this field's problems only: the others are not done yet
    if problems:
        form._errors[name] = form.error_class(problems, renderer=form.renderer)
    return render(request, "frontend/forms/one_field.html", {"field": form[name]})


@require_http_methods(["GET", "POST"])
def request_code(request, purpose: str):
    """Step 1: the phone number; a code is sent if it belongs to a worker's account."""
    form = PhoneForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            row = one_time_codes.send_code(phone=phone, purpose=purpose,
                                           client=client_address(request))
        except DomainError as error:
            form.add_domain_error(error)
            status = error.status_code
        else:
            request.session[CODE_SESSION_KEY] = {"phone": row.phone, "purpose": purpose}
            messages.info(request, _("If %(phone)s belongs to an account, a code is on its "
                                     "way by SMS. It is valid for 5 minutes.")
                          % {"phone": row.phone})
            return redirect("worker:password-code")
    if form.errors and status == 200:
        status = 400
    return render(request, "frontend/worker/request_code.html",
                  {"form": form, "purpose": purpose, "text": PURPOSES[purpose]},
                  status=status)


@require_http_methods(["GET", "POST"])
def set_password_with_code(request):
    """Step 2: the code and the new password; then the worker is logged in."""
    pending = request.session.get(CODE_SESSION_KEY)
    if not pending:
        return redirect("worker:first-login")
    form = CodePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = one_time_codes.set_password_with_code(
                phone=pending["phone"], purpose=pending["purpose"],
                code=form.cleaned_data["code"], password=form.cleaned_data["password"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            del request.session[CODE_SESSION_KEY]
            login(request, user, backend="accounts.backends.UsernameOrPhoneBackend")
            messages.success(request, _("Your password is set. Next time, log in with your "
                                        "phone number and this password."))
            return redirect("home")
    return render(request, "frontend/worker/password_code.html",
                  {"form": form, "phone": pending["phone"], "purpose": pending["purpose"]},
                  status=400 if form.errors else 200)


@require_POST
def resend_code(request):
    pending = request.session.get(CODE_SESSION_KEY)
    if not pending:
        return redirect("worker:first-login")
    try:
        one_time_codes.send_code(phone=pending["phone"], purpose=pending["purpose"],
                                 client=client_address(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.info(request, _("A new code is on its way. Older codes no longer work."))
    return redirect("worker:password-code")

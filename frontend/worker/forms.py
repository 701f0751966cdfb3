"""Forms of the worker's pages. They only shape the input and say which fields are
required: every rule (ID check digit, phone, password strength, eligibility, file types)
is checked by the service the view calls, and its errors come back to the field here."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.cleaning import CLEANERS
from accounts.models import Industry, PoliticalStatus
from core.text import validate_line, validate_text
from frontend.forms import PageForm

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _text(label, *, help_text="", autocomplete="", inputmode="", required=True, **attrs):
    widget_attrs = {k: v for k, v in {"autocomplete": autocomplete,
                                      "inputmode": inputmode}.items() if v}
    widget_attrs.update(attrs)
    return forms.CharField(label=label, help_text=help_text, required=required,
                           widget=forms.TextInput(attrs=widget_attrs),
                           validators=[validate_line])  # core.text: no control characters


class LoginForm(PageForm, AuthenticationForm):
    """Django's login form, asking for a username or a phone number."""

    username = forms.CharField(
        label=_("Username or phone number"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SignupForm(PageForm):
    real_name = _text(_("Real name"), autocomplete="name",
                      help_text=_("As on your ID card."))
    id_number = _text(_("ID number"), autocomplete="off", autocapitalize="characters",
                      help_text=_("18 characters; the last may be X."), maxlength=18)
    phone = _text(_("Mobile phone"), autocomplete="tel", inputmode="tel", maxlength=14,
                  help_text=_("Codes and results are sent here."))
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    years_in_industry = forms.CharField(
        label=_("Years in the industry"), help_text=_("E.g. 3 or 2.5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    union_member = forms.ChoiceField(label=_("Are you a trade-union member?"), choices=YES_NO,
                                     widget=forms.RadioSelect)
    political_status = forms.ChoiceField(label=_("Political status"),
                                         choices=PoliticalStatus.choices,
                                         initial=PoliticalStatus.MASSES)
    username = _text(_("Username"), autocomplete="username", autocapitalize="none",
                     help_text=_("Letters, digits and @ . + - _ only. You can also log in "
                                 "with your phone number."))
    password = forms.CharField(
        label=_("Password"), strip=False,
        help_text=_("At least 8 characters, not only digits, not like your name."),
        # Shown again after a mistake elsewhere, so the person need not type it twice.
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True))
    consent_publication = forms.ChoiceField(
        label=_("May we publish your name and award?"),
        choices=[("yes", _("Yes, my name (masked, e.g. 张*), enterprise and award may be "
                           "shown on public notices of results.")),
                 ("no", _("No, do not publish my name. My award is listed as “name "
                          "withheld”."))],
        widget=forms.RadioSelect,
        help_text=_("This consent is separate from signing up (Personal Information "
                    "Protection Law): you may refuse and still take part."),
    )

    # One field, checked as the person leaves it (HTMX): the same cleaners the service uses.
    def check_one(self, name: str) -> list[str]:
        value = self.data.get(name, "")
        if name == "password":
            try:
                password_validation.validate_password(value)
            except ValidationError as exc:
                return list(exc.messages)
            return []
        cleaner = CLEANERS.get(name)
        if cleaner is None or value == "":
            return []
        try:
            cleaner(value)
        except ValidationError as exc:
            return list(exc.messages)
        return []


class PhoneForm(PageForm):
    phone = _text(_("Mobile phone"), autocomplete="tel", inputmode="tel", maxlength=14)


class CodePasswordForm(PageForm):
    code = _text(_("Code from the SMS"), autocomplete="one-time-code", inputmode="numeric",
                 maxlength=6, help_text=_("6 digits, valid for 5 minutes."))
    password = forms.CharField(
        label=_("New password"), strip=False,
        help_text=_("At least 8 characters, not only digits, not like your name."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class PhoneCodeForm(PageForm):
    code = _text(_("Code from the SMS"), autocomplete="one-time-code", inputmode="numeric",
                 maxlength=6, help_text=_("Sent to your new number; valid for 5 minutes."))


class EnterForm(PageForm):
    track = forms.TypedChoiceField(label=_("Track"), coerce=int, widget=forms.RadioSelect,
                                   empty_value=None)
    statement = forms.CharField(
        label=_("Statement"), required=False,
        help_text=_("What you did and why it matters, in your own words. You can change it "
                    "until you submit."),
        widget=forms.Textarea(attrs={"rows": 6}), validators=[validate_text])

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [(t.pk, t.name) for t in tracks]


class StatementForm(PageForm):
    statement = forms.CharField(label=_("Statement"), required=False,
                                widget=forms.Textarea(attrs={"rows": 6}),
                                validators=[validate_text])


class EvidenceForm(PageForm):
    file = forms.FileField(
        label=_("Add a file"),
        help_text=_("Photo or scan: JPG, PNG or PDF, at most 10 MB each."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))


class ConfirmForm(PageForm):
    """A final action's confirmation: the person ticks the box, then presses the button."""

    confirm = forms.BooleanField(label=_("I have checked my entry."), required=True)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["confirm"].label = label


class WithdrawForm(PageForm):
    reason = forms.CharField(label=_("Reason (optional)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             validators=[validate_text])


class ProfileForm(PageForm):
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    years_in_industry = forms.CharField(
        label=_("Years in the industry"), help_text=_("E.g. 3 or 2.5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    union_member = forms.ChoiceField(label=_("Are you a trade-union member?"), choices=YES_NO,
                                     widget=forms.RadioSelect)
    political_status = forms.ChoiceField(label=_("Political status"),
                                         choices=PoliticalStatus.choices)
    district = forms.CharField(label=_("District"), required=False, max_length=60,
                               validators=[validate_line])
    consent_publication = SignupForm.base_fields["consent_publication"]

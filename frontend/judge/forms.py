"""Forms of the judge pages. They parse; the judging services decide (score ranges,
decimals, completeness and states are checked there, with criterion-named messages)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.ids import MAX_ID

from .presenters import STATUSES, status_label

SCORE_PREFIX = "score-"


class AssignmentFilterForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("Stage"), required=False, coerce=int,
                                   empty_value=None)
    status = forms.ChoiceField(label=pgettext_lazy("scorecard", "Status"), required=False)

    def __init__(self, data, *, stages):
        super().__init__(data)
        self.fields["stage"].choices = [("", _("All stages")),
                                        *((s.pk, f"{s.contest.title} · {s.name}")
                                          for s in stages)]
        self.fields["status"].choices = [("", _("All")),
                                         *((s, status_label(s)) for s in STATUSES)]


class ScorecardForm(forms.Form):
    """The scoring form: one `score-<criterion id>` field per criterion (read from the
    POST as typed), the comment, and the version the judge's edits start from."""

    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, data=None, *, criterion_ids=()):
        super().__init__(data)
        self.criterion_ids = [str(pk) for pk in criterion_ids]

    def typed_scores(self) -> dict[str, str]:
        """Every criterion's field as typed (blank ones too, to show them again)."""
        return {pk: (self.data.get(SCORE_PREFIX + pk) or "").strip()
                for pk in self.criterion_ids}

    def scores(self) -> dict[str, str]:
        """The scores to save: the fields the judge filled in."""
        return {pk: value for pk, value in self.typed_scores().items() if value}

    def emptied(self) -> list[str]:
        """The criteria left blank: a saved score there is removed, as the page says."""
        return [pk for pk, value in self.typed_scores().items() if not value]


class ClearScoreForm(forms.Form):
    """"Clear this score" without JavaScript: the criterion and the card's version."""

    criterion = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: a relative, a colleague, or someone you trained."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm the conflict of interest. My draft scores for this entry are "
                "discarded and the entry goes to another judge."),
    )

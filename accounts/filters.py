"""Query-string filters of the account lists (parsing only; django-filter answers a bad
value with a 400 naming the parameter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, FlagFilter, IdFilter

from .models import Enterprise, Industry, Role, User


class UserFilter(FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("role"))
    industry = django_filters.ChoiceFilter(
        field_name="worker_profile__industry", choices=Industry.choices, label=_("industry")
    )
    enterprise = IdFilter(field_name="enterprise_id", label=_("enterprise id"))

    class Meta:
        model = User
        fields = ["role", "industry", "enterprise"]


class EnterpriseFilter(FilterSet):
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label=_("industry"))
    is_key = FlagFilter(label=_("key enterprise"))

    class Meta:
        model = Enterprise
        fields = ["industry", "is_key"]

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Celery beat entry. DatabaseScheduler copies settings.CELERY_BEAT_SCHEDULE into the
# database when beat starts; config/settings.py may define this entry itself, in which case
# the settings' version wins (setdefault below).
DEADLINES_BEAT_ENTRY = {
    "task": "contests.apply_deadlines",
    "schedule": 60.0,
    "options": {"expires": 55},
}

# Names for the API schema's enums that share a field name ("kind", "status"). Belongs in
# SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]; merged in at start-up until it is there.
ENUM_NAME_OVERRIDES = {
    "ContestKindEnum": "contests.models.Contest.Kind",
    "CriterionKindEnum": "contests.models.Criterion.Kind",
    "EntryStatusEnum": "contests.models.Entry.Status",
}


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Contests")

    def ready(self):
        from . import receivers
        from .signals import contest_transitioned

        contest_transitioned.connect(
            receivers.queue_milestone_announcement,
            dispatch_uid="contests.queue_milestone_announcement",
        )
        settings.CELERY_BEAT_SCHEDULE.setdefault("contests-apply-deadlines",
                                                 DEADLINES_BEAT_ENTRY)
        overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
        for name, choices in ENUM_NAME_OVERRIDES.items():
            overrides.setdefault(name, choices)

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Celery beat entry. DatabaseScheduler copies settings.CELERY_BEAT_SCHEDULE into the
# database when beat starts; when config/settings.py defines this entry itself, the
# settings' version wins (setdefault below).
FINALIZE_BEAT_ENTRY = {
    "task": "publicity.finalize_due_notices",
    "schedule": 300.0,
    "options": {"expires": 290},
}

# Names for the API schema's enums that share a field name ("status").
ENUM_NAME_OVERRIDES = {
    "NoticeStatusEnum": "publicity.models.Notice.Status",
    "ObjectionStatusEnum": "publicity.models.Objection.Status",
    "CertificateStatusEnum": "publicity.models.Certificate.Status",
}


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Publicity")

    def ready(self):
        from . import hooks

        hooks.register()
        settings.CELERY_BEAT_SCHEDULE.setdefault("publicity-finalize-due-notices",
                                                 FINALIZE_BEAT_ENTRY)
        overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
        for name, choices in ENUM_NAME_OVERRIDES.items():
            overrides.setdefault(name, choices)

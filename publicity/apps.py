from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Belong in config/settings.py (CELERY_BEAT_SCHEDULE and
# SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]); merged in at start-up with setdefault until
# they are there, so beat runs the job and the schema has no warnings. Delete both once the
# settings carry them: the settings' versions already win.
FINALIZE_BEAT_ENTRY = {
    "task": "publicity.finalize_due_notices", "schedule": 300.0, "options": {"expires": 290},
}
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

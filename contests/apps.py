from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        # checks: the deploy checks; outbox: marks outbox jobs done when their task ends.
        from . import checks, outbox, public_cache  # noqa: F401

        public_cache.connect()

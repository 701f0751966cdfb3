"""Idempotent demo data for the quickstart. Each app contributes a `demo.seed(stdout)`;
they run in this order because later ones use what earlier ones made."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

SEEDERS = [
    "accounts.demo",
    "contests.demo",
    "publicity.demo",
    "contests.demo_states",
    "nominations.demo",
]


class Command(BaseCommand):
    help = "Load realistic demo data (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        for dotted in SEEDERS:
            with transaction.atomic():
                import_module(dotted).seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

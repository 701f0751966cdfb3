from django.core.management.base import BaseCommand, CommandError

from audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash-chained audit log and report the first broken event."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain BROKEN at event #{report.broken_seq} of stream {report.stream}: "
                f"{report.problem} "
                f"({report.checked} events verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain OK: {report.checked} events."))

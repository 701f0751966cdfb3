"""One phone, one worker, enforced by the database.

Phones are stored normalised (`accounts.cleaning.clean_phone`; the column holds 11
characters, so a phone with spaces or +86 never fit). Before the constraint, duplicates
are resolved: the account registered first keeps the phone; the later ones lose it (their phone becomes
empty, so they log in by username and set a phone again on their profile). Nothing else
of those accounts changes. The user ids involved are logged (ids only: no phone numbers
in logs); an organizer finds them in the admin by their empty phone.
"""

import logging
from collections import defaultdict

from django.db import migrations, models

log = logging.getLogger("accounts.migrations")


def one_worker_per_phone(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    by_phone = defaultdict(list)
    workers = User.objects.filter(role="worker").exclude(phone="").order_by("date_joined", "pk")
    for user_id, phone in workers.values_list("pk", "phone").iterator():
        by_phone[phone].append(user_id)
    for holders in by_phone.values():
        keeper, *later = holders
        if later:
            User.objects.filter(pk__in=later).update(phone="")
            log.warning("Phone shared by workers %s: kept by %s, removed from %s.",
                        holders, keeper, later)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_merge_0003_one_time_code_0003_user_preferred_language'),
    ]

    operations = [
        migrations.RunPython(one_worker_per_phone, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(
                condition=models.Q(("role", "worker"), models.Q(("phone", ""), _negated=True)),
                fields=("phone",), name="accounts_one_worker_per_phone",
            ),
        ),
    ]

"""Giving entries their tier without writing their indexes.

Computing a final stage's results sets the tier of thousands of entries in one UPDATE.
Each updated row used to get a new version in every index of the table (11 of them);
PostgreSQL can instead make a HOT update (the new version on the same page, no index
written) when no index holds a changed column and the page has room for it. So the tier
is no longer indexed (nothing lists entries by tier), and entry pages are filled to half
on insert and on the other (indexed) updates, leaving room for one statement to give
every entry of a page its tier; pruning reclaims the old versions as pages are read.
Existing pages keep their layout until their rows move (each update moves a row to a page
with room) or the table is rewritten.
"""

import django.db.models.deletion
from django.db import migrations, models

FILLFACTOR = 50


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE contests_entry SET (fillfactor = {FILLFACTOR})")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE contests_entry RESET (fillfactor)")


class Migration(migrations.Migration):

    dependencies = [
        ('contests', '0004_entry_indexes_without_copies'),
    ]

    operations = [
        migrations.AlterField(
            model_name='entry',
            name='tier',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='entries', to='contests.tier', verbose_name='award'),
        ),
        migrations.RunPython(set_fillfactor, reset_fillfactor, elidable=False),
    ]

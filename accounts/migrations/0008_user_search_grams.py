"""The console's people search on PostgreSQL: a GIN index of every one- and two-character
piece of each user's name and username (lower case), so `name contains "王伟"` is read from
an index among a province's 100,000 users. pg_trgm cannot do this: a two-character Chinese
name, the most common search, holds no trigram. `accounts.selectors.search_users` uses it;
SQLite keeps a plain scan (no index, no function)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION accounts_user_search_grams(name text, username text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(words.text, i, n)), '{}')
    FROM (VALUES (lower(coalesce(name, ''))), (lower(coalesce(username, '')))) AS words (text),
         generate_series(1, 2) AS n,
         generate_series(1, length(words.text) - n + 1) AS i
$$
"""
INDEX = """
CREATE INDEX IF NOT EXISTS user_search_grams ON accounts_user
USING gin (accounts_user_search_grams(real_name, username))
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS user_search_grams")
        schema_editor.execute("DROP FUNCTION IF EXISTS accounts_user_search_grams(text, text)")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_province_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]

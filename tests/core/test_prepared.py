"""Hot hand-written statements are prepared once per connection on PostgreSQL; the ORM's
never are (Django's own setting); a rollback (which makes psycopg drop every prepared
statement of the connection) leaves them working."""

import pytest
from django.db import connection, transaction

from accounts.models import User
from core.prepared import prepared_cursor

pytestmark = pytest.mark.postgres

STATEMENT = "SELECT count(*) FROM accounts_user WHERE username = %s"


@pytest.fixture
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name LIKE '_pg3_%%'")
        return [row[0] for row in cursor.fetchall()]


def _count(username: str) -> int:
    with prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [username])
        return cursor.fetchone()[0]


def test_a_hot_statement_is_prepared_once_and_the_orms_never(needs_postgres, db):
    User.objects.create(username="prepared-1")
    assert [_count("prepared-1"), _count("nobody"), _count("prepared-1")] == [1, 0, 1]
    list(User.objects.filter(username="prepared-1"))

    statements = _prepared()
    assert statements.count(STATEMENT.replace("%s", "$1")) == 1
    assert not any("accounts_user" in s and "username" in s and s != STATEMENT.replace(
        "%s", "$1") for s in statements)
    assert connection.connection.prepare_threshold is None  # Django's, restored


def test_a_rollback_drops_the_prepared_statements_and_they_are_prepared_again(
        needs_postgres, transactional_db):
    assert _count("x") == 0
    with pytest.raises(RuntimeError), transaction.atomic():
        User.objects.create(username="rolled-back")
        assert _count("rolled-back") == 1
        raise RuntimeError
    assert _count("rolled-back") == 0
    assert STATEMENT.replace("%s", "$1") in _prepared()

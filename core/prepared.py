"""Statements PostgreSQL plans once per connection: the few hot ones written out by hand.

Django binds parameters on the client (its default, which the ORM's SQL needs), so
PostgreSQL parses and plans every statement it receives anew. For the statements every
judge's submit runs, planning took longer than executing (EXPLAIN: the assignment's lock
0.29 ms planning against 0.07 ms executing). A cursor from `prepared_cursor()` binds on the
server instead and has psycopg prepare what it runs (Django turns psycopg's automatic
preparing off): the first run parses and plans it as a named statement of the connection,
in the same round trip; later runs on that connection skip both. psycopg keeps the
connection's `prepared_max` (100) most recent statements, keyed by text and parameter
types. The cursor is still Django's (errors wrapped, queries logged and counted).
"""

import sys
from contextlib import contextmanager
from functools import cache

from django.db import connection


@contextmanager
def prepared_cursor():
    """A cursor on the default connection whose repeated statements are prepared (on
    PostgreSQL; elsewhere Django's usual cursor). Its SQL takes `%s` placeholders whose
    types PostgreSQL can tell from their use or an explicit cast."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    raw = connection.connection
    client_factory = raw.cursor_factory
    raw.cursor_factory = _preparing_cursor_class()  # this cursor only: restored right away
    try:
        cursor = connection.cursor()
    finally:
        raw.cursor_factory = client_factory
    with cursor:
        yield cursor


@cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, **kwargs):
            # Django leaves the connection's prepare_threshold at None, which turns
            # psycopg's cache of prepared statements off for every statement: on, for this
            # one only (a threshold no count reaches, so nothing else is prepared).
            conn = self.connection
            threshold = conn.prepare_threshold
            conn.prepare_threshold = threshold if threshold is not None else sys.maxsize
            try:
                return super().execute(query, params, prepare=True, **kwargs)
            finally:
                conn.prepare_threshold = threshold

        def _convert_query(self, query, params=None):
            # Django's query log (connection.queries, CaptureQueriesContext) reads the
            # statement sent from `_query`, which only psycopg's client-binding cursor keeps.
            self._query = super()._convert_query(query, params)
            return self._query

    return PreparingCursor

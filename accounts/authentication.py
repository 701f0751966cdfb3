"""API token authentication: DRF's rule (the key of an active user, else 401 "Invalid
token." / "User inactive or deleted."), with the lookup written out once on PostgreSQL.

Every API request of a judge's tablet or an integration starts with it. DRF's
`Token.objects.select_related("user").get(key=…)` compiles the same SQL again for each
request: about a tenth of a scorecard submit's CPU (bench/README.md, "Submitting
scorecards"). The statement here is built once from the models' own fields, so it follows
them; other databases keep DRF's query.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from core.prepared import prepared_cursor


@cache
def _token_and_user_sql() -> tuple[str, list[str]]:
    """The token's creation time and every column of its user, by key; the user's field
    names in the order selected."""
    user_model = get_user_model()
    quote = connection.ops.quote_name
    fields = user_model._meta.concrete_fields
    columns = ", ".join(f"u.{quote(f.column)}" for f in fields)
    sql = (f"SELECT t.{quote('created')}, {columns} "
           f"FROM {quote(Token._meta.db_table)} t "
           f"JOIN {quote(user_model._meta.db_table)} u "
           f"ON u.{quote(user_model._meta.pk.column)} = t.{quote('user_id')} "
           f"WHERE t.{quote('key')} = %s")
    return sql, [f.attname for f in fields]


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        if connection.vendor != "postgresql":
            return super().authenticate_credentials(key)
        sql, user_fields = _token_and_user_sql()
        with prepared_cursor() as cursor:
            cursor.execute(sql, [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = get_user_model().from_db(connection.alias, user_fields, row[1:])
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token.from_db(connection.alias, ["key", "user_id", "created"],
                              [key, user.pk, row[0]])
        token.user = user
        return user, token

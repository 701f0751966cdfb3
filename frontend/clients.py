"""The client's address for pages: `core.client_address`, the one answer the API's
throttles, the login lockout and every stored address use too."""

from core.client_address import client_address

__all__ = ["client_address"]

"""What every page's shell (frontend/base.html) needs: the unread count in the top bar and
whether the worker's bottom navigation is shown. Lazy: a page that does not render the
shell (an HTMX fragment) runs no query for it."""

from functools import cached_property

from django.urls import reverse

from core.permissions import is_worker
from notifications import selectors as notification_selectors

# Bottom navigation of workers: (url name, path prefix that marks it current).
WORKER_SECTIONS = (
    ("home", "/"),
    ("worker:contests", "/contests/"),
    ("worker:entries", "/entries/"),
    ("worker:notifications", "/notifications/"),
    ("worker:profile", "/me/"),
)


class Shell:
    def __init__(self, request):
        self.request = request

    @cached_property
    def user(self):
        return getattr(self.request, "user", None)

    @cached_property
    def signed_in(self) -> bool:
        return bool(self.user and self.user.is_authenticated)

    @cached_property
    def unread_count(self) -> int:
        return notification_selectors.unread_count(self.user) if self.signed_in else 0

    @cached_property
    def notifications_url(self) -> str:
        return reverse("worker:notifications") if self.signed_in else ""

    @cached_property
    def bottom_nav(self) -> bool:
        return self.signed_in and is_worker(self.user)

    @cached_property
    def current_section(self) -> str:
        """The url name of the bottom-navigation item the current page belongs to."""
        path = self.request.path
        best = ""
        for name, prefix in WORKER_SECTIONS:
            if path == prefix or (prefix != "/" and path.startswith(prefix)):
                best = name
        if path.startswith("/certificates/"):
            best = "worker:profile"
        return best


def shell(request):
    return {"shell": Shell(request)}

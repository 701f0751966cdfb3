"""Who may use the console, and how a refused write reads on a page.

The console is for organizers (`core.permissions.is_organizer`, the rule the API's
`IsOrganizer` applies): anonymous visitors are sent to the login page, any other logged-in
user gets 403, as the API answers them. Objects are looked up through the apps' selectors,
so a missing one is 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from core.errors import DomainError, NotFound
from core.permissions import is_organizer


def organizer_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_organizer(request.user):
            raise PermissionDenied
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404 from error
    return wrapper


def explain(error: DomainError) -> str:
    """The domain error in words, for a message at the top of the page."""
    if error.errors:
        return " ".join(str(m) for messages_ in error.errors.values() for m in messages_)
    return str(error.message)


def refused(request, error: DomainError, to: str, *args):
    """Tell the organizer why the write was refused and go back where they were."""
    messages.error(request, explain(error))
    return redirect(to, *args)


def back(request, to: str, *args, message: str | None = None):
    if message:
        messages.success(request, message)
    return redirect(to, *args)

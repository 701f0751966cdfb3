"""Who may open the judge pages: logged-in judges. Everyone else logs in, or is told the
pages are for judges (403), never shown a judge's data."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from core.permissions import is_judge


def judge_required(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_judge(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper

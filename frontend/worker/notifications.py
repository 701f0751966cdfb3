"""Notifications: the list, opening one (marks it read and follows its link), mark all."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core.errors import NotFound
from notifications import selectors, services

PAGE_SIZE = 50


@require_GET
@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "frontend/worker/notifications.html", {"page": page})


@require_GET
@login_required
def open_notification(request, pk: int):
    """Opening a notification reads it: mark it read, then go where it points (a page of
    this site only; anything else comes back to the list)."""
    try:
        notification = services.mark_read(user=request.user, notification_id=pk)
    except NotFound:
        raise Http404 from None
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return redirect(link)
    return redirect("worker:notifications")


@require_POST
@login_required
def mark_all_read(request):
    services.mark_all_read(user=request.user)
    return redirect("worker:notifications")

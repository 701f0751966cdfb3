"""人员: the roster import (check first: every row error before anything is written; then
all rows or none, with progress for large files), users with masked personal data and the
audited reveal of an ID number, and enterprises."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.errors import RosterInvalid
from accounts.models import Role
from accounts.roster import check_roster, read_roster
from accounts.search import search_users
from core.errors import DomainError, InvalidInput

from .access import organizer_page, refused

PAGE_SIZE = 50


def _users(request):
    users = selectors.users_with_details()
    role = request.GET.get("role", "")
    if role in Role.values:
        users = users.filter(role=role)
    query = request.GET.get("q", "").strip()
    return search_users(users, query), role, query


@organizer_page
def people(request):
    users, role, query = _users(request)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/console/people.html", {
        "page": page, "roles": Role.choices, "role": role, "q": query, "nav": "people",
        "revealed": None})


@organizer_page
@require_POST
def reveal_id(request, user_id):
    user = selectors.user_detail(user_id)
    profile = getattr(user, "worker_profile", None) if user else None
    if profile is None:
        raise Http404
    try:
        number = services.reveal_id_number(actor=request.user, profile=profile,
                                           reason=request.POST.get("reason", ""))
    except DomainError as error:
        return refused(request, error, "console:people")
    return render(request, "frontend/console/revealed.html", {
        "subject": user, "number": number, "nav": "people"})


@organizer_page
def enterprises(request):
    page = Paginator(selectors.enterprises_with_union(), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "frontend/console/enterprises.html", {"page": page,
                                                                  "nav": "people"})


@organizer_page
def roster(request):
    context = {"nav": "people", "errors": None, "checked": None}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise InvalidInput(_("Choose an .xlsx file."), field="file")
            if request.POST.get("step") == "check":
                check = check_roster(read_roster(upload))
                if check.errors:
                    context["errors"] = check.errors
                else:
                    context["checked"] = len(check.workers)
            else:
                outcome = services.import_roster(actor=request.user, file=upload)
                if outcome.job is not None:
                    return redirect("console:import-job", outcome.job.pk)
                messages.success(request, _("%(count)s workers imported.") % {
                    "count": outcome.created})
                return redirect("console:people")
        except RosterInvalid as error:
            context["errors"] = error.row_errors
        except DomainError as error:
            messages.error(request, str(error.message))
    return render(request, "frontend/console/roster.html", context)


@organizer_page
def import_job(request, job_id):
    job = selectors.import_job(job_id)
    if job is None:
        raise Http404
    template = ("frontend/console/_import_progress.html" if request.htmx
                else "frontend/console/import_job.html")
    return render(request, template, {"job": job, "nav": "people"})

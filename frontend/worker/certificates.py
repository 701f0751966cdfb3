"""The worker's certificates: the list, one certificate's page and its PDF. Anyone else
who opens a certificate's page (a link shared, a QR code) sees its public verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.downloads import private_download
from core.errors import NotAllowed, NotFound
from publicity import selectors as publicity_selectors
from publicity import services as publicity_services
from publicity.numbers import normalize
from publicity.permissions import can_see_certificate

PAGE_SIZE = 50


@require_GET
@login_required
def certificate_list(request):
    page = Paginator(publicity_selectors.visible_certificates(request.user),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/worker/certificate_list.html", {"page": page})


@require_GET
def certificate_detail(request, number: str):
    _canonical, certificate = publicity_selectors.find_certificate(number)
    if certificate is None or not can_see_certificate(request.user, certificate):
        return redirect("verify-certificate", number=normalize(number))
    return render(request, "frontend/worker/certificate_detail.html",
                  {"certificate": certificate})


@require_GET
@login_required
def certificate_pdf(request, number: str):
    try:
        content = publicity_services.pdf_for_download(user=request.user, number=number)
    except NotFound:
        raise Http404 from None
    except NotAllowed as error:
        messages.error(request, str(error.message))
        return redirect("worker:certificate", number=normalize(number))
    return private_download(content, content_type="application/pdf",
                            filename=f"{normalize(number)}.pdf")

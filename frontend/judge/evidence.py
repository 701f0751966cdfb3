"""Evidence in the scoring page: images as they are, PDFs as pictures of their pages. All of
it comes from the judge's cleaned copy (`contests.selectors.evidence_file`), behind the same
permission check as `GET /api/attachments/{id}/`."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from contests import selectors as contest_selectors
from core.errors import NotAllowed, NotFound
from core.ids import MAX_ID

from . import pdfpages
from .access import judge_required

# The judge's own device may keep what they were shown for a while (they may lose signal
# on site); no shared cache may.
CACHE_CONTROL = "private, max-age=3600"


def _evidence(request, pk):
    if pk > MAX_ID:
        raise Http404
    try:
        return contest_selectors.evidence_file(request.user, pk)
    except NotFound:
        raise Http404 from None


def _unreadable(request, message, status=409):
    return render(request, "frontend/judge/_evidence_unreadable.html",
                  {"message": message}, status=status)


@judge_required
def viewer(request, pk):
    """Every page of a PDF (or the picture), as a fragment for the scoring page (htmx) or a
    page of its own (without JavaScript)."""
    try:
        evidence = _evidence(request, pk)
    except NotAllowed as error:
        return _unreadable(request, error.message)
    pages = []
    if evidence.content_type == "application/pdf":
        with evidence.stream as stream:
            data = stream.read()
        try:
            count = pdfpages.page_count(data)
        except pdfpages.UnrenderablePdf:
            return _unreadable(request, _("This PDF cannot be shown. Please tell the "
                                          "organizers."))
        pages = range(1, min(count, pdfpages.MAX_PAGES) + 1)
    else:
        evidence.stream.close()
        count = 0
    back = request.GET.get("back", "")
    context = {"pk": pk, "pages": pages,
               "back": int(back) if back.isdigit() and int(back) <= MAX_ID else None,
               "count": count, "is_pdf": bool(count),
               "truncated": count > pdfpages.MAX_PAGES, "max_pages": pdfpages.MAX_PAGES}
    template = ("frontend/judge/_evidence_pages.html" if request.htmx
                else "frontend/judge/evidence.html")
    return render(request, template, context)


@judge_required
def image(request, pk):
    try:
        evidence = _evidence(request, pk)
    except NotAllowed as error:
        return _unreadable(request, error.message)
    if not evidence.content_type.startswith("image/"):
        evidence.stream.close()
        raise Http404
    response = FileResponse(evidence.stream, content_type=evidence.content_type)
    response["Cache-Control"] = CACHE_CONTROL
    return response


@judge_required
def pdf_page(request, pk, number):
    try:
        evidence = _evidence(request, pk)
    except NotAllowed as error:
        return _unreadable(request, error.message)
    with evidence.stream as stream:
        data = stream.read()
    if evidence.content_type != "application/pdf":
        raise Http404
    try:
        png = pdfpages.page_png(data, number)
    except IndexError:
        raise Http404 from None
    except pdfpages.UnrenderablePdf:
        return _unreadable(request, _("This PDF cannot be shown. Please tell the organizers."))
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = CACHE_CONTROL
    return response

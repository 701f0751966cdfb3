"""The one way a private file (an export, a certificate) is handed out: as an attachment
that no shared cache may keep (it carries names or is someone's own)."""

from django.http import HttpResponse


def private_download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from publicity import selectors as publicity_selectors
from publicity.numbers import is_well_formed
from publicity.serializers import verification


def home(request):
    return render(request, "frontend/home.html")


@require_GET
def verify_certificate(request, number=""):
    """Public page the certificate's QR code opens: valid, revoked or unknown. Numbers carry
    60 random bits, so answering freely reveals nothing that could be enumerated."""
    typed = request.GET.get("number", "").strip()
    if typed and not number:
        return redirect("verify-certificate", number=typed)
    result = None
    if number:
        canonical, certificate = publicity_selectors.find_certificate(number)
        result = verification(canonical, certificate, is_well_formed(canonical))
    status = 404 if result and result["status"] == "unknown" else 200
    return render(request, "frontend/verify.html", {"result": result, "number": number},
                  status=status)

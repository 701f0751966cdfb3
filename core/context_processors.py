def csp_nonce(request):
    """Expose the CSP nonce under the name django-htmx's `htmx_script` tag expects."""
    nonce = getattr(request, "_csp_nonce", None) or getattr(request, "csp_nonce", None)
    return {"csp_nonce": nonce}

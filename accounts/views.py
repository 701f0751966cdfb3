"""Page views of accounts that are not the API's."""

from django.conf import settings
from django.views import i18n
from django.views.decorators.http import require_POST

from . import services


@require_POST
def set_language(request):
    """Django's language switch; a logged-in user's choice is also kept as their preferred
    language, so notifications (built later, in a worker) follow it."""
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER)
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_preferred_language(user=request.user, language=language)
    return response

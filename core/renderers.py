"""Renderers for views that answer with a file."""

import json

from rest_framework.renderers import BaseRenderer


class FileRenderer(BaseRenderer):
    """Lets a client ask for the file's media type (Accept) without a 406; the file itself
    is a plain HttpResponse or FileResponse. An error is rendered by JSONRenderer instead,
    with the JSON content type (core.api.exception_handler); JSON here is a fallback."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data, ensure_ascii=False).encode()


def file_renderer(media_type: str, suffix: str) -> type[FileRenderer]:
    """A FileRenderer for `media_type`, also chosen by `?format=<suffix>`."""
    return type(f"{suffix.title()}Renderer", (FileRenderer,),
                {"media_type": media_type, "format": suffix})

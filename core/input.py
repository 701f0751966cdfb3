"""The one way API views parse a request body, and the one 400 shape.

A view calls `parse(SomeInputSerializer, request.data)`: the serializer checks shapes and
types only (the rules are the services'), and any mistake comes back as a 400 whose body
is flat, every wrong field named by its path in the body:

    {"stages[0].criteria[1].max_score": ["…"], "title": ["…"]}

The same shape is produced by `core.api.exception_handler` for a DRF `ValidationError`
raised anywhere else, and by `core.errors.InvalidInput(field=…)` raised by a service.
"""

from rest_framework.settings import api_settings

from .errors import InvalidInput


def flatten_errors(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure -> {"stages[0].criteria[1].max_score": [...]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                path = prefix or key
            elif isinstance(key, int):
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            for sub_path, messages in flatten_errors(value, path).items():
                flat.setdefault(sub_path, []).extend(messages)
    elif isinstance(errors, list):
        if all(isinstance(item, str) for item in errors):
            if errors:
                flat[prefix] = [str(item) for item in errors]
        else:
            for index, item in enumerate(errors):
                flat.update(flatten_errors(item, f"{prefix}[{index}]"))
    else:
        flat[prefix] = [str(errors)]
    return flat


def parse(serializer_class, data, **kwargs) -> dict:
    """The validated data, or InvalidInput (400) with flat paths."""
    serializer = serializer_class(data=data, **kwargs)
    if not serializer.is_valid():
        raise InvalidInput(errors=flatten_errors(serializer.errors))
    return serializer.validated_data

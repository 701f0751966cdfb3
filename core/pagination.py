from django import forms
from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination

from .errors import InvalidInput


class PageNumberPagination(BasePageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        """`?page_size=` absent or empty: 20; above 200: 200; anything but a whole
        number from 1 up: a 400 naming it (DRF falls back to 20 silently)."""
        value = request.query_params.get(self.page_size_query_param)
        if value in (None, ""):
            return self.page_size
        try:
            size = forms.IntegerField(min_value=1).clean(value)
        except forms.ValidationError as error:
            raise InvalidInput(errors={self.page_size_query_param: error.messages}) from None
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        """The schema says what `get_page_size` accepts: a whole number from 1 up."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters

from django import template

from core.masking import mask_phone

register = template.Library()


@register.filter
def masked_phone(value):
    return mask_phone(value)

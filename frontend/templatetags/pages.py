"""Small presentation helpers for the pages: labels and badge styles, no rules."""

from django import template

from accounts.models import Industry
from contests.models import Entry

register = template.Library()

# Badge style per entry status / contest state: colour only repeats what the word says.
BADGE_STYLES = {
    "draft": "", "submitted": "info", "qualified": "ok", "rejected": "bad",
    "withdrawn": "", "advanced": "ok", "eliminated": "",
    "registration_open": "ok", "registration_closed": "", "judging": "info",
    "results_ready": "info", "in_notice": "warn", "final": "", "cancelled": "bad",
    "valid": "ok", "revoked": "bad", "open": "warn", "closed": "",
}


@register.filter
def badge_style(value) -> str:
    return BADGE_STYLES.get(str(value), "")


@register.filter
def industry_label(value) -> str:
    try:
        return Industry(value).label
    except ValueError:
        return value


@register.filter
def industry_labels(values) -> str:
    return "、".join(str(industry_label(v)) for v in values or ())


@register.simple_tag(takes_context=True)
def current(context, name: str) -> str:
    """aria-current for the bottom navigation item of the current section."""
    shell = context.get("shell")
    return 'aria-current="page"' if shell and shell.current_section == name else ""


@register.filter
def entry_status(value) -> str:
    """The word for an entry status (use the entry's `visible_status`)."""
    try:
        return Entry.Status(value).label
    except ValueError:
        return value

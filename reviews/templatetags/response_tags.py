from django import template

from reviews import selectors
from reviews.response_selectors import Window, response_window

register = template.Library()


@register.simple_tag
def author_response_phase(workshop) -> dict:
    """The response phase as the authors' paper page announces it (nothing while off or
    while the reviews are not shown)."""
    settings_obj = selectors.review_settings_get(workshop=workshop)
    window = response_window(settings_obj)
    return {
        "visible": window not in (Window.OFF, Window.HIDDEN),
        "open": window == Window.OPEN,
        "closes_at": settings_obj.response_closes_at,
        "opens_at": settings_obj.response_opens_at,
    }

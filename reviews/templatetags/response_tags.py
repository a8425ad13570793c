from django import template

from reviews import selectors
from reviews.response_selectors import Window, response_window, responses_for_organizer

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


@register.simple_tag
def author_responses_for_organizer(submission) -> list:
    """For the organizers' paper page only (it shows nothing of a paper the organizer is an
    author of: decisions.views gets the paper through organizer_paper_get)."""
    return responses_for_organizer(submission=submission)

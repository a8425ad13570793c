from django import template

from decisions import selectors
from reviews import selectors as reviews_selectors

register = template.Library()


@register.simple_tag
def reviews_for_authors(submission) -> dict:
    """The released decision and the anonymized, author-visible reviews of a paper."""
    return {
        "decision": selectors.decision_for_author(submission=submission),
        "reviews": reviews_selectors.reviews_for_author(submission=submission),
    }

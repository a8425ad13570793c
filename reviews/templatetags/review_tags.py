from django import template

from reviews import review_selectors as selectors

register = template.Library()


@register.simple_tag
def reviews_for_authors(submission) -> dict:
    """The released decision and the anonymized, author-visible reviews of a paper."""
    return {
        "decision": selectors.decision_for_author(submission=submission),
        "reviews": selectors.reviews_for_author(submission=submission),
    }

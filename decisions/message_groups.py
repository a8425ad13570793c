"""Authors by decision outcome, for organizers' messages (registered in DecisionsConfig)."""

from notifications.groups import AUTHORS, RecipientGroup, Resolved, recipient_group_register
from reviews.enums import DecisionOutcome
from reviews.selectors import outcome_choices
from submissions.message_groups import authors_of
from submissions.models import Submission


def _by_outcome(*, workshop, user, value: str, ids) -> Resolved:
    if value not in DecisionOutcome.values:
        return Resolved(recipients=[], description="")
    return authors_of(
        workshop=workshop,
        user=user,
        papers=Submission.objects.filter(decision__outcome=value),
        description=f"Authors of papers decided “{DecisionOutcome(value).label}”",
    )


def register() -> None:
    recipient_group_register(
        RecipientGroup(
            key="authors_outcome",
            label="Authors of papers decided",
            audience=AUTHORS,
            resolve=_by_outcome,
            options=outcome_choices,
            order=20,
        )
    )

"""The reviewer pool as a group organizers may message (registered in PoolConfig.ready())."""

from notifications.groups import (
    POOL,
    REVIEWERS,
    Recipient,
    RecipientGroup,
    Resolved,
    recipient_group_register,
)
from pool.selectors import pool_users


def _recipients(users) -> list[Recipient]:
    return [Recipient(email=user.email.lower(), name=user.full_name) for user in users]


def _whole_pool(*, workshop, user, value: str, ids) -> Resolved:
    return Resolved(
        recipients=_recipients(pool_users(workshop=workshop)),
        description="All accepted reviewers",
    )


def _selected(*, workshop, user, value: str, ids) -> Resolved:
    return Resolved(
        recipients=_recipients(pool_users(workshop=workshop).filter(pk__in=ids)),
        description=f"{len(ids)} selected reviewer{'s' if len(ids) != 1 else ''}",
    )


def register() -> None:
    recipient_group_register(
        RecipientGroup(
            key="reviewers_pool",
            label="All accepted reviewers",
            audience=REVIEWERS,
            resolve=_whole_pool,
            order=50,
        )
    )
    recipient_group_register(
        RecipientGroup(
            key="reviewers_selected",
            label="The selected reviewers",
            audience=REVIEWERS,
            resolve=_selected,
            selection=POOL,
            order=50,
        )
    )

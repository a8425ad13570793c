"""Topics' answers to what others announce: a confirmed address claims organizer invitations."""

from topics.services import organizer_invitations_claim


def claim_organizer_invitations(sender, *, email_address, **kwargs) -> None:
    organizer_invitations_claim(user=email_address.user, email=email_address.email)

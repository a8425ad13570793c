from submissions.services import authorships_link_user


def link_authorships_on_confirmation(sender, request, email_address, **kwargs) -> None:
    """A confirmed address brings the submissions that name it onto its owner's dashboard."""
    authorships_link_user(user=email_address.user, email=email_address.email)

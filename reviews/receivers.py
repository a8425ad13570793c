"""Reviews' answers to what lower apps announce."""

from reviews.services import review_setup_copy


def copy_review_setup(sender, *, source, target, **kwargs) -> None:
    review_setup_copy(source=source, target=target)

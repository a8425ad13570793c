import rules

from topics.models import Workshop


@rules.predicate
def is_organizer(user, workshop: Workshop | None) -> bool:
    if workshop is None or not user.is_authenticated:
        return False
    return workshop.organizers.filter(pk=user.pk).exists()


is_staff = rules.is_staff


def register_permissions() -> None:
    """Called once, from this app's AppConfig.ready()."""
    rules.add_perm("topics.manage_workshop", is_organizer | rules.is_superuser)

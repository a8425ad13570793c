from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from topics.selectors import workshop_get


def organizer_required(view):
    """Load the workshop from the URL and let only its organizers (or superusers) in."""

    @wraps(view)
    def wrapper(request, workshop: str, *args, **kwargs):
        workshop_obj = workshop_get(slug=workshop)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("topics.manage_workshop", workshop_obj):
            raise PermissionDenied
        return view(request, workshop_obj, *args, **kwargs)

    return wrapper

"""The API asks the same `rules` permissions as the pages, on the workshop in the URL."""

import rules
from rest_framework.permissions import IsAuthenticated

from topics.selectors import workshop_get


def workshop_of(view):
    """The workshop named in the URL (a 404 when there is none), loaded once per request."""
    if not hasattr(view, "_workshop"):
        view._workshop = workshop_get(slug=view.kwargs["workshop"])
    return view._workshop


class WorkshopPermission(IsAuthenticated):
    """Signed in, and holding ``perm`` on the workshop (a 401 without credentials)."""

    perm = ""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.user.has_perm(self.perm, workshop_of(view))


class IsOrganizer(WorkshopPermission):
    perm = "topics.manage_workshop"


class IsReviewer(WorkshopPermission):
    perm = "assignment.view_my_assignments"


class IsPoolReviewer(IsAuthenticated):
    """In the workshop's reviewer pool, asked as the pool pages ask it (`rules.has_perm`,
    which lets no superuser in without a profile): a 403 otherwise."""

    message = "You are not a reviewer of this workshop."

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return rules.has_perm("pool.edit_reviewer_profile", request.user, workshop_of(view))

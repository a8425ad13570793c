"""Permissions of the assignment pages.

Organizer pages use topics.permissions.organizer_required ("topics.manage_workshop");
which assigned papers a reviewer may open is decided by
assignment.selectors.submissions_for_assigned_reviewer."""

import rules

from pool.rules import is_reviewer


def register_permissions() -> None:
    """Called once, from this app's AppConfig.ready()."""
    rules.add_perm("assignment.view_my_assignments", is_reviewer)

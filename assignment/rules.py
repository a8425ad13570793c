"""Permissions of the assignment pages (imported by reviews.assignment_views).

Organizer pages use topics.permissions.organizer_required ("topics.manage_workshop");
which assigned papers a reviewer may open is decided by reviews.review_selectors."""

import rules

from pool.rules import is_reviewer

rules.add_perm("reviews.view_my_assignments", is_reviewer)

"""What the reviewer pool announces to higher layers (their receivers call their own
services; see DESIGN.md, conventions 1)."""

from django.dispatch import Signal

# A reviewer's own papers were added, edited, removed, reordered or replaced (the profile
# page, a pasted BibTeX file or list, import_reviewers, import_expertise). Sent once the
# transaction has committed. Keyword arguments: profile_id.
reviewer_papers_changed = Signal()

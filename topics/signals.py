"""What this app announces to the apps above it (they connect in their AppConfig.ready())."""

from django.dispatch import Signal

# A workshop was created as a copy of an earlier one: sent with source=, target=, by= and
# invite_reviewers=, inside the transaction; each app copies its own rows.
workshop_copied = Signal()

# A person with an account became an organizer by another's invitation: sent with
# workshop=, user= and by=, inside the transaction (notifications tells them by mail).
organizer_added = Signal()

# An address without an account was invited to co-organize: sent with invitation=,
# inside the transaction (notifications mails the invitation to sign up).
organizer_invited = Signal()

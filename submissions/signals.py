"""What this app announces to the apps above it (they connect in their AppConfig.ready())."""

from django.dispatch import Signal

# A paper's authors changed in a way that can change conflicts of interest (a name, an email,
# an affiliation or a linked account): sent with submission=, inside the transaction.
authors_changed = Signal()

# Papers were imported in bulk into a workshop: sent with workshop=, inside the transaction.
submissions_imported = Signal()

# A paper's title, abstract or keywords may have changed (created, edited or submitted): sent
# with submission=, inside the transaction.
submission_text_saved = Signal()

from collections.abc import Sequence

from django import forms

from notifications.mail_templates import placeholders_check


class MailTemplateForm(forms.Form):
    """A subject and body with ``{{ placeholders }}``; unknown ones are refused."""

    subject = forms.CharField(max_length=300)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}))

    def __init__(self, *args, allowed: Sequence[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def clean(self):
        cleaned = super().clean()
        placeholders_check(
            text=cleaned.get("subject", "") + cleaned.get("body", ""), allowed=self.allowed
        )
        return cleaned

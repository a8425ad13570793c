from collections.abc import Sequence

from django import forms

from notifications.enums import EmailStatus
from notifications.mail_templates import placeholders_check


class MailLogFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        widget=forms.TextInput(attrs={"placeholder": "Recipient or subject", "type": "search"}),
    )
    kind = forms.ChoiceField(required=False)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *EmailStatus.choices])

    def __init__(self, *args, kinds: Sequence[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind"), *((kind, kind) for kind in kinds)]

    def filters(self) -> dict[str, str]:
        """The valid filters; a value that is not valid filters nothing."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "search": data.get("q", "").strip(),
            "kind": data.get("kind", ""),
            "status": data.get("status", ""),
        }


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


class GroupMessageForm(MailTemplateForm):
    """A message to a group: which group, the text, and whose copy to preview."""

    group = forms.ChoiceField(label="To")
    preview_for = forms.CharField(label="Preview the mail of", required=False, widget=forms.Select)
    token = forms.UUIDField(widget=forms.HiddenInput)

    field_order = ["group", "subject", "body", "preview_for", "token"]

    def __init__(self, *args, groups: Sequence[tuple[str, str]], recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = groups
        self.fields["preview_for"].widget.choices = [
            (recipient.email, f"{recipient.name} <{recipient.email}>") for recipient in recipients
        ]

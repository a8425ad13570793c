"""Forms of the author response phase: the organizers' settings and the authors' text."""

from django import forms

from reviews.models import ReviewSettings
from topics.forms import AoEDateTimeField

MATH_HELP = "Markdown; $inline math$ and $$display math$$ are rendered."


class ResponseSettingsForm(forms.ModelForm):
    class Meta:
        model = ReviewSettings
        fields = [
            "response_enabled",
            "response_opens_at",
            "response_closes_at",
            "response_max_chars",
            "response_per_review",
        ]
        field_classes = {
            "response_opens_at": AoEDateTimeField,
            "response_closes_at": AoEDateTimeField,
        }


class AuthorResponseForm(forms.Form):
    """No length check here: the service refuses an over-long text and the page keeps it."""

    text = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MATH_HELP,
        strip=False,
    )
    reviewer = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, max_chars: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["data-max-chars"] = str(max_chars)

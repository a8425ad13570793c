from datetime import datetime

from django import forms
from django.utils import timezone

from topics.aoe import AOE
from topics.models import Workshop
from topics.services import DATE_FIELDS, dates_order_problem

DATE_HELP = "Anywhere on Earth (UTC−12): 23:59 here is 23:59 AoE."


class AoEDateTimeField(forms.DateTimeField):
    """A date and time typed in AoE ("2026-12-22 23:59" is 23:59 AoE), stored in UTC."""

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local", "data-aoe": "1"}, format="%Y-%m-%dT%H:%M"
    )
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        with timezone.override(AOE):
            return super().prepare_value(value)

    def to_python(self, value) -> datetime | None:
        with timezone.override(AOE):
            return super().to_python(value)


class DatesInOrderMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in DATE_FIELDS:
            if field in self.fields:
                self.fields[field].label = f"{self.fields[field].label} (AoE)"

    def clean(self):
        cleaned = super().clean()
        problem = dates_order_problem(
            {field: cleaned.get(field) for field in DATE_FIELDS if field not in self.errors}
        )
        if problem:
            self.add_error(problem[0], problem[1])
        return cleaned


class WorkshopSettingsForm(DatesInOrderMixin, forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Workshop
        fields = [
            "name",
            "short_name",
            "slug",
            *DATE_FIELDS,
            "max_pages",
            "camera_ready_max_pages",
            "max_pdf_mb",
            "max_supplementary_mb",
            "max_title_chars",
            "max_abstract_chars",
            "max_secondary_topics",
            "reviewers_per_paper",
            "max_papers_per_reviewer",
            "show_other_reviews_after_submit",
            "area_chairs_see_reviewer_names",
            "venue",
            "website",
            "contact_email",
            "description",
        ]
        field_classes = dict.fromkeys(DATE_FIELDS, AoEDateTimeField)
        labels = {
            "max_papers_per_reviewer": "Most papers per reviewer",
            "show_other_reviews_after_submit": (
                "Reviewers see the other reviews of a paper once they submit their own"
            ),
            "description": "Call for papers",
        }
        help_texts = {
            "description": "Markdown. The call-for-papers page shows it.",
            "slug": "The workshop's address on this site: letters, digits and hyphens.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, slug_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].strip = False
        if slug_locked:
            self.fields["slug"].disabled = True
            self.fields[
                "slug"
            ].help_text = "Fixed: papers have been submitted, and their links and emails carry it."

    def clean_description(self) -> str:
        return self.cleaned_data["description"].replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        # The form shows minutes: a stored date with seconds, typed back unchanged, stays.
        for field in DATE_FIELDS:
            stored = getattr(self.instance, field, None)
            if stored and cleaned.get(field) == stored.replace(second=0, microsecond=0):
                cleaned[field] = stored
        return cleaned


class OrganizerInviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="With an account, they join now; without, we invite them to sign up.",
    )


class WorkshopNewForm(DatesInOrderMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["name", "short_name", "slug", *DATE_FIELDS]
        field_classes = dict.fromkeys(DATE_FIELDS, AoEDateTimeField)


class WorkshopCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Workshop.objects.none(), label="Copy of", empty_label=None
    )
    name = forms.CharField(max_length=300)
    short_name = forms.CharField(max_length=50)
    slug = forms.SlugField(
        max_length=60, help_text="The new workshop's address on this site: letters, digits, -."
    )
    offset_days = forms.IntegerField(
        label="Move every date by (days)",
        initial=365,
        min_value=-3650,
        max_value=3650,
        help_text="365: the same dates a year later.",
    )
    invite_reviewers = forms.BooleanField(
        required=False,
        label="Invite the earlier workshop's reviewers again",
        help_text="Each gets an invitation email with a personal link.",
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources

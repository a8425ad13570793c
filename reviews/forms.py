"""Forms of the review, decision, email-text and settings pages (validate only)."""

import re
import unicodedata
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

from notifications.mail_templates import placeholders_check
from reviews import selectors
from reviews.enums import DecisionOutcome, FormFieldKind
from reviews.models import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    DiscussionComment,
    Review,
    ReviewFormField,
    ReviewSettings,
)
from reviews.services import (
    REMINDER_PLACEHOLDERS,
    REMINDER_TEMPLATE_FIELDS,
    REVIEW_FIELDS,
    ReviewContent,
)
from topics.models import Track, Workshop

MARKDOWN_HELP = "Markdown; $inline math$ is kept as typed."


NUL_MESSAGE = "Remove the null characters from your text; nothing was saved."


class ReviewForm(forms.ModelForm):
    """The workshop's review form: the standard questions plus the organizers' own.
    With submit=False (a draft) nothing is required."""

    score = forms.TypedChoiceField(label="Overall recommendation", coerce=int, empty_value=None)
    confidence = forms.TypedChoiceField(label="Confidence", coerce=int, empty_value=None)

    class Meta:
        model = Review
        fields = [
            "score",
            "confidence",
            "summary",
            "strengths",
            "weaknesses",
            "comments_to_authors",
            "confidential_comments",
            "no_conflict_confirmed",
        ]
        labels = {
            "summary": "Summary of the paper",
            "comments_to_authors": "Questions and comments to the authors",
            "confidential_comments": "Confidential comments to the organizers",
            "no_conflict_confirmed": "I have no conflict of interest with this paper.",
        }
        help_texts = {
            "summary": MARKDOWN_HELP,
            "strengths": MARKDOWN_HELP,
            "weaknesses": MARKDOWN_HELP,
            "comments_to_authors": MARKDOWN_HELP,
            "confidential_comments": "Only the organizers read this; never the authors.",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in (
                "summary",
                "strengths",
                "weaknesses",
                "comments_to_authors",
                "confidential_comments",
            )
        }

    def __init__(self, *args, workshop: Workshop, submit: bool = True, submission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        if submission is None and self.instance is not None and self.instance.submission_id:
            submission = self.instance.submission
        self.submit = submit
        settings_obj = selectors.review_settings_get(workshop=workshop)
        self.fields["score"].choices = [("", "—")] + [
            (value, selectors.score_label(settings_obj, value))
            for value in range(settings_obj.score_max, settings_obj.score_min - 1, -1)
        ]
        self.fields["confidence"].choices = [("", "—")] + [
            (value, selectors.confidence_label(settings_obj, value))
            for value in range(CONFIDENCE_MAX, CONFIDENCE_MIN - 1, -1)
        ]
        # the questions of every track, and of the paper's own (its track's review form)
        self.custom_fields = (
            selectors.form_fields_for_paper(submission=submission)
            if submission is not None
            else selectors.form_fields(workshop=workshop)
        )
        answers = self.instance.custom_answers if self.instance else {}
        for form_field in self.custom_fields:
            label = form_field.label + (
                "" if form_field.visible_to_authors else " (organizers only)"
            )
            if form_field.kind == FormFieldKind.SCORE:
                field = forms.TypedChoiceField(
                    label=label,
                    coerce=int,
                    empty_value=None,
                    choices=[("", "—")]
                    + [
                        (value, str(value))
                        for value in range(form_field.score_min, form_field.score_max + 1)
                    ],
                )
            else:
                field = forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}))
            field.help_text = form_field.help_text
            field.required = submit and form_field.required
            field.initial = answers.get(str(form_field.pk))
            self.fields[form_field.key] = field
        for name in ("score", "confidence", "summary", "no_conflict_confirmed"):
            self.fields[name].required = submit
        for name in ("strengths", "weaknesses", "comments_to_authors", "confidential_comments"):
            self.fields[name].required = False

    def custom_answers(self) -> dict:
        answers = {}
        for form_field in self.custom_fields:
            value = self.cleaned_data.get(form_field.key)
            if value not in (None, ""):
                answers[str(form_field.pk)] = value
        return answers

    def content(self) -> ReviewContent:
        data = {name: self.cleaned_data.get(name) for name in REVIEW_FIELDS}
        data = {
            name: ("" if value is None and name not in ("score", "confidence") else value)
            for name, value in data.items()
        }
        data["no_conflict_confirmed"] = bool(data["no_conflict_confirmed"])
        return ReviewContent(**data, custom_answers=self.custom_answers())

    def draft_data(self) -> dict:
        """What was typed, kept as it is (a draft need not be valid), except that a NUL
        character is refused as every text field refuses it (the database would fail)."""
        data = {}
        for name in REVIEW_FIELDS:
            data[name] = self.data.get(name, "")
        data["no_conflict_confirmed"] = bool(self.data.get("no_conflict_confirmed"))
        data["custom_answers"] = {
            str(form_field.pk): self.data.get(form_field.key, "")
            for form_field in self.custom_fields
        }
        typed = [*data.values(), *data["custom_answers"].values()]
        if any(isinstance(value, str) and "\x00" in value for value in typed):
            raise ValidationError(NUL_MESSAGE, code="null_characters")
        return data


def review_form_initial(review: Review | None) -> dict:
    """The draft if there is one, else the submitted text (for the form's initial values)."""
    if review is None:
        return {}
    source = review.draft or {
        **{name: getattr(review, name) for name in REVIEW_FIELDS},
        "custom_answers": review.custom_answers,
    }
    initial = {name: source.get(name) for name in REVIEW_FIELDS}
    for key, value in (source.get("custom_answers") or {}).items():
        initial[f"custom_{key}"] = value
    return initial


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why do you decline this paper?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class DelegateForm(forms.Form):
    email = forms.EmailField(
        label="Subreviewer's email",
        help_text="They get an invitation by email and see this paper only.",
    )


class DiscussionCommentForm(forms.ModelForm):
    class Meta:
        model = DiscussionComment
        fields = ["body"]
        labels = {"body": "Add to the discussion"}
        help_texts = {"body": "Seen by this paper's reviewers and the organizers. " + MARKDOWN_HELP}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


LABEL_MAX_LENGTH = 200


LABEL_LINE = re.compile(r"([0-9]+)\s*:(.*)")


LABEL_EXAMPLE = "“10: Top 5% of accepted papers”"


# Besides the C0/C1 controls: line and paragraph separators and the bidirectional
# overrides and isolates, which would let a label reorder the text around it.
LABEL_FORBIDDEN = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


LABELS_HELP = (
    "One line per value, like {example}; values without a line show their number only. "
    "Empty: numbers only, no labels. Changing a label only changes the wording shown to "
    "reviewers, organizers and authors; reviews already given keep their numbers."
)


def labels_as_text(labels: Mapping[str, str]) -> str:
    """The stored labels as the settings textarea shows them, lowest value first."""

    def order(key: str) -> tuple:
        return (0, int(key), "") if key.isdecimal() else (1, 0, key)

    return "\n".join(f"{key}: {labels[key]}" for key in sorted(labels, key=order))


def labels_parse(text: str, *, low: int | None, high: int | None) -> dict[str, str]:
    """'<number>: <label>' lines to {"number": "label"}; blank lines are skipped. The
    range is checked only when both ends are known. Every bad line is reported."""
    labels: dict[str, str] = {}
    errors: list[str] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if any(unicodedata.category(char) == "Cc" or char in LABEL_FORBIDDEN for char in line):
            errors.append(f"Line {number}: remove the control characters.")
            continue
        match = LABEL_LINE.fullmatch(line.strip())
        if match is None:
            errors.append(f"Line {number}: write it as <number>: <label>, like {LABEL_EXAMPLE}.")
            continue
        value, label = int(match[1]), match[2].strip()
        if low is not None and high is not None and not low <= value <= high:
            errors.append(f"Line {number}: {value} is outside the scale {low}–{high}.")
        elif str(value) in labels:
            errors.append(f"Line {number}: {value} already has a label above.")
        elif not label:
            errors.append(f"Line {number}: write a label after “{value}:”, or remove the line.")
        elif len(label) > LABEL_MAX_LENGTH:
            errors.append(
                f"Line {number}: keep the label to {LABEL_MAX_LENGTH} characters "
                f"(it has {len(label)})."
            )
        else:
            labels[str(value)] = label
    if errors:
        raise ValidationError(errors)
    return labels


class ReviewSettingsForm(forms.ModelForm):
    outcomes = forms.MultipleChoiceField(
        choices=DecisionOutcome.choices, widget=forms.CheckboxSelectMultiple
    )
    score_labels = forms.CharField(
        label="Score labels",
        required=False,
        max_length=30000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=LABELS_HELP.format(example=LABEL_EXAMPLE)
        + " Values from the lowest to the highest score above.",
    )
    confidence_labels = forms.CharField(
        label="Confidence labels",
        required=False,
        max_length=30000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=LABELS_HELP.format(example="“5: Absolutely certain”")
        + f" Confidence goes from {CONFIDENCE_MIN} to {CONFIDENCE_MAX}.",
    )

    class Meta:
        model = ReviewSettings
        fields = [
            "score_min",
            "score_max",
            "score_labels",
            "confidence_labels",
            "disagreement_spread",
            "outcomes",
            "reminder_days_before",
            "camera_ready_reminder_days",
            "subreviewers_allowed",
            "subreviewer_approval_required",
        ]

    reminder_before_subject = forms.CharField(max_length=300, required=False)
    reminder_before_body = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Empty: the default text. Placeholders: "
        + ", ".join(f"{{{{ {name} }}}}" for name in REMINDER_PLACEHOLDERS),
    )
    reminder_overdue_subject = forms.CharField(max_length=300, required=False)
    reminder_overdue_body = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Empty: the default text.",
    )

    def __init__(self, *args, reminder_texts: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("score_labels", "confidence_labels"):
            self.initial[name] = labels_as_text(getattr(self.instance, name) or {})
        self.initial.update(reminder_texts)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("score_min"), cleaned.get("score_max")
        if low is None or high is None or high <= low:
            low = high = None  # the scale itself is wrong: its error is enough
        ranges = {
            "score_labels": (low, high),
            "confidence_labels": (CONFIDENCE_MIN, CONFIDENCE_MAX),
        }
        for name, (bottom, top) in ranges.items():
            if name in cleaned:
                try:
                    cleaned[name] = labels_parse(cleaned[name], low=bottom, high=top)
                except ValidationError as error:
                    self.add_error(name, error)
        text = "".join(cleaned.get(name) or "" for name in REMINDER_TEMPLATE_FIELDS)
        placeholders_check(text=text, allowed=REMINDER_PLACEHOLDERS)
        low, high = cleaned.get("score_min"), cleaned.get("score_max")
        if low is not None and high is not None and high <= low:
            raise ValidationError("The highest score must be above the lowest.")
        return cleaned


class ReviewFormFieldForm(forms.ModelForm):
    class Meta:
        model = ReviewFormField
        fields = [
            "kind",
            "label",
            "help_text",
            "required",
            "visible_to_authors",
            "score_min",
            "score_max",
            "tracks",
        ]
        widgets = {"tracks": forms.CheckboxSelectMultiple}
        labels = {"tracks": "Only in these tracks"}

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        if tracks:
            self.fields["tracks"].queryset = Track.objects.filter(
                pk__in=[track.pk for track in tracks]
            ).order_by("order", "name")
        else:
            del self.fields["tracks"]  # a workshop without tracks has one review form

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("score_min"), cleaned.get("score_max")
        if low is not None and high is not None and high <= low:
            raise ValidationError("The highest score must be above the lowest.")
        return cleaned

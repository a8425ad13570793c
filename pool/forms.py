"""Forms of the reviewer pool: invitations, the invitation text, profiles, bids and conflicts."""

from collections.abc import Collection

from django import forms
from django.core.exceptions import ValidationError

from notifications.forms import MailTemplateForm
from pool.enums import BidValue, ExpertiseLevel, InvitationRole
from pool.models import AreaChair, ReviewerInvitation, ReviewerPaper, ReviewerProfile
from pool.paper_texts import ABSTRACT_LENGTH, URL_LENGTH
from pool.services import email_domains_parse, invitation_template_check
from submissions.forms import too_large_message
from submissions.upload_handlers import MB, upload_limit_mb
from topics.models import Topic, Workshop

MAX_UPLOAD_MB = 2


class InvitationForm(forms.ModelForm):
    class Meta:
        model = ReviewerInvitation
        fields = ["name", "email", "affiliation", "role"]
        labels = {"role": "Invite as"}
        help_texts = {
            "role": "Area chairs review nothing: each oversees the reviews of "
            "the papers given to them and writes their meta-reviews."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = False  # a form without the choice invites a reviewer

    def clean_role(self) -> str:
        return self.cleaned_data.get("role") or InvitationRole.REVIEWER


class BulkInvitationForm(forms.Form):
    text = forms.CharField(
        label="Paste a list",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": "Ada Lovelace, ada@example.org, University of London"}
        ),
        help_text="One person per line: name, email, affiliation (optional).",
    )
    file = forms.FileField(label="…or upload a CSV file", required=False)

    def __init__(self, *args, dropped_uploads: Collection[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.dropped_uploads = dropped_uploads
        self.limit_mb = upload_limit_mb(MAX_UPLOAD_MB)
        self.fields["file"].help_text = f"UTF-8 text, at most {self.limit_mb} MB."

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.add_prefix("file") in self.dropped_uploads:
            raise ValidationError(too_large_message(self.limit_mb), code="too_large")
        if upload and upload.size > self.limit_mb * MB:
            raise ValidationError(too_large_message(self.limit_mb), code="too_large")
        return upload

    def clean(self):
        cleaned = super().clean()
        if "file" in self.errors:
            return cleaned
        upload = cleaned.get("file")
        if upload:
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as bad:
                raise ValidationError("The file is not UTF-8 text.") from bad
        if not (cleaned.get("text") or "").strip():
            raise ValidationError("Paste a list or choose a file.")
        return cleaned


class InvitationTemplateForm(MailTemplateForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("body"):
            invitation_template_check(body=cleaned["body"])
        return cleaned


class AcceptForm(forms.Form):
    confirm_other_email = forms.BooleanField(
        required=False, label="Yes, accept this invitation with the account I am logged in with."
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason (optional, for the organizers)",
    )


EXPERTISE_CHOICES = [("", "—"), *ExpertiseLevel.choices]


class ReviewerProfileForm(forms.ModelForm):
    """The profile fields plus one expertise select per topic (fields ``topic_<id>``)."""

    email_domains_text = forms.CharField(
        label="Email domains of your institutions",
        required=False,
        help_text="Separated by commas, e.g. cs.example.edu, example-lab.org. Used to find "
        "conflicts of interest; public mail providers are ignored.",
    )

    class Meta:
        model = ReviewerProfile
        fields = ["affiliation", "statement", "keywords", "max_load"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self, *args, workshop: Workshop, topics: list[tuple[Topic, int]], levels: dict, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.topics = topics
        self.fields["max_load"].help_text = (
            f"At most {workshop.max_papers_per_reviewer}; empty means "
            f"{workshop.max_papers_per_reviewer}."
        )
        self.fields["max_load"].widget.attrs["max"] = workshop.max_papers_per_reviewer
        self.fields["email_domains_text"].initial = ", ".join(self.instance.email_domains or [])
        for topic, _depth in topics:
            self.fields[f"topic_{topic.pk}"] = forms.ChoiceField(
                label=topic.name, choices=EXPERTISE_CHOICES, required=False,
                initial=levels.get(topic.pk, ""),
            )  # fmt: skip

    def topic_fields(self):
        """(topic, depth in the tree, bound field), in tree order."""
        return [(topic, depth, self[f"topic_{topic.pk}"]) for topic, depth in self.topics]

    def clean_email_domains_text(self) -> list[str]:
        return email_domains_parse(self.cleaned_data.get("email_domains_text") or "")

    def clean_max_load(self):
        value = self.cleaned_data.get("max_load")
        if value is not None and value > self.workshop.max_papers_per_reviewer:
            raise ValidationError(
                f"The workshop's limit is {self.workshop.max_papers_per_reviewer} papers."
            )
        return value

    def expertise(self) -> dict[int, str]:
        return {
            topic.pk: self.cleaned_data[f"topic_{topic.pk}"]
            for topic, _depth in self.topics
            if self.cleaned_data.get(f"topic_{topic.pk}")
        }


class AreaChairProfileForm(forms.ModelForm):
    """What an area chair declares to be matched with papers: the topics they can chair
    (each counts as expert knowledge), keywords, affiliation (for conflicts) and a limit.
    No papers of their own: area chairs are matched on topics and keywords."""

    topic_ids = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics you can chair",
    )

    class Meta:
        model = AreaChair
        fields = ["affiliation", "keywords", "max_load"]

    def __init__(self, *args, topics: list[tuple[Topic, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = topics
        self.fields["topic_ids"].choices = [(topic.pk, topic.name) for topic, _ in topics]
        if self.instance.pk and not self.is_bound:
            self.initial["topic_ids"] = list(self.instance.topics.values_list("pk", flat=True))
        self.fields["affiliation"].help_text = "Used to find conflicts of interest."

    def topic_rows(self):
        """(topic, depth, checked) in tree order, for the template's indented list."""
        chosen = {str(value) for value in (self["topic_ids"].value() or [])}
        return [(topic, depth, str(topic.pk) in chosen) for topic, depth in self.topics]


class ReviewerPaperForm(forms.ModelForm):
    """One of the reviewer's own papers (add and edit)."""

    url = forms.URLField(
        label="Link",
        required=False,
        max_length=URL_LENGTH,
        assume_scheme="https",
        help_text="Optional: where the paper can be read.",
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
    )

    class Meta:
        model = ReviewerPaper
        fields = ["title", "abstract", "year", "url"]
        widgets = {
            "title": forms.TextInput(),
            "abstract": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "abstract": "Optional, but the abstract is what makes the match: "
            "papers are compared with it and the title.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["abstract"].max_length = ABSTRACT_LENGTH
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})


PASTE_LENGTH = 300_000


class PapersPasteForm(forms.Form):
    papers_text = forms.CharField(
        label="Paste a BibTeX file or a list of papers",
        max_length=PASTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="BibTeX: @article{…}, @inproceedings{…} and other entries; their title, "
        "abstract, year and url (or doi) are read. A plain list: one paper per block, its "
        "title on the first line and its abstract below, a blank line between papers. "
        "Papers already in your list are left out.",
    )


class BidForm(forms.Form):
    value = forms.ChoiceField(choices=BidValue.choices)


class AuthorConflictForm(forms.Form):
    reviewers = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="People you have a conflict of interest with",
    )

    def __init__(self, *args, names: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].choices = [(str(pk), name) for pk, name in names]

    def clean_reviewers(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["reviewers"]}


class OrganizerConflictForm(forms.Form):
    submission = forms.TypedChoiceField(coerce=int, label="Submission")
    reviewer = forms.TypedChoiceField(coerce=int, label="Reviewer or area chair")
    reason = forms.CharField(max_length=500)

    def __init__(self, *args, submissions, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].choices = [
            (submission.pk, f"#{submission.number} {submission.title[:80]}")
            for submission in submissions
        ]
        self.fields["reviewer"].choices = [(pk, name) for pk, name in reviewers]


class ConflictRemoveForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Reason for removing")

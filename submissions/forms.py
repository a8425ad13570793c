from collections.abc import Collection

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from submissions.enums import SubmissionStatus
from submissions.models import Authorship, Submission
from submissions.pdf import PdfRefused, check_size, pdf_check, supplementary_check
from submissions.services import AuthorData, PdfUpload, SubmissionContent, SupplementaryUpload
from submissions.upload_handlers import upload_limit_mb
from submissions.uploads import pdf_stash, pdf_unstash
from topics.aoe import AOE
from topics.models import Topic, Workshop
from topics.selectors import topic_choices
from topics.tracks import track_list

MB = 1024 * 1024
MAX_KEYWORDS = 10
MAX_KEYWORD_CHARS = 60
MAX_AUTHORS = 30


def grouped_topic_choices(choices: list[tuple[int, str]], areas: set[int]):
    """Indented tree choices regrouped as (area, [its subtopics and leaves])."""
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    for pk, label in choices:
        if pk in areas:
            groups.append((label, []))
        elif groups:
            groups[-1][1].append((pk, label.strip("\u00a0")))
    return groups


def too_large_message(limit_mb: int) -> str:
    """For a file part dropped while it was received (submissions.upload_handlers)."""
    return (
        f"The file is larger than the {limit_mb} MB limit; none of it was kept. "
        "Choose a smaller file."
    )


def read_checked_pdf(
    upload, *, max_pages: int, max_bytes: int, limit_name: str = "the limit"
) -> PdfUpload:
    """Read an uploaded file (size checked first) and run the PDF checks on it."""
    try:
        check_size(upload.size, max_bytes=max_bytes)
        data = upload.read()
        checked = pdf_check(data, max_pages=max_pages, max_bytes=max_bytes, limit_name=limit_name)
        return PdfUpload(original=data, checked=checked)
    except PdfRefused as refused:
        raise ValidationError(str(refused), code="pdf") from refused


class SubmissionForm(forms.ModelForm):
    keywords = forms.CharField(
        max_length=1000,
        required=False,
        help_text="Comma-separated, e.g. scaling laws, in-context learning.",
    )
    pdf = forms.FileField(
        label="Paper (PDF)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    supplementary = forms.FileField(
        label="Supplementary material (PDF or ZIP, optional)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.zip"}),
    )
    pdf_token = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Submission
        fields = [
            "title",
            "abstract",
            "keywords",
            "track",
            "primary_topic",
            "secondary_topics",
            "anonymized_confirmed",
        ]
        labels = {"anonymized_confirmed": "I confirm that the PDF is anonymized for review"}
        widgets = {
            "title": forms.TextInput,
            "abstract": forms.Textarea(attrs={"rows": 10}),
            "secondary_topics": forms.CheckboxSelectMultiple,
        }
        help_texts = {"abstract": "Markdown; inline math between $…$ is kept as typed."}

    def __init__(
        self,
        *args,
        workshop: Workshop,
        user,
        submit: bool = False,
        dropped_uploads: Collection[str] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.user = user
        self.submit = submit
        self.dropped_uploads = dropped_uploads
        self.pdf_limit_mb = upload_limit_mb(workshop.max_pdf_mb)
        self.supplementary_limit_mb = upload_limit_mb(workshop.max_supplementary_mb)
        self.pdf_upload: PdfUpload | None = None
        self.supplementary_upload: SupplementaryUpload | None = None
        self.kept_pdf_token = ""
        self.kept_pdf_pages: int | None = None
        if self.instance.pk:
            self.initial["keywords"] = self.instance.keywords
        self.fields["title"].help_text = f"At most {workshop.max_title_chars} characters."
        self.fields["abstract"].help_text += f" At most {workshop.max_abstract_chars} characters."
        self.fields[
            "pdf"
        ].help_text = f"At most {workshop.max_pages} pages and {self.pdf_limit_mb} MB."
        self.fields["supplementary"].help_text = f"At most {self.supplementary_limit_mb} MB."
        self._setup_topics()
        self._setup_tracks()

    def _setup_tracks(self) -> None:
        tracks = list(track_list(workshop=self.workshop))
        if not tracks:
            del self.fields["track"]
            return
        field = self.fields["track"]
        field.required = True
        field.queryset = track_list(workshop=self.workshop)
        field.empty_label = "Choose a track…"
        field.label_from_instance = lambda t: f"{t.name} (at most {t.max_pages} pages)"
        field.help_text = "You may switch to another track until its deadline."
        self.fields["pdf"].help_text = f"At most the track's pages and {self.pdf_limit_mb} MB."

    def _setup_topics(self) -> None:
        choices = topic_choices(workshop=self.workshop)
        areas = set(self.workshop.topics.filter(parent=None).values_list("pk", flat=True))
        selectable = Topic.objects.filter(workshop=self.workshop).exclude(parent=None)
        primary = self.fields["primary_topic"]
        primary.queryset = selectable
        primary.choices = [("", "Choose a subtopic…"), *grouped_topic_choices(choices, areas)]
        primary.help_text = "A subtopic of the call (areas group them)."
        secondary = self.fields["secondary_topics"]
        secondary.queryset = selectable
        secondary.choices = grouped_topic_choices(choices, areas)
        secondary.help_text = f"Up to {self.workshop.max_secondary_topics}."

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) > self.workshop.max_title_chars:
            raise ValidationError(
                f"The title has {len(title)} characters; the limit is "
                f"{self.workshop.max_title_chars}."
            )
        return title

    def clean_abstract(self) -> str:
        abstract = self.cleaned_data["abstract"].strip()
        if len(abstract) > self.workshop.max_abstract_chars:
            raise ValidationError(
                f"The abstract has {len(abstract)} characters; the limit is "
                f"{self.workshop.max_abstract_chars}."
            )
        return abstract

    def clean_keywords(self) -> list[str]:
        keywords: list[str] = []
        for word in self.cleaned_data["keywords"].split(","):
            word = " ".join(word.split())
            if word and word.lower() not in {seen.lower() for seen in keywords}:
                keywords.append(word)
        if len(keywords) > MAX_KEYWORDS:
            raise ValidationError(f"At most {MAX_KEYWORDS} keywords, please.")
        if any(len(word) > MAX_KEYWORD_CHARS for word in keywords):
            raise ValidationError(f"Each keyword has at most {MAX_KEYWORD_CHARS} characters.")
        return keywords

    def _page_limit(self) -> dict:
        track = self.cleaned_data.get("track")
        if track is not None:
            return {"max_pages": track.max_pages, "limit_name": f"the limit of “{track.name}”"}
        return {"max_pages": self.workshop.max_pages}

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        limits = {**self._page_limit(), "max_bytes": self.pdf_limit_mb * MB}
        if upload:
            self.pdf_upload = read_checked_pdf(upload, **limits)
            return upload
        token = self.data.get(self.add_prefix("pdf_token"), "")
        stashed = pdf_unstash(token=token, user_id=self.user.pk) if token else None
        if stashed is not None:
            try:
                self.pdf_upload = PdfUpload(original=stashed, checked=pdf_check(stashed, **limits))
            except PdfRefused:
                self.pdf_upload = None
            else:
                self.kept_pdf_token = token
                self.kept_pdf_pages = self.pdf_upload.checked.pages
        if self.add_prefix("pdf") in self.dropped_uploads:
            raise ValidationError(too_large_message(self.pdf_limit_mb), code="too_large")
        return upload

    def clean_supplementary(self):
        upload = self.cleaned_data.get("supplementary")
        if self.add_prefix("supplementary") in self.dropped_uploads:
            raise ValidationError(too_large_message(self.supplementary_limit_mb), code="too_large")
        if upload:
            max_bytes = self.supplementary_limit_mb * MB
            try:
                check_size(upload.size, max_bytes=max_bytes)
                data = upload.read()
                kind = supplementary_check(data, max_bytes=max_bytes)
            except PdfRefused as refused:
                raise ValidationError(str(refused)) from refused
            self.supplementary_upload = SupplementaryUpload(data=data, kind=kind)
        return upload

    def clean(self):
        cleaned = super().clean()
        primary = cleaned.get("primary_topic")
        secondary = list(cleaned.get("secondary_topics") or [])
        if len(secondary) > self.workshop.max_secondary_topics:
            self.add_error(
                "secondary_topics",
                f"Choose at most {self.workshop.max_secondary_topics} secondary topics "
                f"(you chose {len(secondary)}).",
            )
        if primary is not None and primary in secondary:
            self.add_error("secondary_topics", "The primary topic cannot also be a secondary one.")
        needs_pdf = self.submit or (
            self.instance.pk is not None and self.instance.status != SubmissionStatus.DRAFT
        )
        if needs_pdf and "pdf" not in self.errors:
            if self.pdf_upload is None and not self.instance.pdf:
                self.add_error("pdf", "Upload the paper as a PDF to submit it.")
        self._check_kept_pdf_fits_track(cleaned.get("track"))
        if needs_pdf and not cleaned.get("anonymized_confirmed"):
            self.add_error(
                "anonymized_confirmed", "Confirm that the PDF is anonymized to submit it."
            )
        return cleaned

    def _check_kept_pdf_fits_track(self, track) -> None:
        """Switching track keeps the uploaded PDF: it must fit the new track's limit."""
        pages = self.instance.pdf_pages if self.pdf_upload is None else None
        if track is not None and pages and pages > track.max_pages and "pdf" not in self.errors:
            self.add_error(
                "track",
                f"The uploaded PDF has {pages} pages; the limit of “{track.name}” is "
                f"{track.max_pages}. Upload a shorter PDF with the switch.",
            )

    def keep_valid_pdf(self) -> None:
        """When another field failed, keep the checked PDF on the server for the next post."""
        if self.pdf_upload is not None and not self.kept_pdf_token:
            self.kept_pdf_token = pdf_stash(data=self.pdf_upload.original, user_id=self.user.pk)
            self.kept_pdf_pages = self.pdf_upload.checked.pages

    def content(self, authors: list[AuthorData]) -> SubmissionContent:
        data = self.cleaned_data
        return SubmissionContent(
            title=data["title"],
            abstract=data["abstract"],
            keywords=data["keywords"],
            primary_topic=data["primary_topic"],
            secondary_topics=list(data["secondary_topics"]),
            authors=authors,
            anonymized_confirmed=data["anonymized_confirmed"],
            pdf=self.pdf_upload,
            supplementary=self.supplementary_upload,
            track=data.get("track"),
        )


class AuthorForm(forms.ModelForm):
    class Meta:
        model = Authorship
        fields = ["name", "email", "affiliation", "is_corresponding"]
        labels = {"is_corresponding": "Corresponding author"}
        help_texts = {"email": ""}

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class BaseAuthorFormSet(forms.BaseFormSet):
    def __init__(self, *args, required_email: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.required_email = required_email.lower()

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if form.empty_permitted and not form.has_changed():
            # A spare row left empty is skipped by validation, so none of its fields is
            # required; a filled one is validated as a full row and keeps its markers.
            for field in form.fields.values():
                field.required = False

    def _rows(self) -> list[dict]:
        rows = []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("email") or data.get("DELETE"):
                continue
            order = data.get("ORDER")
            rows.append((order if order is not None else 10_000 + index, index, data))
        return [data for _, _, data in sorted(rows, key=lambda row: row[:2])]

    def clean(self) -> None:
        if any(self.errors):
            return
        rows = self._rows()
        if not rows:
            raise ValidationError("A submission needs at least one author.")
        seen: set[str] = set()
        for row in rows:
            if row["email"] in seen:
                raise ValidationError(
                    f"{row['email']} is listed twice: each author needs their own email address."
                )
            seen.add(row["email"])
        if self.required_email and self.required_email not in seen:
            raise ValidationError(
                f"You must remain an author: keep the row with your address {self.required_email}."
            )
        if not any(row.get("is_corresponding") for row in rows):
            raise ValidationError("Mark at least one author as corresponding author.")

    def authors(self) -> list[AuthorData]:
        return [
            AuthorData(
                name=row["name"],
                email=row["email"],
                affiliation=row.get("affiliation", ""),
                is_corresponding=bool(row.get("is_corresponding")),
            )
            for row in self._rows()
        ]


AuthorFormSet = forms.formset_factory(
    AuthorForm,
    formset=BaseAuthorFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    min_num=1,
    validate_min=True,
    max_num=MAX_AUTHORS,
    validate_max=True,
)


def author_initial(*, submission: Submission | None, user) -> list[dict]:
    if submission is None:
        return [
            {
                "name": user.full_name,
                "email": user.email,
                "affiliation": user.affiliation,
                "is_corresponding": True,
            }
        ]
    return [
        {
            "name": authorship.name,
            "email": authorship.email,
            "affiliation": authorship.affiliation,
            "is_corresponding": authorship.is_corresponding,
            "ORDER": position,
        }
        for position, authorship in enumerate(submission.authorships.all(), start=1)
    ]


class CameraReadyForm(forms.Form):
    pdf = forms.FileField(
        label="Camera-ready PDF", widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )

    def __init__(
        self, *args, workshop: Workshop, dropped_uploads: Collection[str] = (), **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.pdf_upload: PdfUpload | None = None
        self.pdf_limit_mb = upload_limit_mb(workshop.max_pdf_mb)
        pdf = self.fields["pdf"]
        pdf.help_text = (
            f"At most {workshop.camera_ready_max_pages} pages and {self.pdf_limit_mb} MB; "
            "the final version may name the authors."
        )
        if self.add_prefix("pdf") in dropped_uploads:
            # The field is required and its part was dropped: say why it is missing.
            pdf.error_messages["required"] = too_large_message(self.pdf_limit_mb)

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        self.pdf_upload = read_checked_pdf(
            upload,
            max_pages=self.workshop.camera_ready_max_pages,
            max_bytes=self.pdf_limit_mb * MB,
        )
        return upload


class CameraReadyDetailsForm(forms.ModelForm):
    """Title and abstract of an accepted paper, within the workshop's limits."""

    class Meta:
        model = Submission
        fields = ["title", "abstract"]
        widgets = {"abstract": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, workshop: Workshop, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workshop = workshop

    clean_title = SubmissionForm.clean_title
    clean_abstract = SubmissionForm.clean_abstract


class DeadlineExtensionForm(forms.ModelForm):
    """The extension is typed and shown in AoE, like every deadline."""

    class Meta:
        model = Submission
        fields = ["deadline_extension"]
        widgets = {
            "deadline_extension": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }
        help_texts = {
            "deadline_extension": "In AoE (UTC−12). Leave empty to remove the extension.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.deadline_extension:
            aoe_time = self.instance.deadline_extension.astimezone(AOE)
            self.initial["deadline_extension"] = aoe_time.replace(tzinfo=None)

    def clean_deadline_extension(self):
        value = self.cleaned_data["deadline_extension"]
        return value and timezone.make_naive(value).replace(tzinfo=AOE)


class OrganizerFilterForm(forms.Form):
    status = forms.ChoiceField(required=False)
    topic = forms.ModelChoiceField(queryset=Topic.objects.none(), required=False)

    def __init__(self, *args, workshop: Workshop, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), *SubmissionStatus.choices]
        topic = self.fields["topic"]
        topic.queryset = workshop.topics.all()
        topic.choices = [("", "Any topic"), *topic_choices(workshop=workshop)]
        if workshop.tracks.exists():
            self.fields["track"] = forms.ModelChoiceField(
                queryset=track_list(workshop=workshop), required=False, empty_label="Any track"
            )

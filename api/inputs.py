"""What the API's writes send, turned into the data of the site's own forms, so a script
meets exactly the checks and messages a person meets on the pages; and the forms' errors
turned into the API's error body (``{"field": ["message"]}``)."""

from collections.abc import Mapping

from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from reviews.forms import ReviewForm
from submissions.forms import SubmissionForm
from submissions.models import Submission
from topics.models import Workshop

AUTHORS_PREFIX = "authors"  # as on the site's form
SUBMISSION_FIELDS = (
    "title",
    "abstract",
    "keywords",
    "track",
    "primary_topic",
    "secondary_topics",
    "anonymized_confirmed",
    "authors",
    "submit",
)
AUTHOR_FIELDS = ("name", "email", "affiliation", "is_corresponding")
REVIEW_TEXT_FIELDS = (
    "summary",
    "strengths",
    "weaknesses",
    "comments_to_authors",
    "confidential_comments",
)


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _text(value, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _invalid(field, "Send text here.")
    return str(value)


def _checked(value) -> str:
    return "on" if value is True or value in ("true", "on", "1", 1) else ""


def _slug_or_id(workshop_objects, value, field: str) -> str:
    """A topic or track named by its slug (or id) as the form's choice value; an unknown one
    is passed on as sent, so the form says it is not a valid choice."""
    if value in (None, ""):
        return ""
    if isinstance(value, dict | list | bool):
        raise _invalid(field, "Send a slug.")
    found = workshop_objects.filter(slug=str(value)).values_list("pk", flat=True).first()
    return str(found) if found is not None else str(value)


def submission_current(submission: Submission) -> dict:
    """The values a partial update starts from: the submission as stored."""
    return {
        "title": submission.title,
        "abstract": submission.abstract,
        "keywords": submission.keywords,
        "track": submission.track.slug if submission.track else None,
        "primary_topic": submission.primary_topic.slug if submission.primary_topic else None,
        "secondary_topics": [topic.slug for topic in submission.secondary_topics.all()],
        "anonymized_confirmed": submission.anonymized_confirmed,
        "authors": [
            {field: getattr(authorship, field) for field in AUTHOR_FIELDS}
            for authorship in submission.authorships.order_by("order", "pk")
        ],
        "submit": False,
    }


def submission_form_data(*, workshop: Workshop, sent: Mapping) -> QueryDict:
    """The site form's POST data (submission fields and author rows) for what was sent."""
    if not isinstance(sent, Mapping):
        raise ValidationError({"non_field_errors": ["Send a JSON object."]})
    unknown = sorted(set(sent) - set(SUBMISSION_FIELDS))
    if unknown:
        raise ValidationError({name: ["Unknown field."] for name in unknown})
    data = QueryDict(mutable=True)
    data["title"] = _text(sent.get("title"), "title")
    data["abstract"] = _text(sent.get("abstract"), "abstract")
    keywords = sent.get("keywords") or ""
    if isinstance(keywords, list):
        keywords = ", ".join(_text(word, "keywords") for word in keywords)
    data["keywords"] = _text(keywords, "keywords")
    data["track"] = _slug_or_id(workshop.tracks.all(), sent.get("track"), "track")
    data["primary_topic"] = _slug_or_id(
        workshop.topics.all(), sent.get("primary_topic"), "primary_topic"
    )
    secondary = sent.get("secondary_topics") or []
    if not isinstance(secondary, list):
        raise _invalid("secondary_topics", "Send a list of topic slugs.")
    data.setlist(
        "secondary_topics",
        [_slug_or_id(workshop.topics.all(), slug, "secondary_topics") for slug in secondary],
    )
    if sent.get("anonymized_confirmed"):
        data["anonymized_confirmed"] = _checked(sent["anonymized_confirmed"])
    authors = sent.get("authors") or []
    if not isinstance(authors, list) or not all(isinstance(row, Mapping) for row in authors):
        raise _invalid("authors", "Send a list of authors, each with name, email, affiliation.")
    prefix = AUTHORS_PREFIX
    data[f"{prefix}-TOTAL_FORMS"] = str(len(authors))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    data[f"{prefix}-MIN_NUM_FORMS"] = "1"
    data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    for index, row in enumerate(authors):
        for field in ("name", "email", "affiliation"):
            data[f"{prefix}-{index}-{field}"] = _text(row.get(field), "authors")
        if row.get("is_corresponding"):
            data[f"{prefix}-{index}-is_corresponding"] = "on"
        data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    return data


def form_errors(form: SubmissionForm | ReviewForm | None = None, formset=None) -> dict:
    """The forms' messages by field, the author rows' under "authors"."""
    errors: dict[str, list] = {}
    if form is not None:
        for field, messages in form.errors.items():
            key = "non_field_errors" if field == "__all__" else field
            errors[key] = list(messages)
    if formset is not None:
        overall = list(formset.non_form_errors())
        rows = [dict(row.items()) for row in formset.errors]
        if overall:
            errors["authors"] = overall
        elif any(rows):
            errors["authors"] = [
                {field: list(messages) for field, messages in row.items()} for row in rows
            ]
    return errors


def review_form_data(*, sent: Mapping) -> QueryDict:
    """The review page's POST data for what was sent (custom questions by their id)."""
    if not isinstance(sent, Mapping):
        raise ValidationError({"non_field_errors": ["Send a JSON object."]})
    allowed = {"score", "confidence", "no_conflict_confirmed", "custom_answers", "submit"}
    unknown = sorted(set(sent) - allowed - set(REVIEW_TEXT_FIELDS))
    if unknown:
        raise ValidationError({name: ["Unknown field."] for name in unknown})
    data = QueryDict(mutable=True)
    for name in ("score", "confidence"):
        value = sent.get(name)
        data[name] = "" if value is None else _text(value, name)
    for name in REVIEW_TEXT_FIELDS:
        data[name] = _text(sent.get(name), name)
    if sent.get("no_conflict_confirmed"):
        data["no_conflict_confirmed"] = _checked(sent["no_conflict_confirmed"])
    answers = sent.get("custom_answers") or {}
    if not isinstance(answers, Mapping):
        raise _invalid("custom_answers", "Send an object: question id -> answer.")
    for key, value in answers.items():
        data[f"custom_{key}"] = "" if value is None else _text(value, "custom_answers")
    return data

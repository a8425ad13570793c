"""An author's writes: create a submission, edit it before the deadline, upload its PDF,
withdraw it. The site's own forms check what is sent (same checks, same messages) and the
submissions services save it; a closed phase is a 403 saying why."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api import serializers
from api.inputs import AUTHORS_PREFIX, form_errors, submission_current, submission_form_data
from api.permissions import workshop_of
from fomo_site.errors import Refusal
from submissions import services
from submissions.forms import AuthorFormSet, SubmissionForm
from submissions.models import Submission
from submissions.selectors import submissions_for_author
from submissions.upload_handlers import dropped_uploads


def own_submission(view, number: int) -> Submission:
    """The caller's own submission (a 404 for anyone else's: its existence is private)."""
    workshop = workshop_of(view)
    submission = (
        submissions_for_author(user=view.request.user)
        .filter(workshop=workshop, number=number)
        .select_related("decision", "track")
        .first()
    )
    if submission is None:
        raise Http404("No such submission.")
    return submission


def refuse_if_closed(workshop, submission: Submission | None) -> None:
    """A 403 saying why, once the deadline (or the paper's status) closes the form; asked
    before the body is read, so a closed phase is what the caller learns first."""
    refusal = services.submission_closed_refusal(
        workshop=workshop, submission=submission, now=timezone.now()
    )
    if refusal is not None:
        raise PermissionDenied(str(refusal))


def submission_save(view, *, submission: Submission | None, sent: dict, files=None) -> Submission:
    """Validate ``sent`` with the site's submission form and author rows; save it (the
    caller asked refuse_if_closed first)."""
    request, workshop = view.request, workshop_of(view)
    data = submission_form_data(workshop=workshop, sent=sent)
    submit = sent.get("submit") is True
    form = SubmissionForm(
        data,
        files,
        instance=submission or Submission(workshop=workshop),
        workshop=workshop,
        user=request.user,
        submit=submit,
        dropped_uploads=dropped_uploads(request._request) if files is not None else (),
    )
    formset = AuthorFormSet(form.data, prefix=AUTHORS_PREFIX, required_email=request.user.email)
    form_valid, formset_valid = form.is_valid(), formset.is_valid()
    if not (form_valid and formset_valid):
        raise ValidationError(form_errors(form, formset))
    content = form.content(formset.authors())
    try:
        if submission is None:
            return services.submission_create(
                workshop=workshop, submitter=request.user, content=content, submit=submit
            )
        return services.submission_update(
            submission=submission, editor=request.user, content=content, submit=submit
        )
    except Refusal as refusal:
        raise PermissionDenied(str(refusal)) from refusal


def _detail(view, number: int) -> dict:
    submission = own_submission(view, number)
    return serializers.MySubmissionDetailSerializer(submission).data


@extend_schema(tags=["author"])
class MySubmissionDetail(generics.GenericAPIView):
    """One of your own submissions. PATCH edits it until its deadline (fields not sent keep
    their values; `authors`, when sent, is the whole list); `"submit": true` submits a
    draft. The site's form checks every field, with its messages."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    serializer_class = serializers.MySubmissionDetailSerializer

    def get(self, request, workshop: str, number: int):
        return Response(_detail(self, number))

    @extend_schema(request=serializers.SubmissionInputSerializer)
    def patch(self, request, workshop: str, number: int):
        submission = own_submission(self, number)
        refuse_if_closed(workshop_of(self), submission)
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        sent = {**submission_current(submission), **request.data}
        submission_save(self, submission=submission, sent=sent)
        return Response(_detail(self, number))


@extend_schema(tags=["author"])
class MySubmissionPdf(generics.GenericAPIView):
    """Upload (or replace) the paper's PDF as multipart form data, field `pdf`: the site's
    checks (pages, size, a readable PDF) and messages. The submission is not submitted by
    this; its `identity_flags` say whether the PDF may name its authors."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]
    serializer_class = serializers.PdfUploadSerializer

    @extend_schema(responses={200: serializers.MySubmissionDetailSerializer})
    def post(self, request, workshop: str, number: int):
        submission = own_submission(self, number)
        refuse_if_closed(workshop_of(self), submission)
        files = request.FILES
        if "pdf" not in files and "pdf" not in dropped_uploads(request._request):
            raise ValidationError({"pdf": ["Send the PDF as the multipart field “pdf”."]})
        current = submission_current(submission)
        submission_save(self, submission=submission, sent=current, files=files)
        return Response(_detail(self, number))


@extend_schema(tags=["author"])
class MySubmissionWithdraw(generics.GenericAPIView):
    """Withdraw your submission (until the decisions are released); the authors are told."""

    permission_classes = [IsAuthenticated]
    serializer_class = serializers.MySubmissionDetailSerializer

    @extend_schema(request=None)
    def post(self, request, workshop: str, number: int):
        submission = own_submission(self, number)
        try:
            services.submission_withdraw(submission=submission, by=request.user)
        except Refusal as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        return Response(_detail(self, number))

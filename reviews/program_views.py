"""The public list of accepted papers (after the release only)."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from reviews.review_selectors import public_paper_get, public_program
from topics.selectors import workshop_get


def accepted_papers(request: HttpRequest, workshop: str) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    return render(
        request,
        "reviews/program.html",
        {"workshop": workshop_obj, "groups": public_program(workshop=workshop_obj)},
    )


def camera_ready_pdf(request: HttpRequest, workshop: str, number: int) -> FileResponse:
    """The camera-ready PDF of an accepted paper, public once the decisions are out."""
    workshop_obj = workshop_get(slug=workshop)
    submission = public_paper_get(workshop=workshop_obj, number=number)
    if not submission.camera_ready_pdf:
        raise Http404("No camera-ready version yet.")
    response = FileResponse(
        submission.camera_ready_pdf.open("rb"),
        as_attachment=False,
        filename=f"{workshop_obj.slug}-{submission.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""The authors' response page: the anonymized reviews and the response form(s)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fomo_site.errors import Refusal
from pool.selectors import submission_for_author
from reviews import response_selectors, response_services, selectors
from reviews.response_forms import AuthorResponseForm
from reviews.response_selectors import Window
from topics.selectors import workshop_get


def _forms(settings_obj, reviews, responses, bound: AuthorResponseForm | None) -> list:
    """(review or None, form) per target: one for the paper, or one per review."""
    targets = reviews if settings_obj.response_per_review else [None]
    rows = []
    for item in targets:
        number = item.number if item else None
        response = responses.get(item.review_id if item else None)
        if bound is not None and bound.data.get("reviewer", "") == str(number or ""):
            form = bound
        else:
            form = AuthorResponseForm(
                initial={"text": response.text if response else "", "reviewer": number},
                max_chars=settings_obj.response_max_chars,
                auto_id=f"id_r{number or 0}_%s",
            )
        rows.append({"review": item, "form": form, "response": response})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def author_response(request: HttpRequest, workshop: str, number: int) -> HttpResponse:
    workshop_obj = workshop_get(slug=workshop)
    submission = submission_for_author(workshop=workshop_obj, number=number, user=request.user)
    settings_obj = selectors.review_settings_get(workshop=workshop_obj)
    window = response_selectors.response_window(settings_obj)
    if window in (Window.OFF, Window.HIDDEN):
        raise Http404("No response phase for this paper.")
    bound = None
    status = 200
    if request.method == "POST":
        target = request.POST.get("reviewer", "") or "0"
        bound = AuthorResponseForm(
            request.POST,
            max_chars=settings_obj.response_max_chars,
            auto_id=f"id_r{target}_%s",
        )
        if bound.is_valid():
            try:
                response_services.author_response_save(
                    submission=submission,
                    user=request.user,
                    text=bound.cleaned_data["text"],
                    review_number=bound.cleaned_data["reviewer"],
                )
            except Refusal as refused:
                bound.add_error(None, str(refused))
            else:
                messages.success(
                    request, "Response posted. The reviewers and organizers are told by email."
                )
                return redirect(
                    "reviews_author:response", workshop=workshop_obj.slug, number=number
                )
        status = 400
    reviews = response_selectors.reviews_for_response(submission=submission)
    responses = response_selectors.responses_by_review(submission=submission)
    return render(
        request,
        "reviews/author_response.html",
        {
            "workshop": workshop_obj,
            "submission": submission,
            "settings": settings_obj,
            "window": window,
            "reviews": reviews,
            "rows": _forms(settings_obj, reviews, responses, bound),
            "open": window == Window.OPEN,
        },
        status=status,
    )

"""Helpers every app's views share."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from fomo_site.errors import Refusal


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def posted_id(request: HttpRequest, name: str) -> int:
    """A row id from the POST data; anything but a plain number is a 404 (not a 500)."""
    value = request.POST.get(name, "")
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise Http404("No such row.")
    return int(value)


def run_and_redirect(
    request: HttpRequest, action: Callable[[], object], *, success: str, to: str
) -> HttpResponse:
    """Run a service call: its refusal is shown as an error, else ``success``; then go to ``to``.

    ``success`` may use ``{result}``, the value the call returned.
    """
    try:
        result = action()
    except Refusal as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, success.format(result=result))
    return redirect(to)

"""The page where a person creates and revokes their personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from api.forms import ApiTokenForm
from api.selectors import api_token_get, api_tokens_for_user
from api.services import api_token_create, api_token_revoke
from fomo_site.errors import Refusal


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except Refusal as refusal:
            form.add_error(None, str(refusal))
        else:
            form = ApiTokenForm()  # the key is on the page once; nothing to resubmit
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": api_tokens_for_user(user=request.user),
    }
    response = render(request, "api/tokens.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_token_get(user=request.user, pk=pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, f"The token “{token.name}” is revoked; it no longer works.")
    return redirect("api_tokens:list")

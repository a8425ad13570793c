from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.forms import ProfileForm
from pool.selectors import reviewer_dashboard
from submissions.selectors import author_dashboard


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/dashboard.html",
        {
            "organized_workshops": request.user.organized_workshops.all(),
            "author_rows": author_dashboard(user=request.user, now=timezone.now()),
            "reviewer_dashboard": reviewer_dashboard(user=request.user),
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})

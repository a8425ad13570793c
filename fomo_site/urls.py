from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("<slug:workshop>/manage/mail/", include("notifications.urls")),
    path("<slug:workshop>/", include("submissions.urls")),
    path("<slug:workshop>/review/", include("reviews.urls")),
    path("<slug:workshop>/manage/reviewers/", include("reviews.manage_urls")),
    path("<slug:workshop>/manage/assignment/", include("reviews.assignment_urls")),
    path("<slug:workshop>/review/assignments/", include("reviews.my_assignment_urls")),
    path("<slug:workshop>/submissions/", include("reviews.author_urls")),
    path("<slug:workshop>/review/papers/", include("reviews.review_urls")),
    path("<slug:workshop>/manage/", include("reviews.decision_urls")),
    path("<slug:workshop>/accepted/", include("reviews.program_urls")),
    path("", include("topics.urls")),
]

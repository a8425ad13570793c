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
    path("<slug:workshop>/submissions/", include("reviews.author_urls")),
    path("", include("topics.urls")),
]

from django.contrib import admin
from django.urls import include, path

from assignment import urls as assignment_urls
from decisions import urls as decision_urls
from pool import urls as pool_urls
from reviews import urls as review_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("accounts/tokens/", include("api.token_urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("<slug:workshop>/manage/mail/", include("notifications.urls")),
    path("<slug:workshop>/manage/topics/", include("topics.tree_urls")),
    path("<slug:workshop>/manage/tracks/", include("topics.track_urls")),
    path("<slug:workshop>/", include("submissions.urls")),
    path("<slug:workshop>/review/", include(pool_urls.reviewer_urls)),
    path("<slug:workshop>/manage/reviewers/", include(pool_urls.organizer_urls)),
    path("<slug:workshop>/submissions/", include(pool_urls.author_urls)),
    path("<slug:workshop>/submissions/", include(review_urls.author_urls)),
    path("<slug:workshop>/manage/assignment/", include(assignment_urls.organizer_urls)),
    path("<slug:workshop>/review/assignments/", include(assignment_urls.reviewer_urls)),
    path("<slug:workshop>/review/papers/", include(review_urls.reviewer_urls)),
    path("<slug:workshop>/manage/", include(review_urls.organizer_urls)),
    path("<slug:workshop>/manage/", include(decision_urls.organizer_urls)),
    path("<slug:workshop>/accepted/", include(decision_urls.public_urls)),
    path("<slug:workshop>/ac/", include(decision_urls.area_chair_urls)),
    path("", include("topics.urls")),
]

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("<slug:workshop>/manage/mail/", include("notifications.urls")),
    path("", include("topics.urls")),
]

from django.urls import path

from topics import manage_views, views

app_name = "topics"
urlpatterns = [
    path("", views.workshop_list, name="workshop_list"),
    path("workshops/new/", manage_views.workshop_new, name="workshop_new"),
    path("<slug:workshop>/", views.call_for_papers, name="cfp"),
    path("<slug:workshop>/manage/settings/", manage_views.workshop_settings, name="settings"),
    path(
        "<slug:workshop>/manage/settings/preview/",
        manage_views.workshop_settings_preview,
        name="settings_preview",
    ),
    path("<slug:workshop>/manage/organizers/", manage_views.organizers, name="organizers"),
    path(
        "<slug:workshop>/manage/organizers/remove/",
        manage_views.organizer_remove,
        name="organizer_remove",
    ),
]

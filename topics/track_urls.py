"""The organizers' track pages, under /<workshop>/manage/tracks/."""

from django.urls import path

from topics import track_views

app_name = "tracks"
urlpatterns = [
    path("", track_views.tracks, name="list"),
    path("<int:track>/", track_views.edit, name="edit"),
    path("<int:track>/delete/", track_views.delete, name="delete"),
]

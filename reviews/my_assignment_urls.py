"""Reviewer pages of the assignment: /<workshop>/review/assignments/…"""

from django.urls import path

from reviews import assignment_views as views

app_name = "my_assignments"
urlpatterns = [
    path("", views.my_assignments, name="list"),
]

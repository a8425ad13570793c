from django.urls import path

from topics import views

app_name = "topics"
urlpatterns = [
    path("", views.workshop_list, name="workshop_list"),
    path("<slug:workshop>/", views.call_for_papers, name="cfp"),
]

"""Author pages of this app, under /<workshop>/submissions/ (next to the submissions app's)."""

from django.urls import path

from reviews import views

app_name = "reviews_authors"
urlpatterns = [
    path("<int:number>/conflicts/", views.author_conflicts, name="conflicts"),
]

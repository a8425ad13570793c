"""The public program: /<workshop>/accepted/"""

from django.urls import path

from reviews import program_views

app_name = "program"
urlpatterns = [
    path("", program_views.accepted_papers, name="accepted"),
    path("<int:number>.pdf", program_views.camera_ready_pdf, name="pdf"),
]

from django.urls import path

from submissions import manage_views, views

app_name = "submissions"
urlpatterns = [
    path("submissions/new/", views.submission_create, name="create"),
    path("submissions/<int:number>/", views.submission_detail, name="detail"),
    path("submissions/<int:number>/edit/", views.submission_edit, name="edit"),
    path("submissions/<int:number>/withdraw/", views.submission_withdraw, name="withdraw"),
    path("submissions/<int:number>/authorship/", views.authorship_answer, name="authorship_answer"),
    path("submissions/<int:number>/camera-ready/", views.camera_ready_upload, name="camera_ready"),
    path(
        "submissions/<int:number>/camera-ready/details/",
        views.camera_ready_details,
        name="camera_ready_details",
    ),
    path(
        "submissions/<int:number>/pdf/",
        views.submission_file,
        {"kind": "pdf"},
        name="pdf",
    ),
    path(
        "submissions/<int:number>/pdf/anonymized/",
        views.submission_file,
        {"kind": "reviewer-pdf"},
        name="reviewer_pdf",
    ),
    path(
        "submissions/<int:number>/camera-ready/pdf/",
        views.submission_file,
        {"kind": "camera-ready"},
        name="camera_ready_pdf",
    ),
    path(
        "submissions/<int:number>/supplementary/",
        views.submission_file,
        {"kind": "supplementary"},
        name="supplementary",
    ),
    path("manage/submissions/", manage_views.submission_list, name="manage_list"),
    path("manage/submissions/export.csv", manage_views.submission_export, name="manage_export"),
    path(
        "manage/submissions/<int:number>/extension/",
        manage_views.deadline_extension,
        name="manage_extension",
    ),
]

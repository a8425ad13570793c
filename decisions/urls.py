"""Decision pages: organizers' under /manage/, the public program under /accepted/."""

from django.urls import path

from decisions import area_chair_views, views

organizer_urls = (
    [
        path("decisions/", views.decision_table, name="table"),
        path("decisions/release/", views.release, name="release"),
        path(
            "decisions/meta-reviews/request/",
            area_chair_views.meta_review_request,
            name="meta_review_request",
        ),
        path("decisions/emails/", views.emails, name="emails"),
        path("decisions/emails/send/", views.emails_send, name="emails_send"),
        path("decisions/emails/<str:outcome>/", views.email_template, name="email_template"),
        path("decisions/<int:number>/", views.decision_paper, name="paper"),
        path("decisions/<int:number>/reassign/", views.reassign, name="reassign"),
        path("decisions/<int:number>/email/", views.email_preview, name="email_preview"),
        path("stats/", views.stats, name="stats"),
        path("export/", views.exports, name="exports"),
        path("export/proceedings.zip", views.proceedings_zip, name="proceedings"),
        path("export/<str:name>.<str:extension>", views.export_file, name="export_file"),
    ],
    "decisions",
)

public_urls = (
    [
        path("", views.accepted_papers, name="accepted"),
        path("<int:number>.pdf", views.camera_ready_pdf, name="pdf"),
    ],
    "program",
)

area_chair_urls = (
    [
        path("", area_chair_views.console, name="console"),
        path("profile/", area_chair_views.profile, name="profile"),
        path("<int:number>/", area_chair_views.paper, name="paper"),
        path("<int:number>/remind/", area_chair_views.remind, name="remind"),
    ],
    "area_chair",
)

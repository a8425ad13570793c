"""Organizer pages: /<workshop>/manage/{reviews,decisions,stats,export}/…"""

from django.urls import path

from reviews import review_views as views

app_name = "decisions"
urlpatterns = [
    path("reviews/", views.progress, name="progress"),
    path("reviews/remind-late/", views.remind_late, name="remind_late"),
    path("reviews/settings/", views.review_settings, name="settings"),
    path("decisions/", views.decision_table, name="table"),
    path("decisions/release/", views.release, name="release"),
    path("decisions/emails/", views.emails, name="emails"),
    path("decisions/emails/send/", views.emails_send, name="emails_send"),
    path("decisions/emails/<str:outcome>/", views.email_template, name="email_template"),
    path("decisions/<int:number>/", views.decision_paper, name="paper"),
    path("decisions/<int:number>/reassign/", views.reassign, name="reassign"),
    path("decisions/<int:number>/email/", views.email_preview, name="email_preview"),
    path("stats/", views.stats, name="stats"),
    path("export/", views.exports, name="exports"),
    path("export/<str:name>.<str:extension>", views.export_file, name="export_file"),
]

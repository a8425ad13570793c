from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.mail_log, name="mail_log"),
    path("<int:email_id>/", views.mail_detail, name="mail_detail"),
    path("messages/", views.message_list, name="messages"),
    path("messages/new/", views.message_compose, name="message_compose"),
]

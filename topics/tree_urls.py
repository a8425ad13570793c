"""The organizers' topic tree editor, under /<workshop>/manage/topics/."""

from django.urls import path

from topics import tree_views

app_name = "topic_tree"
urlpatterns = [
    path("", tree_views.tree, name="tree"),
    path("<int:topic>/", tree_views.edit, name="edit"),
    path("<int:topic>/reorder/", tree_views.reorder, name="reorder"),
    path("<int:topic>/delete/", tree_views.delete, name="delete"),
    path("<int:topic>/merge/", tree_views.merge, name="merge"),
]

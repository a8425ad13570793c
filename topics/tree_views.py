"""Organizer pages of the topic tree: add, rename, describe, reorder, move, delete, merge."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from fomo_site.errors import Refusal
from topics import selectors, services
from topics.models import Topic, Workshop
from topics.permissions import organizer_required
from topics.tree_forms import TopicForm, TopicMergeForm
from topics.usage import topic_usage, topic_usage_by_topic


def _topic(workshop: Workshop, pk: int) -> Topic:
    return get_object_or_404(Topic.objects.select_related("parent"), workshop=workshop, pk=pk)


def _tree_url(workshop: Workshop, topic: Topic | None = None) -> str:
    url = reverse("topic_tree:tree", kwargs={"workshop": workshop.slug})
    return f"{url}#topic-{topic.pk}" if topic else url


@organizer_required
@require_http_methods(["GET", "POST"])
def tree(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = TopicForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(workshop=workshop, **form.cleaned_data)
        except Refusal as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Added “{topic.name}”.")
            return redirect(_tree_url(workshop, topic))
    tree = selectors.topic_tree(workshop=workshop)
    usage = topic_usage_by_topic(workshop=workshop)
    for area in tree:
        for node in (area, *area.children):
            node.topic.usage = usage.get(node.topic.pk)
    return render(
        request,
        "topics/manage_tree.html",
        {"workshop": workshop, "tree": tree, "form": form},
    )


@organizer_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, workshop: Workshop, topic: int) -> HttpResponse:
    topic_obj = _topic(workshop, topic)
    form = TopicForm(request.POST or None, workshop=workshop, topic=topic_obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_update(topic=topic_obj, **form.cleaned_data)
        except Refusal as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Saved “{topic_obj.name}”.")
            return redirect(_tree_url(workshop, topic_obj))
    return render(
        request,
        "topics/manage_topic_edit.html",
        {"workshop": workshop, "topic": topic_obj, "form": form},
    )


@organizer_required
@require_POST
def reorder(request: HttpRequest, workshop: Workshop, topic: int) -> HttpResponse:
    topic_obj = _topic(workshop, topic)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step:
        services.topic_reorder(topic=topic_obj, step=step)
    return redirect(_tree_url(workshop, topic_obj))


def _delete_page(request, workshop, topic, merge_form, status=200) -> HttpResponse:
    return render(
        request,
        "topics/manage_topic_delete.html",
        {
            "workshop": workshop,
            "topic": topic,
            "usage": topic_usage(topic=topic),
            "subtopics": topic.children.order_by("order", "name"),
            "merge_form": merge_form,
        },
        status=status,
    )


@organizer_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, workshop: Workshop, topic: int) -> HttpResponse:
    topic_obj = _topic(workshop, topic)
    if request.method == "POST":
        try:
            services.topic_delete(topic=topic_obj)
        except Refusal as refusal:
            messages.error(request, str(refusal))
            return redirect("topic_tree:delete", workshop=workshop.slug, topic=topic_obj.pk)
        messages.success(request, f"Deleted “{topic_obj.name}”.")
        return redirect(_tree_url(workshop))
    return _delete_page(request, workshop, topic_obj, TopicMergeForm(topic=topic_obj))


@organizer_required
@require_POST
def merge(request: HttpRequest, workshop: Workshop, topic: int) -> HttpResponse:
    topic_obj = _topic(workshop, topic)
    form = TopicMergeForm(request.POST, topic=topic_obj)
    if form.is_valid():
        name = topic_obj.name
        try:
            target = services.topic_merge(source=topic_obj, target=form.cleaned_data["target"])
        except Refusal as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Merged “{name}” into “{target.name}”.")
            return redirect(_tree_url(workshop, target))
    return _delete_page(request, workshop, topic_obj, form)

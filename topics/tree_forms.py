"""Forms of the organizers' topic tree editor."""

from django import forms

from topics.models import Topic, Workshop


class TopicForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown, shown under the topic in the call for papers.",
    )
    parent = forms.ModelChoiceField(
        queryset=Topic.objects.none(),
        required=False,
        label="Area",
        empty_label="None: this is an area",
        help_text="Papers choose subtopics; areas group them.",
    )

    def __init__(self, *args, workshop: Workshop, topic: Topic | None = None, **kwargs):
        if topic is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": topic.name,
                "description": topic.description,
                "parent": topic.parent_id,
            }
        super().__init__(*args, **kwargs)
        areas = Topic.objects.filter(workshop=workshop, parent=None).order_by("order", "name")
        if topic is not None:
            areas = areas.exclude(pk=topic.pk)
        self.fields["parent"].queryset = areas


class TopicMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Topic.objects.none(),
        label="Merge into",
        empty_label="Choose a topic…",
    )

    def __init__(self, *args, topic: Topic, **kwargs):
        super().__init__(*args, **kwargs)
        same_level = Topic.objects.filter(workshop=topic.workshop_id).exclude(pk=topic.pk)
        same_level = (
            same_level.filter(parent=None) if topic.is_area else same_level.exclude(parent=None)
        )
        field = self.fields["target"]
        field.queryset = same_level.select_related("parent").order_by(
            "parent__order", "parent__name", "order", "name"
        )
        field.label_from_instance = lambda t: (
            t.name if t.parent is None else f"{t.parent.name} › {t.name}"
        )

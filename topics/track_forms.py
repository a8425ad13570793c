"""The organizers' form for one track."""

from django import forms

from topics.forms import AoEDateTimeField
from topics.models import Track
from topics.tracks import TrackData


class TrackForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="For example “Tiny papers (2 pages)”.")
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown, shown with the track in the call for papers.",
    )
    max_pages = forms.IntegerField(label="Page limit", min_value=1, max_value=200)
    deadline = AoEDateTimeField(
        label="Own submission deadline (AoE)",
        required=False,
        help_text="Empty: the workshop's submission deadline.",
    )
    reviewers_per_paper = forms.IntegerField(
        min_value=1, max_value=20, required=False, help_text="Empty: the workshop's."
    )
    outcomes = forms.MultipleChoiceField(
        label="Outcomes offered",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The decisions this track's papers may get (e.g. no oral for tiny papers). "
        "None or all ticked: the workshop's outcomes.",
    )

    def __init__(
        self, *args, outcomes: list[tuple[str, str]], track: Track | None = None, **kwargs
    ):
        if track is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": track.name,
                "description": track.description,
                "max_pages": track.max_pages,
                "deadline": track.deadline,
                "reviewers_per_paper": track.reviewers_per_paper,
                "outcomes": list(track.outcomes),
            }
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].choices = outcomes  # the workshop's (workshop_outcomes)

    def data_object(self) -> TrackData:
        return TrackData(
            **{**self.cleaned_data, "outcomes": tuple(self.cleaned_data.get("outcomes") or ())}
        )

"""Forms of the assignment pages: run parameters and the manual edits."""

from django import forms

from accounts.models import User
from assignment.engine import RunParameters
from topics.models import Workshop


class RunForm(forms.Form):
    """Parameters of a run; the initial values are the workshop's."""

    k = forms.IntegerField(label="Reviewers per paper", min_value=1, max_value=20)
    max_load = forms.IntegerField(
        label="Max papers per reviewer",
        min_value=1,
        max_value=200,
        help_text="A reviewer's own lower limit (in their profile) still applies.",
    )
    min_load = forms.IntegerField(
        label="Min papers per reviewer", min_value=0, max_value=200, required=False
    )
    fair = forms.BooleanField(
        label="Fairness mode",
        required=False,
        help_text="Raise the worst-off paper's affinity first, at a small cost in total.",
    )
    topic_weight = forms.FloatField(label="Topic weight", min_value=0, max_value=10)
    text_weight = forms.FloatField(label="Text weight", min_value=0, max_value=10)
    bid_weight = forms.FloatField(label="Bid weight", min_value=0, max_value=10)
    external_weight = forms.FloatField(
        label="External score weight",
        min_value=0,
        max_value=10,
        required=False,
        help_text="Scores imported from elsewhere (OpenReview exchange tab); 0: not used.",
    )

    track = forms.TypedChoiceField(
        label="Which papers",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="One track: only its papers are matched and only its assignments are "
        "replaced on commit; what reviewers hold in the other tracks counts against their "
        "limits. A track that sets its own reviewers per paper uses that k.",
    )

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        if tracks:
            self.fields["track"].choices = [("", "All tracks together (each track's k)")] + [
                (track.pk, f"{track.name} only") for track in tracks
            ]
        else:
            del self.fields["track"]  # a workshop without tracks runs over all its papers

    @classmethod
    def for_workshop(cls, workshop: Workshop, data=None, tracks=None) -> "RunForm":
        defaults = RunParameters.defaults(workshop)
        if tracks is None:
            tracks = list(workshop.tracks.order_by("order", "name"))
        return cls(data=data, initial=defaults.to_json(), tracks=tracks)

    def clean(self):
        cleaned = super().clean()
        min_load, max_load = cleaned.get("min_load") or 0, cleaned.get("max_load")
        if max_load is not None and min_load > max_load:
            self.add_error("min_load", "The min load cannot be above the max load.")
        names = ("topic_weight", "text_weight", "bid_weight", "external_weight")
        weights = [cleaned.get(name) or 0.0 for name in names]
        if not self.errors and not any(weights):
            raise forms.ValidationError("At least one affinity weight must be above 0.")
        return cleaned

    def parameters(self) -> RunParameters:
        data = self.cleaned_data
        return RunParameters(
            k=data["k"],
            max_load=data["max_load"],
            min_load=data.get("min_load") or 0,
            fair=data["fair"],
            topic_weight=data["topic_weight"],
            text_weight=data["text_weight"],
            bid_weight=data["bid_weight"],
            external_weight=data.get("external_weight") or 0.0,
            track_id=data.get("track"),
        )


class _ReviewerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} <{obj.email}>" if obj.full_name else obj.email


class AddReviewerForm(forms.Form):
    reviewer = _ReviewerChoice(queryset=User.objects.none())
    is_fixed = forms.BooleanField(
        label="Must assign (keep on re-runs)", required=False, initial=True
    )

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = pool


class RemoveReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = pool


class FixedForm(RemoveReviewerForm):
    is_fixed = forms.BooleanField(required=False)


class SwapReviewerForm(forms.Form):
    old_reviewer = forms.ModelChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)
    new_reviewer = _ReviewerChoice(queryset=User.objects.none(), label="Replace with")
    is_fixed = forms.BooleanField(
        label="Must assign (keep on re-runs)", required=False, initial=True
    )

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_reviewer"].queryset = pool
        self.fields["new_reviewer"].queryset = pool


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class _FileOrTextForm(forms.Form):
    """A file to upload or its text pasted; on an error the pasted text stays in the box."""

    upload = forms.FileField(label="File", required=False)
    text = forms.CharField(
        label="Or paste its content", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError("The file is larger than 20 MB.")
            try:
                cleaned["content"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("The file is not UTF-8 text.") from error
            cleaned["source_name"] = upload.name
        elif cleaned.get("text", "").strip():
            cleaned["content"] = cleaned["text"]
            cleaned["source_name"] = "pasted text"
        else:
            raise forms.ValidationError("Choose a file or paste its content.")
        return cleaned


class ImportAssignmentForm(_FileOrTextForm):
    upload = forms.FileField(
        label="assignments.json (openreview-matcher's output)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )


class ExternalScoresForm(_FileOrTextForm):
    upload = forms.FileField(
        label="Scores CSV (paper_id,reviewer,score)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )
    weight = forms.FloatField(
        label="Weight in the affinity",
        min_value=0,
        max_value=10,
        initial=0.3,
        help_text="Added to the topic, text and bid parts; runs start with it.",
    )

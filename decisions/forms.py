"""Forms of deciding: one paper, many papers, a decision mail text."""

from django import forms

from reviews import selectors as review_selectors
from reviews.forms import MARKDOWN_HELP
from topics.models import Track, Workshop


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField()
    meta_review = forms.CharField(
        label="Meta-review (shown to the authors)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )

    def __init__(self, *args, workshop: Workshop, track: Track | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = review_selectors.outcome_choices(
            workshop=workshop, track=track
        )


class BulkDecisionForm(forms.Form):
    outcome = forms.ChoiceField()
    papers = forms.TypedMultipleChoiceField(coerce=int)

    def __init__(self, *args, workshop: Workshop, paper_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = review_selectors.outcome_choices(workshop=workshop)
        self.fields["papers"].choices = [(pk, str(pk)) for pk in paper_ids]


class MetaReviewForm(forms.Form):
    recommendation = forms.ChoiceField(label="Your recommendation")
    text = forms.CharField(
        label="Meta-review",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Sums up the reviews and the discussion. The organizers may send it to the "
        "authors with the decision. " + MARKDOWN_HELP,
    )

    def __init__(self, *args, workshop: Workshop, track: Track | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = review_selectors.outcome_choices(
            workshop=workshop, track=track
        )

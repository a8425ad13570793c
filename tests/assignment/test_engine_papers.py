"""The engine reads each reviewer's own papers (title, then abstract, in their order) in a
number of queries that does not grow with reviewers or papers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignment.engine import load_instance
from pool.paper_texts import PaperEntry
from pool.services import reviewer_papers_replace
from tests.assignment.helpers import add_reviewer, parameters, two_area_workshop

pytestmark = pytest.mark.django_db


def papers_of(profile_user, workshop, entries):
    profile = profile_user.reviewer_profiles.get(workshop=workshop)
    reviewer_papers_replace(profile=profile, papers=entries)


def test_load_instance_reads_papers_in_order_in_fixed_queries(
    workshop, topics, django_assert_num_queries
):
    _, reviewers = two_area_workshop(workshop, topics)
    papers_of(
        reviewers["A"], workshop, [PaperEntry("Loss curves", "We fit."), PaperEntry("Tokens")]
    )
    with CaptureQueriesContext(connection) as few:
        instance = load_instance(workshop=workshop, parameters=parameters())
    by_id = dict(zip(instance.reviewer_ids, instance.reviewers, strict=True))
    assert by_id[reviewers["A"].pk].papers == ("Loss curves\nWe fit.", "Tokens")
    assert by_id[reviewers["B"].pk].papers == ()
    for n in range(6):
        user = add_reviewer(
            workshop, topics["data"], f"r{n}@uni{n}.example.edu", f"R {n}", "data curation"
        )
        papers_of(user, workshop, [PaperEntry(f"Paper {n}.{k}", "Text.") for k in range(4)])
    with django_assert_num_queries(len(few.captured_queries)):
        instance = load_instance(workshop=workshop, parameters=parameters())
    assert sum(len(reviewer.papers) for reviewer in instance.reviewers) == 2 + 6 * 4

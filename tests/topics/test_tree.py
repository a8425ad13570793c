"""The organizers' topic tree editor: services (through the hooks of papers and expertise)
and pages."""

import pytest
from django.urls import reverse

from fomo_site.errors import Refusal
from pool.models import TopicExpertise
from tests.factories import ReviewerProfileFactory, SubmissionFactory, UserFactory
from topics.models import Topic
from topics.services import (
    topic_create,
    topic_delete,
    topic_merge,
    topic_move,
    topic_reorder,
    topic_update,
)

pytestmark = pytest.mark.django_db


def names(workshop, parent):
    return list(
        Topic.objects.filter(workshop=workshop, parent=parent)
        .order_by("order", "name")
        .values_list("name", flat=True)
    )


def use(workshop, topic, *, papers=0, secondary=0, reviewers=0, level="expert"):
    for _ in range(papers):
        SubmissionFactory(workshop=workshop, primary_topic=topic)
    for _ in range(secondary):
        other = Topic.objects.filter(workshop=workshop).exclude(parent=None).exclude(pk=topic.pk)
        SubmissionFactory(workshop=workshop, primary_topic=other.first()).secondary_topics.add(
            topic
        )
    for _ in range(reviewers):
        profile = ReviewerProfileFactory(workshop=workshop)
        TopicExpertise.objects.create(profile=profile, topic=topic, level=level)


# Services ------------------------------------------------------------------------------


def test_topic_create_puts_a_subtopic_last_with_a_unique_slug(workshop, topics):
    first = topic_create(workshop=workshop, name="Scaling laws", parent=topics["adaptation"])
    second = topic_create(workshop=workshop, name="Scaling laws", parent=topics["adaptation"])
    assert (first.slug, second.slug) == ("scaling-laws-2", "scaling-laws-3")
    assert names(workshop, topics["adaptation"]) == ["Fine-tuning", "Scaling laws", "Scaling laws"]


def test_topic_create_under_a_subtopic_is_refused(workshop, topics):
    with pytest.raises(Refusal, match="choose an area"):
        topic_create(workshop=workshop, name="Leaf", parent=topics["scaling-laws"])
    assert not Topic.objects.filter(name="Leaf").exists()


def test_topic_reorder_swaps_neighbours_and_stops_at_the_ends(workshop, topics):
    pre = topics["pre-training"]
    topic_reorder(topic=topics["scaling-laws"], step=-1)
    assert names(workshop, pre) == ["Scaling laws", "Understanding the data"]
    topic_reorder(topic=topics["scaling-laws"], step=-1)
    assert names(workshop, pre) == ["Scaling laws", "Understanding the data"]
    topic_reorder(topic=topics["pre-training"], step=1)
    assert names(workshop, None) == ["Adaptation", "Pre-Training"]


def test_topic_move_puts_a_subtopic_last_under_its_new_area(workshop, topics):
    topic_move(topic=topics["data"], parent=topics["adaptation"])
    assert names(workshop, topics["adaptation"]) == ["Fine-tuning", "Understanding the data"]
    assert names(workshop, topics["pre-training"]) == ["Scaling laws"]


def test_topic_move_of_an_area_with_subtopics_under_another_is_refused(workshop, topics):
    with pytest.raises(Refusal, match="has subtopics of its own"):
        topic_move(topic=topics["adaptation"], parent=topics["pre-training"])
    assert Topic.objects.get(pk=topics["adaptation"].pk).parent is None


def test_topic_move_of_a_used_subtopic_to_the_top_is_refused(workshop, topics):
    use(workshop, topics["data"], papers=1)
    with pytest.raises(Refusal, match="used by 1 paper; papers choose subtopics"):
        topic_move(topic=topics["data"], parent=None)


def test_topic_update_renames_describes_and_moves(workshop, topics):
    topic_update(
        topic=topics["data"],
        name=" Data curation ",
        description="Which data?",
        parent=topics["adaptation"],
    )
    data = Topic.objects.get(pk=topics["data"].pk)
    assert (data.name, data.description, data.parent, data.slug) == (
        "Data curation",
        "Which data?",
        topics["adaptation"],
        "data",
    )


def test_topic_delete_of_a_used_topic_is_refused_with_the_counts(workshop, topics):
    use(workshop, topics["data"], papers=3, secondary=1, reviewers=7)
    with pytest.raises(Refusal) as refused:
        topic_delete(topic=topics["data"])
    assert "used by 4 papers and 7 reviewers' expertise" in str(refused.value)
    assert Topic.objects.filter(pk=topics["data"].pk).exists()


def test_topic_delete_of_an_area_with_subtopics_is_refused(workshop, topics):
    with pytest.raises(Refusal, match="has 2 subtopics"):
        topic_delete(topic=topics["pre-training"])


def test_topic_delete_of_an_unused_topic_deletes_it(workshop, topics):
    topic_delete(topic=topics["data"])
    assert names(workshop, topics["pre-training"]) == ["Scaling laws"]


def test_topic_merge_moves_papers_and_expertise_without_duplicates(workshop, topics):
    source, target = topics["data"], topics["scaling-laws"]
    on_source = SubmissionFactory(workshop=workshop, primary_topic=source)
    both = SubmissionFactory(workshop=workshop, primary_topic=topics["fine-tuning"])
    both.secondary_topics.add(source, target)
    primary_target = SubmissionFactory(workshop=workshop, primary_topic=target)
    primary_target.secondary_topics.add(source)
    primary_source = SubmissionFactory(workshop=workshop, primary_topic=source)
    primary_source.secondary_topics.add(target, topics["fine-tuning"])
    expert_both = ReviewerProfileFactory(workshop=workshop)
    TopicExpertise.objects.create(profile=expert_both, topic=source, level="expert")
    TopicExpertise.objects.create(profile=expert_both, topic=target, level="interested")
    only_source = ReviewerProfileFactory(workshop=workshop)
    TopicExpertise.objects.create(profile=only_source, topic=source, level="knowledgeable")

    topic_merge(source=source, target=target)

    assert not Topic.objects.filter(pk=source.pk).exists()
    assert on_source.__class__.objects.get(pk=on_source.pk).primary_topic == target
    assert list(both.secondary_topics.values_list("slug", flat=True)) == ["scaling-laws"]
    assert list(primary_target.secondary_topics.all()) == []
    primary_source.refresh_from_db()
    assert primary_source.primary_topic == target
    assert list(primary_source.secondary_topics.values_list("slug", flat=True)) == ["fine-tuning"]
    expertise = sorted(
        TopicExpertise.objects.filter(topic__workshop=workshop).values_list(
            "profile_id", "topic__slug", "level"
        )
    )
    assert expertise == [
        (expert_both.pk, "scaling-laws", "expert"),
        (only_source.pk, "scaling-laws", "knowledgeable"),
    ]


def test_topic_merge_of_a_subtopic_into_an_area_is_refused(workshop, topics):
    use(workshop, topics["data"], papers=1)
    with pytest.raises(Refusal, match="is a subtopic: merge it into a subtopic too"):
        topic_merge(source=topics["data"], target=topics["adaptation"])
    assert Topic.objects.filter(pk=topics["data"].pk).exists()


# Pages ---------------------------------------------------------------------------------


def tree_url(workshop, name="tree", topic=None):
    kwargs = {"workshop": workshop.slug}
    if topic is not None:
        kwargs["topic"] = topic.pk
    return reverse(f"topic_tree:{name}", kwargs=kwargs)


def test_tree_page_lists_topics_in_order_with_their_usage(client, workshop, topics, organizer):
    use(workshop, topics["scaling-laws"], papers=2, reviewers=1)
    client.force_login(organizer)
    html = client.get(tree_url(workshop)).content.decode()
    order = ["Pre-Training", "Understanding the data", "Scaling laws", "Adaptation", "Fine-tuning"]
    positions = [html.index(f'topic-name">{name}<') for name in order]
    assert positions == sorted(positions)
    assert "used by 2 papers and 1 reviewer&#x27;s expertise" in html


@pytest.mark.parametrize("extra_papers", [0, 12])
def test_tree_page_queries_do_not_grow_with_papers(
    client, workshop, topics, organizer, django_assert_num_queries, extra_papers
):
    use(workshop, topics["data"], papers=1 + extra_papers, reviewers=1 + extra_papers)
    client.force_login(organizer)
    with django_assert_num_queries(8):
        assert client.get(tree_url(workshop)).status_code == 200


def test_tree_page_adds_a_subtopic(client, workshop, topics, organizer):
    client.force_login(organizer)
    response = client.post(
        tree_url(workshop),
        {"name": "Tokenizers", "description": "Which units?", "parent": topics["pre-training"].pk},
    )
    topic = Topic.objects.get(name="Tokenizers")
    assert response.url == tree_url(workshop) + f"#topic-{topic.pk}"
    assert (topic.parent, topic.description, topic.slug) == (
        topics["pre-training"],
        "Which units?",
        "tokenizers",
    )


def test_tree_page_without_a_name_keeps_the_description(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(tree_url(workshop), {"name": "", "description": "Kept text"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert "Kept text" in response.content.decode()


def test_edit_page_refusal_keeps_what_was_typed(client, workshop, topics, organizer):
    client.force_login(organizer)
    response = client.post(
        tree_url(workshop, "edit", topics["adaptation"]),
        {"name": "Adaptation methods", "parent": topics["pre-training"].pk},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "has subtopics of its own" in html
    assert 'value="Adaptation methods"' in html
    assert Topic.objects.get(pk=topics["adaptation"].pk).name == "Adaptation"


def test_reorder_button_moves_a_topic_down(client, workshop, topics, organizer):
    client.force_login(organizer)
    client.post(tree_url(workshop, "reorder", topics["data"]), {"direction": "down"})
    assert names(workshop, topics["pre-training"]) == ["Scaling laws", "Understanding the data"]


def test_delete_page_of_a_used_topic_offers_a_merge(client, workshop, topics, organizer):
    use(workshop, topics["data"], papers=4, reviewers=7)
    client.force_login(organizer)
    html = client.get(tree_url(workshop, "delete", topics["data"])).content.decode()
    assert "used by 4 papers and 7 reviewers&#x27; expertise" in html
    assert 'id="topic-delete"' not in html
    assert ">Pre-Training › Scaling laws</option>" in html
    assert ">Adaptation</option>" not in html  # areas are no target for a subtopic
    response = client.post(tree_url(workshop, "delete", topics["data"]))
    assert response.url == tree_url(workshop, "delete", topics["data"])
    assert Topic.objects.filter(pk=topics["data"].pk).exists()


def test_merge_page_moves_papers_and_deletes_the_topic(client, workshop, topics, organizer):
    use(workshop, topics["data"], papers=2)
    client.force_login(organizer)
    response = client.post(
        tree_url(workshop, "merge", topics["data"]), {"target": topics["scaling-laws"].pk}
    )
    assert response.url == tree_url(workshop) + f"#topic-{topics['scaling-laws'].pk}"
    assert not Topic.objects.filter(pk=topics["data"].pk).exists()
    assert topics["scaling-laws"].primary_submissions.count() == 2


def test_tree_pages_refuse_an_organizer_of_another_workshop(client, workshop, topics):
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(tree_url(workshop)).status_code == 403
    assert client.post(tree_url(workshop, "merge", topics["data"])).status_code == 403

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from submissions.enums import SubmissionStatus
from submissions.models import Submission
from submissions.services import submission_create, submission_withdraw
from tests.factories import AuthorshipFactory, SubmissionFactory, UserFactory
from tests.submissions.conftest import content, make_workshop, topic
from topics.aoe import AOE
from topics.templatetags.fomo import aoe


@pytest.fixture
def organizer(workshop):
    user = UserFactory(email="olivia@fomo.example.org", full_name="Olivia Organizer")
    workshop.organizers.add(user)
    return user


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def many(workshop, count: int, **fields) -> None:
    primary = fields.pop("primary_topic", None) or topic(workshop, "scaling-laws")
    for _ in range(count):
        submission = SubmissionFactory(workshop=workshop, primary_topic=primary, **fields)
        submission.secondary_topics.add(topic(workshop, "scale"))
        AuthorshipFactory(submission=submission, order=1)
        AuthorshipFactory(submission=submission, order=2)


def manage(workshop, suffix: str = "") -> str:
    return f"/{workshop.slug}/manage/submissions/{suffix}"


@pytest.mark.django_db
def test_manage_list_query_count_is_fixed(organizer_client, workshop, django_assert_num_queries):
    many(workshop, 1)
    with CaptureQueriesContext(connection) as with_one:
        organizer_client.get(manage(workshop))
    many(workshop, 49)
    with django_assert_num_queries(len(with_one.captured_queries)):
        html = organizer_client.get(manage(workshop)).content.decode()
    assert html.count("On the emergence of skill") == 50


@pytest.mark.django_db
def test_manage_list_filters_by_status_and_topic(organizer_client, workshop):
    many(workshop, 2)
    many(workshop, 1, status=SubmissionStatus.WITHDRAWN, title="Withdrawn one")
    many(workshop, 1, primary_topic=topic(workshop, "instruction"), title="Tuned one")
    withdrawn = organizer_client.get(manage(workshop), {"status": "withdrawn"})
    assert withdrawn.context["submissions"].count() == 1
    assert "Withdrawn one" in withdrawn.content.decode()
    area = topic(workshop, "adaptation")
    by_area = organizer_client.get(manage(workshop), {"topic": area.pk})
    assert [s.title for s in by_area.context["submissions"]] == ["Tuned one"]


@pytest.mark.django_db
def test_manage_list_is_forbidden_to_non_organizers(client, workshop):
    client.force_login(UserFactory(email="someone@example.org"))
    assert client.get(manage(workshop)).status_code == 403
    assert client.get(manage(workshop, "export.csv")).status_code == 403


@pytest.mark.django_db
def test_manage_export_neutralises_formula_titles(organizer_client, workshop, author):
    submission_create(
        workshop=workshop,
        submitter=author,
        content=content(workshop, title='=HYPERLINK("http://evil.example","x")'),
        submit=True,
    )
    response = organizer_client.get(manage(workshop, "export.csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"] == (
        f'attachment; filename="fomo-{workshop.slug}-submissions.csv"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert rows[0][:3] == ["id", "title", "status"]
    assert rows[1][:3] == ["#1", '\'=HYPERLINK("http://evil.example","x")', "Submitted"]
    assert rows[1][6] == "Ada Lovelace; Charles Babbage"
    assert Submission.objects.get().title == '=HYPERLINK("http://evil.example","x")'


@pytest.mark.django_db
def test_organizer_sees_detail_of_any_submission(organizer_client, workshop, author):
    submission_create(workshop=workshop, submitter=author, content=content(workshop), submit=True)
    html = organizer_client.get(f"/{workshop.slug}/submissions/1/").content.decode()
    assert "Ada Lovelace" in html
    assert "set extension" in html
    assert organizer_client.get(f"/{workshop.slug}/submissions/1/pdf/").status_code == 200
    assert organizer_client.get(f"/{workshop.slug}/submissions/1/edit/").status_code == 404


@pytest.mark.django_db
def test_organizer_extension_lets_author_edit_after_deadline(
    organizer_client, client, workshop, author
):
    submission_create(workshop=workshop, submitter=author, content=content(workshop), submit=True)
    workshop.submission_opens_at = timezone.now() - timedelta(days=30)
    workshop.submission_deadline = timezone.now() - timedelta(hours=1)
    workshop.save()
    later = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    form = organizer_client.get(manage(workshop, "1/extension/")).content.decode()
    assert "In AoE (UTC−12)" in form and "UTC." not in form
    response = organizer_client.post(
        manage(workshop, "1/extension/"),
        {"deadline_extension": later.astimezone(AOE).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    assert Submission.objects.get().deadline_extension == later
    form = organizer_client.get(manage(workshop, "1/extension/")).content.decode()
    assert f'value="{later.astimezone(AOE).strftime("%Y-%m-%dT%H:%M")}"' in form
    client.force_login(author)
    assert client.get(f"/{workshop.slug}/submissions/1/edit/").status_code == 200


@pytest.mark.django_db
def test_other_workshops_organizer_cannot_see_submission(client, workshop, author):
    submission_create(workshop=workshop, submitter=author, content=content(workshop), submit=True)
    other = make_workshop()
    stranger = UserFactory(email="other-organizer@example.org")
    other.organizers.add(stranger)
    client.force_login(stranger)
    assert client.get(f"/{workshop.slug}/submissions/1/").status_code == 404


@pytest.mark.django_db
def test_organizer_who_authors_a_paper_cannot_extend_its_deadline(client, workshop, author):
    workshop.organizers.add(author)
    submission_create(workshop=workshop, submitter=author, content=content(workshop), submit=True)
    reason = "You are an author of paper #1: another organizer must set its deadline extension."
    client.force_login(author)
    page = client.get(manage(workshop, "1/extension/"))
    assert page.status_code == 403
    assert reason in page.content.decode()
    later = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    posted = client.post(
        manage(workshop, "1/extension/"), {"deadline_extension": later.strftime("%Y-%m-%dT%H:%M")}
    )
    assert posted.status_code == 403
    assert Submission.objects.get().deadline_extension is None
    detail = client.get(f"/{workshop.slug}/submissions/1/").content.decode()
    assert reason in detail
    assert "/1/extension/" not in detail


@pytest.mark.django_db
def test_manage_list_says_never_submitted_for_a_withdrawn_draft(organizer_client, workshop):
    many(workshop, 1, status=SubmissionStatus.DRAFT, submitted_at=None, title="Draft gone")
    draft = Submission.objects.get(title="Draft gone")
    submission_withdraw(submission=draft, by=draft.authorships.first().user or UserFactory())
    html = organizer_client.get(manage(workshop)).content.decode()
    row = html[html.index("Draft gone") :].split("</tr>", 1)[0]
    assert "never submitted" in row
    assert "(UTC)" not in html
    many(workshop, 1, title="Sent in")
    sent = Submission.objects.get(title="Sent in")
    html = organizer_client.get(manage(workshop)).content.decode()
    row = html[html.index("Sent in") :].split("</tr>", 1)[0]
    assert aoe(sent.submitted_at) in row
    detail = organizer_client.get(draft.get_absolute_url()).content.decode()
    assert "never submitted" in detail

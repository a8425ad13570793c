"""Authors find their paper's conflict-of-interest page from every page about the paper."""

import pytest

from tests.submissions.test_views import existing
from topics.models import Workshop
from topics.services import phase_dates

pytestmark = pytest.mark.django_db


def conflicts_href(workshop, number: int = 1) -> str:
    return f'href="/{workshop.slug}/submissions/{number}/conflicts/"'


def test_paper_page_links_to_its_conflicts(client, workshop, author):
    existing(workshop, author)
    client.force_login(author)
    html = client.get(f"/{workshop.slug}/submissions/1/").content.decode()
    assert conflicts_href(workshop) in html
    assert client.get(f"/{workshop.slug}/submissions/1/conflicts/").status_code == 200


def test_edit_form_links_to_the_papers_conflicts(client, workshop, author):
    existing(workshop, author)
    client.force_login(author)
    html = client.get(f"/{workshop.slug}/submissions/1/edit/").content.decode()
    assert conflicts_href(workshop) in html


def test_dashboard_links_to_each_papers_conflicts(client, workshop, author):
    existing(workshop, author)
    client.force_login(author)
    html = client.get("/accounts/dashboard/").content.decode()
    assert conflicts_href(workshop) in html


def test_no_conflicts_link_once_bidding_is_over(client, workshop, author):
    existing(workshop, author)
    Workshop.objects.filter(pk=workshop.pk).update(**phase_dates("reviewing"))
    client.force_login(author)
    assert (
        conflicts_href(workshop)
        not in client.get(f"/{workshop.slug}/submissions/1/").content.decode()
    )
    assert conflicts_href(workshop) not in client.get("/accounts/dashboard/").content.decode()


def test_call_for_papers_tells_authors_where_to_declare_conflicts(client, workshop):
    html = client.get(f"/{workshop.slug}/").content.decode()
    assert "After submitting, declare conflicts of interest on your paper&#x27;s page" in html or (
        "After submitting, declare conflicts of interest on your paper’s page" in html
    )

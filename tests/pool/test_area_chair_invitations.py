import pytest
from django.urls import reverse

from notifications.models import OutgoingEmail
from pool.models import AreaChair, Conflict, ReviewerProfile
from pool.services import invitation_accept, invitation_create
from tests.factories import AuthorshipFactory, SubmissionFactory, UserFactory
from tests.pool.helpers import link_token

pytestmark = pytest.mark.django_db


def invite_chair(workshop, organizer, email="cora@uni-c.example.edu", name="Cora Chair"):
    outcome = invitation_create(
        workshop=workshop, email=email, name=name, invited_by=organizer, role="area_chair"
    )
    return outcome.invitation


def test_area_chair_invitation_says_so_and_accepting_makes_an_area_chair_not_a_reviewer(
    workshop, organizer
):
    invitation = invite_chair(workshop, organizer)
    email = OutgoingEmail.objects.get(kind="reviewer_invitation")
    assert email.subject == "Area chair: Invitation to review for FM-WS"
    assert email.body_text.startswith("You are invited as an AREA CHAIR: you review no papers")
    cora = UserFactory(email="cora@uni-c.example.edu", full_name="Cora Chair")
    chair = invitation_accept(invitation=invitation, user=cora)
    assert isinstance(chair, AreaChair)
    assert (chair.workshop, chair.user, chair.invitation) == (workshop, cora, invitation)
    assert not ReviewerProfile.objects.filter(user=cora).exists()


def test_area_chair_gets_the_automatic_conflicts_of_a_reviewer(workshop, organizer):
    paper = SubmissionFactory(workshop=workshop)
    AuthorshipFactory(submission=paper, email="ana@uni-c.example.edu", affiliation="Lab X")
    invitation = invite_chair(workshop, organizer)
    cora = UserFactory(email="cora@uni-c.example.edu")
    invitation_accept(invitation=invitation, user=cora)
    assert list(Conflict.objects.filter(reviewer=cora).values_list("submission_id", "source")) == [
        (paper.pk, "domain")
    ]


def test_area_chair_invitation_link_accepts_into_their_profile(client, workshop, organizer):
    invite_chair(workshop, organizer)
    token = link_token(OutgoingEmail.objects.get(kind="reviewer_invitation").body_text)
    url = reverse("pool:invitation", kwargs={"workshop": workshop.slug, "token": token})
    client.force_login(UserFactory(email="cora@uni-c.example.edu"))
    page = client.get(url)
    assert "Area chair for" in page.content.decode()
    response = client.post(url, {"action": "accept"})
    assert response["Location"] == f"/{workshop.slug}/ac/profile/"
    assert "Topics you can chair" in client.get(response["Location"]).content.decode()
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="/{workshop.slug}/ac/"' in dashboard


def test_organizer_invites_an_area_chair_from_the_invite_form(client, workshop, organizer):
    client.force_login(organizer)
    client.post(
        reverse("pool_manage:invite", kwargs={"workshop": workshop.slug}),
        {"single": "1", "name": "Cora", "email": "cora@uni-c.example.edu", "role": "area_chair"},
    )
    pool_page = client.get(reverse("pool_manage:pool", kwargs={"workshop": workshop.slug}))
    assert 'Cora <span class="badge text-bg-info">Area chair</span>' in pool_page.content.decode()


def test_a_reviewer_cannot_also_become_an_area_chair(workshop, organizer):
    rita = UserFactory(email="rita@uni-r.example.edu")
    ReviewerProfile.objects.create(workshop=workshop, user=rita)
    outcome = invitation_create(workshop=workshop, email=rita.email, name="Rita", role="area_chair")
    assert (outcome.created, outcome.message) == (False, "already a reviewer")

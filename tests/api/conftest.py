import pytest

from api.services import api_token_create
from tests.factories import AuthorshipFactory, SubmissionFactory, UserFactory


def token_client(client, user):
    """The test client sending ``user``'s new personal token with every request."""
    _, key = api_token_create(user=user, name="tests")
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    return client


@pytest.fixture
def papers(workshop, topics):
    """Paper 1 by Ada (with a co-author), in Scaling laws; paper 2 by Bo, in Fine-tuning;
    paper 3 a draft by Bo."""
    ada = UserFactory(email="ada@lab-a.example.org", full_name="Ada Author")
    bo = UserFactory(email="bo@lab-b.example.org", full_name="Bo Author")
    first = SubmissionFactory(workshop=workshop, number=1, primary_topic=topics["scaling-laws"])
    AuthorshipFactory(submission=first, user=ada, name=ada.full_name, email=ada.email, order=0)
    AuthorshipFactory(submission=first, name="Cy Coauthor", email="cy@lab-c.example.org", order=1)
    second = SubmissionFactory(workshop=workshop, number=2, primary_topic=topics["fine-tuning"])
    AuthorshipFactory(submission=second, user=bo, name=bo.full_name, email=bo.email, order=0)
    third = SubmissionFactory(
        workshop=workshop, number=3, status="draft", submitted_at=None,
        primary_topic=topics["fine-tuning"],
    )  # fmt: skip
    AuthorshipFactory(submission=third, user=bo, name=bo.full_name, email=bo.email, order=0)
    return {"ada": ada, "bo": bo, 1: first, 2: second, 3: third}

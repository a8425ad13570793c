"""Issue 13: organizers invite and remove co-organizers; every mail goes through the outbox."""

import re

import pytest
from django.urls import reverse

from notifications.models import OutgoingEmail
from tests.factories import UserFactory
from topics.models import WorkshopChange


def organizers_url(workshop) -> str:
    return reverse("topics:organizers", kwargs={"workshop": workshop.slug})


@pytest.mark.django_db
def test_organizers_invite_with_account_adds_them_and_tells_them(client, workshop, organizer):
    grace = UserFactory(email="grace@navy.example.mil", full_name="Grace Hopper")
    client.force_login(organizer)
    response = client.post(
        organizers_url(workshop), {"email": "Grace@Navy.example.mil"}, follow=True
    )
    assert "Grace Hopper is now an organizer; we told them by email." in response.content.decode()
    assert set(workshop.organizers.all()) == {organizer, grace}
    mail = OutgoingEmail.objects.get(kind="organizer_added")
    assert mail.to == ["grace@navy.example.mil"]
    assert mail.subject == "You are now an organizer of FM-WS"
    assert "Olivia Organizer has made you an organizer of" in mail.body_text
    assert "/fm-ws/manage/settings/" in mail.body_text
    change = WorkshopChange.objects.get(workshop=workshop)
    assert (change.changed_by, change.new_value) == (
        organizer,
        "Grace Hopper <grace@navy.example.mil> added",
    )


@pytest.mark.django_db
def test_organizers_invite_twice_says_already_an_organizer(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(organizers_url(workshop), {"email": organizer.email})
    assert response.context["form"].errors["email"] == ["Olivia Organizer is already an organizer."]
    assert OutgoingEmail.objects.count() == 0


@pytest.mark.django_db
def test_organizers_remove_the_last_one_refused(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(
        reverse("topics:organizer_remove", kwargs={"workshop": workshop.slug}),
        {"user": organizer.pk},
        follow=True,
    )
    assert (
        "Olivia Organizer is the last organizer: invite another organizer first; a workshop "
        "cannot be left without one."
    ) in response.content.decode()
    assert list(workshop.organizers.all()) == [organizer]


@pytest.mark.django_db
def test_organizers_remove_a_co_organizer_logged(client, workshop, organizer):
    other = UserFactory(full_name="Ola Other")
    workshop.organizers.add(other)
    client.force_login(organizer)
    response = client.post(
        reverse("topics:organizer_remove", kwargs={"workshop": workshop.slug}),
        {"user": other.pk},
    )
    assert response.status_code == 302
    assert list(workshop.organizers.all()) == [organizer]
    change = WorkshopChange.objects.get(workshop=workshop)
    assert (change.old_value, change.new_value) == (f"Ola Other <{other.email}>", "removed")


@pytest.mark.django_db
def test_organizers_page_lists_with_constant_queries(
    client, workshop, organizer, django_assert_num_queries
):
    client.force_login(organizer)
    client.get(organizers_url(workshop))
    with django_assert_num_queries(6) as one:
        client.get(organizers_url(workshop))
    for _ in range(5):
        workshop.organizers.add(UserFactory())
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(organizers_url(workshop))
    assert response.content.decode().count('name="user"') == 6


@pytest.mark.django_db(transaction=True)
def test_organizers_invite_without_account_joins_on_sign_up(client, workshop, organizer):
    client.force_login(organizer)
    client.post(organizers_url(workshop), {"email": "ada@engines.example.org"})
    invitation = OutgoingEmail.objects.get(kind="organizer_invitation")
    assert invitation.subject == "Invitation to co-organize FM-WS"
    assert "/accounts/signup/" in invitation.body_text
    assert list(workshop.organizers.all()) == [organizer]
    assert "ada@engines.example.org" in client.get(organizers_url(workshop)).content.decode()

    client.logout()
    client.post(
        reverse("account_signup"),
        {
            "email": "ada@engines.example.org",
            "full_name": "Ada Lovelace",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )
    assert workshop.organizers.filter(email="ada@engines.example.org").count() == 0
    body = OutgoingEmail.objects.get(kind="email_confirmation_signup").body_text
    client.post(re.search(r"/accounts/confirm-email/[^\s]+/", body).group(0))
    assert workshop.organizers.filter(email="ada@engines.example.org").count() == 1
    assert (
        client.get(reverse("topics:settings", kwargs={"workshop": workshop.slug})).status_code
        == 200
    )

"""Mass assignment: extra POST fields (status, is_staff, is_superuser, reviewer, decision,
workshop, number, user, …) added to every form are ignored."""

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from pool.models import ReviewerProfile
from reviews.models import Review
from submissions.models import Authorship, Submission
from tests.factories import TopicFactory, UserFactory, WorkshopFactory
from tests.pdfs import make_pdf
from tests.security.routes import clients
from tests.security.test_bad_input import _targets
from tests.security.test_uploads import form_data, upload
from topics.models import Workshop

pytestmark = pytest.mark.django_db


def extras(world) -> dict:
    admin, other = world.users["admin"], world.other_workshop
    return {
        "status": "accepted",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "",
        "reviewer": str(admin.pk),
        "reviewer_id": str(admin.pk),
        "decision": "oral",
        "workshop": str(other.pk),
        "workshop_id": str(other.pk),
        "number": "99",
        "user": str(admin.pk),
        "user_id": str(admin.pk),
        "submitted_by": str(admin.pk),
        "submission": str(world.paper_a.pk),
        "organizers": str(world.users["plain"].pk),
        "decisions_released_at": "2020-01-01 00:00",
        "token_hash": "0" * 64,
        "email": "evil@evil.example",
        "invitation": "1",
        "release": "1",
        "pk": str(world.paper_a.pk),
        "id": str(world.paper_a.pk),
    }


def guarded_state() -> dict:
    """What no form may change as a side effect of an extra field."""
    return {
        "users": sorted(
            User.objects.values_list("pk", "email", "is_staff", "is_superuser", "is_active")
        ),
        "organizers": sorted(Workshop.organizers.through.objects.values_list(
            "workshop_id", "user_id")),
        "released": sorted(Workshop.objects.values_list("pk", "decisions_released_at")),
        "papers": sorted(Submission.objects.values_list(
            "pk", "workshop_id", "number", "status", "submitted_by_id")),
        "authors": sorted(Authorship.objects.values_list("pk", "submission_id", "user_id")),
        "reviews": sorted(Review.objects.values_list("pk", "submission_id", "reviewer_id")),
        "profiles": sorted(ReviewerProfile.objects.values_list("pk", "workshop_id", "user_id")),
    }  # fmt: skip


def test_mass_assignment_extra_fields_on_every_form_are_ignored():
    from tests.security.world import build_world

    world = build_world("reviewing")
    role_clients = clients(world)
    before = guarded_state()
    changed = []
    for role, name, kwargs, base, fields, headers in _targets(world):
        extra = {key: value for key, value in extras(world).items() if key not in (*base, *fields)}
        valid = {**base, **{field: base.get(field, "Fine text") for field in fields}}
        with transaction.atomic():
            response = role_clients[role].post(
                reverse(name, kwargs=kwargs), {**valid, **extra}, **headers
            )
            after = guarded_state()
            transaction.set_rollback(True)
        assert response.status_code < 500
        if after != before:
            changed.append(
                f"{name}: " + ", ".join(key for key in before if before[key] != after[key])
            )
    assert changed == []


def test_mass_assignment_submission_form_ignores_status_number_workshop(client):
    workshop = WorkshopFactory(phase="submission", slug="ma-ws")
    other = WorkshopFactory(phase="submission", slug="ma-other")
    area = TopicFactory(workshop=workshop, name="Area", slug="area")
    topic = TopicFactory(workshop=workshop, parent=area, name="Scaling", slug="scaling")
    author = UserFactory(email="ada@lab-ma.org", full_name="Ada Mass")
    client.force_login(author)
    data = form_data(topic, author, pdf=upload("paper.pdf", make_pdf(1)))
    data.update(
        status="accepted", number="42", workshop=str(other.pk), submitted_by="1",
        camera_ready_pdf="x", deadline_extension="2099-01-01 00:00", import_key="k",
        decisions_released_at="2020-01-01 00:00",
    )  # fmt: skip
    response = client.post(reverse("submissions:create", kwargs={"workshop": workshop.slug}), data)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.workshop, submission.number, submission.status) == (
        workshop,
        1,
        "submitted",
    )
    assert (submission.submitted_by, submission.deadline_extension, submission.import_key) == (
        author,
        None,
        None,
    )
    assert not submission.camera_ready_pdf
    workshop.refresh_from_db()
    assert workshop.decisions_released_at is None

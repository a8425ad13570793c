import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

PROJECT_APPS = {
    "accounts",
    "topics",
    "notifications",
    "submissions",
    "pool",
    "assignment",
    "reviews",
    "decisions",
    "api",
}


def project_models():
    return [model for model in apps.get_models() if model._meta.app_label in PROJECT_APPS]


def test_admin_registers_every_project_model():
    missing = [model.__name__ for model in project_models() if not admin.site.is_registered(model)]
    assert missing == []


@pytest.mark.django_db
def test_admin_changelist_and_add_pages_open_for_every_model(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in project_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        assert client.get(changelist + "?q=fomo").status_code == 200, changelist


@pytest.mark.django_db
def test_admin_index_has_one_accounts_section_and_review_settings_spelled_right(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:index")).content.decode()
    assert html.count('title="Models in the Accounts application"') == 1
    assert 'title="Models in the Users application"' in html
    assert "Review settingss" not in html
    assert ">Review settings</a>" in html


@pytest.mark.django_db
def test_admin_grants_may_create_workshops_on_the_user_page(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    person = UserFactory()
    page = client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert 'name="may_create_workshops"' in page.content.decode()

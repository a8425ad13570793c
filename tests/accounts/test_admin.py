"""The admin index: one section per app, names spelled right."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_index_has_one_accounts_section_and_review_settings_spelled_right(client):
    admin = UserFactory(email="root@fomo.example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get(reverse("admin:index")).content.decode()
    assert html.count('title="Models in the Accounts application"') == 1
    assert 'title="Models in the Users application"' in html
    assert "Review settingss" not in html
    assert ">Review settings</a>" in html

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[2] / "api" / "schema.yaml"


def test_schema_committed_copy_matches_the_generated_schema(tmp_path):
    generated = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text() == COMMITTED.read_text(), (
        "The API changed but api/schema.yaml did not: run "
        "`manage.py spectacular --file api/schema.yaml` and commit the result."
    )


def test_schema_lists_every_endpoint_with_token_authentication():
    schema = yaml.safe_load(COMMITTED.read_text())
    assert sorted(schema["paths"]) == [
        "/api/v1/workshops/",
        "/api/v1/workshops/{workshop}/",
        "/api/v1/workshops/{workshop}/manage/assignments/",
        "/api/v1/workshops/{workshop}/manage/assignments/{number}/{reviewer}/",
        "/api/v1/workshops/{workshop}/manage/conflicts/",
        "/api/v1/workshops/{workshop}/manage/conflicts/{id}/remove/",
        "/api/v1/workshops/{workshop}/manage/decisions/",
        "/api/v1/workshops/{workshop}/manage/exports/",
        "/api/v1/workshops/{workshop}/manage/exports/{name}.{extension}",
        "/api/v1/workshops/{workshop}/manage/pool/",
        "/api/v1/workshops/{workshop}/manage/reviews/",
        "/api/v1/workshops/{workshop}/manage/submissions/",
        "/api/v1/workshops/{workshop}/my/submissions/",
        "/api/v1/workshops/{workshop}/my/submissions/{number}/",
        "/api/v1/workshops/{workshop}/my/submissions/{number}/pdf/",
        "/api/v1/workshops/{workshop}/my/submissions/{number}/withdraw/",
        "/api/v1/workshops/{workshop}/review/assignments/",
        "/api/v1/workshops/{workshop}/review/bids/",
        "/api/v1/workshops/{workshop}/review/reviews/",
        "/api/v1/workshops/{workshop}/review/reviews/{number}/",
    ]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/workshops/{workshop}/my/submissions/" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in docs
    assert "https://" not in docs

"""The OpenAPI schema validates, documents every error, and the docs need no CDN."""

from __future__ import annotations

import re

import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import validate
from rest_framework.test import APIClient


@pytest.fixture
def served_schema(db) -> dict:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_served_schema_is_valid_openapi_3(served_schema):
    assert served_schema["openapi"].startswith("3.")
    validate(served_schema)


def test_spectacular_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    validate(yaml.safe_load(target.read_text()))


def test_every_operation_is_described_and_documents_its_errors(served_schema):
    for path, item in served_schema["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary") or operation.get("description"), (path, method)
            for code in ("400", "401", "403", "404"):
                assert code in operation["responses"], (path, method, code)
            error = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}


def test_schema_has_examples_for_writes(served_schema):
    register = served_schema["paths"]["/api/v1/meetings/{slug}/registrations/"]["post"]
    assert "examples" in register["requestBody"]["content"]["application/json"]
    assert {"201", "409", "429"} <= set(register["responses"])
    assert "examples" in register["responses"]["201"]["content"]["application/json"]


def test_schema_declares_token_and_session_authentication(served_schema):
    schemes = served_schema["components"]["securitySchemes"]
    assert {"tokenAuth", "cookieAuth"} <= set(schemes)


def test_docs_load_everything_from_this_site(db):
    path = "/api/docs/"
    client = APIClient()
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    external = re.findall(r"""(?:src|href)=["'](https?:)?//[^"']+""", html)
    assert external == []
    assets = re.findall(r"""["'](/static/drf_spectacular_sidecar/[^"']+)["']""", html)
    assert assets, html[:500]
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset

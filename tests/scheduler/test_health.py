from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "broker": True}}


def test_healthz_answers_503_when_the_broker_is_gone(client, settings):
    from scheduler.celery import app

    # Celery 5.7 copies broker_url into broker_write_url when the settings load
    # (with CELERY_BROKER_URL set), and connection_for_write() reads the latter.
    original = app.conf.broker_url, app.conf.broker_write_url
    app.conf.broker_url = app.conf.broker_write_url = "redis://127.0.0.1:1/0"  # nothing there
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url, app.conf.broker_write_url = original
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False}

"""/health/ reports the database, the cache/broker and the Celery worker."""

import pytest
from django.urls import reverse

from config.celery import app


def test_health_fails_with_503_naming_the_celery_worker_when_none_answers(client, db, monkeypatch):
    monkeypatch.setattr(app.control, "ping", lambda **kwargs: [])
    response = client.get(reverse("health"), HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    body = response.json()
    failing = {name: status for name, status in body.items() if status != "OK"}
    assert list(failing) == [name for name in body if name.startswith("Ping")]
    assert "Celery workers unavailable" in next(iter(failing.values()))
    assert any(name.startswith("Database") and status == "OK" for name, status in body.items())
    assert any(name.startswith("Cache") and status == "OK" for name, status in body.items())


@pytest.mark.celery_worker
def test_health_is_200_when_a_real_worker_answers(client, celery_worker_process):
    response = client.get(reverse("health"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.json()
    assert set(response.json().values()) == {"OK"}

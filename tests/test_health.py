"""/health/ reports the database, the cache/broker and the Celery worker, over real HTTP."""

import json
import urllib.error
import urllib.request

import pytest

from config.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


def get_health(live_server):
    request = urllib.request.Request(
        f"{live_server.url}/health/", headers={"Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_health_fails_with_503_naming_the_celery_worker_when_none_answers(live_server, monkeypatch):
    monkeypatch.setattr(app.control, "ping", lambda **kwargs: [])
    status, body = get_health(live_server)
    assert status == 503
    failing = {name: result for name, result in body.items() if result != "OK"}
    assert [name.split("(")[0] for name in failing] == ["Ping"]
    assert "Celery workers unavailable" in next(iter(failing.values()))
    assert {name.split("(")[0] for name in body} >= {"Database", "Cache", "Ping"}


@pytest.mark.celery_worker
def test_health_is_200_when_a_real_worker_answers(live_server, celery_worker_process):
    status, body = get_health(live_server)
    assert status == 200, body
    assert set(body.values()) == {"OK"}
    assert any(name.startswith("Redis") for name in body)

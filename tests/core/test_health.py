import socket

import pytest

from participation import create_app
from tests.redisutil import require_redis


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(database_url, **settings):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, **settings)
    return app.test_client().get("/health")


def test_healthy_without_redis_configured(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "disabled"}
    assert "Set-Cookie" not in response.headers


def test_healthy_with_real_redis(database_url):
    response = health(database_url, REDIS_URL=require_redis())
    assert response.status_code == 200
    assert response.json["redis"] == "ok"


def test_redis_down_gives_503(database_url):
    response = health(database_url, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "ok", "redis": "error"}


@pytest.mark.parametrize("scheme", ["postgresql+psycopg", "sqlite"])
def test_database_down_gives_503(scheme):
    if scheme == "sqlite":
        url = "sqlite:////nonexistent-folder/for/sure/db.sqlite"
    else:
        url = f"postgresql+psycopg://nobody@127.0.0.1:{closed_port()}/none?connect_timeout=1"
    response = health(url)
    assert response.status_code == 503
    assert response.json["database"] == "error"

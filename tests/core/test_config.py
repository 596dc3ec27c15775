import json
import logging

import pytest

from config import load_config
from participation import create_app
from participation.core.town import DEFAULT_CATEGORIES, load_town

GOOD_KEY = "k" * 40


@pytest.fixture()
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("IDENTITY_KEY_SECRET", "i" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db.example/participation")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("SERVER_NAME", "beteiligung.example.org")
    return monkeypatch


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "IDENTITY_KEY_SECRET", "DATABASE_URL", "REDIS_URL", "SERVER_NAME"]
)
def test_production_refuses_to_start_without(production_env, missing):
    production_env.delenv(missing)
    with pytest.raises(RuntimeError, match=missing):
        load_config("production")


@pytest.mark.parametrize("weak", ["dev", "change-me", "short-key"])
def test_production_refuses_weak_secret_keys(production_env, weak):
    production_env.setenv("SECRET_KEY", weak)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        load_config("production")


def test_production_uses_redis_for_rate_limits(production_env):
    config = load_config("production")
    assert config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    assert config.MAIL_BACKEND == "smtp"
    assert config.LOG_JSON is True


def test_unknown_mail_backend_is_refused(database_url):
    with pytest.raises(RuntimeError, match="MAIL_BACKEND"):
        create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, MAIL_BACKEND="smpt")


def test_unknown_environment_is_refused():
    with pytest.raises(RuntimeError, match="APP_ENV"):
        load_config("staging")


def test_development_defaults_to_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = load_config("development")
    assert config.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")
    assert config.SQLALCHEMY_DATABASE_URI.endswith("instance/participation.db")
    assert len(config.SECRET_KEY) >= 32
    assert load_config("development").SECRET_KEY == config.SECRET_KEY
    assert len(config.IDENTITY_KEY_SECRET) >= 32
    assert config.IDENTITY_KEY_SECRET != config.SECRET_KEY
    assert load_config("development").IDENTITY_KEY_SECRET == config.IDENTITY_KEY_SECRET


def test_production_refuses_a_short_identity_key_secret(production_env):
    production_env.setenv("IDENTITY_KEY_SECRET", "short")
    with pytest.raises(RuntimeError, match="IDENTITY_KEY_SECRET"):
        load_config("production")


def test_town_defaults_are_poessneck():
    town = load_town(None)
    assert town.name == "Pößneck"
    assert town.categories == DEFAULT_CATEGORIES
    assert "Bürgerbeteiligung" in town.categories
    assert town.districts == ()


def test_another_town_from_toml(tmp_path, database_url):
    path = tmp_path / "town.toml"
    path.write_text(
        'name = "Neustadt an der Orla"\nplatform_name = "Mitreden in Neustadt"\n'
        'primary_color = "#7a1f1f"\ncategories = ["Verkehr", "Schule", " "]\n'
        'districts = ["Nord", "Süd"]\ncontact_email = "rathaus@neustadt.example"\n',
        encoding="utf-8",
    )
    town = load_town(path)
    assert town.categories == ("Verkehr", "Schule")
    assert town.districts == ("Nord", "Süd")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, TOWN_CONFIG=str(path))
    client = app.test_client()
    page = client.get("/").text
    assert "Mitreden in Neustadt" in page
    assert "rathaus@neustadt.example" in page
    assert "#7a1f1f" in client.get("/theme.css").text


@pytest.mark.parametrize("color", ["red", "#fff", "#ffff00"])
def test_unreadable_or_malformed_colours_are_refused(tmp_path, color):
    path = tmp_path / "town.toml"
    path.write_text(f'primary_color = "{color}"\n')
    with pytest.raises(ValueError, match="primary_color"):
        load_town(path)


@pytest.mark.parametrize("prefix", ["pn", "P1", "ABCDE", "", "Ö"])
def test_sheet_prefixes_other_than_capital_letters_are_refused(tmp_path, prefix):
    path = tmp_path / "town.toml"
    path.write_text(f'sheet_prefix = "{prefix}"\n')
    with pytest.raises(ValueError, match="sheet_prefix"):
        load_town(path)


def test_a_town_chooses_its_sheet_prefix(tmp_path):
    path = tmp_path / "town.toml"
    path.write_text('sheet_prefix = "NS"\n')
    assert load_town(path).sheet_prefix == "NS"
    assert load_town(None).sheet_prefix == "PN"


def test_json_logs_carry_the_request_id(database_url, capsys):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, LOG_JSON=True)
    response = app.test_client().get("/", headers={"X-Request-ID": "abc12345-from-proxy"})
    assert response.headers["X-Request-ID"] == "abc12345-from-proxy"
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    record = json.loads(lines[-1])
    assert record["request_id"] == "abc12345-from-proxy"
    assert record["status"] == 200
    assert record["level"] == "INFO"
    logging.getLogger("participation").handlers.clear()


def test_unsafe_request_ids_are_replaced(client):
    response = client.get("/", headers={"X-Request-ID": "bad id; <script>"})
    assert response.headers["X-Request-ID"] != "bad id; <script>"
    assert len(response.headers["X-Request-ID"]) == 32


def test_a_missing_logo_is_refused_at_start(tmp_path, database_url):
    path = tmp_path / "town.toml"
    path.write_text('logo = "wappen.png"\n')
    with pytest.raises(ValueError, match="wappen.png"):
        create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, TOWN_CONFIG=str(path))


def test_the_configured_logo_is_served(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    (tmp_path / "wappen.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "town.toml").write_text('logo = "wappen.svg"\n')
    app = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=database_url, TOWN_CONFIG=str(tmp_path / "town.toml")
    )
    response = app.test_client().get("/logo")
    assert response.status_code == 200
    assert b"<svg" in response.data

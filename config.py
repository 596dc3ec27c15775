"""Settings for development, testing and production, read from the environment and `.env`."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
load_dotenv(BASE_DIR / ".env")

INSECURE_KEYS = {"", "dev", "change-me", "changeme", "secret"}


def env(name: str, default: str | None = None) -> str | None:
    """Return an environment variable, treating an empty value as unset."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, default: bool = False) -> bool:
    """Return an environment variable as a boolean ("1", "true", "yes", "on")."""
    value = env(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Return an environment variable as an integer."""
    return int(env(name, str(default)))


def env_list(name: str) -> list[str]:
    """Return a comma-separated environment variable as a list without blanks."""
    return [part.strip() for part in (env(name) or "").split(",") if part.strip()]


def env_roles(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list of role names; "none" (or "off") means no role at all."""
    value = env(name)
    if value is None:
        return list(default)
    if value.lower() in {"none", "off", "-"}:
        return []
    return [part.strip().lower() for part in value.split(",") if part.strip()]


def instance_dir() -> Path:
    """Return the instance folder (data, mail, town settings); created on demand."""
    return Path(env("INSTANCE_PATH", str(BASE_DIR / "instance")))


def development_secret_key(name: str = "secret_key") -> str:
    """Return a random key kept in the instance folder, so sign-ins survive restarts."""
    path = instance_dir() / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = env("DATABASE_URL")
    REDIS_URL = env("REDIS_URL")
    TOWN_CONFIG = env("TOWN_CONFIG")
    SERVER_NAME = env("SERVER_NAME")
    PREFERRED_URL_SCHEME = env("PREFERRED_URL_SCHEME", "http")

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = env("TIMEZONE", "Europe/Berlin")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES = {"de": "Deutsch", "en": "English"}

    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 20 * 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    # A signed-in browser unseen this long is signed out: the session and "remember me"
    # cookies expire and `flask privacy purge` deletes its row (REMEMBER_DAYS: the older name).
    SESSION_IDLE_DAYS = env_int("SESSION_IDLE_DAYS", env_int("REMEMBER_DAYS", 30))
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * SESSION_IDLE_DAYS
    PERMANENT_SESSION_LIFETIME = REMEMBER_COOKIE_DURATION  # renewed with every request
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Pages kept for guests per worker process (core/page_cache.py); 0 turns the cache off.
    PAGE_CACHE_BYTES = env_int("PAGE_CACHE_BYTES", 4 * 1024 * 1024)

    MAIL_BACKEND = env("MAIL_BACKEND", "file")
    MAIL_FROM = env("MAIL_FROM", "Bürgerbeteiligung <beteiligung@localhost>")
    SMTP_HOST = env("SMTP_HOST", "localhost")
    SMTP_PORT = env_int("SMTP_PORT", 25)
    SMTP_USER = env("SMTP_USER")
    SMTP_PASSWORD = env("SMTP_PASSWORD")
    SMTP_STARTTLS = env_bool("SMTP_STARTTLS")
    SMTP_SSL = env_bool("SMTP_SSL")
    SMTP_TIMEOUT = env_int("SMTP_TIMEOUT", 10)

    PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 10)
    PASSWORD_HASH_TIME_COST = 3
    PASSWORD_HASH_MEMORY_COST = 65536
    CONFIRM_TOKEN_MAX_AGE = env_int("CONFIRM_TOKEN_MAX_AGE", 48 * 3600)
    RESET_TOKEN_MAX_AGE = env_int("RESET_TOKEN_MAX_AGE", 3600)
    UNSUBSCRIBE_MAX_AGE = env_int("UNSUBSCRIBE_MAX_AGE", 90 * 24 * 3600)

    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = "participation"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # a Redis outage must not turn sign-in into a 500
    SIGNIN_LIMIT_PER_IP = env("SIGNIN_LIMIT_PER_IP", "20 per 10 minutes")
    SIGNIN_LIMIT_PER_ACCOUNT = env("SIGNIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    MAIL_LIMIT_PER_IP = env("MAIL_LIMIT_PER_IP", "10 per hour")
    ACCOUNT_CHANGE_LIMIT = env("ACCOUNT_CHANGE_LIMIT", "10 per hour")
    COMMENT_LIMIT = env("COMMENT_LIMIT", "10 per 5 minutes")
    # Rate-limit counters are keyed by the client address; the app refuses to start with a
    # limit whose window is longer than this, so no address is kept longer (logs hold none).
    IP_RETENTION_HOURS = env_int("IP_RETENTION_HOURS", 24)
    # Retention (`flask privacy purge`, daily from cron; 0 keeps the data): accounts whose
    # address was never confirmed (never one with a role or any contribution), and requests
    # about personal data after they were closed (three years: the limitation period).
    UNCONFIRMED_ACCOUNT_DAYS = env_int("UNCONFIRMED_ACCOUNT_DAYS", 30)
    DATA_REQUEST_RETENTION_DAYS = env_int("DATA_REQUEST_RETENTION_DAYS", 3 * 365)
    # Roles whose accounts must sign in with a second factor (an authenticator app's code);
    # "none": nobody must, everybody may.
    TWO_FACTOR_ROLES = env_roles("TWO_FACTOR_ROLES", ["moderator", "staff", "council", "admin"])
    TWO_FACTOR_LIMIT_PER_ACCOUNT = env("TWO_FACTOR_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    # Seconds a typed password counts before sensitive acts (roles, publishing, verification,
    # exports, switching two-factor off) ask for it again; a fresh sign-in counts too.
    REAUTH_MAX_AGE = env_int("REAUTH_MAX_AGE", 900)
    # Accounts holding any of these roles get a mail on every sign-in; "none": nobody does.
    SIGNIN_NOTICE_ROLES = env_roles(
        "SIGNIN_NOTICE_ROLES", ["moderator", "staff", "council", "admin"]
    )

    TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
    LOG_JSON = env_bool("LOG_JSON")

    UPLOAD_FOLDER = env("UPLOAD_FOLDER")  # default: <instance>/uploads
    PAPER_FOLDER = env("PAPER_FOLDER")  # printed batches' PDFs; default: <instance>/paper
    PAPER_BATCH_MAX = env_int("PAPER_BATCH_MAX", 10_000)  # sheets per printed batch
    SCAN_UPLOAD_MAX_MB = env_int("SCAN_UPLOAD_MAX_MB", 200)  # one uploaded file of scans
    SCAN_PAGES_MAX = env_int("SCAN_PAGES_MAX", 500)  # pages in one uploaded file
    # Days the scans (page images, uploaded files) are kept as evidence after the later of the
    # upload and the close of the votes and surveys on them: a year after a vote plus the time
    # to challenge its result. `flask paper purge-scans` deletes them after it; 0 keeps them.
    SCAN_RETENTION_DAYS = env_int("SCAN_RETENTION_DAYS", 400)
    RESULTS_FOLDER = env("RESULTS_FOLDER")  # published documents, photos; <instance>/results
    RESULTS_DOCUMENT_MAX_MB = env_int("RESULTS_DOCUMENT_MAX_MB", 20)  # one attached PDF
    IMPLEMENTATION_PHOTO_MAX_MB = env_int("IMPLEMENTATION_PHOTO_MAX_MB", 10)  # JPEG/PNG
    PROPOSAL_SUPPORT_THRESHOLD = env_int("PROPOSAL_SUPPORT_THRESHOLD", 50)
    PROPOSAL_IMAGE_MAX_BYTES = env_int("PROPOSAL_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
    PROPOSAL_LIMIT = env("PROPOSAL_LIMIT", "10 per hour")
    LOG_LEVEL = env("LOG_LEVEL", "INFO")

    # Moderation safeguards (0 or empty turns one off).
    MODERATION_AUTO_HIDE_REPORTS = env_int("MODERATION_AUTO_HIDE_REPORTS", 3)
    MODERATION_PREMODERATE_FIRST_POSTS = env_int("MODERATION_PREMODERATE_FIRST_POSTS", 0)
    MODERATION_PREMODERATE_CATEGORIES = env_list("MODERATION_PREMODERATE_CATEGORIES")
    MODERATION_MAX_LINKS = env_int("MODERATION_MAX_LINKS", 3)
    MODERATION_BLOCKED_WORDS = env_list("MODERATION_BLOCKED_WORDS")
    MODERATION_BLOCKED_WORDS_FILE = env("MODERATION_BLOCKED_WORDS_FILE")
    REPORT_LIMIT = env("REPORT_LIMIT", "20 per hour")
    SURVEY_RESPONSE_LIMIT = env("SURVEY_RESPONSE_LIMIT", "20 per hour")
    # The key of the identity keys (HMAC of name and date of birth). Keep it secret and never
    # change it: a new key makes every verified person unknown to votes already running.
    IDENTITY_KEY_SECRET = env("IDENTITY_KEY_SECRET")
    VOTE_CAST_LIMIT = env("VOTE_CAST_LIMIT", "30 per hour")
    # The open data API (/api/v1/): requests per client address, and the licence of the data
    # (named in every response, in a Link header and on the page /api/).
    API_RATE_LIMIT = env("API_RATE_LIMIT", "120 per minute")
    DATA_LICENCE_NAME = env("DATA_LICENCE_NAME", "CC BY 4.0")
    DATA_LICENCE_URL = env(
        "DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.de"
    )
    HSTS_SECONDS = 0


class DevelopmentConfig(Config):
    """The embedded default: SQLite and mail files in `instance/`, no Redis needed."""

    ENV_NAME = "development"
    DEBUG = env_bool("FLASK_DEBUG")

    def __init__(self) -> None:
        folder = instance_dir()
        self.SECRET_KEY = Config.SECRET_KEY or development_secret_key()
        self.IDENTITY_KEY_SECRET = Config.IDENTITY_KEY_SECRET or development_secret_key(
            "identity_key_secret"
        )
        self.SQLALCHEMY_DATABASE_URI = Config.SQLALCHEMY_DATABASE_URI or (
            f"sqlite:///{folder / 'participation.db'}"
        )


class TestingConfig(Config):
    """Fast hashing, no CSRF unless a test turns it on, a database from TEST_DATABASE_URL."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"
    IDENTITY_KEY_SECRET = "testing-identity-key-secret-not-for-production"
    SQLALCHEMY_DATABASE_URI = env("TEST_DATABASE_URL", "sqlite://")
    REDIS_URL = None
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_COST = 1024
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_BACKEND = "file"
    TOWN_CONFIG = None
    # Tests roll their writes back, which takes generations back too: pages stored by one test
    # could look current in the next. The cache's own tests switch it on with a fresh store.
    PAGE_CACHE_BYTES = 0


class ProductionConfig(Config):
    """PostgreSQL, Redis and SMTP; refuses to start without its required settings."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = env("PREFERRED_URL_SCHEME", "https")
    MAIL_BACKEND = env("MAIL_BACKEND", "smtp")
    LOG_JSON = env_bool("LOG_JSON", True)
    TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1)
    HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)

    def __init__(self) -> None:
        self.SECRET_KEY = env("SECRET_KEY")
        self.IDENTITY_KEY_SECRET = env("IDENTITY_KEY_SECRET")
        self.SQLALCHEMY_DATABASE_URI = env("DATABASE_URL")
        self.REDIS_URL = env("REDIS_URL")
        self.SERVER_NAME = env("SERVER_NAME")
        hosts = env("TRUSTED_HOSTS")
        self.TRUSTED_HOSTS = hosts.split(",") if hosts else None
        # Mailed links are built from SERVER_NAME, never from the request's Host header.
        missing = [name for name in ("DATABASE_URL", "REDIS_URL", "SERVER_NAME") if not env(name)]
        if (self.SECRET_KEY or "").lower() in INSECURE_KEYS or len(self.SECRET_KEY or "") < 32:
            missing.insert(0, "SECRET_KEY (at least 32 random characters)")
        if len(self.IDENTITY_KEY_SECRET or "") < 32:
            missing.append("IDENTITY_KEY_SECRET (at least 32 random characters)")
        if missing:
            raise RuntimeError("Production needs these settings: " + ", ".join(missing))
        self.RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", self.REDIS_URL)


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(name: str | None = None) -> Config:
    """Return the settings object for `name` or for APP_ENV (default: development)."""
    name = name or env("APP_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"Unknown APP_ENV {name!r}; use one of {', '.join(CONFIGS)}")
    return CONFIGS[name]()

"""A real Redis for tests: TEST_REDIS_URL (default redis://127.0.0.1:6379/15)."""

import os

import pytest
import redis

URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def require_redis() -> str:
    """Return the Redis URL; skip when Redis is down, but fail in CI."""
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI but not reachable at {URL}: {error}")
        pytest.skip(f"Redis not reachable at {URL}")
    return URL

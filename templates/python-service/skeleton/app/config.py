"""The service's settings, from environment variables."""

import os
from dataclasses import dataclass
from pathlib import Path

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")
DEFAULT_DRAINING_FILE = "/tmp/${{ values.name }}.draining"


@dataclass(frozen=True)
class Config:
    port: int
    log_level: str
    # How long the service keeps serving after SIGTERM before it stops.
    shutdown_delay_seconds: int
    # Exists while the service is shutting down (see gunicorn.conf.py).
    draining_file: Path


def _integer(env, name, default, minimum, maximum):
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise ValueError(f'{name} must be an integer from {minimum} to {maximum}, got "{raw}"')
    return value


def read_config(env=None):
    env = os.environ if env is None else env
    log_level = (env.get("LOG_LEVEL") or "info").lower()
    if log_level not in LOG_LEVELS:
        raise ValueError(f'LOG_LEVEL must be one of {", ".join(LOG_LEVELS)}, got "{log_level}"')
    return Config(
        port=_integer(env, "PORT", ${{ values.port }}, 1, 65535),
        log_level=log_level,
        shutdown_delay_seconds=_integer(env, "SHUTDOWN_DELAY_SECONDS", 5, 0, 60),
        draining_file=Path(env.get("DRAINING_FILE") or DEFAULT_DRAINING_FILE),
    )

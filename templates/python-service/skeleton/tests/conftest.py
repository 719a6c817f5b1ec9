from pathlib import Path

import pytest

from app import create_app
from app.config import Config


@pytest.fixture
def config(tmp_path):
    return Config(
        port=${{ values.port }},
        log_level="warning",
        shutdown_delay_seconds=0,
        draining_file=Path(tmp_path) / "draining",
    )


@pytest.fixture
def client(config):
    return create_app(config).test_client()

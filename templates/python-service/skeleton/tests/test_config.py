from pathlib import Path

import pytest

from app.config import read_config


def test_has_defaults_for_everything():
    config = read_config({})
    assert config.port == ${{ values.port }}
    assert config.log_level == "info"
    assert config.shutdown_delay_seconds == 5
    assert config.draining_file == Path("/tmp/${{ values.name }}.draining")


def test_reads_the_environment():
    config = read_config(
        {"PORT": "9000", "LOG_LEVEL": "DEBUG", "SHUTDOWN_DELAY_SECONDS": "0", "DRAINING_FILE": "/x"}
    )
    assert (config.port, config.log_level, config.shutdown_delay_seconds) == (9000, "debug", 0)
    assert config.draining_file == Path("/x")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT": "http"}, "PORT must be an integer"),
        ({"PORT": "70000"}, "PORT must be an integer"),
        ({"SHUTDOWN_DELAY_SECONDS": "-1"}, "SHUTDOWN_DELAY_SECONDS must be an integer"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL must be one of"),
    ],
)
def test_refuses_values_it_cannot_use_naming_the_variable(env, message):
    with pytest.raises(ValueError, match=f"^{message}"):
        read_config(env)

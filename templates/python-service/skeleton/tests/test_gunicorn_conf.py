import importlib.util
from pathlib import Path


def load_gunicorn_conf(monkeypatch, draining_file):
    monkeypatch.setenv("DRAINING_FILE", str(draining_file))
    monkeypatch.setenv("SHUTDOWN_DELAY_SECONDS", "0")
    path = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeArbiter:
    """The part of gunicorn's Arbiter that the hook uses."""

    def __init__(self, draining_file):
        self.draining_file = draining_file
        self.draining_when_terminated = None
        self.log = self

    def info(self, *args):
        pass

    def handle_term(self):
        self.draining_when_terminated = self.draining_file.exists()


def test_drains_before_gunicorn_terminates(monkeypatch, tmp_path):
    draining_file = tmp_path / "draining"
    draining_file.touch()  # left over from a previous run
    conf = load_gunicorn_conf(monkeypatch, draining_file)
    arbiter = FakeArbiter(draining_file)

    conf.on_starting(arbiter)
    assert not draining_file.exists()

    arbiter.handle_term()
    assert arbiter.draining_when_terminated is True


def test_binds_the_configured_port(monkeypatch, tmp_path):
    monkeypatch.setenv("PORT", "9000")
    conf = load_gunicorn_conf(monkeypatch, tmp_path / "draining")
    assert conf.bind == "0.0.0.0:9000"
    assert conf.workers == 1

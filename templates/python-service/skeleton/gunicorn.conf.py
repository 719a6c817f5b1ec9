"""gunicorn's settings: `gunicorn "app:create_app()"` reads this file from the working directory.

One worker process with threads: the Prometheus metrics live in the process
that serves the requests, so a single process keeps /metrics complete without
prometheus_client's multiprocess mode. Scale with replicas (the
HorizontalPodAutoscaler), not with workers.
"""

import time

from app.config import read_config

# Not `config`: gunicorn takes every module-level name that is one of its settings.
service_config = read_config()

bind = f"0.0.0.0:{service_config.port}"
workers = 1
threads = 8
# Requests in flight get this long after SIGTERM (plus the shutdown delay).
graceful_timeout = 20
# The kubelet's probes, not gunicorn, decide whether the worker is stuck.
timeout = 0
# The heartbeat file lives in memory, since the root filesystem is read-only.
worker_tmp_dir = "/dev/shm"
# gunicorn's own logs as JSON too.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "app.log.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"level": service_config.log_level.upper(), "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"propagate": True},
        # The app logs every request itself, with its duration.
        "gunicorn.access": {"propagate": False},
    },
}


def on_starting(server):
    """Before it stops, the service fails its readiness probe for the shutdown delay
    while still serving, so that Kubernetes takes the pod out of the Service first."""
    service_config.draining_file.unlink(missing_ok=True)
    terminate = server.handle_term

    def drain_then_terminate():
        server.log.info("shutting down in %s seconds", service_config.shutdown_delay_seconds)
        service_config.draining_file.touch()
        time.sleep(service_config.shutdown_delay_seconds)
        terminate()

    server.handle_term = drain_then_terminate

"""${{ values.name }}: the Flask application factory."""

import logging
import time
from pathlib import Path

from flask import Flask, Response, g, request, send_file

from . import errors
from .config import read_config
from .items import ItemStore
from .items import blueprint as items_blueprint
from .log import configure_logging
from .metrics import HttpMetrics

# Served as is at /openapi.yaml; the catalog's API entity reads the same file.
OPENAPI_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"

# Probes and scrapes are frequent and uninteresting in the request log.
QUIET_PATHS = {"${{ values.livenessPath }}", "${{ values.readinessPath }}", "${{ values.metricsPath }}"}

logger = logging.getLogger(__name__)


def create_app(config=None, is_ready=None):
    """The WSGI app. `is_ready` answers the readiness probe; by default the service
    is ready until gunicorn starts shutting it down (the config's draining file)."""
    config = config or read_config()
    if is_ready is None:

        def is_ready():
            return not config.draining_file.exists()

    configure_logging(config.log_level)
    app = Flask(__name__)
    app.extensions["items"] = ItemStore()
    metrics = HttpMetrics()
    metrics.init_app(app)
    errors.init_app(app)

    @app.before_request
    def start_timer():
        g.log_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        if request.path not in QUIET_PATHS:
            logger.info(
                "request completed",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - g.log_started) * 1000, 1),
                },
            )
        return response

    @app.get("${{ values.livenessPath }}")
    def liveness():
        return {"status": "ok"}

    @app.get("${{ values.readinessPath }}")
    def readiness():
        if is_ready():
            return {"status": "ready"}
        return {"status": "shutting down"}, 503

    @app.get("${{ values.metricsPath }}")
    def prometheus_metrics():
        body, headers = metrics.exposition()
        return Response(body, headers=headers)

    @app.get("/openapi.yaml")
    def openapi():
        return send_file(OPENAPI_PATH, mimetype="application/yaml")

    app.register_blueprint(items_blueprint)
    return app

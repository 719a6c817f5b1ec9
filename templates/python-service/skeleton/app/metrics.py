"""The platform's HTTP metrics.

The portal's golden signals and the alert rules query
http_requests_total{route,method,code} and the
http_request_duration_seconds{route,method} histogram; Prometheus adds the app
and namespace labels from the pod when it scrapes.
"""

import re
import time

from flask import g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def route_of(rule):
    """The matched route as openapi.yaml writes it (/api/items/{id}), never the path itself,
    so that ids do not become label values."""
    if rule is None:
        return "unmatched"
    return _CONVERTER.sub(r"{\1}", rule.rule)


class HttpMetrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        self.requests = Counter(
            "http_requests_total",
            "HTTP requests handled, by route, method and status code.",
            ["route", "method", "code"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "http_request_duration_seconds",
            "HTTP request duration in seconds, by route and method.",
            ["route", "method"],
            buckets=BUCKETS,
            registry=self.registry,
        )

    def init_app(self, app):
        """Counts and times every request once its response is ready."""
        app.before_request(self._start)
        app.after_request(self._observe)

    def exposition(self):
        return generate_latest(self.registry), {"Content-Type": CONTENT_TYPE_LATEST}

    @staticmethod
    def _start():
        g.request_started = time.perf_counter()

    def _observe(self, response):
        route = route_of(request.url_rule)
        elapsed = time.perf_counter() - g.get("request_started", time.perf_counter())
        self.duration.labels(route, request.method).observe(elapsed)
        self.requests.labels(route, request.method, str(response.status_code)).inc()
        return response

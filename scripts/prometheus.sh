#!/usr/bin/env bash
# Runs the demo Prometheus (Debian's `prometheus` package) in the foreground on
# 127.0.0.1:9090 with the repo's config (demo/prometheus/prometheus.yml): it
# scrapes the local doubles' demo metrics exporter (:7092), the portal
# backend's OpenTelemetry metrics (:9464) and itself, and evaluates the rules
# in demo/prometheus/rules/. Started by scripts/start.sh and by the browser e2e
# suite (playwright.config.ts); data lives in .data/prometheus.
#
#   PROMETHEUS_LISTEN   listen address   (default 127.0.0.1:9090)
#   PROMETHEUS_DATA     storage path     (default .data/prometheus)
#   PROMETHEUS_BIN      binary           (default /usr/bin/prometheus)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bin="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
if [ ! -x "$bin" ]; then
  echo "prometheus.sh: $bin not found. Install Debian's package: apt-get install prometheus" >&2
  echo "  (scripts/start.sh and scripts/test.sh do that through scripts/bootstrap.sh)" >&2
  exit 1
fi
data="${PROMETHEUS_DATA:-.data/prometheus}"
mkdir -p "$data"

exec "$bin" \
  --config.file=demo/prometheus/prometheus.yml \
  --storage.tsdb.path="$data" \
  --storage.tsdb.retention.time=2d \
  --web.listen-address="${PROMETHEUS_LISTEN:-127.0.0.1:9090}" \
  --web.enable-lifecycle

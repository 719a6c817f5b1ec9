#!/usr/bin/env bash
# Validates the demo Prometheus config and rules with Debian's promtool:
# `promtool check config` (which also checks the rule files it loads) and the
# rule unit tests in demo/prometheus/tests/. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../demo/prometheus"
if ! command -v promtool >/dev/null; then
  echo "check-prometheus-config.sh: promtool not found (Debian package prometheus)" >&2
  exit 1
fi
promtool check config prometheus.yml
promtool test rules tests/*.test.yml

#!/usr/bin/env bash
# Starts the portal on its embedded default: backend on :7007 (SQLite under
# .data/, its own metrics on :9464), frontend on :3000, guest sign-in, demo
# catalog, the local ArgoCD and Kubernetes doubles with the demo metrics
# exporter (:7090-:7092), and the demo Prometheus on :9090 that scrapes them.
# Installs whatever is missing first.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
bootstrap
mkdir -p .data

yarn workspace @internal/local-doubles start &
doubles_pid=$!
./scripts/prometheus.sh &
prometheus_pid=$!
trap 'kill "$doubles_pid" "$prometheus_pid" 2>/dev/null || true' EXIT INT TERM

yarn start

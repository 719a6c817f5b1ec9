#!/usr/bin/env bash
# Starts the portal on its embedded default: backend on :7007 (SQLite under
# .data/), frontend on :3000, guest sign-in, demo catalog, and the local
# ArgoCD and Kubernetes doubles. Installs whatever is missing first.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
bootstrap
mkdir -p .data

yarn workspace @internal/local-doubles start &
doubles_pid=$!
trap 'kill "$doubles_pid" 2>/dev/null || true' EXIT INT TERM

yarn start

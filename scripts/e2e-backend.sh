#!/usr/bin/env bash
# The backend the browser e2e suite talks to: the built frontend served by the
# real backend on a fresh SQLite database (app-config.e2e.yaml).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -rf .data/e2e
mkdir -p .data/e2e
yarn workspace app build
exec yarn workspace backend start \
  --config ../../app-config.yaml --config ../../app-config.e2e.yaml

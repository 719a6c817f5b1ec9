#!/usr/bin/env bash
# Runs every test: type check, lint, unit and backend tests (on SQLite and on
# the local PostgreSQL), and the browser e2e suite in Debian's headless
# Chromium. Installs whatever is missing first.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
bootstrap
ensure_debian_packages chromium
# Python and the libraries the python-service template's generated tests run on.
ensure_debian_packages python3-flask python3-prometheus-client python3-pytest
# kubectl renders the k8s/ overlays for the backend's manifest tests. Any
# kubectl will do; Debian's would conflict with one installed otherwise.
command -v kubectl >/dev/null || ensure_debian_packages kubernetes-client

# Backend tests run each database test on SQLite and on this PostgreSQL
# server (TestDatabases reads this variable instead of starting Docker).
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
export PORTAL_TEST_POSTGRES_URL="$BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING"
export CI=true

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "generated OpenAPI routers match their specs"
yarn openapi:check

step "demo Prometheus config and alert rules (promtool)"
./scripts/check-prometheus-config.sh

step "type check"
yarn tsc

step "lint"
yarn lint:all

step "unit and backend tests"
yarn test

step "two backend replicas on one PostgreSQL (scheduled work, writes, a killed replica)"
./scripts/replicas/two-replicas.sh

step "what the templates generate passes its own checks"
./scripts/templates/check-service-templates.sh
./scripts/templates/check-react-frontend-template.sh
./scripts/templates/check-backstage-plugin-template.sh

step "browser e2e (headless Chromium)"
yarn test:e2e

step "browser e2e of production mode: built backend, PostgreSQL, OIDC sign-in"
yarn test:e2e:production

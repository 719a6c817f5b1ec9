#!/usr/bin/env bash
# Runs the built backend the way the Docker image does (packages/backend/
# Dockerfile): the bundle of `yarn build:backend`, NODE_ENV=production,
# app-config.production.yaml alone (never app-config.yaml), the metrics
# instrumentation loaded first, serving the built frontend, on the local
# PostgreSQL.
#
#   scripts/production-backend.sh [--fresh] PORT DATABASE_PREFIX [BACKEND_ARGS...]
#
#   PORT             backend.listen; the base URL is http://localhost:PORT
#   DATABASE_PREFIX  one database per plugin, as in production, named
#                    DATABASE_PREFIX_<plugin> (e.g. portal_prod_catalog)
#   --fresh          drop those databases first
#   BACKEND_ARGS     e.g. --config app-config.e2e-production.yaml
#
# Builds the bundle when there is none (PORTAL_BUILD_BACKEND=always: every
# time). Every variable app-config.production.yaml reads can be set; unset
# ones get local values: PostgreSQL on 127.0.0.1:5432 as postgres, the local
# ArgoCD and Kubernetes doubles, the demo Prometheus, the OIDC provider of
# scripts/e2e-oidc-provider.mjs, and metrics on 127.0.0.1
# (PORTAL_METRICS_PORT, default 9464). The secrets the backend's start-up
# guard checks (PORTAL_CI_TOKEN, PORTAL_ARGOCD_WEBHOOK_TOKEN,
# AUTH_SESSION_SECRET, ENVIRONMENTS_SECRETS_KEY) get random values of this
# DATABASE_PREFIX's own, kept in .data/production-backend/PREFIX/
# local-secrets.env with its databases (so encrypted config stays readable
# across restarts) and made anew with --fresh; none is committed anywhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

fresh=false
if [ "${1:-}" = --fresh ]; then
  fresh=true
  shift
fi
if [ $# -lt 2 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || ! [[ "$2" =~ ^[a-z][a-z0-9_]*$ ]]; then
  echo "usage: $0 [--fresh] PORT DATABASE_PREFIX [BACKEND_ARGS...]" >&2
  echo "  DATABASE_PREFIX: lowercase letters, digits and _, starting with a letter" >&2
  exit 2
fi
port="$1"
prefix="$2"
shift 2

work="$root/.data/production-backend"
bundle="$work/bundle"
mkdir -p "$work"

# Replicas started together build and unpack once.
exec 9>"$work/.lock"
flock 9
if [ "${PORTAL_BUILD_BACKEND:-}" = always ] || [ ! -f packages/backend/dist/bundle.tar.gz ]; then
  yarn build:backend
fi
if [ ! -f "$bundle/.unpacked" ] || [ packages/backend/dist/bundle.tar.gz -nt "$bundle/.unpacked" ]; then
  rm -rf "$bundle"
  mkdir -p "$bundle"
  tar xzf packages/backend/dist/bundle.tar.gz -C "$bundle"
  # The image installs the bundle's dependencies with `yarn workspaces focus
  # --production`. Here the bundle sits inside the repo, so Node finds every
  # third-party package in the repo's node_modules by walking up; only the
  # workspace packages are linked, to their built copies in the bundle.
  node - "$bundle" <<'EOF'
const fs = require('node:fs');
const path = require('node:path');
const bundle = process.argv[2];
for (const group of ['packages', 'plugins']) {
  const groupDir = path.join(bundle, group);
  if (!fs.existsSync(groupDir)) continue;
  for (const dir of fs.readdirSync(groupDir)) {
    const pkgDir = path.join(groupDir, dir);
    const { name } = JSON.parse(
      fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'),
    );
    const link = path.join(bundle, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(link), pkgDir), link);
  }
}
EOF
  touch "$bundle/.unpacked"
fi
flock -u 9

mkdir -p "$work/$prefix"
secrets="$work/$prefix/local-secrets.env"
if $fresh; then
  rm -f "$secrets"
fi
if [ ! -f "$secrets" ]; then
  (
    umask 077
    node -e '
const { randomBytes } = require("node:crypto");
const random = bytes => randomBytes(bytes).toString("base64");
console.log(`PORTAL_CI_TOKEN=${random(24)}`);
console.log(`PORTAL_ARGOCD_WEBHOOK_TOKEN=${random(24)}`);
console.log(`AUTH_SESSION_SECRET=${random(32)}`);
console.log(`ENVIRONMENTS_SECRETS_KEY=${random(32)}`);
' >"$secrets"
  )
fi
while IFS= read -r line; do
  name="${line%%=*}"
  if [ -z "${!name:-}" ]; then
    export "$name=${line#*=}"
  fi
done <"$secrets"

export NODE_ENV=production
export PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://localhost:$port}"
export POSTGRES_HOST="${POSTGRES_HOST:-127.0.0.1}"
export POSTGRES_PORT="${POSTGRES_PORT:-5432}"
export POSTGRES_USER="${POSTGRES_USER:-postgres}"
export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}"
export AUTH_OIDC_METADATA_URL="${AUTH_OIDC_METADATA_URL:-http://127.0.0.1:7095/.well-known/openid-configuration}"
export AUTH_OIDC_CLIENT_ID="${AUTH_OIDC_CLIENT_ID:-developer-portal}"
export AUTH_OIDC_CLIENT_SECRET="${AUTH_OIDC_CLIENT_SECRET:-local-oidc-client-secret}"
export AUTH_GITHUB_CLIENT_ID="${AUTH_GITHUB_CLIENT_ID:-local-unused-github-client}"
export AUTH_GITHUB_CLIENT_SECRET="${AUTH_GITHUB_CLIENT_SECRET:-local-unused-github-secret}"
export ARGOCD_URL="${ARGOCD_URL:-http://127.0.0.1:7090}"
export ARGOCD_USERNAME="${ARGOCD_USERNAME:-admin}"
export ARGOCD_PASSWORD="${ARGOCD_PASSWORD:-local-double-password}"
export K8S_CLUSTER_URL="${K8S_CLUSTER_URL:-http://127.0.0.1:7091}"
export K8S_SERVICE_ACCOUNT_TOKEN="${K8S_SERVICE_ACCOUNT_TOKEN:-local-double-token}"
export PROMETHEUS_URL="${PROMETHEUS_URL:-http://127.0.0.1:9090}"
export PORTAL_METRICS_HOST="${PORTAL_METRICS_HOST:-127.0.0.1}"
# What the image fixes and a local run cannot share: the port, the databases
# and the directories under /var/lib/portal (APP_CONFIG_* overrides every
# config file).
export APP_CONFIG_backend_listen=":$port"
export APP_CONFIG_backend_database_prefix="${prefix}_"
export APP_CONFIG_backend_workingDirectory="$work/$prefix/work"
export APP_CONFIG_techdocs_publisher_local_publishDirectory="$work/$prefix/techdocs"
mkdir -p "$work/$prefix/work" "$work/$prefix/techdocs"

if $fresh; then
  node - "$prefix" <<'EOF'
const { Client } = require('pg');
const prefix = `${process.argv[2]}_`;
(async () => {
  const client = new Client({
    host: process.env.POSTGRES_HOST,
    port: Number(process.env.POSTGRES_PORT),
    user: process.env.POSTGRES_USER,
    password: process.env.POSTGRES_PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  const { rows } = await client.query(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
    [prefix],
  );
  for (const { datname } of rows) {
    await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
  }
  await client.end();
})().catch(error => {
  console.error(`Could not drop the databases ${prefix}*: ${error.message}`);
  process.exit(1);
});
EOF
fi

# From the repo root, like the image's WORKDIR: the production config's
# relative paths (./catalog-info.yaml, ./templates/...) resolve the same.
exec node --require ./packages/backend/src/instrumentation.js \
  "$bundle/packages/backend" \
  --config app-config.production.yaml "$@"

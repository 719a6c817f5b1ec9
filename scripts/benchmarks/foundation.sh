#!/usr/bin/env bash
# Foundation benchmarks: prints a Markdown table of
#   cold install time (only with --cold-install: it deletes node_modules),
#   backend cold start to readiness and its RSS then (fresh SQLite, no doubles),
#   frontend production bundle size.
# Results go into docs/benchmarks.md by hand, with the date and machine.
source "$(dirname "${BASH_SOURCE[0]}")/../bootstrap.sh"
ensure_node
ensure_yarn
cd "$PORTAL_ROOT"

rows=()
row() { rows+=("| $1 | $2 | \`$3\` |"); }
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

if [ "${1:-}" = "--cold-install" ]; then
  rm -rf node_modules packages/*/node_modules plugins/*/node_modules
  start=$(date +%s.%N)
  yarn install --immutable >/dev/null 2>&1
  row "cold install (yarn install --immutable, empty node_modules, warm Yarn cache)" \
    "$(elapsed "$start") s" \
    "scripts/benchmarks/foundation.sh --cold-install"
  echo "$(node --version) $(cat yarn.lock package.json packages/*/package.json plugins/*/package.json | sha1sum | cut -c1-40)" \
    >node_modules/.portal-install-stamp
fi

# Backend: the real entry point, a fresh SQLite directory, a free port.
work=$(mktemp -d)
port=7199
cat >"$work/override.yaml" <<YAML
backend:
  baseUrl: http://localhost:$port
  listen: { port: $port }
  database:
    client: better-sqlite3
    connection: { directory: $work/sqlite }
YAML
cd packages/backend
start=$(date +%s.%N)
NODE_ENV=development LOG_LEVEL=warn node --require @backstage/cli/config/nodeTransform.cjs src/index.ts \
  --config ../../app-config.yaml --config "$work/override.yaml" >"$work/backend.log" 2>&1 &
pid=$!
until curl -sf "http://localhost:$port/.backstage/health/v1/readiness" >/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/backend.log"; exit 1; fi
  sleep 0.2
done
ready=$(elapsed "$start")
rss_ready=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
sleep 20 # let the catalog ingest the demo data and the search index build
rss_settled=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
kill "$pid"; wait "$pid" 2>/dev/null || true
cd "$PORTAL_ROOT"
rm -rf "$work"
row "backend cold start to readiness (fresh SQLite)" "$ready s" "scripts/benchmarks/foundation.sh"
row "backend RSS at readiness" "$((rss_ready / 1024)) MiB" "scripts/benchmarks/foundation.sh"
row "backend RSS 20 s after readiness (catalog ingested)" "$((rss_settled / 1024)) MiB" "scripts/benchmarks/foundation.sh"

# Frontend: production bundle.
yarn workspace app build >/dev/null 2>&1
js_bytes=$(find packages/app/dist/static -name '*.js' -printf '%s\n' | awk '{s+=$1} END {print s}')
js_gzip=$(find packages/app/dist/static -name '*.js' -exec gzip -9c {} \; | wc -c)
entry=$(grep -o 'static/main\.[a-z0-9]*\.js' packages/app/dist/index.html | head -1)
entry_gzip=$(gzip -9c "packages/app/dist/$entry" | wc -c)
row "frontend bundle: all JS chunks (raw / gzip)" "$((js_bytes / 1024)) KiB / $((js_gzip / 1024)) KiB" "yarn workspace app build"
row "frontend bundle: entry chunk $entry (gzip)" "$((entry_gzip / 1024)) KiB" "yarn workspace app build"

echo "| measure | value | command |"
echo "| --- | --- | --- |"
printf '%s\n' "${rows[@]}"

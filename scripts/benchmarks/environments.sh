#!/usr/bin/env bash
# Environment matrix benchmark on PostgreSQL: 1,000,000 deployments of 500
# services x 6 environments behind the real deployments plugin, then p50/p95
# of GET /api/environments/matrix over HTTP. Prints a Markdown table for
# docs/benchmarks.md. See scripts/benchmarks/environments.ts for
# PORTAL_BENCH_POSTGRES_URL and PORTAL_BENCH_DEPLOYMENTS.
source "$(dirname "${BASH_SOURCE[0]}")/../bootstrap.sh"
ensure_node
ensure_yarn
ensure_node_modules
cd "$PORTAL_ROOT"

node --require @backstage/cli/config/nodeTransform.cjs scripts/benchmarks/environments.ts

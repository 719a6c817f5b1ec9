#!/usr/bin/env bash
# Deployments store benchmark on PostgreSQL: 1,000,000 deployments through the
# real KnexDeploymentStore, then p50/p95 of the portal's reads. Prints a
# Markdown table for docs/benchmarks.md. See scripts/benchmarks/deployments.ts
# for PORTAL_BENCH_POSTGRES_URL and PORTAL_BENCH_RECORD_BUDGET_S.
source "$(dirname "${BASH_SOURCE[0]}")/../bootstrap.sh"
ensure_node
ensure_yarn
ensure_node_modules
cd "$PORTAL_ROOT"

node --require @backstage/cli/config/nodeTransform.cjs scripts/benchmarks/deployments.ts

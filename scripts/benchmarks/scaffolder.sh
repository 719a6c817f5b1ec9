#!/usr/bin/env bash
# Scaffolder benchmark: the real backend on the embedded default's config
# (SQLite, then PostgreSQL), the nodejs-service template run 5 times through
# the scaffolder API as the guest, published by publish:local; seconds from
# "Create" to the task's end and to the new entity in the catalog API, each
# run and the median. Prints a Markdown table for docs/benchmarks.md. See
# scripts/benchmarks/scaffolder.ts for PORTAL_BENCH_POSTGRES_URL,
# PORTAL_BENCH_RUNS and PORTAL_BENCH_DATABASES.
source "$(dirname "${BASH_SOURCE[0]}")/../bootstrap.sh"
ensure_node
ensure_yarn
ensure_node_modules
cd "$PORTAL_ROOT"

node --require @backstage/cli/config/nodeTransform.cjs scripts/benchmarks/scaffolder.ts

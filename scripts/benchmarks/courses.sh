#!/usr/bin/env bash
# Learning courses benchmark on PostgreSQL: 10,000 courses and 200,000
# enrolments bulk-loaded in SQL behind the real courses plugin, then p50/p95
# of list, facet, search, paging and /me/enrollments over HTTP. Prints a
# Markdown table for docs/benchmarks.md. See scripts/benchmarks/courses.ts
# for PORTAL_BENCH_POSTGRES_URL.
source "$(dirname "${BASH_SOURCE[0]}")/../bootstrap.sh"
ensure_node
ensure_yarn
ensure_node_modules
cd "$PORTAL_ROOT"

node --require @backstage/cli/config/nodeTransform.cjs scripts/benchmarks/courses.ts

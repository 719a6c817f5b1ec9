#!/usr/bin/env bash
# Load benchmark: the built backend (scripts/production-backend.sh) on the
# local PostgreSQL with the demo data and more, 60 s at 50 connections
# (autocannon, loopback) on the entity page, the deployments list, the
# environments matrix and course search. Prints a Markdown table for
# docs/benchmarks.md; fails if any request failed. Takes about 5 minutes
# (more when the backend bundle must be built first). See
# scripts/benchmarks/load.ts.
source "$(dirname "${BASH_SOURCE[0]}")/../bootstrap.sh"
ensure_node
ensure_yarn
ensure_node_modules
cd "$PORTAL_ROOT"

node --require @backstage/cli/config/nodeTransform.cjs scripts/benchmarks/load.ts

#!/usr/bin/env bash
# Two replicas of the backend on one PostgreSQL: scheduled work runs once per
# interval across both, writes to one are read from the other, concurrent
# duplicate CI events are stored once, and killing a replica mid-ingestion
# loses nothing. Prints a Markdown table; exits non-zero when a check fails.
# See scripts/replicas/two-replicas.ts for what exactly is shown.
source "$(dirname "${BASH_SOURCE[0]}")/../bootstrap.sh"
ensure_node
ensure_yarn
ensure_node_modules
cd "$PORTAL_ROOT"

node --require @backstage/cli/config/nodeTransform.cjs scripts/replicas/two-replicas.ts

#!/usr/bin/env bash
# Reports a deployment to the portal's deployment history:
#
#   report-deployment.sh in_progress|succeeded|failed|cancelled
#
# POSTs to $PORTAL_URL/api/deployments/deployments with the portal's static
# CI token. The portal keys a deployment by (source, sourceId), so reporting
# the same run again moves it on from in_progress to its outcome. The
# deployment is described by ENTITY_REF, ENVIRONMENT, VERSION, IMAGE,
# COMMIT_SHA, COMMIT_TIME, STARTED_AT, SOURCE_ID and RUN_URL.
#
# An unreachable or unconfigured portal does not fail the deployment; it
# becomes a warning on the run.
set -euo pipefail

status="$1"
if [ -z "${PORTAL_URL:-}" ] || [ -z "${PORTAL_CI_TOKEN:-}" ]; then
  echo "::warning::PORTAL_URL or PORTAL_CI_TOKEN is not set: the deployment is not reported to the portal"
  exit 0
fi

body="$(jq -n \
  --arg entityRef "$ENTITY_REF" \
  --arg environment "$ENVIRONMENT" \
  --arg version "$VERSION" \
  --arg image "$IMAGE:$VERSION" \
  --arg commitSha "$COMMIT_SHA" \
  --arg commitTime "$COMMIT_TIME" \
  --arg status "$status" \
  --arg startedAt "${STARTED_AT:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}" \
  --arg sourceId "$SOURCE_ID" \
  --arg url "$RUN_URL" \
  '{
    entityRef: $entityRef,
    environment: $environment,
    version: $version,
    image: $image,
    commitSha: $commitSha,
    status: $status,
    startedAt: $startedAt,
    source: "ci",
    sourceId: $sourceId,
    url: $url
  }
  + (if $commitTime == "" then {} else {commitTime: $commitTime} end)
  + (if $status == "in_progress" then {} else {finishedAt: (now | todate)} end)')"

if ! response="$(curl -sS --fail-with-body -X POST \
  "${PORTAL_URL%/}/api/deployments/deployments" \
  -H "Authorization: Bearer $PORTAL_CI_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "$body")"; then
  echo "::warning::The portal did not record the deployment as $status: $response"
  exit 0
fi
echo "Reported $VERSION in $ENVIRONMENT as $status"

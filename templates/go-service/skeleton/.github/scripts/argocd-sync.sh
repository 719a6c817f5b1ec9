#!/usr/bin/env bash
# Has ArgoCD deploy a revision of an application and waits until it runs:
#
#   argocd-sync.sh APPLICATION REVISION [TIMEOUT_SECONDS]
#
# Refreshes the application so that ArgoCD sees the new commit, starts a sync
# of that revision unless the application syncs on its own (development and
# staging; a second sync would be refused while theirs runs), then polls
# until the application is Synced at the revision and Healthy. Talks to the
# ArgoCD API at $ARGOCD_SERVER with the API token $ARGOCD_AUTH_TOKEN.
set -euo pipefail

app="$1"
revision="$2"
timeout="${3:-600}"
: "${ARGOCD_SERVER:?is not set: the ArgoCD URL, as a repository or organisation variable}"
: "${ARGOCD_AUTH_TOKEN:?is not set: an ArgoCD API token that may get and sync the application}"

url="${ARGOCD_SERVER%/}/api/v1/applications/$app"
api() { curl -fsS -H "Authorization: Bearer $ARGOCD_AUTH_TOKEN" "$@"; }

api "$url?refresh=normal" >/dev/null
if [ "$(api "$url" | jq '.spec.syncPolicy.automated == null')" = true ]; then
  api -X POST -H 'Content-Type: application/json' \
    -d "$(jq -n --arg revision "$revision" '{revision: $revision, prune: true}')" \
    "$url/sync" >/dev/null
fi

deadline=$((SECONDS + timeout))
while true; do
  read -r synced sync health phase < <(api "$url" | jq -r '[
      .status.sync.revision // "none",
      .status.sync.status // "Unknown",
      .status.health.status // "Unknown",
      .status.operationState.phase // "none"
    ] | join(" ")')
  echo "$app: at ${synced:0:7}, $sync, $health (last operation: $phase)"
  if [ "$synced" = "$revision" ] && [ "$sync" = Synced ] && [ "$health" = Healthy ]; then
    exit 0
  fi
  if [ "$synced" = "$revision" ] && [[ "$phase" =~ ^(Failed|Error)$ || "$health" = Degraded ]]; then
    echo "::error::$app did not deploy $revision: sync $phase, health $health"
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "::error::$app was not Synced and Healthy at $revision within $timeout seconds"
    exit 1
  fi
  sleep 10
done

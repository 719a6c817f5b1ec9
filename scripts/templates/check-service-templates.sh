#!/usr/bin/env bash
# Checks what the service templates (templates/{nodejs,python,go}-service)
# generate, rendered with sample values by the scaffolder's own fetch:template
# action (render-skeleton.mjs):
#
#  - the parts every service template shares (Kubernetes manifests, ArgoCD
#    applications, TechDocs, OpenAPI definition, deploy workflow) are
#    identical in the three skeletons;
#  - every rendered YAML file parses and nothing is left unrendered, with the
#    form's defaults, with only the required values (as an API caller sends
#    them; the same files), and with the other options (a system, no API
#    entity, a GitHub repository, another port);
#  - the Node.js service installs from the machine's npm registry, and its
#    lint, tests and build pass;
#  - the Python service's tests pass on Debian's python3 with python3-flask,
#    python3-prometheus-client and python3-pytest.
#
# The Go service's tests do not run here: Debian 12's Go is 1.19, and the
# service needs Go 1.23 (log/slog, ServeMux method and wildcard patterns,
# Request.Pattern). Run by scripts/test.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bootstrap.sh"
ensure_node
cd "$PORTAL_ROOT"

SHARED_PARTS=(k8s argocd mkdocs.yml openapi.yaml docs/operations.md .github/workflows/deploy.yaml .github/scripts)
# 40 characters, the longest name the templates accept: lines and Kubernetes
# names must stay within their limits with it.
NAME=a-sample-service-with-the-longest-name-1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { printf '\n\033[1m--> %s\033[0m\n' "$*"; }
fail() {
  echo "check-service-templates: $*" >&2
  exit 1
}

# render TEMPLATE OUT [key=value | --option ...]: renders, then checks the
# YAML files parse and no ${{ values.* }} is left.
render() {
  local template="$1" out="$2" arg
  shift 2
  local args=(--set "name=$NAME" --set owner=group:default/platform-team
    --set 'description=A sample service: "quoted", & more')
  for arg in "$@"; do
    if [[ "$arg" == --* ]]; then args+=("$arg"); else args+=(--set "$arg"); fi
  done
  node scripts/templates/render-skeleton.mjs "templates/$template" "$out" "${args[@]}"
  node --input-type=module - "$out" <<'EOF'
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
const [dir] = process.argv.slice(2);
const problems = [];
for (const file of fs.readdirSync(dir, { recursive: true })) {
  const full = path.join(dir, file);
  if (!fs.statSync(full).isFile()) continue;
  const text = fs.readFileSync(full, 'utf8');
  if (/\$\{\{\s*values\./.test(text)) problems.push(`${file}: unrendered \${{ values.* }}`);
  if (/\.ya?ml$/.test(file)) {
    for (const doc of YAML.parseAllDocuments(text)) {
      for (const error of doc.errors) problems.push(`${file}: ${error.message}`);
    }
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
EOF
}

step "the shared parts are identical in every service skeleton"
for template in python-service go-service; do
  for part in "${SHARED_PARTS[@]}"; do
    diff -r "templates/nodejs-service/skeleton/$part" "templates/$template/skeleton/$part" ||
      fail "$part differs between nodejs-service and $template"
  done
done

for template in nodejs-service python-service go-service; do
  step "$template renders the same with only name, owner and description as with the form's defaults"
  render "$template" "$work/$template"
  render "$template" "$work/$template-minimal" --no-defaults
  diff -r "$work/$template" "$work/$template-minimal" ||
    fail "$template: the defaults in its steps differ from its parameters' defaults"

  step "$template renders with a system, without an API, for a GitHub repository"
  variant="$work/$template-variant"
  render "$template" "$variant" system=system:default/learning-platform exposeApi=false \
    publishTo=github 'repoUrl=github.com?owner=acme&repo=orders' port=9000
  grep -q '^  system: system:default/learning-platform$' "$variant/catalog-info.yaml" ||
    fail "$template: catalog-info.yaml lacks the system"
  ! grep -q '^kind: API$' "$variant/catalog-info.yaml" ||
    fail "$template: catalog-info.yaml has an API entity although exposeApi is false"
  grep -q 'repoURL: https://github.com/acme/orders.git' "$variant/argocd/application.yaml" ||
    fail "$template: the ArgoCD applications do not point at the GitHub repository"
  grep -q 'containerPort: 9000' "$variant/k8s/base/deployment.yaml" ||
    fail "$template: the Deployment does not use the chosen port"
done

# The Kubernetes manifests are the same in every service: one render is enough.
kustomize_version="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')"
if [ "${kustomize_version:-0}" -ge 4 ]; then
  step "the kustomize overlays build"
  for environment in development staging production; do
    kubectl kustomize "$work/nodejs-service/k8s/overlays/$environment" >"$work/$environment.yaml"
    grep -q "^  namespace: $environment$" "$work/$environment.yaml" ||
      fail "the $environment overlay does not set the namespace"
  done
else
  echo "kubectl with kustomize 4 or newer not found: the kustomize overlays are not built"
fi

step "the Node.js service installs, lints, tests and builds"
(
  cd "$work/nodejs-service"
  # The portal's node-gyp setting is no concern of the generated service.
  unset npm_config_nodedir
  started=$SECONDS
  npm install --no-audit --no-fund --loglevel=error
  echo "npm install took $((SECONDS - started)) s"
  npm run lint
  npm test
  npm run build
)

step "the Python service's tests pass on Debian's python3"
/usr/bin/python3 -c 'import flask, prometheus_client, pytest' 2>/dev/null ||
  fail "Debian's python3-flask, python3-prometheus-client and python3-pytest are needed"
(cd "$work/python-service" && /usr/bin/python3 -m pytest -p no:cacheprovider)

step "the service templates generate services that pass their own checks"

#!/usr/bin/env bash
# Checks that templates/react-frontend generates a site that builds: checks
# that its deploy workflow, deploy scripts and ArgoCD applications are still
# those of the service templates (templates/nodejs-service), renders it with
# only the required values (as an API caller would send them) into
# .data/template-checks/, then
#
#   1. installs exactly its lockfile (`npm ci`: needs the npm registry);
#   2. runs its lint, type check, tests and production build;
#   3. renders each kustomize overlay (kubectl kustomize) and its TechDocs
#      (mkdocs build --strict), where those tools are installed.
#
#   scripts/templates/check-react-frontend-template.sh [site-name]
#
# Leaves the rendered site in .data/template-checks/react-frontend.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
name="${1:-orders-web}"
probe="$root/.data/template-checks/react-frontend"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Deploying works the same for every component the templates create.
step "deploy parts are the service templates' own"
for part in .github/workflows/deploy.yaml .github/scripts argocd; do
  diff -r "$root/templates/nodejs-service/skeleton/$part" \
    "$root/templates/react-frontend/skeleton/$part"
done

step "render templates/react-frontend as $name"
rm -rf "$probe"
node "$root/scripts/templates/render-skeleton.mjs" \
  "$root/templates/react-frontend" "$probe" --no-defaults \
  --set "name=$name" \
  --set 'description=Checks that the react-frontend template builds.' \
  --set owner=group:default/platform-team

cd "$probe"
if grep -rnE '\$\{\{ *values\.' .; then
  echo "unrendered values above" >&2
  exit 1
fi

step "npm ci"
npm ci --no-audit --no-fund

step "lint, type check, tests, build"
npm run lint
npm run typecheck
npm test
npm run build

if command -v kubectl >/dev/null; then
  for environment in development staging production; do
    step "kustomize overlay $environment"
    kubectl kustomize "k8s/overlays/$environment" >/dev/null
  done
fi

if command -v mkdocs >/dev/null; then
  step "TechDocs"
  mkdocs build --strict --quiet -d "$probe/site"
fi

step "templates/react-frontend generates a site that builds"

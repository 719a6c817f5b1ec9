#!/usr/bin/env bash
# Checks that templates/backstage-plugin generates a plugin family that
# builds in this portal: renders it with only the required values (as an API
# caller would send them) into .data/template-checks/, then, with the
# repository's own node_modules, compiler options and tools:
#
#   1. the generated OpenAPI router matches the generated spec
#      (scripts/openapi-router.mjs --check);
#   2. the three packages type-check with the root tsconfig's options;
#   3. each package lints and passes its tests with the Backstage CLI, as
#      `yarn workspace <package> lint|test` would run them (backend tests on
#      SQLite, and on PostgreSQL when
#      BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set).
#
#   scripts/templates/check-backstage-plugin-template.sh [--no-tests] [plugin-id]
#
# Needs `yarn install` to have run. Leaves the rendered plugin in
# .data/template-checks/backstage-plugin for a look when something fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
run_tests=true
if [[ "${1:-}" == "--no-tests" ]]; then
  run_tests=false
  shift
fi
id="${1:-tea-timer}"
# Inside the repository, so that node resolves its node_modules.
probe="$root/.data/template-checks/backstage-plugin"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "render templates/backstage-plugin as $id"
rm -rf "$probe"
node "$root/scripts/templates/render-skeleton.mjs" \
  "$root/templates/backstage-plugin" "$probe" --no-defaults \
  --set "name=$id" \
  --set 'description=Checks that the backstage-plugin template builds.' \
  --set owner=group:default/platform-team

packages=("$id-common" "$id-backend" "$id")
for pkg in "${packages[@]}"; do
  [[ -f "$probe/plugins/$pkg/package.json" ]] || {
    echo "missing plugins/$pkg" >&2
    exit 1
  }
done
# The packages import each other by name, as workspace packages do.
mkdir -p "$probe/node_modules/@internal"
for pkg in "${packages[@]}"; do
  ln -s "../../plugins/$pkg" "$probe/node_modules/@internal/plugin-$pkg"
done

step "the generated OpenAPI router matches the spec"
# The repository's generator, run as if the probe were the repository.
mkdir -p "$probe/scripts"
cp "$root/scripts/openapi-router.mjs" "$probe/scripts/"
node "$probe/scripts/openapi-router.mjs" --check

step "type check"
cat >"$probe/tsconfig.json" <<'EOF'
{
  "extends": "../../../tsconfig.json",
  "include": ["plugins/*/src", "plugins/*/migrations"],
  "compilerOptions": { "noEmit": true, "incremental": false }
}
EOF
"$root/node_modules/.bin/tsc" -p "$probe/tsconfig.json"

if [[ "$run_tests" == true ]]; then
  # Packages outside the workspace resolve each other (and resolvePackagePath
  # in @backstage/backend-plugin-api finds the backend's migrations) through
  # the probe's links.
  export NODE_PATH="$probe/node_modules"
  for pkg in "${packages[@]}"; do
    step "lint and test plugins/$pkg"
    (
      cd "$probe/plugins/$pkg"
      "$root/node_modules/.bin/backstage-cli" package lint --max-warnings 0
      CI=true "$root/node_modules/.bin/backstage-cli" package test --watchAll=false
    )
  done
fi

step "templates/backstage-plugin generates a plugin that builds"

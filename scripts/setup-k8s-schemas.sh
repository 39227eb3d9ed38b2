#!/usr/bin/env bash
# Installs what scripts/validate-k8s.mjs needs to check the Kubernetes manifests offline against the
# Kubernetes API schemas: the npm packages kubernetes-models (validators generated from the Kubernetes
# OpenAPI schema) and yaml, into <repo>/.tools/k8s-validate/current/node_modules.
#
# Every package of the tree, dependencies included, is pinned with its integrity hash in
# scripts/k8s-validate/package-lock.json and installed with `npm ci`, which refuses a tarball whose hash
# differs. The two packages we call are re-checked against the hashes below as well.
#
# Idempotent: a second run finds the stamp of the same lock file and exits at once.
# Safe to run concurrently: each run installs into its own staging folder, renames it to a folder named
# after the lock file's hash, and points the `current` link at it with an atomic rename.
set -euo pipefail

readonly MODELS="kubernetes-models@5.1.0"
readonly MODELS_INTEGRITY="sha512-ym4Kiyr8BzGIWj4f853ytVYES1B8C1BdONRP5zodItPD1o//OEKuTwC5nFV3ZJtFGeMqOFbIYkpunSVXSlHS8g=="
readonly YAML_PACKAGE="yaml@2.9.1"
readonly YAML_INTEGRITY="sha512-3NxN8+78OdzbT7C/WjGsyfPAtJaN3FNDsWxv7Y7mcDsT/oOmgW8BpyQQFFBnvZE3j9Y2Sdz1ULFLezL7Eb2yFw=="

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pins="$repo_root/scripts/k8s-validate"
target_dir="$repo_root/.tools/k8s-validate"
current="$target_dir/current"
stamp="$target_dir/STAMP"

fail() {
  echo "setup-k8s-schemas: $*" >&2
  exit 1
}

[[ -f "$pins/package.json" && -f "$pins/package-lock.json" ]] || fail "$pins/package.json or package-lock.json is missing"
command -v sha256sum >/dev/null 2>&1 || fail "sha256sum not found (coreutils)"
lock_hash="$(cat "$pins/package.json" "$pins/package-lock.json" | sha256sum | cut -c1-16)"
wanted="$MODELS $YAML_PACKAGE lock:$lock_hash"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -f "$current/node_modules/kubernetes-models/package.json" ]]; then
  echo "setup-k8s-schemas: $current is already $wanted; nothing to do"
  exit 0
fi

command -v npm >/dev/null 2>&1 || fail "npm not found; install nodejs and npm: apt-get install nodejs npm"
command -v node >/dev/null 2>&1 || fail "node not found; install nodejs: apt-get install nodejs"

mkdir -p "$target_dir"
staging="$(mktemp -d "$target_dir/staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

echo "setup-k8s-schemas: installing $MODELS and $YAML_PACKAGE from $(npm config get registry 2>/dev/null || echo 'the npm registry')"
cp "$pins/package.json" "$pins/package-lock.json" "$staging/"
# --ignore-scripts: we want files, not code run at install time.
if ! (cd "$staging" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >"$staging/npm.log" 2>&1; then
  cat "$staging/npm.log" >&2
  fail "npm ci in $staging failed (output above)"
fi

check() {  # check NAME@VERSION INTEGRITY
  local name="${1%@*}" version="${1##*@}" lock="$staging/node_modules/.package-lock.json"
  node -e '
    const [lock, name, version, integrity] = process.argv.slice(1);
    const entry = JSON.parse(require("fs").readFileSync(lock, "utf8")).packages["node_modules/" + name];
    process.exit(entry && entry.version === version && entry.integrity === integrity ? 0 : 1);
  ' "$lock" "$name" "$version" "$2" || fail "$1 installed with another version or integrity than the pinned one; refusing it"
}
check "$MODELS" "$MODELS_INTEGRITY"
check "$YAML_PACKAGE" "$YAML_INTEGRITY"

# The validator checks that its unknown-field detection works with these packages before a first use.
HDC_K8S_MODULES="$staging/node_modules" node "$repo_root/scripts/validate-k8s.mjs" >"$staging/check.log" 2>&1 <<'EOF' || { cat "$staging/check.log" >&2; fail "the installed packages do not work with scripts/validate-k8s.mjs"; }
apiVersion: v1
kind: Namespace
metadata:
  name: setup-check
EOF

# Into place: a folder per lock file (a concurrent run may have put the same one there first), then the
# `current` link swapped by rename so that a reader sees the old tree or the new one, never half of one.
version_dir="$target_dir/lock-$lock_hash"
mkdir "$staging/tree"
mv "$staging/node_modules" "$staging/tree/node_modules"
mv -T "$staging/tree" "$version_dir" 2>/dev/null || [[ -d "$version_dir/node_modules/kubernetes-models" ]] || fail "cannot move the packages to $version_dir"
ln -sfn "lock-$lock_hash" "$staging/current"
mv -T "$staging/current" "$current"
echo "$wanted" >"$staging/STAMP"
mv -f "$staging/STAMP" "$stamp"

# Trees of earlier lock files are no longer used.
for old in "$target_dir"/lock-*; do
  [[ "$old" == "$version_dir" ]] || rm -rf "$old"
done

echo "setup-k8s-schemas: installed $MODELS and $YAML_PACKAGE into $current"

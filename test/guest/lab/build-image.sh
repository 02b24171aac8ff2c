#!/usr/bin/env bash
# build-image.sh OUT_DIR DEB_CACHE_DIR MIRROR PACKAGES
# Builds the Debian bookworm guest image the guest tests boot, from Debian's packages:
#   OUT_DIR/base.raw    ext4 root file system labelled vmroot (no partition table)
#   OUT_DIR/vmlinuz, OUT_DIR/initrd.img   for direct kernel boot
#   OUT_DIR/rootfs/     the same tree, kept for chroot checks (systemd-analyze verify)
# PACKAGES is comma-separated. Needs root (debootstrap, chroot) and e2fsprogs >= 1.43 (mkfs.ext4 -d);
# no loop mounts. The caller owns caching: this script always builds from scratch into OUT_DIR.
set -euo pipefail

out=$1 debs=$2 mirror=$3 packages=$4
root="$out/rootfs"
mkdir -p "$out" "$debs"
rm -rf "$root"

# Seeded before debootstrap so its own package runs use them:
# - dpkg without fsync per file: the image is rebuilt from scratch if anything goes wrong;
# - an initramfs with only what mounting the root needs (MODULES=list): about a tenth of the default
#   size, so each emulated boot unpacks less. udev loads every other module from the root later.
mkdir -p "$root/etc/dpkg/dpkg.cfg.d" "$root/etc/initramfs-tools/conf.d" "$root/usr/share/initramfs-tools/modules.d"
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/virtwork-build"
echo MODULES=list >"$root/etc/initramfs-tools/conf.d/virtwork-guest-tests"
printf '%s\n' virtio virtio_ring virtio_pci virtio_blk crc32c_generic ext4 \
  >"$root/usr/share/initramfs-tools/modules.d/virtwork-guest-tests"

debootstrap --variant=minbase --cache-dir="$debs" --include="$packages" bookworm "$root" "$mirror"

echo vmguest >"$root/etc/hostname"
# The root is found by label: a data disk attached to the guest may enumerate before it as vda.
echo 'LABEL=vmroot / ext4 defaults,errors=remount-ro 0 1' >"$root/etc/fstab"

mkdir -p "$root/etc/cloud/cloud.cfg.d"
cat >"$root/etc/cloud/cloud.cfg.d/90_virtwork_guest_tests.cfg" <<'CFG'
# Only the NoCloud seed the tests attach; skips probing for cloud metadata services.
datasource_list: [ NoCloud, None ]
# Keep the empty apt sources below: `packages:` then installs nothing new and needs no mirror,
# while a package name the image lacks still fails ("Unable to locate package").
apt:
  preserve_sources_list: true
CFG
# The image has no `locales` package, so cloud-init's locale module would end in status error.
sed -i -E '/^ - locale$/d' "$root/etc/cloud/cloud.cfg"
: >"$root/etc/apt/sources.list"

# The guest never reaches a mirror; timers that would try only add noise to the load figures.
chroot "$root" systemctl disable apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
  fstrim.timer dpkg-db-backup.timer man-db.timer >/dev/null 2>&1 || true
chroot "$root" systemctl mask systemd-pstore.service >/dev/null 2>&1 || true

# First boot must look like a fresh instance: new machine id, new ssh host keys, no cloud-init state.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*_* \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/var/lib/cloud/*
rm -f "$root"/etc/ssh/ssh_host_* "$root/etc/dpkg/dpkg.cfg.d/virtwork-build"
: >"$root/etc/machine-id"

cp "$root"/boot/vmlinuz-* "$out/vmlinuz"
cp "$root"/boot/initrd.img-* "$out/initrd.img"
rm -f "$out/base.raw"
mkfs.ext4 -q -F -L vmroot -d "$root" "$out/base.raw" 3G

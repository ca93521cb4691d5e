#!/bin/bash
# prepare.sh - host side, step 1: everything the capture guest needs, built from Debian packages.
#
#   sudo WORK=/var/tmp/dmr-capture ./prepare.sh
#
# Leaves in $WORK: vmlinuz (the stock Debian 12 kernel), initramfs.cpio.gz (a whole Debian bookworm minbase root
# with dmsetup, blktrace, fio and thin_dump, and our /init). No KVM needed: boot.sh runs it with TCG.
# Optional: SEED_ROOT=/path/to/an/existing/bookworm/debootstrap/root to copy instead of running debootstrap
# (it must have blktrace, dmsetup, fio, kmod and thin-provisioning-tools installed); MIRROR=http://... to choose
# the Debian mirror.
set -euo pipefail
cd "$(dirname "$0")"
RECIPE=$PWD
WORK=${WORK:-/var/tmp/dmr-capture}
[ "$(id -u)" = 0 ] || { echo "prepare.sh: run as root (debootstrap and chroot need it)" >&2; exit 2; }
mkdir -p "$WORK"

want=()
command -v qemu-system-x86_64 >/dev/null || want+=(qemu-system-x86)
command -v debootstrap >/dev/null || want+=(debootstrap)
command -v cpio >/dev/null || want+=(cpio)
command -v blkparse >/dev/null || want+=(blktrace)
if [ ${#want[@]} -gt 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${want[@]}"
fi

# The kernel: whatever linux-image-amd64 points at today, unpacked (never installed on the host).
if [ ! -s "$WORK/vmlinuz" ]; then
    pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -1)
    [ -n "$pkg" ] || { echo "prepare.sh: cannot tell which linux-image package linux-image-amd64 wants" >&2; exit 1; }
    (cd "$WORK" && rm -rf kernel-deb && mkdir kernel-deb && cd kernel-deb && apt-get download "$pkg" \
        && dpkg-deb -x ./*.deb unpacked)
    cp "$WORK"/kernel-deb/unpacked/boot/vmlinuz-* "$WORK/vmlinuz"
fi
kver=$(ls "$WORK/kernel-deb/unpacked/lib/modules")

# The guest root.
root="$WORK/root"
if [ ! -x "$root/usr/sbin/blktrace" ] || [ ! -x "$root/usr/sbin/thin_dump" ]; then
    rm -rf "$root"
    if [ -n "${SEED_ROOT:-}" ]; then
        cp -a "$SEED_ROOT" "$root"
    else
        mirror=${MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
        debootstrap --variant=minbase --include=blktrace,dmsetup,fio,kmod,util-linux,procps,thin-provisioning-tools \
            bookworm "$root" "${mirror:-http://deb.debian.org/debian}"
    fi
fi
rm -rf "$root"/usr/share/{doc,man,locale,info}/* "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* || true

# Modules: device-mapper, md (dm-raid), virtio, block and crypto helpers; nothing else is loaded.
mods="$root/lib/modules/$kver"
rm -rf "$mods" && mkdir -p "$mods/kernel/drivers"
src="$WORK/kernel-deb/unpacked/lib/modules/$kver"
cp -a "$src"/modules.order "$src"/modules.builtin* "$mods/"
for d in block crypto lib arch; do [ -d "$src/kernel/$d" ] && cp -a "$src/kernel/$d" "$mods/kernel/"; done
for d in md virtio block; do cp -a "$src/kernel/drivers/$d" "$mods/kernel/drivers/"; done
chroot "$root" depmod "$kver"

# Our /init and the scenarios.
install -m 0755 "$RECIPE/guest-init.sh" "$root/init"
rm -rf "$root/dmr" && mkdir -p "$root/dmr" && cp -a "$RECIPE/scenarios" "$root/dmr/"
(cd "$root" && find . -xdev -print0 | cpio --null -o -H newc --quiet | gzip -1) > "$WORK/initramfs.cpio.gz"
echo "prepare.sh: kernel $kver, $(du -h "$WORK/initramfs.cpio.gz" | cut -f1) initramfs in $WORK"

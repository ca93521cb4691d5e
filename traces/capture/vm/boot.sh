#!/bin/bash
# boot.sh - host side, step 2: boot the guest under QEMU and collect what it captured.
#
#   sudo WORK=/var/tmp/dmr-capture ./boot.sh linear,striped,stacked
#
# Four 256 MiB sparse data disks become vda..vdd (cache=unsafe: the guest sees a volatile write cache and sends
# flushes; discard=unmap: discards reach the image). A fifth disk, vde, receives a tar of the results from the
# guest; it is unpacked into $WORK/results/<scenario>/. TCG is used unless /dev/kvm is writable (ACCEL=tcg forces it).
set -euo pipefail
WORK=${WORK:-/var/tmp/dmr-capture}
scenarios=${1:?usage: boot.sh scenario[,scenario...]}
cd "$WORK"
[ -s vmlinuz ] && [ -s initramfs.cpio.gz ] || { echo "boot.sh: run prepare.sh first" >&2; exit 2; }
rm -rf disks results && mkdir disks results
disks=()
for n in 0 1 2 3; do
    truncate -s 256M disks/d$n.raw
    disks+=(-drive "if=none,id=d$n,file=disks/d$n.raw,format=raw,cache=unsafe,discard=unmap"
            -device "virtio-blk-pci,drive=d$n,serial=dmr$n")
done
truncate -s 512M disks/results.raw
disks+=(-drive "if=none,id=res,file=disks/results.raw,format=raw,cache=unsafe" -device "virtio-blk-pci,drive=res")
# ACCEL=tcg|kvm|auto (default auto: KVM when /dev/kvm is writable). Under auto, a KVM start the host refuses (a
# nested hypervisor that rejects an MSR of `-cpu host`, seen as a qemu abort before the guest printed anything) is
# retried once with TCG rather than failing the capture. The bundled traces were captured under TCG.
tcg=(-accel tcg,thread=multi -cpu max)
kvm=(-accel kvm -cpu host)
case "${ACCEL:-auto}" in
    tcg) accel=("${tcg[@]}") ;;
    kvm) accel=("${kvm[@]}") ;;
    auto) accel=("${tcg[@]}"); [ -w /dev/kvm ] && accel=("${kvm[@]}") ;;
    *) echo "boot.sh: ACCEL must be tcg, kvm or auto, not '$ACCEL'" >&2; exit 2 ;;
esac
run_guest() {
    set +e
    timeout "${TIMEOUT:-3600}" qemu-system-x86_64 -machine q35 "$@" -smp 2 -m 3072 -nographic -no-reboot \
        -kernel vmlinuz -initrd initramfs.cpio.gz \
        -append "console=ttyS0 rdinit=/init panic=-1 quiet dmr.scenarios=$scenarios" \
        "${disks[@]}" </dev/null | tee serial.log
    local rc=${PIPESTATUS[0]}
    set -e
    return "$rc"
}
if ! run_guest "${accel[@]}"; then
    if [ "${ACCEL:-auto}" = auto ] && [ "${accel[1]}" = kvm ] && ! grep -q "dmr:" serial.log; then
        echo "boot.sh: QEMU could not start the guest under KVM; retrying under TCG" >&2
        run_guest "${tcg[@]}" || true
    fi
fi
(cd results && tar xf ../disks/results.raw)
grep -q "^dmr: all done" serial.log || { echo "boot.sh: the guest did not finish; see $WORK/serial.log" >&2; exit 1; }
ls results

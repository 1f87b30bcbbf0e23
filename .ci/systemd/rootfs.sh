#!/usr/bin/env bash
# Usage: .ci/systemd/rootfs.sh
# Makes (once; cached) the Debian bookworm root that boot.sh/lib.sh boots with systemd-nspawn:
#   debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,python3 bookworm ROOT
# then configures it for quick, quiet boots in a container (see dk_systemd_configure). ROOT is
# ${DK_SYSTEMD_CACHE:-REPO/.build-systemd}/rootfs. Installs debootstrap and systemd-container
# with apt-get when missing.
#
# Idempotent: a root is used only once its stamp (ROOT/.dk-rootfs-ready) is written, at the very
# end; a root without it (an interrupted run) is removed and made again. The configuration step is
# cheap and has a stamp of its own (a hash of dk_systemd_configure), so changing it here
# reconfigures a cached root without a new debootstrap. Prints the root's path on standard output.
set -euo pipefail
# shellcheck source=.ci/systemd/lib.sh
source "$(dirname "$0")/lib.sh"

SUITE=bookworm
INCLUDE=systemd,systemd-sysv,dbus,python3
DEBOOTSTRAP_RECIPE="debootstrap --variant=minbase --include=$INCLUDE $SUITE"

# The Debian mirror the host's apt uses for SUITE (deb822 .sources or one-line lists), so no host
# is written here; empty: debootstrap's default.
dk_systemd_mirror() {
    if [ -n "${DK_SYSTEMD_MIRROR:-}" ]; then
        echo "$DK_SYSTEMD_MIRROR"
        return
    fi
    local found
    found="$(
        # deb822: a stanza whose Suites has SUITE (not SUITE-security/-updates) and URIs.
        cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v suite="$SUITE" '
            function flush() { if (uri != "" && ok) print uri; uri = ""; ok = 0 }
            /^[[:space:]]*$/ { flush(); next }
            /^URIs:/ { uri = $2 }
            /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
            END { flush() }'
        # One-line format: deb [options] URI SUITE components...
        cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk -v suite="$SUITE" '
            $1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                          if ($(i + 1) == suite) print $i }'
    )" || true  # a missing list file is no error
    echo "${found%%$'\n'*}"
}

# Leftover mounts under a root (debootstrap mounts proc and sys in it while it runs): unmounted
# before the root is removed; rm --one-file-system never descends into one that is left.
dk_systemd_remove_root() {
    local dir="$1" mnt
    [ -e "$dir" ] || return 0
    while read -r mnt; do
        umount -R -l "$mnt" 2>/dev/null || true
    done < <(awk -v d="$dir/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
    rm -rf --one-file-system "$dir"
}

# What makes the root boot quickly and quietly in a container with no network of its own, no
# console to log in on and nobody to answer a prompt. Runs on the host against ROOT (systemctl
# --root, files); idempotent.
dk_systemd_configure() {
    local root="$1"
    # Units that wait for what a container on the host's network never gets, prompt on a console
    # that is read-only, or do background work a short-lived CI container does not need. Some
    # are not even installed in a minbase root: masking them is harmless and keeps this list
    # right if a later package brings them.
    systemctl --root="$root" mask --quiet \
        systemd-networkd-wait-online.service systemd-resolved.service \
        systemd-timesyncd.service systemd-firstboot.service \
        console-getty.service container-getty@.service getty@.service serial-getty@.service \
        getty.target \
        apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer \
        fstrim.timer man-db.timer systemd-tmpfiles-clean.timer \
        e2scrub_reap.service
    # Short timeouts: a job that hangs fails the boot or the shutdown in seconds, not minutes.
    mkdir -p "$root/etc/systemd/system.conf.d" "$root/etc/systemd/journald.conf.d"
    cat >"$root/etc/systemd/system.conf.d/50-dk-container.conf" <<'EOF'
# Written by .ci/systemd/rootfs.sh (Daemoniker CI).
[Manager]
DefaultTimeoutStartSec=30s
DefaultTimeoutStopSec=10s
ShowStatus=no
EOF
    # The journal in memory only (the root is a cache; volatile boots throw it away anyway), and
    # not copied to the read-only console.
    cat >"$root/etc/systemd/journald.conf.d/50-dk-container.conf" <<'EOF'
# Written by .ci/systemd/rootfs.sh (Daemoniker CI).
[Journal]
Storage=volatile
ForwardToConsole=no
EOF
    echo dk-systemd >"$root/etc/hostname"
    # A machine id now, so the first boot is not a "first boot" (systemd-firstboot, presets).
    if [ ! -s "$root/etc/machine-id" ]; then
        systemd-machine-id-setup --root="$root" >/dev/null
    fi
    # Nobody logs in; root has no password (an empty field, not a locked one).
    chroot "$root" passwd -d root >/dev/null
}

main() {
    local start mirror recipe_stamp config_hash partial
    start="$(dk_systemd_now)"
    mkdir -p "$DK_SYSTEMD_CACHE"
    # One maker at a time per cache folder.
    exec 9>"$DK_SYSTEMD_CACHE/rootfs.lock"
    flock 9

    config_hash="$(declare -f dk_systemd_configure | sha256sum | cut -c1-16)"
    recipe_stamp="$DK_SYSTEMD_ROOT/.dk-rootfs-ready"
    if [ -e "$recipe_stamp" ] && [ "$(cat "$recipe_stamp")" = "$DEBOOTSTRAP_RECIPE" ] \
        && [ "$(cat "$DK_SYSTEMD_ROOT/.dk-configured" 2>/dev/null)" = "$config_hash" ]; then
        dk_systemd_log "rootfs: cached at $DK_SYSTEMD_ROOT ($(dk_systemd_elapsed "$start"))"
        echo "$DK_SYSTEMD_ROOT"
        return 0
    fi

    dk_systemd_install_tools
    if [ -e "$recipe_stamp" ] && [ "$(cat "$recipe_stamp")" = "$DEBOOTSTRAP_RECIPE" ]; then
        # The packages are right; only the configuration changed.
        dk_systemd_log "rootfs: reconfiguring $DK_SYSTEMD_ROOT"
        rm -f "$DK_SYSTEMD_ROOT/.dk-configured"
        dk_systemd_configure "$DK_SYSTEMD_ROOT"
        echo "$config_hash" >"$DK_SYSTEMD_ROOT/.dk-configured"
        dk_systemd_log "rootfs: reconfigured in $(dk_systemd_elapsed "$start")"
        echo "$DK_SYSTEMD_ROOT"
        return 0
    fi

    if [ -e "$DK_SYSTEMD_ROOT" ]; then
        dk_systemd_log "rootfs: $DK_SYSTEMD_ROOT is half-made or from another recipe: removing it"
        dk_systemd_remove_root "$DK_SYSTEMD_ROOT"
    fi
    # Made aside and renamed into place: ROOT is either complete or absent.
    partial="$DK_SYSTEMD_CACHE/rootfs.partial"
    if [ -e "$partial" ]; then
        dk_systemd_log "rootfs: removing $partial, left by an interrupted run"
        dk_systemd_remove_root "$partial"
    fi
    mirror="$(dk_systemd_mirror)"
    dk_systemd_log "rootfs: $DEBOOTSTRAP_RECIPE ${mirror:-(default mirror)} (a few minutes)"
    # shellcheck disable=SC2086  # $mirror: one word or none
    if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$partial" $mirror \
        >"$DK_SYSTEMD_CACHE/debootstrap.log" 2>&1; then
        dk_systemd_log "rootfs: debootstrap failed; the end of $DK_SYSTEMD_CACHE/debootstrap.log:"
        tail -n 30 "$DK_SYSTEMD_CACHE/debootstrap.log" >&2
        [ ! -e "$partial/debootstrap/debootstrap.log" ] || tail -n 30 "$partial/debootstrap/debootstrap.log" >&2
        return 1
    fi
    dk_systemd_log "rootfs: debootstrap done in $(dk_systemd_elapsed "$start")"
    # Package caches are not needed to boot.
    rm -rf "${partial:?}/var/cache/apt/archives/"*.deb "${partial:?}/var/lib/apt/lists/"*_Packages
    dk_systemd_configure "$partial"
    echo "$config_hash" >"$partial/.dk-configured"
    echo "$DEBOOTSTRAP_RECIPE" >"$partial/.dk-rootfs-ready"
    mv "$partial" "$DK_SYSTEMD_ROOT"
    dk_systemd_log "rootfs: built in $(dk_systemd_elapsed "$start") ($(du -sh "$DK_SYSTEMD_ROOT" | cut -f1)) at $DK_SYSTEMD_ROOT"
    echo "$DK_SYSTEMD_ROOT"
}

main "$@"

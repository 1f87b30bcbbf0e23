#!/usr/bin/env bash
# The upgrade benchmark with gunicorn: wrk against gunicorn (sync workers, a trivial WSGI app)
# under `daemoniker start --listen tcp:127.0.0.1:PORT --ready notify`, first without upgrades,
# then with UPGRADES `daemoniker upgrade`s spread over the run, then without again. Prints a
# Markdown table: requests/s (and the ratio with/without), wrk's socket errors (connect, read,
# write, timeout) and non-2xx answers for each run, and for each upgrade the time from starting
# `daemoniker upgrade` until it returned (the new generation ready, named in the pid file) and
# until the old generation had ended.
#
# usage: Benchmarks/upgrade-gunicorn.sh [--upgrades N] [--seconds S] [--connections C] [--workers W]
# Needs: wrk (Debian: apt-get install wrk), gunicorn (pip install gunicorn), Linux. Builds the
# tool with `swift build -c release`. Not run by CI (it takes about two minutes and a quiet machine).
set -euo pipefail

upgrades=10
seconds=30
connections=64
workers=4
while [ $# -gt 0 ]; do
    case "$1" in
    --upgrades) upgrades="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    *) echo "usage: $0 [--upgrades N] [--seconds S] [--connections C] [--workers W]" >&2; exit 2 ;;
    esac
done
for tool in wrk gunicorn python3; do
    command -v "$tool" >/dev/null || { echo "upgrade-gunicorn: $tool is not installed" >&2; exit 2; }
done

root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && swift build -c release --product daemoniker >/dev/null)
tool="$root/.build/release/daemoniker"
dir=$(mktemp -d /tmp/dk-upgrade-bench-XXXXXX)
pidfile="$dir/gunicorn.pid"
cleanup() {
    "$tool" stop --pid-file "$pidfile" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

cat >"$dir/app.py" <<'PY'
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3")])
    return [b"ok\n"]
PY
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port/"
now_ms() { date +%s%3N; }

"$tool" start --pid-file "$pidfile" --log "$dir/gunicorn.log" --chdir "$dir" \
    --listen "tcp:127.0.0.1:$port" --ready notify \
    -- gunicorn --workers "$workers" --worker-class sync --log-level warning app:app

# One wrk run of $seconds s into $1; prints nothing.
load() {
    wrk -t 4 -c "$connections" -d "${seconds}s" --timeout 5s "$url" >"$1" 2>&1
}
# requests/s, then connect read write timeout errors, then non-2xx, from wrk's output $1.
figures() {
    awk '
        /Requests\/sec:/ { rps = $2 }
        /Socket errors:/ { gsub(",", ""); c = $4; r = $6; w = $8; t = $10 }
        /Non-2xx or 3xx responses:/ { n = $5 }
        /requests in/ { total = $1 }
        END { printf "%s %s %d %d %d %d %d\n", rps, total, c, r, w, t, n }
    ' "$1"
}

load "$dir/before.txt"

load "$dir/with.txt" &
wrk_pid=$!
interval_ms=$(( seconds * 1000 / (upgrades + 1) ))
: >"$dir/upgrades.txt"
start=$(now_ms)
for i in $(seq 1 "$upgrades"); do
    target=$(( start + i * interval_ms ))
    while [ "$(now_ms)" -lt "$target" ]; do sleep 0.01; done
    old=$(cat "$pidfile")
    t0=$(now_ms)
    if ! "$tool" upgrade --pid-file "$pidfile" --drain 30 >"$dir/upgrade-$i.txt" 2>&1; then
        echo "upgrade-gunicorn: upgrade $i failed: $(cat "$dir/upgrade-$i.txt")" >&2
        exit 1
    fi
    t1=$(now_ms)
    while [ -e "/proc/$old" ] && ! grep -q '^State:.*Z' "/proc/$old/status" 2>/dev/null; do sleep 0.005; done
    t2=$(now_ms)
    echo "$i $old $(cat "$pidfile") $((t1 - t0)) $((t2 - t0))" >>"$dir/upgrades.txt"
done
wait "$wrk_pid"

load "$dir/after.txt"

read -r rps_before total_before c1 r1 w1 t1 n1 < <(figures "$dir/before.txt")
read -r rps_with total_with c2 r2 w2 t2 n2 < <(figures "$dir/with.txt")
read -r rps_after total_after c3 r3 w3 t3 n3 < <(figures "$dir/after.txt")
ratio=$(awk -v w="$rps_with" -v a="$rps_before" -v b="$rps_after" 'BEGIN { printf "%.3f", w / ((a + b) / 2) }')

echo "## daemoniker upgrade under load: gunicorn ($workers sync workers), wrk -c $connections, $seconds s per run"
echo
echo "Machine: $(nproc) CPUs, $(uname -sr); gunicorn $(python3 -c 'import gunicorn; print(gunicorn.__version__)'), $(wrk --version 2>&1 | head -1 | awk '{print $1, $2}')"
echo
echo "| run | upgrades | requests | requests/s | connect | read | write | timeout | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
echo "| without (before) | 0 | $total_before | $rps_before | $c1 | $r1 | $w1 | $t1 | $n1 |"
echo "| with upgrades | $upgrades | $total_with | $rps_with | $c2 | $r2 | $w2 | $t2 | $n2 |"
echo "| without (after) | 0 | $total_after | $rps_after | $c3 | $r3 | $w3 | $t3 | $n3 |"
echo
echo "Requests/s with upgrades / without (mean of before and after): $ratio"
echo
echo "| upgrade | old pid | new pid | to new ready (ms) | to old gone (ms) |"
echo "| ---: | ---: | ---: | ---: | ---: |"
while read -r i old new ready gone; do echo "| $i | $old | $new | $ready | $gone |"; done <"$dir/upgrades.txt"
awk '{ r += $4; g += $5; if ($4 > mr) mr = $4; if ($5 > mg) mg = $5 } END {
    printf "\nTo new ready: mean %.0f ms, max %d ms; to old gone: mean %.0f ms, max %d ms\n", r / NR, mr, g / NR, mg }' "$dir/upgrades.txt"
errors=$((c1 + r1 + w1 + t1 + n1 + c2 + r2 + w2 + t2 + n2 + c3 + r3 + w3 + t3 + n3))
echo
if [ "$errors" -eq 0 ]; then echo "Goal met: 0 socket errors and 0 non-2xx answers in every run."; else
    echo "Goal NOT met: $errors socket errors or non-2xx answers (wrk's output: $dir kept)"; trap - EXIT
    "$tool" stop --pid-file "$pidfile" >/dev/null 2>&1 || true
    exit 1
fi

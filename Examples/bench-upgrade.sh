#!/usr/bin/env bash
# Benchmark: wrk against the SwiftNIO example (release build), for DURATION seconds with
# CONNECTIONS connections, once without and once with UPGRADES upgrades spread over the run.
# Prints requests/s of each run and their ratio, wrk's socket errors and non-2xx counts (both must
# be 0), and per upgrade the time from the request to the new generation ready (upgrade returned)
# and to the old generation gone.
#
#   bash Examples/bench-upgrade.sh [CONNECTIONS=64] [DURATION=30] [UPGRADES=10]
set -euo pipefail
connections="${1:-64}"
duration="${2:-30}"
upgrades="${3:-10}"
cd "$(dirname "$0")"
command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install wrk)" >&2; exit 2; }
swift build -c release >/dev/null
server="$(swift build -c release --show-bin-path)/NIOServer"
dir="$(mktemp -d)"
trap 'pid=$(cat "$dir/server.pid" 2>/dev/null) && kill -KILL "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$server" --pid-file "$dir/server.pid" --listen "web=tcp:127.0.0.1:$port" --log "$dir/server.log" >/dev/null
now_ms() { date +%s%3N; }

run_wrk() {  # $1: label
    wrk -t 2 -c "$connections" -d "${duration}s" --latency "http://127.0.0.1:$port/" >"$dir/wrk-$1.txt"
}

run_wrk plain
upgrade_log="$dir/upgrades.txt"
: >"$upgrade_log"
run_wrk upgrades &
wrk_pid=$!
interval_ms=$(( duration * 1000 / (upgrades + 1) ))
for i in $(seq 1 "$upgrades"); do
    sleep "$(awk "BEGIN { print $interval_ms / 1000 }")"
    old="$(cat "$dir/server.pid")"
    start="$(now_ms)"
    "$server" upgrade --pid-file "$dir/server.pid" --drain 10 >/dev/null
    ready="$(now_ms)"
    while kill -0 "$old" 2>/dev/null; do sleep 0.001; done
    gone="$(now_ms)"
    echo "$i $old $(cat "$dir/server.pid") $((ready - start)) $((gone - start))" >>"$upgrade_log"
done
wait "$wrk_pid"
"$server" stop --pid-file "$dir/server.pid" >/dev/null

rps() { awk '/Requests\/sec/ { print $2 }' "$dir/wrk-$1.txt"; }
errors() { grep -E "Socket errors|Non-2xx" "$dir/wrk-$1.txt" || echo "no socket errors, no non-2xx"; }
plain="$(rps plain)"
with="$(rps upgrades)"
echo "wrk -t 2 -c $connections -d ${duration}s against the SwiftNIO example (release)"
echo "without upgrades: $plain requests/s; $(errors plain)"
echo "with $upgrades upgrades: $with requests/s; $(errors upgrades)"
echo "ratio with/without: $(awk "BEGIN { printf \"%.3f\", $with / $plain }")"
awk '{ ready += $4; gone += $5; if ($4 > rmax) rmax = $4; if ($5 > gmax) gmax = $5; n++ }
     END { printf "upgrade request -> new generation ready: mean %.0f ms, max %d ms; -> old generation gone: mean %.0f ms, max %d ms (%d upgrades)\n", ready / n, rmax, gone / n, gmax, n }' "$upgrade_log"
if grep -qE "Socket errors|Non-2xx" "$dir/wrk-plain.txt" "$dir/wrk-upgrades.txt"; then
    echo "bench: errors during the runs" >&2
    exit 1
fi

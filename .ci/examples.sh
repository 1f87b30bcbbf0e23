#!/usr/bin/env bash
# The Examples package: build the SwiftNIO server (against this checkout of the library), then
# check it for real: it starts (its launcher binds the port), serves, an upgrade hands the socket
# to a new generation while a slow request is in flight (that request still gets 200 from the old
# one), the new one serves, stop ends it, and no process of it is left.
set -euo pipefail
cd "$(dirname "$0")/../Examples"
swift build
server="$(swift build --show-bin-path)/NIOServer"
dir="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "examples: $*" >&2; cat "$dir/server.log" >&2 || true; exit 1; }
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$server" --pid-file "$dir/server.pid" --listen "web=tcp:127.0.0.1:$port" --log "$dir/server.log"
first="$(cat "$dir/server.pid")"
pids+=("$first")
[ "$(curl -fsS "http://127.0.0.1:$port/")" = "hello from $first" ] || fail "GET / did not answer from pid $first"
curl -sS -o "$dir/slow.out" -w '%{http_code}' "http://127.0.0.1:$port/slow?ms=3000" >"$dir/slow.code" &
slow=$!
sleep 0.5  # only to let the slow request reach the server; nothing waits on it being exact
"$server" upgrade --pid-file "$dir/server.pid" --drain 10 | tee "$dir/upgrade.out"
second="$(cat "$dir/server.pid")"
pids+=("$second")
[ "$second" != "$first" ] || fail "the pid file still names $first after the upgrade"
grep -q "upgraded: pid $second" "$dir/upgrade.out" || fail "upgrade did not report pid $second"
[ "$(curl -fsS "http://127.0.0.1:$port/")" = "hello from $second" ] || fail "the new generation does not serve"
wait "$slow"
[ "$(cat "$dir/slow.code")" = 200 ] || fail "the request in flight during the upgrade got $(cat "$dir/slow.code")"
[ "$(cat "$dir/slow.out")" = "hello from $first" ] || fail "the slow request was not answered by the old generation"
for _ in $(seq 1 500); do kill -0 "$first" 2>/dev/null || break; sleep 0.02; done
kill -0 "$first" 2>/dev/null && fail "the old generation $first did not end after draining"
grep -q "pid $first drained" "$dir/server.log" || fail "the old generation did not drain"
"$server" stop --pid-file "$dir/server.pid"
for _ in $(seq 1 500); do kill -0 "$second" 2>/dev/null || break; sleep 0.02; done
kill -0 "$second" 2>/dev/null && fail "pid $second survived stop"
[ ! -e "$dir/server.pid" ] || fail "the pid file is left after stop"
curl -s -o /dev/null "http://127.0.0.1:$port/" && fail "something still serves on $port"
echo "NIOServer started, served, upgraded ($first -> $second) with a request in flight, stopped"
echo "examples: 1 passed, 0 failed"

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The Winsock echo demo: runs examples/echo_server in the background and
# examples/echo_client against it over IPv4 (127.0.0.1) and IPv6 (::1),
# then the guide's WSAAsyncSelect server (guide/server3, a message loop)
# with its WSAAsyncSelect client (guide/client3) and its blocking client
# (guide/client2), printing a short transcript. Runs where the ws module is
# loaded (e.g. selftests/vm/run -- examples/demo.sh build/examples).
#
# usage: examples/demo.sh BUILDDIR     (the examples' build directory)
# Exits 0 only if both echoes came back unchanged and the guide's server
# served both clients.

set -u
B=${1:?usage: demo.sh BUILDDIR}
PORT=${WS_DEMO_PORT:-5000}
LOG=$(mktemp "${TMPDIR:-/tmp}/ws-demo.XXXXXX")
status=0

cleanup() {
	[ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null
	rm -f "$LOG"
}
trap cleanup EXIT

echo "== Winsock echo demo (libws over the ws socket family) =="
if [ -r /sys/module/ws/parameters/family ]; then
	echo "ws module loaded, socket family $(cat /sys/module/ws/parameters/family)"
else
	echo "ws module not loaded" >&2
	exit 1
fi

# Waits (up to 20 s) until the server $SERVER says it listens in $LOG.
wait_listening() {
	i=0
	until grep -q "listening" "$LOG"; do
		if ! kill -0 "$SERVER" 2>/dev/null || [ $i -ge 200 ]; then
			echo "$1 did not start:" >&2
			cat "$LOG" >&2
			exit 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
}

# The server serves the two clients, then exits.
"$B/echo_server" "$PORT" 2 > "$LOG" 2>&1 &
SERVER=$!
wait_listening echo_server
sed -n 1p "$LOG"

"$B/echo_client" 127.0.0.1 "$PORT" "Hello, Winsock over IPv4!" || status=1
"$B/echo_client" ::1 "$PORT" "Hello, Winsock over IPv6!" || status=1

# The server exits after its second client; give it 20 s.
i=0
while kill -0 "$SERVER" 2>/dev/null && [ $i -lt 200 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$SERVER" 2>/dev/null; then
	echo "echo_server did not finish" >&2
	status=1
else
	wait "$SERVER" || status=1
	SERVER=
fi
sed -n '2,$p' "$LOG"

echo "== the guide's WSAAsyncSelect server (port 1234) and two clients =="
"$B/guide/server3" 2 > "$LOG" 2>&1 &
SERVER=$!
wait_listening guide/server3
"$B/guide/client3" 127.0.0.1 1234 || status=1
"$B/guide/client2" 127.0.0.1 1234 || status=1
wait "$SERVER" || status=1
SERVER=
cat "$LOG"
grep -q "served 2 connection" "$LOG" || status=1

if [ $status -eq 0 ]; then
	echo "== demo passed: both echoes round-tripped, the guide's server served both clients =="
else
	echo "== demo FAILED =="
fi
exit $status

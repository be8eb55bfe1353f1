#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The Winsock echo demo: runs examples/echo_server in the background and
# examples/echo_client against it over IPv4 (127.0.0.1) and IPv6 (::1),
# then the guide's WSAAsyncSelect server (guide/server3, a message loop)
# with its WSAAsyncSelect client (guide/client3) and its blocking client
# (guide/client2), then the overlapped echo server (ov_echo_server:
# AcceptEx, completion routines) with ov_echo_client holding four
# connections at once over IPv4 and IPv6 and echo_client over both, then
# examples/mcast (IP multicast, with the socket options and with
# WSAJoinLeaf) on the loopback interface, printing a short transcript.
# Runs where the ws module is loaded (e.g.
# selftests/vm/run -- examples/demo.sh build/examples).
#
# usage: examples/demo.sh BUILDDIR     (the examples' build directory)
# Exits 0 only if every echo came back unchanged, the guide's server
# served both clients, the overlapped server served all six at once and
# the multicast receiver got both datagrams.

set -u
B=${1:?usage: demo.sh BUILDDIR}
PORT=${WS_DEMO_PORT:-5000}
OVPORT=$((PORT + 1))
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

# Waits (up to 20 s) for the server $SERVER, which exits after its last
# client; fails the demo if it does not, or exits with an error.
wait_finished() {
	i=0
	while kill -0 "$SERVER" 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$SERVER" 2>/dev/null; then
		echo "$1 did not finish" >&2
		status=1
	else
		wait "$SERVER" || status=1
		SERVER=
	fi
}

# The server serves the two clients, then exits.
"$B/echo_server" "$PORT" 2 > "$LOG" 2>&1 &
SERVER=$!
wait_listening echo_server
sed -n 1p "$LOG"

"$B/echo_client" 127.0.0.1 "$PORT" "Hello, Winsock over IPv4!" || status=1
"$B/echo_client" ::1 "$PORT" "Hello, Winsock over IPv6!" || status=1

wait_finished echo_server
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

echo "== the overlapped echo server (AcceptEx, completion routines, port $OVPORT) =="
# Six clients: ov_echo_client's four connections (two over IPv4, two over
# IPv6), all open before any data moves and echoed last first, which only
# a server serving them at once can answer (the client gives up after
# 10 s), then echo_client over IPv4 and IPv6.
"$B/ov_echo_server" "$OVPORT" 6 > "$LOG" 2>&1 &
SERVER=$!
wait_listening ov_echo_server
"$B/ov_echo_client" "$OVPORT" 2 127.0.0.1 ::1 || status=1
"$B/echo_client" 127.0.0.1 "$OVPORT" "Hello, overlapped IPv4!" || status=1
"$B/echo_client" ::1 "$OVPORT" "Hello, overlapped IPv6!" || status=1
wait_finished ov_echo_server
cat "$LOG"
grep -q "served 6 clients, at most 4 at once" "$LOG" || status=1

MCPORT=$((PORT + 2))
echo "== IP multicast on the loopback interface (239.255.42.1 port $MCPORT) =="
# A receiver that joins with IP_ADD_MEMBERSHIP takes two datagrams: one
# from a sender of the socket options, one from a WSAJoinLeaf sender.
"$B/mcast" recv 239.255.42.1 "$MCPORT" 127.0.0.1 2 > "$LOG" 2>&1 &
SERVER=$!
i=0
until grep -q "joined" "$LOG"; do
	if ! kill -0 "$SERVER" 2>/dev/null || [ $i -ge 200 ]; then
		echo "mcast recv did not join:" >&2
		cat "$LOG" >&2
		exit 1
	fi
	sleep 0.1
	i=$((i + 1))
done
"$B/mcast" send 239.255.42.1 "$MCPORT" 127.0.0.1 "Hello, multicast!" || status=1
"$B/mcast" -j send 239.255.42.1 "$MCPORT" 127.0.0.1 "Hello, WSAJoinLeaf!" || status=1
wait_finished "mcast recv"
cat "$LOG"
grep -q "Hello, multicast!" "$LOG" && grep -q "Hello, WSAJoinLeaf!" "$LOG" || status=1

if [ $status -eq 0 ]; then
	echo "== demo passed: every echo round-tripped, the guide's server served both clients, the overlapped server 4 at once, both multicast datagrams arrived =="
else
	echo "== demo FAILED =="
fi
exit $status

// SPDX-License-Identifier: GPL-2.0
/*
 * Datagram (UDP) sockets of the ws family through libws: sendto and
 * recvfrom, connected datagram sockets, truncation, FIONREAD, shutdown and
 * the datagram error paths, over IPv4 and IPv6, with blocking and
 * nonblocking sockets. Citations: see ws_test.h.
 */
#include "ws_test.h"

FIXTURE(dgram) {
	SOCKET a;		/* bound to loopback */
	SOCKET b;		/* not bound */
	struct sockaddr_storage aaddr;	/* a's address */
	int aaddrlen;
};

FIXTURE_VARIANT(dgram) {
	int af;
	bool nonblocking;
};

FIXTURE_VARIANT_ADD(dgram, ipv4) {
	.af = AF_INET,
	.nonblocking = false,
};

FIXTURE_VARIANT_ADD(dgram, ipv6) {
	.af = AF_INET6,
	.nonblocking = false,
};

FIXTURE_VARIANT_ADD(dgram, ipv4_nonblocking) {
	.af = AF_INET,
	.nonblocking = true,
};

FIXTURE_VARIANT_ADD(dgram, ipv6_nonblocking) {
	.af = AF_INET6,
	.nonblocking = true,
};

FIXTURE_SETUP(dgram)
{
	const char *why = ws_unavailable(variant->af);

	self->a = self->b = INVALID_SOCKET;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	self->a = ws_bound(_metadata, variant->af, SOCK_DGRAM, &self->aaddr, &self->aaddrlen);
	self->b = socket(variant->af, SOCK_DGRAM, IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, self->b);
	if (variant->nonblocking) {
		ASSERT_EQ(0, ws_set_nonblocking(self->a, true));
		ASSERT_EQ(0, ws_set_nonblocking(self->b, true));
	}
}

FIXTURE_TEARDOWN(dgram)
{
	if (self->b != INVALID_SOCKET)
		closesocket(self->b);
	if (self->a != INVALID_SOCKET)
		closesocket(self->a);
	WSACleanup();
}

/* A further socket bound to loopback, in the variant's mode. */
static SOCKET dgram_bound(struct __test_metadata *_metadata,
			  const FIXTURE_VARIANT(dgram) *variant,
			  struct sockaddr_storage *ss, int *len)
{
	SOCKET s = ws_bound(_metadata, variant->af, SOCK_DGRAM, ss, len);

	if (variant->nonblocking)
		ASSERT_EQ(0, ws_set_nonblocking(s, true));
	return s;
}

static int dgram_sendto_a(FIXTURE_DATA(dgram) *self, SOCKET from, const char *buf, int len)
{
	return sendto(from, buf, len, 0, (struct sockaddr *)&self->aaddr, self->aaddrlen);
}

TEST_F(dgram, sendto_recvfrom)
{
	struct sockaddr_storage from, bname;
	int fromlen, len;
	char buf[16];

	/* spec sendto: the datagram goes to "to"; the whole length is sent */
	ASSERT_EQ(6, dgram_sendto_a(self, self->b, "hello", 6));
	/*
	 * spec sendto: "If the socket is unbound, unique values are assigned
	 * to the local association by the system, and the socket is marked as
	 * bound"; Wine test_WSASendTo: getsockname then shows a port.
	 */
	memset(&bname, POISON_BYTE, sizeof(bname));
	len = sizeof(bname);
	ASSERT_EQ(0, getsockname(self->b, (struct sockaddr *)&bname, &len));
	ASSERT_EQ(variant->af, bname.ss_family);
	ASSERT_NE(0, ws_port(&bname));

	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	/*
	 * spec recvfrom: from receives the sender's address, fromlen "is
	 * modified on return to indicate the actual size"; the family is
	 * Winsock's (AF_INET6 = 23).
	 */
	memset(&from, POISON_BYTE, sizeof(from));
	fromlen = sizeof(from);
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(6, recvfrom(self->a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen));
	ASSERT_STREQ("hello", buf);
	ASSERT_EQ(ws_addrlen(variant->af), fromlen);
	ASSERT_EQ(variant->af == AF_INET ? 2 : 23, from.ss_family);
	ASSERT_EQ(ws_port(&bname), ws_port(&from));
	ASSERT_TRUE(ws_is_loopback(&from));
}

TEST_F(dgram, connected_send_recv)
{
	struct sockaddr_storage bname, peer;
	int blen, len;
	char buf[16];

	/* spec connect: for a datagram socket it sets the default destination */
	ASSERT_EQ(0, connect(self->b, (struct sockaddr *)&self->aaddr, self->aaddrlen));
	/* Wine test_connect_udp: getpeername returns it */
	memset(&peer, POISON_BYTE, sizeof(peer));
	len = sizeof(peer);
	ASSERT_EQ(0, getpeername(self->b, (struct sockaddr *)&peer, &len));
	ASSERT_TRUE(ws_same_addr(&self->aaddr, &peer));
	blen = sizeof(bname);
	ASSERT_EQ(0, getsockname(self->b, (struct sockaddr *)&bname, &blen));
	ASSERT_NE(0, ws_port(&bname));

	ASSERT_EQ(4, send(self->b, "data", 4, 0));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(4, recv(self->a, buf, sizeof(buf), 0));
	ASSERT_EQ(0, memcmp(buf, "data", 4));

	ASSERT_EQ(0, connect(self->a, (struct sockaddr *)&bname, blen));
	ASSERT_EQ(4, send(self->a, "back", 4, 0));
	ASSERT_EQ(WS_READ, ws_wait(self->b, WS_READ, WAIT_MS));
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(4, recv(self->b, buf, sizeof(buf), 0));
	ASSERT_EQ(0, memcmp(buf, "back", 4));
}

TEST_F(dgram, connect_filters_sources)
{
	struct sockaddr_storage cname, bname;
	int clen, blen;
	char buf[16];
	SOCKET c = dgram_bound(_metadata, variant, &cname, &clen);

	closesocket(self->b);
	self->b = dgram_bound(_metadata, variant, &bname, &blen);
	ASSERT_EQ(0, connect(self->a, (struct sockaddr *)&bname, blen));
	/*
	 * spec connect: "Any datagrams received from an address other than the
	 * destination address specified will be discarded."
	 */
	ASSERT_EQ(5, dgram_sendto_a(self, c, "from", 5));
	ASSERT_EQ(0, ws_wait(self->a, WS_READ, QUIET_MS));
	ASSERT_EQ(5, dgram_sendto_a(self, self->b, "peer", 5));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(5, recv(self->a, buf, sizeof(buf), 0));
	ASSERT_STREQ("peer", buf);
	closesocket(c);
}

TEST_F(dgram, sendto_overrides_connect)
{
	struct sockaddr_storage cname;
	int clen;
	char buf[16];
	SOCKET c = dgram_bound(_metadata, variant, &cname, &clen);

	ASSERT_EQ(0, connect(self->b, (struct sockaddr *)&self->aaddr, self->aaddrlen));
	/*
	 * spec sendto: "Even if the connectionless socket has been previously
	 * connected to a specific address, to overrides the destination
	 * address for that particular datagram only."
	 */
	ASSERT_EQ(4, sendto(self->b, "over", 4, 0, (struct sockaddr *)&cname, clen));
	ASSERT_EQ(WS_READ, ws_wait(c, WS_READ, WAIT_MS));
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(4, recv(c, buf, sizeof(buf), 0));
	ASSERT_EQ(0, memcmp(buf, "over", 4));
	ASSERT_EQ(0, ws_wait(self->a, WS_READ, QUIET_MS));
	closesocket(c);
}

TEST_F(dgram, disconnect)
{
	struct sockaddr_storage ss;
	int len;

	ASSERT_EQ(0, connect(self->b, (struct sockaddr *)&self->aaddr, self->aaddrlen));
	/*
	 * spec connect: "If the address field of the name structure is all
	 * zeroes, the socket will be 'disconnected'. ... send/WSASend and
	 * recv/WSARecv calls will return the error code WSAENOTCONN."
	 */
	len = ws_sockaddr(variant->af, false, 0, &ss);
	ASSERT_EQ(0, connect(self->b, (struct sockaddr *)&ss, len));
	len = sizeof(ss);
	ASSERT_WSAFAIL(WSAENOTCONN, getpeername(self->b, (struct sockaddr *)&ss, &len));
	ASSERT_WSAFAIL(WSAENOTCONN, send(self->b, "x", 1, 0));
	/* "However, sendto/WSASendTo and recvfrom/WSARecvFrom can still be used." */
	ASSERT_EQ(1, dgram_sendto_a(self, self->b, "x", 1));

	if (variant->af == AF_INET) {
		/* Wine test_connect_udp: an AF_UNSPEC address also disconnects */
		ASSERT_EQ(0, connect(self->b, (struct sockaddr *)&self->aaddr, self->aaddrlen));
		memset(&ss, 0, sizeof(ss));
		ss.ss_family = AF_UNSPEC;
		ASSERT_EQ(0, connect(self->b, (struct sockaddr *)&ss, sizeof(struct sockaddr_in)))
			TH_LOG("error %d", WSAGetLastError());
		len = sizeof(ss);
		ASSERT_WSAFAIL(WSAENOTCONN, getpeername(self->b, (struct sockaddr *)&ss, &len));
	}
}

TEST_F(dgram, truncated_recv)
{
	char buf[16];

	ASSERT_EQ(10, dgram_sendto_a(self, self->b, "0123456789", 10));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	/*
	 * spec recv: "If the datagram or message is larger than the buffer
	 * supplied, the buffer is filled with the first part of the datagram,
	 * and recv generates the error WSAEMSGSIZE. For unreliable protocols
	 * (for example, UDP) the excess data is lost".
	 */
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_WSAFAIL(WSAEMSGSIZE, recv(self->a, buf, 4, 0));
	ASSERT_EQ(0, memcmp(buf, "0123", 4));
	ASSERT_EQ((char)POISON_BYTE, buf[4]);
	/* The rest is gone: the next datagram is read next. */
	ASSERT_EQ(2, dgram_sendto_a(self, self->b, "xy", 2));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(2, recv(self->a, buf, sizeof(buf), 0));
	ASSERT_EQ(0, memcmp(buf, "xy", 2));
}

TEST_F(dgram, truncated_recvfrom)
{
	struct sockaddr_storage from;
	int fromlen = sizeof(from);
	char buf[16];

	ASSERT_EQ(10, dgram_sendto_a(self, self->b, "0123456789", 10));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	/*
	 * spec recvfrom: "If the datagram or message is larger than the buffer
	 * supplied, the buffer is filled with the first part of the datagram,
	 * and recvfrom generates the error WSAEMSGSIZE."
	 */
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_WSAFAIL(WSAEMSGSIZE, recvfrom(self->a, buf, 4, 0, (struct sockaddr *)&from,
					     &fromlen));
	ASSERT_EQ(0, memcmp(buf, "0123", 4));
	ASSERT_EQ((char)POISON_BYTE, buf[4]);
	ASSERT_EQ(0, ws_wait(self->a, WS_READ, QUIET_MS));
}

TEST_F(dgram, zero_length_datagram)
{
	struct sockaddr_storage from;
	int fromlen = sizeof(from);
	char buf[4];

	/*
	 * spec sendto: "Calling sendto with a len of zero is legal ... For
	 * message-oriented sockets, a zero-length transport datagram is sent."
	 */
	ASSERT_EQ(0, dgram_sendto_a(self, self->b, "", 0));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	memset(&from, POISON_BYTE, sizeof(from));
	ASSERT_EQ(0, recvfrom(self->a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen));
	ASSERT_EQ(ws_addrlen(variant->af), fromlen);
	ASSERT_EQ(variant->af, from.ss_family);
	ASSERT_EQ(0, ws_wait(self->a, WS_READ, QUIET_MS));
}

TEST_F(dgram, fionread)
{
	u_long n;
	long deadline;
	char buf[16];

	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->a, FIONREAD, &n));
	ASSERT_EQ(0, n);
	ASSERT_EQ(3, dgram_sendto_a(self, self->b, "abc", 3));
	ASSERT_EQ(5, dgram_sendto_a(self, self->b, "defgh", 5));
	/*
	 * FIONREAD on a datagram socket: the spec's ioctlsocket page says "the
	 * size of the first datagram", but Windows reports all the pending
	 * payload (observed: stackoverflow.com/questions/9278189, answer
	 * mapping FIONREAD on SOCK_DGRAM across platforms, Windows among the
	 * "all the data pending" ones; lwIP's LWIP_FIONREAD_LINUXMODE
	 * documentation: "the amount of pending data in the network buffer.
	 * This is the way windows does it"); uapi/linux/ws.h agrees. Wait
	 * until both datagrams arrived.
	 */
	deadline = ws_now_ms() + WAIT_MS;
	do {
		n = 0xdeadbeef;
		ASSERT_EQ(0, ioctlsocket(self->a, FIONREAD, &n));
		if (n == 8)
			break;
		ws_sleep_ms(5);
	} while (ws_now_ms() < deadline);
	ASSERT_EQ(8, n);
	ASSERT_EQ(3, recv(self->a, buf, sizeof(buf), 0));
	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->a, FIONREAD, &n));
	ASSERT_EQ(5, n);
}

TEST_F(dgram, msg_peek)
{
	char buf[16];

	ASSERT_EQ(6, dgram_sendto_a(self, self->b, "abcdef", 6));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	/* spec recv: MSG_PEEK copies the data without removing it */
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(6, recv(self->a, buf, sizeof(buf), MSG_PEEK));
	ASSERT_EQ(0, memcmp(buf, "abcdef", 6));
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(6, recv(self->a, buf, sizeof(buf), 0));
	ASSERT_EQ(0, memcmp(buf, "abcdef", 6));
	ASSERT_EQ(0, ws_wait(self->a, WS_READ, QUIET_MS));
}

TEST_F(dgram, recv_no_data)
{
	char c;

	if (variant->nonblocking) {
		/*
		 * spec recv: WSAEWOULDBLOCK on a nonblocking socket with nothing
		 * queued; Wine test_connect_udp: once bound.
		 */
		ASSERT_WSAFAIL(WSAEWOULDBLOCK, recv(self->a, &c, 1, 0));
	}
	ASSERT_EQ(0, ws_wait(self->a, WS_READ, QUIET_MS));
}

TEST_F(dgram, recv_unbound)
{
	struct sockaddr_storage from;
	int fromlen = sizeof(from);
	char c;

	/* Guard: a buggy blocking recv fails with WSAETIMEDOUT instead of hanging. */
	ASSERT_EQ(0, ws_set_int(self->b, SOL_SOCKET, SO_RCVTIMEO, WAIT_MS));
	/*
	 * spec recv/recvfrom: WSAEINVAL "The socket has not been bound with
	 * bind"; Wine test_connect_udp (todo_wine: Windows returns WSAEINVAL).
	 */
	ASSERT_WSAFAIL(WSAEINVAL, recv(self->b, &c, 1, 0));
	ASSERT_WSAFAIL(WSAEINVAL, recvfrom(self->b, &c, 1, 0, (struct sockaddr *)&from, &fromlen));
}

TEST_F(dgram, send_not_connected)
{
	/* spec send: WSAENOTCONN; Wine test_connect_udp */
	ASSERT_WSAFAIL(WSAENOTCONN, send(self->b, "data", 4, 0));
}

TEST_F(dgram, getpeername_not_connected)
{
	struct sockaddr_storage ss;
	int len = sizeof(ss);

	/* spec getpeername: WSAENOTCONN; Wine test_getpeername */
	ASSERT_WSAFAIL(WSAENOTCONN, getpeername(self->b, (struct sockaddr *)&ss, &len));
	/*
	 * spec getpeername: "any name specified by a previous sendto call will
	 * not be returned"; Wine test_getpeername.
	 */
	ASSERT_EQ(1, dgram_sendto_a(self, self->b, "x", 1));
	len = sizeof(ss);
	ASSERT_WSAFAIL(WSAENOTCONN, getpeername(self->b, (struct sockaddr *)&ss, &len));
}

TEST_F(dgram, listen_not_supported)
{
	/*
	 * spec listen: WSAEOPNOTSUPP "The referenced socket is not of a type
	 * that supports the listen operation"; Wine test_listen.
	 */
	ASSERT_WSAFAIL(WSAEOPNOTSUPP, listen(self->a, 1));
}

TEST_F(dgram, accept_not_supported)
{
	/*
	 * spec accept: WSAEOPNOTSUPP "The referenced socket is not a type that
	 * supports connection-oriented service".
	 */
	ASSERT_WSAFAIL_SOCKET(WSAEOPNOTSUPP, accept(self->a, NULL, NULL));
}

TEST_F(dgram, shutdown_receive)
{
	struct sockaddr_storage from;
	int fromlen = sizeof(from);
	char buf[8];

	/* Wine test_shutdown: shutdown of a bound UDP socket succeeds */
	ASSERT_EQ(0, shutdown(self->a, SD_RECEIVE));
	/* spec recvfrom: WSAESHUTDOWN after SD_RECEIVE; Wine test_shutdown */
	ASSERT_WSAFAIL(WSAESHUTDOWN, recvfrom(self->a, buf, sizeof(buf), 0,
					      (struct sockaddr *)&from, &fromlen));
	/*
	 * spec shutdown: "For UDP sockets, incoming datagrams are accepted and
	 * queued"; Wine test_shutdown: sending to it still succeeds.
	 */
	ASSERT_EQ(5, dgram_sendto_a(self, self->b, "test", 5));
	ASSERT_WSAFAIL(WSAESHUTDOWN, recv(self->a, buf, sizeof(buf), 0));
}

TEST_F(dgram, shutdown_send)
{
	ASSERT_EQ(5, dgram_sendto_a(self, self->b, "test", 5));
	/* Wine test_shutdown: SD_SEND twice succeeds */
	ASSERT_EQ(0, shutdown(self->b, SD_SEND));
	ASSERT_EQ(0, shutdown(self->b, SD_SEND));
	/* spec sendto: WSAESHUTDOWN after SD_SEND; Wine test_shutdown */
	ASSERT_WSAFAIL(WSAESHUTDOWN, dgram_sendto_a(self, self->b, "test", 5));
}

TEST_F(dgram, unbound_writable)
{
	SOCKET s = socket(variant->af, SOCK_DGRAM, IPPROTO_UDP);

	ASSERT_NE(INVALID_SOCKET, s);
	/* Wine test_select ("UDP behavior of unbound sockets"): writable only */
	ASSERT_EQ(WS_WRITE, ws_wait(s, WS_READ | WS_WRITE | WS_EXCEPT, WAIT_MS));
	closesocket(s);
}

TEST_F(dgram, recvfrom_fromlen)
{
	char from[1024], buf[16];
	int fromlen;

	/*
	 * spec recvfrom: WSAEFAULT "the fromlen argument is too small to
	 * accommodate the peer address"; Wine test_UDP: the call fails and the
	 * from buffer is not written.
	 */
	ASSERT_EQ(16, dgram_sendto_a(self, self->b, "0123456789abcdef", 16));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	from[0] = 'A';
	fromlen = 1;
	ASSERT_WSAFAIL(WSAEFAULT, recvfrom(self->a, buf, sizeof(buf), 0,
					   (struct sockaddr *)from, &fromlen));
	ASSERT_EQ('A', from[0]);

	/* Wine test_UDP: a large fromlen gets the address and nothing beyond it */
	ASSERT_EQ(16, dgram_sendto_a(self, self->b, "0123456789abcdef", 16));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	from[sizeof(from) - 1] = 'B';
	fromlen = sizeof(from);
	ASSERT_EQ(16, recvfrom(self->a, buf, sizeof(buf), 0, (struct sockaddr *)from, &fromlen));
	ASSERT_EQ(ws_addrlen(variant->af), fromlen);
	ASSERT_EQ('B', from[sizeof(from) - 1]);
}

TEST_F(dgram, sendto_bad_address)
{
	struct sockaddr_storage ss;
	int len;

	/* spec sendto: WSAEFAULT when "the tolen argument is too small" */
	ASSERT_WSAFAIL(WSAEFAULT, sendto(self->b, "x", 1, 0, (struct sockaddr *)&self->aaddr,
					 self->aaddrlen - 1));
	/*
	 * spec sendto: WSAEAFNOSUPPORT "Addresses in the specified family
	 * cannot be used with this socket"; spec Error Codes, WSAEAFNOSUPPORT:
	 * "an address of the wrong family is used for a socket, e.g. in sendto".
	 */
	len = ws_loopback(ws_other_af(variant->af), ws_port(&self->aaddr), &ss);
	if (len < self->aaddrlen)
		len = self->aaddrlen;
	ASSERT_WSAFAIL(WSAEAFNOSUPPORT, sendto(self->b, "x", 1, 0, (struct sockaddr *)&ss, len));
}

TEST_F(dgram, sendto_port_zero)
{
	struct sockaddr_storage ss;
	int len = ws_loopback(variant->af, 0, &ss);

	/* Wine test_UDP ("Test sending to port 0"): the send succeeds */
	ASSERT_EQ(16, sendto(self->b, "0123456789abcdef", 16, 0, (struct sockaddr *)&ss, len))
		TH_LOG("error %d", WSAGetLastError());
}

TEST_F(dgram, oversized_datagram)
{
	static char big[65536];
	u_int max = 0xdeadbeef;
	int len = sizeof(max);

	ASSERT_EQ(0, getsockopt(self->b, SOL_SOCKET, SO_MAX_MSG_SIZE, (char *)&max, &len));
	ASSERT_LT(max, sizeof(big));
	/*
	 * spec sendto: "If the data is too long to pass atomically through the
	 * underlying protocol the error WSAEMSGSIZE is returned, and no data
	 * is transmitted"; the limit is SO_MAX_MSG_SIZE.
	 */
	ASSERT_WSAFAIL(WSAEMSGSIZE, dgram_sendto_a(self, self->b, big, max + 1));
	ASSERT_EQ(0, ws_wait(self->a, WS_READ, QUIET_MS));
	ASSERT_EQ((int)max, dgram_sendto_a(self, self->b, big, max));
}

TEST_F(dgram, connected_port_unreachable)
{
	struct sockaddr_storage ss;
	int len = ws_loopback(variant->af, ws_free_port(_metadata, variant->af, SOCK_DGRAM), &ss);
	int i;

	ASSERT_EQ(0, connect(self->b, (struct sockaddr *)&ss, len));
	/*
	 * Wine test_UDP: "Send to UDP socket succeeds even if the packets are
	 * not received and the network is replying with 'destination port
	 * unreachable' ICMP messages" -- ten sends, all succeed.
	 */
	for (i = 0; i < 10; i++)
		ASSERT_EQ(16, send(self->b, "0123456789abcdef", 16, 0))
			TH_LOG("send %d: error %d", i, WSAGetLastError());
}

TEST_F(dgram, msg_oob_not_supported)
{
	char c;

	/*
	 * spec send/recv: WSAEOPNOTSUPP "MSG_OOB was specified, but the socket
	 * is not stream style such as type SOCK_STREAM".
	 */
	ASSERT_WSAFAIL(WSAEOPNOTSUPP, sendto(self->b, "x", 1, MSG_OOB,
					     (struct sockaddr *)&self->aaddr, self->aaddrlen));
	ASSERT_EQ(0, ws_wait(self->a, WS_READ, QUIET_MS));
	ASSERT_EQ(1, dgram_sendto_a(self, self->b, "x", 1));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL(WSAEOPNOTSUPP, recv(self->a, &c, 1, MSG_OOB));
}

TEST_F(dgram, null_buffers)
{
	/*
	 * spec sendto/recv: WSAEFAULT when buf "is not totally contained in a
	 * valid part of the user address space".
	 */
	ASSERT_WSAFAIL(WSAEFAULT, dgram_sendto_a(self, self->b, NULL, 5));
	ASSERT_EQ(5, dgram_sendto_a(self, self->b, "data", 5));
	ASSERT_EQ(WS_READ, ws_wait(self->a, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL(WSAEFAULT, recv(self->a, NULL, 5, 0));
}

TEST_HARNESS_MAIN

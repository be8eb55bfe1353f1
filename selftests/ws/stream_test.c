// SPDX-License-Identifier: GPL-2.0
/*
 * Stream (TCP) sockets of the ws family through libws: connect and accept,
 * send and recv, local and peer names, shutdown, select, ioctlsocket,
 * out-of-band data and linger, over IPv4 and IPv6, with blocking and
 * nonblocking sockets. Citations: see ws_test.h.
 */
#include "ws_test.h"	/* first: it defines _GNU_SOURCE */

#include <sched.h>
#include <stdio.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <unistd.h>

FIXTURE(stream) {
	SOCKET listener;	/* bound to loopback, listening */
	SOCKET client;		/* created, not connected */
	SOCKET server;		/* the accepted end, once connected */
	struct sockaddr_storage laddr;	/* the listener's address */
	int laddrlen;
};

FIXTURE_VARIANT(stream) {
	int af;
	bool nonblocking;
};

FIXTURE_VARIANT_ADD(stream, ipv4) {
	.af = AF_INET,
	.nonblocking = false,
};

FIXTURE_VARIANT_ADD(stream, ipv6) {
	.af = AF_INET6,
	.nonblocking = false,
};

FIXTURE_VARIANT_ADD(stream, ipv4_nonblocking) {
	.af = AF_INET,
	.nonblocking = true,
};

FIXTURE_VARIANT_ADD(stream, ipv6_nonblocking) {
	.af = AF_INET6,
	.nonblocking = true,
};

FIXTURE_SETUP(stream)
{
	const char *why = ws_unavailable(variant->af);

	self->listener = self->client = self->server = INVALID_SOCKET;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	self->listener = ws_bound(_metadata, variant->af, SOCK_STREAM,
				  &self->laddr, &self->laddrlen);
	ASSERT_EQ(0, listen(self->listener, 8));
	self->client = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, self->client);
	if (variant->nonblocking) {
		ASSERT_EQ(0, ws_set_nonblocking(self->listener, true));
		ASSERT_EQ(0, ws_set_nonblocking(self->client, true));
	}
}

FIXTURE_TEARDOWN(stream)
{
	if (self->server != INVALID_SOCKET)
		closesocket(self->server);
	if (self->client != INVALID_SOCKET)
		closesocket(self->client);
	if (self->listener != INVALID_SOCKET)
		closesocket(self->listener);
	WSACleanup();
}

/*
 * Connect @s to @addr in the variant's mode. spec connect: a nonblocking
 * connect "cannot be completed immediately", returns SOCKET_ERROR with
 * WSAEWOULDBLOCK, and select reports the socket writable once connected;
 * Wine test_connect shows this for a loopback listener too.
 */
static void stream_connect_to(struct __test_metadata *_metadata,
			      const FIXTURE_VARIANT(stream) *variant, SOCKET s,
			      const struct sockaddr_storage *addr, int addrlen)
{
	int ret;

	WSASetLastError(POISON_ERR);
	ret = connect(s, (const struct sockaddr *)addr, addrlen);
	if (variant->nonblocking) {
		ASSERT_EQ(SOCKET_ERROR, ret);
		ASSERT_EQ(WSAEWOULDBLOCK, WSAGetLastError());
		ASSERT_EQ(WS_WRITE, ws_wait(s, WS_WRITE | WS_EXCEPT, WAIT_MS));
	} else {
		ASSERT_EQ(0, ret) TH_LOG("connect: error %d", WSAGetLastError());
	}
}

/* Connect the fixture's client and accept the server end (peer address in @peer if set). */
static void stream_connect(struct __test_metadata *_metadata,
			   FIXTURE_DATA(stream) *self,
			   const FIXTURE_VARIANT(stream) *variant,
			   struct sockaddr_storage *peer, int *peerlen)
{
	stream_connect_to(_metadata, variant, self->client, &self->laddr, self->laddrlen);
	/* spec select: a listening socket is readable when accept will succeed */
	ASSERT_EQ(WS_READ, ws_wait(self->listener, WS_READ, WAIT_MS));
	self->server = accept(self->listener, (struct sockaddr *)peer, peerlen);
	ASSERT_NE(INVALID_SOCKET, self->server)
		TH_LOG("accept: error %d", WSAGetLastError());
}

TEST_F(stream, connect_accept_transfer)
{
	struct sockaddr_storage peer, cname;
	int peerlen, cnamelen;
	char buf[8];

	memset(&peer, POISON_BYTE, sizeof(peer));
	peerlen = sizeof(peer);
	stream_connect(_metadata, self, variant, &peer, &peerlen);

	/*
	 * spec accept: addr receives "the address of the connecting entity";
	 * addrlen "on return it will contain the actual length".
	 */
	ASSERT_EQ(ws_addrlen(variant->af), peerlen);
	cnamelen = sizeof(cname);
	ASSERT_EQ(0, getsockname(self->client, (struct sockaddr *)&cname, &cnamelen));
	ASSERT_TRUE(ws_same_addr(&cname, &peer));

	/* spec send/recv: the data sent on one end is read on the other */
	ws_send_all(_metadata, self->client, "hello", 6);
	memset(buf, POISON_BYTE, sizeof(buf));
	ws_recv_exact(_metadata, self->server, buf, 6);
	ASSERT_STREQ("hello", buf);

	ws_send_all(_metadata, self->server, "world", 6);
	memset(buf, POISON_BYTE, sizeof(buf));
	ws_recv_exact(_metadata, self->client, buf, 6);
	ASSERT_STREQ("world", buf);
}

TEST_F(stream, bulk_transfer)
{
	static char out[256 * 1024], in[sizeof(out)];
	const int chunk = 32 * 1024;
	size_t i;
	int off;

	for (i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 7 + i / 251);
	stream_connect(_metadata, self, variant, NULL, NULL);
	memset(in, POISON_BYTE, sizeof(in));
	/* spec send/recv: a byte stream arrives complete and in order. */
	for (off = 0; off < (int)sizeof(out); off += chunk) {
		ws_send_all(_metadata, self->client, out + off, chunk);
		ws_recv_exact(_metadata, self->server, in + off, chunk);
	}
	ASSERT_EQ(0, memcmp(out, in, sizeof(out)));
}

TEST_F(stream, names)
{
	struct sockaddr_storage ss, cname;
	int len;

	stream_connect(_metadata, self, variant, NULL, NULL);

	/*
	 * spec getsockname: the local association of a connected socket;
	 * namelen returns the actual size. The family is Winsock's: AF_INET
	 * is 2 and AF_INET6 is 23.
	 */
	memset(&cname, POISON_BYTE, sizeof(cname));
	len = sizeof(cname);
	ASSERT_EQ(0, getsockname(self->client, (struct sockaddr *)&cname, &len));
	ASSERT_EQ(ws_addrlen(variant->af), len);
	ASSERT_EQ(variant->af == AF_INET ? 2 : 23, cname.ss_family);
	ASSERT_NE(0, ws_port(&cname));
	ASSERT_TRUE(ws_is_loopback(&cname));
	if (variant->af == AF_INET) {
		static const char zero[8];

		/* Wine test_getsockname: sin_zero comes back zeroed */
		ASSERT_EQ(0, memcmp(((struct sockaddr_in *)&cname)->sin_zero, zero, 8));
	}

	/* spec getpeername: the name of the peer of a connected socket */
	memset(&ss, POISON_BYTE, sizeof(ss));
	len = sizeof(ss);
	ASSERT_EQ(0, getpeername(self->client, (struct sockaddr *)&ss, &len));
	ASSERT_EQ(ws_addrlen(variant->af), len);
	ASSERT_TRUE(ws_same_addr(&self->laddr, &ss));

	/* Wine test_shutdown: each end's peer is the other end's local name */
	memset(&ss, POISON_BYTE, sizeof(ss));
	len = sizeof(ss);
	ASSERT_EQ(0, getpeername(self->server, (struct sockaddr *)&ss, &len));
	ASSERT_TRUE(ws_same_addr(&cname, &ss));

	memset(&ss, POISON_BYTE, sizeof(ss));
	len = sizeof(ss);
	ASSERT_EQ(0, getsockname(self->server, (struct sockaddr *)&ss, &len));
	ASSERT_TRUE(ws_same_addr(&self->laddr, &ss));
}

TEST_F(stream, getsockname_unbound)
{
	struct sockaddr_storage ss, before;
	int len = sizeof(ss);

	/*
	 * spec getsockname: WSAEINVAL "The socket has not been bound";
	 * Wine test_getsockname: the address is left untouched.
	 */
	memset(&ss, POISON_BYTE, sizeof(ss));
	before = ss;
	ASSERT_WSAFAIL(WSAEINVAL, getsockname(self->client, (struct sockaddr *)&ss, &len));
	ASSERT_EQ(0, memcmp(&before, &ss, sizeof(ss)));
}

TEST_F(stream, getsockname_bad_buffers)
{
	struct sockaddr_storage ss;
	int len;

	/*
	 * spec getsockname: WSAEFAULT when name or namelen is not valid or
	 * namelen is too small; Wine test_getsockname: namelen one byte short
	 * fails and is left unchanged.
	 */
	len = ws_addrlen(variant->af) - 1;
	ASSERT_WSAFAIL(WSAEFAULT, getsockname(self->listener, (struct sockaddr *)&ss, &len));
	ASSERT_EQ(ws_addrlen(variant->af) - 1, len);

	len = sizeof(ss);
	ASSERT_WSAFAIL(WSAEFAULT, getsockname(self->listener, NULL, &len));
	ASSERT_WSAFAIL(WSAEFAULT, getsockname(self->listener, (struct sockaddr *)&ss, NULL));
}

TEST_F(stream, getpeername_not_connected)
{
	struct sockaddr_storage ss;
	int len = sizeof(ss);

	/* spec getpeername: WSAENOTCONN "The socket is not connected" */
	ASSERT_WSAFAIL(WSAENOTCONN, getpeername(self->client, (struct sockaddr *)&ss, &len));
	len = sizeof(ss);
	ASSERT_WSAFAIL(WSAENOTCONN, getpeername(self->listener, (struct sockaddr *)&ss, &len));
}

TEST_F(stream, getpeername_bad_buffers)
{
	struct sockaddr_storage ss;
	int len;

	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * spec getpeername: WSAEFAULT for an invalid name/namelen or a namelen
	 * too small; Wine test_getpeername: NULL/NULL, and a zero namelen
	 * which is left unchanged.
	 */
	ASSERT_WSAFAIL(WSAEFAULT, getpeername(self->client, NULL, NULL));
	len = 0;
	ASSERT_WSAFAIL(WSAEFAULT, getpeername(self->client, (struct sockaddr *)&ss, &len));
	ASSERT_EQ(0, len);
	len = ws_addrlen(variant->af) - 1;
	ASSERT_WSAFAIL(WSAEFAULT, getpeername(self->client, (struct sockaddr *)&ss, &len));
}

TEST_F(stream, accept_bad_addrlen)
{
	struct sockaddr_storage ss;
	int len = 0;

	stream_connect_to(_metadata, variant, self->client, &self->laddr, self->laddrlen);
	ASSERT_EQ(WS_READ, ws_wait(self->listener, WS_READ, WAIT_MS));
	/*
	 * spec accept: WSAEFAULT "The addrlen argument is too small";
	 * Wine test_accept: a zero addrlen fails and stays zero.
	 */
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT, accept(self->listener, (struct sockaddr *)&ss, &len));
	ASSERT_EQ(0, len);
	len = ws_addrlen(variant->af) - 1;
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT, accept(self->listener, (struct sockaddr *)&ss, &len));
}

TEST_F(stream, accept_without_addrlen)
{
	struct sockaddr_storage ss, before;

	stream_connect_to(_metadata, variant, self->client, &self->laddr, self->laddrlen);
	ASSERT_EQ(WS_READ, ws_wait(self->listener, WS_READ, WAIT_MS));
	/*
	 * spec accept: with addr or addrlen NULL "no information about the
	 * remote address ... is returned"; Wine test_accept: addr untouched.
	 */
	memset(&ss, POISON_BYTE, sizeof(ss));
	before = ss;
	self->server = accept(self->listener, (struct sockaddr *)&ss, NULL);
	ASSERT_NE(INVALID_SOCKET, self->server) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(0, memcmp(&before, &ss, sizeof(ss)));
}

TEST_F(stream, accept_not_listening)
{
	struct sockaddr_storage ss;
	int len;
	SOCKET s = ws_bound(_metadata, variant->af, SOCK_STREAM, &ss, &len);

	if (variant->nonblocking)
		ASSERT_EQ(0, ws_set_nonblocking(s, true));
	/* spec accept: WSAEINVAL "listen was not invoked prior to accept" */
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, accept(s, NULL, NULL));
	closesocket(s);
}

TEST_F(stream, listen_readiness)
{
	/* Wine test_select: with nothing pending, select on a listener returns 0 */
	ASSERT_EQ(0, ws_wait(self->listener, WS_READ | WS_WRITE | WS_EXCEPT, QUIET_MS));
	/* spec accept: nonblocking with no pending connection: WSAEWOULDBLOCK */
	if (variant->nonblocking)
		ASSERT_WSAFAIL_SOCKET(WSAEWOULDBLOCK, accept(self->listener, NULL, NULL));

	stream_connect_to(_metadata, variant, self->client, &self->laddr, self->laddrlen);
	/*
	 * spec select: "If listening, a connection is pending, accept will
	 * succeed" in readfds; Wine test_select: only readfds is set.
	 */
	ASSERT_EQ(WS_READ, ws_wait(self->listener, WS_READ | WS_WRITE | WS_EXCEPT, WAIT_MS));
	self->server = accept(self->listener, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, self->server);
}

TEST_F(stream, accept_inherits_mode)
{
	char c;

	/* Give the listener a receive timeout, then accept. */
	ASSERT_EQ(0, ws_set_int(self->listener, SOL_SOCKET, SO_RCVTIMEO, 200));
	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * spec accept: the new socket "has the same properties as s"; Wine
	 * test_accept_inheritance: SO_RCVTIMEO among them. So the accepted
	 * socket is nonblocking if the listener was, else it blocks in recv
	 * for the inherited timeout and fails with WSAETIMEDOUT.
	 */
	if (variant->nonblocking)
		ASSERT_WSAFAIL(WSAEWOULDBLOCK, recv(self->server, &c, 1, 0));
	else
		ASSERT_WSAFAIL(WSAETIMEDOUT, recv(self->server, &c, 1, 0));
}

TEST_F(stream, accept_inherits_options)
{
	static const struct { int level, name, value; } opts[] = {
		{ SOL_SOCKET, SO_SNDBUF, 0x123 },
		{ SOL_SOCKET, SO_RCVBUF, 0x123 },
		{ SOL_SOCKET, SO_SNDTIMEO, 0x123 },
		{ SOL_SOCKET, SO_RCVTIMEO, 0x123 },
	};
	static const struct { int level, name; } bools[] = {
		{ SOL_SOCKET, SO_REUSEADDR },
		{ SOL_SOCKET, SO_KEEPALIVE },
		{ SOL_SOCKET, SO_OOBINLINE },
		{ IPPROTO_TCP, TCP_NODELAY },
	};
	struct linger lg = { .l_onoff = 1, .l_linger = 555 };
	struct sockaddr_storage ss;
	int len, i;
	SOCKET l, c, s;

	/*
	 * Wine test_accept_inheritance: these options, set on the listener
	 * before bind and listen, are what accept()'s socket reports.
	 */
	l = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, l);
	for (i = 0; i < (int)(sizeof(opts) / sizeof(opts[0])); i++)
		ASSERT_EQ(0, ws_set_int(l, opts[i].level, opts[i].name, opts[i].value));
	for (i = 0; i < (int)(sizeof(bools) / sizeof(bools[0])); i++)
		ASSERT_EQ(0, ws_set_int(l, bools[i].level, bools[i].name, 1));
	ASSERT_EQ(0, setsockopt(l, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg)));
	len = ws_loopback(variant->af, 0, &ss);
	ASSERT_EQ(0, bind(l, (struct sockaddr *)&ss, len));
	len = sizeof(ss);
	ASSERT_EQ(0, getsockname(l, (struct sockaddr *)&ss, &len));
	ASSERT_EQ(0, listen(l, 1));
	c = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, c);
	ASSERT_EQ(0, connect(c, (struct sockaddr *)&ss, len));
	ASSERT_EQ(WS_READ, ws_wait(l, WS_READ, WAIT_MS));
	s = accept(l, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, s);

	for (i = 0; i < (int)(sizeof(opts) / sizeof(opts[0])); i++)
		EXPECT_EQ(opts[i].value, ws_get_int(_metadata, s, opts[i].level, opts[i].name))
			TH_LOG("option %#x", opts[i].name);
	for (i = 0; i < (int)(sizeof(bools) / sizeof(bools[0])); i++)
		EXPECT_EQ(1, ws_get_bool(_metadata, s, bools[i].level, bools[i].name))
			TH_LOG("option %#x", bools[i].name);
	memset(&lg, POISON_BYTE, sizeof(lg));
	len = sizeof(lg);
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&lg, &len));
	EXPECT_NE(0, lg.l_onoff);
	EXPECT_EQ(555, lg.l_linger);
	closesocket(s);
	closesocket(c);
	closesocket(l);
}

TEST_F(stream, connected_state)
{
	int err;

	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * spec select: writability "means that a send ... [is] guaranteed to
	 * succeed"; Wine test_select: both connected ends are writable only,
	 * and SO_ERROR reads 0 on the connector.
	 */
	ASSERT_EQ(WS_WRITE, ws_wait(self->client, WS_READ | WS_WRITE | WS_EXCEPT, WAIT_MS));
	ASSERT_EQ(WS_WRITE, ws_wait(self->server, WS_READ | WS_WRITE | WS_EXCEPT, WAIT_MS));
	err = ws_get_int(_metadata, self->client, SOL_SOCKET, SO_ERROR);
	ASSERT_EQ(0, err);
}

TEST_F(stream, connect_refused)
{
	int ret;

	/* Nothing listens on the listener's address once it is closed. */
	ASSERT_EQ(0, closesocket(self->listener));
	self->listener = INVALID_SOCKET;

	WSASetLastError(POISON_ERR);
	ret = connect(self->client, (struct sockaddr *)&self->laddr, self->laddrlen);
	ASSERT_EQ(SOCKET_ERROR, ret);
	if (variant->nonblocking) {
		int err;

		/*
		 * spec connect: WSAEWOULDBLOCK first; spec select: "If
		 * connecting (nonblocking), connection attempt failed" in
		 * exceptfds. Wine test_select: exceptfds alone is set, and
		 * SO_ERROR reads WSAECONNREFUSED, twice: Windows does not clear
		 * it, and select keeps reporting the failure.
		 */
		ASSERT_EQ(WSAEWOULDBLOCK, WSAGetLastError());
		ASSERT_EQ(WS_EXCEPT, ws_wait(self->client, WS_READ | WS_WRITE | WS_EXCEPT,
					     WAIT_MS));
		err = ws_get_int(_metadata, self->client, SOL_SOCKET, SO_ERROR);
		ASSERT_EQ(WSAECONNREFUSED, err);
		err = ws_get_int(_metadata, self->client, SOL_SOCKET, SO_ERROR);
		ASSERT_EQ(WSAECONNREFUSED, err);
		ASSERT_EQ(WS_EXCEPT, ws_wait(self->client, WS_READ | WS_WRITE | WS_EXCEPT, 0));
	} else {
		int err;

		/*
		 * spec connect: WSAECONNREFUSED "The attempt to connect was
		 * forcefully rejected". Wine test_errors: the socket is then not
		 * writable; Wine test_select ("polling after a (synchronous)
		 * failure"): select reports it in exceptfds, and SO_ERROR reads 0
		 * since connect() itself returned the error.
		 */
		ASSERT_EQ(WSAECONNREFUSED, WSAGetLastError());
		ASSERT_EQ(WS_EXCEPT, ws_wait(self->client, WS_READ | WS_WRITE | WS_EXCEPT,
					     WAIT_MS));
		err = ws_get_int(_metadata, self->client, SOL_SOCKET, SO_ERROR);
		ASSERT_EQ(0, err);
	}
}

TEST_F(stream, connect_again_after_refused)
{
	struct sockaddr_storage dead;
	int deadlen = ws_loopback(variant->af,
				  ws_free_port(_metadata, variant->af, SOCK_STREAM), &dead);
	u_long one = 1;
	int ret;

	WSASetLastError(POISON_ERR);
	ret = connect(self->client, (struct sockaddr *)&dead, deadlen);
	ASSERT_EQ(SOCKET_ERROR, ret);
	if (variant->nonblocking) {
		ASSERT_EQ(WSAEWOULDBLOCK, WSAGetLastError());
		ASSERT_EQ(WS_EXCEPT, ws_wait(self->client, WS_READ | WS_WRITE | WS_EXCEPT,
					     WAIT_MS));
		ASSERT_EQ(WSAECONNREFUSED,
			  ws_get_int(_metadata, self->client, SOL_SOCKET, SO_ERROR));
		/*
		 * Wine test_select: "Calling connect() doesn't reset the socket
		 * error, but a successful connection does": another attempt
		 * starts (WSAEWOULDBLOCK), SO_ERROR still reads WSAECONNREFUSED
		 * meanwhile, and the new failure is in exceptfds.
		 */
		WSASetLastError(POISON_ERR);
		ASSERT_EQ(SOCKET_ERROR, connect(self->client, (struct sockaddr *)&dead, deadlen));
		ASSERT_EQ(WSAEWOULDBLOCK, WSAGetLastError());
		ASSERT_EQ(WSAECONNREFUSED,
			  ws_get_int(_metadata, self->client, SOL_SOCKET, SO_ERROR));
		ASSERT_EQ(WS_EXCEPT, ws_wait(self->client, WS_READ | WS_WRITE | WS_EXCEPT,
					     WAIT_MS));
	} else {
		/*
		 * Wine test_connect, "connect after previous connect attempt
		 * failure": refused, then nonblocking, then connected.
		 */
		ASSERT_EQ(WSAECONNREFUSED, WSAGetLastError());
		ASSERT_EQ(0, ioctlsocket(self->client, FIONBIO, &one));
	}
	/* A connect to the listener: WSAEWOULDBLOCK, writable, SO_ERROR 0. */
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(SOCKET_ERROR, connect(self->client, (struct sockaddr *)&self->laddr,
					self->laddrlen));
	ASSERT_EQ(WSAEWOULDBLOCK, WSAGetLastError());
	ASSERT_EQ(WS_WRITE, ws_wait(self->client, WS_READ | WS_WRITE | WS_EXCEPT, WAIT_MS));
	ASSERT_EQ(0, ws_get_int(_metadata, self->client, SOL_SOCKET, SO_ERROR));
	ASSERT_EQ(WS_READ, ws_wait(self->listener, WS_READ, WAIT_MS));
	self->server = accept(self->listener, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, self->server) TH_LOG("accept: error %d", WSAGetLastError());
}

TEST_F(stream, listen_after_refused)
{
	struct sockaddr_storage dead, me;
	int deadlen = ws_loopback(variant->af,
				  ws_free_port(_metadata, variant->af, SOCK_STREAM), &dead);
	int melen = ws_loopback(variant->af, 0, &me);
	long end;
	SOCKET c;

	if (!variant->nonblocking)
		SKIP(return, "Wine test_select makes the attempt nonblocking");
	ASSERT_EQ(0, bind(self->client, (struct sockaddr *)&me, melen));
	melen = sizeof(me);
	ASSERT_EQ(0, getsockname(self->client, (struct sockaddr *)&me, &melen));
	ASSERT_EQ(SOCKET_ERROR, connect(self->client, (struct sockaddr *)&dead, deadlen));
	ASSERT_EQ(WS_EXCEPT, ws_wait(self->client, WS_EXCEPT, WAIT_MS));
	/*
	 * Wine test_select, "Test listening after a failed connection"
	 * (todo_wine: Wine cannot, "Linux seems to forbid this"): the socket
	 * listens and accepts; SO_ERROR still reads WSAECONNREFUSED and select
	 * still reports it in exceptfds.
	 */
	ASSERT_EQ(0, listen(self->client, 1)) TH_LOG("listen: error %d", WSAGetLastError());
	c = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, c);
	ASSERT_EQ(0, connect(c, (struct sockaddr *)&me, melen))
		TH_LOG("connect: error %d", WSAGetLastError());
	/* (select would report exceptfds, below: accept until it takes it) */
	end = ws_now_ms() + WAIT_MS;
	do {
		self->server = accept(self->client, NULL, NULL);
		if (self->server != INVALID_SOCKET || WSAGetLastError() != WSAEWOULDBLOCK)
			break;
		ws_sleep_ms(10);
	} while (ws_now_ms() < end);
	ASSERT_NE(INVALID_SOCKET, self->server) TH_LOG("accept: error %d", WSAGetLastError());
	ASSERT_EQ(WSAECONNREFUSED, ws_get_int(_metadata, self->client, SOL_SOCKET, SO_ERROR));
	ASSERT_EQ(WS_EXCEPT, ws_wait(self->client, WS_READ | WS_WRITE | WS_EXCEPT, 0));
	closesocket(c);
}

TEST_F(stream, connect_connected)
{
	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * spec connect: "Any attempt to re-connect an active connection will
	 * fail with the error code WSAEISCONN"; Wine test_connect: on both the
	 * connecting and the accepted end.
	 */
	ASSERT_WSAFAIL(WSAEISCONN, connect(self->client, (struct sockaddr *)&self->laddr,
					   self->laddrlen));
	ASSERT_WSAFAIL(WSAEISCONN, connect(self->server, (struct sockaddr *)&self->laddr,
					   self->laddrlen));
}

TEST_F(stream, connect_listening)
{
	/* spec connect: WSAEINVAL "The parameter s is a listening socket"; Wine test_connect */
	ASSERT_WSAFAIL(WSAEINVAL, connect(self->listener, (struct sockaddr *)&self->laddr,
					  self->laddrlen));
}

TEST_F(stream, connect_zero_address)
{
	struct sockaddr_storage ss;
	int len = ws_sockaddr(variant->af, false, ws_port(&self->laddr), &ss);

	/*
	 * spec connect: "If the address field of the name structure is all
	 * zeroes, connect will return the error WSAEADDRNOTAVAIL."
	 */
	ASSERT_WSAFAIL(WSAEADDRNOTAVAIL, connect(self->client, (struct sockaddr *)&ss, len));
}

TEST_F(stream, connect_bad_name)
{
	struct sockaddr_storage ss;
	int len;

	/* spec connect: WSAEFAULT for a namelen too small or an invalid name */
	ASSERT_WSAFAIL(WSAEFAULT, connect(self->client, (struct sockaddr *)&self->laddr,
					  self->laddrlen - 1));
	ASSERT_WSAFAIL(WSAEFAULT, connect(self->client, NULL, self->laddrlen));
	/*
	 * spec connect: WSAEAFNOSUPPORT "Addresses in the specified family
	 * cannot be used with this socket".
	 */
	len = ws_loopback(ws_other_af(variant->af), ws_port(&self->laddr), &ss);
	if (len < self->laddrlen)	/* keep the length valid for this socket */
		len = self->laddrlen;
	ASSERT_WSAFAIL(WSAEAFNOSUPPORT, connect(self->client, (struct sockaddr *)&ss, len));
}

TEST_F(stream, bind_twice)
{
	struct sockaddr_storage ss;
	int len = ws_loopback(variant->af, 0, &ss);

	ASSERT_EQ(0, bind(self->client, (struct sockaddr *)&ss, len));
	/* spec bind: WSAEINVAL "The socket is already bound"; Wine test_bind */
	ASSERT_WSAFAIL(WSAEINVAL, bind(self->client, (struct sockaddr *)&ss, len));
}

TEST_F(stream, bind_in_use)
{
	/*
	 * spec bind: WSAEADDRINUSE "The specified address is already in use";
	 * Wine test_bind, test_listen: the port of another bound socket.
	 */
	ASSERT_WSAFAIL(WSAEADDRINUSE, bind(self->client, (struct sockaddr *)&self->laddr,
					   self->laddrlen));
}

TEST_F(stream, bind_bad_name)
{
	struct sockaddr_storage ss;
	int len = ws_loopback(variant->af, 0, &ss);

	/*
	 * spec bind: WSAEFAULT for an invalid name or a namelen too small;
	 * Wine test_bind: NULL with or without a length, zero length, one byte
	 * short.
	 */
	ASSERT_WSAFAIL(WSAEFAULT, bind(self->client, NULL, 0));
	ASSERT_WSAFAIL(WSAEFAULT, bind(self->client, NULL, len));
	ASSERT_WSAFAIL(WSAEFAULT, bind(self->client, (struct sockaddr *)&ss, 0));
	ASSERT_WSAFAIL(WSAEFAULT, bind(self->client, (struct sockaddr *)&ss, len - 1));
	/* Wine test_bind: an unknown family gives WSAEAFNOSUPPORT */
	ss.ss_family = 0xdead;
	ASSERT_WSAFAIL(WSAEAFNOSUPPORT, bind(self->client, (struct sockaddr *)&ss, len));
	/* none of these bound the socket (spec getsockname) */
	len = sizeof(ss);
	ASSERT_WSAFAIL(WSAEINVAL, getsockname(self->client, (struct sockaddr *)&ss, &len));
}

TEST_F(stream, bind_unavailable_address)
{
	struct sockaddr_storage ss;
	int len = ws_loopback(variant->af, 0, &ss);

	/*
	 * Wine test_bind: an address of no local interface (192.0.2.0,
	 * TEST-NET-1) gives WSAEADDRNOTAVAIL; the same for 2001:db8::1 (the
	 * IPv6 documentation prefix).
	 */
	if (variant->af == AF_INET) {
		((struct sockaddr_in *)&ss)->sin_addr.s_addr = htonl(0xc0000200);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_addr.s6_addr[0] = 0x20;
		sin6->sin6_addr.s6_addr[1] = 0x01;
		sin6->sin6_addr.s6_addr[2] = 0x0d;
		sin6->sin6_addr.s6_addr[3] = 0xb8;
	}
	ASSERT_WSAFAIL(WSAEADDRNOTAVAIL, bind(self->client, (struct sockaddr *)&ss, len));
}

/*
 * A link-local address of this host from /proc/net/if_inet6 (scope 0x20),
 * and its interface's index; false if there is none.
 */
static bool stream_link_local(struct in6_addr *addr, unsigned int *ifindex)
{
	unsigned int idx, plen, scope, flags, i, byte;
	char hex[33], name[32];
	bool found = false;
	FILE *f = fopen("/proc/net/if_inet6", "re");

	if (!f)
		return false;
	while (!found && fscanf(f, "%32s %x %x %x %x %31s", hex, &idx, &plen, &scope,
				&flags, name) == 6) {
		if (scope != 0x20)
			continue;
		for (i = 0; i < 16; i++) {
			sscanf(hex + 2 * i, "%2x", &byte);
			addr->s6_addr[i] = byte;
		}
		*ifindex = idx;
		found = true;
	}
	fclose(f);
	return found;
}

/* One rtnetlink request on @fd, acknowledged: 0 or the kernel's -errno. */
static int stream_nl(int fd, int type, int flags, const void *hdr, int hlen,
		     const void *addr, int alen)
{
	struct {
		struct nlmsghdr n;
		char buf[256];
	} r = { .n = { .nlmsg_type = type,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags } };
	char buf[1024];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct rtattr *rta;
	int i;

	r.n.nlmsg_len = NLMSG_LENGTH(hlen);
	memcpy(NLMSG_DATA(&r.n), hdr, hlen);
	for (i = 0; addr && i < 2; i++) {	/* IFA_LOCAL and IFA_ADDRESS */
		rta = (struct rtattr *)((char *)&r.n + NLMSG_ALIGN(r.n.nlmsg_len));
		rta->rta_type = i ? IFA_ADDRESS : IFA_LOCAL;
		rta->rta_len = RTA_LENGTH(alen);
		memcpy(RTA_DATA(rta), addr, alen);
		r.n.nlmsg_len = NLMSG_ALIGN(r.n.nlmsg_len) + RTA_ALIGN(rta->rta_len);
	}
	if (syscall(SYS_sendto, fd, &r.n, r.n.nlmsg_len, 0, NULL, 0) < 0)
		return -errno;
	if (read(fd, buf, sizeof(buf)) < (ssize_t)sizeof(*h) + (ssize_t)sizeof(int) ||
	    h->nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
}

/*
 * As root, a network namespace of the test's own whose loopback interface
 * (index 1) is up with fe80::1/64, so that a link-local address exists.
 */
static bool stream_make_link_local(void)
{
	static const unsigned char ll[16] = { 0xfe, 0x80, [15] = 1 };
	struct ifinfomsg ifi = { .ifi_index = 1, .ifi_flags = IFF_UP, .ifi_change = IFF_UP };
	struct ifaddrmsg ifa = { .ifa_family = 10 /* Linux AF_INET6 */, .ifa_prefixlen = 64,
				 .ifa_flags = IFA_F_NODAD, .ifa_index = 1 };
	int fd, err;

	if (geteuid() || unshare(CLONE_NEWNET))
		return false;
	fd = syscall(SYS_socket, 16 /* AF_NETLINK */, 3 /* SOCK_RAW */, NETLINK_ROUTE);
	if (fd < 0)
		return false;
	err = stream_nl(fd, RTM_NEWLINK, 0, &ifi, sizeof(ifi), NULL, 0) ||
	      stream_nl(fd, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof(ifa),
			ll, sizeof(ll));
	close(fd);
	return !err;
}

TEST_F(stream, bind_scope_id)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss, got;
	unsigned int ifindex;
	SOCKET s;
	int len;

	if (variant->af != AF_INET6)
		SKIP(return, "IPv6 scope ids");
	len = ws_loopback(AF_INET6, 0, &ss);
	/*
	 * Wine test_bind: a local address with a scope id that is not its
	 * interface's (0xabacab) gives WSAEADDRNOTAVAIL, also for an address
	 * that has no scope (todo_wine there: Linux ignores the scope id).
	 */
	sin6->sin6_scope_id = 0xabacab;
	ASSERT_WSAFAIL(WSAEADDRNOTAVAIL, bind(self->client, (struct sockaddr *)sin6, len));
	/* Wine test_bind: the socket is not bound; without the scope id it binds */
	sin6->sin6_scope_id = 0;
	ASSERT_EQ(0, bind(self->client, (struct sockaddr *)sin6, len));
	/*
	 * Wine test_bind: a SOCKADDR_IN6_OLD's length (24) is too short for
	 * getsockname, as for bind (WSAEFAULT).
	 */
	len = 24;
	ASSERT_WSAFAIL(WSAEFAULT, getsockname(self->client, (struct sockaddr *)&got, &len));
	ASSERT_EQ(24, len);

	/*
	 * Wine test_bind: an address of no local interface is WSAEADDRNOTAVAIL;
	 * so is a link-local one (fe80::5ca1:ab1e), with a scope id that names
	 * no interface (Linux: ENODEV) or none (Linux: EINVAL).
	 */
	s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s);
	len = ws_loopback(AF_INET6, 0, &ss);
	ASSERT_WSAFAIL(WSAEFAULT, bind(s, (struct sockaddr *)sin6, 24));
	memset(&sin6->sin6_addr, 0, sizeof(sin6->sin6_addr));
	sin6->sin6_addr.s6_addr[0] = 0xfe;
	sin6->sin6_addr.s6_addr[1] = 0x80;
	sin6->sin6_addr.s6_addr[12] = 0x5c;
	sin6->sin6_addr.s6_addr[13] = 0xa1;
	sin6->sin6_addr.s6_addr[14] = 0xab;
	sin6->sin6_addr.s6_addr[15] = 0x1e;
	sin6->sin6_scope_id = 0xabacab;
	ASSERT_WSAFAIL(WSAEADDRNOTAVAIL, bind(s, (struct sockaddr *)sin6, len));
	sin6->sin6_scope_id = 0;
	ASSERT_WSAFAIL(WSAEADDRNOTAVAIL, bind(s, (struct sockaddr *)sin6, len));

	/*
	 * Wine test_bind, for each link-local address of the host: a wrong
	 * scope id fails with WSAEADDRNOTAVAIL; without one, the address binds
	 * and getsockname gives the address with its interface's scope id.
	 */
	closesocket(s);
	if (!stream_link_local(&sin6->sin6_addr, &ifindex) &&
	    (!stream_make_link_local() || !stream_link_local(&sin6->sin6_addr, &ifindex)))
		SKIP(return, "no link-local address, and none could be made");
	s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s);
	sin6->sin6_scope_id = 0xabacab;
	ASSERT_WSAFAIL(WSAEADDRNOTAVAIL, bind(s, (struct sockaddr *)sin6, len));
	sin6->sin6_scope_id = 0;
	ASSERT_EQ(0, bind(s, (struct sockaddr *)sin6, len)) TH_LOG("error %d", WSAGetLastError());
	memset(&got, 0, sizeof(got));
	len = sizeof(got);
	ASSERT_EQ(0, getsockname(s, (struct sockaddr *)&got, &len));
	ASSERT_EQ(AF_INET6, got.sin6_family);
	ASSERT_NE(0, got.sin6_port);
	ASSERT_EQ(0, memcmp(&got.sin6_addr, &sin6->sin6_addr, sizeof(got.sin6_addr)));
	ASSERT_EQ(ifindex, got.sin6_scope_id);
	closesocket(s);
}

TEST_F(stream, listen_unbound)
{
	/* spec listen: WSAEINVAL "The socket has not been bound with bind"; Wine test_listen */
	ASSERT_WSAFAIL(WSAEINVAL, listen(self->client, 1));
}

TEST_F(stream, listen_twice)
{
	/*
	 * spec listen: "An application can call listen more than once on the
	 * same socket"; Wine test_listen.
	 */
	ASSERT_EQ(0, listen(self->listener, SOMAXCONN));
	ASSERT_EQ(1, ws_get_bool(_metadata, self->listener, SOL_SOCKET, SO_ACCEPTCONN));
}

TEST_F(stream, listen_connected)
{
	stream_connect(_metadata, self, variant, NULL, NULL);
	/* spec listen: WSAEISCONN "The socket is already connected" */
	ASSERT_WSAFAIL(WSAEISCONN, listen(self->client, 1));
}

TEST_F(stream, recv_not_connected)
{
	char c;

	/* Guard: a buggy blocking recv fails with WSAETIMEDOUT instead of hanging. */
	ASSERT_EQ(0, ws_set_int(self->client, SOL_SOCKET, SO_RCVTIMEO, WAIT_MS));
	/* spec recv: WSAENOTCONN "The socket is not connected" */
	ASSERT_WSAFAIL(WSAENOTCONN, recv(self->client, &c, 1, 0));
}

TEST_F(stream, send_not_connected)
{
	/* spec send: WSAENOTCONN "The socket is not connected" */
	ASSERT_WSAFAIL(WSAENOTCONN, send(self->client, "x", 1, 0));
}

TEST_F(stream, recv_no_data)
{
	char c;

	stream_connect(_metadata, self, variant, NULL, NULL);
	if (variant->nonblocking) {
		/*
		 * spec recv: nonblocking with no data: SOCKET_ERROR and
		 * WSAEWOULDBLOCK; Wine test_nonblocking_async_recv.
		 */
		ASSERT_WSAFAIL(WSAEWOULDBLOCK, recv(self->server, &c, 1, 0));
	}
	/* spec select: readability means queued data (or a close); there is none */
	ASSERT_EQ(0, ws_wait(self->server, WS_READ, QUIET_MS));
}

TEST_F(stream, rcvtimeo)
{
	long t0, elapsed;
	char c;

	stream_connect(_metadata, self, variant, NULL, NULL);
	ASSERT_EQ(0, ws_set_int(self->server, SOL_SOCKET, SO_RCVTIMEO, 200));
	t0 = ws_now_ms();
	if (variant->nonblocking) {
		/* spec recv: a nonblocking socket does not wait: WSAEWOULDBLOCK */
		ASSERT_WSAFAIL(WSAEWOULDBLOCK, recv(self->server, &c, 1, 0));
	} else {
		/*
		 * Wine test_timeout: SO_RCVTIMEO is in milliseconds and a
		 * blocking recv that times out fails with WSAETIMEDOUT.
		 */
		ASSERT_WSAFAIL(WSAETIMEDOUT, recv(self->server, &c, 1, 0));
		elapsed = ws_now_ms() - t0;
		ASSERT_GE(elapsed, 180) TH_LOG("timed out after %ld ms", elapsed);
		ASSERT_LT(elapsed, WAIT_MS);
	}
}

/* A thread waiting in recv (blocking) or select+recv (nonblocking). */
struct waiter {
	SOCKET s;
	bool nonblocking;
	volatile int started, done;
	int ret, err;
	char buf[8];
};

static void *waiter_fn(void *arg)
{
	struct waiter *w = arg;

	__atomic_store_n(&w->started, 1, __ATOMIC_SEQ_CST);
	if (w->nonblocking && ws_wait(w->s, WS_READ, WAIT_MS) != WS_READ) {
		w->ret = -2;
	} else {
		w->ret = recv(w->s, w->buf, sizeof(w->buf), 0);
		w->err = WSAGetLastError();
	}
	__atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

TEST_F(stream, waiter_woken_by_data)
{
	struct waiter w = { .nonblocking = variant->nonblocking };
	pthread_t th;
	long deadline;

	stream_connect(_metadata, self, variant, NULL, NULL);
	w.s = self->server;
	ASSERT_EQ(0, pthread_create(&th, NULL, waiter_fn, &w));
	deadline = ws_now_ms() + WAIT_MS;
	while (!__atomic_load_n(&w.started, __ATOMIC_SEQ_CST) && ws_now_ms() < deadline)
		ws_sleep_ms(1);
	ASSERT_TRUE(w.started);
	/* spec recv/select: with no data the waiter must stay blocked */
	ws_sleep_ms(QUIET_MS);
	ASSERT_FALSE(__atomic_load_n(&w.done, __ATOMIC_SEQ_CST));

	ASSERT_EQ(4, send(self->client, "wake", 4, 0));
	deadline = ws_now_ms() + WAIT_MS;
	while (!__atomic_load_n(&w.done, __ATOMIC_SEQ_CST) && ws_now_ms() < deadline)
		ws_sleep_ms(1);
	ASSERT_TRUE(w.done) TH_LOG("the waiter was not woken by data");
	ASSERT_EQ(0, pthread_join(th, NULL));
	ASSERT_EQ(4, w.ret) TH_LOG("recv: error %d", w.err);
	ASSERT_EQ(0, memcmp(w.buf, "wake", 4));
}

TEST_F(stream, msg_peek)
{
	char buf[16];

	stream_connect(_metadata, self, variant, NULL, NULL);
	ws_send_all(_metadata, self->client, "abcdef", 6);
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	/*
	 * spec recv: MSG_PEEK "The data is copied into the buffer but is not
	 * removed from the input queue."
	 */
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(3, recv(self->server, buf, 3, MSG_PEEK));
	ASSERT_EQ(0, memcmp(buf, "abc", 3));
	ASSERT_EQ((char)POISON_BYTE, buf[3]);
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(6, recv(self->server, buf, sizeof(buf), MSG_PEEK));
	ASSERT_EQ(0, memcmp(buf, "abcdef", 6));
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(6, recv(self->server, buf, sizeof(buf), 0));
	ASSERT_EQ(0, memcmp(buf, "abcdef", 6));
	ASSERT_EQ(0, ws_wait(self->server, WS_READ, QUIET_MS));
}

TEST_F(stream, fionread)
{
	struct sockaddr_storage ss;
	u_long n;
	char buf[8];
	int len;
	SOCKET s;

	/* Wine test_fionread_siocatmark: 0 on a new socket and on a bound one */
	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->client, FIONREAD, &n));
	ASSERT_EQ(0, n);
	s = ws_bound(_metadata, variant->af, SOCK_STREAM, &ss, &len);
	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(s, FIONREAD, &n));
	ASSERT_EQ(0, n);
	ASSERT_EQ(0, closesocket(s));

	stream_connect(_metadata, self, variant, NULL, NULL);
	s = self->server;
	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(s, FIONREAD, &n));
	ASSERT_EQ(0, n);
	/*
	 * spec ioctlsocket FIONREAD: "the amount of data which can be read";
	 * Wine test_fionread_siocatmark: 5 after 5 bytes arrive, 2 after
	 * reading 3 of them.
	 */
	ws_send_all(_metadata, self->client, "data", 5);
	ASSERT_EQ(WS_READ, ws_wait(s, WS_READ, WAIT_MS));
	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(s, FIONREAD, &n));
	ASSERT_EQ(5, n);
	ASSERT_EQ(3, recv(s, buf, 3, 0));
	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(s, FIONREAD, &n));
	ASSERT_EQ(2, n);
	ASSERT_EQ(2, recv(s, buf, sizeof(buf), 0));
	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(s, FIONREAD, &n));
	ASSERT_EQ(0, n);
}

TEST_F(stream, fionbio)
{
	char c;

	stream_connect(_metadata, self, variant, NULL, NULL);
	ASSERT_EQ(0, ws_set_int(self->server, SOL_SOCKET, SO_RCVTIMEO, 200));
	/*
	 * spec ioctlsocket FIONBIO: nonzero enables nonblocking mode, zero
	 * disables it. Flip the mode the socket was accepted in, then flip it
	 * back: a nonblocking recv fails at once with WSAEWOULDBLOCK, a
	 * blocking one waits out SO_RCVTIMEO (Wine test_timeout).
	 */
	ASSERT_EQ(0, ws_set_nonblocking(self->server, !variant->nonblocking));
	ASSERT_WSAFAIL(variant->nonblocking ? WSAETIMEDOUT : WSAEWOULDBLOCK,
		       recv(self->server, &c, 1, 0));
	ASSERT_EQ(0, ws_set_nonblocking(self->server, variant->nonblocking));
	ASSERT_WSAFAIL(variant->nonblocking ? WSAEWOULDBLOCK : WSAETIMEDOUT,
		       recv(self->server, &c, 1, 0));
}

TEST_F(stream, ioctlsocket_bad_argp)
{
	/*
	 * spec ioctlsocket: WSAEFAULT "The argp argument is not a valid part
	 * of the user address space"; Wine test_fionread_siocatmark and
	 * test_fionbio (with a bad pointer).
	 */
	ASSERT_WSAFAIL(WSAEFAULT, ioctlsocket(self->client, FIONREAD, NULL));
	ASSERT_WSAFAIL(WSAEFAULT, ioctlsocket(self->client, FIONBIO, NULL));
	ASSERT_WSAFAIL(WSAEFAULT, ioctlsocket(self->client, SIOCATMARK, NULL));
}

TEST_F(stream, oob_except_and_siocatmark)
{
	u_long atmark, n;
	char buf[4];

	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * spec ioctlsocket SIOCATMARK: "If no out-of-band data is waiting to
	 * be read, the operation returns TRUE"; Wine test_fionread_siocatmark.
	 */
	atmark = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->server, SIOCATMARK, &atmark));
	ASSERT_EQ(TRUE, atmark);

	ASSERT_EQ(1, send(self->client, "a", 1, MSG_OOB));
	/*
	 * spec select: exceptfds reports "OOB data is available for reading
	 * (only if SO_OOBINLINE is disabled)"; Wine test_select: exceptfds
	 * only, since no normal data is queued.
	 */
	ASSERT_EQ(WS_EXCEPT, ws_wait(self->server, WS_READ | WS_EXCEPT, WAIT_MS));
	/* spec SIOCATMARK: FALSE while OOB data waits; Wine (todo_wine: Windows FALSE) */
	atmark = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->server, SIOCATMARK, &atmark));
	ASSERT_EQ(FALSE, atmark);
	/* Wine test_fionread_siocatmark: FIONREAD counts normal data only */
	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->server, FIONREAD, &n));
	ASSERT_EQ(0, n);
	/* spec "Out-Of-Band data": recv with MSG_OOB reads the urgent byte */
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(1, recv(self->server, buf, sizeof(buf), MSG_OOB));
	ASSERT_EQ('a', buf[0]);
	atmark = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->server, SIOCATMARK, &atmark));
	ASSERT_EQ(TRUE, atmark);
	ASSERT_EQ(0, ws_wait(self->server, WS_READ | WS_EXCEPT, QUIET_MS));
}

TEST_F(stream, oob_not_mixed_with_normal_data)
{
	char buf[16];
	long deadline = ws_now_ms() + WAIT_MS;

	stream_connect(_metadata, self, variant, NULL, NULL);
	ws_send_all(_metadata, self->client, "abc", 3);
	ASSERT_EQ(1, send(self->client, "d", 1, MSG_OOB));
	while (!(ws_wait(self->server, WS_EXCEPT, 10) & WS_EXCEPT) && ws_now_ms() < deadline)
		;
	ASSERT_EQ(WS_READ | WS_EXCEPT, ws_wait(self->server, WS_READ | WS_EXCEPT, 0));
	/*
	 * spec "Out-Of-Band data", SO_OOBINLINE disabled: "The OOB data block
	 * will not appear in the data stream with normal data"; "a recv or
	 * recvfrom will never mix out-of-band and normal data in the same
	 * call".
	 */
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(3, recv(self->server, buf, sizeof(buf), 0));
	ASSERT_EQ(0, memcmp(buf, "abc", 3));
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(1, recv(self->server, buf, sizeof(buf), MSG_OOB));
	ASSERT_EQ('d', buf[0]);
	ASSERT_EQ(0, ws_wait(self->server, WS_READ | WS_EXCEPT, QUIET_MS));
}

TEST_F(stream, oob_inline)
{
	u_long atmark, n;
	char buf[4];

	stream_connect(_metadata, self, variant, NULL, NULL);
	ASSERT_EQ(0, ws_set_int(self->server, SOL_SOCKET, SO_OOBINLINE, 1));
	ASSERT_EQ(1, send(self->client, "A", 1, MSG_OOB));
	/*
	 * spec "Out-Of-Band data", SO_OOBINLINE enabled: OOB data is
	 * "indicated by setting the socket in readfds"; Wine test_select:
	 * readfds only.
	 */
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ | WS_EXCEPT, WAIT_MS));
	/* Wine test_fionread_siocatmark: FIONREAD 1, SIOCATMARK FALSE (todo_wine) */
	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->server, FIONREAD, &n));
	ASSERT_EQ(1, n);
	atmark = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->server, SIOCATMARK, &atmark));
	ASSERT_EQ(FALSE, atmark);
	/*
	 * spec: "The application can not call recv with the MSG_OOB flag set
	 * ... The error code WSAEINVAL will be returned"; Wine test_select.
	 */
	ASSERT_WSAFAIL(WSAEINVAL, recv(self->server, buf, sizeof(buf), MSG_OOB));
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(1, recv(self->server, buf, sizeof(buf), 0));
	ASSERT_EQ('A', buf[0]);
	/* Wine test_fionread_siocatmark: then 0 and TRUE */
	n = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->server, FIONREAD, &n));
	ASSERT_EQ(0, n);
	atmark = 0xdeadbeef;
	ASSERT_EQ(0, ioctlsocket(self->server, SIOCATMARK, &atmark));
	ASSERT_EQ(TRUE, atmark);
}

TEST_F(stream, shutdown_send)
{
	char buf[8];

	stream_connect(_metadata, self, variant, NULL, NULL);
	/* Wine test_shutdown: SD_SEND twice succeeds */
	ASSERT_EQ(0, shutdown(self->client, SD_SEND));
	ASSERT_EQ(0, shutdown(self->client, SD_SEND));
	/* spec send: WSAESHUTDOWN after shutdown with SD_SEND; Wine test_shutdown */
	ASSERT_WSAFAIL(WSAESHUTDOWN, send(self->client, "test", 5, 0));
	/*
	 * spec shutdown: "For TCP sockets, a FIN will be sent"; spec recv: the
	 * peer's recv "will complete immediately with zero bytes received".
	 */
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	ASSERT_EQ(0, recv(self->server, buf, sizeof(buf), 0));
	ASSERT_EQ(0, recv(self->server, buf, sizeof(buf), 0));
	/* Wine test_shutdown: the other direction still works */
	ws_send_all(_metadata, self->server, "back", 5);
	memset(buf, POISON_BYTE, sizeof(buf));
	ws_recv_exact(_metadata, self->client, buf, 5);
	ASSERT_STREQ("back", buf);
}

TEST_F(stream, shutdown_receive)
{
	struct sockaddr_storage ss;
	char buf[8];
	int len;

	stream_connect(_metadata, self, variant, NULL, NULL);
	ASSERT_EQ(0, shutdown(self->server, SD_RECEIVE));
	/*
	 * spec recv: WSAESHUTDOWN "it is not possible to recv on a socket
	 * after shutdown has been invoked with how set to SD_RECEIVE"; Wine
	 * test_shutdown: every time.
	 */
	ASSERT_WSAFAIL(WSAESHUTDOWN, recv(self->server, buf, sizeof(buf), 0));
	ASSERT_WSAFAIL(WSAESHUTDOWN, recv(self->server, buf, sizeof(buf), 0));
	/* Wine test_shutdown: sending still works and the names remain */
	ws_send_all(_metadata, self->server, "test", 5);
	memset(buf, POISON_BYTE, sizeof(buf));
	ws_recv_exact(_metadata, self->client, buf, 5);
	ASSERT_STREQ("test", buf);
	len = sizeof(ss);
	ASSERT_EQ(0, getpeername(self->server, (struct sockaddr *)&ss, &len));
}

TEST_F(stream, shutdown_both)
{
	struct sockaddr_storage ss;
	char buf[8];
	int len;

	stream_connect(_metadata, self, variant, NULL, NULL);
	ASSERT_EQ(0, shutdown(self->client, SD_BOTH));
	/* spec send/recv: WSAESHUTDOWN after SD_BOTH; Wine test_shutdown */
	ASSERT_WSAFAIL(WSAESHUTDOWN, recv(self->client, buf, sizeof(buf), 0));
	ASSERT_WSAFAIL(WSAESHUTDOWN, send(self->client, "test", 5, 0));
	/* Wine test_shutdown: the peer reads the end of the stream */
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	ASSERT_EQ(0, recv(self->server, buf, sizeof(buf), 0));
	/* Wine test_shutdown: getpeername still works */
	memset(&ss, POISON_BYTE, sizeof(ss));
	len = sizeof(ss);
	ASSERT_EQ(0, getpeername(self->client, (struct sockaddr *)&ss, &len));
	ASSERT_TRUE(ws_same_addr(&self->laddr, &ss));
}

TEST_F(stream, shutdown_errors)
{
	/*
	 * spec shutdown: WSAENOTCONN "The socket is not connected
	 * (connection-oriented sockets only)"; Wine test_shutdown: for an
	 * unconnected socket and for a listening one.
	 */
	ASSERT_WSAFAIL(WSAENOTCONN, shutdown(self->client, SD_SEND));
	ASSERT_WSAFAIL(WSAENOTCONN, shutdown(self->client, SD_RECEIVE));
	ASSERT_WSAFAIL(WSAENOTCONN, shutdown(self->listener, SD_SEND));
	stream_connect(_metadata, self, variant, NULL, NULL);
	/* spec shutdown: WSAEINVAL "how is not valid"; Wine test_shutdown */
	ASSERT_WSAFAIL(WSAEINVAL, shutdown(self->client, 0xdeadbeef));
}

TEST_F(stream, peer_close)
{
	char buf[8];

	stream_connect(_metadata, self, variant, NULL, NULL);
	ASSERT_EQ(0, closesocket(self->client));
	self->client = INVALID_SOCKET;
	/*
	 * spec select: readfds reports "Connection has been closed"; spec
	 * recv: a gracefully closed connection reads zero bytes. Wine
	 * test_select.
	 */
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	ASSERT_EQ(0, recv(self->server, buf, sizeof(buf), 0));
	ASSERT_EQ(0, recv(self->server, buf, sizeof(buf), 0));
}

TEST_F(stream, linger_abortive_close)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	char buf[8];

	stream_connect(_metadata, self, variant, NULL, NULL);
	ASSERT_EQ(0, setsockopt(self->server, SOL_SOCKET, SO_LINGER, (const char *)&lg,
				sizeof(lg)));
	ASSERT_EQ(0, closesocket(self->server));
	self->server = INVALID_SOCKET;
	/*
	 * spec closesocket: with SO_LINGER on and a zero timeout the circuit
	 * is reset and "Any recv call on the remote side of the circuit will
	 * fail with WSAECONNRESET". Wine test_tcp_reset: select then reports
	 * readable and writable but not except, recv and send keep failing
	 * with WSAECONNRESET, and SO_ERROR reads 0.
	 */
	ASSERT_EQ(WS_READ, ws_wait(self->client, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL(WSAECONNRESET, recv(self->client, buf, sizeof(buf), 0));
	ASSERT_EQ(WS_READ | WS_WRITE, ws_wait(self->client, WS_READ | WS_WRITE | WS_EXCEPT, 0));
	ASSERT_EQ(0, ws_get_int(_metadata, self->client, SOL_SOCKET, SO_ERROR));
	ASSERT_WSAFAIL(WSAECONNRESET, recv(self->client, buf, sizeof(buf), 0));
	ASSERT_WSAFAIL(WSAECONNRESET, send(self->client, "data", 5, 0));
}

TEST_F_TIMEOUT(stream, linger_with_unsent_data, 60)
{
	static char chunk[16 * 1024];
	struct linger lg = { .l_onoff = 1 };
	int i, ret = 0, type;

	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * Fill the path: the server never reads, the client sends until it
	 * would block, and again after a pause, so that the server's receive
	 * window is closed too and the data left in the client cannot go out
	 * (a would-block alone can come from a small send buffer whose data
	 * is still being delivered).
	 */
	ASSERT_EQ(0, ws_set_int(self->client, SOL_SOCKET, SO_SNDBUF, 4096));
	ASSERT_EQ(0, ws_set_nonblocking(self->client, true));
	for (i = 0; i < 10000; i++) {
		ret = send(self->client, chunk, sizeof(chunk), 0);
		if (ret != SOCKET_ERROR)
			continue;
		ASSERT_EQ(WSAEWOULDBLOCK, WSAGetLastError());
		usleep(100000);
		ret = send(self->client, chunk, sizeof(chunk), 0);
		if (ret == SOCKET_ERROR)
			break;
	}
	ASSERT_EQ(SOCKET_ERROR, ret);
	ASSERT_EQ(WSAEWOULDBLOCK, WSAGetLastError());

	if (variant->nonblocking) {
		/*
		 * spec closesocket: SO_LINGER with a nonzero timeout on a
		 * nonblocking socket: "the call to closesocket will fail with an
		 * error of WSAEWOULDBLOCK if the close operation cannot be
		 * completed immediately ... the socket handle is still valid".
		 */
		lg.l_linger = 5;
		ASSERT_EQ(0, setsockopt(self->client, SOL_SOCKET, SO_LINGER,
					(const char *)&lg, sizeof(lg)));
		ASSERT_WSAFAIL(WSAEWOULDBLOCK, closesocket(self->client));
		type = ws_get_int(_metadata, self->client, SOL_SOCKET, SO_TYPE);
		ASSERT_EQ(SOCK_STREAM, type);
		/* ... and closes once SO_LINGER has a zero timeout. */
		lg.l_linger = 0;
		ASSERT_EQ(0, setsockopt(self->client, SOL_SOCKET, SO_LINGER,
					(const char *)&lg, sizeof(lg)));
		ASSERT_EQ(0, closesocket(self->client));
		self->client = INVALID_SOCKET;
	} else {
		long t0, elapsed;
		char buf[4096];

		/*
		 * spec closesocket: on a blocking socket, SO_LINGER with a
		 * nonzero timeout "blocks until the remaining data has been sent
		 * or until the time-out expires ... If the time-out expires
		 * before all data has been sent, the Windows Sockets
		 * implementation terminates the connection before closesocket
		 * returns"; the spec's "Graceful shutdown" section: then "an
		 * abortive shutdown sequence occurs".
		 */
		ASSERT_EQ(0, ws_set_nonblocking(self->client, false));
		lg.l_linger = 1;
		ASSERT_EQ(0, setsockopt(self->client, SOL_SOCKET, SO_LINGER,
					(const char *)&lg, sizeof(lg)));
		t0 = ws_now_ms();
		ASSERT_EQ(0, closesocket(self->client)) TH_LOG("error %d", WSAGetLastError());
		self->client = INVALID_SOCKET;
		elapsed = ws_now_ms() - t0;
		ASSERT_GE(elapsed, 900) TH_LOG("closesocket returned after %ld ms", elapsed);
		ASSERT_LT(elapsed, WAIT_MS);
		/* The peer finds the connection reset, not gracefully closed. */
		for (i = 0; i < 100000; i++) {
			ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
			ret = recv(self->server, buf, sizeof(buf), 0);
			if (ret <= 0)
				break;
		}
		ASSERT_EQ(SOCKET_ERROR, ret) TH_LOG("the peer saw a graceful close");
		ASSERT_EQ(WSAECONNRESET, WSAGetLastError());
	}
}

TEST_F(stream, select_timeout)
{
	struct timeval tv;
	fd_set set;
	long t0, elapsed;

	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * spec select: a {0, 0} timeout returns at once ("poll"); a timeout
	 * bounds the wait and select returns 0 "if the time limit expired";
	 * "the contents of the struct timeval are not altered".
	 */
	FD_ZERO(&set);
	FD_SET(self->server, &set);
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	t0 = ws_now_ms();
	ASSERT_EQ(0, select(0, &set, NULL, NULL, &tv));
	ASSERT_LT(ws_now_ms() - t0, WAIT_MS);
	ASSERT_EQ(0, set.fd_count);

	FD_ZERO(&set);
	FD_SET(self->server, &set);
	tv.tv_sec = 0;
	tv.tv_usec = 200000;
	t0 = ws_now_ms();
	ASSERT_EQ(0, select(0, &set, NULL, NULL, &tv));
	elapsed = ws_now_ms() - t0;
	ASSERT_GE(elapsed, 180) TH_LOG("select returned after %ld ms", elapsed);
	ASSERT_EQ(0, tv.tv_sec);
	ASSERT_EQ(200000, tv.tv_usec);
	ASSERT_EQ(0, set.fd_count);
}

TEST_F(stream, select_counts)
{
	fd_set r, w;
	struct timeval tv = { .tv_sec = WAIT_MS / 1000 };

	stream_connect(_metadata, self, variant, NULL, NULL);
	ws_send_all(_metadata, self->client, "x", 1);
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	/*
	 * spec select: it returns "the total number of descriptors which are
	 * ready and contained in the fd_set structures" and updates each set
	 * to the ready subset.
	 */
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(self->server, &r);
	FD_SET(self->client, &r);
	FD_SET(self->server, &w);
	FD_SET(self->client, &w);
	ASSERT_EQ(3, select(0, &r, &w, NULL, &tv));
	ASSERT_EQ(1, r.fd_count);
	ASSERT_TRUE(FD_ISSET(self->server, &r));
	ASSERT_FALSE(FD_ISSET(self->client, &r));
	ASSERT_EQ(2, w.fd_count);
	ASSERT_TRUE(FD_ISSET(self->server, &w));
	ASSERT_TRUE(FD_ISSET(self->client, &w));

	/* Wine test_select: the same socket twice counts once */
	FD_ZERO(&w);
	w.fd_count = 2;
	w.fd_array[0] = self->client;
	w.fd_array[1] = self->client;
	ASSERT_EQ(1, select(0, NULL, &w, NULL, &tv));
	ASSERT_EQ(1, w.fd_count);
	ASSERT_EQ(self->client, w.fd_array[0]);
	ASSERT_EQ(self->client, w.fd_array[1]);	/* past the count: untouched */
}

TEST_F(stream, select_same_set_twice)
{
	struct timeval tv = { .tv_sec = WAIT_MS / 1000 };
	u_long one = 1;
	fd_set r;

	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * Wine test_select, "tests for overlapping fd_set pointers": readfds
	 * and writefds the same fd_set. One writable socket: 1, in the set;
	 * two: 2, both.
	 */
	FD_ZERO(&r);
	FD_SET(self->client, &r);
	ASSERT_EQ(1, select(0, &r, &r, NULL, &tv));
	ASSERT_EQ(1, r.fd_count);
	ASSERT_TRUE(FD_ISSET(self->client, &r));
	FD_ZERO(&r);
	FD_SET(self->client, &r);
	FD_SET(self->server, &r);
	ASSERT_EQ(2, select(0, &r, &r, NULL, &tv));
	ASSERT_EQ(2, r.fd_count);
	ASSERT_TRUE(FD_ISSET(self->client, &r));
	ASSERT_TRUE(FD_ISSET(self->server, &r));
	/* The server readable and writable, the client writable: still 2. */
	ws_send_all(_metadata, self->client, "test", 4);
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	FD_ZERO(&r);
	FD_SET(self->client, &r);
	FD_SET(self->server, &r);
	ASSERT_EQ(2, select(0, &r, &r, NULL, &tv));
	ASSERT_EQ(2, r.fd_count);
	ASSERT_TRUE(FD_ISSET(self->client, &r));
	ASSERT_TRUE(FD_ISSET(self->server, &r));
	/* The client's buffer full: the server alone, readable and writable: 1. */
	ASSERT_EQ(0, ioctlsocket(self->client, FIONBIO, &one));
	ws_fill_send(_metadata, self->client);
	FD_ZERO(&r);
	FD_SET(self->client, &r);
	FD_SET(self->server, &r);
	ASSERT_EQ(1, select(0, &r, &r, NULL, &tv));
	ASSERT_EQ(1, r.fd_count);
	ASSERT_TRUE(FD_ISSET(self->server, &r));
}

/* After @call succeeded (@ok), the last error must be 0. */
#define EXPECT_CLEARED(call, ok) do {						\
	WSASetLastError(POISON_ERR);						\
	ASSERT_TRUE((call) ok) TH_LOG("%s: error %d", #call, WSAGetLastError()); \
	EXPECT_EQ(0, WSAGetLastError()) TH_LOG("%s", #call);			\
} while (0)

TEST_F(stream, success_clears_last_error)
{
	struct timeval tv = { .tv_sec = WAIT_MS / 1000 };
	struct sockaddr_storage ss;
	int len = sizeof(ss), one = 1;
	u_long n;
	SOCKET s;
	char buf[8];
	fd_set w;

	/*
	 * Wine test_shutdown (shutdown succeeding: "!WSAGetLastError()",
	 * 0xdeadbeef before Windows 7), test_WSASendMsg (a recvfrom that
	 * succeeds: ERROR_SUCCESS), test_get_extension_func: a Winsock call
	 * that succeeds sets the last error to 0.
	 */
	EXPECT_CLEARED(s = socket(variant->af, SOCK_STREAM, IPPROTO_TCP), != INVALID_SOCKET);
	EXPECT_CLEARED(closesocket(s), == 0);
	stream_connect(_metadata, self, variant, NULL, NULL);
	EXPECT_CLEARED(send(self->client, "data", 5, 0), == 5);
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	EXPECT_CLEARED(ioctlsocket(self->server, FIONREAD, &n), == 0);
	EXPECT_CLEARED(recv(self->server, buf, sizeof(buf), 0), == 5);
	EXPECT_CLEARED(getsockname(self->client, (struct sockaddr *)&ss, &len), == 0);
	len = sizeof(ss);
	EXPECT_CLEARED(getpeername(self->client, (struct sockaddr *)&ss, &len), == 0);
	EXPECT_CLEARED(setsockopt(self->client, SOL_SOCKET, SO_KEEPALIVE,
				  (const char *)&one, sizeof(one)), == 0);
	len = sizeof(one);
	EXPECT_CLEARED(getsockopt(self->client, SOL_SOCKET, SO_KEEPALIVE,
				  (char *)&one, &len), == 0);
	FD_ZERO(&w);
	FD_SET(self->client, &w);
	EXPECT_CLEARED(select(0, NULL, &w, NULL, &tv), == 1);
	EXPECT_CLEARED(shutdown(self->client, SD_SEND), == 0);
}

TEST_F(stream, reset_after_peer_shutdown)
{
	char buf[8];

	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * Wine test_shutdown, "Send data to a peer which is closed"
	 * (todo_wine): the peer shuts down its sending side and closes; data
	 * sent to it is accepted, and the reset that answers it makes the
	 * next recv fail with WSAECONNABORTED.
	 */
	ASSERT_EQ(0, shutdown(self->client, SD_SEND));
	ASSERT_EQ(0, closesocket(self->client));
	self->client = INVALID_SOCKET;
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	ASSERT_EQ(5, send(self->server, "test", 5, 0));
	ws_sleep_ms(100);	/* the reset comes back over loopback */
	ASSERT_WSAFAIL(WSAECONNABORTED, recv(self->server, buf, sizeof(buf), 0));
}

TEST_F(stream, nonblocking_send_whole_or_nothing)
{
	static char big[1024 * 1024];
	u_long one = 1;
	int i, ret = 0;

	stream_connect(_metadata, self, variant, NULL, NULL);
	ASSERT_EQ(0, ioctlsocket(self->client, FIONBIO, &one));
	/*
	 * Wine test_write_events ("Windows will never send less than
	 * buffer_size bytes here"): nonblocking sends of 1 MiB to a peer that
	 * does not read each take the whole 1 MiB, until one fails with
	 * WSAEWOULDBLOCK.
	 */
	for (i = 0; i < 256; i++) {
		WSASetLastError(POISON_ERR);
		ret = send(self->client, big, sizeof(big), 0);
		if (ret <= 0)
			break;
		ASSERT_EQ((int)sizeof(big), ret) TH_LOG("send %d took part of the buffer", i);
	}
	ASSERT_LT(0, i) TH_LOG("the first send did not go");
	ASSERT_EQ(SOCKET_ERROR, ret);
	ASSERT_EQ(WSAEWOULDBLOCK, WSAGetLastError());
}

TEST_F(stream, send_zero_length)
{
	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * spec send: "Calling send with a len of zero is to be treated by
	 * implementations as successful. In this case, send can return zero".
	 */
	ASSERT_EQ(0, send(self->client, "", 0, 0));
	ASSERT_EQ(0, ws_wait(self->server, WS_READ, QUIET_MS));
}

TEST_F(stream, sendto_recvfrom_ignore_address)
{
	struct sockaddr_storage bad, before;
	int len = (int)0xc0ffee11;
	char buf[8];

	stream_connect(_metadata, self, variant, NULL, NULL);
	/*
	 * spec sendto: "On a connection-oriented socket, the to and tolen
	 * parameters are ignored"; spec recvfrom: "The from and fromlen
	 * parameters are ignored for connection-oriented sockets"; Wine
	 * test_tcp_sendto_recvfrom: neither is read nor written.
	 */
	memset(&bad, 0xfe, sizeof(bad));
	before = bad;
	ASSERT_EQ(5, sendto(self->server, "data", 5, 0, (struct sockaddr *)&bad, sizeof(bad)));
	ASSERT_EQ(WS_READ, ws_wait(self->client, WS_READ, WAIT_MS));
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ(5, recvfrom(self->client, buf, sizeof(buf), 0, (struct sockaddr *)&bad, &len));
	ASSERT_STREQ("data", buf);
	ASSERT_EQ(0, memcmp(&before, &bad, sizeof(bad)));
	ASSERT_EQ((int)0xc0ffee11, len);
}

TEST_F(stream, null_buffers)
{
	stream_connect(_metadata, self, variant, NULL, NULL);
	ws_send_all(_metadata, self->client, "data", 5);
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	/*
	 * spec recv/send: WSAEFAULT "The buf argument is not totally contained
	 * in a valid part of the user address space".
	 */
	ASSERT_WSAFAIL(WSAEFAULT, recv(self->server, NULL, 5, 0));
	ASSERT_WSAFAIL(WSAEFAULT, send(self->client, NULL, 5, 0));
}

TEST_F(stream, recv_negative_length)
{
	char buf[8];

	stream_connect(_metadata, self, variant, NULL, NULL);
	ws_send_all(_metadata, self->client, "data", 5);
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	/*
	 * Wine test_read_events: recv with a length of -1 fails with WSAEFAULT
	 * (WSAENOBUFS before Windows 7), and the data stays.
	 */
	ASSERT_WSAFAIL(WSAEFAULT, recv(self->server, buf, -1, 0));
	ASSERT_WSAFAIL(WSAEFAULT, recvfrom(self->server, buf, -1, 0, NULL, NULL));
	ASSERT_EQ(5, recv(self->server, buf, sizeof(buf), 0));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * WSAAccept (with and without a condition function), WSAConnect,
 * WSASendDisconnect and WSARecvDisconnect through libws, IPv4 and IPv6.
 * Citations: see ws_test.h.
 */
#include <pthread.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ws_test.h"

#include <mswsock.h>

FIXTURE(conn) {
	SOCKET listener;
	SOCKET client;
	SOCKET server;
	struct sockaddr_storage laddr;
	int laddrlen;
};

FIXTURE_VARIANT(conn) {
	int af;
};

FIXTURE_VARIANT_ADD(conn, ipv4) {
	.af = AF_INET,
};

FIXTURE_VARIANT_ADD(conn, ipv6) {
	.af = AF_INET6,
};

FIXTURE_SETUP(conn)
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
}

FIXTURE_TEARDOWN(conn)
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
 * spec WSAConnect: "If lpCallerData is NULL, no user data will be passed";
 * "lpCalleeData->len will be set to zero if no user data has been passed
 * back"; for a blocking socket that is when WSAConnect returns. Returns
 * 0 with the last error 0.
 */
TEST_F(conn, wsaconnect_blocking)
{
	char data[4] = "abc";
	WSABUF callee = { .len = sizeof(data), .buf = data };
	char buf[4];

	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSAConnect(self->client, (struct sockaddr *)&self->laddr,
				self->laddrlen, NULL, &callee, NULL, NULL))
		TH_LOG("WSAConnect: error %d", WSAGetLastError());
	ASSERT_EQ(0, WSAGetLastError());
	ASSERT_EQ(0, callee.len);
	ASSERT_EQ(WS_READ, ws_wait(self->listener, WS_READ, WAIT_MS));
	self->server = accept(self->listener, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, self->server);
	ws_send_all(_metadata, self->client, "hi!", 4);
	ws_recv_exact(_metadata, self->server, buf, 4);
	ASSERT_STREQ("hi!", buf);
}

/*
 * spec WSAConnect: with a nonblocking socket it "will return SOCKET_ERROR,
 * and WSAGetLastError will return WSAEWOULDBLOCK", the socket becoming
 * writable once connected; "until the connection attempt completes all
 * subsequent calls to WSAConnect on the same socket will fail with the
 * error code WSAEALREADY" (or connect's later WSAEISCONN once connected);
 * "Any attempt to reconnect an active connection will fail with the error
 * code WSAEISCONN."
 */
TEST_F(conn, wsaconnect_nonblocking)
{
	int ret, err;

	ASSERT_EQ(0, ws_set_nonblocking(self->client, true));
	ASSERT_WSAFAIL(WSAEWOULDBLOCK,
		       WSAConnect(self->client, (struct sockaddr *)&self->laddr,
				  self->laddrlen, NULL, NULL, NULL, NULL));
	WSASetLastError(POISON_ERR);
	ret = WSAConnect(self->client, (struct sockaddr *)&self->laddr,
			 self->laddrlen, NULL, NULL, NULL, NULL);
	err = WSAGetLastError();
	ASSERT_EQ(SOCKET_ERROR, ret);
	ASSERT_TRUE(err == WSAEALREADY || err == WSAEISCONN) TH_LOG("error %d", err);
	ASSERT_EQ(WS_WRITE, ws_wait(self->client, WS_WRITE | WS_EXCEPT, WAIT_MS));
	ASSERT_WSAFAIL(WSAEISCONN,
		       WSAConnect(self->client, (struct sockaddr *)&self->laddr,
				  self->laddrlen, NULL, NULL, NULL, NULL));
}

/*
 * spec WSAConnect, errors: WSAEPROTONOSUPPORT "The lpCallerData argument is
 * not supported by the service provider" (TCP has no XP1_CONNECT_DATA);
 * WSAEOPNOTSUPP "The flow specifications specified in lpSQOS and lpGQOS
 * cannot be satisfied" (no QOS provider); WSAEFAULT for name/namelen. None
 * of them connects: the listener stays without a connection.
 */
TEST_F(conn, wsaconnect_refused_arguments)
{
	char data[4] = "abc";
	WSABUF caller = { .len = sizeof(data), .buf = data };
	WSABUF empty = { .len = 0, .buf = NULL };
	QOS qos;

	memset(&qos, 0, sizeof(qos));
	ASSERT_WSAFAIL(WSAEPROTONOSUPPORT,
		       WSAConnect(self->client, (struct sockaddr *)&self->laddr,
				  self->laddrlen, &caller, NULL, NULL, NULL));
	ASSERT_WSAFAIL(WSAEOPNOTSUPP,
		       WSAConnect(self->client, (struct sockaddr *)&self->laddr,
				  self->laddrlen, NULL, NULL, &qos, NULL));
	ASSERT_WSAFAIL(WSAEOPNOTSUPP,
		       WSAConnect(self->client, (struct sockaddr *)&self->laddr,
				  self->laddrlen, NULL, NULL, NULL, &qos));
	ASSERT_WSAFAIL(WSAEFAULT,
		       WSAConnect(self->client, NULL, self->laddrlen,
				  NULL, NULL, NULL, NULL));
	ASSERT_WSAFAIL(WSAEFAULT,
		       WSAConnect(self->client, (struct sockaddr *)&self->laddr,
				  ws_addrlen(variant->af) - 1, NULL, NULL, NULL, NULL));
	ASSERT_EQ(0, ws_wait(self->listener, WS_READ, QUIET_MS));
	/* Caller data of length 0 is no data: the connect is made. */
	ASSERT_EQ(0, WSAConnect(self->client, (struct sockaddr *)&self->laddr,
				self->laddrlen, &empty, NULL, NULL, NULL))
		TH_LOG("WSAConnect: error %d", WSAGetLastError());
	ASSERT_EQ(WS_READ, ws_wait(self->listener, WS_READ, WAIT_MS));
}

/* spec WSAConnect: "The parameter s is a listening socket": WSAEINVAL. */
TEST_F(conn, wsaconnect_listener)
{
	ASSERT_WSAFAIL(WSAEINVAL,
		       WSAConnect(self->listener, (struct sockaddr *)&self->laddr,
				  self->laddrlen, NULL, NULL, NULL, NULL));
}

/*
 * spec WSASendDisconnect: "subsequent sends are disallowed"; the peer sees
 * the end of the stream (spec shutdown, SD_SEND: a FIN). Disconnect data:
 * WSAENOPROTOOPT "The parameter lpOutboundDisconnectData is not NULL, and
 * the disconnect data is not supported", and nothing is shut down.
 * WSAENOTCONN "The socket is not connected".
 */
TEST_F(conn, wsasenddisconnect)
{
	char data[4] = "bye", buf[4];
	WSABUF out = { .len = sizeof(data), .buf = data };

	ASSERT_WSAFAIL(WSAENOTCONN, WSASendDisconnect(self->client, NULL));
	ASSERT_EQ(0, connect(self->client, (struct sockaddr *)&self->laddr,
			     self->laddrlen));
	ASSERT_EQ(WS_READ, ws_wait(self->listener, WS_READ, WAIT_MS));
	self->server = accept(self->listener, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, self->server);

	ASSERT_WSAFAIL(WSAENOPROTOOPT, WSASendDisconnect(self->client, &out));
	ws_send_all(_metadata, self->client, "abc", 4);	/* still allowed */
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSASendDisconnect(self->client, NULL));
	ASSERT_EQ(0, WSAGetLastError());
	ASSERT_WSAFAIL(WSAESHUTDOWN, send(self->client, "x", 1, 0));
	ws_recv_exact(_metadata, self->server, buf, 4);
	ASSERT_EQ(WS_READ, ws_wait(self->server, WS_READ, WAIT_MS));
	ASSERT_EQ(0, recv(self->server, buf, sizeof(buf), 0));
	/* The other direction is open. */
	ws_send_all(_metadata, self->server, "ok!", 4);
	ws_recv_exact(_metadata, self->client, buf, 4);
	ASSERT_STREQ("ok!", buf);
}

/*
 * spec WSARecvDisconnect: "subsequent receives on the socket will be
 * disallowed" (spec shutdown: WSAESHUTDOWN); no disconnect data comes with
 * TCP, so lpInboundDisconnectData->len becomes 0; WSAENOTCONN "The socket
 * is not connected"; sending still works.
 */
TEST_F(conn, wsarecvdisconnect)
{
	char data[8], buf[4];
	WSABUF in = { .len = sizeof(data), .buf = data };

	ASSERT_WSAFAIL(WSAENOTCONN, WSARecvDisconnect(self->client, &in));
	ASSERT_EQ(sizeof(data), in.len);
	ASSERT_EQ(0, connect(self->client, (struct sockaddr *)&self->laddr,
			     self->laddrlen));
	ASSERT_EQ(WS_READ, ws_wait(self->listener, WS_READ, WAIT_MS));
	self->server = accept(self->listener, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, self->server);

	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSARecvDisconnect(self->client, &in));
	ASSERT_EQ(0, WSAGetLastError());
	ASSERT_EQ(0, in.len);
	ASSERT_WSAFAIL(WSAESHUTDOWN, recv(self->client, buf, sizeof(buf), 0));
	ws_send_all(_metadata, self->client, "abc", 4);
	ws_recv_exact(_metadata, self->server, buf, 4);
	ASSERT_STREQ("abc", buf);
	/* NULL data is fine too. */
	ASSERT_EQ(0, WSARecvDisconnect(self->client, NULL));
}

/* spec WSASendDisconnect, WSARecvDisconnect, WSAConnect: WSAENOTSOCK. */
TEST(not_a_socket)
{
	SOCKET bogus = (SOCKET)1000000;

	ASSERT_EQ(0, ws_startup());
	ASSERT_WSAFAIL(WSAENOTSOCK, WSASendDisconnect(bogus, NULL));
	ASSERT_WSAFAIL(WSAENOTSOCK, WSARecvDisconnect(bogus, NULL));
	ASSERT_WSAFAIL(WSAENOTSOCK, WSAConnect(bogus, NULL, 0, NULL, NULL,
					       NULL, NULL));
	WSACleanup();
}

/* --- WSAAccept ------------------------------------------------------------ */

#define NCLIENTS	3
#define AREA		((DWORD)sizeof(struct sockaddr_in6) + 16)

FIXTURE(cond) {
	SOCKET l;			/* listening */
	SOCKET c[NCLIENTS];		/* clients, not connected */
	SOCKET a;			/* what was accepted */
	struct sockaddr_storage laddr;
	int llen;
};

FIXTURE_VARIANT(cond) {
	int af;
};

FIXTURE_VARIANT_ADD(cond, ipv4) { .af = AF_INET };
FIXTURE_VARIANT_ADD(cond, ipv6) { .af = AF_INET6 };

FIXTURE_SETUP(cond)
{
	const char *why = ws_unavailable(variant->af);
	int i;

	self->l = self->a = INVALID_SOCKET;
	for (i = 0; i < NCLIENTS; i++)
		self->c[i] = INVALID_SOCKET;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	self->l = ws_bound(_metadata, variant->af, SOCK_STREAM, &self->laddr,
			   &self->llen);
	ASSERT_EQ(0, listen(self->l, 8));
	for (i = 0; i < NCLIENTS; i++) {
		self->c[i] = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
		ASSERT_NE(INVALID_SOCKET, self->c[i]);
	}
}

FIXTURE_TEARDOWN(cond)
{
	int i;

	if (self->a != INVALID_SOCKET)
		closesocket(self->a);
	for (i = 0; i < NCLIENTS; i++)
		if (self->c[i] != INVALID_SOCKET)
			closesocket(self->c[i]);
	if (self->l != INVALID_SOCKET)
		closesocket(self->l);
	WSACleanup();
}

/* What a condition function saw, and what it answers. */
struct seen {
	int calls;
	int answer;
	bool caller_null, caller_data_null, sqos_null, gqos_null, callee_null;
	bool callee_data_null;
	ULONG callee_data_len;
	GROUP g;
	DWORD_PTR data;
	struct sockaddr_storage caller, callee;
	ULONG caller_len, callee_len;
};

static int CALLBACK condition(LPWSABUF caller, LPWSABUF caller_data,
			      LPQOS sqos, LPQOS gqos, LPWSABUF callee,
			      LPWSABUF callee_data, GROUP *g, DWORD_PTR data)
{
	struct seen *seen = (struct seen *)data;

	seen->calls++;
	seen->data = data;
	seen->caller_null = !caller;
	seen->caller_data_null = !caller_data;
	seen->sqos_null = !sqos;
	seen->gqos_null = !gqos;
	seen->callee_null = !callee;
	seen->callee_data_null = !callee_data;
	seen->callee_data_len = callee_data ? callee_data->len : 0xdeadbeef;
	seen->g = *g;
	memset(&seen->caller, POISON_BYTE, sizeof(seen->caller));
	memset(&seen->callee, POISON_BYTE, sizeof(seen->callee));
	if (caller && caller->len <= sizeof(seen->caller)) {
		memcpy(&seen->caller, caller->buf, caller->len);
		seen->caller_len = caller->len;
	}
	if (callee && callee->len <= sizeof(seen->callee)) {
		memcpy(&seen->callee, callee->buf, callee->len);
		seen->callee_len = callee->len;
	}
	return seen->answer;
}

static void client_connect(struct __test_metadata *_metadata,
			   FIXTURE_DATA(cond) *self, int i)
{
	ASSERT_EQ(0, connect(self->c[i], (struct sockaddr *)&self->laddr,
			     self->llen))
		TH_LOG("connect: error %d", WSAGetLastError());
}

/* The local port of client @i, which its accepted end sees as the peer's. */
static u_short client_port(struct __test_metadata *_metadata,
			   FIXTURE_DATA(cond) *self, int i)
{
	struct sockaddr_storage ss;
	int len = sizeof(ss);

	EXPECT_EQ(0, getsockname(self->c[i], (struct sockaddr *)&ss, &len));
	return ws_port(&ss);
}

static u_short peer_port(struct __test_metadata *_metadata, SOCKET s)
{
	struct sockaddr_storage ss;
	int len = sizeof(ss);

	EXPECT_EQ(0, getpeername(s, (struct sockaddr *)&ss, &len));
	return ws_port(&ss);
}

/*
 * Wine test_accept: a condition function returning CF_DEFER makes
 * WSAAccept fail with WSATRY_AGAIN; the connection stays queued and the
 * accept() that follows returns it. The address arguments are "filled in
 * regardless of whether the condition function is specified or what it
 * returns" (spec WSAAccept). The listener stays readable meanwhile (spec
 * select: readable "if listen has been called and a connection is
 * pending").
 */
TEST_F(cond, defer_then_accept)
{
	struct seen seen = { .answer = CF_DEFER };
	struct sockaddr_storage peer;
	int plen = sizeof(peer);
	char b[4];

	client_connect(_metadata, self, 0);
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	memset(&peer, POISON_BYTE, sizeof(peer));
	ASSERT_WSAFAIL_SOCKET(WSATRY_AGAIN,
			      WSAAccept(self->l, (struct sockaddr *)&peer,
					&plen, condition, (DWORD_PTR)&seen));
	ASSERT_EQ(1, seen.calls);
	EXPECT_EQ(ws_addrlen(variant->af), plen);
	EXPECT_EQ(client_port(_metadata, self, 0), ws_port(&peer));

	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	self->a = accept(self->l, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, self->a) TH_LOG("accept: %d", WSAGetLastError());
	EXPECT_EQ(client_port(_metadata, self, 0), peer_port(_metadata, self->a));
	/* Nothing else was queued. */
	EXPECT_EQ(0, ws_wait(self->l, WS_READ, QUIET_MS));
	/* It is the connection: data goes through. */
	ws_send_all(_metadata, self->c[0], "abc", 4);
	ws_recv_exact(_metadata, self->a, b, 4);
	EXPECT_STREQ("abc", b);
}

/*
 * spec WSAAccept: after CF_DEFER, "When the application is ready to take
 * action on the connection request, it will invoke WSAAccept again and
 * return either CF_ACCEPT or CF_REJECT": the second WSAAccept is shown the
 * same connection, before a newer one, and accepts it.
 */
TEST_F(cond, defer_then_wsaaccept)
{
	struct seen seen = { .answer = CF_DEFER };

	client_connect(_metadata, self, 0);
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL_SOCKET(WSATRY_AGAIN,
			      WSAAccept(self->l, NULL, NULL, condition,
					(DWORD_PTR)&seen));
	client_connect(_metadata, self, 1);
	seen.answer = CF_ACCEPT;
	WSASetLastError(POISON_ERR);
	self->a = WSAAccept(self->l, NULL, NULL, condition, (DWORD_PTR)&seen);
	ASSERT_NE(INVALID_SOCKET, self->a) TH_LOG("WSAAccept: %d", WSAGetLastError());
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(2, seen.calls);
	EXPECT_EQ(client_port(_metadata, self, 0), ws_port(&seen.caller));
	EXPECT_EQ(client_port(_metadata, self, 0), peer_port(_metadata, self->a));
}

/*
 * Wine test_AcceptEx: a connection WSAAccept deferred is not given to an
 * AcceptEx issued afterwards: the AcceptEx takes the next connection, and
 * accept() then returns the deferred one.
 */
TEST_F(cond, defer_then_acceptex)
{
	struct seen seen = { .answer = CF_DEFER };
	OVERLAPPED ov = { 0 };
	char buf[2 * AREA];
	SOCKET as;
	DWORD n;

	client_connect(_metadata, self, 0);
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL_SOCKET(WSATRY_AGAIN,
			      WSAAccept(self->l, NULL, NULL, condition,
					(DWORD_PTR)&seen));

	as = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, as);
	ov.hEvent = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, ov.hEvent);
	WSASetLastError(POISON_ERR);
	ASSERT_FALSE(AcceptEx(self->l, as, buf, 0, AREA, AREA, &n, &ov));
	ASSERT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	/* The deferred connection does not complete it. */
	EXPECT_EQ(WSA_WAIT_TIMEOUT,
		  WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, QUIET_MS, FALSE));
	client_connect(_metadata, self, 1);
	ASSERT_EQ(WSA_WAIT_EVENT_0,
		  WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, WAIT_MS, FALSE));
	ASSERT_TRUE(GetOverlappedResult((HANDLE)self->l, &ov, &n, FALSE));
	EXPECT_EQ(client_port(_metadata, self, 1), peer_port(_metadata, as));

	self->a = accept(self->l, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, self->a) TH_LOG("accept: %d", WSAGetLastError());
	EXPECT_EQ(client_port(_metadata, self, 0), peer_port(_metadata, self->a));
	closesocket(as);
	WSACloseEvent(ov.hEvent);
}

/*
 * spec WSAAccept: CF_REJECT "rejects the connection request" and WSAAccept
 * fails with WSAECONNREFUSED ("The connection request was forcefully
 * rejected as indicated in the return value of the condition function").
 * Without SO_CONDITIONAL_ACCEPT Windows completed the handshake first, so
 * the peer's connect succeeded and the peer then sees the connection reset
 * (spec recv: WSAECONNRESET "the virtual circuit was reset by the remote
 * side executing a hard or abortive close").
 */
TEST_F(cond, reject_resets_peer)
{
	struct seen seen = { .answer = CF_REJECT };
	char b[4];

	client_connect(_metadata, self, 0);
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL_SOCKET(WSAECONNREFUSED,
			      WSAAccept(self->l, NULL, NULL, condition,
					(DWORD_PTR)&seen));
	ASSERT_EQ(1, seen.calls);
	ASSERT_NE(0, ws_wait(self->c[0], WS_READ | WS_EXCEPT, WAIT_MS));
	ASSERT_WSAFAIL(WSAECONNRESET, recv(self->c[0], b, sizeof(b), 0));
	/* Gone from the listener. */
	EXPECT_EQ(0, ws_wait(self->l, WS_READ, QUIET_MS));
}

/*
 * spec WSAAccept: WSAEINVAL when "the return value of the condition
 * function is not a valid one". The connection is rejected (the peer is
 * reset) rather than left for an accept: a documented choice of libws's.
 */
TEST_F(cond, bad_condition_value)
{
	struct seen seen = { .answer = 7 };
	char b[4];

	client_connect(_metadata, self, 0);
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL,
			      WSAAccept(self->l, NULL, NULL, condition,
					(DWORD_PTR)&seen));
	ASSERT_EQ(1, seen.calls);
	ASSERT_WSAFAIL(WSAECONNRESET, (ws_wait(self->c[0], WS_READ, WAIT_MS),
				       recv(self->c[0], b, sizeof(b), 0)));
	EXPECT_EQ(0, ws_wait(self->l, WS_READ, QUIET_MS));
}

/*
 * spec WSAAccept, the condition function's parameters: lpCallerId "the
 * address of the connecting entity" (getpeername of the accepted socket);
 * lpCalleeId "the local address of the connected entity" (its
 * getsockname); no caller data and no QOS: "If no caller ID or caller data
 * is available, the corresponding parameters will be NULL", "A NULL value
 * for lpSQOS indicates no caller-supplied QOS"; lpCalleeData->len 0: "A
 * value of zero means passing user data back to the caller is not
 * supported"; dwCallbackData passed back. CF_ACCEPT returns the new socket
 * with the last error 0 and addr/addrlen filled as accept fills them.
 */
TEST_F(cond, accept_sees_ids)
{
	struct seen seen = { .answer = CF_ACCEPT };
	struct sockaddr_storage peer, name, addr;
	int plen = sizeof(peer), nlen = sizeof(name), alen = sizeof(addr);
	char b[4];

	client_connect(_metadata, self, 0);
	memset(&addr, POISON_BYTE, sizeof(addr));
	WSASetLastError(POISON_ERR);
	self->a = WSAAccept(self->l, (struct sockaddr *)&addr, &alen, condition,
			    (DWORD_PTR)&seen);
	ASSERT_NE(INVALID_SOCKET, self->a) TH_LOG("WSAAccept: %d", WSAGetLastError());
	EXPECT_EQ(0, WSAGetLastError());
	ASSERT_EQ(1, seen.calls);
	EXPECT_EQ((DWORD_PTR)&seen, seen.data);
	EXPECT_FALSE(seen.caller_null);
	EXPECT_TRUE(seen.caller_data_null);
	EXPECT_TRUE(seen.sqos_null);
	EXPECT_TRUE(seen.gqos_null);
	EXPECT_FALSE(seen.callee_null);
	EXPECT_FALSE(seen.callee_data_null);
	EXPECT_EQ(0, seen.callee_data_len);
	EXPECT_EQ(0, seen.g);

	ASSERT_EQ(0, getpeername(self->a, (struct sockaddr *)&peer, &plen));
	ASSERT_EQ(0, getsockname(self->a, (struct sockaddr *)&name, &nlen));
	EXPECT_EQ(plen, (int)seen.caller_len);
	EXPECT_EQ(nlen, (int)seen.callee_len);
	EXPECT_EQ(variant->af, seen.caller.ss_family);
	EXPECT_TRUE(ws_same_addr(&peer, &seen.caller));
	EXPECT_TRUE(ws_same_addr(&name, &seen.callee));
	EXPECT_TRUE(ws_same_addr(&name, &self->laddr));
	EXPECT_EQ(plen, alen);
	EXPECT_TRUE(ws_same_addr(&peer, &addr));
	EXPECT_EQ(client_port(_metadata, self, 0), ws_port(&peer));
	ws_send_all(_metadata, self->a, "xyz", 4);
	ws_recv_exact(_metadata, self->c[0], b, 4);
	EXPECT_STREQ("xyz", b);
}

/*
 * Wine test_accept: WSAAccept with *addrlen 0 and an address buffer fails
 * with WSAEFAULT, leaves addrlen 0 and the connection queued (the
 * condition function is not called); WSAAccept with a NULL condition is
 * accept: with a SOCKADDR_STORAGE buffer it fills the family and sets the
 * length, smaller than the buffer.
 */
TEST_F(cond, addrlen_zero_then_null_condition)
{
	struct seen seen = { .answer = CF_ACCEPT };
	struct sockaddr_storage addr;
	int alen = 0;

	client_connect(_metadata, self, 0);
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT,
			      WSAAccept(self->l, (struct sockaddr *)&addr,
					&alen, condition, (DWORD_PTR)&seen));
	EXPECT_EQ(0, alen);
	EXPECT_EQ(0, seen.calls);
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT,
			      WSAAccept(self->l, (struct sockaddr *)&addr,
					&alen, NULL, 0));
	EXPECT_EQ(0, alen);
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));

	memset(&addr, POISON_BYTE, sizeof(addr));
	alen = sizeof(addr);
	WSASetLastError(POISON_ERR);
	self->a = WSAAccept(self->l, (struct sockaddr *)&addr, &alen, NULL, 0);
	ASSERT_NE(INVALID_SOCKET, self->a) TH_LOG("WSAAccept: %d", WSAGetLastError());
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(variant->af, addr.ss_family);
	EXPECT_LT(alen, (int)sizeof(addr));
	EXPECT_EQ(ws_addrlen(variant->af), alen);
	EXPECT_EQ(client_port(_metadata, self, 0), ws_port(&addr));
}

/*
 * spec WSAAccept: "For sockets in a nonblocking mode, if this function is
 * called when no pending connections are present on the queue, WSAAccept
 * returns an error": WSAEWOULDBLOCK; the condition function is not
 * called. On a socket that is not listening: WSAEINVAL ("listen was not
 * invoked prior to WSAAccept").
 */
TEST_F(cond, nonblocking_empty_and_not_listening)
{
	struct seen seen = { .answer = CF_ACCEPT };

	ASSERT_EQ(0, ws_set_nonblocking(self->l, true));
	ASSERT_WSAFAIL_SOCKET(WSAEWOULDBLOCK,
			      WSAAccept(self->l, NULL, NULL, condition,
					(DWORD_PTR)&seen));
	EXPECT_EQ(0, seen.calls);
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL,
			      WSAAccept(self->c[0], NULL, NULL, condition,
					(DWORD_PTR)&seen));
	EXPECT_EQ(0, seen.calls);
	/* A connection then comes, and the nonblocking call takes it. */
	client_connect(_metadata, self, 0);
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	self->a = WSAAccept(self->l, NULL, NULL, condition, (DWORD_PTR)&seen);
	ASSERT_NE(INVALID_SOCKET, self->a) TH_LOG("WSAAccept: %d", WSAGetLastError());
	EXPECT_EQ(1, seen.calls);
}

/*
 * Wine test_accept: a deferred connection "stays queued": it belongs to
 * the listening socket, so another process sharing the listener (spec
 * "shared sockets": a socket shared after fork) gets it with accept, and
 * with WSAAccept it is shown to that process's condition function.
 */
TEST_F(cond, deferred_seen_by_forked_child)
{
	struct seen seen = { .answer = CF_DEFER };
	u_short port;
	int status;
	pid_t pid;
	char b[4];

	client_connect(_metadata, self, 0);
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL_SOCKET(WSATRY_AGAIN,
			      WSAAccept(self->l, NULL, NULL, condition,
					(DWORD_PTR)&seen));
	port = client_port(_metadata, self, 0);

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct seen cs = { .answer = CF_ACCEPT };
		SOCKET a;

		if (ws_wait(self->l, WS_READ, WAIT_MS) != WS_READ)
			_exit(2);
		a = WSAAccept(self->l, NULL, NULL, condition, (DWORD_PTR)&cs);
		if (a == INVALID_SOCKET)
			_exit(3);
		if (cs.calls != 1 || ws_port(&cs.caller) != port)
			_exit(4);
		if (send(a, "kid", 4, 0) != 4)
			_exit(5);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ws_recv_exact(_metadata, self->c[0], b, 4);
	EXPECT_STREQ("kid", b);
	/* The parent has nothing left to accept. */
	EXPECT_EQ(0, ws_wait(self->l, WS_READ, QUIET_MS));
}

/*
 * spec WSAAccept: the condition function "runs in the same thread" as
 * WSAAccept. A thread that exits inside it, without answering, takes no
 * decision: the connection is offered again to the next WSAAccept (as
 * after CF_DEFER), and accepted there.
 */
struct exiter {
	SOCKET l;
	int calls;
};

static int CALLBACK exit_in_condition(LPWSABUF caller, LPWSABUF caller_data,
				      LPQOS sqos, LPQOS gqos, LPWSABUF callee,
				      LPWSABUF callee_data, GROUP *g,
				      DWORD_PTR data)
{
	((struct exiter *)data)->calls++;
	pthread_exit(NULL);
	return CF_ACCEPT;
}

static void *exiter_main(void *arg)
{
	struct exiter *e = arg;

	WSAAccept(e->l, NULL, NULL, exit_in_condition, (DWORD_PTR)e);
	return (void *)1;	/* not reached */
}

TEST_F(cond, thread_exits_in_condition)
{
	struct seen seen = { .answer = CF_ACCEPT };
	struct exiter e = { .l = self->l };
	pthread_t t;
	void *ret = NULL;

	client_connect(_metadata, self, 0);
	ASSERT_EQ(0, pthread_create(&t, NULL, exiter_main, &e));
	ASSERT_EQ(0, pthread_join(t, &ret));
	ASSERT_EQ(1, e.calls);
	ASSERT_NULL(ret);	/* pthread_exit(NULL), not WSAAccept's return */

	ASSERT_EQ(0, ws_set_nonblocking(self->l, true));
	self->a = WSAAccept(self->l, NULL, NULL, condition, (DWORD_PTR)&seen);
	ASSERT_NE(INVALID_SOCKET, self->a) TH_LOG("WSAAccept: %d", WSAGetLastError());
	EXPECT_EQ(1, seen.calls);
	EXPECT_EQ(client_port(_metadata, self, 0), peer_port(_metadata, self->a));
}

/*
 * spec closesocket: closing the listener with deferred connections held
 * ends them: their peers see the connections reset (the connections were
 * established, as in reject_resets_peer). Run on the debug kernel, kmemleak
 * and KASAN see that nothing of them is left behind.
 */
TEST_F(cond, close_listener_with_held)
{
	struct seen seen = { .answer = CF_DEFER };
	char b[4];
	int i;

	for (i = 0; i < NCLIENTS; i++) {
		client_connect(_metadata, self, i);
		ASSERT_WSAFAIL_SOCKET(WSATRY_AGAIN,
				      WSAAccept(self->l, NULL, NULL, condition,
						(DWORD_PTR)&seen));
	}
	/* All three held: each WSAAccept was shown the oldest, the same one. */
	EXPECT_EQ(NCLIENTS, seen.calls);
	ASSERT_EQ(0, closesocket(self->l));
	self->l = INVALID_SOCKET;
	for (i = 0; i < NCLIENTS; i++) {
		ASSERT_NE(0, ws_wait(self->c[i], WS_READ | WS_EXCEPT, WAIT_MS));
		ASSERT_WSAFAIL(WSAECONNRESET, recv(self->c[i], b, sizeof(b), 0));
	}
}

/*
 * Every deferred connection is shown again, oldest first, and accept(2)
 * takes them in that order before a newer one (Wine test_accept: the
 * deferred connection is the one accept() returns).
 */
TEST_F(cond, deferred_order)
{
	struct seen seen = { .answer = CF_DEFER };
	SOCKET a[NCLIENTS];
	int i;

	/* Defer the first; a second WSAAccept sees it again, not a new one. */
	client_connect(_metadata, self, 0);
	client_connect(_metadata, self, 1);
	ASSERT_WSAFAIL_SOCKET(WSATRY_AGAIN,
			      WSAAccept(self->l, NULL, NULL, condition,
					(DWORD_PTR)&seen));
	EXPECT_EQ(client_port(_metadata, self, 0), ws_port(&seen.caller));
	ASSERT_WSAFAIL_SOCKET(WSATRY_AGAIN,
			      WSAAccept(self->l, NULL, NULL, condition,
					(DWORD_PTR)&seen));
	EXPECT_EQ(client_port(_metadata, self, 0), ws_port(&seen.caller));
	client_connect(_metadata, self, 2);
	for (i = 0; i < NCLIENTS; i++) {
		a[i] = accept(self->l, NULL, NULL);
		ASSERT_NE(INVALID_SOCKET, a[i]) TH_LOG("accept: %d", WSAGetLastError());
		EXPECT_EQ(client_port(_metadata, self, i), peer_port(_metadata, a[i]));
	}
	for (i = 0; i < NCLIENTS; i++)
		closesocket(a[i]);
}

/*
 * spec WSAAsyncSelect/WSAEventSelect: FD_ACCEPT is recorded while a
 * connection can be accepted; a deferred one can, so after the re-enabling
 * WSAAccept FD_ACCEPT is recorded again.
 */
TEST_F(cond, deferred_records_fd_accept)
{
	struct seen seen = { .answer = CF_DEFER };
	WSANETWORKEVENTS ne;
	WSAEVENT ev = WSACreateEvent();

	ASSERT_NE(WSA_INVALID_EVENT, ev);
	ASSERT_EQ(0, WSAEventSelect(self->l, ev, FD_ACCEPT));
	client_connect(_metadata, self, 0);
	ASSERT_EQ(WSA_WAIT_EVENT_0,
		  WSAWaitForMultipleEvents(1, &ev, FALSE, WAIT_MS, FALSE));
	ASSERT_EQ(0, WSAEnumNetworkEvents(self->l, ev, &ne));
	EXPECT_TRUE(ne.lNetworkEvents & FD_ACCEPT);
	ASSERT_WSAFAIL_SOCKET(WSATRY_AGAIN,
			      WSAAccept(self->l, NULL, NULL, condition,
					(DWORD_PTR)&seen));
	ASSERT_EQ(WSA_WAIT_EVENT_0,
		  WSAWaitForMultipleEvents(1, &ev, FALSE, WAIT_MS, FALSE));
	ASSERT_EQ(0, WSAEnumNetworkEvents(self->l, ev, &ne));
	EXPECT_TRUE(ne.lNetworkEvents & FD_ACCEPT);
	self->a = accept(self->l, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, self->a);
	EXPECT_EQ(client_port(_metadata, self, 0), peer_port(_metadata, self->a));
	WSAEventSelect(self->l, NULL, 0);
	WSACloseEvent(ev);
}

/*
 * spec WSAAccept: WSAEMFILE "The queue is nonempty upon entry to WSAAccept
 * and there are no socket descriptors available"; the connection is not
 * lost, and the failed call leaves nothing behind: the accept() that
 * follows, once a descriptor is free, is an ordinary one and gets it.
 */
TEST_F(cond, no_descriptor_then_accept)
{
	struct seen seen = { .answer = CF_ACCEPT };
	struct rlimit old, low;
	int lowest = dup(0);

	ASSERT_LE(0, lowest);
	close(lowest);
	client_connect(_metadata, self, 0);
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &old));
	low = old;
	low.rlim_cur = (rlim_t)lowest;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &low));
	WSASetLastError(POISON_ERR);
	self->a = WSAAccept(self->l, NULL, NULL, condition, (DWORD_PTR)&seen);
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &old));
	ASSERT_EQ(INVALID_SOCKET, self->a);
	EXPECT_EQ(WSAEMFILE, WSAGetLastError());

	self->a = accept(self->l, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, self->a) TH_LOG("accept: %d", WSAGetLastError());
	EXPECT_EQ(client_port(_metadata, self, 0), peer_port(_metadata, self->a));
}

TEST_HARNESS_MAIN

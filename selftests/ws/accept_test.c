// SPDX-License-Identifier: GPL-2.0
/*
 * WSAConnect, WSASendDisconnect and WSARecvDisconnect through libws.
 * Citations: see ws_test.h.
 */
#include <unistd.h>

#include "ws_test.h"

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

TEST_HARNESS_MAIN

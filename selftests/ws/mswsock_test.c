// SPDX-License-Identifier: GPL-2.0
/*
 * The mswsock.h extensions through libws, IPv4 and IPv6: ConnectEx,
 * DisconnectEx, TransmitFile, WSARecvEx, and the pointers
 * WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) gives for them.
 *
 * Expectations come from Windows' behaviour as Wine's conformance tests
 * record it ("Wine <test>", dlls/ws2_32/tests/sock.c; todo_wine facts
 * included, since they hold on Windows) or from the functions' pages of
 * the Windows Sockets documentation ("spec <function>").
 */
#include "ws_test.h"

#include <stdio.h>
#include <stdlib.h>

#include <mswsock.h>

#define OV_POISON	((ULONG_PTR)0xdeadbeefdeadbeefull)

static void *ext_fn(struct __test_metadata *_metadata, SOCKET s, GUID guid)
{
	void *fn = NULL;
	DWORD size = 0;

	ASSERT_EQ(0, WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid,
			      sizeof(guid), &fn, sizeof(fn), &size, NULL, NULL))
		TH_LOG("WSAIoctl: %d", WSAGetLastError());
	EXPECT_EQ(sizeof(fn), size);
	return fn;
}

FIXTURE(ext) {
	SOCKET l;		/* a listener on loopback */
	struct sockaddr_storage laddr;
	int llen;
	WSAEVENT ev;
	LPFN_CONNECTEX connect_ex;
	LPFN_DISCONNECTEX disconnect_ex;
	LPFN_TRANSMITFILE transmit_file;
};

FIXTURE_VARIANT(ext) {
	int af;
};

FIXTURE_VARIANT_ADD(ext, ipv4) { .af = AF_INET };
FIXTURE_VARIANT_ADD(ext, ipv6) { .af = AF_INET6 };

FIXTURE_SETUP(ext)
{
	const char *why = ws_unavailable(variant->af);

	self->l = INVALID_SOCKET;
	self->ev = WSA_INVALID_EVENT;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	self->l = ws_bound(_metadata, variant->af, SOCK_STREAM, &self->laddr,
			   &self->llen);
	ASSERT_EQ(0, listen(self->l, 8));
	self->ev = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, self->ev);
	/* Wine test_get_extension_func and the tests of each function. */
	self->connect_ex = ext_fn(_metadata, self->l, (GUID)WSAID_CONNECTEX);
	self->disconnect_ex = ext_fn(_metadata, self->l, (GUID)WSAID_DISCONNECTEX);
	self->transmit_file = ext_fn(_metadata, self->l, (GUID)WSAID_TRANSMITFILE);
	ASSERT_NE(NULL, self->connect_ex);
	ASSERT_NE(NULL, self->disconnect_ex);
	ASSERT_NE(NULL, self->transmit_file);
}

FIXTURE_TEARDOWN(ext)
{
	if (self->l != INVALID_SOCKET)
		closesocket(self->l);
	if (self->ev != WSA_INVALID_EVENT)
		WSACloseEvent(self->ev);
	WSACleanup();
}

static void ov_init(OVERLAPPED *ov, WSAEVENT ev)
{
	memset(ov, 0, sizeof(*ov));
	ov->Internal = OV_POISON;
	ov->InternalHigh = OV_POISON;
	ov->hEvent = ev;
}

static bool signalled(WSAEVENT ev, DWORD ms)
{
	return WSAWaitForMultipleEvents(1, &ev, FALSE, ms, FALSE) == WSA_WAIT_EVENT_0;
}

/* A socket bound to loopback port 0, not connected. */
static SOCKET bound(struct __test_metadata *_metadata, int af)
{
	struct sockaddr_storage ss;
	int len;

	return ws_bound(_metadata, af, SOCK_STREAM, &ss, &len);
}

/* Accept the next connection on the fixture's listener. */
static SOCKET accept_one(struct __test_metadata *_metadata, SOCKET l)
{
	SOCKET s;

	EXPECT_EQ(WS_READ, ws_wait(l, WS_READ, WAIT_MS));
	s = accept(l, NULL, NULL);
	EXPECT_NE(INVALID_SOCKET, s);
	return s;
}

/*
 * Wine test_get_extension_func, test_AcceptEx, test_ip_pktinfo,
 * test_WSASendMsg: every extension GUID resolves.
 */
TEST_F(ext, every_guid_resolves)
{
	static const GUID guids[] = {
		WSAID_ACCEPTEX, WSAID_GETACCEPTEXSOCKADDRS, WSAID_CONNECTEX,
		WSAID_DISCONNECTEX, WSAID_TRANSMITFILE,
	};
	size_t i;

	for (i = 0; i < sizeof(guids) / sizeof(guids[0]); i++)
		EXPECT_NE(NULL, ext_fn(_metadata, self->l, guids[i]));
}

/*
 * Wine test_connect: ConnectEx always pends on loopback, then the event
 * is set and GetOverlappedResult gives the data's length (3); the peer
 * receives the data; getsockname and getpeername work after
 * SO_UPDATE_CONNECT_CONTEXT (test_WSAConnectByName).
 */
TEST_F(ext, connectex_sends_data)
{
	SOCKET c = bound(_metadata, variant->af), s;
	struct sockaddr_storage name;
	int nlen = sizeof(name);
	DWORD bytes = 0xdeadbeef;
	OVERLAPPED ov;
	char buf[4] = "";

	ov_init(&ov, self->ev);
	WSASetLastError(POISON_ERR);
	ASSERT_FALSE(self->connect_ex(c, (struct sockaddr *)&self->laddr,
				      self->llen, "123", 3, &bytes, &ov));
	ASSERT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	ASSERT_TRUE(GetOverlappedResult((HANDLE)c, &ov, &bytes, FALSE));
	EXPECT_EQ(3, bytes);
	s = accept_one(_metadata, self->l);
	ws_recv_exact(_metadata, s, buf, 3);
	EXPECT_STREQ("123", buf);
	/*
	 * Wine test_connect (todo_wine): connect on the socket a ConnectEx
	 * connected fails with WSAEINVAL; on the accepted one with WSAEISCONN.
	 */
	ASSERT_WSAFAIL(WSAEINVAL, connect(c, (struct sockaddr *)&self->laddr, self->llen));
	ASSERT_WSAFAIL(WSAEISCONN, connect(s, (struct sockaddr *)&self->laddr, self->llen));

	ASSERT_EQ(0, setsockopt(c, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0));
	ASSERT_EQ(0, getpeername(c, (struct sockaddr *)&name, &nlen));
	EXPECT_EQ(ws_addrlen(variant->af), nlen);
	EXPECT_TRUE(ws_same_addr(&name, &self->laddr));
	nlen = sizeof(name);
	ASSERT_EQ(0, getsockname(c, (struct sockaddr *)&name, &nlen));

	/* Wine test_connect: ConnectEx on a connected socket: WSAEISCONN. */
	ov_init(&ov, self->ev);
	EXPECT_FALSE(self->connect_ex(c, (struct sockaddr *)&self->laddr,
				      self->llen, NULL, 0, &bytes, &ov));
	EXPECT_EQ(WSAEISCONN, WSAGetLastError());
	EXPECT_EQ(STATUS_PENDING, (DWORD)ov.Internal);
	closesocket(s);
	closesocket(c);
}

/*
 * Wine test_connect: ConnectEx(INVALID_SOCKET) is WSAENOTSOCK; on an
 * unbound socket WSAEINVAL; with no OVERLAPPED ERROR_INVALID_PARAMETER;
 * on a listening socket WSAEINVAL; to a closed port it pends and then
 * fails with ERROR_CONNECTION_REFUSED and 0 bytes.
 */
TEST_F(ext, connectex_errors)
{
	SOCKET u = socket(variant->af, SOCK_STREAM, IPPROTO_TCP), c;
	struct sockaddr_storage to = self->laddr;
	DWORD bytes;
	OVERLAPPED ov;

	ASSERT_NE(INVALID_SOCKET, u);
	ov_init(&ov, self->ev);
	EXPECT_FALSE(self->connect_ex(INVALID_SOCKET, (struct sockaddr *)&to,
				      self->llen, NULL, 0, &bytes, &ov));
	EXPECT_EQ(WSAENOTSOCK, WSAGetLastError());
	EXPECT_FALSE(self->connect_ex(u, (struct sockaddr *)&to, self->llen,
				      NULL, 0, &bytes, &ov));
	EXPECT_EQ(WSAEINVAL, WSAGetLastError());
	closesocket(u);

	c = bound(_metadata, variant->af);
	EXPECT_FALSE(self->connect_ex(c, (struct sockaddr *)&to, self->llen,
				      NULL, 0, &bytes, NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, WSAGetLastError());
	ov_init(&ov, self->ev);
	EXPECT_FALSE(self->connect_ex(self->l, (struct sockaddr *)&to,
				      self->llen, NULL, 0, &bytes, &ov));
	EXPECT_EQ(WSAEINVAL, WSAGetLastError());
	EXPECT_EQ(STATUS_PENDING, (DWORD)ov.Internal);

	ws_set_port(&to, ws_free_port(_metadata, variant->af, SOCK_STREAM));
	ov_init(&ov, self->ev);
	EXPECT_FALSE(self->connect_ex(c, (struct sockaddr *)&to, self->llen,
				      NULL, 0, &bytes, &ov));
	EXPECT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	bytes = 0xdeadbeef;
	EXPECT_FALSE(GetOverlappedResult((HANDLE)c, &ov, &bytes, FALSE));
	EXPECT_EQ(ERROR_CONNECTION_REFUSED, GetLastError());
	EXPECT_EQ(0, bytes);
	closesocket(c);
}

/*
 * Wine test_connecting_socket: while a ConnectEx is under way connect()
 * and a second ConnectEx fail with WSAEINVAL, getpeername with
 * WSAENOTCONN. The listener's backlog is kept full so the connection
 * stays under way.
 */
TEST_F(ext, connectex_under_way)
{
	SOCKET c, c2;
	struct sockaddr_storage name;
	int nlen = sizeof(name);
	OVERLAPPED ov, ov2;
	DWORD bytes;
	bool pending;

	c = bound(_metadata, variant->af);
	ov_init(&ov, self->ev);
	EXPECT_FALSE(self->connect_ex(c, (struct sockaddr *)&self->laddr,
				      self->llen, NULL, 0, &bytes, &ov));
	ASSERT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	/* On loopback it may complete at once; check what holds meanwhile. */
	pending = (DWORD)ov.Internal == STATUS_PENDING;
	if (pending) {
		ov_init(&ov2, NULL);
		EXPECT_FALSE(self->connect_ex(c, (struct sockaddr *)&self->laddr,
					      self->llen, NULL, 0, &bytes, &ov2));
		pending = (DWORD)ov.Internal == STATUS_PENDING;
		if (pending)
			EXPECT_EQ(WSAEINVAL, WSAGetLastError());
	}
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	/*
	 * Once connected: getpeername works; connect() fails with WSAEINVAL,
	 * not WSAEISCONN, on a connection a ConnectEx made (Wine test_connect,
	 * todo_wine there).
	 */
	EXPECT_EQ(SOCKET_ERROR, connect(c, (struct sockaddr *)&self->laddr,
					self->llen));
	EXPECT_EQ(WSAEINVAL, WSAGetLastError());
	EXPECT_EQ(0, getpeername(c, (struct sockaddr *)&name, &nlen));
	c2 = accept_one(_metadata, self->l);
	closesocket(c2);
	closesocket(c);
}

/*
 * Wine test_DisconnectEx: on an unconnected socket WSAENOTCONN; overlapped
 * on a connection it pends, the event is set, 0 bytes; afterwards the
 * socket behaves as after shutdown(SD_SEND): send is WSAESHUTDOWN, the
 * peer reads the end, the peer can still send and the socket receives
 * it, getpeername still works. A synchronous DisconnectEx returns TRUE,
 * and a second one too.
 */
TEST_F(ext, disconnectex)
{
	SOCKET c, s, u = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	struct sockaddr_storage name;
	int nlen = sizeof(name);
	DWORD bytes = 0xdeadbeef;
	OVERLAPPED ov;
	char b[4];

	ASSERT_NE(INVALID_SOCKET, u);
	ov_init(&ov, self->ev);
	EXPECT_FALSE(self->disconnect_ex(INVALID_SOCKET, &ov, 0, 0));
	EXPECT_EQ(WSAENOTSOCK, WSAGetLastError());
	EXPECT_FALSE(self->disconnect_ex(u, &ov, 0, 0));
	EXPECT_EQ(WSAENOTCONN, WSAGetLastError());
	closesocket(u);

	ws_tcp_pair(_metadata, variant->af, &c, &s);
	ov_init(&ov, self->ev);
	EXPECT_FALSE(self->disconnect_ex(c, &ov, 0, 0));
	EXPECT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	ASSERT_TRUE(GetOverlappedResult((HANDLE)c, &ov, &bytes, FALSE));
	EXPECT_EQ(0, bytes);

	EXPECT_EQ(SOCKET_ERROR, send(c, "x", 1, 0));
	EXPECT_EQ(WSAESHUTDOWN, WSAGetLastError());
	EXPECT_EQ(WS_READ, ws_wait(s, WS_READ, WAIT_MS));
	EXPECT_EQ(0, recv(s, b, sizeof(b), 0));
	ASSERT_EQ(2, send(s, "ok", 2, 0));
	ws_recv_exact(_metadata, c, b, 2);
	EXPECT_EQ(0, memcmp(b, "ok", 2));
	EXPECT_EQ(0, getpeername(c, (struct sockaddr *)&name, &nlen));

	WSASetLastError(POISON_ERR);
	EXPECT_TRUE(self->disconnect_ex(c, NULL, 0, 0));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_TRUE(self->disconnect_ex(c, NULL, 0, 0));
	closesocket(c);
	closesocket(s);
}

/*
 * spec DisconnectEx: with TF_REUSE_SOCKET the handle can be passed to
 * AcceptEx or ConnectEx afterwards; the old connection ends gracefully.
 */
TEST_F(ext, disconnectex_reuse_socket)
{
	SOCKET c, s, s2;
	DWORD bytes;
	OVERLAPPED ov;
	char buf[64], b[4];

	ws_tcp_pair(_metadata, variant->af, &c, &s);
	ASSERT_EQ(2, send(c, "hi", 2, 0));
	ASSERT_TRUE(self->disconnect_ex(c, NULL, TF_REUSE_SOCKET, 0));
	/* The peer gets the data, then the end, not a reset. */
	ws_recv_exact(_metadata, s, b, 2);
	EXPECT_EQ(WS_READ, ws_wait(s, WS_READ, WAIT_MS));
	EXPECT_EQ(0, recv(s, b, sizeof(b), 0));
	closesocket(s);

	/* The same SOCKET takes an AcceptEx. */
	ov_init(&ov, self->ev);
	EXPECT_FALSE(AcceptEx(self->l, c, buf, 0, sizeof(struct sockaddr_in6) + 16,
			      sizeof(struct sockaddr_in6) + 16, &bytes, &ov));
	ASSERT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	s = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_EQ(0, connect(s, (struct sockaddr *)&self->laddr, self->llen));
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	EXPECT_EQ(0, ov.Internal);
	ASSERT_EQ(1, send(s, "z", 1, 0));
	ws_recv_exact(_metadata, c, b, 1);
	EXPECT_EQ('z', b[0]);

	/* And again, for a ConnectEx once bound. */
	ASSERT_TRUE(self->disconnect_ex(c, NULL, TF_REUSE_SOCKET, 0));
	closesocket(s);
	{
		struct sockaddr_storage any;
		int alen = ws_loopback(variant->af, 0, &any);

		ASSERT_EQ(0, bind(c, (struct sockaddr *)&any, alen));
	}
	ov_init(&ov, self->ev);
	EXPECT_FALSE(self->connect_ex(c, (struct sockaddr *)&self->laddr,
				      self->llen, NULL, 0, &bytes, &ov));
	ASSERT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	EXPECT_EQ(0, ov.Internal);
	s2 = accept_one(_metadata, self->l);
	closesocket(s2);
	closesocket(c);
}

/* A temporary file holding @len bytes of a pattern; its descriptor. */
static int temp_file(struct __test_metadata *_metadata, size_t len)
{
	char path[] = "/tmp/ws_tfXXXXXX";
	int fd = mkstemp(path);
	size_t i;
	char c;

	ASSERT_LE(0, fd);
	unlink(path);
	for (i = 0; i < len; i++) {
		c = (char)('a' + i % 26);
		ASSERT_EQ(1, write(fd, &c, 1));
	}
	ASSERT_EQ(0, lseek(fd, 0, SEEK_SET));
	return fd;
}

/*
 * Wine test_TransmitFile: on an unconnected socket WSAENOTCONN.
 * Synchronously: no file and no buffers send nothing and succeed; head
 * and tail arrive in that order; head, file and tail in that order.
 * Overlapped: it pends even for a small file, the event is set, the byte
 * count is head + file + tail, and ov.Offset selects the file offset.
 */
TEST_F(ext, transmitfile)
{
	TRANSMIT_FILE_BUFFERS tb = { "HEAD", 4, "TAIL", 4 };
	SOCKET c, s, u = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	size_t flen = 100000, got;
	int fd = temp_file(_metadata, flen);
	char *buf = malloc(flen + 16);
	DWORD bytes = 0;
	OVERLAPPED ov;
	size_t i;

	ASSERT_NE(NULL, buf);
	ASSERT_NE(INVALID_SOCKET, u);
	EXPECT_FALSE(self->transmit_file(u, NULL, 0, 0, NULL, NULL, 0));
	EXPECT_EQ(WSAENOTCONN, WSAGetLastError());
	closesocket(u);

	ws_tcp_pair(_metadata, variant->af, &c, &s);
	EXPECT_TRUE(self->transmit_file(c, NULL, 0, 0, NULL, NULL, 0));
	EXPECT_TRUE(self->transmit_file(c, NULL, 0, 0, NULL, &tb, 0));
	ws_recv_exact(_metadata, s, buf, 8);
	EXPECT_EQ(0, memcmp(buf, "HEADTAIL", 8));

	EXPECT_TRUE(self->transmit_file(c, (HANDLE)(intptr_t)fd, 0, 0, NULL,
					&tb, 0));
	ws_recv_exact(_metadata, s, buf, (int)flen + 8);
	EXPECT_EQ(0, memcmp(buf, "HEAD", 4));
	for (i = 0; i < flen; i++)
		if (buf[4 + i] != (char)('a' + i % 26))
			break;
	EXPECT_EQ(flen, i);
	EXPECT_EQ(0, memcmp(buf + 4 + flen, "TAIL", 4));

	ov_init(&ov, self->ev);
	ov.Offset = 10;
	EXPECT_FALSE(self->transmit_file(c, (HANDLE)(intptr_t)fd, 0, 0, &ov,
					 &tb, 0));
	EXPECT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	got = 0;
	while (got < flen - 10 + 8) {
		int n;

		ASSERT_EQ(WS_READ, ws_wait(s, WS_READ, WAIT_MS));
		n = recv(s, buf + got, (int)(flen + 16 - got), 0);
		ASSERT_LT(0, n);
		got += (size_t)n;
	}
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	ASSERT_TRUE(WSAGetOverlappedResult(c, &ov, &bytes, FALSE, NULL));
	EXPECT_EQ(flen - 10 + 8, bytes);
	EXPECT_EQ(0, memcmp(buf, "HEAD", 4));
	EXPECT_EQ('k', buf[4]);		/* 'a' + 10 */
	EXPECT_EQ(0, memcmp(buf + 4 + flen - 10, "TAIL", 4));

	/* Old sock.c test_TransmitFile: TF_DISCONNECT ends the stream. */
	EXPECT_TRUE(self->transmit_file(c, NULL, 0, 0, NULL, &tb, TF_DISCONNECT));
	ws_recv_exact(_metadata, s, buf, 8);
	EXPECT_EQ(WS_READ, ws_wait(s, WS_READ, WAIT_MS));
	EXPECT_EQ(0, recv(s, buf, 8, 0));
	closesocket(c);
	closesocket(s);
	close(fd);
	free(buf);
}

/*
 * spec WSARecvEx: a datagram longer than the buffer fills it and sets
 * MSG_PARTIAL; one that fits clears the flags.
 */
TEST_F(ext, wsarecvex_partial)
{
	struct sockaddr_storage ua;
	int ualen, flags;
	SOCKET u = ws_bound(_metadata, variant->af, SOCK_DGRAM, &ua, &ualen);
	SOCKET t = socket(variant->af, SOCK_DGRAM, IPPROTO_UDP);
	char buf[8];

	ASSERT_NE(INVALID_SOCKET, t);
	ASSERT_EQ(10, sendto(t, "0123456789", 10, 0, (struct sockaddr *)&ua, ualen));
	ASSERT_EQ(WS_READ, ws_wait(u, WS_READ, WAIT_MS));
	flags = 0;
	EXPECT_EQ(4, WSARecvEx(u, buf, 4, &flags));
	EXPECT_EQ(MSG_PARTIAL, flags);
	EXPECT_EQ(0, memcmp(buf, "0123", 4));
	ASSERT_EQ(3, sendto(t, "abc", 3, 0, (struct sockaddr *)&ua, ualen));
	ASSERT_EQ(WS_READ, ws_wait(u, WS_READ, WAIT_MS));
	flags = MSG_PARTIAL;
	EXPECT_EQ(3, WSARecvEx(u, buf, sizeof(buf), &flags));
	EXPECT_EQ(0, flags);
	closesocket(t);
	closesocket(u);
}

/* --- WSARecvMsg, WSASendMsg ---------------------------------------------- */

/* Two UDP sockets on loopback; @r gets IP_PKTINFO (IPV6_PKTINFO) on. */
static void udp_pair(struct __test_metadata *_metadata, int af, SOCKET *r,
		     struct sockaddr_storage *ra, int *ralen, SOCKET *t)
{
	DWORD on = 1;

	*r = ws_bound(_metadata, af, SOCK_DGRAM, ra, ralen);
	*t = socket(af, SOCK_DGRAM, IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, *t);
	ASSERT_EQ(0, setsockopt(*r, af == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP,
				af == AF_INET6 ? IPV6_PKTINFO : IP_PKTINFO,
				(char *)&on, sizeof(on)));
}

/*
 * Wine test_ip_pktinfo, test_ipv4_cmsg, test_ipv6_cmsg: WSARecvMsg with a
 * NULL message is WSAEFAULT; with room, it returns the data, the sender's
 * address and an IP_PKTINFO (IPV6_PKTINFO) message holding the destination
 * address, with Control.len one header plus the aligned IN_PKTINFO.
 */
TEST_F(ext, wsarecvmsg_pktinfo)
{
	LPFN_WSARECVMSG recv_msg = ext_fn(_metadata, self->l, (GUID)WSAID_WSARECVMSG);
	struct sockaddr_storage ra, from;
	char buf[16], ctl[256];
	WSABUF wb = { sizeof(buf), buf };
	WSAMSG msg = { 0 };
	WSACMSGHDR *c;
	DWORD got = 0;
	SOCKET r, t;
	int ralen;

	ASSERT_NE(NULL, recv_msg);
	udp_pair(_metadata, variant->af, &r, &ra, &ralen, &t);
	ASSERT_WSAFAIL(WSAEFAULT, recv_msg(r, NULL, &got, NULL, NULL));
	ASSERT_EQ(6, sendto(t, "pkt123", 6, 0, (struct sockaddr *)&ra, ralen));
	ASSERT_EQ(WS_READ, ws_wait(r, WS_READ, WAIT_MS));
	msg.name = (struct sockaddr *)&from;
	msg.namelen = sizeof(from);
	msg.lpBuffers = &wb;
	msg.dwBufferCount = 1;
	msg.Control.buf = ctl;
	msg.Control.len = sizeof(ctl);
	ASSERT_EQ(0, recv_msg(r, &msg, &got, NULL, NULL)) TH_LOG("error %d",
								 WSAGetLastError());
	EXPECT_EQ(6, got);
	EXPECT_EQ(0, memcmp(buf, "pkt123", 6));
	EXPECT_EQ(ws_addrlen(variant->af), msg.namelen);
	EXPECT_EQ(0, msg.dwFlags);
	c = WSA_CMSG_FIRSTHDR(&msg);
	ASSERT_NE(NULL, c);
	if (variant->af == AF_INET6) {
		IN6_PKTINFO *pi = (IN6_PKTINFO *)WSA_CMSG_DATA(c);

		EXPECT_EQ(WSA_CMSG_SPACE(sizeof(IN6_PKTINFO)), msg.Control.len);
		EXPECT_EQ(IPPROTO_IPV6, c->cmsg_level);
		EXPECT_EQ(IPV6_PKTINFO, c->cmsg_type);
		EXPECT_EQ(0, memcmp(&pi->ipi6_addr, &in6addr_loopback, 16));
	} else {
		IN_PKTINFO *pi = (IN_PKTINFO *)WSA_CMSG_DATA(c);

		EXPECT_EQ(WSA_CMSG_SPACE(sizeof(IN_PKTINFO)), msg.Control.len);
		EXPECT_EQ(IPPROTO_IP, c->cmsg_level);
		EXPECT_EQ(IP_PKTINFO, c->cmsg_type);
		EXPECT_EQ(htonl(INADDR_LOOPBACK), pi->ipi_addr.s_addr);
		EXPECT_NE(0, pi->ipi_ifindex);
	}
	closesocket(t);
	closesocket(r);
}

/* Set the INT BOOL receive option @name of level @level on @s. */
static int set_rx(SOCKET s, int level, int name, DWORD on)
{
	return setsockopt(s, level, name, (char *)&on, sizeof(on));
}

static DWORD get_rx(struct __test_metadata *_metadata, SOCKET s, int level,
		    int name)
{
	DWORD v = 0xdeadbeef;
	int len = sizeof(v);

	EXPECT_EQ(0, getsockopt(s, level, name, (char *)&v, &len));
	EXPECT_EQ(sizeof(v), len);
	return v;
}

/*
 * Send "abc" from @t to @ra (with the WSASendMsg control message @sctl of
 * @sctl_len bytes, if any), receive it on @r with WSARecvMsg into @ctl
 * (256 bytes); return the WSAMSG's Control.len.
 */
static ULONG rx_one(struct __test_metadata *_metadata, SOCKET r, SOCKET t,
		    struct sockaddr_storage *ra, int ralen, void *sctl,
		    ULONG sctl_len, char *ctl)
{
	LPFN_WSASENDMSG send_msg = ext_fn(_metadata, r, (GUID)WSAID_WSASENDMSG);
	LPFN_WSARECVMSG recv_msg = ext_fn(_metadata, r, (GUID)WSAID_WSARECVMSG);
	char b[3] = "abc", in[8];
	WSABUF sb = { 3, b }, rb = { sizeof(in), in };
	WSAMSG msg = { 0 };
	DWORD n = 0;

	msg.name = (struct sockaddr *)ra;
	msg.namelen = ralen;
	msg.lpBuffers = &sb;
	msg.dwBufferCount = 1;
	msg.Control.buf = sctl;
	msg.Control.len = sctl_len;
	EXPECT_EQ(0, send_msg(t, &msg, 0, &n, NULL, NULL)) TH_LOG("error %d",
								  WSAGetLastError());
	EXPECT_EQ(3, n);
	memset(&msg, 0, sizeof(msg));
	msg.lpBuffers = &rb;
	msg.dwBufferCount = 1;
	msg.Control.buf = ctl;
	msg.Control.len = 256;
	memset(ctl, 0xcc, 256);
	EXPECT_EQ(WS_READ, ws_wait(r, WS_READ, WAIT_MS));
	EXPECT_EQ(0, recv_msg(r, &msg, &n, NULL, NULL)) TH_LOG("error %d",
							       WSAGetLastError());
	EXPECT_EQ(3, n);
	EXPECT_EQ(0, msg.dwFlags);
	return msg.Control.len;
}

/* The control message of @level/@type in @ctl (@len bytes), or NULL. */
static WSACMSGHDR *find_cmsg(char *ctl, ULONG len, int level, int type)
{
	WSAMSG msg = { 0 };
	WSACMSGHDR *c;

	msg.Control.buf = ctl;
	msg.Control.len = len;
	for (c = WSA_CMSG_FIRSTHDR(&msg); c; c = WSA_CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == level && c->cmsg_type == type)
			return c;
	return NULL;
}

/*
 * IP_RECVDSTADDR and IP_RECVIF (IPV6_RECVDSTADDR, IPV6_RECVIF): Wine
 * test_sockopt_validity reads them FALSE on UDP and sets them back; the
 * IPPROTO_IP and IPPROTO_IPV6 option pages: with one on, WSARecvMsg returns
 * a control message of that type at that level: the destination address
 * (IN_ADDR, IN6_ADDR) and the index of the interface the datagram came in
 * on. Each stands alone: neither gives the IP_PKTINFO message, nor does
 * turning IP_PKTINFO off take theirs away.
 */
TEST_F(ext, wsarecvmsg_dstaddr_if)
{
	int v6 = variant->af == AF_INET6, lvl = v6 ? IPPROTO_IPV6 : IPPROTO_IP;
	int pkt = v6 ? IPV6_PKTINFO : IP_PKTINFO;
	int dst = v6 ? IPV6_RECVDSTADDR : IP_RECVDSTADDR;
	int ifo = v6 ? IPV6_RECVIF : IP_RECVIF;
	struct sockaddr_storage ra;
	WSACMSGHDR *c;
	char ctl[256];
	SOCKET r, t;
	ULONG len;
	int ralen;

	udp_pair(_metadata, variant->af, &r, &ra, &ralen, &t);
	ASSERT_EQ(0, set_rx(r, lvl, pkt, 0));
	EXPECT_EQ(0, get_rx(_metadata, r, lvl, dst));
	EXPECT_EQ(0, get_rx(_metadata, r, lvl, ifo));
	ASSERT_EQ(0, set_rx(r, lvl, dst, 1)) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(0, set_rx(r, lvl, ifo, 1)) TH_LOG("error %d", WSAGetLastError());
	EXPECT_EQ(1, get_rx(_metadata, r, lvl, dst));
	EXPECT_EQ(1, get_rx(_metadata, r, lvl, ifo));
	EXPECT_EQ(0, get_rx(_metadata, r, lvl, pkt));

	len = rx_one(_metadata, r, t, &ra, ralen, NULL, 0, ctl);
	EXPECT_EQ(WSA_CMSG_SPACE(v6 ? 16 : 4) + WSA_CMSG_SPACE(4), len);
	EXPECT_EQ(NULL, find_cmsg(ctl, len, lvl, pkt));
	c = find_cmsg(ctl, len, lvl, dst);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(WSA_CMSG_LEN(v6 ? 16 : 4), c->cmsg_len);
	if (v6) {
		EXPECT_EQ(0, memcmp(WSA_CMSG_DATA(c), &in6addr_loopback, 16));
	} else {
		EXPECT_EQ(htonl(INADDR_LOOPBACK), *(ULONG *)WSA_CMSG_DATA(c));
	}
	c = find_cmsg(ctl, len, lvl, ifo);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(WSA_CMSG_LEN(4), c->cmsg_len);
	EXPECT_EQ(1, *(ULONG *)WSA_CMSG_DATA(c));	/* Linux's lo */

	/* IP_PKTINFO on and off again: IP_RECVDSTADDR alone stays. */
	ASSERT_EQ(0, set_rx(r, lvl, ifo, 0));
	ASSERT_EQ(0, set_rx(r, lvl, pkt, 1));
	ASSERT_EQ(0, set_rx(r, lvl, pkt, 0));
	EXPECT_EQ(0, get_rx(_metadata, r, lvl, ifo));
	EXPECT_EQ(1, get_rx(_metadata, r, lvl, dst));
	len = rx_one(_metadata, r, t, &ra, ralen, NULL, 0, ctl);
	EXPECT_EQ(WSA_CMSG_SPACE(v6 ? 16 : 4), len);
	EXPECT_NE(NULL, find_cmsg(ctl, len, lvl, dst));

	/* And with all three on, IN(6)_PKTINFO too. */
	ASSERT_EQ(0, set_rx(r, lvl, ifo, 1));
	ASSERT_EQ(0, set_rx(r, lvl, pkt, 1));
	len = rx_one(_metadata, r, t, &ra, ralen, NULL, 0, ctl);
	EXPECT_EQ(WSA_CMSG_SPACE(v6 ? 16 : 4) + WSA_CMSG_SPACE(4) +
		  WSA_CMSG_SPACE(v6 ? sizeof(IN6_PKTINFO) : sizeof(IN_PKTINFO)),
		  len);
	EXPECT_NE(NULL, find_cmsg(ctl, len, lvl, pkt));
	EXPECT_NE(NULL, find_cmsg(ctl, len, lvl, dst));
	EXPECT_NE(NULL, find_cmsg(ctl, len, lvl, ifo));

	/* All off: no control data. */
	ASSERT_EQ(0, set_rx(r, lvl, ifo, 0));
	ASSERT_EQ(0, set_rx(r, lvl, pkt, 0));
	ASSERT_EQ(0, set_rx(r, lvl, dst, 0));
	EXPECT_EQ(0, rx_one(_metadata, r, t, &ra, ralen, NULL, 0, ctl));
	closesocket(t);
	closesocket(r);
}

/*
 * IP_ECN (IPV6_ECN): WSASetRecvIPEcn's page: WSARecvMsg returns a control
 * message of type IP_ECN (IPV6_ECN) at level IPPROTO_IP (IPPROTO_IPV6)
 * holding the ECN codepoint as an INT; IP_RECVTOS (IPV6_RECVTCLASS) gives
 * the whole byte as IP_TOS (IPV6_TCLASS), each only when asked for. Wine
 * test_sockopt_validity: FALSE by default, set back.
 */
TEST_F(ext, wsarecvmsg_ecn)
{
	int v6 = variant->af == AF_INET6, lvl = v6 ? IPPROTO_IPV6 : IPPROTO_IP;
	int ecn = v6 ? IPV6_ECN : IP_ECN, all = v6 ? IPV6_RECVTCLASS : IP_RECVTOS;
	int tos_type = v6 ? IPV6_TCLASS : IP_TOS;
	struct sockaddr_storage ra;
	union {
		WSACMSGHDR h;
		char space[64];
	} sctl;
	WSACMSGHDR *c;
	char ctl[256];
	SOCKET r, t;
	ULONG len;
	int ralen, tos = 0xb9;		/* DSCP 46, ECN codepoint 1: ECT(1) */

	udp_pair(_metadata, variant->af, &r, &ra, &ralen, &t);
	ASSERT_EQ(0, set_rx(r, lvl, v6 ? IPV6_PKTINFO : IP_PKTINFO, 0));
	memset(&sctl, 0, sizeof(sctl));
	sctl.h.cmsg_len = WSA_CMSG_LEN(sizeof(int));
	sctl.h.cmsg_level = lvl;
	sctl.h.cmsg_type = tos_type;
	memcpy(WSA_CMSG_DATA(&sctl.h), &tos, sizeof(int));

	EXPECT_EQ(0, get_rx(_metadata, r, lvl, ecn));
	ASSERT_EQ(0, set_rx(r, lvl, ecn, 1)) TH_LOG("error %d", WSAGetLastError());
	EXPECT_EQ(1, get_rx(_metadata, r, lvl, ecn));
	EXPECT_EQ(0, get_rx(_metadata, r, lvl, all));
	len = rx_one(_metadata, r, t, &ra, ralen, sctl.space,
		     WSA_CMSG_SPACE(sizeof(int)), ctl);
	EXPECT_EQ(WSA_CMSG_SPACE(sizeof(int)), len);
	c = find_cmsg(ctl, len, lvl, ecn);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(WSA_CMSG_LEN(sizeof(int)), c->cmsg_len);
	EXPECT_EQ(1, *(int *)WSA_CMSG_DATA(c));

	/* Both: the whole byte and its codepoint. */
	ASSERT_EQ(0, set_rx(r, lvl, all, 1));
	len = rx_one(_metadata, r, t, &ra, ralen, sctl.space,
		     WSA_CMSG_SPACE(sizeof(int)), ctl);
	EXPECT_EQ(2 * WSA_CMSG_SPACE(sizeof(int)), len);
	c = find_cmsg(ctl, len, lvl, tos_type);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(0xb9, *(int *)WSA_CMSG_DATA(c));
	c = find_cmsg(ctl, len, lvl, ecn);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(1, *(int *)WSA_CMSG_DATA(c));

	/* IP_ECN off: IP_RECVTOS's alone, and the sock still gives it. */
	ASSERT_EQ(0, set_rx(r, lvl, ecn, 0));
	EXPECT_EQ(0, get_rx(_metadata, r, lvl, ecn));
	len = rx_one(_metadata, r, t, &ra, ralen, sctl.space,
		     WSA_CMSG_SPACE(sizeof(int)), ctl);
	EXPECT_EQ(WSA_CMSG_SPACE(sizeof(int)), len);
	EXPECT_NE(NULL, find_cmsg(ctl, len, lvl, tos_type));
	closesocket(t);
	closesocket(r);
}

/*
 * Wine test_ip_pktinfo: with Control.len 1, the synchronous call fails with
 * WSAEMSGSIZE, still counts the 6 bytes, and sets MSG_CTRUNC; overlapped,
 * pending first, Control.len stays until completion, then Internal is
 * STATUS_BUFFER_OVERFLOW, InternalHigh 6, dwFlags MSG_CTRUNC, and
 * WSAGetOverlappedResult fails with WSAEMSGSIZE leaving its flags alone.
 */
TEST_F(ext, wsarecvmsg_control_truncated)
{
	LPFN_WSARECVMSG recv_msg = ext_fn(_metadata, self->l, (GUID)WSAID_WSARECVMSG);
	struct sockaddr_storage ra;
	char buf[16], ctl[1];
	WSABUF wb = { sizeof(buf), buf };
	WSAMSG msg = { 0 };
	DWORD got = 0, oflags = 0xdeadbeef;
	OVERLAPPED ov;
	SOCKET r, t;
	int ralen;

	udp_pair(_metadata, variant->af, &r, &ra, &ralen, &t);
	msg.lpBuffers = &wb;
	msg.dwBufferCount = 1;
	msg.Control.buf = ctl;
	msg.Control.len = sizeof(ctl);
	ASSERT_EQ(6, sendto(t, "pkt123", 6, 0, (struct sockaddr *)&ra, ralen));
	ASSERT_EQ(WS_READ, ws_wait(r, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL(WSAEMSGSIZE, recv_msg(r, &msg, &got, NULL, NULL));
	EXPECT_EQ(6, got);
	EXPECT_EQ(MSG_CTRUNC, msg.dwFlags);

	msg.Control.len = sizeof(ctl);
	msg.dwFlags = 0;
	ov_init(&ov, self->ev);
	ASSERT_WSAFAIL(WSA_IO_PENDING, recv_msg(r, &msg, &got, &ov, NULL));
	EXPECT_EQ(1, msg.Control.len);
	ASSERT_EQ(6, sendto(t, "pkt456", 6, 0, (struct sockaddr *)&ra, ralen));
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	EXPECT_EQ(0x80000005u, (DWORD)ov.Internal);
	EXPECT_EQ(6, ov.InternalHigh);
	EXPECT_EQ(MSG_CTRUNC, msg.dwFlags);
	EXPECT_FALSE(WSAGetOverlappedResult(r, &ov, &got, FALSE, &oflags));
	EXPECT_EQ(WSAEMSGSIZE, WSAGetLastError());
	EXPECT_EQ(6, got);
	EXPECT_EQ(0xdeadbeef, oflags);
	closesocket(t);
	closesocket(r);
}

/*
 * Wine test_WSASendMsg: INVALID_SOCKET is WSAENOTSOCK, a NULL message
 * WSAEFAULT, no count and no OVERLAPPED WSAEFAULT, a stream WSAEINVAL; it
 * sends the sum of the buffers. An IP_PKTINFO message sets the source
 * address (the IP_PKTINFO page), here loopback's.
 */
TEST_F(ext, wsasendmsg)
{
	LPFN_WSASENDMSG send_msg = ext_fn(_metadata, self->l, (GUID)WSAID_WSASENDMSG);
	LPFN_WSARECVMSG recv_msg = ext_fn(_metadata, self->l, (GUID)WSAID_WSARECVMSG);
	struct sockaddr_storage ra, from, bound, any;
	char b1[12] = "hello world", b2[6] = "again", in[32];
	WSABUF wb[2] = { { 12, b1 }, { 6, b2 } }, rb = { sizeof(in), in };
	union {
		WSACMSGHDR h;
		char space[64];
	} ctl;
	WSAMSG msg = { 0 }, rmsg = { 0 };
	DWORD sent = 0, got;
	SOCKET r, t, u;
	int ralen, len;

	ASSERT_NE(NULL, send_msg);
	udp_pair(_metadata, variant->af, &r, &ra, &ralen, &t);
	ASSERT_WSAFAIL(WSAENOTSOCK, send_msg(INVALID_SOCKET, &msg, 0, &sent, NULL, NULL));
	ASSERT_WSAFAIL(WSAEFAULT, send_msg(t, NULL, 0, &sent, NULL, NULL));
	msg.name = (struct sockaddr *)&ra;
	msg.namelen = ralen;
	msg.lpBuffers = wb;
	msg.dwBufferCount = 2;
	ASSERT_WSAFAIL(WSAEFAULT, send_msg(t, &msg, 0, NULL, NULL, NULL));
	/*
	 * Wine test_WSASendMsg (todo_wine): that failing call still binds an
	 * unbound socket, to the wildcard address and a port; a call with a
	 * NULL message does not.
	 */
	u = socket(variant->af, SOCK_DGRAM, IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, u);
	ASSERT_WSAFAIL(WSAEFAULT, send_msg(u, NULL, 0, &sent, NULL, NULL));
	len = sizeof(bound);
	ASSERT_WSAFAIL(WSAEINVAL, getsockname(u, (struct sockaddr *)&bound, &len));
	ASSERT_WSAFAIL(WSAEFAULT, send_msg(u, &msg, 0, NULL, NULL, NULL));
	len = sizeof(bound);
	ASSERT_EQ(0, getsockname(u, (struct sockaddr *)&bound, &len));
	ASSERT_NE(0, ws_port(&bound));
	ASSERT_EQ(ws_sockaddr(variant->af, false, ws_port(&bound), &any), len);
	EXPECT_EQ(0, memcmp(&any, &bound, len));
	closesocket(u);
	EXPECT_EQ(0, send_msg(t, &msg, 0, &sent, NULL, NULL));
	EXPECT_EQ(18, sent);
	ASSERT_WSAFAIL(WSAEINVAL, send_msg(self->l, &msg, 0, &sent, NULL, NULL));

	memset(&ctl, 0, sizeof(ctl));
	if (variant->af == AF_INET6) {
		IN6_PKTINFO pi = { .ipi6_addr = IN6ADDR_LOOPBACK_INIT };

		ctl.h.cmsg_len = WSA_CMSG_LEN(sizeof(pi));
		ctl.h.cmsg_level = IPPROTO_IPV6;
		ctl.h.cmsg_type = IPV6_PKTINFO;
		memcpy(WSA_CMSG_DATA(&ctl.h), &pi, sizeof(pi));
		msg.Control.len = WSA_CMSG_SPACE(sizeof(pi));
	} else {
		IN_PKTINFO pi = { .ipi_addr.s_addr = htonl(INADDR_LOOPBACK) };

		ctl.h.cmsg_len = WSA_CMSG_LEN(sizeof(pi));
		ctl.h.cmsg_level = IPPROTO_IP;
		ctl.h.cmsg_type = IP_PKTINFO;
		memcpy(WSA_CMSG_DATA(&ctl.h), &pi, sizeof(pi));
		msg.Control.len = WSA_CMSG_SPACE(sizeof(pi));
	}
	msg.Control.buf = ctl.space;
	msg.dwBufferCount = 1;
	EXPECT_EQ(0, send_msg(t, &msg, 0, &sent, NULL, NULL)) TH_LOG("error %d",
								     WSAGetLastError());
	EXPECT_EQ(12, sent);
	/* Both datagrams arrive from loopback. */
	rmsg.name = (struct sockaddr *)&from;
	rmsg.lpBuffers = &rb;
	rmsg.dwBufferCount = 1;
	for (int i = 0; i < 2; i++) {
		char rctl[64];

		rmsg.namelen = sizeof(from);
		rmsg.Control.buf = rctl;
		rmsg.Control.len = sizeof(rctl);
		ASSERT_EQ(WS_READ, ws_wait(r, WS_READ, WAIT_MS));
		ASSERT_EQ(0, recv_msg(r, &rmsg, &got, NULL, NULL));
		EXPECT_EQ(i ? 12 : 18, got);
		EXPECT_TRUE(ws_is_loopback(&from));
	}
	closesocket(t);
	closesocket(r);
}

TEST_HARNESS_MAIN

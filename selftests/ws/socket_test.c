// SPDX-License-Identifier: GPL-2.0
/*
 * Creating and closing ws sockets through libws (socket, WSASocket,
 * closesocket), the WSAHtonl family, select's argument checks, and every
 * socket function given something that is not a ws socket: a closed SOCKET,
 * INVALID_SOCKET, a pipe, a plain Linux socket, a regular file. Citations:
 * see ws_test.h.
 */
#include "ws_test.h"

#include <mswsock.h>

static const int families[] = { AF_INET, AF_INET6 };

/* Skip (from a TEST body) unless ws sockets of @af can be made. */
#define REQUIRE_WS(af) do { \
	const char *__why = ws_unavailable(af); \
	if (__why) \
		SKIP(return, "%s", __why); \
	ASSERT_EQ(0, ws_startup()); \
} while (0)

TEST(create_stream_and_dgram)
{
	int i;

	REQUIRE_WS(AF_INET6);
	for (i = 0; i < 2; i++) {
		int af = families[i], len;
		struct sockaddr_storage ss;
		SOCKET s;
		char c;

		/* spec socket: SOCK_STREAM "Uses TCP", SOCK_DGRAM "Uses UDP" */
		s = socket(af, SOCK_STREAM, 0);
		ASSERT_NE(INVALID_SOCKET, s) TH_LOG("af %d: error %d", af, WSAGetLastError());
		ASSERT_EQ(SOCK_STREAM, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
		ASSERT_EQ(0, closesocket(s));
		s = socket(af, SOCK_DGRAM, 0);
		ASSERT_NE(INVALID_SOCKET, s);
		ASSERT_EQ(SOCK_DGRAM, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
		ASSERT_EQ(0, closesocket(s));
		s = socket(af, SOCK_STREAM, IPPROTO_TCP);
		ASSERT_NE(INVALID_SOCKET, s);
		ASSERT_EQ(0, closesocket(s));
		s = socket(af, SOCK_DGRAM, IPPROTO_UDP);
		ASSERT_NE(INVALID_SOCKET, s);
		ASSERT_EQ(0, closesocket(s));
		/*
		 * spec ioctlsocket FIONBIO: "When a socket is created, it
		 * operates in blocking mode": recv waits (here, for SO_RCVTIMEO).
		 */
		s = socket(af, SOCK_DGRAM, IPPROTO_UDP);
		ASSERT_NE(INVALID_SOCKET, s);
		ASSERT_EQ(0, ws_set_int(s, SOL_SOCKET, SO_RCVTIMEO, 200));
		len = ws_loopback(af, 0, &ss);
		ASSERT_EQ(0, bind(s, (struct sockaddr *)&ss, len));
		ASSERT_WSAFAIL(WSAETIMEDOUT, recv(s, &c, 1, 0));
		ASSERT_EQ(0, closesocket(s));
	}
	WSACleanup();
}

TEST(create_errors)
{
	static const struct { int af, type, proto, err; } bad[] = {
		{ 0xdead, SOCK_STREAM, IPPROTO_TCP, WSAEAFNOSUPPORT },
		{ AF_INET, 0xdead, IPPROTO_TCP, WSAESOCKTNOSUPPORT },
		{ AF_INET, SOCK_STREAM, 0xdead, WSAEPROTONOSUPPORT },
		{ AF_INET, SOCK_STREAM, IPPROTO_UDP, WSAEPROTONOSUPPORT },
		{ AF_INET, SOCK_DGRAM, IPPROTO_TCP, WSAEPROTONOSUPPORT },
		{ AF_INET6, SOCK_STREAM, IPPROTO_UDP, WSAEPROTONOSUPPORT },
		{ AF_INET6, SOCK_DGRAM, IPPROTO_TCP, WSAEPROTONOSUPPORT },
	};
	int i;

	REQUIRE_WS(0);
	/*
	 * spec socket, WSASocket: WSAEAFNOSUPPORT, WSAESOCKTNOSUPPORT,
	 * WSAEPROTONOSUPPORT; Wine test_WSASocket: which of them Windows
	 * returns for each combination.
	 */
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		SOCKET s;

		WSASetLastError(POISON_ERR);
		s = socket(bad[i].af, bad[i].type, bad[i].proto);
		ASSERT_EQ(INVALID_SOCKET, s) TH_LOG("socket, case %d", i);
		ASSERT_EQ(bad[i].err, WSAGetLastError()) TH_LOG("socket, case %d", i);
		WSASetLastError(POISON_ERR);
		s = WSASocket(bad[i].af, bad[i].type, bad[i].proto, NULL, 0, 0);
		ASSERT_EQ(INVALID_SOCKET, s) TH_LOG("WSASocket, case %d", i);
		ASSERT_EQ(bad[i].err, WSAGetLastError()) TH_LOG("WSASocket, case %d", i);
	}
	WSACleanup();
}

TEST(create_type_from_protocol)
{
	SOCKET s;

	REQUIRE_WS(0);
	/*
	 * Wine test_WSASocket: with type 0, Windows takes the type from the
	 * protocol (TCP: stream, UDP: datagram), and with both 0 makes a
	 * stream socket.
	 */
	s = socket(AF_INET, 0, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(SOCK_STREAM, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
	closesocket(s);
	s = socket(AF_INET, 0, IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(SOCK_DGRAM, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
	closesocket(s);
	s = socket(AF_INET, 0, 0);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(SOCK_STREAM, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
	closesocket(s);
	WSACleanup();
}

TEST(wsasocket)
{
	struct sockaddr_storage ss;
	SOCKET s;
	int len;

	REQUIRE_WS(0);
	/*
	 * spec WSASocket: with lpProtocolInfo NULL, g 0 and dwFlags 0 it makes
	 * a socket like socket() does ("By default, the socket will not have
	 * an overlapped attribute").
	 */
	s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(SOCK_STREAM, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
	len = ws_loopback(AF_INET, 0, &ss);
	ASSERT_EQ(0, bind(s, (struct sockaddr *)&ss, len));
	ASSERT_EQ(0, listen(s, 1));
	ASSERT_EQ(0, closesocket(s));
	/* spec WSASocket: WSAEINVAL "The parameter g specified is not valid" */
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL,
						   0x12345, 0));
	WSACleanup();
}

TEST(closesocket_twice)
{
	SOCKET s;

	REQUIRE_WS(0);
	s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_EQ(0, closesocket(s));
	/*
	 * spec closesocket: it "releases the socket descriptor s, so that
	 * further references to s will fail with the error WSAENOTSOCK".
	 */
	ASSERT_WSAFAIL(WSAENOTSOCK, closesocket(s));
	WSACleanup();
}

TEST(byte_order_per_socket)
{
	u_long l = 0xdeadbeef;
	u_short sh = 0xbeef;
	SOCKET s;

	REQUIRE_WS(0);
	s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s);
	/*
	 * spec WSAHtonl, WSAHtons, WSANtohl, WSANtohs: the value in the byte
	 * order of the socket's protocol (network order for TCP/IP), zero
	 * returned; WSAEFAULT for an invalid output pointer.
	 */
	ASSERT_EQ(0, WSAHtonl(s, 0x01020304, &l));
	ASSERT_EQ(0, memcmp(&l, "\x01\x02\x03\x04", 4));
	ASSERT_EQ(0, WSAHtons(s, 0x0102, &sh));
	ASSERT_EQ(0, memcmp(&sh, "\x01\x02", 2));
	l = 0xdeadbeef;
	ASSERT_EQ(0, WSANtohl(s, htonl(0x01020304), &l));
	ASSERT_EQ(0x01020304, l);
	sh = 0xbeef;
	ASSERT_EQ(0, WSANtohs(s, htons(0x0102), &sh));
	ASSERT_EQ(0x0102, sh);
	ASSERT_WSAFAIL(WSAEFAULT, WSAHtonl(s, 1, NULL));
	ASSERT_WSAFAIL(WSAEFAULT, WSAHtons(s, 1, NULL));
	ASSERT_WSAFAIL(WSAEFAULT, WSANtohl(s, 1, NULL));
	ASSERT_WSAFAIL(WSAEFAULT, WSANtohs(s, 1, NULL));
	closesocket(s);
	WSACleanup();
}

TEST(select_bad_sets)
{
	fd_set r, w, e;
	struct timeval tv = { 0, 0 };

	REQUIRE_WS(0);
	/*
	 * spec select: WSAEINVAL "all three descriptor parameters were NULL";
	 * "any non-NULL descriptor set must contain at least one socket
	 * descriptor"; Wine test_select: empty sets fail with WSAEINVAL.
	 */
	ASSERT_WSAFAIL(WSAEINVAL, select(0, NULL, NULL, NULL, &tv));
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	ASSERT_WSAFAIL(WSAEINVAL, select(0, &r, &w, &e, &tv));
	/*
	 * spec select: WSAENOTSOCK "One of the descriptor sets contains an
	 * entry which is not a socket"; Wine test_select: INVALID_SOCKET in
	 * any of the three sets.
	 */
	FD_SET(INVALID_SOCKET, &r);
	ASSERT_WSAFAIL(WSAENOTSOCK, select(0, &r, &w, &e, &tv));
	FD_ZERO(&r);
	FD_SET(INVALID_SOCKET, &w);
	ASSERT_WSAFAIL(WSAENOTSOCK, select(0, &r, &w, &e, &tv));
	FD_ZERO(&w);
	FD_SET(INVALID_SOCKET, &e);
	ASSERT_WSAFAIL(WSAENOTSOCK, select(0, &r, &w, &e, &tv));
	WSACleanup();
}

TEST(select_bad_pointer)
{
	struct timeval tv = { 0, 0 };

	REQUIRE_WS(0);
	/*
	 * spec select: WSAEFAULT "The ... readfds, writefds, exceptfds, or
	 * timeval parameters are not part of the user address space". (A
	 * crash here means select dereferenced the bad pointer.)
	 */
	ASSERT_WSAFAIL(WSAEFAULT, select(0, (fd_set *)1, NULL, NULL, &tv));
	WSACleanup();
}

/*
 * Every socket function given a descriptor that is not a ws socket fails
 * with WSAENOTSOCK ("The descriptor is not a socket", on every function page
 * of the spec), and leaves a foreign descriptor open and usable.
 */
FIXTURE(notsock) {
	SOCKET s;		/* what the functions are given */
	int fds[2];		/* what must stay open (-1: nothing) */
};

enum notsock_kind { NS_CLOSED, NS_INVALID, NS_PIPE, NS_LINUX_SOCKET, NS_FILE };

FIXTURE_VARIANT(notsock) {
	enum notsock_kind kind;
};

FIXTURE_VARIANT_ADD(notsock, closed_socket) {
	.kind = NS_CLOSED,
};

FIXTURE_VARIANT_ADD(notsock, invalid_socket) {
	.kind = NS_INVALID,
};

FIXTURE_VARIANT_ADD(notsock, pipe) {
	.kind = NS_PIPE,
};

FIXTURE_VARIANT_ADD(notsock, linux_socket) {
	.kind = NS_LINUX_SOCKET,
};

FIXTURE_VARIANT_ADD(notsock, regular_file) {
	.kind = NS_FILE,
};

FIXTURE_SETUP(notsock)
{
	const char *why = ws_unavailable(AF_INET);
	SOCKET s;

	self->fds[0] = self->fds[1] = -1;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	switch (variant->kind) {
	case NS_CLOSED:
		/* spec closesocket: later references fail with WSAENOTSOCK */
		s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
		ASSERT_NE(INVALID_SOCKET, s);
		ASSERT_EQ(0, closesocket(s));
		self->s = s;
		break;
	case NS_INVALID:
		/* spec "Socket Data Type": "INVALID_SOCKET is not a valid socket" */
		self->s = INVALID_SOCKET;
		break;
	case NS_PIPE:
		ASSERT_EQ(0, pipe(self->fds));
		self->s = (SOCKET)self->fds[1];
		break;
	case NS_LINUX_SOCKET:
		self->fds[0] = syscall(SYS_socket, 2 /* Linux AF_INET */, 1 /* SOCK_STREAM */, 0);
		ASSERT_LE(0, self->fds[0]);
		self->s = (SOCKET)self->fds[0];
		break;
	case NS_FILE:
		self->fds[0] = open("/dev/null", O_RDWR);
		ASSERT_LE(0, self->fds[0]);
		self->s = (SOCKET)self->fds[0];
		break;
	}
}

FIXTURE_TEARDOWN(notsock)
{
	if (self->fds[0] >= 0)
		close(self->fds[0]);
	if (self->fds[1] >= 0)
		close(self->fds[1]);
	WSACleanup();
}

/* The foreign descriptors are still open, and a pipe still carries data. */
static void notsock_check_open(struct __test_metadata *_metadata,
			       FIXTURE_DATA(notsock) *self,
			       const FIXTURE_VARIANT(notsock) *variant)
{
	char c = 0;

	if (self->fds[0] >= 0)
		ASSERT_NE(-1, fcntl(self->fds[0], F_GETFD)) TH_LOG("descriptor closed");
	if (self->fds[1] >= 0)
		ASSERT_NE(-1, fcntl(self->fds[1], F_GETFD)) TH_LOG("descriptor closed");
	if (variant->kind == NS_PIPE) {
		ASSERT_EQ(1, write(self->fds[1], "p", 1));
		ASSERT_EQ(1, read(self->fds[0], &c, 1));
		ASSERT_EQ('p', c);
	}
}

TEST_F(notsock, closesocket)
{
	/* spec closesocket: WSAENOTSOCK; it must not close what it does not own */
	ASSERT_WSAFAIL(WSAENOTSOCK, closesocket(self->s));
	notsock_check_open(_metadata, self, variant);
}

TEST_F(notsock, bind_listen_accept_connect)
{
	struct sockaddr_storage ss;
	int len = ws_loopback(AF_INET, 0, &ss);

	/* spec bind, listen, accept, connect: WSAENOTSOCK */
	ASSERT_WSAFAIL(WSAENOTSOCK, bind(self->s, (struct sockaddr *)&ss, len));
	ASSERT_WSAFAIL(WSAENOTSOCK, listen(self->s, 1));
	ASSERT_WSAFAIL_SOCKET(WSAENOTSOCK, accept(self->s, NULL, NULL));
	ws_set_port(&ss, 9);
	ASSERT_WSAFAIL(WSAENOTSOCK, connect(self->s, (struct sockaddr *)&ss, len));
	notsock_check_open(_metadata, self, variant);
}

TEST_F(notsock, send_recv)
{
	struct sockaddr_storage ss;
	int len = ws_loopback(AF_INET, 9, &ss), fromlen = sizeof(ss);
	char buf[4];

	/* spec send, sendto, recv, recvfrom: WSAENOTSOCK */
	ASSERT_WSAFAIL(WSAENOTSOCK, send(self->s, "x", 1, 0));
	ASSERT_WSAFAIL(WSAENOTSOCK, sendto(self->s, "x", 1, 0, (struct sockaddr *)&ss, len));
	ASSERT_WSAFAIL(WSAENOTSOCK, recv(self->s, buf, sizeof(buf), 0));
	ASSERT_WSAFAIL(WSAENOTSOCK, recvfrom(self->s, buf, sizeof(buf), 0,
					     (struct sockaddr *)&ss, &fromlen));
	notsock_check_open(_metadata, self, variant);
}

TEST_F(notsock, shutdown_ioctlsocket)
{
	u_long arg = 1;

	/* spec shutdown, ioctlsocket: WSAENOTSOCK */
	ASSERT_WSAFAIL(WSAENOTSOCK, shutdown(self->s, SD_BOTH));
	ASSERT_WSAFAIL(WSAENOTSOCK, ioctlsocket(self->s, FIONBIO, &arg));
	ASSERT_WSAFAIL(WSAENOTSOCK, ioctlsocket(self->s, FIONREAD, &arg));
	ASSERT_WSAFAIL(WSAENOTSOCK, ioctlsocket(self->s, SIOCATMARK, &arg));
	notsock_check_open(_metadata, self, variant);
	if (self->fds[0] >= 0 && variant->kind != NS_PIPE) {
		/* FIONBIO must not have reached the descriptor */
		ASSERT_EQ(0, fcntl(self->fds[0], F_GETFL) & O_NONBLOCK);
	}
}

TEST_F(notsock, sockopts_and_names)
{
	struct sockaddr_storage ss;
	int val = 1, len;

	/*
	 * spec getsockopt, setsockopt, getsockname, getpeername: WSAENOTSOCK;
	 * Wine test_sockopt_validity: a file handle gives WSAENOTSOCK for
	 * SO_TYPE; Wine test_set_getsockopt: a closed socket gives WSAENOTSOCK
	 * and the value is left alone.
	 */
	len = sizeof(val);
	val = 1234;
	ASSERT_WSAFAIL(WSAENOTSOCK, getsockopt(self->s, SOL_SOCKET, SO_TYPE, (char *)&val, &len));
	ASSERT_EQ(1234, val);
	/*
	 * Wine test_sockopt_validity, file_handle_tests: an unknown name is
	 * WSAENOTSOCK too (the handle is looked at first), and SO_OPENTYPE,
	 * which is the thread's, reads and takes back its value.
	 */
	len = sizeof(val);
	ASSERT_WSAFAIL(WSAENOTSOCK, getsockopt(self->s, SOL_SOCKET, -1, (char *)&val, &len));
	len = sizeof(val);
	val = 1234;
	ASSERT_EQ(0, getsockopt(self->s, SOL_SOCKET, SO_OPENTYPE, (char *)&val, &len));
	ASSERT_EQ(0, WSAGetLastError());
	ASSERT_EQ((int)sizeof(val), len);
	ASSERT_EQ(0, setsockopt(self->s, SOL_SOCKET, SO_OPENTYPE, (const char *)&val, len));
	ASSERT_EQ(0, WSAGetLastError());
	ASSERT_WSAFAIL(WSAENOTSOCK, setsockopt(self->s, SOL_SOCKET, SO_KEEPALIVE,
					       (const char *)&val, sizeof(val)));
	len = sizeof(ss);
	ASSERT_WSAFAIL(WSAENOTSOCK, getsockname(self->s, (struct sockaddr *)&ss, &len));
	len = sizeof(ss);
	ASSERT_WSAFAIL(WSAENOTSOCK, getpeername(self->s, (struct sockaddr *)&ss, &len));
	notsock_check_open(_metadata, self, variant);
}

TEST_F(notsock, select)
{
	fd_set r, e;
	struct timeval tv = { 0, 0 };

	/*
	 * spec select: WSAENOTSOCK "One of the descriptor sets contains an
	 * entry which is not a socket"; Wine test_select: the sets are left
	 * unchanged.
	 */
	FD_ZERO(&r);
	FD_ZERO(&e);
	FD_SET(self->s, &r);
	FD_SET(self->s, &e);
	ASSERT_WSAFAIL(WSAENOTSOCK, select(0, &r, NULL, &e, &tv));
	ASSERT_EQ(1, r.fd_count);
	ASSERT_EQ(1, e.fd_count);
	notsock_check_open(_metadata, self, variant);
}

TEST_F(notsock, byte_order)
{
	u_long l;
	u_short sh;

	/* spec WSAHtonl, WSAHtons, WSANtohl, WSANtohs: WSAENOTSOCK */
	ASSERT_WSAFAIL(WSAENOTSOCK, WSAHtonl(self->s, 1, &l));
	ASSERT_WSAFAIL(WSAENOTSOCK, WSAHtons(self->s, 1, &sh));
	ASSERT_WSAFAIL(WSAENOTSOCK, WSANtohl(self->s, 1, &l));
	ASSERT_WSAFAIL(WSAENOTSOCK, WSANtohs(self->s, 1, &sh));
	notsock_check_open(_metadata, self, variant);
}

TEST_HARNESS_MAIN

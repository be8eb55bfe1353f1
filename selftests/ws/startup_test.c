// SPDX-License-Identifier: GPL-2.0
/*
 * WSAStartup, WSACleanup, WSAGetLastError, WSASetLastError through libws,
 * and every function that needs WSAStartup called without it. Each test
 * runs in its own process, so each starts with libws not initialised.
 * Citations: see ws_test.h.
 */
#include "ws_test.h"

TEST(not_initialised)
{
	struct sockaddr_storage ss;
	int fds[2], len = sizeof(ss), val = 0;
	char buf[64], addr4[4] = { 127, 0, 0, 1 };
	u_long arg = 1;
	fd_set set;
	struct timeval tv = { 0, 0 };
	SOCKET s;

	/*
	 * Every function below lists WSANOTINITIALISED, "A successful
	 * WSAStartup must occur before using this function", on its spec
	 * page; Wine test_WithoutWSAStartup (WSASocket, gethostbyname). The
	 * descriptor passed is a pipe, so the check must come before any look
	 * at the descriptor. WSAGetLastError and WSASetLastError work before
	 * WSAStartup (Wine uses them there).
	 */
	ASSERT_EQ(0, pipe(fds));
	s = (SOCKET)fds[0];
	ws_loopback(AF_INET, 9, &ss);

	ASSERT_WSAFAIL_SOCKET(WSANOTINITIALISED, socket(AF_INET, SOCK_STREAM, 0));
	ASSERT_WSAFAIL_SOCKET(WSANOTINITIALISED, WSASocket(AF_INET, SOCK_STREAM, 0, NULL, 0, 0));
	ASSERT_WSAFAIL(WSANOTINITIALISED,
		       bind(s, (struct sockaddr *)&ss, sizeof(struct sockaddr_in)));
	ASSERT_WSAFAIL(WSANOTINITIALISED, listen(s, 1));
	ASSERT_WSAFAIL_SOCKET(WSANOTINITIALISED, accept(s, NULL, NULL));
	ASSERT_WSAFAIL(WSANOTINITIALISED, connect(s, (struct sockaddr *)&ss,
						  sizeof(struct sockaddr_in)));
	ASSERT_WSAFAIL(WSANOTINITIALISED, send(s, "x", 1, 0));
	ASSERT_WSAFAIL(WSANOTINITIALISED, sendto(s, "x", 1, 0, (struct sockaddr *)&ss,
						 sizeof(struct sockaddr_in)));
	ASSERT_WSAFAIL(WSANOTINITIALISED, recv(s, buf, sizeof(buf), 0));
	len = sizeof(ss);
	ASSERT_WSAFAIL(WSANOTINITIALISED, recvfrom(s, buf, sizeof(buf), 0,
						   (struct sockaddr *)&ss, &len));
	ASSERT_WSAFAIL(WSANOTINITIALISED, shutdown(s, SD_BOTH));
	ASSERT_WSAFAIL(WSANOTINITIALISED, ioctlsocket(s, FIONBIO, &arg));
	len = sizeof(val);
	ASSERT_WSAFAIL(WSANOTINITIALISED, getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&val, &len));
	ASSERT_WSAFAIL(WSANOTINITIALISED, setsockopt(s, SOL_SOCKET, SO_KEEPALIVE,
						     (const char *)&val, sizeof(val)));
	len = sizeof(ss);
	ASSERT_WSAFAIL(WSANOTINITIALISED, getsockname(s, (struct sockaddr *)&ss, &len));
	len = sizeof(ss);
	ASSERT_WSAFAIL(WSANOTINITIALISED, getpeername(s, (struct sockaddr *)&ss, &len));
	FD_ZERO(&set);
	FD_SET(s, &set);
	ASSERT_WSAFAIL(WSANOTINITIALISED, select(0, &set, NULL, NULL, &tv));
	ASSERT_WSAFAIL(WSANOTINITIALISED, closesocket(s));
	ASSERT_WSAFAIL(WSANOTINITIALISED, WSAHtonl(s, 1, &arg));
	ASSERT_WSAFAIL(WSANOTINITIALISED, gethostname(buf, sizeof(buf)));
	ASSERT_WSAFAIL_NULL(WSANOTINITIALISED, gethostbyname("localhost"));
	ASSERT_WSAFAIL_NULL(WSANOTINITIALISED, gethostbyaddr(addr4, 4, AF_INET));
	ASSERT_WSAFAIL_NULL(WSANOTINITIALISED, getservbyname("telnet", "tcp"));
	ASSERT_WSAFAIL_NULL(WSANOTINITIALISED, getservbyport(htons(23), "tcp"));
	ASSERT_WSAFAIL_NULL(WSANOTINITIALISED, getprotobyname("tcp"));
	ASSERT_WSAFAIL_NULL(WSANOTINITIALISED, getprotobynumber(6));
	/* spec WSACleanup: WSANOTINITIALISED too; Wine test_WithWSAStartup */
	ASSERT_WSAFAIL(WSANOTINITIALISED, WSACleanup());
	/* the pipe was not touched */
	ASSERT_EQ(1, write(fds[1], "p", 1));
	ASSERT_EQ(1, read(fds[0], buf, 1));
	close(fds[0]);
	close(fds[1]);
}

TEST(version_negotiation)
{
	static const struct { WORD req, ver; int ret; } tests[] = {
		{ MAKEWORD(0, 0), MAKEWORD(2, 2), WSAVERNOTSUPPORTED },
		{ MAKEWORD(0, 1), MAKEWORD(2, 2), WSAVERNOTSUPPORTED },
		{ MAKEWORD(1, 0), MAKEWORD(1, 0), 0 },
		{ MAKEWORD(1, 1), MAKEWORD(1, 1), 0 },
		{ MAKEWORD(1, 2), MAKEWORD(1, 1), 0 },
		{ MAKEWORD(1, 0xff), MAKEWORD(1, 1), 0 },
		{ MAKEWORD(2, 0), MAKEWORD(2, 0), 0 },
		{ MAKEWORD(2, 1), MAKEWORD(2, 1), 0 },
		{ MAKEWORD(2, 2), MAKEWORD(2, 2), 0 },
		{ MAKEWORD(2, 3), MAKEWORD(2, 2), 0 },
		{ MAKEWORD(2, 0xff), MAKEWORD(2, 2), 0 },
		{ MAKEWORD(3, 0), MAKEWORD(2, 2), 0 },
		{ MAKEWORD(0xff, 0), MAKEWORD(2, 2), 0 },
	};
	WSADATA data;
	int i, ret;

	/*
	 * spec WSAStartup: the DLL returns "in wHighVersion the highest
	 * version it supports and in wVersion the minimum of its high version
	 * and wVersionRequested", or WSAVERNOTSUPPORTED; the error is the
	 * return value. Wine test_startup: Windows (highest version 2.2)
	 * answers this table, fills wVersion and wHighVersion even when it
	 * refuses a 0.x request, and a refused WSAStartup needs no WSACleanup.
	 */
	for (i = 0; i < (int)(sizeof(tests) / sizeof(tests[0])); i++) {
		memset(&data, 0xcc, sizeof(data));
		ret = WSAStartup(tests[i].req, &data);
		ASSERT_EQ(tests[i].ret, ret) TH_LOG("request %#x", tests[i].req);
		ASSERT_EQ(tests[i].ver, data.wVersion) TH_LOG("request %#x", tests[i].req);
		ASSERT_EQ(MAKEWORD(2, 2), data.wHighVersion) TH_LOG("request %#x", tests[i].req);
		if (!ret) {
			/* spec: szDescription and szSystemStatus are null-terminated */
			ASSERT_NE(NULL, memchr(data.szDescription, 0, sizeof(data.szDescription)));
			ASSERT_NE(NULL, memchr(data.szSystemStatus, 0,
					       sizeof(data.szSystemStatus)));
			ASSERT_EQ(0, WSACleanup());
		}
		ASSERT_WSAFAIL(WSANOTINITIALISED, WSACleanup());
	}
}

TEST(startup_null_data)
{
	/*
	 * spec WSAStartup: WSAEFAULT "The lpWSAData is not a valid pointer";
	 * Wine test_startup: and WSAVERNOTSUPPORTED first for a 0.x request.
	 */
	ASSERT_EQ(WSAEFAULT, WSAStartup(MAKEWORD(2, 2), NULL));
	ASSERT_EQ(WSAVERNOTSUPPORTED, WSAStartup(MAKEWORD(0, 1), NULL));
	ASSERT_WSAFAIL(WSANOTINITIALISED, WSACleanup());
}

TEST(cleanup_reference_count)
{
	const char *why = ws_unavailable(AF_INET);
	int type;
	SOCKET s;

	if (why)
		SKIP(return, "%s", why);
	/*
	 * spec WSAStartup/WSACleanup: "if an application calls WSAStartup
	 * three times, it must call WSACleanup three times. The first two
	 * calls to WSACleanup do nothing except decrement an internal
	 * counter"; Wine test_startup.
	 */
	ASSERT_EQ(0, ws_startup());
	ASSERT_EQ(0, ws_startup());
	s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_EQ(0, WSACleanup());
	type = ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE);
	ASSERT_EQ(SOCK_STREAM, type);
	ASSERT_EQ(0, WSACleanup());
	ASSERT_WSAFAIL(WSANOTINITIALISED, WSACleanup());
}

TEST(cleanup_closes_sockets)
{
	const char *why = ws_unavailable(AF_INET);
	struct sockaddr_storage ss;
	SOCKET c, srv, u;
	int len;

	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	ws_tcp_pair(_metadata, AF_INET, &c, &srv);
	u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, u);
	ASSERT_EQ(4, send(c, "TEST", 4, 0));
	/*
	 * spec WSACleanup: "Any sockets open when WSACleanup is called are
	 * reset and automatically deallocated as if closesocket was called".
	 * The descriptors are gone from the process.
	 */
	ASSERT_EQ(0, WSACleanup());
	ASSERT_EQ(-1, fcntl((int)c, F_GETFD));
	ASSERT_EQ(-1, fcntl((int)srv, F_GETFD));
	ASSERT_EQ(-1, fcntl((int)u, F_GETFD));
	/*
	 * Wine test_WithWSAStartup: after a new WSAStartup they are not
	 * sockets (checked for the numbers WSAStartup did not reuse).
	 */
	ASSERT_EQ(0, ws_startup());
	if (fcntl((int)c, F_GETFD) == -1)
		ASSERT_WSAFAIL(WSAENOTSOCK, send(c, "TEST", 4, 0));
	if (fcntl((int)srv, F_GETFD) == -1)
		ASSERT_WSAFAIL(WSAENOTSOCK, send(srv, "TEST", 4, 0));
	len = sizeof(ss);
	if (fcntl((int)u, F_GETFD) == -1)
		ASSERT_WSAFAIL(WSAENOTSOCK, getsockname(u, (struct sockaddr *)&ss, &len));
	ASSERT_EQ(0, WSACleanup());
	/* Wine test_WithWSAStartup: one WSACleanup too many fails */
	ASSERT_WSAFAIL(WSANOTINITIALISED, WSACleanup());
}

TEST(last_error)
{
	/*
	 * spec WSASetLastError: sets "the error code to be returned by a
	 * subsequent WSAGetLastError call"; spec WSAGetLastError: reading it
	 * does not reset it.
	 */
	WSASetLastError(12345);
	ASSERT_EQ(12345, WSAGetLastError());
	ASSERT_EQ(12345, WSAGetLastError());
	WSASetLastError(0);
	ASSERT_EQ(0, WSAGetLastError());
}

struct err_thread {
	int seen_before, seen_after;
};

static void *err_thread_fn(void *arg)
{
	struct err_thread *t = arg;

	t->seen_before = WSAGetLastError();
	WSASetLastError(WSAEWOULDBLOCK);
	t->seen_after = WSAGetLastError();
	return NULL;
}

TEST(last_error_per_thread)
{
	struct err_thread t = { -1, -1 };
	pthread_t th;

	/*
	 * spec "Error codes - errno, h_errno & WSAGetLastError": a "reliable
	 * way for a thread in a multi-threaded process to obtain per-thread
	 * error information"; spec WSASetLastError: "for the current thread".
	 */
	WSASetLastError(WSAECONNRESET);
	ASSERT_EQ(0, pthread_create(&th, NULL, err_thread_fn, &t));
	ASSERT_EQ(0, pthread_join(th, NULL));
	ASSERT_NE(WSAECONNRESET, t.seen_before);
	ASSERT_EQ(WSAEWOULDBLOCK, t.seen_after);
	ASSERT_EQ(WSAECONNRESET, WSAGetLastError());
}

TEST_HARNESS_MAIN

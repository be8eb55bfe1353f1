// SPDX-License-Identifier: GPL-2.0
/*
 * Stale SOCKETs: a program closes a SOCKET with close(2) (spec, Berkeley
 * deviations: "Using the close routine to close a socket is incorrect"),
 * and the descriptor number is then reused by a file or by a socket libws
 * did not create. libws must not take it for its socket: spec closesocket,
 * "further references to s will fail with the error WSAENOTSOCK", and a
 * library never closes a descriptor it does not own, neither in
 * closesocket nor in WSACleanup. Citations: see ws_test.h.
 */
#include "ws_test.h"

#include <sys/stat.h>

/* Puts a fresh file at descriptor @fd, which must be free. */
static int reuse_with_file(int fd)
{
	int f = open("/dev/null", O_RDONLY | O_CLOEXEC), r;

	if (f < 0 || f == fd)
		return f;
	r = dup2(f, fd);
	close(f);
	return r;
}

/* A ws socket made without libws, at descriptor @fd (which must be free). */
static int raw_ws_socket_at(int fd)
{
	char buf[16] = "";
	int pfd, family, s, r;

	pfd = open(WS_MODULE_PARAM, O_RDONLY);
	if (pfd < 0)
		return -1;
	r = read(pfd, buf, sizeof(buf) - 1);
	close(pfd);
	if (r <= 0)
		return -1;
	family = atoi(buf);
	/* uapi/linux/ws.h: WS_PROTOCOL(WS_AF_INET, IPPROTO_TCP) */
	s = syscall(SYS_socket, family, 1 /* SOCK_STREAM */, (2 << 16) | 6);
	if (s < 0 || s == fd)
		return s;
	r = dup2(s, fd);
	close(s);
	return r;
}

static bool is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

FIXTURE(stale) {
	int fd;			/* what was the SOCKET, -1: nothing to close */
};

FIXTURE_SETUP(stale)
{
	const char *why = ws_unavailable(AF_INET);

	self->fd = -1;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
}

FIXTURE_TEARDOWN(stale)
{
	WSACleanup();
	if (self->fd >= 0)
		close(self->fd);
}

/* A SOCKET of libws, then closed behind libws's back. */
static SOCKET stale_socket(struct __test_metadata *_metadata)
{
	SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_EQ(0, close((int)s));
	return s;
}

TEST_F(stale, closesocket_leaves_reusing_file)
{
	SOCKET s = stale_socket(_metadata);

	self->fd = reuse_with_file((int)s);
	ASSERT_EQ((int)s, self->fd);
	ASSERT_WSAFAIL(WSAENOTSOCK, closesocket(s));
	ASSERT_TRUE(is_open(self->fd)) TH_LOG("closesocket closed the file");
	/* "further references to s": still WSAENOTSOCK, still open */
	ASSERT_WSAFAIL(WSAENOTSOCK, closesocket(s));
	ASSERT_TRUE(is_open(self->fd));
}

TEST_F(stale, closesocket_leaves_reusing_ws_socket)
{
	SOCKET s = stale_socket(_metadata);
	int type = 0;
	socklen_t len = sizeof(type);

	self->fd = raw_ws_socket_at((int)s);
	ASSERT_EQ((int)s, self->fd);
	/* A ws socket libws did not create is not libws's. */
	ASSERT_WSAFAIL(WSAENOTSOCK, closesocket(s));
	ASSERT_TRUE(is_open(self->fd)) TH_LOG("closesocket closed the socket");
	ASSERT_EQ(0, syscall(SYS_getsockopt, self->fd, 0xffff, 0x1008 /* SO_TYPE */,
			     &type, &len));
	ASSERT_EQ(SOCK_STREAM, type);
}

TEST_F(stale, wsacleanup_leaves_reusing_file)
{
	SOCKET mine = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	SOCKET s = stale_socket(_metadata);

	ASSERT_NE(INVALID_SOCKET, mine);
	self->fd = reuse_with_file((int)s);
	ASSERT_EQ((int)s, self->fd);
	ASSERT_EQ(0, WSACleanup());
	ASSERT_TRUE(is_open(self->fd)) TH_LOG("WSACleanup closed the file");
	/* spec WSACleanup: libws's own sockets are "deallocated" */
	ASSERT_FALSE(is_open((int)mine));
	ASSERT_EQ(0, ws_startup());	/* for the teardown's WSACleanup */
}

TEST_F(stale, calls_on_reused_file_fail_notsock)
{
	SOCKET s = stale_socket(_metadata);
	u_long arg = 1;
	char c;

	self->fd = reuse_with_file((int)s);
	ASSERT_EQ((int)s, self->fd);
	/* spec: WSAENOTSOCK "The descriptor is not a socket" */
	ASSERT_WSAFAIL(WSAENOTSOCK, recv(s, &c, 1, 0));
	ASSERT_WSAFAIL(WSAENOTSOCK, send(s, "x", 1, 0));
	ASSERT_WSAFAIL(WSAENOTSOCK, ioctlsocket(s, FIONBIO, &arg));
	ASSERT_TRUE(is_open(self->fd));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The socket table without the ws module: descriptors entered as sockets
 * through the internal ws_table_add() (a pipe stands for a ws socket).
 *
 *  - Stale handles: a SOCKET closed with close(2) behind libws's back whose
 *    number is reused by a file or by a socket libws did not create is not
 *    libws's any more. spec closesocket: "further references to s will
 *    fail with the error WSAENOTSOCK"; and a library must never close what
 *    it does not own, neither in closesocket nor in WSACleanup ("Any
 *    sockets open when WSACleanup is called are ... deallocated": libws's
 *    sockets, not the file now using the number).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

#include "internal.h"
#include "tap.h"

/* int WSAStartup/closesocket/WSACleanup without winsock2.h here. */
int WSAStartup(unsigned short version, void *data);
int WSACleanup(void);
int WSAGetLastError(void);
int closesocket(uintptr_t s);

#define SOCKET_ERROR	(-1)

static int start(void)
{
	static char data[1024];

	return WSAStartup(0x0202, data);
}

/* A pipe's read end, entered in the table as a stream socket. */
static int fake_socket(int *other)
{
	int p[2];

	if (pipe(p))
		return -1;
	if (ws_table_add(p[0], WS_ENT_STREAM)) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	*other = p[1];
	return p[0];
}

/* Puts a new file at descriptor @fd (which must be free). */
static int reuse_with_file(int fd)
{
	int f = open("/dev/null", O_RDONLY | O_CLOEXEC), r;

	if (f < 0 || f == fd)
		return f;
	r = dup2(f, fd);
	close(f);
	return r;
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

TEST(table_stale_handle_closesocket)
{
	int fd, w, sv[2];

	EXPECT_EQ(start(), 0);
	/* Reused by a file. */
	fd = fake_socket(&w);
	EXPECT(fd >= 0, "fake socket");
	close(fd);				/* behind libws's back */
	EXPECT_EQ(reuse_with_file(fd), fd);
	EXPECT_EQ(closesocket((uintptr_t)fd), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), 10038);	/* WSAENOTSOCK */
	EXPECT(is_open(fd), "closesocket closed a file it does not own");
	/* And it is forgotten: later references are WSAENOTSOCK as well. */
	EXPECT_EQ(ws_table_get(fd), 0);
	close(fd);
	close(w);

	/* Reused by a socket libws did not create. */
	fd = fake_socket(&w);
	EXPECT(fd >= 0, "fake socket");
	close(fd);
	EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	EXPECT_EQ(dup2(sv[0], fd), fd);
	EXPECT_EQ(closesocket((uintptr_t)fd), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), 10038);
	EXPECT(is_open(fd), "closesocket closed a socket it does not own");
	EXPECT_EQ(send(sv[1], "x", 1, MSG_NOSIGNAL), 1);	/* still connected */
	close(fd);
	close(sv[0]);
	close(sv[1]);
	close(w);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(table_stale_handle_wsacleanup)
{
	int stale, w1, mine, w2;

	EXPECT_EQ(start(), 0);
	stale = fake_socket(&w1);
	mine = fake_socket(&w2);
	EXPECT(stale >= 0 && mine >= 0, "fake sockets");
	close(stale);
	EXPECT_EQ(reuse_with_file(stale), stale);
	EXPECT_EQ(WSACleanup(), 0);
	EXPECT(is_open(stale), "WSACleanup closed a file it does not own");
	EXPECT(!is_open(mine), "WSACleanup left libws's own socket open");
	EXPECT_EQ(ws_table_get(stale), 0);
	close(stale);
	close(w1);
	close(w2);
}

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
 *  - Fork: a socket of the parent is an inherited one in the child, and
 *    the parent's blocked threads are not the child's.
 *  - The caller's pointers after fork: process_vm_readv must read the
 *    child's memory, not the parent's, even after a raw fork system call
 *    that runs no atfork handler.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

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

TEST(table_inherited_in_child)
{
	int fd, w, status = -1;
	uint64_t token;
	pid_t pid;

	fd = fake_socket(&w);
	EXPECT(fd >= 0, "fake socket");
	EXPECT_EQ(ws_table_inherited(fd), 0);
	/* As if a thread of the parent were blocked on it at the fork. */
	EXPECT_EQ(ws_table_enter(fd, &token), 0);
	pid = fork();
	if (pid == 0) {
		int fd2, w2, ok = 1;

		/* The parent's socket is inherited here, a new one is not;
		 * the parent's blocked thread is not counted: removing the
		 * socket finds no thread of this process to cancel. */
		ok &= ws_table_inherited(fd) == 1;
		fd2 = fake_socket(&w2);
		ok &= fd2 >= 0 && ws_table_inherited(fd2) == 0;
		ok &= ws_table_remove(fd) == 0;
		_exit(ok ? 0 : 1);
	}
	EXPECT(pid > 0, "fork");
	if (pid > 0)
		waitpid(pid, &status, 0);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "child's view of the table, status %#x", status);
	/* In the parent the thread is still counted. */
	EXPECT_EQ(ws_table_remove(fd), 1);
	ws_table_leave(fd);
	close(fd);
	close(w);
}

static volatile int copy_source;

/* Reads copy_source through libws's checked copy in a new process made
 * by @raw (a fork system call that runs no atfork handler) or fork(). */
static int copy_in_child(int raw)
{
	int status = -1, v;
	pid_t pid;

	copy_source = 1;
	EXPECT_EQ(wsys_copy_in(&v, (const void *)&copy_source, sizeof(v)), 0);
	EXPECT_EQ(v, 1);
	pid = raw ? (pid_t)syscall(SYS_fork) : fork();
	if (pid == 0) {
		copy_source = 2;
		v = 0;
		if (wsys_copy_in(&v, (const void *)&copy_source, sizeof(v)))
			_exit(3);
		_exit(v == 2 ? 0 : 1);	/* 1: read the parent's memory */
	}
	if (pid < 0)
		return -1;
	waitpid(pid, &status, 0);
	return status;
}

TEST(table_copy_after_fork)
{
	int status = copy_in_child(0);

	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "fork: child's copy, status %#x", status);
	status = copy_in_child(1);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "raw fork: child's copy, status %#x", status);
}

/* A select on a fake socket in another thread. */
struct selecting {
	int fd;
	volatile int started;
	int ret;
	int in_set;
	pthread_t pt;
};

/* winsock2.h cannot be included here: the Winsock fd_set, by hand. */
struct ws_fdset {
	unsigned int	count;
	uintptr_t	array[4];
};
int ws_select(int nfds, void *r, void *w, void *e, const struct timeval *t);

static void *selecting_main(void *arg)
{
	struct selecting *s = arg;
	struct ws_fdset set = { 1, { (uintptr_t)s->fd } };
	struct timeval tv = { 5, 0 };

	__atomic_store_n(&s->started, 1, __ATOMIC_RELEASE);
	s->ret = ws_select(0, &set, NULL, NULL, &tv);
	s->in_set = set.count == 1 && set.array[0] == (uintptr_t)s->fd;
	return NULL;
}

/*
 * closesocket in another thread ends a select that waits on the socket
 * (Wine test_select, "closesocket did not wakeup select": select returns
 * 1 with the socket in readfds), whatever the module does to poll(2):
 * here the socket is a pipe, which nothing but libws's own wake-up ends.
 */
TEST(table_close_wakes_select)
{
	struct timespec t0, t1;
	struct selecting s = { 0 };
	int w;

	EXPECT_EQ(start(), 0);
	s.fd = fake_socket(&w);
	EXPECT(s.fd >= 0, "fake socket");
	EXPECT_EQ(pthread_create(&s.pt, NULL, selecting_main, &s), 0);
	while (!__atomic_load_n(&s.started, __ATOMIC_ACQUIRE))
		;
	usleep(100000);			/* in poll(2) by now */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* closesocket's steps (its close check refuses a pipe) */
	if (ws_table_remove(s.fd))
		ws_table_cancel(s.fd);
	close(s.fd);
	pthread_join(s.pt, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT(t1.tv_sec - t0.tv_sec < 2, "select went on for %ld s",
	       (long)(t1.tv_sec - t0.tv_sec));
	EXPECT_EQ(s.ret, 1);
	EXPECT(s.in_set, "the socket is not in readfds");
	close(w);
	EXPECT_EQ(WSACleanup(), 0);
}

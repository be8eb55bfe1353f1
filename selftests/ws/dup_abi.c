// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of WS_IOC_DUPLICATE and WS_IOC_CLAIM (uapi/linux/ws.h), the
 * module's half of WSADuplicateSocket, through the raw kernel ABI: the
 * errors, who may claim, the per-user limit and its reclaiming of the
 * duplications of dead targets, pid namespaces. The rules are the spec's
 * (WSADuplicateSocket: the structure is for "the target process" and "may
 * only be used once"; "Shared Sockets": one socket, descriptors closed
 * independently) and the ABI's own, documented in uapi/linux/ws.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/ws.h>

#include "kselftest_harness.h"
#include "ws_abi.h"

#define LIMIT_PARAM	"/sys/module/ws/parameters/max_dups_per_user"

static int dup_to(int dev, int fd, pid_t pid, __u32 *token)
{
	struct ws_dup_args a = { .fd = fd, .pid = (__u32)pid, .token = 0 };

	if (ioctl(dev, WS_IOC_DUPLICATE, &a))
		return -errno;
	*token = a.token;
	return 0;
}

static int claim(int dev, __u32 token, __u32 flags)
{
	struct ws_claim_args a = { .token = token, .flags = flags, .fd = -1 };

	if (ioctl(dev, WS_IOC_CLAIM, &a))
		return -errno;
	return a.fd;
}

/* Is @a the same open file as @b (one socket, not a copy)? */
static int same_socket(int a, int b)
{
	struct stat sa, sb;

	if (fstat(a, &sa) || fstat(b, &sb))
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int waitexit(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static unsigned int read_uint(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned int v = 0;

	if (f) {
		if (fscanf(f, "%u", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

static int write_uint(const char *path, unsigned int v)
{
	FILE *f = fopen(path, "w");
	int r;

	if (!f)
		return -1;
	r = fprintf(f, "%u\n", v) < 0;
	return fclose(f) || r ? -1 : 0;
}

FIXTURE(dup) {
	int fam, dev, s;
};

FIXTURE_SETUP(dup)
{
	self->dev = self->s = -1;
	self->fam = ws_family();
	if (self->fam < 0)
		SKIP(return, "ws module not loaded");
	self->dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (self->dev < 0)
		SKIP(return, "%s: %s", WS_DEVICE_PATH, strerror(errno));
	self->s = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, self->s);
}

FIXTURE_TEARDOWN(dup)
{
	if (self->s >= 0)
		close(self->s);
	if (self->dev >= 0)
		close(self->dev);
}

/* The argument checks, and what is not a ws socket or a process. */
TEST_F(dup, errors)
{
	struct ws_dup_args d = { .fd = self->s, .pid = (__u32)getpid(), .reserved = 1 };
	struct ws_claim_args c = { .token = 1, .flags = O_NONBLOCK };
	int p[2], closed;
	char comm[32] = "";
	__u32 token = 0;
	FILE *f;
	pid_t pid;

	ASSERT_EQ(-1, ioctl(self->dev, WS_IOC_DUPLICATE, &d));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, ioctl(self->dev, WS_IOC_DUPLICATE, NULL));
	ASSERT_EQ(EFAULT, errno);
	/* Not a ws socket: a pipe, the device itself; no descriptor. */
	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(-EINVAL, dup_to(self->dev, p[0], getpid(), &token));
	ASSERT_EQ(-EINVAL, dup_to(self->dev, self->dev, getpid(), &token));
	closed = p[1];
	close(p[0]);
	close(p[1]);
	ASSERT_EQ(-EBADF, dup_to(self->dev, closed, getpid(), &token));
	ASSERT_EQ(-EBADF, dup_to(self->dev, -1, getpid(), &token));
	/* No such process: 0, beyond the pid range, one reaped. */
	ASSERT_EQ(-ESRCH, dup_to(self->dev, self->s, 0, &token));
	ASSERT_EQ(-ESRCH, dup_to(self->dev, self->s, (pid_t)0x7ffffff0, &token));
	ASSERT_EQ(-ESRCH, dup_to(self->dev, self->s, (pid_t)-5, &token));
	pid = fork();
	if (pid == 0)
		_exit(0);
	ASSERT_EQ(0, waitexit(pid));
	ASSERT_EQ(-ESRCH, dup_to(self->dev, self->s, pid, &token));
	/* A kernel thread (kthreadd, where this runs in the initial pid
	 * namespace) is no process a socket can be given to. */
	f = fopen("/proc/2/comm", "r");
	if (f) {
		if (!fgets(comm, sizeof(comm), f))
			comm[0] = 0;
		fclose(f);
	}
	if (!strcmp(comm, "kthreadd\n"))
		EXPECT_EQ(-ESRCH, dup_to(self->dev, self->s, 2, &token));
	/* Claims: flags other than O_CLOEXEC; tokens that name nothing. */
	ASSERT_EQ(-1, ioctl(self->dev, WS_IOC_CLAIM, &c));
	ASSERT_EQ(EINVAL, errno);
	c.flags = 0;
	c.pad = 1;
	ASSERT_EQ(-1, ioctl(self->dev, WS_IOC_CLAIM, &c));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, ioctl(self->dev, WS_IOC_CLAIM, NULL));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-ENOENT, claim(self->dev, 0, 0));
	ASSERT_EQ(-ENOENT, claim(self->dev, 0xdeadbeef, 0));
}

struct idle {
	pid_t	tid;
	int	stop;
};

static void *idle_thread(void *arg)
{
	struct idle *t = arg;

	__atomic_store_n(&t->tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
	while (!__atomic_load_n(&t->stop, __ATOMIC_ACQUIRE))
		usleep(1000);
	return NULL;
}

/* A thread's id names no process (WSADuplicateSocket takes a process id). */
TEST_F(dup, thread_id_is_no_process)
{
	struct idle t = { 0 };
	pthread_t pt;
	__u32 token = 0;

	ASSERT_EQ(0, pthread_create(&pt, NULL, idle_thread, &t));
	while (!__atomic_load_n(&t.tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	ASSERT_NE(getpid(), t.tid);
	EXPECT_EQ(-ESRCH, dup_to(self->dev, self->s, t.tid, &token));
	__atomic_store_n(&t.stop, 1, __ATOMIC_RELEASE);
	pthread_join(pt, NULL);
}

/*
 * Into the caller itself: a nonzero token, different each time; the claim
 * is a descriptor of the same open file, close-on-exec when asked, and
 * works once. Any thread of the target may claim.
 */
TEST_F(dup, self)
{
	__u32 t1 = 0, t2 = 0;
	int fd;

	ASSERT_EQ(0, dup_to(self->dev, self->s, getpid(), &t1));
	ASSERT_EQ(0, dup_to(self->dev, self->s, getpid(), &t2));
	ASSERT_NE(0u, t1);
	ASSERT_NE(0u, t2);
	ASSERT_NE(t1, t2);
	fd = claim(self->dev, t1, O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_TRUE(same_socket(fd, self->s));
	ASSERT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	ASSERT_EQ(-ENOENT, claim(self->dev, t1, 0));
	close(fd);
	fd = claim(self->dev, t2, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}

/* A claim whose result cannot be written leaves the duplication pending. */
TEST_F(dup, claim_fault_keeps_it)
{
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct ws_claim_args *a = ro;
	__u32 token = 0;
	int fd;

	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(0, dup_to(self->dev, self->s, getpid(), &token));
	/* The arguments are readable, the fd cannot be written back. */
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ | PROT_WRITE));
	a->token = token;
	a->flags = 0;
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ));
	ASSERT_EQ(-1, ioctl(self->dev, WS_IOC_CLAIM, a));
	ASSERT_EQ(EFAULT, errno);
	fd = claim(self->dev, token, 0);
	ASSERT_LE(0, fd);
	ASSERT_TRUE(same_socket(fd, self->s));
	close(fd);
	munmap(ro, 4096);
}

/*
 * Only the target: another process (a child, which shares the giver's
 * user and file table copy) cannot claim what was made for its parent,
 * and the parent cannot claim what was made for the child; the child can.
 */
TEST_F(dup, only_the_target)
{
	__u32 for_parent = 0, for_child = 0;
	int p[2], fd;
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, dup_to(self->dev, self->s, getpid(), &for_parent));
	pid = fork();
	if (pid == 0) {
		__u32 tok;
		int dev, t;

		close(p[1]);
		/* The child's own open of the device, and the inherited one. */
		dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (dev < 0)
			_exit(1);
		if (claim(dev, for_parent, 0) != -ENOENT ||
		    claim(self->dev, for_parent, 0) != -ENOENT)
			_exit(2);
		if (read(p[0], &tok, sizeof(tok)) != sizeof(tok))
			_exit(3);
		close(self->s);
		t = claim(dev, tok, 0);
		if (t < 0)
			_exit(4);
		if (claim(dev, tok, 0) != -ENOENT)
			_exit(5);
		_exit(0);
	}
	ASSERT_LT(0, pid);
	close(p[0]);
	ASSERT_EQ(0, dup_to(self->dev, self->s, pid, &for_child));
	ASSERT_EQ(-ENOENT, claim(self->dev, for_child, 0));
	ASSERT_EQ((ssize_t)sizeof(for_child), write(p[1], &for_child, sizeof(for_child)));
	close(p[1]);
	ASSERT_EQ(0, waitexit(pid));
	/* The parent's is still there for it. */
	fd = claim(self->dev, for_parent, 0);
	ASSERT_LE(0, fd);
	close(fd);
}

/*
 * The socket is held while pending: the giver closes its descriptor, the
 * number is reused by another file, and the claim still gets the socket,
 * bound where it was.
 */
TEST_F(dup, held_while_pending)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct sockaddr_in b;
	socklen_t alen = sizeof(a), blen = sizeof(b);
	int old = self->s, reuse, fd;
	__u32 token = 0;

	ASSERT_EQ(0, bind(self->s, (void *)&a, sizeof(a)));
	ASSERT_EQ(0, getsockname(self->s, (void *)&a, &alen));
	ASSERT_EQ(0, dup_to(self->dev, self->s, getpid(), &token));
	close(self->s);
	self->s = -1;
	reuse = open("/dev/null", O_RDONLY);
	ASSERT_EQ(old, reuse);
	fd = claim(self->dev, token, 0);
	ASSERT_LE(0, fd);
	ASSERT_FALSE(same_socket(fd, reuse));
	ASSERT_EQ(0, getsockname(fd, (void *)&b, &blen));
	ASSERT_EQ(a.sin_port, b.sin_port);
	close(fd);
	close(reuse);
}

/*
 * max_dups_per_user: past it, EDQUOT; a claim gives one back; and the
 * duplications of a target that died are given back when the limit is
 * reached.
 */
TEST_F(dup, limit)
{
	unsigned int saved;
	__u32 tok[4] = { 0 }, extra = 0;
	int i, fd, go[2];
	pid_t pid;

	if (geteuid())
		SKIP(return, "needs root to set %s", LIMIT_PARAM);
	saved = read_uint(LIMIT_PARAM);
	ASSERT_NE(0u, saved);
	ASSERT_EQ(0, write_uint(LIMIT_PARAM, 4));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, dup_to(self->dev, self->s, getpid(), &tok[i]));
	EXPECT_EQ(-EDQUOT, dup_to(self->dev, self->s, getpid(), &extra));
	fd = claim(self->dev, tok[0], 0);
	EXPECT_LE(0, fd);
	close(fd);
	EXPECT_EQ(0, dup_to(self->dev, self->s, getpid(), &tok[0]));
	for (i = 0; i < 4; i++) {
		fd = claim(self->dev, tok[i], 0);
		EXPECT_LE(0, fd);
		close(fd);
	}

	/* Four for a child that then dies without claiming. */
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	if (pid == 0) {
		char c;

		close(go[1]);
		_exit(read(go[0], &c, 1) == 0 ? 0 : 1);
	}
	ASSERT_LT(0, pid);
	close(go[0]);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, dup_to(self->dev, self->s, pid, &tok[i]));
	close(go[1]);
	EXPECT_EQ(0, waitexit(pid));
	/* At the limit: the dead target's are reclaimed, this one fits. */
	EXPECT_EQ(0, dup_to(self->dev, self->s, getpid(), &extra));
	fd = claim(self->dev, extra, 0);
	EXPECT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, write_uint(LIMIT_PARAM, saved));
}

/*
 * pid namespaces: pids are the caller's. A child in a new pid namespace
 * (and, for an unprivileged caller, a new user namespace)
 * cannot name its parent (not in its namespace: ESRCH for the parent's
 * number there), while the parent names the child by the number it sees
 * and the child claims it.
 */
TEST_F(dup, pid_namespace)
{
	pid_t pid, me = getpid();
	__u32 token = 0;
	int p[2];

	/* Without privilege, in a user namespace of its own. */
	if (unshare(CLONE_NEWPID) &&
	    (errno != EPERM || unshare(CLONE_NEWUSER | CLONE_NEWPID)))
		SKIP(return, "unshare(CLONE_NEWPID): %s", strerror(errno));
	ASSERT_EQ(0, pipe(p));
	pid = fork();
	if (pid == 0) {
		__u32 tok = 0, mine = 0;
		pid_t parent;
		int dev, fd;

		close(p[1]);
		if (getpid() != 1)
			_exit(1);
		dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (dev < 0)
			_exit(2);
		if (read(p[0], &parent, sizeof(parent)) != sizeof(parent) ||
		    read(p[0], &tok, sizeof(tok)) != sizeof(tok))
			_exit(3);
		/* The parent's number means nothing here (only 1 exists). */
		if (parent != 1 && dup_to(dev, self->s, parent, &mine) != -ESRCH)
			_exit(4);
		fd = claim(dev, tok, 0);
		if (fd < 0 || !same_socket(fd, self->s))
			_exit(5);
		_exit(0);
	}
	ASSERT_LT(0, pid);
	close(p[0]);
	ASSERT_EQ(0, dup_to(self->dev, self->s, pid, &token));
	ASSERT_EQ((ssize_t)sizeof(me), write(p[1], &me, sizeof(me)));
	ASSERT_EQ((ssize_t)sizeof(token), write(p[1], &token, sizeof(token)));
	close(p[1]);
	ASSERT_EQ(0, waitexit(pid));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of what a hostile or careless user can do to the ws module,
 * through the raw kernel ABI (uapi/linux/ws.h): binding twice after the
 * socket lost its port, taking over another user's port, escaping a
 * Landlock ruleset, SO_DEBUG without privilege, descriptors and messages
 * lost when a result cannot be copied out, the per-user limits, and what
 * identifiers and device modes reveal.
 *
 * Each expectation cites its source: a page of the Winsock 2 specification,
 * Windows' documented behaviour, or the rule Linux applies to a native
 * socket in the same situation (a ws socket must be checked as one).
 *
 * Tests that change user or need root skip when not run as root; the
 * unprivileged user is 65534 (nobody).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/ws.h>

#include "kselftest_harness.h"
#include "ws_abi.h"

#define NOBODY		65534
#define PARAM_DIR	"/sys/module/ws/parameters/"

static int ws_socket(int fam, int type, int family)
{
	return socket(fam, type, WS_PROTOCOL(family == AF_INET6 ? WS_AF_INET6 :
					     WS_AF_INET, 0));
}

static int ws_setopt_bool(int fd, int name, int on)
{
	return setsockopt(fd, WS_SOL_SOCKET, name, &on, sizeof(on));
}

/* Run @fn in a child as uid @uid; the child's exit status, or -1. */
static int run_as(uid_t uid, int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (!pid) {
		if (uid && (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
			_exit(100);
		_exit(fn(arg));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int write_param(const char *name, const char *val)
{
	char path[128];
	int fd, n;

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (int)strlen(val) ? 0 : -1;
}

static int read_param(const char *name, char *buf, size_t size)
{
	char path[128];
	int fd, n;

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return 0;
}

/* A page that can be read but not written. */
static void *ro_page(const void *content, size_t size)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memcpy(p, content, size);
	if (mprotect(p, 4096, PROT_READ)) {
		munmap(p, 4096);
		return NULL;
	}
	return p;
}

FIXTURE(sec) {
	int fam;
};

FIXTURE_VARIANT(sec) {
	int family;
};

FIXTURE_VARIANT_ADD(sec, ipv4) { .family = AF_INET };
FIXTURE_VARIANT_ADD(sec, ipv6) { .family = AF_INET6 };

FIXTURE_SETUP(sec)
{
	self->fam = ws_family();
	if (self->fam < 0)
		SKIP(return, "ws module not loaded");
}

FIXTURE_TEARDOWN(sec)
{
}

/* --- a bind is permanent ------------------------------------------------- */

/*
 * bind page: WSAEINVAL "The socket is already bound to an address". A
 * datagram socket bound to port 0 stays bound to the port it got when its
 * association is dissolved (connect with AF_UNSPEC), where Linux would give
 * the ephemeral port back and let the socket bind again. (The second bind
 * used to enter the socket into the module's bind table twice: kernel
 * memory corruption.)
 */
TEST_F(sec, bind_after_disconnect_is_einval)
{
	struct sockaddr_storage ss;
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	socklen_t len = lo_addr(variant->family, 0, &ss);
	unsigned short port;
	int s = ws_socket(self->fam, SOCK_DGRAM, variant->family);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, bind(s, (struct sockaddr *)&ss, len));
	port = port_of(s);
	ASSERT_NE(0, port);
	len = lo_addr(variant->family, port, &ss);
	ASSERT_EQ(0, connect(s, (struct sockaddr *)&ss, len));
	ASSERT_EQ(0, connect(s, &unspec, sizeof(unspec)));

	len = lo_addr(variant->family, 0, &ss);
	errno = 0;
	EXPECT_EQ(-1, bind(s, (struct sockaddr *)&ss, len));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(port, port_of(s));
	close(s);
}

/* The same after a refused TCP connect, which also frees the port on Linux. */
TEST_F(sec, bind_after_refused_connect_is_einval)
{
	struct sockaddr_storage ss;
	socklen_t len = lo_addr(variant->family, 0, &ss);
	unsigned short port, closed;
	int s, c;

	/* A port nobody listens on: bound, then closed. */
	c = ws_socket(self->fam, SOCK_STREAM, variant->family);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, bind(c, (struct sockaddr *)&ss, len));
	closed = port_of(c);
	close(c);

	s = ws_socket(self->fam, SOCK_STREAM, variant->family);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, bind(s, (struct sockaddr *)&ss, len));
	port = port_of(s);
	len = lo_addr(variant->family, closed, &ss);
	errno = 0;
	EXPECT_EQ(-1, connect(s, (struct sockaddr *)&ss, len));
	EXPECT_EQ(ECONNREFUSED, errno);

	len = lo_addr(variant->family, 0, &ss);
	errno = 0;
	EXPECT_EQ(-1, bind(s, (struct sockaddr *)&ss, len));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(port, port_of(s));
	close(s);
}

/*
 * The same, with the disconnect racing the bind from another thread: a bind
 * that succeeds leaves the socket bound (getsockname works), never with the
 * port given back under it. (It used to leave an entry for port 0 in the
 * bind table that outlived its socket.)
 */
struct race {
	int family;
	int type;
	volatile int fd;
	volatile int stop;
	unsigned short closed;
};

static void *race_disconnect(void *arg)
{
	struct race *r = arg;
	struct sockaddr_storage ss;
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	socklen_t len = lo_addr(r->family, r->closed, &ss);

	while (!r->stop) {
		int fd = r->fd;

		if (fd < 0)
			continue;
		if (r->type == SOCK_DGRAM)
			connect(fd, &unspec, sizeof(unspec));
		else
			connect(fd, (struct sockaddr *)&ss, len);
	}
	return NULL;
}

static void check_bind_race(struct __test_metadata *_metadata, int fam,
			    int family, int type)
{
	struct race r = { .family = family, .type = type, .fd = -1 };
	struct sockaddr_storage ss, got;
	socklen_t len = lo_addr(family, 0, &ss), glen;
	time_t end = time(NULL) + 3;
	pthread_t th;
	int i, fd, bad = 0;

	if (type == SOCK_STREAM) {
		fd = ws_socket(fam, SOCK_STREAM, family);
		ASSERT_EQ(0, bind(fd, (struct sockaddr *)&ss, len));
		r.closed = port_of(fd);
		close(fd);
	}
	ASSERT_EQ(0, pthread_create(&th, NULL, race_disconnect, &r));
	for (i = 0; i < 20000 && time(NULL) < end && !bad; i++) {
		fd = ws_socket(fam, type | SOCK_NONBLOCK, family);
		ASSERT_LE(0, fd);
		r.fd = fd;
		if (!bind(fd, (struct sockaddr *)&ss, len)) {
			glen = sizeof(got);
			bad = getsockname(fd, (struct sockaddr *)&got, &glen) != 0;
		}
		r.fd = -1;
		close(fd);
	}
	r.stop = 1;
	pthread_join(th, NULL);
	EXPECT_EQ(0, bad) TH_LOG("a bind succeeded and left the socket unbound (try %d)", i);
	/* Walk the table's bucket of port 0 (port 1131 hashes there). */
	fd = ws_socket(fam, SOCK_DGRAM, family);
	len = lo_addr(family, 1131, &ss);
	bind(fd, (struct sockaddr *)&ss, len);
	close(fd);
}

TEST_F(sec, bind_races_disconnect)
{
	check_bind_race(_metadata, self->fam, variant->family, SOCK_DGRAM);
	check_bind_race(_metadata, self->fam, variant->family, SOCK_STREAM);
}

/* --- another user cannot take a ws port ---------------------------------- */

struct takeover {
	int family;
	int type;
	unsigned short port;
	int ws_fam;	/* > 0: try with a ws socket, SO_REUSEADDR */
	int reuseaddr, reuseport;
};

/* In the child: bind to the port; 0 if refused as expected, else 1..3. */
static int try_takeover(void *arg)
{
	struct takeover *t = arg;
	struct sockaddr_storage ss;
	socklen_t len = lo_addr(t->family, t->port, &ss);
	int one = 1, s;

	if (t->ws_fam > 0) {
		s = ws_socket(t->ws_fam, t->type, t->family);
		if (s < 0 || ws_setopt_bool(s, WS_SO_REUSEADDR, 1))
			return 3;
		if (!bind(s, (struct sockaddr *)&ss, len))
			return 1;
		/* Windows: another account's socket is denied (WSAEACCES). */
		return errno == EACCES ? 0 : 2;
	}
	s = socket(t->family, t->type, 0);
	if (s < 0)
		return 3;
	if ((t->reuseaddr &&
	     setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one))) ||
	    (t->reuseport &&
	     setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one))))
		return 3;
	if (!bind(s, (struct sockaddr *)&ss, len))
		return 1;
	return errno == EADDRINUSE ? 0 : 2;
}

/*
 * A ws UDP socket of root, bound to loopback (plain, with SO_REUSEADDR, or
 * with SO_EXCLUSIVEADDRUSE): a native socket of another user cannot bind
 * the same address, whatever reuse options it sets (Linux's rule for two
 * native sockets of different users, which only share with SO_REUSEADDR
 * when both set it), and the datagrams still reach the ws socket.
 */
static void check_udp_takeover(struct __test_metadata *_metadata, int fam,
			       int family, int opt)
{
	struct takeover t = { .family = family, .type = SOCK_DGRAM };
	struct sockaddr_storage ss;
	socklen_t len = lo_addr(family, 0, &ss);
	char buf[8] = "";
	int s, snd, i;

	s = ws_socket(fam, SOCK_DGRAM, family);
	ASSERT_LE(0, s);
	if (opt)
		ASSERT_EQ(0, ws_setopt_bool(s, opt, 1));
	ASSERT_EQ(0, bind(s, (struct sockaddr *)&ss, len));
	t.port = port_of(s);

	for (i = 0; i < 3; i++) {
		t.reuseaddr = i != 1;
		t.reuseport = i != 0;
		EXPECT_EQ(0, run_as(NOBODY, try_takeover, &t))
			TH_LOG("native SO_REUSEADDR=%d SO_REUSEPORT=%d bound over root's ws socket (opt %#x)",
			       t.reuseaddr, t.reuseport, opt);
	}
	if (opt == WS_SO_REUSEADDR) {
		t.ws_fam = fam;
		EXPECT_EQ(0, run_as(NOBODY, try_takeover, &t))
			TH_LOG("another user's ws socket shared the address");
	}

	snd = socket(family, SOCK_DGRAM, 0);
	ASSERT_LE(0, snd);
	len = lo_addr(family, t.port, &ss);
	ASSERT_EQ(4, sendto(snd, "mine", 4, 0, (struct sockaddr *)&ss, len));
	EXPECT_EQ(4, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(0, memcmp(buf, "mine", 4));
	close(snd);
	close(s);
}

TEST_F(sec, udp_port_not_taken_by_other_user)
{
	if (geteuid())
		SKIP(return, "needs root to act as a second user");
	check_udp_takeover(_metadata, self->fam, variant->family, 0);
	check_udp_takeover(_metadata, self->fam, variant->family, WS_SO_REUSEADDR);
	check_udp_takeover(_metadata, self->fam, variant->family,
			   WS_SO_EXCLUSIVEADDRUSE);
}

/* The same for a listening TCP socket with SO_REUSEADDR. */
TEST_F(sec, tcp_port_not_taken_by_other_user)
{
	struct takeover t = { .family = variant->family, .type = SOCK_STREAM,
			      .reuseaddr = 1, .reuseport = 1 };
	struct sockaddr_storage ss;
	socklen_t len = lo_addr(variant->family, 0, &ss);
	int s;

	if (geteuid())
		SKIP(return, "needs root to act as a second user");
	s = ws_socket(self->fam, SOCK_STREAM, variant->family);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, ws_setopt_bool(s, WS_SO_REUSEADDR, 1));
	ASSERT_EQ(0, bind(s, (struct sockaddr *)&ss, len));
	t.port = port_of(s);
	EXPECT_EQ(0, run_as(NOBODY, try_takeover, &t));
	ASSERT_EQ(0, listen(s, 4));
	EXPECT_EQ(0, run_as(NOBODY, try_takeover, &t));
	t.ws_fam = self->fam;
	EXPECT_EQ(0, run_as(NOBODY, try_takeover, &t));
	close(s);
}

/* --- Landlock ------------------------------------------------------------ */

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset	444
#define __NR_landlock_add_rule		445
#define __NR_landlock_restrict_self	446
#endif
#define LL_CREATE_RULESET_VERSION	(1U << 0)
#define LL_RULE_NET_PORT		2
#define LL_ACCESS_NET_BIND_TCP		(1ULL << 0)
#define LL_ACCESS_NET_CONNECT_TCP	(1ULL << 1)

struct ll_ruleset_attr {
	__u64 handled_access_fs;
	__u64 handled_access_net;
};

struct ll_net_port_attr {
	__u64 allowed_access;
	__u64 port;
};

struct landlock_case {
	int fam;
	int family;
	unsigned short listen_port;	/* a ws listener outside the sandbox */
	unsigned short allowed_port;	/* the one port the ruleset lets bind */
};

/* Must fail with EACCES: 0 if so, else 10 + the step. */
#define EXPECT_EACCES(step, call) do { \
	errno = 0; \
	if ((call) != -1 || errno != EACCES) \
		return 10 + (step); \
} while (0)

static int landlock_child(void *arg)
{
	struct landlock_case *c = arg;
	struct ll_ruleset_attr attr = {
		.handled_access_net = LL_ACCESS_NET_BIND_TCP |
				      LL_ACCESS_NET_CONNECT_TCP,
	};
	struct ll_net_port_attr rule = {
		.allowed_access = LL_ACCESS_NET_BIND_TCP,
		.port = c->allowed_port,
	};
	struct sockaddr_storage ss;
	socklen_t len;
	int rs, s;

	rs = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (rs < 0)
		return 2;
	if (syscall(__NR_landlock_add_rule, rs, LL_RULE_NET_PORT, &rule, 0))
		return 3;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(__NR_landlock_restrict_self, rs, 0))
		return 4;

	/* Native TCP, as the reference: bind and connect are denied. */
	len = lo_addr(c->family, 0, &ss);
	s = socket(c->family, SOCK_STREAM, 0);
	EXPECT_EACCES(0, bind(s, (struct sockaddr *)&ss, len));
	close(s);

	/* ws TCP: the same. */
	s = ws_socket(c->fam, SOCK_STREAM, c->family);
	if (s < 0)
		return 5;
	EXPECT_EACCES(1, bind(s, (struct sockaddr *)&ss, len));
	len = lo_addr(c->family, c->listen_port, &ss);
	EXPECT_EACCES(2, connect(s, (struct sockaddr *)&ss, len));
	close(s);

	/* The port the ruleset allows can be bound. */
	s = ws_socket(c->fam, SOCK_STREAM, c->family);
	len = lo_addr(c->family, c->allowed_port, &ss);
	if (bind(s, (struct sockaddr *)&ss, len))
		return 6;

	/*
	 * ConnectEx: the operation registers, but only connect(2) starts
	 * it, and that is denied as any connect; the registration is then
	 * dropped, never completed (uapi "ConnectEx").
	 */
	{
		uint64_t ov[4] = { 0 };
		struct ws_io io = { .op = WS_OP_CONNECT, .event_fd = -1,
				    .dev_fd = -1, .ov = (uintptr_t)ov };
		struct ws_cancel cn = { .ov = (uintptr_t)ov,
					.flags = WS_CANCEL_DROP };

		if (!ioctl(s, WS_IOC_SUBMIT, &io) || errno != EINPROGRESS)
			return 8;
		len = lo_addr(c->family, c->listen_port, &ss);
		EXPECT_EACCES(3, connect(s, (struct sockaddr *)&ss, len));
		if (ioctl(s, WS_IOC_CANCEL, &cn) != 1 || ov[0] != WS_STATUS_PENDING)
			return 9;
	}
	close(s);

	/* UDP is not what this ruleset handles. */
	s = ws_socket(c->fam, SOCK_DGRAM, c->family);
	len = lo_addr(c->family, 0, &ss);
	if (bind(s, (struct sockaddr *)&ss, len))
		return 7;
	close(s);
	return 0;
}

/*
 * Under a Landlock ruleset that handles TCP bind and connect, a ws TCP
 * socket is denied exactly as a native TCP socket is (EACCES, WSAEACCES):
 * the security modules see the socket's TCP sock and the caller's address.
 * ConnectEx too: it starts only through a connect(2) of the caller.
 */
TEST_F(sec, landlock_applies_to_ws_tcp)
{
	struct landlock_case c = { .fam = self->fam, .family = variant->family };
	struct sockaddr_storage ss;
	socklen_t len = lo_addr(variant->family, 0, &ss);
	int abi, l, probe;

	abi = syscall(__NR_landlock_create_ruleset, NULL, 0,
		      LL_CREATE_RULESET_VERSION);
	if (abi < 4)
		SKIP(return, "Landlock network rules need Landlock ABI 4 (Linux 6.7), have %d",
		     abi);

	l = ws_socket(self->fam, SOCK_STREAM, variant->family);
	ASSERT_LE(0, l);
	ASSERT_EQ(0, bind(l, (struct sockaddr *)&ss, len));
	ASSERT_EQ(0, listen(l, 4));
	c.listen_port = port_of(l);
	/* A free port for the ruleset's rule. */
	probe = ws_socket(self->fam, SOCK_STREAM, variant->family);
	ASSERT_EQ(0, bind(probe, (struct sockaddr *)&ss, len));
	c.allowed_port = port_of(probe);
	close(probe);

	EXPECT_EQ(0, run_as(0, landlock_child, &c));
	close(l);
}

/* --- SO_DEBUG ------------------------------------------------------------ */

static int so_debug_child(void *arg)
{
	int fam = *(int *)arg, on = -1, val = -1;
	socklen_t len = sizeof(on);
	int s = ws_socket(fam, SOCK_STREAM, AF_INET);

	if (s < 0 || ws_setopt_bool(s, WS_SO_DEBUG, 1))
		return 2;
	if (getsockopt(s, WS_SOL_SOCKET, WS_SO_DEBUG, &on, &len) || on != 1)
		return 3;
	len = sizeof(val);
	if (getsockopt(s, SOL_SOCKET, SO_DEBUG, &val, &len))
		return 4;
	return val == 0 ? 0 : 5;
}

/*
 * Any Windows user may set SO_DEBUG and reads it back; Linux's SOCK_DBG,
 * which sk_setsockopt gives only to CAP_NET_ADMIN, follows only for a
 * privileged caller.
 */
TEST_F(sec, so_debug_needs_cap_net_admin_below)
{
	int s, val = -1;
	socklen_t len = sizeof(val);

	if (geteuid())
		SKIP(return, "needs root to act as a second user");
	EXPECT_EQ(0, run_as(NOBODY, so_debug_child, &self->fam));

	s = ws_socket(self->fam, SOCK_STREAM, variant->family);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, ws_setopt_bool(s, WS_SO_DEBUG, 1));
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_DEBUG, &val, &len));
	EXPECT_EQ(1, val);
	close(s);
}

/* --- nothing is lost when a result cannot be copied out ------------------ */

/* An object created by an ioctl whose result cannot be written leaves no fd. */
TEST_F(sec, create_efault_leaves_no_descriptor)
{
	struct ws_event_args ea = { .flags = 0, .fd = -1 };
	struct ws_msgq_args qa = { .flags = 0, .fd = -1 };
	void *pe = ro_page(&ea, sizeof(ea)), *pq = ro_page(&qa, sizeof(qa));
	int dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC), before;

	ASSERT_LE(0, dev);
	ASSERT_NE(NULL, pe);
	ASSERT_NE(NULL, pq);
	before = lowest_free_fd();
	errno = 0;
	EXPECT_EQ(-1, ioctl(dev, WS_IOC_CREATE_EVENT, pe));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(before, lowest_free_fd());
	errno = 0;
	EXPECT_EQ(-1, ioctl(dev, WS_IOC_CREATE_MSGQ, pq));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(before, lowest_free_fd());
	munmap(pe, 4096);
	munmap(pq, 4096);
	close(dev);
}

/* A message or APC taken by a call that then faults stays queued. */
TEST_F(sec, get_efault_keeps_message_and_apc)
{
	struct ws_msg msg = { .hwnd = 7, .message = 0x401, .wparam = 1 };
	struct ws_msgq_get g = { .flags = WS_MSGQ_REMOVE };
	struct ws_apc_args apc = { .func = 0x1234, .tid = syscall(SYS_gettid) };
	struct ws_msgq_args qa = { .fd = -1 };
	void *pg = ro_page(&g, sizeof(g)), *pa = ro_page(&apc, sizeof(apc));
	int dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, dev);
	ASSERT_NE(NULL, pg);
	ASSERT_NE(NULL, pa);
	ASSERT_EQ(0, ioctl(dev, WS_IOC_CREATE_MSGQ, &qa));
	ASSERT_EQ(0, ioctl(qa.fd, WS_IOC_MSGQ_POST, &msg));
	errno = 0;
	EXPECT_EQ(-1, ioctl(qa.fd, WS_IOC_MSGQ_GET, pg));
	EXPECT_EQ(EFAULT, errno);
	memset(&g.msg, 0xa5, sizeof(g.msg));
	ASSERT_EQ(0, ioctl(qa.fd, WS_IOC_MSGQ_GET, &g));
	EXPECT_EQ(7, g.msg.hwnd);
	EXPECT_EQ(0x401, g.msg.message);

	ASSERT_EQ(0, ioctl(dev, WS_IOC_QUEUE_APC, &apc));
	errno = 0;
	EXPECT_EQ(-1, ioctl(dev, WS_IOC_DEQUEUE_APC, pa));
	EXPECT_EQ(EFAULT, errno);
	memset(&apc, 0xa5, sizeof(apc));
	ASSERT_EQ(0, ioctl(dev, WS_IOC_DEQUEUE_APC, &apc));
	EXPECT_EQ(0x1234, apc.func);
	close(qa.fd);
	munmap(pg, 4096);
	munmap(pa, 4096);
	close(dev);
}

/* --- per-user limits ----------------------------------------------------- */

#define APC_LIMIT	8

/* Set to end the sleepers (a signal could come before their pause()). */
static int sleepers_stop;

static void *sleeper(void *arg)
{
	pid_t *tid = arg;

	__atomic_store_n(tid, syscall(SYS_gettid), __ATOMIC_RELEASE);
	while (!__atomic_load_n(&sleepers_stop, __ATOMIC_ACQUIRE))
		usleep(1000);
	return NULL;
}

static void *quick(void *arg)
{
	__atomic_store_n((pid_t *)arg, syscall(SYS_gettid), __ATOMIC_RELEASE);
	return NULL;
}

static int queue_apcs(int dev, pid_t tid, int n)
{
	struct ws_apc_args a = { .func = 1, .tid = tid };
	int i;

	for (i = 0; i < n; i++)
		if (ioctl(dev, WS_IOC_QUEUE_APC, &a))
			return -errno;
	return 0;
}

/* A thread that exits leaves APC_LIMIT APCs in a process that exits. */
static int apc_leaver(void *arg)
{
	int dev = open(WS_DEVICE_PATH, O_RDWR);
	pthread_t th;
	pid_t tid = 0;

	(void)arg;
	if (dev < 0)
		return 2;
	if (pthread_create(&th, NULL, sleeper, &tid))
		return 3;
	while (!__atomic_load_n(&tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	if (queue_apcs(dev, tid, APC_LIMIT))
		return 4;
	/* The limit holds. */
	if (queue_apcs(dev, tid, 1) != -EDQUOT)
		return 5;
	return 0;	/* exits with the APCs queued */
}

/* Then, and after a thread of this process exits the same way, it can queue. */
static int apc_after(void *arg)
{
	int dev = open(WS_DEVICE_PATH, O_RDWR);
	struct ws_apc_args a;
	pthread_t th;
	pid_t tid = 0;
	int i;

	(void)arg;
	if (dev < 0)
		return 2;
	if (queue_apcs(dev, syscall(SYS_gettid), APC_LIMIT))
		return 3;
	for (i = 0; i < APC_LIMIT; i++)
		if (ioctl(dev, WS_IOC_DEQUEUE_APC, &a))
			return 4;

	if (pthread_create(&th, NULL, quick, &tid) || pthread_join(th, NULL))
		return 5;
	/* Nothing can be queued to a thread that is gone. */
	if (queue_apcs(dev, tid, 1) != -ESRCH)
		return 6;
	tid = 0;	/* before the thread can store its id */
	if (pthread_create(&th, NULL, sleeper, &tid))
		return 7;
	while (!__atomic_load_n(&tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	if (queue_apcs(dev, tid, APC_LIMIT))
		return 8;
	__atomic_store_n(&sleepers_stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	if (queue_apcs(dev, syscall(SYS_gettid), APC_LIMIT))
		return 9;
	return 0;
}

/*
 * APCs are bounded per user (max_apcs_per_user), and those queued to a
 * thread that exited are given back: when its process exits, and when the
 * limit is reached in a process whose thread exited.
 */
TEST_F(sec, apc_limit_per_user)
{
	char old[32];

	if (geteuid())
		SKIP(return, "needs root to set the limit");
	if (variant->family == AF_INET6)
		SKIP(return, "not about address families");
	ASSERT_EQ(0, read_param("max_apcs_per_user", old, sizeof(old)));
	ASSERT_EQ(0, write_param("max_apcs_per_user", "8"));
	EXPECT_EQ(0, run_as(NOBODY, apc_leaver, NULL));
	EXPECT_EQ(0, run_as(NOBODY, apc_after, NULL));
	ASSERT_EQ(0, write_param("max_apcs_per_user", old));
}

static int event_limit_child(void *arg)
{
	struct ws_event_args a = { .fd = -1 };
	struct ws_msgq_args q = { .fd = -1 };
	int dev = open(WS_DEVICE_PATH, O_RDWR), fds[4], i;

	(void)arg;
	if (dev < 0)
		return 2;
	for (i = 0; i < 4; i++) {
		if (ioctl(dev, WS_IOC_CREATE_EVENT, &a))
			return 3;
		fds[i] = a.fd;
	}
	errno = 0;
	if (ioctl(dev, WS_IOC_CREATE_EVENT, &a) != -1 || errno != EDQUOT)
		return 4;
	close(fds[0]);
	if (ioctl(dev, WS_IOC_CREATE_EVENT, &a))
		return 5;
	for (i = 0; i < 2; i++)
		if (ioctl(dev, WS_IOC_CREATE_MSGQ, &q))
			return 6;
	errno = 0;
	if (ioctl(dev, WS_IOC_CREATE_MSGQ, &q) != -1 || errno != EDQUOT)
		return 7;
	return 0;
}

/* Event objects and message queues are bounded per user, too. */
TEST_F(sec, event_and_queue_limits_per_user)
{
	char oe[32], oq[32];

	if (geteuid())
		SKIP(return, "needs root to set the limits");
	if (variant->family == AF_INET6)
		SKIP(return, "not about address families");
	ASSERT_EQ(0, read_param("max_events_per_user", oe, sizeof(oe)));
	ASSERT_EQ(0, read_param("max_msgqs_per_user", oq, sizeof(oq)));
	ASSERT_EQ(0, write_param("max_events_per_user", "4"));
	ASSERT_EQ(0, write_param("max_msgqs_per_user", "2"));
	EXPECT_EQ(0, run_as(NOBODY, event_limit_child, NULL));
	ASSERT_EQ(0, write_param("max_events_per_user", oe));
	ASSERT_EQ(0, write_param("max_msgqs_per_user", oq));
}

/* --- messages posted in softirq context are charged ---------------------- */

#define CG_MSGS		4000

/*
 * In cgroup @arg: a WSAAsyncSelect socket receives CG_MSGS datagrams, each
 * arriving after the previous was read, so each FD_READ message is posted
 * from the receive path (softirq context) and stays queued. The cgroup's
 * unreclaimable slab must grow by at least half of what the messages take.
 */
static int cg_child(void *arg)
{
	const char *cg = arg;
	struct ws_async_select as = { .message = 0x401, .hwnd = 1,
				      .mask = 1u << WS_FD_READ_BIT };
	struct ws_msgq_args q = { .fd = -1 };
	struct sockaddr_storage ss;
	socklen_t len = lo_addr(AF_INET, 0, &ss);
	char path[256], pid[32], buf[4];
	long long before, after;
	int fam = ws_family(), dev, s, snd, i;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (write_file(path, pid))
		return 2;
	dev = open(WS_DEVICE_PATH, O_RDWR);
	snd = socket(AF_INET, SOCK_DGRAM, 0);
	s = ws_socket(fam, SOCK_DGRAM, AF_INET);
	if (dev < 0 || snd < 0 || s < 0 || bind(s, (struct sockaddr *)&ss, len) ||
	    ioctl(dev, WS_IOC_CREATE_MSGQ, &q))
		return 3;
	len = lo_addr(AF_INET, port_of(s), &ss);
	as.msgq_fd = q.fd;
	if (ioctl(s, WS_IOC_ASYNC_SELECT, &as))
		return 4;

	usleep(CG_FLUSH_US);
	before = cg_stat(cg, "slab_unreclaimable");
	for (i = 0; i < CG_MSGS; i++) {
		if (sendto(snd, "d", 1, 0, (struct sockaddr *)&ss, len) != 1 ||
		    recv(s, buf, sizeof(buf), 0) != 1)
			return 5;
	}
	usleep(CG_FLUSH_US);
	after = cg_stat(cg, "slab_unreclaimable");
	if (before < 0 || after < 0)
		return 6;
	if (after - before >= CG_MSGS * 32)
		return 0;
	fprintf(stderr, "# slab_unreclaimable %lld -> %lld for %d messages\n",
		before, after, CG_MSGS);
	return 7;
}

TEST_F_TIMEOUT(sec, softirq_messages_charged_to_queue_owner, 120)
{
	char dir[] = "/tmp/wscg.XXXXXX", cg[64];
	const char *why;
	int rc;

	if (geteuid())
		SKIP(return, "needs root to make a cgroup");
	if (variant->family == AF_INET6)
		SKIP(return, "not about address families");
	ASSERT_NE(NULL, mkdtemp(dir));
	why = cg_memory_make(dir, cg, sizeof(cg));
	if (why) {
		rmdir(dir);
		SKIP(return, "%s", why);
	}
	rc = run_as(0, cg_child, cg);
	EXPECT_EQ(0, rc);
	cg_memory_remove(dir, cg);
	rmdir(dir);
}

/* --- what identifiers and modes reveal ----------------------------------- */

/*
 * The id of a socket (the wParam of its WSAAsyncSelect messages) is its
 * inode number, which its owner sees anyway: no counter shared by all
 * users and namespaces.
 */
TEST_F(sec, socket_id_is_its_inode)
{
	int s = ws_socket(self->fam, SOCK_DGRAM, variant->family);
	struct stat st;
	__u64 id = 0;

	ASSERT_LE(0, s);
	ASSERT_EQ(0, ioctl(s, WS_IOC_GET_ID, &id));
	ASSERT_EQ(0, fstat(s, &st));
	EXPECT_EQ((__u64)st.st_ino, id);
	close(s);
}

/*
 * The module gives /dev/ws no mode of its own (the system's policy does,
 * udev/60-ws.rules): its uevent carries no DEVMODE.
 */
TEST_F(sec, device_mode_is_policy)
{
	char buf[512] = "";
	int fd = open("/sys/class/misc/ws/uevent", O_RDONLY), n;

	if (variant->family == AF_INET6)
		SKIP(return, "not about address families");
	ASSERT_LE(0, fd);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_LT(0, n);
	EXPECT_EQ(NULL, strstr(buf, "DEVMODE="));
	EXPECT_NE(NULL, strstr(buf, "DEVNAME=ws"));
}

/* --- listener children and the module ------------------------------------ */

struct storm {
	int family;
	unsigned short port;
	volatile int stop;
};

static void *connect_storm(void *arg)
{
	struct storm *st = arg;
	struct sockaddr_storage ss;
	socklen_t len = lo_addr(st->family, st->port, &ss);

	while (!st->stop) {
		int c = socket(st->family, SOCK_STREAM | SOCK_NONBLOCK, 0);

		if (c < 0)
			break;
		connect(c, (struct sockaddr *)&ss, len);
		usleep(100);
		close(c);
	}
	return NULL;
}

/*
 * Listeners closed while connections arrive: the children queued and not
 * accepted were cloned with the module's callbacks, and must not call into
 * it once the listener is gone (the VM runner unloads the module after the
 * tests and fails on any kernel report).
 */
TEST_F(sec, listener_closed_under_connect_storm)
{
	struct storm st = { .family = variant->family };
	struct sockaddr_storage ss;
	pthread_t th[2];
	int round, i, l;

	for (round = 0; round < 20; round++) {
		socklen_t len = lo_addr(variant->family, st.port, &ss);

		l = ws_socket(self->fam, SOCK_STREAM, variant->family);
		ASSERT_LE(0, l);
		ASSERT_EQ(0, ws_setopt_bool(l, WS_SO_REUSEADDR, 1));
		if (bind(l, (struct sockaddr *)&ss, len)) {
			/*
			 * While no listener held the port, a storm connection
			 * may have been given it as its local port: the rounds
			 * so far did what the test is for.
			 */
			ASSERT_LT(0, round) TH_LOG("bind: %s", strerror(errno));
			close(l);
			break;
		}
		ASSERT_EQ(0, listen(l, 64));
		if (!round) {
			st.port = port_of(l);
			for (i = 0; i < 2; i++)
				ASSERT_EQ(0, pthread_create(&th[i], NULL,
							    connect_storm, &st));
		}
		usleep(20000);
		close(l);
	}
	st.stop = 1;
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
}

TEST_HARNESS_MAIN

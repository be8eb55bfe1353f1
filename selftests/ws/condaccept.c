// SPDX-License-Identifier: GPL-2.0
/*
 * The conditional-accept ABI (uapi/linux/ws.h, "Conditional accept")
 * without libws, as a careless or hostile caller uses it: verdicts on
 * another thread's claim, bad arguments, unwritable results, a listener
 * closed under a claim.
 *
 * Expectations cite the uapi header (the contract; "uapi") or the
 * specification's WSAAccept page ("spec WSAAccept"), whose rules the ABI
 * carries: a connection is only ever accepted, rejected or deferred by the
 * thread whose condition function saw it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <linux/ws.h>

#include "kselftest_harness.h"
#include "ws_abi.h"

static int ws_socket(int fam, int type, int family)
{
	return socket(fam, type, WS_PROTOCOL(family == AF_INET6 ? WS_AF_INET6 :
					     WS_AF_INET, 0));
}

FIXTURE(ca) {
	int fam;
	int l;				/* ws listener */
	int c;				/* native client */
	struct sockaddr_storage addr;	/* the listener's */
	socklen_t len;
};

FIXTURE_VARIANT(ca) {
	int family;
};

FIXTURE_VARIANT_ADD(ca, ipv4) { .family = AF_INET };
FIXTURE_VARIANT_ADD(ca, ipv6) { .family = AF_INET6 };

FIXTURE_SETUP(ca)
{
	self->l = self->c = -1;
	self->fam = ws_family();
	if (self->fam < 0)
		SKIP(return, "ws module not loaded");
	self->l = ws_socket(self->fam, SOCK_STREAM, variant->family);
	ASSERT_LE(0, self->l);
	self->len = lo_addr(variant->family, 0, &self->addr);
	ASSERT_EQ(0, bind(self->l, (struct sockaddr *)&self->addr, self->len));
	self->len = sizeof(self->addr);
	ASSERT_EQ(0, getsockname(self->l, (struct sockaddr *)&self->addr,
				 &self->len));
	ASSERT_EQ(0, listen(self->l, 8));
	self->c = socket(variant->family, SOCK_STREAM, 0);
	ASSERT_LE(0, self->c);
	ASSERT_EQ(0, connect(self->c, (struct sockaddr *)&self->addr, self->len));
}

FIXTURE_TEARDOWN(ca)
{
	if (self->c >= 0)
		close(self->c);
	if (self->l >= 0)
		close(self->l);
}

/* Register and accept: 0 with @info filled, or -errno. */
static int claim(int l, struct ws_accept_info *info)
{
	struct ws_accept_cond arg = { .info = (uintptr_t)info };
	int fd = -1;

	if (ioctl(l, WS_IOC_ACCEPT_COND, &arg))
		return -errno;
	fd = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		return -EPROTO;		/* the registration was ignored */
	}
	return errno == EINPROGRESS ? 0 : -errno;
}

static int verdict(int l, __u64 cookie, __u32 v, __u32 flags, int *fd)
{
	struct ws_accept_verdict arg = {
		.cookie = cookie, .verdict = v, .flags = flags, .fd = -1,
	};

	if (ioctl(l, WS_IOC_ACCEPT_VERDICT, &arg))
		return -errno;
	if (fd)
		*fd = arg.fd;
	return 0;
}

struct other {
	int l;
	__u64 cookie;
	int err_accept, err_reject, err_defer;
};

static void *other_verdict(void *arg)
{
	struct other *o = arg;

	o->err_accept = verdict(o->l, o->cookie, WS_CF_ACCEPT, 0, NULL);
	o->err_reject = verdict(o->l, o->cookie, WS_CF_REJECT, 0, NULL);
	o->err_defer = verdict(o->l, o->cookie, WS_CF_DEFER, 0, NULL);
	return NULL;
}

/*
 * uapi: "Only the claiming thread can give the verdict": another thread
 * naming the cookie gets ENOENT, for an accept as for a reject, and the
 * connection is untouched: its owner then accepts it, and the peer's data
 * arrives (spec WSAAccept: the decision is the condition function's, which
 * "runs in the same thread").
 */
TEST_F(ca, cookie_of_another_thread)
{
	struct ws_accept_info info;
	struct other o = { .l = self->l };
	pthread_t t;
	char b[4];
	int fd = -1;

	ASSERT_EQ(0, claim(self->l, &info));
	EXPECT_NE(0, info.peer_len);
	EXPECT_NE(0, info.local_len);
	o.cookie = info.cookie;
	ASSERT_EQ(0, pthread_create(&t, NULL, other_verdict, &o));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(-ENOENT, o.err_accept);
	EXPECT_EQ(-ENOENT, o.err_reject);
	EXPECT_EQ(-ENOENT, o.err_defer);

	ASSERT_EQ(0, verdict(self->l, info.cookie, WS_CF_ACCEPT, O_CLOEXEC, &fd));
	ASSERT_LE(0, fd);
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	ASSERT_EQ(3, send(self->c, "abc", 3, 0));
	ASSERT_EQ(1, poll(&(struct pollfd){ .fd = fd, .events = POLLIN }, 1,
			  5000));
	ASSERT_EQ(3, recv(fd, b, 3, 0)) TH_LOG("recv: %s", strerror(errno));
	EXPECT_EQ(0, memcmp(b, "abc", 3));
	/* The claim is over: its cookie names nothing any more. */
	EXPECT_EQ(-ENOENT, verdict(self->l, info.cookie, WS_CF_REJECT, 0, NULL));
	close(fd);
}

/*
 * uapi: EINVAL for a bad verdict, flags or pad, ENOENT for a cookie the
 * thread does not hold; none of them consumes the claim. EINVAL for a
 * registration on a socket that is not listening or with pad set.
 */
TEST_F(ca, bad_arguments)
{
	struct ws_accept_verdict bad = { .verdict = WS_CF_DEFER };
	struct ws_accept_cond arg = { 0 };
	struct ws_accept_info info;
	int fd = -1;

	ASSERT_EQ(0, claim(self->l, &info));
	EXPECT_EQ(-EINVAL, verdict(self->l, info.cookie, 3, 0, NULL));
	EXPECT_EQ(-EINVAL, verdict(self->l, info.cookie, WS_CF_ACCEPT,
				   O_NONBLOCK, NULL));
	bad.cookie = info.cookie;
	bad.pad = 1;
	EXPECT_EQ(-1, ioctl(self->l, WS_IOC_ACCEPT_VERDICT, &bad));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-ENOENT, verdict(self->l, info.cookie + 1, WS_CF_ACCEPT, 0,
				   NULL));
	EXPECT_EQ(-ENOENT, verdict(self->l, 0, WS_CF_DEFER, 0, NULL));

	arg.info = (uintptr_t)&info;
	arg.pad = 1;
	EXPECT_EQ(-1, ioctl(self->l, WS_IOC_ACCEPT_COND, &arg));
	EXPECT_EQ(EINVAL, errno);
	arg.pad = 0;
	EXPECT_EQ(-1, ioctl(self->c, WS_IOC_ACCEPT_COND, &arg));	/* native */
	fd = ws_socket(self->fam, SOCK_DGRAM, variant->family);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, ioctl(fd, WS_IOC_ACCEPT_COND, &arg));
	EXPECT_EQ(EINVAL, errno);
	close(fd);

	/* The claim survived all that. */
	ASSERT_EQ(0, verdict(self->l, info.cookie, WS_CF_ACCEPT, 0, &fd));
	close(fd);
}

/*
 * uapi: an unwritable info pointer fails the accept with EFAULT, leaving
 * the connection unclaimed, first in line: a plain accept(2) takes it.
 */
TEST_F(ca, info_unwritable)
{
	struct ws_accept_cond arg = { .info = 8 };
	int fd = -1;

	ASSERT_EQ(0, ioctl(self->l, WS_IOC_ACCEPT_COND, &arg));
	EXPECT_EQ(-1, accept4(self->l, NULL, NULL, 0));
	EXPECT_EQ(EFAULT, errno);
	fd = accept4(self->l, NULL, NULL, SOCK_NONBLOCK);
	ASSERT_LE(0, fd) TH_LOG("accept: %s", strerror(errno));
	close(fd);
}

/*
 * uapi: a descriptor that cannot be reported (fd unwritable) is not left
 * behind: EFAULT, and the lowest free descriptor is what it was.
 */
TEST_F(ca, verdict_fd_unwritable)
{
	struct ws_accept_verdict *v;
	struct ws_accept_info info;
	int before;

	ASSERT_EQ(0, claim(self->l, &info));
	v = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, v);
	memset(v, 0, sizeof(*v));
	v->cookie = info.cookie;
	v->verdict = WS_CF_ACCEPT;
	ASSERT_EQ(0, mprotect(v, 4096, PROT_READ));
	before = lowest_free_fd();
	EXPECT_EQ(-1, ioctl(self->l, WS_IOC_ACCEPT_VERDICT, v));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(before, lowest_free_fd());
	munmap(v, 4096);
}

/*
 * uapi: "Closing the listener resets its held connections", claimed ones
 * included; the claim's owner then has no listener to give a verdict on
 * (EBADF), and the peer sees the reset.
 */
TEST_F(ca, close_under_claim)
{
	struct timeval tv = { .tv_sec = 5 };
	struct ws_accept_info info;
	char b[4];
	int l = self->l;

	ASSERT_EQ(0, setsockopt(self->c, SOL_SOCKET, SO_RCVTIMEO, &tv,
				sizeof(tv)));
	ASSERT_EQ(0, claim(l, &info));
	ASSERT_EQ(0, close(l));
	self->l = -1;
	EXPECT_EQ(-EBADF, verdict(l, info.cookie, WS_CF_ACCEPT, 0, NULL));
	EXPECT_EQ(-1, recv(self->c, b, sizeof(b), 0));
	EXPECT_EQ(ECONNRESET, errno);
}

/*
 * uapi: a thread's claim ends with its next registration: the connection
 * it held is unclaimed, first in line, and the accept that follows claims
 * it again (same peer), under a new cookie.
 */
TEST_F(ca, claim_ends_with_next_registration)
{
	struct ws_accept_info a, b;
	int fd = -1;

	ASSERT_EQ(0, claim(self->l, &a));
	ASSERT_EQ(0, claim(self->l, &b));
	EXPECT_NE(a.cookie, b.cookie);
	EXPECT_EQ(a.peer_len, b.peer_len);
	EXPECT_EQ(0, memcmp(a.peer, b.peer, a.peer_len));
	EXPECT_EQ(-ENOENT, verdict(self->l, a.cookie, WS_CF_ACCEPT, 0, NULL));
	ASSERT_EQ(0, verdict(self->l, b.cookie, WS_CF_ACCEPT, 0, &fd));
	close(fd);
}

/*
 * uapi: "info 0 drops" a registration; an accept(2) that fails before the
 * module sees it (here: flags accept4 refuses) leaves the registration, so
 * the thread's next accept(2) is a conditional one (EINPROGRESS); once it
 * is dropped, accept(2) is a plain accept again, and the drop (a
 * registration) ended the claim, so that accept gets the connection.
 */
TEST_F(ca, registration_dropped)
{
	struct ws_accept_info info;
	struct ws_accept_cond arg = { .info = (uintptr_t)&info };
	int fd;

	ASSERT_EQ(0, ioctl(self->l, WS_IOC_ACCEPT_COND, &arg));
	EXPECT_EQ(-1, accept4(self->l, NULL, NULL, 0x1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, accept4(self->l, NULL, NULL, 0));
	ASSERT_EQ(EINPROGRESS, errno);

	ASSERT_EQ(0, ioctl(self->l, WS_IOC_ACCEPT_COND, &arg));
	EXPECT_EQ(-1, accept4(self->l, NULL, NULL, 0x1));
	arg.info = 0;
	ASSERT_EQ(0, ioctl(self->l, WS_IOC_ACCEPT_COND, &arg));
	fd = accept4(self->l, NULL, NULL, SOCK_NONBLOCK);
	ASSERT_LE(0, fd) TH_LOG("accept: %s", strerror(errno));
	close(fd);
	/* The claim ended: its cookie names nothing. */
	EXPECT_EQ(-ENOENT, verdict(self->l, info.cookie, WS_CF_ACCEPT, 0, NULL));
}

#define BACKLOG		64	/* = WS_COND_MIN_HELD: the bound is 64 */
#define CLAIMERS	BACKLOG

struct claimer {
	int l;
	pthread_barrier_t *claimed, *done;
	int err;
};

static void *claimer_main(void *arg)
{
	struct claimer *c = arg;
	struct ws_accept_info info;

	c->err = claim(c->l, &info);
	pthread_barrier_wait(c->claimed);
	pthread_barrier_wait(c->done);
	return NULL;		/* exits holding its claim */
}

/*
 * uapi: a listener holds at most its backlog (at least WS_COND_MIN_HELD)
 * connections; one more claim fails with ENOBUFS and takes nothing. The
 * claims of threads that exited without a verdict are free again: the
 * next claim gets one, and closing the listener resets them all.
 */
TEST_F(ca, held_bound_and_dead_claimers)
{
	struct claimer cl[CLAIMERS];
	pthread_t t[CLAIMERS];
	pthread_barrier_t claimed, done;
	struct timeval tv = { .tv_sec = 5 };
	struct ws_accept_info info;
	int c[CLAIMERS + 1], i, fd = -1;
	char b[4];

	ASSERT_EQ(0, close(self->l));
	self->l = ws_socket(self->fam, SOCK_STREAM, variant->family);
	ASSERT_LE(0, self->l);
	self->len = lo_addr(variant->family, 0, &self->addr);
	ASSERT_EQ(0, bind(self->l, (struct sockaddr *)&self->addr, self->len));
	self->len = sizeof(self->addr);
	ASSERT_EQ(0, getsockname(self->l, (struct sockaddr *)&self->addr,
				 &self->len));
	ASSERT_EQ(0, listen(self->l, BACKLOG));
	for (i = 0; i <= CLAIMERS; i++) {
		c[i] = socket(variant->family, SOCK_STREAM, 0);
		ASSERT_LE(0, c[i]);
		ASSERT_EQ(0, setsockopt(c[i], SOL_SOCKET, SO_RCVTIMEO, &tv,
					sizeof(tv)));
		ASSERT_EQ(0, connect(c[i], (struct sockaddr *)&self->addr,
				     self->len));
	}

	ASSERT_EQ(0, pthread_barrier_init(&claimed, NULL, CLAIMERS + 1));
	ASSERT_EQ(0, pthread_barrier_init(&done, NULL, CLAIMERS + 1));
	for (i = 0; i < CLAIMERS; i++) {
		cl[i] = (struct claimer){ .l = self->l, .claimed = &claimed,
					  .done = &done };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, claimer_main, &cl[i]));
	}
	pthread_barrier_wait(&claimed);
	for (i = 0; i < CLAIMERS; i++)
		EXPECT_EQ(0, cl[i].err) TH_LOG("claimer %d", i);
	/* One more connection is queued, but no more can be held. */
	EXPECT_EQ(-ENOBUFS, claim(self->l, &info));
	pthread_barrier_wait(&done);
	for (i = 0; i < CLAIMERS; i++)
		ASSERT_EQ(0, pthread_join(t[i], NULL));

	/* Their claims are free: claimed again, then accepted. */
	ASSERT_EQ(0, claim(self->l, &info));
	ASSERT_EQ(0, verdict(self->l, info.cookie, WS_CF_ACCEPT, 0, &fd));
	close(fd);
	/* A plain accept takes another held one (or the queued one). */
	fd = accept4(self->l, NULL, NULL, SOCK_NONBLOCK);
	ASSERT_LE(0, fd) TH_LOG("accept: %s", strerror(errno));
	close(fd);

	/* Closing the listener resets the rest. */
	ASSERT_EQ(0, close(self->l));
	self->l = -1;
	for (i = 0; i <= CLAIMERS; i++) {
		errno = 0;
		if (recv(c[i], b, sizeof(b), 0) == 0 || errno == ECONNRESET)
			continue;	/* reset, or closed after an accept */
		EXPECT_EQ(ECONNRESET, errno) TH_LOG("client %d", i);
	}
	for (i = 0; i <= CLAIMERS; i++)
		close(c[i]);
	pthread_barrier_destroy(&claimed);
	pthread_barrier_destroy(&done);
}

TEST_HARNESS_MAIN

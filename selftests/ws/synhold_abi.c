// SPDX-License-Identifier: GPL-2.0
/*
 * The conditional-accept ABI on a listener with WS_SO_CONDITIONAL_ACCEPT
 * (uapi/linux/ws.h, "Conditional accept"), without libws, as a careless or
 * hostile caller uses it: verdicts on another thread's claim of a held
 * SYN, forged cookies, a listener closed under a claim, a flood of SYNs.
 *
 * Expectations cite the uapi header ("uapi"), the contract, or the
 * specification's WSAAccept page ("spec WSAAccept").
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ws.h>

#include "kselftest_harness.h"
#include "ws_abi.h"

FIXTURE(sh) {
	int fam;
	int l;				/* ws listener, the option set */
	int c;				/* native nonblocking client */
	struct sockaddr_storage addr;	/* the listener's */
	socklen_t len;
};

FIXTURE_VARIANT(sh) {
	int family;
};

FIXTURE_VARIANT_ADD(sh, ipv4) { .family = AF_INET };
FIXTURE_VARIANT_ADD(sh, ipv6) { .family = AF_INET6 };

FIXTURE_SETUP(sh)
{
	int on = 1;

	self->l = self->c = -1;
	self->fam = ws_family();
	if (self->fam < 0)
		SKIP(return, "ws module not loaded");
	self->l = socket(self->fam, SOCK_STREAM,
			 WS_PROTOCOL(variant->family == AF_INET6 ?
				     WS_AF_INET6 : WS_AF_INET, 0));
	ASSERT_LE(0, self->l);
	self->len = lo_addr(variant->family, 0, &self->addr);
	ASSERT_EQ(0, bind(self->l, (struct sockaddr *)&self->addr, self->len));
	self->len = sizeof(self->addr);
	ASSERT_EQ(0, getsockname(self->l, (struct sockaddr *)&self->addr,
				 &self->len));
	ASSERT_EQ(0, setsockopt(self->l, WS_SOL_SOCKET,
				WS_SO_CONDITIONAL_ACCEPT, &on, sizeof(on)));
	ASSERT_EQ(0, listen(self->l, 4));
	/* accept(2) waits or not as the listener's file says. */
	ASSERT_EQ(0, fcntl(self->l, F_SETFL, O_NONBLOCK));
	self->c = socket(variant->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, self->c);
	ASSERT_EQ(-1, connect(self->c, (struct sockaddr *)&self->addr,
			      self->len));
	ASSERT_EQ(EINPROGRESS, errno);
}

FIXTURE_TEARDOWN(sh)
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
	int fd;

	if (ioctl(l, WS_IOC_ACCEPT_COND, &arg))
		return -errno;
	fd = accept4(l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd >= 0) {
		close(fd);
		return -EPROTO;		/* a connection, not a claim */
	}
	return errno == EINPROGRESS ? 0 : -errno;
}

/* Claim, waiting up to 5 s for a SYN. */
static int claim_wait(int l, struct ws_accept_info *info)
{
	int r;

	if (poll(&(struct pollfd){ .fd = l, .events = POLLIN }, 1, 5000) != 1)
		return -ETIMEDOUT;
	r = claim(l, info);
	return r;
}

static int verdict(int l, __u64 cookie, __u32 v, int *fd)
{
	struct ws_accept_verdict arg = {
		.cookie = cookie, .verdict = v, .fd = -1,
	};

	if (ioctl(l, WS_IOC_ACCEPT_VERDICT, &arg))
		return -errno;
	if (fd)
		*fd = arg.fd;
	return 0;
}

/* The client's connect outcome within 5 s: 0, an errno, or -ETIMEDOUT. */
static int client_outcome(int c, int ms)
{
	struct pollfd p = { .fd = c, .events = POLLOUT };
	int err = 0;
	socklen_t len = sizeof(err);

	if (poll(&p, 1, ms) != 1)
		return -ETIMEDOUT;
	if (getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len))
		return -errno;
	return err;
}

struct other {
	int l;
	__u64 cookie;
	int err_accept, err_reject, err_defer;
};

static void *other_verdict(void *arg)
{
	struct other *o = arg;

	o->err_accept = verdict(o->l, o->cookie, WS_CF_ACCEPT, NULL);
	o->err_reject = verdict(o->l, o->cookie, WS_CF_REJECT, NULL);
	o->err_defer = verdict(o->l, o->cookie, WS_CF_DEFER, NULL);
	return NULL;
}

/*
 * uapi: "Only the claiming thread can give the verdict", for a held SYN
 * as for a connection: another thread gets ENOENT and the SYN stays
 * unanswered (the peer's connect still pending); the owner's CF_ACCEPT
 * then connects it and data flows.
 */
TEST_F(sh, cookie_of_another_thread)
{
	struct ws_accept_info info;
	struct other o = { .l = self->l };
	pthread_t t;
	char b[4];
	int fd = -1;

	ASSERT_EQ(0, claim_wait(self->l, &info));
	EXPECT_NE(0, info.cookie >> 63);
	EXPECT_NE(0, info.peer_len);
	o.cookie = info.cookie;
	ASSERT_EQ(0, pthread_create(&t, NULL, other_verdict, &o));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(-ENOENT, o.err_accept);
	EXPECT_EQ(-ENOENT, o.err_reject);
	EXPECT_EQ(-ENOENT, o.err_defer);
	EXPECT_EQ(-ETIMEDOUT, client_outcome(self->c, 200));

	ASSERT_EQ(0, verdict(self->l, info.cookie, WS_CF_ACCEPT, &fd));
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, client_outcome(self->c, 5000));
	ASSERT_EQ(3, send(self->c, "abc", 3, 0));
	ASSERT_EQ(1, poll(&(struct pollfd){ .fd = fd, .events = POLLIN }, 1,
			  5000));
	ASSERT_EQ(3, recv(fd, b, 3, 0));
	EXPECT_EQ(0, memcmp(b, "abc", 3));
	EXPECT_EQ(-ENOENT, verdict(self->l, info.cookie, WS_CF_REJECT, NULL));
	close(fd);
}

/*
 * uapi: ENOENT for a cookie the thread does not hold: made-up SYN cookies
 * (bit 63 set) name nothing, and the held SYN is untouched.
 */
TEST_F(sh, forged_cookies)
{
	struct ws_accept_info info;
	__u64 forged[] = { 1ULL << 63, ~0ULL, (1ULL << 63) | 2 };
	unsigned int i;

	ASSERT_EQ(0, claim_wait(self->l, &info));
	for (i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		if (forged[i] == info.cookie)
			continue;
		EXPECT_EQ(-ENOENT, verdict(self->l, forged[i], WS_CF_REJECT,
					   NULL));
		EXPECT_EQ(-ENOENT, verdict(self->l, forged[i], WS_CF_ACCEPT,
					   NULL));
	}
	EXPECT_EQ(-ETIMEDOUT, client_outcome(self->c, 200));
	ASSERT_EQ(0, verdict(self->l, info.cookie, WS_CF_REJECT, NULL));
	EXPECT_EQ(ECONNREFUSED, client_outcome(self->c, 5000));
}

/*
 * uapi: closing the listener drops what it holds, a claimed SYN too: the
 * verdict then names no socket (EBADF), and the peer is refused by the
 * closed port at its next SYN.
 */
TEST_F(sh, close_under_claim)
{
	struct ws_accept_info info;
	int l = self->l;

	ASSERT_EQ(0, claim_wait(l, &info));
	ASSERT_EQ(0, close(l));
	self->l = -1;
	EXPECT_EQ(-EBADF, verdict(l, info.cookie, WS_CF_ACCEPT, NULL));
	EXPECT_EQ(ECONNREFUSED, client_outcome(self->c, 5000));
}

/*
 * uapi: the registered accept(2) returns a connection already queued
 * (one whose SYN was accepted) as a plain accept does: after CF_ACCEPT
 * and the handshake, a second connection accepted by accept(2) without a
 * registration (CF_ACCEPT for the oldest SYN), the next registered
 * accept(2) gets the queued one as a descriptor, not a claim.
 */
TEST_F(sh, plain_accept_then_registered)
{
	struct ws_accept_cond arg;
	struct ws_accept_info info;
	int fd, c2;

	ASSERT_EQ(0, poll(&(struct pollfd){ .fd = self->l, .events = POLLIN },
			  1, 5000) - 1);
	/* accept(2) without a registration: CF_ACCEPT for the held SYN. */
	fd = accept4(self->l, NULL, NULL, SOCK_NONBLOCK);
	if (fd < 0) {
		/* Not established yet: it comes with the next accept. */
		ASSERT_EQ(EAGAIN, errno);
		ASSERT_EQ(1, poll(&(struct pollfd){ .fd = self->l,
						    .events = POLLIN }, 1, 5000));
		memset(&info, 0, sizeof(info));
		arg = (struct ws_accept_cond){ .info = (uintptr_t)&info };
		ASSERT_EQ(0, ioctl(self->l, WS_IOC_ACCEPT_COND, &arg));
		fd = accept4(self->l, NULL, NULL, SOCK_NONBLOCK);
		ASSERT_LE(0, fd) TH_LOG("accept: %s", strerror(errno));
		EXPECT_EQ(0, info.cookie);	/* no claim was described */
	}
	ASSERT_EQ(0, client_outcome(self->c, 5000));
	close(fd);

	c2 = socket(variant->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, c2);
	connect(c2, (struct sockaddr *)&self->addr, self->len);
	ASSERT_EQ(0, claim_wait(self->l, &info));
	ASSERT_EQ(0, verdict(self->l, info.cookie, WS_CF_DEFER, NULL));
	EXPECT_EQ(-ETIMEDOUT, client_outcome(c2, 200));
	ASSERT_EQ(0, claim_wait(self->l, &info));
	ASSERT_EQ(0, verdict(self->l, info.cookie, WS_CF_REJECT, NULL));
	EXPECT_EQ(ECONNREFUSED, client_outcome(c2, 5000));
	close(c2);
}

#define FLOOD	256
#define CLAIMERS	12

struct claimer {
	int l;
	pthread_barrier_t *done;
	int ok;
};

/* Claim one SYN and keep the claim until the listener is closed. */
static void *claimer_main(void *arg)
{
	struct claimer *c = arg;
	struct ws_accept_info info;

	c->ok = claim(c->l, &info) == 0;
	pthread_barrier_wait(c->done);
	return NULL;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * uapi: a listener holds at most its backlog + 1 SYNs: after a flood of
 * connects, threads that each claim one find no more than that (counted
 * only if no peer can have retransmitted yet, 1 s); refused ones are
 * refused cleanly; closing the listener with SYNs held and claimed frees
 * them (the VM runner checks the kernel log for leaks and KASAN reports).
 */
TEST_F(sh, flood_bounded)
{
	struct claimer cl[CLAIMERS];
	pthread_t th[CLAIMERS];
	pthread_barrier_t done;
	int c[FLOOD], i, claimed = 0;
	struct timespec t0;
	long took;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < FLOOD; i++) {
		c[i] = socket(variant->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
		ASSERT_LE(0, c[i]);
		connect(c[i], (struct sockaddr *)&self->addr, self->len);
	}
	usleep(100 * 1000);	/* the SYNs queued in softirq get there */
	pthread_barrier_init(&done, NULL, CLAIMERS + 1);
	for (i = 0; i < CLAIMERS; i++) {
		cl[i] = (struct claimer){ .l = self->l, .done = &done };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, claimer_main, &cl[i]));
	}
	pthread_barrier_wait(&done);
	took = ms_since(&t0);
	for (i = 0; i < CLAIMERS; i++) {
		pthread_join(th[i], NULL);
		claimed += cl[i].ok;
	}
	TH_LOG("%d claimed after %ld ms", claimed, took);
	EXPECT_LT(0, claimed);
	if (took < 900)
		EXPECT_GE(4 + 1, claimed);
	pthread_barrier_destroy(&done);

	/* More come with the retransmissions: close with them held. */
	usleep(1200 * 1000);
	close(self->l);
	self->l = -1;
	for (i = 0; i < FLOOD; i++)
		close(c[i]);
}

/* --- listens and accepts racing with the queue's life ------------------- */

/* A ws TCP/IPv4 socket bound to loopback with the option set; -1 on error. */
static int opt_socket(int fam, struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int on = 1, s;

	s = socket(fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
	if (s < 0)
		return -1;
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (setsockopt(s, WS_SOL_SOCKET, WS_SO_CONDITIONAL_ACCEPT, &on,
		       sizeof(on)) ||
	    bind(s, (struct sockaddr *)addr, sizeof(*addr)) ||
	    getsockname(s, (struct sockaddr *)addr, &len)) {
		close(s);
		return -1;
	}
	return s;
}

struct lis {
	int s;
	pthread_barrier_t *go;
	volatile int *stop;
	int ok, failed, other;
};

static void *listen_loop(void *arg)
{
	struct lis *l = arg;

	pthread_barrier_wait(l->go);
	do {
		if (!listen(l->s, 8))
			l->ok++;
		else if (errno == EINVAL)
			l->failed++;
		else
			l->other++;
	} while (!*l->stop);
	return NULL;
}

/*
 * Threads listening at once on a socket that cannot listen (connected,
 * then reset by its peer): every listen fails, as a native socket's does
 * (EINVAL), and the queue the first one made stays the socket's until it
 * is closed (the guest's KASAN and kmemleak watch the rest).
 */
TEST(listens_racing_on_a_socket_that_cannot_listen)
{
	struct linger lg = { 1, 0 };
	int fam = ws_family(), round;

	if (fam < 0)
		SKIP(return, "ws module not loaded");
	for (round = 0; round < 20; round++) {
		struct sockaddr_in na = { .sin_family = AF_INET }, wa;
		socklen_t len = sizeof(na);
		pthread_barrier_t go;
		volatile int stop = 0;
		struct lis l[2];
		pthread_t t[2];
		int n, w, a, i;
		char c;

		na.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		n = socket(AF_INET, SOCK_STREAM, 0);
		ASSERT_LE(0, n);
		ASSERT_EQ(0, bind(n, (struct sockaddr *)&na, sizeof(na)));
		ASSERT_EQ(0, listen(n, 1));
		ASSERT_EQ(0, getsockname(n, (struct sockaddr *)&na, &len));
		w = opt_socket(fam, &wa);
		ASSERT_LE(0, w);
		ASSERT_EQ(0, connect(w, (struct sockaddr *)&na, sizeof(na)));
		a = accept(n, NULL, NULL);
		ASSERT_LE(0, a);
		setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(a);
		close(n);
		while (recv(w, &c, 1, 0) > 0)
			;
		pthread_barrier_init(&go, NULL, 2);
		for (i = 0; i < 2; i++) {
			l[i] = (struct lis){ .s = w, .go = &go, .stop = &stop };
			ASSERT_EQ(0, pthread_create(&t[i], NULL, listen_loop, &l[i]));
		}
		usleep(20000);
		stop = 1;
		for (i = 0; i < 2; i++) {
			pthread_join(t[i], NULL);
			EXPECT_EQ(0, l[i].ok);
			EXPECT_EQ(0, l[i].other);
		}
		pthread_barrier_destroy(&go);
		close(w);
	}
}

/*
 * Two threads' listens on one fresh socket make one listener: a SYN is
 * held once, and the verdict CF_ACCEPT connects it (uapi; spec WSAAccept).
 */
TEST(listens_racing_make_one_listener)
{
	int fam = ws_family(), round;

	if (fam < 0)
		SKIP(return, "ws module not loaded");
	for (round = 0; round < 20; round++) {
		struct ws_accept_info info = { };
		struct sockaddr_in wa;
		pthread_barrier_t go;
		volatile int stop = 1;
		struct lis l[2];
		pthread_t t[2];
		int w, c, fd = -1, i, r;

		w = opt_socket(fam, &wa);
		ASSERT_LE(0, w);
		pthread_barrier_init(&go, NULL, 2);
		for (i = 0; i < 2; i++) {
			l[i] = (struct lis){ .s = w, .go = &go, .stop = &stop };
			ASSERT_EQ(0, pthread_create(&t[i], NULL, listen_loop, &l[i]));
		}
		for (i = 0; i < 2; i++) {
			pthread_join(t[i], NULL);
			EXPECT_EQ(1, l[i].ok);
		}
		pthread_barrier_destroy(&go);
		ASSERT_EQ(0, fcntl(w, F_SETFL, O_NONBLOCK));
		c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		ASSERT_LE(0, c);
		connect(c, (struct sockaddr *)&wa, sizeof(wa));
		ASSERT_EQ(0, claim_wait(w, &info));
		/* uapi: a nonblocking listener's CF_ACCEPT may come before the
		 * handshake is over (EINPROGRESS); accept(2) then takes it.
		 */
		r = verdict(w, info.cookie, WS_CF_ACCEPT, &fd);
		ASSERT_TRUE(r == 0 || r == -EINPROGRESS) TH_LOG("verdict: %d", r);
		if (r)
			fd = -1;
		EXPECT_EQ(0, client_outcome(c, 5000));
		if (fd < 0) {
			/* Not established yet: the next accept takes it. */
			ASSERT_EQ(1, poll(&(struct pollfd){ .fd = w,
							    .events = POLLIN },
					  1, 5000));
			fd = accept(w, NULL, NULL);
		}
		EXPECT_LE(0, fd);
		if (fd >= 0)
			close(fd);
		close(c);
		close(w);
	}
}

struct acc {
	int l;
	int fd;
	int err;
};

static void on_usr1(int sig)
{
	(void)sig;
}

static void *accept_main(void *arg)
{
	struct acc *a = arg;

	a->fd = accept(a->l, NULL, NULL);
	a->err = a->fd < 0 ? errno : 0;
	return NULL;
}

/*
 * spec accept: "If no pending connections are present on the queue, and
 * the socket is marked as blocking, accept blocks the caller until a
 * connection is present." A blocking accept(2) that started before any
 * SYN came returns the connection of a SYN held after it started (without
 * a condition function, accept(2) is CF_ACCEPT).
 */
TEST(blocking_accept_takes_a_later_syn)
{
	int fam = ws_family(), w, c;
	struct sockaddr_in wa;
	struct timespec until;
	struct acc a = { .fd = -1 };
	pthread_t t;

	if (fam < 0)
		SKIP(return, "ws module not loaded");
	/* Without SA_RESTART: a signal ends a blocked accept with EINTR. */
	ASSERT_EQ(0, sigaction(SIGUSR1, &(struct sigaction){
					.sa_handler = on_usr1 }, NULL));
	w = opt_socket(fam, &wa);
	ASSERT_LE(0, w);
	ASSERT_EQ(0, listen(w, 4));
	a.l = w;
	ASSERT_EQ(0, pthread_create(&t, NULL, accept_main, &a));
	usleep(200000);		/* the accept waits before the SYN comes */
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, c);
	connect(c, (struct sockaddr *)&wa, sizeof(wa));
	EXPECT_EQ(0, client_outcome(c, 10000));
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	if (pthread_timedjoin_np(t, NULL, &until)) {
		/* Still blocked: a signal ends it. */
		pthread_kill(t, SIGUSR1);
		pthread_join(t, NULL);
		EXPECT_TRUE(0) TH_LOG("accept(2) never returned the connection");
	}
	EXPECT_LE(0, a.fd) TH_LOG("accept: %s", strerror(a.err));
	if (a.fd >= 0)
		close(a.fd);
	close(c);
	if (w >= 0)
		close(w);
}

/*
 * With the option the stack completes no connection the application has
 * not accepted (spec WSAAccept, SO_CONDITIONAL_ACCEPT): a blocking
 * accept(2) answers one SYN, and the other peers' connects stay pending.
 */
TEST(blocking_accept_answers_one_syn)
{
	int fam = ws_family(), w, c[3], i, connected = 0, pending = 0;
	struct sockaddr_in wa;
	struct acc a = { .fd = -1 };
	pthread_t t;

	if (fam < 0)
		SKIP(return, "ws module not loaded");
	w = opt_socket(fam, &wa);
	ASSERT_LE(0, w);
	ASSERT_EQ(0, listen(w, 4));
	for (i = 0; i < 3; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		ASSERT_LE(0, c[i]);
		connect(c[i], (struct sockaddr *)&wa, sizeof(wa));
	}
	ASSERT_EQ(1, poll(&(struct pollfd){ .fd = w, .events = POLLIN }, 1,
			  5000));
	a.l = w;
	ASSERT_EQ(0, pthread_create(&t, NULL, accept_main, &a));
	pthread_join(t, NULL);
	ASSERT_LE(0, a.fd) TH_LOG("accept: %s", strerror(a.err));
	for (i = 0; i < 3; i++) {
		int r = client_outcome(c[i], 300);

		connected += r == 0;
		pending += r == -ETIMEDOUT;
	}
	EXPECT_EQ(1, connected);
	EXPECT_EQ(2, pending);
	close(a.fd);
	for (i = 0; i < 3; i++)
		close(c[i]);
	close(w);
}

TEST_HARNESS_MAIN

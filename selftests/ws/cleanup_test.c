// SPDX-License-Identifier: GPL-2.0
/*
 * closesocket and WSACleanup against blocked calls of other threads.
 *
 * spec closesocket: "Any pending blocking, asynchronous calls issued by
 * any thread in this process are canceled"; spec WSACleanup: "Any pending
 * blocking or asynchronous calls issued by any thread in this process are
 * canceled", and "Any sockets open when WSACleanup is called are reset and
 * automatically deallocated as if closesocket was called". A canceled
 * call fails with WSAEINTR ("The (blocking) call was canceled").
 *
 * Calls proved blocked first (recv, send into a full buffer, accept),
 * then calls started at the same moment as the close, many times over:
 * whichever comes first, no call may stay blocked on a socket that is
 * gone. A select waiting on the socket ends too (Wine test_select:
 * "closesocket did not wakeup select"; select returns 1, the socket in
 * readfds). Citations: see ws_test.h.
 */
#include "ws_test.h"

#define RACES	100

struct call {
	int op;			/* 'r' recv, 's' send, 'a' accept */
	SOCKET s;
	volatile pid_t tid;
	volatile int ret;
	volatile int err;
	volatile int started;	/* for the races: go */
	pthread_t pt;
};

static void *call_main(void *arg)
{
	static char buf[65536];
	struct call *c = arg;
	SOCKET a;

	__atomic_store_n(&c->tid, ws_gettid(), __ATOMIC_RELEASE);
	WSASetLastError(POISON_ERR);
	switch (c->op) {
	case 'r':
		c->ret = recv(c->s, buf, sizeof(buf), 0);
		break;
	case 's':
		do {
			c->ret = send(c->s, buf, sizeof(buf), 0);
		} while (c->ret > 0);
		break;
	case 'a':
		a = accept(c->s, NULL, NULL);
		c->ret = a == INVALID_SOCKET ? SOCKET_ERROR : 0;
		break;
	}
	c->err = WSAGetLastError();
	return NULL;
}

static bool call_join(struct call *c)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_MS / 1000;
	return pthread_timedjoin_np(c->pt, NULL, &ts) == 0;
}

FIXTURE(cancel) {
	SOCKET l, c, s, full_c, full_s;
};

FIXTURE_VARIANT(cancel) {
	bool cleanup;		/* WSACleanup, else closesocket */
};

FIXTURE_VARIANT_ADD(cancel, closesocket) {
	.cleanup = false,
};

FIXTURE_VARIANT_ADD(cancel, wsacleanup) {
	.cleanup = true,
};

FIXTURE_SETUP(cancel)
{
	const char *why = ws_unavailable(AF_INET);
	struct sockaddr_storage ss;
	int len;

	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	ws_tcp_pair(_metadata, AF_INET, &self->c, &self->s);
	ws_tcp_pair(_metadata, AF_INET, &self->full_c, &self->full_s);
	self->l = ws_bound(_metadata, AF_INET, SOCK_STREAM, &ss, &len);
	ASSERT_EQ(0, listen(self->l, 4));
}

FIXTURE_TEARDOWN(cancel)
{
	WSACleanup();
}

TEST_F(cancel, blocked_calls_are_canceled)
{
	struct call calls[3] = {
		{ .op = 'r', .s = self->s },
		{ .op = 's', .s = self->full_s },
		{ .op = 'a', .s = self->l },
	};
	int i;

	for (i = 0; i < 3; i++) {
		calls[i].tid = 0;
		ASSERT_EQ(0, pthread_create(&calls[i].pt, NULL, call_main, &calls[i]));
		ASSERT_TRUE(ws_wait_blocked(&calls[i].tid))
			TH_LOG("call %c never blocked", calls[i].op);
	}
	if (variant->cleanup) {
		ASSERT_EQ(0, WSACleanup());
	} else {
		ASSERT_EQ(0, closesocket(self->s));
		ASSERT_EQ(0, closesocket(self->full_s));
		ASSERT_EQ(0, closesocket(self->l));
	}
	for (i = 0; i < 3; i++) {
		ASSERT_TRUE(call_join(&calls[i])) TH_LOG("call %c still blocked", calls[i].op);
		ASSERT_EQ(SOCKET_ERROR, calls[i].ret) TH_LOG("call %c", calls[i].op);
		ASSERT_EQ(WSAEINTR, calls[i].err) TH_LOG("call %c", calls[i].op);
	}
	if (variant->cleanup)
		ASSERT_EQ(0, ws_startup());	/* for the teardown */
}

struct selecting {
	SOCKET s;
	bool read;		/* in readfds (and exceptfds if except) */
	bool except;		/* in exceptfds */
	volatile pid_t tid;
	volatile int ret;
	int err;
	int in_set;		/* in readfds */
	int in_except;		/* in exceptfds */
	long elapsed;
	pthread_t pt;
};

static void *selecting_main(void *arg)
{
	struct selecting *sel = arg;
	struct timeval tv = { 10, 0 };
	long start = ws_now_ms();
	fd_set r, x;

	FD_ZERO(&r);
	FD_ZERO(&x);
	if (sel->read)
		FD_SET(sel->s, &r);
	if (sel->except)
		FD_SET(sel->s, &x);
	__atomic_store_n(&sel->tid, ws_gettid(), __ATOMIC_RELEASE);
	WSASetLastError(POISON_ERR);
	sel->ret = select(0, sel->read ? &r : NULL, NULL, sel->except ? &x : NULL, &tv);
	sel->err = WSAGetLastError();
	sel->in_set = FD_ISSET(sel->s, &r);
	sel->in_except = FD_ISSET(sel->s, &x);
	sel->elapsed = ws_now_ms() - start;
	return NULL;
}

TEST_F(cancel, select_is_woken)
{
	struct selecting sel = { .s = self->l, .read = true };
	struct timespec ts;

	ASSERT_EQ(0, pthread_create(&sel.pt, NULL, selecting_main, &sel));
	ASSERT_TRUE(ws_wait_blocked(&sel.tid)) TH_LOG("select never blocked");
	if (variant->cleanup) {
		ASSERT_EQ(0, WSACleanup());
	} else {
		ASSERT_EQ(0, closesocket(self->l));
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_MS / 1000;
	ASSERT_EQ(0, pthread_timedjoin_np(sel.pt, NULL, &ts))
		TH_LOG("select still blocked");
	ASSERT_GT(WAIT_MS, sel.elapsed);
	ASSERT_EQ(1, sel.ret);
	ASSERT_TRUE(sel.in_set);
	if (variant->cleanup)
		ASSERT_EQ(0, ws_startup());	/* for the teardown */
}

/*
 * Wine test_select ("Close the socket currently being selected in a
 * thread"): a connected socket in readfds and exceptfds, closed by another
 * thread: select returns 1, the socket in readfds, not in exceptfds. In
 * exceptfds alone: SOCKET_ERROR, WSAENOTSOCK, the socket not in the set.
 */
static void select_closed(struct __test_metadata *_metadata,
			  FIXTURE_DATA(cancel) *self, bool read)
{
	struct selecting sel = { .s = self->c, .read = read, .except = true };
	struct timespec ts;

	ASSERT_EQ(0, pthread_create(&sel.pt, NULL, selecting_main, &sel));
	ASSERT_TRUE(ws_wait_blocked(&sel.tid)) TH_LOG("select never blocked");
	ASSERT_EQ(0, closesocket(self->c));
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_MS / 1000;
	ASSERT_EQ(0, pthread_timedjoin_np(sel.pt, NULL, &ts))
		TH_LOG("select still blocked");
	ASSERT_GT(WAIT_MS, sel.elapsed);
	if (read) {
		ASSERT_EQ(1, sel.ret);
		ASSERT_TRUE(sel.in_set);
	} else {
		ASSERT_EQ(SOCKET_ERROR, sel.ret);
		ASSERT_EQ(WSAENOTSOCK, sel.err);
	}
	ASSERT_FALSE(sel.in_except);
}

TEST_F(cancel, select_read_and_except_is_woken)
{
	if (variant->cleanup)
		SKIP(return, "closesocket only (Wine test_select)");
	select_closed(_metadata, self, true);
}

TEST_F(cancel, select_except_only_fails)
{
	if (variant->cleanup)
		SKIP(return, "closesocket only (Wine test_select)");
	select_closed(_metadata, self, false);
}

static void *race_main(void *arg)
{
	struct call *c = arg;

	while (!__atomic_load_n(&c->started, __ATOMIC_ACQUIRE))
		;
	return call_main(c);
}

TEST_F(cancel, calls_racing_the_close_never_stay_blocked)
{
	int i, err;

	for (i = 0; i < RACES; i++) {
		struct call c = { .op = 'r' };
		SOCKET a, b;

		if (i) {
			if (variant->cleanup) {
				ASSERT_EQ(0, ws_startup());
			}
			ws_tcp_pair(_metadata, AF_INET, &a, &b);
		} else {
			a = self->c;
			b = self->s;
		}
		c.s = b;
		ASSERT_EQ(0, pthread_create(&c.pt, NULL, race_main, &c));
		__atomic_store_n(&c.started, 1, __ATOMIC_RELEASE);
		if (i & 1)
			sched_yield();
		if (variant->cleanup) {
			ASSERT_EQ(0, WSACleanup());
		} else {
			ASSERT_EQ(0, closesocket(b));
		}
		ASSERT_TRUE(call_join(&c)) TH_LOG("round %d: recv still blocked", i);
		ASSERT_EQ(SOCKET_ERROR, c.ret);
		/* Canceled while blocked, or too late to start at all. */
		err = c.err;
		ASSERT_TRUE(err == WSAEINTR || err == WSAENOTSOCK ||
			    err == WSANOTINITIALISED) TH_LOG("round %d: error %d", i, err);
		if (!variant->cleanup)
			closesocket(a);
	}
	if (variant->cleanup)
		ASSERT_EQ(0, ws_startup());
}

TEST_HARNESS_MAIN

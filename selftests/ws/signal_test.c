// SPDX-License-Identifier: GPL-2.0
/*
 * Signals during blocking Winsock calls. Windows has no signals: a
 * blocking call waits until it can complete (spec recv: "If no incoming
 * data is available at the socket, the recv call blocks and waits for
 * data to arrive"; spec accept: "If no pending connections are present on
 * the queue, and the socket is marked as blocking, accept blocks the
 * caller until a connection is present"; spec connect: "With a blocking
 * socket, the return value indicates success or failure of the connection
 * attempt"; spec send: the count can be less than len "for nonblocking
 * sockets"), or its SO_RCVTIMEO runs out (Wine test_timeout: WSAETIMEDOUT).
 * WSAEINTR is a call "canceled" (spec), by closesocket.
 *
 * So a signal handler run many times while the call waits must change
 * nothing, with and without SA_RESTART, with and without SO_RCVTIMEO /
 * SO_SNDTIMEO (Linux fails a call with such a timeout with EINTR even
 * under SA_RESTART), and closesocket must still cancel the call.
 * Citations: see ws_test.h.
 */
#include "ws_test.h"

#include <signal.h>
#include <stdatomic.h>

#define SIGNALS		20
#define SIGNAL_MS	5

static atomic_int handled;

static void on_signal(int sig)
{
	(void)sig;
	atomic_fetch_add(&handled, 1);
}

/* Signals a thread @n times, @ms apart, until told to stop. */
struct signaller {
	pthread_t target;
	int n;
	int ms;
	atomic_int stop;
	pthread_t pt;
};

static void *signaller_main(void *arg)
{
	struct signaller *g = arg;
	int i;

	for (i = 0; i < g->n && !atomic_load(&g->stop); i++) {
		int seen = atomic_load(&handled);
		long t0 = ws_now_ms();

		pthread_kill(g->target, SIGUSR1);
		/*
		 * The next one only once this one was handled (within a
		 * second): two sent while the target waits for a CPU would be
		 * one pending signal, handled once.
		 */
		while (atomic_load(&handled) == seen && ws_now_ms() - t0 < 1000 &&
		       !atomic_load(&g->stop))
			ws_sleep_ms(1);
		ws_sleep_ms(g->ms);
	}
	return NULL;
}

static void signal_start(struct signaller *g, pthread_t target, int n, int ms)
{
	g->target = target;
	g->n = n;
	g->ms = ms;
	atomic_store(&g->stop, 0);
	pthread_create(&g->pt, NULL, signaller_main, g);
}

static void signal_stop(struct signaller *g)
{
	atomic_store(&g->stop, 1);
	pthread_join(g->pt, NULL);
}

/* A thread blocked in a Winsock call. */
struct call {
	int op;			/* 'r' recv, 's' send, 'a' accept, 'c' connect */
	SOCKET s;
	char *buf;
	int len;
	struct sockaddr_storage addr;
	int addrlen;
	volatile pid_t tid;
	volatile int ret;
	volatile int err;
	long elapsed;
	pthread_t pt;
};

static void *call_main(void *arg)
{
	struct call *c = arg;
	long start = ws_now_ms();
	SOCKET a;

	__atomic_store_n(&c->tid, ws_gettid(), __ATOMIC_RELEASE);
	WSASetLastError(POISON_ERR);
	switch (c->op) {
	case 'r':
		c->ret = recv(c->s, c->buf, c->len, c->addrlen /* flags */);
		break;
	case 's':
		c->ret = send(c->s, c->buf, c->len, 0);
		break;
	case 'R': {	/* WSARecv without an OVERLAPPED */
		WSABUF wb[2] = { { 2, c->buf }, { (ULONG)c->len - 2, c->buf + 2 } };
		DWORD got = 0, flags = 0;

		c->ret = WSARecv(c->s, wb, 2, &got, &flags, NULL, NULL);
		if (!c->ret)
			c->ret = (int)got;
		break;
	}
	case 'a':
		a = accept(c->s, NULL, NULL);
		c->ret = a == INVALID_SOCKET ? SOCKET_ERROR : (int)a;
		break;
	case 'c':
		c->ret = connect(c->s, (struct sockaddr *)&c->addr, c->addrlen);
		break;
	}
	c->err = WSAGetLastError();
	c->elapsed = ws_now_ms() - start;
	return NULL;
}

static void call_start(struct __test_metadata *_metadata, struct call *c)
{
	c->tid = 0;
	ASSERT_EQ(0, pthread_create(&c->pt, NULL, call_main, c));
	ASSERT_TRUE(ws_wait_blocked(&c->tid)) TH_LOG("the call never blocked");
}

static void call_join(struct __test_metadata *_metadata, struct call *c, long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000 + 1;
	ASSERT_EQ(0, pthread_timedjoin_np(c->pt, NULL, &ts))
		TH_LOG("the call did not return");
}

FIXTURE(sig) {
	SOCKET c, s;
};

FIXTURE_VARIANT(sig) {
	bool restart;		/* SA_RESTART */
	int timeout_ms;		/* SO_RCVTIMEO and SO_SNDTIMEO, 0: none */
};

FIXTURE_VARIANT_ADD(sig, plain) {
	.restart = false,
};

FIXTURE_VARIANT_ADD(sig, sa_restart) {
	.restart = true,
};

FIXTURE_VARIANT_ADD(sig, timeout) {
	.restart = false,
	.timeout_ms = 4000,
};

FIXTURE_VARIANT_ADD(sig, sa_restart_timeout) {
	.restart = true,
	.timeout_ms = 4000,
};

FIXTURE_SETUP(sig)
{
	const char *why = ws_unavailable(AF_INET);
	struct sigaction sa;

	self->c = self->s = INVALID_SOCKET;
	if (why)
		SKIP(return, "%s", why);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = variant->restart ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	ASSERT_EQ(0, ws_startup());
	ws_tcp_pair(_metadata, AF_INET, &self->c, &self->s);
	if (variant->timeout_ms) {
		ASSERT_EQ(0, ws_set_int(self->s, SOL_SOCKET, SO_RCVTIMEO, variant->timeout_ms));
		ASSERT_EQ(0, ws_set_int(self->s, SOL_SOCKET, SO_SNDTIMEO, variant->timeout_ms));
	}
}

FIXTURE_TEARDOWN(sig)
{
	WSACleanup();
	signal(SIGUSR1, SIG_DFL);
}

TEST_F(sig, recv_waits_through_signals)
{
	struct signaller g;
	struct call c = { .op = 'r', .s = self->s, .len = 16 };
	char buf[16];
	int before = atomic_load(&handled);

	c.buf = buf;
	memset(buf, POISON_BYTE, sizeof(buf));
	call_start(_metadata, &c);
	signal_start(&g, c.pt, SIGNALS, SIGNAL_MS);
	ws_sleep_ms(SIGNALS * SIGNAL_MS + 50);
	/* A loaded host may be slower: as long as it takes, within WAIT_MS. */
	for (long t0 = ws_now_ms(); atomic_load(&handled) - before < SIGNALS / 2 &&
	     ws_now_ms() - t0 < WAIT_MS;)
		ws_sleep_ms(10);
	signal_stop(&g);
	ASSERT_LE(SIGNALS / 2, atomic_load(&handled) - before);
	ASSERT_TRUE(ws_thread_blocked_for(c.tid, 20))
		TH_LOG("recv returned %d, error %d", c.ret, c.err);
	ws_send_all(_metadata, self->c, "after", 5);
	call_join(_metadata, &c, WAIT_MS);
	ASSERT_EQ(5, c.ret) TH_LOG("error %d", c.err);
	ASSERT_EQ(0, memcmp(buf, "after", 5));
}

TEST_F(sig, recv_waitall_gets_everything)
{
	struct signaller g;
	struct call c = { .op = 'r', .s = self->s, .len = 10, .addrlen = MSG_WAITALL };
	char buf[16];

	c.buf = buf;
	memset(buf, POISON_BYTE, sizeof(buf));
	call_start(_metadata, &c);
	ws_send_all(_metadata, self->c, "01234", 5);
	signal_start(&g, c.pt, SIGNALS, SIGNAL_MS);
	ws_sleep_ms(SIGNALS * SIGNAL_MS + 50);
	signal_stop(&g);
	ws_send_all(_metadata, self->c, "56789", 5);
	call_join(_metadata, &c, WAIT_MS);
	/* MSG_WAITALL: the request completes when the buffer is full */
	ASSERT_EQ(10, c.ret) TH_LOG("error %d", c.err);
	ASSERT_EQ(0, memcmp(buf, "0123456789", 10));
}

TEST_F(sig, recv_timeout_is_kept)
{
	struct signaller g;
	struct call c = { .op = 'r', .s = self->s, .len = 16 };
	char buf[16];

	if (!variant->timeout_ms)
		SKIP(return, "no SO_RCVTIMEO in this variant");
	ASSERT_EQ(0, ws_set_int(self->s, SOL_SOCKET, SO_RCVTIMEO, 600));
	c.buf = buf;
	call_start(_metadata, &c);
	signal_start(&g, c.pt, 1000, 10);
	call_join(_metadata, &c, WAIT_MS);
	signal_stop(&g);
	/* Wine test_timeout: WSAETIMEDOUT once SO_RCVTIMEO has run out */
	ASSERT_EQ(SOCKET_ERROR, c.ret);
	ASSERT_EQ(WSAETIMEDOUT, c.err);
	ASSERT_LE(500, c.elapsed);
	ASSERT_GT(2000, c.elapsed);
}

TEST_F(sig, send_sends_everything)
{
	const int big = 16 << 20;
	struct signaller g;
	struct call c = { .op = 's', .s = self->s, .len = big };
	char *rbuf = malloc(65536);
	long got = 0;
	int r;

	c.buf = calloc(1, big);
	ASSERT_NE(NULL, c.buf);
	call_start(_metadata, &c);	/* blocked: nobody reads yet */
	signal_start(&g, c.pt, SIGNALS, SIGNAL_MS);
	ws_sleep_ms(SIGNALS * SIGNAL_MS + 50);
	while (got < big) {
		ASSERT_EQ(WS_READ, ws_wait(self->c, WS_READ, WAIT_MS));
		r = recv(self->c, rbuf, 65536, 0);
		ASSERT_LT(0, r) TH_LOG("recv: error %d after %ld", WSAGetLastError(), got);
		got += r;
	}
	signal_stop(&g);
	call_join(_metadata, &c, WAIT_MS);
	/* spec send: a blocking send sends it all */
	ASSERT_EQ(big, c.ret) TH_LOG("error %d", c.err);
	free(c.buf);
	free(rbuf);
}

TEST_F(sig, accept_waits_through_signals)
{
	struct signaller g;
	struct sockaddr_storage ss;
	struct call c = { .op = 'a' };
	SOCKET cl;
	int len;

	c.s = ws_bound(_metadata, AF_INET, SOCK_STREAM, &ss, &len);
	ASSERT_EQ(0, listen(c.s, 4));
	if (variant->timeout_ms)
		ASSERT_EQ(0, ws_set_int(c.s, SOL_SOCKET, SO_RCVTIMEO, variant->timeout_ms));
	call_start(_metadata, &c);
	signal_start(&g, c.pt, SIGNALS, SIGNAL_MS);
	ws_sleep_ms(SIGNALS * SIGNAL_MS + 50);
	signal_stop(&g);
	ASSERT_TRUE(ws_thread_blocked_for(c.tid, 20))
		TH_LOG("accept returned %d, error %d", c.ret, c.err);
	cl = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_EQ(0, connect(cl, (struct sockaddr *)&ss, len));
	call_join(_metadata, &c, WAIT_MS);
	ASSERT_NE(SOCKET_ERROR, c.ret) TH_LOG("error %d", c.err);
}

/*
 * A connect that stays in progress: the listener's queue is full (backlog
 * 0 and one connection queued), so Linux drops the SYN and the client
 * sends it again after a second. The test accepts the queued connection
 * meanwhile; the retransmitted SYN then gets through.
 */
TEST_F(sig, connect_completes_through_signals)
{
	struct signaller g;
	struct sockaddr_storage ss;
	struct call c = { .op = 'c' };
	SOCKET l, first, a, a2;
	int len;

	l = ws_bound(_metadata, AF_INET, SOCK_STREAM, &ss, &len);
	ASSERT_EQ(0, listen(l, 0));
	first = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_EQ(0, connect(first, (struct sockaddr *)&ss, len));
	ws_sleep_ms(50);
	c.s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, c.s);
	if (variant->timeout_ms)
		ASSERT_EQ(0, ws_set_int(c.s, SOL_SOCKET, SO_SNDTIMEO, variant->timeout_ms));
	memcpy(&c.addr, &ss, sizeof(ss));
	c.addrlen = len;
	call_start(_metadata, &c);
	signal_start(&g, c.pt, SIGNALS, SIGNAL_MS);
	ws_sleep_ms(SIGNALS * SIGNAL_MS + 50);
	signal_stop(&g);
	ASSERT_TRUE(ws_thread_blocked_for(c.tid, 20))
		TH_LOG("connect returned %d, error %d", c.ret, c.err);
	a = accept(l, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, a);
	call_join(_metadata, &c, WAIT_MS);
	ASSERT_EQ(0, c.ret) TH_LOG("error %d", c.err);
	/* spec select: a connected socket is writable, not in exceptfds */
	ASSERT_EQ(WS_WRITE, ws_wait(c.s, WS_WRITE | WS_EXCEPT, WAIT_MS));
	ASSERT_EQ(WS_READ, ws_wait(l, WS_READ, WAIT_MS));
	a2 = accept(l, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, a2);
	closesocket(a2);
	closesocket(a);
	closesocket(first);
	closesocket(l);
}

TEST_F(sig, closesocket_cancels_after_signals)
{
	struct signaller g;
	struct call c = { .op = 'r', .s = self->s, .len = 16 };
	char buf[16];

	c.buf = buf;
	call_start(_metadata, &c);
	signal_start(&g, c.pt, SIGNALS, SIGNAL_MS);
	ws_sleep_ms(SIGNALS * SIGNAL_MS + 50);
	signal_stop(&g);
	ASSERT_TRUE(ws_thread_blocked_for(c.tid, 20))
		TH_LOG("recv returned %d, error %d", c.ret, c.err);
	/* spec closesocket: the blocked call "issued by any thread in this
	 * process" is canceled */
	ASSERT_EQ(0, closesocket(self->s));
	self->s = INVALID_SOCKET;
	call_join(_metadata, &c, WAIT_MS);
	ASSERT_EQ(SOCKET_ERROR, c.ret);
	ASSERT_EQ(WSAEINTR, c.err);
	ASSERT_GT(WAIT_MS, c.elapsed);
}

/*
 * WSARecv without an OVERLAPPED is a blocking call like recv (spec
 * WSARecv: "as if ... recv"): signals do not end it, closesocket does
 * (WSAEINTR, spec closesocket).
 */
TEST_F(sig, wsarecv_waits_through_signals_and_closesocket_cancels)
{
	struct signaller g;
	struct call c = { .op = 'R', .s = self->s, .len = 16 };
	char buf[16];

	c.buf = buf;
	call_start(_metadata, &c);
	signal_start(&g, c.pt, SIGNALS, SIGNAL_MS);
	ws_sleep_ms(SIGNALS * SIGNAL_MS + 50);
	signal_stop(&g);
	ASSERT_TRUE(ws_thread_blocked_for(c.tid, 20))
		TH_LOG("WSARecv returned %d, error %d", c.ret, c.err);
	ws_send_all(_metadata, self->c, "after", 5);
	call_join(_metadata, &c, WAIT_MS);
	ASSERT_EQ(5, c.ret) TH_LOG("error %d", c.err);
	ASSERT_EQ(0, memcmp(buf, "after", 5));

	c.tid = 0;
	call_start(_metadata, &c);
	ASSERT_EQ(0, closesocket(self->s));
	self->s = INVALID_SOCKET;
	call_join(_metadata, &c, WAIT_MS);
	ASSERT_EQ(SOCKET_ERROR, c.ret);
	ASSERT_EQ(WSAEINTR, c.err);
}

TEST_HARNESS_MAIN

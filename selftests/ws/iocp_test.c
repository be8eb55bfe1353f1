// SPDX-License-Identifier: GPL-2.0
/*
 * I/O completion ports through libws: CreateIoCompletionPort,
 * GetQueuedCompletionStatus(Ex), PostQueuedCompletionStatus,
 * SetFileCompletionNotificationModes, with overlapped WSARecv/WSASend,
 * AcceptEx and closesocket, IPv4 and IPv6; and an echo server with worker
 * threads.
 *
 * Expectations come from Windows' behaviour as Wine's conformance tests
 * record it ("Wine <test>": dlls/ws2_32/tests/sock.c; "Wine ntdll" for
 * dlls/ntdll/tests/sync.c and file.c) or from the functions' pages.
 */
#include "ws_test.h"

#include <stdlib.h>

#include <mswsock.h>

#define OV_POISON	((ULONG_PTR)0xdeadbeefdeadbeefull)
#define AREA		((DWORD)sizeof(struct sockaddr_in6) + 16)
#define ST_CONNECTION_ABORTED	0xC0000241u

FIXTURE(port) {
	SOCKET c, s;		/* a connected TCP pair */
	HANDLE port;
};

FIXTURE_VARIANT(port) {
	int af;
};

FIXTURE_VARIANT_ADD(port, ipv4) { .af = AF_INET };
FIXTURE_VARIANT_ADD(port, ipv6) { .af = AF_INET6 };

FIXTURE_SETUP(port)
{
	const char *why = ws_unavailable(variant->af);

	self->c = self->s = INVALID_SOCKET;
	self->port = NULL;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	ws_tcp_pair(_metadata, variant->af, &self->c, &self->s);
	self->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
	ASSERT_NE(NULL, self->port) TH_LOG("error %lu", (unsigned long)GetLastError());
}

FIXTURE_TEARDOWN(port)
{
	if (self->c != INVALID_SOCKET)
		closesocket(self->c);
	if (self->s != INVALID_SOCKET)
		closesocket(self->s);
	if (self->port)
		CloseHandle(self->port);
	WSACleanup();
}

static void ov_init(OVERLAPPED *ov, HANDLE ev)
{
	memset(ov, 0, sizeof(*ov));
	ov->Internal = OV_POISON;
	ov->InternalHigh = OV_POISON;
	ov->hEvent = ev;
}

/* Expect one packet: its success, bytes, key and OVERLAPPED. */
#define EXPECT_PACKET(port, ok, nbytes, k, o) do { \
	DWORD _b = 0xdeadbeef; \
	ULONG_PTR _k = 0xdeadbeef; \
	OVERLAPPED *_o = (OVERLAPPED *)0xdeadbeef; \
	EXPECT_EQ((BOOL)(ok), GetQueuedCompletionStatus((port), &_b, &_k, &_o, \
							WAIT_MS)) \
		TH_LOG("error %lu", (unsigned long)GetLastError()); \
	EXPECT_EQ((DWORD)(nbytes), _b); \
	EXPECT_EQ((ULONG_PTR)(k), _k); \
	EXPECT_EQ((OVERLAPPED *)(o), _o); \
} while (0)

/* Expect no packet within @ms: FALSE, WAIT_TIMEOUT, *lpOverlapped NULL. */
#define EXPECT_NO_PACKET(port, ms) do { \
	DWORD _b = 0xdeadbeef; \
	ULONG_PTR _k = 0xdeadbeef; \
	OVERLAPPED *_o = (OVERLAPPED *)0xdeadbeef; \
	EXPECT_FALSE(GetQueuedCompletionStatus((port), &_b, &_k, &_o, (ms))); \
	EXPECT_EQ(WAIT_TIMEOUT, GetLastError()); \
	EXPECT_EQ(NULL, _o); \
	EXPECT_EQ(0xdeadbeef, _b); \
	EXPECT_EQ(0xdeadbeef, _k); \
} while (0)

/*
 * Wine test_completion_port: CreateIoCompletionPort(socket, port, key)
 * returns the port; a pending WSARecv's completion is a packet with the
 * key, the byte count and the OVERLAPPED; an operation that completes at
 * once queues one too. Wine ntdll: a timeout gives FALSE, WAIT_TIMEOUT,
 * *lpOverlapped NULL, the rest untouched.
 */
TEST_F(port, recv_completions)
{
	char buf[16];
	WSABUF wb = { sizeof(buf), buf };
	DWORD flags = 0, got;
	OVERLAPPED ov;

	ASSERT_EQ(self->port, CreateIoCompletionPort((HANDLE)self->s, self->port,
						     125, 0))
		TH_LOG("error %lu", (unsigned long)GetLastError());
	EXPECT_NO_PACKET(self->port, 0);
	EXPECT_NO_PACKET(self->port, QUIET_MS);

	ov_init(&ov, NULL);
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSARecv(self->s, &wb, 1, NULL, &flags, &ov, NULL));
	ASSERT_EQ(5, send(self->c, "hello", 5, 0));
	EXPECT_PACKET(self->port, TRUE, 5, 125, &ov);
	EXPECT_EQ(0, ov.Internal);

	/* Completed at once: the call returns 0 and the packet comes too. */
	ASSERT_EQ(3, send(self->c, "abc", 3, 0));
	ASSERT_EQ(WS_READ, ws_wait(self->s, WS_READ, WAIT_MS));
	ov_init(&ov, NULL);
	ASSERT_EQ(0, WSARecv(self->s, &wb, 1, &got, &flags, &ov, NULL));
	EXPECT_EQ(3, got);
	EXPECT_PACKET(self->port, TRUE, 3, 125, &ov);
	EXPECT_NO_PACKET(self->port, 0);
}

/*
 * Wine test_completion_port (iocp_async_read_closesocket): closing a
 * socket with a WSARecv pending queues exactly one packet: FALSE,
 * ERROR_CONNECTION_ABORTED, 0 bytes, the key and the OVERLAPPED, Internal
 * STATUS_CONNECTION_ABORTED. A socket closed with nothing pending queues
 * nothing.
 */
TEST_F(port, close_with_recv_pending)
{
	char buf[16];
	WSABUF wb = { sizeof(buf), buf };
	DWORD flags = 0;
	OVERLAPPED ov;

	ASSERT_EQ(self->port, CreateIoCompletionPort((HANDLE)self->s, self->port,
						     7, 0));
	ASSERT_EQ(self->port, CreateIoCompletionPort((HANDLE)self->c, self->port,
						     8, 0));
	ov_init(&ov, NULL);
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSARecv(self->s, &wb, 1, NULL, &flags, &ov, NULL));
	ASSERT_EQ(0, closesocket(self->s));
	self->s = INVALID_SOCKET;
	EXPECT_PACKET(self->port, FALSE, 0, 7, &ov);
	EXPECT_EQ(ERROR_CONNECTION_ABORTED, GetLastError());
	EXPECT_EQ(ST_CONNECTION_ABORTED, (DWORD)ov.Internal);
	EXPECT_NO_PACKET(self->port, QUIET_MS);
	ASSERT_EQ(0, closesocket(self->c));
	self->c = INVALID_SOCKET;
	EXPECT_NO_PACKET(self->port, QUIET_MS);
}

/*
 * Wine test_completion_port: an hEvent with its low bit set queues no
 * packet (the event, hEvent minus the bit, is still set); a completion
 * routine is run, and no packet queued.
 */
static int routine_calls;

static void CALLBACK on_done(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov,
			     DWORD flags)
{
	(void)err;
	(void)bytes;
	(void)ov;
	(void)flags;
	routine_calls++;
}

TEST_F(port, no_packet_with_low_bit_or_routine)
{
	WSAEVENT ev = WSACreateEvent();
	char buf[16];
	WSABUF wb = { sizeof(buf), buf };
	DWORD flags = 0;
	OVERLAPPED ov;

	ASSERT_NE(WSA_INVALID_EVENT, ev);
	ASSERT_EQ(0, (uintptr_t)ev & 1);	/* even, as Windows handles are */
	ASSERT_EQ(self->port, CreateIoCompletionPort((HANDLE)self->s, self->port,
						     1, 0));
	ov_init(&ov, (HANDLE)((uintptr_t)ev | 1));
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSARecv(self->s, &wb, 1, NULL, &flags, &ov, NULL));
	ASSERT_EQ(2, send(self->c, "hi", 2, 0));
	EXPECT_EQ(WSA_WAIT_EVENT_0, WSAWaitForMultipleEvents(1, &ev, FALSE, WAIT_MS, FALSE));
	EXPECT_EQ(0, ov.Internal);
	EXPECT_NO_PACKET(self->port, QUIET_MS);

	routine_calls = 0;
	ov_init(&ov, NULL);
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSARecv(self->s, &wb, 1, NULL, &flags, &ov,
					       on_done));
	ASSERT_EQ(2, send(self->c, "ho", 2, 0));
	EXPECT_EQ(WAIT_IO_COMPLETION, SleepEx(WAIT_MS, TRUE));
	EXPECT_EQ(1, routine_calls);
	EXPECT_NO_PACKET(self->port, QUIET_MS);
	WSACloseEvent(ev);
}

/*
 * Wine ntdll test_file_completion_information: with
 * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS an operation that succeeds at once
 * queues nothing, one that pends still does; the modes accumulate.
 */
TEST_F(port, skip_on_success)
{
	char buf[16];
	WSABUF wb = { sizeof(buf), buf };
	DWORD flags = 0, got;
	OVERLAPPED ov;

	ASSERT_EQ(self->port, CreateIoCompletionPort((HANDLE)self->s, self->port,
						     3, 0));
	ASSERT_TRUE(SetFileCompletionNotificationModes((HANDLE)self->s,
						       FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
	ASSERT_TRUE(SetFileCompletionNotificationModes((HANDLE)self->s, 0));
	ASSERT_EQ(3, send(self->c, "abc", 3, 0));
	ASSERT_EQ(WS_READ, ws_wait(self->s, WS_READ, WAIT_MS));
	ov_init(&ov, NULL);
	ASSERT_EQ(0, WSARecv(self->s, &wb, 1, &got, &flags, &ov, NULL));
	EXPECT_NO_PACKET(self->port, QUIET_MS);

	ov_init(&ov, NULL);
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSARecv(self->s, &wb, 1, NULL, &flags, &ov, NULL));
	ASSERT_EQ(1, send(self->c, "d", 1, 0));
	EXPECT_PACKET(self->port, TRUE, 1, 3, &ov);
}

/*
 * Wine ntdll (sync.c): posted packets leave in order with exactly what was
 * posted (any lpOverlapped value); GetQueuedCompletionStatusEx takes
 * several in one call, in order; a second association of a handle fails
 * with ERROR_INVALID_PARAMETER (Wine test_iocp_callback's rule).
 */
TEST_F(port, post_and_batch)
{
	OVERLAPPED_ENTRY ents[16];
	ULONG n = 0;
	int i;

	for (i = 1; i <= 10; i++)
		ASSERT_TRUE(PostQueuedCompletionStatus(self->port, i * 3, i,
						       (LPOVERLAPPED)(uintptr_t)i));
	EXPECT_PACKET(self->port, TRUE, 3, 1, (uintptr_t)1);
	ASSERT_TRUE(GetQueuedCompletionStatusEx(self->port, ents, 16, &n, 0, FALSE));
	ASSERT_EQ(9, n);
	for (i = 0; i < 9; i++) {
		EXPECT_EQ((ULONG_PTR)(i + 2), ents[i].lpCompletionKey);
		EXPECT_EQ((LPOVERLAPPED)(uintptr_t)(i + 2), ents[i].lpOverlapped);
		EXPECT_EQ((DWORD)(i + 2) * 3, ents[i].dwNumberOfBytesTransferred);
	}
	EXPECT_FALSE(GetQueuedCompletionStatusEx(self->port, ents, 16, &n, 0, FALSE));
	EXPECT_EQ(WAIT_TIMEOUT, GetLastError());

	ASSERT_EQ(self->port, CreateIoCompletionPort((HANDLE)self->s, self->port, 1, 0));
	EXPECT_EQ(NULL, CreateIoCompletionPort((HANDLE)self->s, self->port, 2, 0));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
}

struct waiter {
	HANDLE port;
	volatile pid_t tid;
	ULONG_PTR key;
	BOOL ok;
	DWORD err;
};

static void *gqcs_thread(void *arg)
{
	struct waiter *w = arg;
	OVERLAPPED *ov;
	DWORD bytes;

	w->tid = ws_gettid();
	w->ok = GetQueuedCompletionStatus(w->port, &bytes, &w->key, &ov, 2 * WAIT_MS);
	w->err = GetLastError();
	return NULL;
}

/*
 * Wine ntdll test_completion_port_scheduling: waiters are woken newest
 * first: with B waiting, then A, three posts go to A, then B, and the
 * third stays for the next caller.
 */
TEST_F(port, lifo_waiters)
{
	struct waiter a = { .port = self->port }, b = { .port = self->port };
	pthread_t ta, tb;
	OVERLAPPED *ov;
	ULONG_PTR key;
	DWORD bytes;

	ASSERT_EQ(0, pthread_create(&tb, NULL, gqcs_thread, &b));
	ASSERT_TRUE(ws_wait_blocked(&b.tid));
	ASSERT_EQ(0, pthread_create(&ta, NULL, gqcs_thread, &a));
	ASSERT_TRUE(ws_wait_blocked(&a.tid));
	ASSERT_TRUE(PostQueuedCompletionStatus(self->port, 0, 3, NULL));
	ASSERT_TRUE(PostQueuedCompletionStatus(self->port, 0, 4, NULL));
	ASSERT_TRUE(PostQueuedCompletionStatus(self->port, 0, 5, NULL));
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	EXPECT_TRUE(a.ok);
	EXPECT_EQ(3, a.key);
	EXPECT_TRUE(b.ok);
	EXPECT_EQ(4, b.key);
	ASSERT_TRUE(GetQueuedCompletionStatus(self->port, &bytes, &key, &ov, 0));
	EXPECT_EQ(5, key);
}

/*
 * Wine ntdll test_completion_port_scheduling: closing the port while a
 * thread waits in it ends the wait with FALSE, ERROR_ABANDONED_WAIT_0.
 */
TEST_F(port, close_wakes_waiters)
{
	struct waiter w = { .port = self->port };
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, gqcs_thread, &w));
	ASSERT_TRUE(ws_wait_blocked(&w.tid));
	ASSERT_TRUE(CloseHandle(self->port));
	self->port = NULL;
	pthread_join(t, NULL);
	EXPECT_FALSE(w.ok);
	EXPECT_EQ(ERROR_ABANDONED_WAIT_0, w.err);
}

/*
 * Wine test_completion_port: an AcceptEx completes to the listener's key,
 * not the accept socket's, even when both are associated; a port
 * associated after the AcceptEx was issued still gets it.
 */
TEST_F(port, acceptex_to_listener_key)
{
	struct sockaddr_storage la;
	int llen;
	SOCKET l = ws_bound(_metadata, variant->af, SOCK_STREAM, &la, &llen);
	SOCKET a = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	SOCKET c = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	char buf[2 * AREA];
	OVERLAPPED ov;
	DWORD n;

	ASSERT_EQ(0, listen(l, 4));
	ASSERT_NE(INVALID_SOCKET, a);
	ASSERT_NE(INVALID_SOCKET, c);
	ov_init(&ov, NULL);
	ASSERT_FALSE(AcceptEx(l, a, buf, 0, AREA, AREA, &n, &ov));
	ASSERT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	ASSERT_EQ(self->port, CreateIoCompletionPort((HANDLE)l, self->port, 125, 0));
	ASSERT_EQ(self->port, CreateIoCompletionPort((HANDLE)a, self->port, 236, 0));
	ASSERT_EQ(0, connect(c, (struct sockaddr *)&la, llen));
	EXPECT_PACKET(self->port, TRUE, 0, 125, &ov);

	/*
	 * The accept socket, now the connection, keeps its association
	 * (Windows keeps it with the handle): its receive completes there.
	 */
	{
		char buf[8];
		WSABUF wb = { sizeof(buf), buf };
		DWORD flags = 0;

		ov_init(&ov, NULL);
		ASSERT_WSAFAIL(WSA_IO_PENDING, WSARecv(a, &wb, 1, NULL, &flags,
						       &ov, NULL));
		ASSERT_EQ(2, send(c, "ok", 2, 0));
		EXPECT_PACKET(self->port, TRUE, 2, 236, &ov);
	}
	closesocket(c);
	closesocket(a);
	closesocket(l);
}

/*
 * DisconnectEx page: with TF_REUSE_SOCKET the handle is reused; its
 * completion port association stays with it, as on Windows: the
 * DisconnectEx's packet and those of the next ConnectEx come with its key.
 */
TEST_F(port, disconnectex_reuse_keeps_association)
{
	GUID gd = WSAID_DISCONNECTEX, gc = WSAID_CONNECTEX;
	LPFN_DISCONNECTEX disconnect_ex = NULL;
	LPFN_CONNECTEX connect_ex = NULL;
	struct sockaddr_storage la, any;
	int llen, alen;
	SOCKET l = ws_bound(_metadata, variant->af, SOCK_STREAM, &la, &llen), a;
	OVERLAPPED ov;
	DWORD size, n;

	ASSERT_EQ(0, WSAIoctl(self->c, SIO_GET_EXTENSION_FUNCTION_POINTER, &gd,
			      sizeof(gd), &disconnect_ex, sizeof(disconnect_ex),
			      &size, NULL, NULL));
	ASSERT_EQ(0, WSAIoctl(self->c, SIO_GET_EXTENSION_FUNCTION_POINTER, &gc,
			      sizeof(gc), &connect_ex, sizeof(connect_ex),
			      &size, NULL, NULL));
	ASSERT_EQ(0, listen(l, 4));
	ASSERT_EQ(self->port, CreateIoCompletionPort((HANDLE)self->c, self->port,
						     42, 0));
	ov_init(&ov, NULL);
	ASSERT_FALSE(disconnect_ex(self->c, &ov, TF_REUSE_SOCKET, 0));
	ASSERT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	EXPECT_PACKET(self->port, TRUE, 0, 42, &ov);

	alen = ws_loopback(variant->af, 0, &any);
	ASSERT_EQ(0, bind(self->c, (struct sockaddr *)&any, alen));
	ov_init(&ov, NULL);
	ASSERT_FALSE(connect_ex(self->c, (struct sockaddr *)&la, llen, NULL, 0,
				&n, &ov));
	ASSERT_EQ(ERROR_IO_PENDING, WSAGetLastError());
	EXPECT_PACKET(self->port, TRUE, 0, 42, &ov);
	a = accept(l, NULL, NULL);
	EXPECT_NE(INVALID_SOCKET, a);
	closesocket(a);
	closesocket(l);
}

/* Wine test_completion_port: UDP receives complete to the port too. */
TEST_F(port, udp_recvfrom)
{
	struct sockaddr_storage ua, from;
	int ualen, fromlen = sizeof(from);
	SOCKET u = ws_bound(_metadata, variant->af, SOCK_DGRAM, &ua, &ualen);
	SOCKET t = socket(variant->af, SOCK_DGRAM, IPPROTO_UDP);
	char buf[32];
	WSABUF wb = { sizeof(buf), buf };
	DWORD flags = 0;
	OVERLAPPED ov;

	ASSERT_NE(INVALID_SOCKET, t);
	ASSERT_EQ(self->port, CreateIoCompletionPort((HANDLE)u, self->port, 9, 0));
	ov_init(&ov, NULL);
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSARecvFrom(u, &wb, 1, NULL, &flags,
						   (struct sockaddr *)&from,
						   &fromlen, &ov, NULL));
	ASSERT_EQ(4, sendto(t, "ping", 4, 0, (struct sockaddr *)&ua, ualen));
	EXPECT_PACKET(self->port, TRUE, 4, 9, &ov);
	EXPECT_EQ(ws_addrlen(variant->af), fromlen);
	closesocket(t);
	closesocket(u);
}

/*
 * Wine ntdll: a handle opened without overlapped I/O cannot be
 * associated (ERROR_INVALID_PARAMETER).
 */
TEST_F(port, non_overlapped_socket)
{
	SOCKET s = WSASocketW(variant->af, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);

	ASSERT_NE(INVALID_SOCKET, s);
	EXPECT_EQ(NULL, CreateIoCompletionPort((HANDLE)s, self->port, 1, 0));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
	closesocket(s);
}

static void CALLBACK apc_fn(ULONG_PTR p)
{
	(*(int *)p)++;
}

/*
 * GetQueuedCompletionStatusEx page: an alertable wait returns
 * WAIT_IO_COMPLETION after running the APCs queued to the thread.
 */
TEST_F(port, alertable_ex)
{
	OVERLAPPED_ENTRY e;
	int calls = 0;
	ULONG n = 7;

	ASSERT_NE(0, QueueUserAPC(apc_fn, GetCurrentThread(), (ULONG_PTR)&calls));
	EXPECT_FALSE(GetQueuedCompletionStatusEx(self->port, &e, 1, &n, WAIT_MS, TRUE));
	EXPECT_EQ(WAIT_IO_COMPLETION, GetLastError());
	EXPECT_EQ(1, calls);
	EXPECT_EQ(0, n);
}

/* --- an echo server with worker threads --------------------------------------- */

#define CLIENTS		8
#define ROUNDS		20
#define MSG		64

struct conn {
	OVERLAPPED ov;		/* first: the OVERLAPPED is the connection */
	SOCKET s;
	WSABUF wb;
	char buf[MSG];
	bool sending;
};

struct server {
	HANDLE port;
	SOCKET l;
	struct conn conns[CLIENTS];
	OVERLAPPED acc_ov;
	char acc_buf[2 * AREA];
	volatile int accepted;
	volatile int echoed;
	volatile int failed;
	volatile int why, err;	/* the last failure: where, and its error */
};

static void fail_at(struct server *srv, int why)
{
	srv->why = why;
	srv->err = WSAGetLastError();
	__atomic_add_fetch(&srv->failed, 1, __ATOMIC_SEQ_CST);
}

static void post_recv(struct server *srv, struct conn *c)
{
	DWORD flags = 0;

	memset(&c->ov, 0, sizeof(c->ov));
	c->sending = false;
	c->wb.buf = c->buf;
	c->wb.len = MSG;
	if (WSARecv(c->s, &c->wb, 1, NULL, &flags, &c->ov, NULL) &&
	    WSAGetLastError() != WSA_IO_PENDING)
		fail_at(srv, 1);
}

static void post_accept(struct server *srv)
{
	int i = srv->accepted;

	if (i >= CLIENTS)
		return;
	srv->conns[i].s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
	memset(&srv->acc_ov, 0, sizeof(srv->acc_ov));
	if (!AcceptEx(srv->l, srv->conns[i].s, srv->acc_buf, 0, AREA, AREA, NULL,
		      &srv->acc_ov) && WSAGetLastError() != ERROR_IO_PENDING)
		fail_at(srv, 2);
}

/* A worker: dequeue, echo, re-post, until a NULL packet says stop. */
static void *worker(void *arg)
{
	struct server *srv = arg;
	OVERLAPPED *ov;
	ULONG_PTR key;
	DWORD bytes;
	BOOL ok;

	for (;;) {
		ok = GetQueuedCompletionStatus(srv->port, &bytes, &key, &ov, 4 * WAIT_MS);
		if (!ov)
			return NULL;	/* told to stop, or timed out */
		if (key == 1) {		/* the listener: AcceptEx done */
			struct conn *c = &srv->conns[srv->accepted];

			setsockopt(c->s, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT,
				   (char *)&srv->l, sizeof(srv->l));
			if (!ok || !CreateIoCompletionPort((HANDLE)c->s, srv->port, 2, 0))
				fail_at(srv, 3);
			srv->accepted++;
			post_recv(srv, c);
			post_accept(srv);
			continue;
		}
		{
			struct conn *c = (struct conn *)ov;
			DWORD sent;

			if (!ok || !bytes) {
				if (!ok)
					fail_at(srv, 4);
				continue;	/* closed */
			}
			if (c->sending) {
				__atomic_add_fetch(&srv->echoed, 1, __ATOMIC_SEQ_CST);
				post_recv(srv, c);
				continue;
			}
			memset(&c->ov, 0, sizeof(c->ov));
			c->sending = true;
			c->wb.len = bytes;
			if (WSASend(c->s, &c->wb, 1, &sent, 0, &c->ov, NULL) &&
			    WSAGetLastError() != WSA_IO_PENDING)
				fail_at(srv, 5);
		}
	}
}

/*
 * An IOCP echo server as Windows servers are written (AcceptEx on a
 * port, overlapped WSARecv/WSASend, two worker threads dequeuing), serving
 * CLIENTS clients over IPv4 (v4-mapped) and IPv6 at once, ROUNDS round
 * trips each: every byte comes back.
 */
TEST(iocp_echo_server)
{
	struct server *srv = calloc(1, sizeof(*srv));
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_storage la;
	SOCKET cl[CLIENTS];
	pthread_t w[2];
	int v6only = 0, llen = sizeof(la), i, r;
	char out[MSG], in[MSG];

	if (ws_unavailable(AF_INET6))
		SKIP(return, "%s", ws_unavailable(AF_INET6));
	ASSERT_NE(NULL, srv);
	ASSERT_EQ(0, ws_startup());
	srv->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 2);
	ASSERT_NE(NULL, srv->port);
	srv->l = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, srv->l);
	ASSERT_EQ(0, setsockopt(srv->l, IPPROTO_IPV6, IPV6_V6ONLY, (char *)&v6only,
				sizeof(v6only)));
	ASSERT_EQ(0, bind(srv->l, (struct sockaddr *)&a6, sizeof(a6)));
	ASSERT_EQ(0, listen(srv->l, CLIENTS));
	ASSERT_EQ(0, getsockname(srv->l, (struct sockaddr *)&la, &llen));
	ASSERT_EQ(srv->port, CreateIoCompletionPort((HANDLE)srv->l, srv->port, 1, 0));
	post_accept(srv);
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&w[i], NULL, worker, srv));

	for (i = 0; i < CLIENTS; i++) {
		struct sockaddr_storage to;
		int tolen = ws_loopback(i & 1 ? AF_INET6 : AF_INET,
					ws_port(&la), &to);

		cl[i] = socket(i & 1 ? AF_INET6 : AF_INET, SOCK_STREAM, IPPROTO_TCP);
		ASSERT_NE(INVALID_SOCKET, cl[i]);
		ASSERT_EQ(0, connect(cl[i], (struct sockaddr *)&to, tolen))
			TH_LOG("connect %d: %d", i, WSAGetLastError());
	}
	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < CLIENTS; i++) {
			memset(out, 'a' + (i + r) % 26, sizeof(out));
			ws_send_all(_metadata, cl[i], out, sizeof(out));
		}
		for (i = 0; i < CLIENTS; i++) {
			memset(out, 'a' + (i + r) % 26, sizeof(out));
			ASSERT_EQ(WS_READ, ws_wait(cl[i], WS_READ, 4 * WAIT_MS))
				TH_LOG("client %d round %d: no echo; accepted %d echoed %d failed %d (at %d, error %d)",
				       i, r, srv->accepted, srv->echoed, srv->failed,
				       srv->why, srv->err);
			ws_recv_exact(_metadata, cl[i], in, sizeof(in));
			ASSERT_EQ(0, memcmp(in, out, sizeof(in)))
				TH_LOG("client %d round %d", i, r);
		}
	}
	/* The last sends' completions may still be on their way. */
	for (i = 0; i < WAIT_MS / 10 && srv->echoed < CLIENTS * ROUNDS; i++)
		ws_sleep_ms(10);
	EXPECT_EQ(CLIENTS, srv->accepted);
	EXPECT_EQ(CLIENTS * ROUNDS, srv->echoed);
	EXPECT_EQ(0, srv->failed);
	for (i = 0; i < CLIENTS; i++)
		closesocket(cl[i]);
	for (i = 0; i < 2; i++)
		ASSERT_TRUE(PostQueuedCompletionStatus(srv->port, 0, 0, NULL));
	for (i = 0; i < 2; i++)
		pthread_join(w[i], NULL);
	for (i = 0; i < CLIENTS; i++)
		closesocket(srv->conns[i].s);
	closesocket(srv->l);
	CloseHandle(srv->port);
	free(srv);
	WSACleanup();
}

TEST_HARNESS_MAIN

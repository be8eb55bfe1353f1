// SPDX-License-Identifier: GPL-2.0
/*
 * ws_bench, the Winsock side: the loops as a Windows program writes them,
 * compiled against libws's <winsock2.h> and linked with libws.
 *
 * Ping-pong round trip: send on one end; WSAWaitForMultipleEvents on the
 * other end's event; WSAEnumNetworkEvents (which resets the event); recv;
 * send back; wait, enumerate and recv on the first end.
 *
 * Server: one WSAWaitForMultipleEvents over 64 events (wait-any, so the
 * lowest signalled index), WSAEnumNetworkEvents, recv and send back on that
 * connection. The clients are the native ones of bench_native.c.
 *
 * WSAAsyncSelect server: the same connections, each selected with
 * WSAAsyncSelect(FD_READ | FD_CLOSE) on one message-only window; a
 * GetMessage, TranslateMessage, DispatchMessage loop, the window procedure
 * receiving on FD_READ and sending the message back once it is whole.
 *
 * Overlapped ping-pong: each end keeps a WSARecv posted, its OVERLAPPED's
 * hEvent set on completion. Round trip: WSASend on one end (it completes
 * at once: room in the buffer); WSAWaitForMultipleEvents on the other
 * end's receive event; WSAGetOverlappedResult (no system call: the result
 * is in the OVERLAPPED); WSARecv posted again; the same back.
 *
 * Bulk receiver: BENCH_BULK_DEPTH overlapped WSARecv of BENCH_BULK_CHUNK
 * bytes kept posted; the oldest is collected with WSAGetOverlappedResult
 * (fWait TRUE: a wait on its event only if it is still pending) and posted
 * again. The sender is the native one of bench_native.c.
 *
 * Built with BENCH_WSA_EVENTS=1 only when libws has the event functions,
 * BENCH_WSA_ASYNC=1 only when it also has WSAAsyncSelect and the window
 * functions, and BENCH_WSA_OV=1 only when it also has
 * WSAGetOverlappedResult (the Makefile looks for them in libws.a);
 * otherwise this file only says so, and ws_bench reports the Winsock lines
 * as not measured.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>

#include "bench.h"

#if BENCH_WSA_EVENTS

#define CHECK_EVERY	32

static int wsa_fail(const char *what)
{
	return bench_fail("winsock: %s failed: WSA error %d", what, WSAGetLastError());
}

int bench_wsa_available(void)
{
	return 1;
}

int bench_wsa_init(void)
{
	WSADATA wsa;
	int r = WSAStartup(MAKEWORD(2, 2), &wsa);

	if (r)
		return bench_fail("winsock: WSAStartup failed: WSA error %d", r);
	return 0;
}

static SOCKET wsa_socket(void)
{
	SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	BOOL one = TRUE;

	if (s == INVALID_SOCKET) {
		wsa_fail("socket");
		return INVALID_SOCKET;
	}
	if (setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof(one))) {
		wsa_fail("setsockopt(TCP_NODELAY)");
		closesocket(s);
		return INVALID_SOCKET;
	}
	return s;
}

static SOCKET wsa_listener(SOCKADDR_IN *sin)
{
	SOCKET s = wsa_socket();
	int len = sizeof(*sin);

	if (s == INVALID_SOCKET)
		return s;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (SOCKADDR *)sin, sizeof(*sin)) ||
	    listen(s, SOMAXCONN) ||
	    getsockname(s, (SOCKADDR *)sin, &len)) {
		wsa_fail("listener");
		closesocket(s);
		return INVALID_SOCKET;
	}
	return s;
}

static int wsa_select(SOCKET s, WSAEVENT *ev)
{
	*ev = WSACreateEvent();
	if (*ev == WSA_INVALID_EVENT)
		return wsa_fail("WSACreateEvent");
	if (WSAEventSelect(s, *ev, FD_READ | FD_CLOSE))
		return wsa_fail("WSAEventSelect");
	return 0;
}

static int send_msg(SOCKET s, const char *buf)
{
	int r = send(s, buf, BENCH_MSG, 0);

	if (r == BENCH_MSG)
		return 0;
	if (r == SOCKET_ERROR)
		return wsa_fail("send");
	return bench_fail("winsock: short send (%d bytes)", r);
}

/* 1 message complete, 0 more to come, -1 failed. */
static int recv_part(SOCKET s, char *buf, int *got)
{
	int r = recv(s, buf + *got, BENCH_MSG - *got, 0);

	if (r > 0) {
		*got += r;
		return *got == BENCH_MSG;
	}
	if (r == 0)
		return bench_fail("winsock: peer closed the connection");
	if (WSAGetLastError() == WSAEWOULDBLOCK)
		return 0;
	return wsa_fail("recv");
}

/* The network events of @s, or -1; FD_CLOSE is a failure here. */
static long wsa_enum(SOCKET s, WSAEVENT ev)
{
	WSANETWORKEVENTS ne;

	if (WSAEnumNetworkEvents(s, ev, &ne))
		return wsa_fail("WSAEnumNetworkEvents");
	if (ne.lNetworkEvents & FD_CLOSE)
		return bench_fail("winsock: FD_CLOSE (error %d)",
				  ne.iErrorCode[FD_CLOSE_BIT]);
	return ne.lNetworkEvents;
}

static int wsa_half(SOCKET s, WSAEVENT ev, char *buf)
{
	int got = 0, r = 0;
	long events;
	DWORD w;

	do {
		w = WSAWaitForMultipleEvents(1, &ev, FALSE, WSA_INFINITE, FALSE);
		if (w != WSA_WAIT_EVENT_0)
			return wsa_fail("WSAWaitForMultipleEvents");
		events = wsa_enum(s, ev);
		if (events < 0)
			return -1;
		if (events & FD_READ)
			r = recv_part(s, buf, &got);
	} while (r == 0);
	return r < 0 ? -1 : 0;
}

int bench_wsa_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out)
{
	SOCKET l, s[2] = { INVALID_SOCKET, INVALID_SOCKET };
	WSAEVENT ev[2] = { WSA_INVALID_EVENT, WSA_INVALID_EVENT };
	uint64_t rounds = 0, t0 = 0, now = 0;
	char buf[BENCH_MSG];
	SOCKADDR_IN sin;
	int err = -1, i;

	memset(buf, 'w', sizeof(buf));
	l = wsa_listener(&sin);
	if (l == INVALID_SOCKET)
		return -1;
	s[0] = wsa_socket();
	if (s[0] == INVALID_SOCKET)
		goto out;
	if (connect(s[0], (SOCKADDR *)&sin, sizeof(sin))) {
		wsa_fail("connect");
		goto out;
	}
	s[1] = accept(l, NULL, NULL);
	if (s[1] == INVALID_SOCKET) {
		wsa_fail("accept");
		goto out;
	}
	if (wsa_select(s[0], &ev[0]) || wsa_select(s[1], &ev[1]))
		goto out;

	for (uint64_t n = 0;; n++) {
		if (n == warmup)
			t0 = bench_now_ns();
		if (n > warmup && (n - warmup) % CHECK_EVERY == 0) {
			now = bench_now_ns();
			if (now - t0 >= ns) {
				rounds = n - warmup;
				break;
			}
		}
		if (send_msg(s[0], buf) || wsa_half(s[1], ev[1], buf) ||
		    send_msg(s[1], buf) || wsa_half(s[0], ev[0], buf))
			goto out;
	}
	out->rounds = rounds;
	out->ns = now - t0;
	out->min_conn = out->max_conn = rounds;
	err = 0;
out:
	for (i = 0; i < 2; i++) {
		if (s[i] != INVALID_SOCKET)
			closesocket(s[i]);
		if (ev[i] != WSA_INVALID_EVENT)
			WSACloseEvent(ev[i]);
	}
	closesocket(l);
	return err;
}

int bench_wsa_server(uint64_t ns, struct bench_run *out)
{
	uint64_t count[BENCH_CONNS] = { 0 }, total = 0, t0, now;
	SOCKET l, s[BENCH_CONNS];
	WSAEVENT ev[BENCH_CONNS];
	int got[BENCH_CONNS] = { 0 }, err = -1, measuring = 0, i, r;
	struct bench_clients *c = NULL;
	char buf[BENCH_MSG];
	SOCKADDR_IN sin;
	long events;
	DWORD w, k;

	for (i = 0; i < BENCH_CONNS; i++) {
		s[i] = INVALID_SOCKET;
		ev[i] = WSA_INVALID_EVENT;
	}
	l = wsa_listener(&sin);
	if (l == INVALID_SOCKET)
		return -1;
	c = bench_clients_connect(sin.sin_port);
	if (!c)
		goto out;
	for (i = 0; i < BENCH_CONNS; i++) {
		BOOL one = TRUE;

		s[i] = accept(l, NULL, NULL);
		if (s[i] == INVALID_SOCKET) {
			wsa_fail("accept");
			goto out;
		}
		if (setsockopt(s[i], IPPROTO_TCP, TCP_NODELAY, (const char *)&one,
			       sizeof(one))) {
			wsa_fail("setsockopt(TCP_NODELAY)");
			goto out;
		}
		if (wsa_select(s[i], &ev[i]))
			goto out;
	}
	if (bench_clients_start(c))
		goto out;

	t0 = now = bench_now_ns();
	while (!measuring || now - t0 < ns) {
		w = WSAWaitForMultipleEvents(BENCH_CONNS, ev, FALSE, 2000, FALSE);
		if (w == WSA_WAIT_TIMEOUT) {
			bench_fail("winsock: server: nothing for 2 s");
			goto out;
		}
		k = w - WSA_WAIT_EVENT_0;
		if (k >= BENCH_CONNS) {
			wsa_fail("WSAWaitForMultipleEvents");
			goto out;
		}
		events = wsa_enum(s[k], ev[k]);
		if (events < 0)
			goto out;
		if (!(events & FD_READ))
			continue;
		r = recv_part(s[k], buf, &got[k]);
		if (r < 0)
			goto out;
		if (r == 1) {
			got[k] = 0;
			if (send_msg(s[k], buf))
				goto out;
			count[k]++;
			if (++total == BENCH_SERVER_WARMUP && !measuring) {
				/* From here on: every connection is going. */
				measuring = 1;
				total = 0;
				memset(count, 0, sizeof(count));
				t0 = now = bench_now_ns();
			} else if (total % CHECK_EVERY == 0) {
				now = bench_now_ns();
			}
		}
	}
	out->rounds = total;
	out->ns = now - t0;
	out->min_conn = UINT64_MAX;
	out->max_conn = 0;
	for (i = 0; i < BENCH_CONNS; i++) {
		if (count[i] < out->min_conn)
			out->min_conn = count[i];
		if (count[i] > out->max_conn)
			out->max_conn = count[i];
	}
	err = 0;
out:
	if (bench_clients_finish(c))
		err = -1;
	for (i = 0; i < BENCH_CONNS; i++) {
		if (s[i] != INVALID_SOCKET)
			closesocket(s[i]);
		if (ev[i] != WSA_INVALID_EVENT)
			WSACloseEvent(ev[i]);
	}
	closesocket(l);
	return err;
}

#if BENCH_WSA_ASYNC

/*
 * The WSAAsyncSelect server, written as a Windows program writes it: a
 * message-only window whose procedure handles WM_SOCKET, each connection
 * selected with WSAAsyncSelect(FD_READ | FD_CLOSE) on it, and a
 * GetMessage, TranslateMessage, DispatchMessage loop.
 */
#define WM_SOCKET		(WM_USER + 1)
#define ASYNC_CLASS		"ws_bench_async"

int bench_wsa_async_available(void)
{
	return 1;
}

/*
 * The server's state, for its window procedure. File-scope, as such a
 * server keeps its sockets; one server runs at a time.
 */
static struct {
	SOCKET		s[BENCH_CONNS];
	int		got[BENCH_CONNS];
	uint64_t	count[BENCH_CONNS];
	uint64_t	total;
	uint64_t	t0;
	uint64_t	now;
	uint64_t	ns;
	int		measuring;
	int		stopped;	/* PostQuitMessage called */
	int		err;		/* a failure, said */
	char		buf[BENCH_MSG];
} as;

/* Stops the message loop; @err: after a failure. */
static void async_stop(int err)
{
	if (err)
		as.err = -1;
	if (!as.stopped) {
		as.stopped = 1;
		PostQuitMessage(err);
	}
}

/* The connection of a message's socket: a look through the 64. */
static int async_conn(SOCKET s)
{
	for (int k = 0; k < BENCH_CONNS; k++)
		if (as.s[k] == s)
			return k;
	return -1;
}

/* A message received whole: its echo, the count, the clock. */
static int async_request(int k)
{
	as.got[k] = 0;
	if (send_msg(as.s[k], as.buf))
		return -1;
	as.count[k]++;
	if (++as.total == BENCH_SERVER_WARMUP && !as.measuring) {
		/* From here on: every connection is going. */
		as.measuring = 1;
		as.total = 0;
		memset(as.count, 0, sizeof(as.count));
		as.t0 = as.now = bench_now_ns();
	} else if (as.total % CHECK_EVERY == 0) {
		as.now = bench_now_ns();
	}
	if (as.measuring && as.now - as.t0 >= as.ns)
		async_stop(0);
	return 0;
}

static LRESULT CALLBACK async_wndproc(HWND hwnd, UINT msg, WPARAM wParam,
				      LPARAM lParam)
{
	int k, r;

	if (msg != WM_SOCKET)
		return DefWindowProcA(hwnd, msg, wParam, lParam);
	/*
	 * Once stopped, the messages left are only taken (the queue empties:
	 * no recv, so no FD_READ is posted again, and no echo, so the
	 * clients send nothing more).
	 */
	if (as.stopped)
		return 0;
	k = async_conn((SOCKET)wParam);
	if (k < 0) {
		bench_fail("winsock: async server: a message for socket %lu, not a connection",
			   (unsigned long)wParam);
		async_stop(1);
		return 0;
	}
	if (WSAGETSELECTERROR(lParam)) {
		bench_fail("winsock: async server: event %u with WSA error %u",
			   WSAGETSELECTEVENT(lParam), WSAGETSELECTERROR(lParam));
		async_stop(1);
		return 0;
	}
	switch (WSAGETSELECTEVENT(lParam)) {
	case FD_READ:
		/* 0: only part of the message; FD_READ comes again with the rest. */
		r = recv_part(as.s[k], as.buf, &as.got[k]);
		if (r < 0 || (r == 1 && async_request(k)))
			async_stop(1);
		break;
	case FD_CLOSE:
		bench_fail("winsock: async server: FD_CLOSE");
		async_stop(1);
		break;
	}
	return 0;
}

int bench_wsa_async_server(uint64_t ns, struct bench_run *out)
{
	WNDCLASSA wc = { .lpfnWndProc = async_wndproc, .lpszClassName = ASYNC_CLASS };
	struct bench_clients *c = NULL;
	SOCKET l = INVALID_SOCKET;
	HWND hwnd = NULL;
	SOCKADDR_IN sin;
	BOOL got;
	MSG msg;
	int err = -1, i;

	memset(&as, 0, sizeof(as));
	as.ns = ns;
	for (i = 0; i < BENCH_CONNS; i++)
		as.s[i] = INVALID_SOCKET;
	if (!RegisterClassA(&wc))
		return bench_fail("winsock: RegisterClassA failed: error %lu",
				  (unsigned long)GetLastError());
	hwnd = CreateWindowExA(0, ASYNC_CLASS, "ws_bench", 0, 0, 0, 0, 0,
			       HWND_MESSAGE, NULL, NULL, NULL);
	if (!hwnd) {
		bench_fail("winsock: CreateWindowExA failed: error %lu",
			   (unsigned long)GetLastError());
		goto out;
	}
	l = wsa_listener(&sin);
	if (l == INVALID_SOCKET)
		goto out;
	c = bench_clients_connect(sin.sin_port);
	if (!c)
		goto out;
	for (i = 0; i < BENCH_CONNS; i++) {
		BOOL one = TRUE;

		as.s[i] = accept(l, NULL, NULL);
		if (as.s[i] == INVALID_SOCKET) {
			wsa_fail("accept");
			goto out;
		}
		if (setsockopt(as.s[i], IPPROTO_TCP, TCP_NODELAY, (const char *)&one,
			       sizeof(one))) {
			wsa_fail("setsockopt(TCP_NODELAY)");
			goto out;
		}
		if (WSAAsyncSelect(as.s[i], hwnd, WM_SOCKET, FD_READ | FD_CLOSE)) {
			wsa_fail("WSAAsyncSelect");
			goto out;
		}
	}
	if (bench_clients_start(c))
		goto out;

	as.t0 = as.now = bench_now_ns();
	/* A lost message is caught by ws_bench's watchdog. */
	while ((got = GetMessageA(&msg, NULL, 0, 0)) > 0) {
		TranslateMessage(&msg);
		DispatchMessageA(&msg);
	}
	if (got < 0) {
		bench_fail("winsock: GetMessageA failed: error %lu",
			   (unsigned long)GetLastError());
		goto out;
	}
	if (as.err)
		goto out;
	out->rounds = as.total;
	out->ns = as.now - as.t0;
	out->min_conn = UINT64_MAX;
	out->max_conn = 0;
	for (i = 0; i < BENCH_CONNS; i++) {
		if (as.count[i] < out->min_conn)
			out->min_conn = as.count[i];
		if (as.count[i] > out->max_conn)
			out->max_conn = as.count[i];
	}
	err = 0;
out:
	/* No more messages: the clients' closes would post FD_CLOSE. */
	for (i = 0; i < BENCH_CONNS; i++)
		if (as.s[i] != INVALID_SOCKET)
			WSAAsyncSelect(as.s[i], hwnd, 0, 0);
	if (bench_clients_finish(c))
		err = -1;
	for (i = 0; i < BENCH_CONNS; i++)
		if (as.s[i] != INVALID_SOCKET)
			closesocket(as.s[i]);
	if (l != INVALID_SOCKET)
		closesocket(l);
	if (hwnd)
		DestroyWindow(hwnd);
	/*
	 * The thread's queue outlives the window: what is left in it (of
	 * closed sockets, for a destroyed window, a WM_QUIT not taken after
	 * a failure) is taken out before the next run.
	 */
	while (PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE))
		;
	UnregisterClassA(ASYNC_CLASS, NULL);
	return err;
}

#endif /* BENCH_WSA_ASYNC */

#if BENCH_WSA_OV

int bench_wsa_ov_available(void)
{
	return 1;
}

/* Post an overlapped receive: 0 (pending or completed at once), or -1. */
static int ov_recv(SOCKET s, char *buf, ULONG len, WSAOVERLAPPED *ov, DWORD *flags)
{
	WSABUF wb = { len, buf };

	*flags = 0;
	if (!WSARecv(s, &wb, 1, NULL, flags, ov, NULL) ||
	    WSAGetLastError() == WSA_IO_PENDING)
		return 0;
	return wsa_fail("WSARecv");
}

/* An overlapped send of one message, waited for if it pends. */
static int ov_send(SOCKET s, WSAOVERLAPPED *ov, char *buf)
{
	WSABUF wb = { BENCH_MSG, buf };
	DWORD n = 0, fl;

	if (WSASend(s, &wb, 1, &n, 0, ov, NULL)) {
		if (WSAGetLastError() != WSA_IO_PENDING)
			return wsa_fail("WSASend");
		if (!WSAGetOverlappedResult(s, ov, &n, TRUE, &fl))
			return wsa_fail("WSAGetOverlappedResult (WSASend)");
	}
	if (n != BENCH_MSG)
		return bench_fail("winsock: WSASend sent %lu bytes", (unsigned long)n);
	return 0;
}

/* One end of the overlapped ping-pong: a receive always posted. */
struct ov_end {
	SOCKET		s;
	WSAOVERLAPPED	rov;		/* the posted receive */
	WSAOVERLAPPED	sov;		/* the send */
	DWORD		rflags;		/* the posted receive's flags */
	int		got;		/* of the message being received */
	char		buf[BENCH_MSG];
};

/* Wait for the posted receive until a whole message came; post the next. */
static int ov_recv_msg(struct ov_end *e)
{
	DWORD n, fl;

	do {
		if (WSAWaitForMultipleEvents(1, &e->rov.hEvent, FALSE, WSA_INFINITE,
					     FALSE) != WSA_WAIT_EVENT_0)
			return wsa_fail("WSAWaitForMultipleEvents");
		if (!WSAGetOverlappedResult(e->s, &e->rov, &n, FALSE, &fl))
			return wsa_fail("WSAGetOverlappedResult (WSARecv)");
		if (!n)
			return bench_fail("winsock: peer closed the connection");
		e->got += n;
		if (e->got == BENCH_MSG)
			e->got = 0;
		if (ov_recv(e->s, e->buf + e->got, BENCH_MSG - e->got, &e->rov,
			    &e->rflags))
			return -1;
	} while (e->got);
	return 0;
}

/* A connected pair of overlapped sockets with TCP_NODELAY. */
static int wsa_pair(SOCKET s[2])
{
	SOCKADDR_IN sin;
	SOCKET l = wsa_listener(&sin);

	s[0] = s[1] = INVALID_SOCKET;
	if (l == INVALID_SOCKET)
		return -1;
	s[0] = wsa_socket();
	if (s[0] == INVALID_SOCKET)
		goto fail;
	if (connect(s[0], (SOCKADDR *)&sin, sizeof(sin))) {
		wsa_fail("connect");
		goto fail;
	}
	s[1] = accept(l, NULL, NULL);
	if (s[1] == INVALID_SOCKET) {
		wsa_fail("accept");
		goto fail;
	}
	closesocket(l);
	return 0;
fail:
	if (s[0] != INVALID_SOCKET)
		closesocket(s[0]);
	s[0] = INVALID_SOCKET;
	closesocket(l);
	return -1;
}

int bench_wsa_ov_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out)
{
	struct ov_end e[2];
	uint64_t rounds = 0, t0 = 0, now = 0;
	char buf[BENCH_MSG];
	SOCKET s[2];
	int err = -1, i;

	memset(e, 0, sizeof(e));
	memset(buf, 'o', sizeof(buf));
	if (wsa_pair(s))
		return -1;
	for (i = 0; i < 2; i++) {
		e[i].s = s[i];
		e[i].rov.hEvent = WSACreateEvent();
		e[i].sov.hEvent = WSACreateEvent();
		if (e[i].rov.hEvent == WSA_INVALID_EVENT ||
		    e[i].sov.hEvent == WSA_INVALID_EVENT) {
			wsa_fail("WSACreateEvent");
			goto out;
		}
	}
	for (i = 0; i < 2; i++)
		if (ov_recv(e[i].s, e[i].buf, BENCH_MSG, &e[i].rov, &e[i].rflags))
			goto out;

	for (uint64_t n = 0;; n++) {
		if (n == warmup)
			t0 = bench_now_ns();
		if (n > warmup && (n - warmup) % CHECK_EVERY == 0) {
			now = bench_now_ns();
			if (now - t0 >= ns) {
				rounds = n - warmup;
				break;
			}
		}
		if (ov_send(e[0].s, &e[0].sov, buf) || ov_recv_msg(&e[1]) ||
		    ov_send(e[1].s, &e[1].sov, buf) || ov_recv_msg(&e[0]))
			goto out;
	}
	out->rounds = rounds;
	out->ns = now - t0;
	out->min_conn = out->max_conn = rounds;
	err = 0;
out:
	/* Closing completes the posted receives (aborted): e is still there. */
	for (i = 0; i < 2; i++)
		closesocket(s[i]);
	for (i = 0; i < 2; i++) {
		if (e[i].rov.hEvent && e[i].rov.hEvent != WSA_INVALID_EVENT)
			WSACloseEvent(e[i].rov.hEvent);
		if (e[i].sov.hEvent && e[i].sov.hEvent != WSA_INVALID_EVENT)
			WSACloseEvent(e[i].sov.hEvent);
	}
	return err;
}

int bench_wsa_ov_bulk(uint64_t ns, struct bench_run *out)
{
	WSAOVERLAPPED ov[BENCH_BULK_DEPTH];
	DWORD flags[BENCH_BULK_DEPTH], n, fl;
	uint64_t bytes = 0, t0 = 0, now = 0;
	struct bench_sender *snd = NULL;
	SOCKET l, s = INVALID_SOCKET;
	int err = -1, measuring = 0, k;
	SOCKADDR_IN sin;
	char *buf;

	memset(ov, 0, sizeof(ov));
	buf = malloc(BENCH_BULK_DEPTH * BENCH_BULK_CHUNK);
	if (!buf)
		return bench_fail("winsock: out of memory");
	memset(buf, 0, BENCH_BULK_DEPTH * BENCH_BULK_CHUNK);
	l = wsa_listener(&sin);
	if (l == INVALID_SOCKET)
		goto out;
	snd = bench_sender_connect(sin.sin_port);
	if (!snd)
		goto out;
	s = accept(l, NULL, NULL);
	if (s == INVALID_SOCKET) {
		wsa_fail("accept");
		goto out;
	}
	for (k = 0; k < BENCH_BULK_DEPTH; k++) {
		ov[k].hEvent = WSACreateEvent();
		if (ov[k].hEvent == WSA_INVALID_EVENT) {
			wsa_fail("WSACreateEvent");
			goto out;
		}
		if (ov_recv(s, buf + k * BENCH_BULK_CHUNK, BENCH_BULK_CHUNK, &ov[k],
			    &flags[k]))
			goto out;
	}
	if (bench_sender_start(snd))
		goto out;

	for (k = 0;; k = (k + 1) % BENCH_BULK_DEPTH) {
		if (!WSAGetOverlappedResult(s, &ov[k], &n, TRUE, &fl)) {
			wsa_fail("WSAGetOverlappedResult");
			goto out;
		}
		if (!n) {
			bench_fail("winsock: bulk: the sender closed");
			goto out;
		}
		if (ov_recv(s, buf + k * BENCH_BULK_CHUNK, BENCH_BULK_CHUNK, &ov[k],
			    &flags[k]))
			goto out;
		bytes += n;
		if (!measuring) {
			if (bytes >= BENCH_BULK_WARMUP) {
				measuring = 1;
				bytes = 0;
				t0 = bench_now_ns();
			}
			continue;
		}
		now = bench_now_ns();
		if (now - t0 >= ns)
			break;
	}
	out->rounds = bytes;
	out->ns = now - t0;
	out->min_conn = out->max_conn = bytes;
	err = 0;
out:
	if (bench_sender_finish(snd))
		err = -1;
	/* Closing completes what is still posted: ov and buf are still there. */
	if (s != INVALID_SOCKET)
		closesocket(s);
	for (k = 0; k < BENCH_BULK_DEPTH; k++)
		if (ov[k].hEvent && ov[k].hEvent != WSA_INVALID_EVENT)
			WSACloseEvent(ov[k].hEvent);
	if (l != INVALID_SOCKET)
		closesocket(l);
	free(buf);
	return err;
}

/* --- system calls per operation ------------------------------------------ */

struct wsa_sc {
	SOCKET		s[2];		/* s[0] is counted, s[1] is the peer */
	WSAOVERLAPPED	rov, sov;
	DWORD		rflags;
	char		msg[BENCH_MSG];
	char		*big;		/* BENCH_BULK_CHUNK bytes */
};

/* A whole message on the peer, which is nonblocking. */
static int sc_peer_recv(SOCKET p, char *buf)
{
	int got = 0, r;

	do {
		fd_set rd;

		FD_ZERO(&rd);
		FD_SET(p, &rd);
		if (select(0, &rd, NULL, NULL, NULL) == SOCKET_ERROR)
			return wsa_fail("select");
		r = recv_part(p, buf, &got);
	} while (r == 0);
	return r < 0 ? -1 : 0;
}

/* Until @s is readable. */
static int sc_readable(SOCKET s)
{
	fd_set rd;

	FD_ZERO(&rd);
	FD_SET(s, &rd);
	if (select(0, &rd, NULL, NULL, NULL) != 1)
		return wsa_fail("select");
	return 0;
}

static int sc_send_later(void *arg)
{
	struct wsa_sc *sc = arg;
	char msg[BENCH_MSG];

	memset(msg, 'p', sizeof(msg));
	return send_msg(sc->s[1], msg);
}

/*
 * The peer reads what there is until the pending send completed and it
 * found nothing left for two milliseconds; at most about five seconds.
 */
static int sc_drain(void *arg)
{
	struct wsa_sc *sc = arg;
	int idle = 0, r;

	for (int i = 0; i < 5000; i++) {
		r = recv(sc->s[1], sc->big, BENCH_BULK_CHUNK, 0);
		if (r > 0) {
			idle = 0;
			continue;
		}
		if (r == 0 || WSAGetLastError() != WSAEWOULDBLOCK)
			return wsa_fail("drain: recv");
		if ((DWORD)__atomic_load_n(&sc->sov.Internal, __ATOMIC_ACQUIRE) !=
		    STATUS_PENDING && ++idle == 2)
			return 0;
		Sleep(1);
	}
	return bench_fail("winsock: the pending WSASend did not complete in 5 s");
}

/* Fill s[0]'s send buffer and the peer's receive buffer. */
static int sc_fill(struct wsa_sc *sc)
{
	u_long on = 1, off = 0;
	int r;

	if (ioctlsocket(sc->s[0], FIONBIO, &on))
		return wsa_fail("ioctlsocket(FIONBIO)");
	do
		r = send(sc->s[0], sc->big, BENCH_BULK_CHUNK, 0);
	while (r > 0);
	if (r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK) {
		do
			r = send(sc->s[0], sc->msg, BENCH_MSG, 0);
		while (r > 0);
	}
	if (r != SOCKET_ERROR || WSAGetLastError() != WSAEWOULDBLOCK)
		return wsa_fail("filling: send");
	if (ioctlsocket(sc->s[0], FIONBIO, &off))
		return wsa_fail("ioctlsocket(FIONBIO)");
	return 0;
}

static int sc_wait_get(struct wsa_sc *sc, WSAOVERLAPPED *ov, BOOL wait_event,
		       BOOL fwait, DWORD want)
{
	DWORD n, fl;

	if (wait_event &&
	    WSAWaitForMultipleEvents(1, &ov->hEvent, FALSE, WSA_INFINITE, FALSE) !=
	    WSA_WAIT_EVENT_0)
		return wsa_fail("WSAWaitForMultipleEvents");
	if (!WSAGetOverlappedResult(sc->s[0], ov, &n, fwait, &fl))
		return wsa_fail("WSAGetOverlappedResult");
	if (n != want)
		return bench_fail("winsock: %lu bytes, not %lu", (unsigned long)n,
				  (unsigned long)want);
	return 0;
}

/*
 * Lines: see struct bench_sc_line. The submission is the WSARecv or WSASend call;
 * the completion, the calls that collect the result.
 */
int bench_wsa_ov_syscalls(unsigned int ops, struct bench_sc_line *lines, int max)
{
	static const struct {
		const char	*op, *collect;
	} what[] = {
		{ "WSARecv, data already there",
		  "WSAGetOverlappedResult" },
		{ "WSARecv, data already there",
		  "WSAWaitForMultipleEvents, WSAGetOverlappedResult" },
		{ "WSARecv before the data: pends",
		  "WSAWaitForMultipleEvents, WSAGetOverlappedResult" },
		{ "WSARecv before the data: pends",
		  "WSAGetOverlappedResult (fWait TRUE)" },
		{ "WSASend, room in the buffer",
		  "WSAGetOverlappedResult" },
		{ "WSASend, buffer full: pends",
		  "WSAWaitForMultipleEvents, WSAGetOverlappedResult" },
	};
	const int nl = sizeof(what) / sizeof(what[0]);
	struct wsa_sc *sc = calloc(1, sizeof(*sc));
	int err = -1, small = 4096, j;
	u_long on = 1;
	uint64_t c;
	DWORD n;

	if (!sc)
		return bench_fail("winsock: out of memory");
	sc->s[0] = sc->s[1] = INVALID_SOCKET;
	if (max < nl) {
		free(sc);
		return bench_fail("winsock: syscalls: room for %d lines needed", nl);
	}
	memset(lines, 0, nl * sizeof(*lines));
	for (j = 0; j < nl; j++) {
		lines[j].op = what[j].op;
		lines[j].collect = what[j].collect;
		lines[j].ops = ops;
	}
	memset(sc->msg, 'w', sizeof(sc->msg));
	sc->big = malloc(BENCH_BULK_CHUNK);
	if (!sc->big)
		goto out;
	memset(sc->big, 'b', BENCH_BULK_CHUNK);
	if (wsa_pair(sc->s))
		goto out;
	sc->rov.hEvent = WSACreateEvent();
	sc->sov.hEvent = WSACreateEvent();
	if (sc->rov.hEvent == WSA_INVALID_EVENT || sc->sov.hEvent == WSA_INVALID_EVENT) {
		wsa_fail("WSACreateEvent");
		goto out;
	}
	/* A small send buffer, quicker to fill (as natively); a nonblocking peer. */
	if (setsockopt(sc->s[0], SOL_SOCKET, SO_SNDBUF, (const char *)&small,
		       sizeof(small)) ||
	    ioctlsocket(sc->s[1], FIONBIO, &on)) {
		wsa_fail("setsockopt/ioctlsocket");
		goto out;
	}

	for (unsigned int i = 0; i < ops; i++) {
		int r;

		/* 0, 1: a receive with the data already there. */
		for (j = 0; j < 2; j++) {
			if (send_msg(sc->s[1], sc->msg) || sc_readable(sc->s[0]))
				goto out;
			c = bench_sc_begin();
			r = ov_recv(sc->s[0], sc->msg, BENCH_MSG, &sc->rov, &sc->rflags);
			lines[j].submit += bench_sc_end(c);
			if (r)
				goto out;
			if (!HasOverlappedIoCompleted(&sc->rov)) {
				bench_fail("winsock: WSARecv with the data there pends");
				goto out;
			}
			c = bench_sc_begin();
			r = sc_wait_get(sc, &sc->rov, j == 1, FALSE, BENCH_MSG);
			lines[j].complete += bench_sc_end(c);
			if (r)
				goto out;
		}

		/* 2, 3: a receive before the data, sent from another thread. */
		for (j = 2; j < 4; j++) {
			c = bench_sc_begin();
			r = ov_recv(sc->s[0], sc->msg, BENCH_MSG, &sc->rov, &sc->rflags);
			lines[j].submit += bench_sc_end(c);
			if (r)
				goto out;
			if (HasOverlappedIoCompleted(&sc->rov)) {
				bench_fail("winsock: WSARecv before the data completed");
				goto out;
			}
			if (bench_later(sc_send_later, sc))
				goto out;
			c = bench_sc_begin();
			r = sc_wait_get(sc, &sc->rov, j == 2, j == 3, BENCH_MSG);
			lines[j].complete += bench_sc_end(c);
			if (bench_later_done() || r)
				goto out;
		}

		/* 4: a send with room. */
		{
			WSABUF wb = { BENCH_MSG, sc->msg };

			c = bench_sc_begin();
			r = WSASend(sc->s[0], &wb, 1, &n, 0, &sc->sov, NULL);
			lines[4].submit += bench_sc_end(c);
			if (r) {
				wsa_fail("WSASend (with room)");
				goto out;
			}
			c = bench_sc_begin();
			r = sc_wait_get(sc, &sc->sov, FALSE, FALSE, BENCH_MSG);
			lines[4].complete += bench_sc_end(c);
			if (r || sc_peer_recv(sc->s[1], sc->msg))
				goto out;
		}

		/* 5: a send with the buffer full; the peer drains it meanwhile. */
		{
			WSABUF wb = { BENCH_MSG, sc->msg };

			if (sc_fill(sc))
				goto out;
			c = bench_sc_begin();
			r = WSASend(sc->s[0], &wb, 1, &n, 0, &sc->sov, NULL);
			lines[5].submit += bench_sc_end(c);
			if (!r) {
				bench_fail("winsock: WSASend into a full buffer completed at once");
				goto out;
			}
			if (WSAGetLastError() != WSA_IO_PENDING) {
				wsa_fail("WSASend (buffer full)");
				goto out;
			}
			if (bench_later(sc_drain, sc))
				goto out;
			c = bench_sc_begin();
			r = sc_wait_get(sc, &sc->sov, TRUE, FALSE, BENCH_MSG);
			lines[5].complete += bench_sc_end(c);
			if (bench_later_done() || r || sc_drain(sc))
				goto out;
		}
	}
	err = nl;
out:
	if (err < 0 && !sc->big)
		bench_fail("winsock: out of memory");
	for (j = 0; j < 2; j++)
		if (sc->s[j] != INVALID_SOCKET)
			closesocket(sc->s[j]);
	if (sc->rov.hEvent && sc->rov.hEvent != WSA_INVALID_EVENT)
		WSACloseEvent(sc->rov.hEvent);
	if (sc->sov.hEvent && sc->sov.hEvent != WSA_INVALID_EVENT)
		WSACloseEvent(sc->sov.hEvent);
	free(sc->big);
	free(sc);
	return err;
}

/* --- completion ports (section g) ----------------------------------------- */

#if BENCH_WSA_IOCP

int bench_wsa_iocp_available(void)
{
	return 1;
}

enum iocp_mode {
	IOCP_ONE,	/* GetQueuedCompletionStatus: a packet per call */
	IOCP_EX,	/* GetQueuedCompletionStatusEx: up to BENCH_CONNS */
	IOCP_SKIP,	/* and FILE_SKIP_COMPLETION_PORT_ON_SUCCESS */
};

/* A connection; its completion key. */
struct iocp_conn {
	WSAOVERLAPPED	rov;		/* the posted receive */
	WSAOVERLAPPED	sov;		/* the echo's send */
	SOCKET		s;
	int		idx;
	int		got;		/* of the message being received */
	char		rbuf[BENCH_MSG];
	char		sbuf[BENCH_MSG];
} __attribute__((aligned(64)));

struct iocp_srv {
	struct bench_mt		m;
	HANDLE			port;
	enum iocp_mode		mode;
	struct iocp_conn	conns[BENCH_CONNS];
};

struct iocp_worker {
	struct iocp_srv	*srv;
	int		i;
};

/*
 * Post the receive of the rest of the message. Return: 1 when it completed
 * at once and no packet comes for it (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS:
 * its byte count in *n), 0 when a packet will, -1 on failure.
 */
static int iocp_recv(struct iocp_srv *srv, struct bench_worker *w,
		     struct iocp_conn *c, DWORD *n)
{
	WSABUF wb = { BENCH_MSG - c->got, c->rbuf + c->got };
	DWORD flags = 0;
	int r;

	memset(&c->rov, 0, sizeof(c->rov));
	r = WSARecv(c->s, &wb, 1, n, &flags, &c->rov, NULL);
	if (w)
		bench_mt_add(&w->io, 1);
	if (!r)
		return srv->mode == IOCP_SKIP;
	if (WSAGetLastError() == WSA_IO_PENDING)
		return 0;
	return wsa_fail("WSARecv");
}

/* The echo: as iocp_recv(). */
static int iocp_send(struct iocp_srv *srv, struct bench_worker *w,
		     struct iocp_conn *c)
{
	WSABUF wb = { BENCH_MSG, c->sbuf };
	DWORD n = 0;
	int r;

	memset(&c->sov, 0, sizeof(c->sov));
	r = WSASend(c->s, &wb, 1, &n, 0, &c->sov, NULL);
	bench_mt_add(&w->io, 1);
	if (!r) {
		if (n != BENCH_MSG)
			return bench_fail("winsock: WSASend sent %lu bytes", (unsigned long)n);
		return srv->mode == IOCP_SKIP;
	}
	if (WSAGetLastError() == WSA_IO_PENDING)
		return 0;
	return wsa_fail("WSASend");
}

/*
 * @n bytes received on @c. A whole message: the receive is posted again
 * (a receive is always posted) and the message sent back. Operations that
 * complete at once without a packet are carried on here.
 */
static int iocp_received(struct iocp_srv *srv, struct bench_worker *w,
			 struct iocp_conn *c, DWORD n)
{
	int r, sent;

	for (;;) {
		if (!n)
			return bench_fail("winsock: iocp: the client closed its connection");
		c->got += n;
		if (c->got < BENCH_MSG) {
			r = iocp_recv(srv, w, c, &n);
			if (r <= 0)
				return r;
			continue;
		}
		c->got = 0;
		memcpy(c->sbuf, c->rbuf, BENCH_MSG);
		r = iocp_recv(srv, w, c, &n);
		if (r < 0)
			return -1;
		sent = iocp_send(srv, w, c);
		if (sent < 0)
			return -1;
		if (sent)
			bench_mt_request(w, c->idx);
		if (!r)
			return 0;
	}
}

/* A packet: the receive's or the send's. */
static int iocp_packet(struct iocp_srv *srv, struct bench_worker *w,
		       const OVERLAPPED_ENTRY *e)
{
	struct iocp_conn *c = (struct iocp_conn *)e->lpCompletionKey;

	if (e->Internal)
		return bench_fail("winsock: iocp: %s completed with status/error 0x%lx",
				  e->lpOverlapped == &c->sov ? "WSASend" : "WSARecv",
				  (unsigned long)e->Internal);
	if (e->lpOverlapped == &c->rov)
		return iocp_received(srv, w, c, e->dwNumberOfBytesTransferred);
	if (e->lpOverlapped != &c->sov)
		return bench_fail("winsock: iocp: a packet of an unknown OVERLAPPED");
	if (e->dwNumberOfBytesTransferred != BENCH_MSG)
		return bench_fail("winsock: WSASend completed with %lu bytes",
				  (unsigned long)e->dwNumberOfBytesTransferred);
	bench_mt_request(w, c->idx);
	return 0;
}

/* A worker: dequeue, serve, until a packet without OVERLAPPED says stop. */
static void *iocp_worker(void *arg)
{
	struct iocp_worker *iw = arg;
	struct iocp_srv *srv = iw->srv;
	struct bench_worker *w = &srv->m.w[iw->i];
	OVERLAPPED_ENTRY e[BENCH_CONNS];
	ULONG n, i, stops;

	if (bench_mt_worker_start(&srv->m, iw->i))
		goto fail;
	for (;;) {
		if (srv->mode == IOCP_ONE) {
			DWORD bytes;
			ULONG_PTR key;
			OVERLAPPED *ov;
			BOOL ok = GetQueuedCompletionStatus(srv->port, &bytes, &key, &ov,
							    INFINITE);

			if (!ov && !ok) {
				wsa_fail("GetQueuedCompletionStatus");
				goto fail;
			}
			e[0].lpCompletionKey = key;
			e[0].lpOverlapped = ov;
			e[0].dwNumberOfBytesTransferred = bytes;
			e[0].Internal = ok ? 0 : GetLastError();
			n = 1;
		} else if (!GetQueuedCompletionStatusEx(srv->port, e, BENCH_CONNS, &n,
						       INFINITE, FALSE)) {
			wsa_fail("GetQueuedCompletionStatusEx");
			goto fail;
		}
		bench_mt_add(&w->waits, 1);
		bench_mt_add(&w->items, n);
		for (i = 0, stops = 0; i < n; i++) {
			if (!e[i].lpOverlapped)
				stops++;
			else if (iocp_packet(srv, w, &e[i]))
				goto fail;
		}
		if (stops) {
			/* One is this worker's; the others', back for them. */
			while (--stops)
				PostQueuedCompletionStatus(srv->port, 0, 0, NULL);
			return NULL;
		}
	}
fail:
	__atomic_store_n(&w->err, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * The IOCP echo server: BENCH_CONNS connections accepted, associated with
 * one port (concurrency BENCH_WORKERS) with their struct iocp_conn as key,
 * a receive posted on each; BENCH_WORKERS workers.
 */
static int iocp_server(uint64_t ns, int count_sc, enum iocp_mode mode,
		       struct bench_run *out)
{
	struct iocp_worker iw[BENCH_WORKERS];
	pthread_t thr[BENCH_WORKERS];
	struct bench_clients *cl = NULL;
	SOCKET l = INVALID_SOCKET;
	struct iocp_srv *srv;
	int err = -1, started = 0, i, r;
	SOCKADDR_IN sin;
	DWORD n;

	srv = aligned_alloc(64, sizeof(*srv));
	if (!srv)
		return bench_fail("winsock: out of memory");
	memset(srv, 0, sizeof(*srv));
	bench_mt_init(&srv->m, count_sc);
	srv->mode = mode;
	for (i = 0; i < BENCH_CONNS; i++) {
		srv->conns[i].s = INVALID_SOCKET;
		srv->conns[i].idx = i;
	}
	srv->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, BENCH_WORKERS);
	if (!srv->port) {
		bench_fail("winsock: CreateIoCompletionPort: error %lu",
			   (unsigned long)GetLastError());
		goto out;
	}
	l = wsa_listener(&sin);
	if (l == INVALID_SOCKET)
		goto out;
	cl = bench_clients_connect(sin.sin_port);
	if (!cl)
		goto out;
	for (i = 0; i < BENCH_CONNS; i++) {
		struct iocp_conn *c = &srv->conns[i];
		BOOL one = TRUE;

		c->s = accept(l, NULL, NULL);
		if (c->s == INVALID_SOCKET) {
			wsa_fail("accept");
			goto out;
		}
		if (setsockopt(c->s, IPPROTO_TCP, TCP_NODELAY, (const char *)&one,
			       sizeof(one))) {
			wsa_fail("setsockopt(TCP_NODELAY)");
			goto out;
		}
		if (CreateIoCompletionPort((HANDLE)c->s, srv->port, (ULONG_PTR)c, 0) !=
		    srv->port) {
			bench_fail("winsock: CreateIoCompletionPort (associate): error %lu",
				   (unsigned long)GetLastError());
			goto out;
		}
		if (mode == IOCP_SKIP &&
		    !SetFileCompletionNotificationModes((HANDLE)c->s,
							FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)) {
			bench_fail("winsock: SetFileCompletionNotificationModes: error %lu",
				   (unsigned long)GetLastError());
			goto out;
		}
		/* Before the clients send: it pends. */
		r = iocp_recv(srv, NULL, c, &n);
		if (r > 0)
			bench_fail("winsock: a WSARecv completed before the client sent");
		if (r)
			goto out;
	}
	for (; started < BENCH_WORKERS; started++) {
		iw[started].srv = srv;
		iw[started].i = started;
		errno = pthread_create(&thr[started], NULL, iocp_worker, &iw[started]);
		if (errno) {
			bench_fail("winsock: pthread_create: %s", strerror(errno));
			goto out;
		}
	}
	if (bench_clients_start(cl))
		goto out;
	err = bench_mt_measure(&srv->m, ns, out);
out:
	for (i = 0; i < started; i++)
		if (!PostQueuedCompletionStatus(srv->port, 0, 0, NULL)) {
			bench_fail("winsock: stopping the workers: error %lu",
				   (unsigned long)GetLastError());
			exit(1);
		}
	for (i = 0; i < started; i++)
		pthread_join(thr[i], NULL);
	if (bench_mt_failed(&srv->m))
		err = -1;
	bench_mt_close(&srv->m);
	if (bench_clients_finish(cl))
		err = -1;
	/* Closing completes the posted receives (aborted): srv is still there. */
	for (i = 0; i < BENCH_CONNS; i++)
		if (srv->conns[i].s != INVALID_SOCKET)
			closesocket(srv->conns[i].s);
	if (l != INVALID_SOCKET)
		closesocket(l);
	if (srv->port)
		CloseHandle(srv->port);
	free(srv);
	return err;
}

int bench_wsa_iocp_server(uint64_t ns, int count_sc, struct bench_run *out)
{
	return iocp_server(ns, count_sc, IOCP_ONE, out);
}

int bench_wsa_iocp_ex_server(uint64_t ns, int count_sc, struct bench_run *out)
{
	return iocp_server(ns, count_sc, IOCP_EX, out);
}

int bench_wsa_iocp_skip_server(uint64_t ns, int count_sc, struct bench_run *out)
{
	return iocp_server(ns, count_sc, IOCP_SKIP, out);
}

#endif /* BENCH_WSA_IOCP */

#endif /* BENCH_WSA_OV */

#else /* !BENCH_WSA_EVENTS */

int bench_wsa_available(void)
{
	return 0;
}

int bench_wsa_init(void)
{
	return bench_fail("winsock: libws was built without WSAEventSelect");
}

int bench_wsa_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out)
{
	(void)ns; (void)warmup; (void)out;
	return bench_fail("winsock: libws was built without WSAEventSelect");
}

int bench_wsa_server(uint64_t ns, struct bench_run *out)
{
	(void)ns; (void)out;
	return bench_fail("winsock: libws was built without WSAEventSelect");
}

#endif /* BENCH_WSA_EVENTS */

#if !BENCH_WSA_ASYNC

int bench_wsa_async_available(void)
{
	return 0;
}

int bench_wsa_async_server(uint64_t ns, struct bench_run *out)
{
	(void)ns; (void)out;
	return bench_fail("winsock: libws was built without WSAAsyncSelect");
}

#endif /* !BENCH_WSA_ASYNC */

#if !BENCH_WSA_OV

int bench_wsa_ov_available(void)
{
	return 0;
}

int bench_wsa_ov_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out)
{
	(void)ns; (void)warmup; (void)out;
	return bench_fail("winsock: libws was built without overlapped I/O");
}

int bench_wsa_ov_bulk(uint64_t ns, struct bench_run *out)
{
	(void)ns; (void)out;
	return bench_fail("winsock: libws was built without overlapped I/O");
}

int bench_wsa_ov_syscalls(unsigned int ops, struct bench_sc_line *lines, int max)
{
	(void)ops; (void)lines; (void)max;
	return bench_fail("winsock: libws was built without overlapped I/O");
}

#endif /* !BENCH_WSA_OV */

#if !BENCH_WSA_IOCP

int bench_wsa_iocp_available(void)
{
	return 0;
}

static int no_iocp(void)
{
	return bench_fail("winsock: libws was built without completion ports");
}

int bench_wsa_iocp_server(uint64_t ns, int count_sc, struct bench_run *out)
{
	(void)ns; (void)count_sc; (void)out;
	return no_iocp();
}

int bench_wsa_iocp_ex_server(uint64_t ns, int count_sc, struct bench_run *out)
{
	(void)ns; (void)count_sc; (void)out;
	return no_iocp();
}

int bench_wsa_iocp_skip_server(uint64_t ns, int count_sc, struct bench_run *out)
{
	(void)ns; (void)count_sc; (void)out;
	return no_iocp();
}

#endif /* !BENCH_WSA_IOCP */

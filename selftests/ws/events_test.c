// SPDX-License-Identifier: GPL-2.0
/*
 * WSA event objects through libws: WSACreateEvent, WSASetEvent,
 * WSAResetEvent, WSACloseEvent and WSAWaitForMultipleEvents, with threads
 * that are proved blocked before they are woken (wait-any, wait-all,
 * timeout, close while waiting, a socket's network event), alertable waits
 * with QueueUserAPC and SleepEx, and the error paths (bad handles and counts,
 * no WSAStartup). The raw ioctls under these calls are tested by
 * events_abi.c; this file tests what a Winsock program sees.
 * Citations: see ws_test.h; "spec Event Objects" is the "Event Objects"
 * section of the Winsock 2 reference.
 */
/* <poll.h> before winsock2.h, for Linux's poll(2) (see winsock2.h). */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/epoll.h>

#include "ws_test.h"

#include <sys/resource.h>

#include <windows.h>

FIXTURE(events) {
	WSAEVENT ev[3];
};

FIXTURE_SETUP(events)
{
	const char *why = ws_unavailable(0);
	int i;

	for (i = 0; i < 3; i++)
		self->ev[i] = WSA_INVALID_EVENT;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	for (i = 0; i < 3; i++) {
		WSASetLastError(POISON_ERR);
		self->ev[i] = WSACreateEvent();
		ASSERT_NE(WSA_INVALID_EVENT, self->ev[i])
			TH_LOG("WSACreateEvent: error %d", WSAGetLastError());
	}
}

FIXTURE_TEARDOWN(events)
{
	int i;

	for (i = 0; i < 3; i++)
		if (self->ev[i] != WSA_INVALID_EVENT)
			WSACloseEvent(self->ev[i]);
	WSACleanup();
}

/* WSAWaitForMultipleEvents, not alertable. */
static DWORD wait_events(DWORD n, const WSAEVENT *ev, BOOL all, DWORD ms)
{
	return WSAWaitForMultipleEvents(n, ev, all, ms, FALSE);
}

/* Is @ev signalled? A zero timeout "tests the state ... and returns immediately". */
static bool signalled(WSAEVENT ev)
{
	return wait_events(1, &ev, FALSE, 0) == WSA_WAIT_EVENT_0;
}

/* A WSA call returning BOOL must fail with FALSE and set @err. */
#define ASSERT_BOOLFAIL(err, expr) do { \
	BOOL __b; \
	WSASetLastError(POISON_ERR); \
	__b = (expr); \
	ASSERT_FALSE(__b) TH_LOG("%s succeeded", #expr); \
	ASSERT_EQ((err), WSAGetLastError()) TH_LOG("%s", #expr); \
} while (0)

/* WSAWaitForMultipleEvents must fail with WSA_WAIT_FAILED and set @err. */
#define ASSERT_WAITFAIL(err, expr) do { \
	DWORD __w; \
	WSASetLastError(POISON_ERR); \
	__w = (expr); \
	ASSERT_EQ(WSA_WAIT_FAILED, __w) TH_LOG("%s returned %#x", #expr, __w); \
	ASSERT_EQ((err), WSAGetLastError()) TH_LOG("%s", #expr); \
} while (0)

/* --- event objects ------------------------------------------------------- */

TEST_F(events, created_nonsignalled_manual_reset)
{
	/* spec WSACreateEvent: "manual reset, with an initial state of nonsignaled" */
	ASSERT_FALSE(signalled(self->ev[0]));

	/* spec WSASetEvent: "The state of the event object is set to be signaled"; TRUE */
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	ASSERT_TRUE(signalled(self->ev[0]));
	/* manual reset: a satisfied wait does not reset it */
	ASSERT_TRUE(signalled(self->ev[0]));
	ASSERT_EQ(WSA_WAIT_EVENT_0, wait_events(1, &self->ev[0], TRUE, 0));
	ASSERT_TRUE(signalled(self->ev[0]));
	/* setting a set event succeeds and changes nothing */
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	ASSERT_TRUE(signalled(self->ev[0]));

	/* spec WSAResetEvent: "set to be nonsignaled"; TRUE */
	ASSERT_TRUE(WSAResetEvent(self->ev[0]));
	ASSERT_FALSE(signalled(self->ev[0]));
	ASSERT_TRUE(WSAResetEvent(self->ev[0]));
	ASSERT_FALSE(signalled(self->ev[0]));
	/* the others were never touched */
	ASSERT_FALSE(signalled(self->ev[1]));
	ASSERT_FALSE(signalled(self->ev[2]));
}

TEST_F(events, wait_any_returns_lowest_signalled_index)
{
	/*
	 * spec WSAWaitForMultipleEvents: "the return value minus
	 * WSA_WAIT_EVENT_0 indicates the lphEvents array index of the object
	 * that satisfied the wait"; the issue: the lowest index signalled.
	 */
	ASSERT_EQ(WSA_WAIT_TIMEOUT, wait_events(3, self->ev, FALSE, 0));
	ASSERT_TRUE(WSASetEvent(self->ev[2]));
	ASSERT_EQ(WSA_WAIT_EVENT_0 + 2, wait_events(3, self->ev, FALSE, 0));
	ASSERT_TRUE(WSASetEvent(self->ev[1]));
	ASSERT_EQ(WSA_WAIT_EVENT_0 + 1, wait_events(3, self->ev, FALSE, 0));
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	ASSERT_EQ(WSA_WAIT_EVENT_0, wait_events(3, self->ev, FALSE, 0));
	ASSERT_TRUE(WSAResetEvent(self->ev[0]));
	ASSERT_EQ(WSA_WAIT_EVENT_0 + 1, wait_events(3, self->ev, FALSE, 0));
}

TEST_F(events, wait_all_needs_every_event)
{
	DWORD r;

	/*
	 * spec WSAWaitForMultipleEvents: with fWaitAll "the function returns
	 * when all event objects in the lphEvents array are signaled"; a zero
	 * timeout polls; the result is in WSA_WAIT_EVENT_0 ... + cEvents - 1.
	 */
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	ASSERT_TRUE(WSASetEvent(self->ev[2]));
	ASSERT_EQ(WSA_WAIT_TIMEOUT, wait_events(3, self->ev, TRUE, 0));
	ASSERT_TRUE(WSASetEvent(self->ev[1]));
	r = wait_events(3, self->ev, TRUE, 0);
	ASSERT_LE(WSA_WAIT_EVENT_0, r);
	ASSERT_GT(WSA_WAIT_EVENT_0 + 3, r);
	/* "does not modify the state of the specified objects": manual reset */
	ASSERT_TRUE(signalled(self->ev[0]));
	ASSERT_TRUE(signalled(self->ev[1]));
	ASSERT_TRUE(signalled(self->ev[2]));
}

TEST_F(events, wait_on_the_maximum_count)
{
	WSAEVENT ev[WSA_MAXIMUM_WAIT_EVENTS];
	int i;

	/*
	 * spec WSAWaitForMultipleEvents: "The maximum number of event object
	 * handles is WSA_MAXIMUM_WAIT_EVENTS" (64, the issue).
	 */
	ASSERT_EQ(64, WSA_MAXIMUM_WAIT_EVENTS);
	for (i = 0; i < WSA_MAXIMUM_WAIT_EVENTS; i++) {
		ev[i] = WSACreateEvent();
		ASSERT_NE(WSA_INVALID_EVENT, ev[i]) TH_LOG("event %d", i);
	}
	ASSERT_EQ(WSA_WAIT_TIMEOUT, wait_events(WSA_MAXIMUM_WAIT_EVENTS, ev, FALSE, 0));
	ASSERT_TRUE(WSASetEvent(ev[63]));
	ASSERT_EQ(WSA_WAIT_EVENT_0 + 63, wait_events(WSA_MAXIMUM_WAIT_EVENTS, ev, FALSE, 0));
	ASSERT_EQ(WSA_WAIT_TIMEOUT, wait_events(WSA_MAXIMUM_WAIT_EVENTS, ev, TRUE, 0));
	for (i = 0; i < WSA_MAXIMUM_WAIT_EVENTS; i++)
		ASSERT_TRUE(WSASetEvent(ev[i]));
	ASSERT_GT(WSA_WAIT_EVENT_0 + WSA_MAXIMUM_WAIT_EVENTS,
		  wait_events(WSA_MAXIMUM_WAIT_EVENTS, ev, TRUE, 0));
	for (i = 0; i < WSA_MAXIMUM_WAIT_EVENTS; i++)
		ASSERT_TRUE(WSACloseEvent(ev[i]));
}

TEST_F(events, wait_bad_counts)
{
	WSAEVENT ev[WSA_MAXIMUM_WAIT_EVENTS + 1];
	int i;

	for (i = 0; i <= WSA_MAXIMUM_WAIT_EVENTS; i++)
		ev[i] = self->ev[0];
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	/*
	 * spec WSAWaitForMultipleEvents: "One or more events must be
	 * specified", at most WSA_MAXIMUM_WAIT_EVENTS; otherwise
	 * WSA_INVALID_PARAMETER, "The cEvents parameter does not contain a
	 * valid handle count", even when the events given are signalled.
	 */
	ASSERT_WAITFAIL(WSA_INVALID_PARAMETER, wait_events(0, ev, FALSE, 0));
	ASSERT_WAITFAIL(WSA_INVALID_PARAMETER, wait_events(0, ev, TRUE, 0));
	ASSERT_WAITFAIL(WSA_INVALID_PARAMETER,
			wait_events(WSA_MAXIMUM_WAIT_EVENTS + 1, ev, FALSE, 0));
	ASSERT_WAITFAIL(WSA_INVALID_PARAMETER,
			wait_events(WSA_MAXIMUM_WAIT_EVENTS + 1, ev, FALSE, WSA_INFINITE));
	ASSERT_WAITFAIL(WSA_INVALID_PARAMETER, wait_events(0xffffffff, ev, FALSE, 0));
	/* the event is not disturbed */
	ASSERT_TRUE(signalled(self->ev[0]));
}

TEST_F(events, wait_bad_handles)
{
	WSAEVENT ev[2], closed;

	closed = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, closed);
	ASSERT_TRUE(WSACloseEvent(closed));
	ASSERT_TRUE(WSASetEvent(self->ev[0]));

	/*
	 * spec WSAWaitForMultipleEvents: WSA_INVALID_HANDLE "One or more of
	 * the values in the lphEvents array is not a valid event object
	 * handle": a null handle (WSA_INVALID_EVENT) and a closed one (spec
	 * WSACloseEvent: "further references to this handle will fail with
	 * the error WSA_INVALID_HANDLE"), also next to a signalled event, in
	 * either position and either mode.
	 */
	ev[0] = WSA_INVALID_EVENT;
	ASSERT_WAITFAIL(WSA_INVALID_HANDLE, wait_events(1, ev, FALSE, 0));
	ev[0] = closed;
	ASSERT_WAITFAIL(WSA_INVALID_HANDLE, wait_events(1, ev, FALSE, 0));
	ASSERT_WAITFAIL(WSA_INVALID_HANDLE, wait_events(1, ev, FALSE, WSA_INFINITE));
	ev[0] = self->ev[0];
	ev[1] = closed;
	ASSERT_WAITFAIL(WSA_INVALID_HANDLE, wait_events(2, ev, FALSE, 0));
	ASSERT_WAITFAIL(WSA_INVALID_HANDLE, wait_events(2, ev, TRUE, 0));
	ev[0] = WSA_INVALID_EVENT;
	ev[1] = self->ev[0];
	ASSERT_WAITFAIL(WSA_INVALID_HANDLE, wait_events(2, ev, FALSE, WSA_INFINITE));
	ASSERT_TRUE(signalled(self->ev[0]));
}

TEST_F(events, calls_on_closed_and_null_handles)
{
	WSAEVENT ev = WSACreateEvent();

	ASSERT_NE(WSA_INVALID_EVENT, ev);
	/* spec WSACloseEvent: TRUE on success */
	ASSERT_TRUE(WSACloseEvent(ev));
	/*
	 * spec WSACloseEvent: "further references to this handle will fail
	 * with the error WSA_INVALID_HANDLE"; spec WSASetEvent, WSAResetEvent,
	 * WSACloseEvent: FALSE and WSA_INVALID_HANDLE, "hEvent is not a valid
	 * event object handle".
	 */
	ASSERT_BOOLFAIL(WSA_INVALID_HANDLE, WSASetEvent(ev));
	ASSERT_BOOLFAIL(WSA_INVALID_HANDLE, WSAResetEvent(ev));
	ASSERT_BOOLFAIL(WSA_INVALID_HANDLE, WSACloseEvent(ev));
	ASSERT_BOOLFAIL(WSA_INVALID_HANDLE, WSASetEvent(WSA_INVALID_EVENT));
	ASSERT_BOOLFAIL(WSA_INVALID_HANDLE, WSAResetEvent(WSA_INVALID_EVENT));
	ASSERT_BOOLFAIL(WSA_INVALID_HANDLE, WSACloseEvent(WSA_INVALID_EVENT));
	/* the fixture's events are not affected */
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	ASSERT_TRUE(signalled(self->ev[0]));
}

TEST_F(events, many_events)
{
	enum { N = 512 };
	static WSAEVENT ev[N];
	struct rlimit rl;
	int i;

	/* Each event is a descriptor, and an even one: room for 2 * N. */
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &rl));
	if (rl.rlim_cur < 4 * N && rl.rlim_max >= 4 * N) {
		rl.rlim_cur = 4 * N;
		ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	}

	/*
	 * spec WSACreateEvent: every event is its own object ("Each event
	 * object created by WSACreateEvent should have a matching
	 * WSACloseEvent"): setting one does not set another.
	 */
	for (i = 0; i < N; i++) {
		ev[i] = WSACreateEvent();
		ASSERT_NE(WSA_INVALID_EVENT, ev[i]) TH_LOG("event %d: error %d", i,
							   WSAGetLastError());
	}
	ASSERT_TRUE(WSASetEvent(ev[N / 2]));
	for (i = 0; i < N; i++)
		ASSERT_EQ(i == N / 2, signalled(ev[i])) TH_LOG("event %d", i);
	for (i = 0; i < N; i++)
		ASSERT_TRUE(WSACloseEvent(ev[i])) TH_LOG("event %d", i);
}

TEST_F(events, event_handle_is_pollable)
{
	struct pollfd p = { .events = POLLIN };
	struct epoll_event e = { .events = EPOLLIN };
	int ep;

	/*
	 * The issue: event objects are pollable, readable while signalled, so
	 * a program can also wait on a WSAEVENT with poll or epoll; libws
	 * (src/event.c): a WSAEVENT is the event's file descriptor.
	 */
	p.fd = (int)(intptr_t)self->ev[0];
	ASSERT_EQ(0, poll(&p, 1, 0));
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	ASSERT_EQ(1, poll(&p, 1, 0));
	ASSERT_EQ(POLLIN, p.revents & (POLLIN | POLLERR | POLLNVAL));
	ASSERT_TRUE(WSAResetEvent(self->ev[0]));
	ASSERT_EQ(0, poll(&p, 1, 0));

	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, ep);
	e.data.u32 = 7;
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, (int)(intptr_t)self->ev[1], &e));
	ASSERT_EQ(0, epoll_wait(ep, &e, 1, 0));
	ASSERT_TRUE(WSASetEvent(self->ev[1]));
	ASSERT_EQ(1, epoll_wait(ep, &e, 1, WAIT_MS));
	ASSERT_EQ(7, e.data.u32);
	close(ep);
}

TEST(not_initialised)
{
	WSAEVENT ev = (WSAEVENT)(intptr_t)1;
	WSANETWORKEVENTS ne;
	int fds[2];
	SOCKET s;

	/*
	 * Every function below lists WSANOTINITIALISED on its spec page
	 * (WSACreateEvent, WSASetEvent, WSAResetEvent, WSACloseEvent,
	 * WSAWaitForMultipleEvents, WSAEventSelect, WSAEnumNetworkEvents).
	 * As in startup_test.c, the check comes before any look at the
	 * arguments, so a pipe stands for the socket and a made-up handle for
	 * the event.
	 */
	ASSERT_EQ(0, pipe(fds));
	s = (SOCKET)fds[0];
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(WSA_INVALID_EVENT, WSACreateEvent());
	ASSERT_EQ(WSANOTINITIALISED, WSAGetLastError());
	ASSERT_BOOLFAIL(WSANOTINITIALISED, WSASetEvent(ev));
	ASSERT_BOOLFAIL(WSANOTINITIALISED, WSAResetEvent(ev));
	ASSERT_BOOLFAIL(WSANOTINITIALISED, WSACloseEvent(ev));
	ASSERT_WAITFAIL(WSANOTINITIALISED, wait_events(1, &ev, FALSE, 0));
	ASSERT_WSAFAIL(WSANOTINITIALISED, WSAEventSelect(s, ev, FD_READ));
	memset(&ne, POISON_BYTE, sizeof(ne));
	ASSERT_WSAFAIL(WSANOTINITIALISED, WSAEnumNetworkEvents(s, ev, &ne));
	close(fds[0]);
	close(fds[1]);
}

/* --- threads: waiters proved blocked before they are woken ------------- */

enum waiter_kind { WAIT_EVENTS, WAIT_SLEEPEX };

struct waiter {
	enum waiter_kind kind;
	DWORD n;
	WSAEVENT ev[4];
	BOOL all;
	BOOL alertable;
	DWORD timeout;
	/* out */
	volatile pid_t tid;
	HANDLE thread;		/* for QueueUserAPC from another thread */
	volatile DWORD ret;
	int err;
	long elapsed;		/* ms */
	pthread_t pt;
};

#define WAITER_RUNNING	0xdeadbeef

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	long start;

	w->thread = OpenThread(THREAD_SET_CONTEXT, FALSE, GetCurrentThreadId());
	WSASetLastError(POISON_ERR);
	start = ws_now_ms();
	__atomic_store_n(&w->tid, ws_gettid(), __ATOMIC_RELEASE);
	if (w->kind == WAIT_SLEEPEX)
		w->ret = SleepEx(w->timeout, w->alertable);
	else
		w->ret = WSAWaitForMultipleEvents(w->n, w->ev, w->all, w->timeout,
						  w->alertable);
	w->elapsed = ws_now_ms() - start;
	w->err = WSAGetLastError();
	return NULL;
}

/* Start @w and return once it is blocked. */
static void start_waiter(struct __test_metadata *_metadata, struct waiter *w)
{
	w->tid = 0;
	w->thread = NULL;
	w->ret = WAITER_RUNNING;
	ASSERT_EQ(0, pthread_create(&w->pt, NULL, waiter_main, w));
	ASSERT_TRUE(ws_wait_blocked(&w->tid)) TH_LOG("the waiter never blocked");
	ASSERT_EQ(WAITER_RUNNING, w->ret) TH_LOG("the waiter returned %#x", w->ret);
}

/* Join @w, waiting at most WAIT_MS beyond its own timeout. */
static void join_waiter(struct __test_metadata *_metadata, struct waiter *w)
{
	long ms = WAIT_MS + (w->timeout == WSA_INFINITE ? 0 : w->timeout);
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	ASSERT_EQ(0, pthread_timedjoin_np(w->pt, NULL, &ts))
		TH_LOG("the waiter did not return");
	if (w->thread)
		CloseHandle(w->thread);
}

TEST_F(events, wait_any_blocks_until_one_is_set)
{
	struct waiter w = { .kind = WAIT_EVENTS, .n = 3, .timeout = WSA_INFINITE };

	memcpy(w.ev, self->ev, sizeof(self->ev));
	start_waiter(_metadata, &w);
	/* spec WSAWaitForMultipleEvents: returns "when any one ... is signaled" */
	ASSERT_TRUE(WSASetEvent(self->ev[2]));
	join_waiter(_metadata, &w);
	ASSERT_EQ(WSA_WAIT_EVENT_0 + 2, w.ret);
	/* manual reset: still signalled after the wait */
	ASSERT_TRUE(signalled(self->ev[2]));
}

TEST_F(events, wait_all_blocks_until_all_are_set_at_once)
{
	struct waiter w = { .kind = WAIT_EVENTS, .n = 2, .all = TRUE, .timeout = WAIT_MS };

	w.ev[0] = self->ev[0];
	w.ev[1] = self->ev[1];
	start_waiter(_metadata, &w);

	/*
	 * spec WSAWaitForMultipleEvents: with fWaitAll, "satisfied only when
	 * the state of all objects is signaled at the same time". One set:
	 * the waiter stays blocked. Set and reset before the other is set:
	 * never both at once, still blocked.
	 */
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	ASSERT_TRUE(ws_wait_blocked(&w.tid));
	ASSERT_EQ(WAITER_RUNNING, w.ret);
	ASSERT_TRUE(WSAResetEvent(self->ev[0]));
	ASSERT_TRUE(WSASetEvent(self->ev[1]));
	ASSERT_TRUE(ws_wait_blocked(&w.tid));
	ASSERT_EQ(WAITER_RUNNING, w.ret);
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	join_waiter(_metadata, &w);
	ASSERT_LE(WSA_WAIT_EVENT_0, w.ret);
	ASSERT_GT(WSA_WAIT_EVENT_0 + 2, w.ret);
	ASSERT_LT(w.elapsed, WAIT_MS) TH_LOG("woken by the timeout, not the events");
	/* "does not modify the state of the specified objects" */
	ASSERT_TRUE(signalled(self->ev[0]));
	ASSERT_TRUE(signalled(self->ev[1]));
}

TEST_F(events, wait_times_out)
{
	struct waiter w = { .kind = WAIT_EVENTS, .n = 2, .timeout = 1000 };

	w.ev[0] = self->ev[0];
	w.ev[1] = self->ev[1];
	start_waiter(_metadata, &w);
	/*
	 * spec WSAWaitForMultipleEvents: "The function returns if the interval
	 * expires", with WSA_WAIT_TIMEOUT; not before it.
	 */
	join_waiter(_metadata, &w);
	ASSERT_EQ(WSA_WAIT_TIMEOUT, w.ret);
	ASSERT_GE(w.elapsed, 1000 - 1);
}

TEST_F(events, infinite_wait_all)
{
	struct waiter w = { .kind = WAIT_EVENTS, .n = 3, .all = TRUE,
			    .timeout = WSA_INFINITE };

	memcpy(w.ev, self->ev, sizeof(self->ev));
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	ASSERT_TRUE(WSASetEvent(self->ev[1]));
	/* spec WSAWaitForMultipleEvents: "If dwTimeout is WSA_INFINITE, the ... interval never expires" */
	start_waiter(_metadata, &w);
	ASSERT_TRUE(WSASetEvent(self->ev[2]));
	join_waiter(_metadata, &w);
	ASSERT_LE(WSA_WAIT_EVENT_0, w.ret);
	ASSERT_GT(WSA_WAIT_EVENT_0 + 3, w.ret);
}

TEST_F(events, close_while_waiting)
{
	struct waiter w = { .kind = WAIT_EVENTS, .n = 1, .timeout = 1000 };
	WSAEVENT ev = WSACreateEvent();

	ASSERT_NE(WSA_INVALID_EVENT, ev);
	w.ev[0] = ev;
	start_waiter(_metadata, &w);
	/*
	 * The issue: closing an event object while another thread waits on
	 * it must be safe: the waiter keeps its reference (and waits on to
	 * its timeout) or fails cleanly with WSA_INVALID_HANDLE. It must not
	 * report the closed event signalled.
	 */
	ASSERT_TRUE(WSACloseEvent(ev));
	join_waiter(_metadata, &w);
	if (w.ret == WSA_WAIT_FAILED) {
		ASSERT_EQ(WSA_INVALID_HANDLE, w.err);
	} else {
		ASSERT_EQ(WSA_WAIT_TIMEOUT, w.ret);
	}
	/* the handle is gone for this thread (spec WSACloseEvent) */
	ASSERT_BOOLFAIL(WSA_INVALID_HANDLE, WSASetEvent(ev));
}

/* A connected loopback TCP pair whose server end @s selects FD_READ on @ev. */
static void read_pair(struct __test_metadata *_metadata, WSAEVENT ev,
		      SOCKET *c, SOCKET *s)
{
	ws_tcp_pair(_metadata, AF_INET, c, s);
	/* spec WSAEventSelect: the event is set when a nominated event occurs */
	ASSERT_EQ(0, WSAEventSelect(*s, ev, FD_READ));
}

TEST_F(events, close_while_waiting_then_socket_signals)
{
	struct waiter w = { .kind = WAIT_EVENTS, .n = 1, .timeout = WAIT_MS };
	WSAEVENT ev = WSACreateEvent();
	SOCKET c, s;

	ASSERT_NE(WSA_INVALID_EVENT, ev);
	read_pair(_metadata, ev, &c, &s);
	w.ev[0] = ev;
	start_waiter(_metadata, &w);
	/*
	 * The event is closed under the waiter while a socket still selects
	 * it (spec WSAEventSelect: closing the socket does not close the
	 * event, so the object outlives the handle). The issue allows the
	 * waiter to keep its reference, and then the socket's FD_READ wakes
	 * it, or to fail cleanly with WSA_INVALID_HANDLE; either way it
	 * returns well before its timeout is the only thing left.
	 */
	ASSERT_TRUE(WSACloseEvent(ev));
	ASSERT_EQ(1, send(c, "x", 1, 0));
	join_waiter(_metadata, &w);
	if (w.ret == WSA_WAIT_FAILED) {
		ASSERT_EQ(WSA_INVALID_HANDLE, w.err);
	} else {
		ASSERT_EQ(WSA_WAIT_EVENT_0, w.ret);
	}
	ASSERT_LT(w.elapsed, WAIT_MS);
	closesocket(c);
	closesocket(s);
}

TEST_F(events, socket_event_wakes_waiter)
{
	struct waiter w = { .kind = WAIT_EVENTS, .n = 2, .timeout = WAIT_MS };
	WSANETWORKEVENTS ne;
	SOCKET c, s;

	read_pair(_metadata, self->ev[1], &c, &s);
	w.ev[0] = self->ev[0];
	w.ev[1] = self->ev[1];
	start_waiter(_metadata, &w);
	/*
	 * spec WSAEventSelect: "The event object is set when any of the
	 * nominated network events occur", waking a thread blocked in
	 * WSAWaitForMultipleEvents on it.
	 */
	ASSERT_EQ(4, send(c, "data", 4, 0));
	join_waiter(_metadata, &w);
	ASSERT_EQ(WSA_WAIT_EVENT_0 + 1, w.ret);
	ASSERT_LT(w.elapsed, WAIT_MS);
	memset(&ne, POISON_BYTE, sizeof(ne));
	ASSERT_EQ(0, WSAEnumNetworkEvents(s, self->ev[1], &ne));
	ASSERT_EQ(FD_READ, ne.lNetworkEvents);
	ASSERT_FALSE(signalled(self->ev[1]));
	closesocket(c);
	closesocket(s);
}

/* --- alertable waits and APCs ------------------------------------------- */

static volatile int apc_calls;
static volatile pid_t apc_tid;
static volatile ULONG_PTR apc_arg;

static VOID CALLBACK apc_func(ULONG_PTR arg)
{
	apc_calls++;
	apc_tid = ws_gettid();
	apc_arg = arg;
}

TEST_F(events, alertable_wait_runs_queued_apc)
{
	DWORD r;

	/*
	 * spec WSAWaitForMultipleEvents: with fAlertable TRUE, "the completion
	 * routine is executed and the function returns" WSA_WAIT_IO_COMPLETION
	 * ("One or more I/O completion routines are queued for execution");
	 * Wine test_select: an APC queued with QueueUserAPC to the current
	 * thread runs at the next alertable wait.
	 */
	apc_calls = 0;
	ASSERT_TRUE(QueueUserAPC(apc_func, GetCurrentThread(), 0x1234));
	ASSERT_EQ(0, apc_calls);
	r = WSAWaitForMultipleEvents(1, &self->ev[0], FALSE, WAIT_MS, TRUE);
	ASSERT_EQ(WSA_WAIT_IO_COMPLETION, r);
	ASSERT_EQ(1, apc_calls);
	ASSERT_EQ(0x1234, apc_arg);
	ASSERT_EQ(ws_gettid(), apc_tid);

	/* Nothing queued now: an alertable wait behaves like a normal one (issue). */
	ASSERT_EQ(WSA_WAIT_TIMEOUT,
		  WSAWaitForMultipleEvents(1, &self->ev[0], FALSE, 0, TRUE));
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	ASSERT_EQ(WSA_WAIT_EVENT_0,
		  WSAWaitForMultipleEvents(1, &self->ev[0], FALSE, 0, TRUE));
	ASSERT_EQ(1, apc_calls);
}

TEST_F(events, alertable_poll_runs_queued_apc)
{
	/*
	 * A zero timeout "tests the state ... and returns immediately" (spec
	 * WSAWaitForMultipleEvents); alertable, it still runs what is queued
	 * and returns WSA_WAIT_IO_COMPLETION (Wine test_select,
	 * test_base_handle, test_fionbio: SleepEx(0, TRUE) returns
	 * WAIT_IO_COMPLETION after an APC was queued).
	 */
	apc_calls = 0;
	ASSERT_TRUE(QueueUserAPC(apc_func, GetCurrentThread(), 3));
	ASSERT_EQ(WSA_WAIT_IO_COMPLETION,
		  WSAWaitForMultipleEvents(1, &self->ev[0], FALSE, 0, TRUE));
	ASSERT_EQ(1, apc_calls);
	ASSERT_TRUE(QueueUserAPC(apc_func, GetCurrentThread(), 4));
	ASSERT_EQ(WAIT_IO_COMPLETION, SleepEx(0, TRUE));
	ASSERT_EQ(2, apc_calls);
	ASSERT_EQ(4, apc_arg);
}

TEST_F(events, nonalertable_wait_leaves_apc_queued)
{
	/*
	 * spec WSAWaitForMultipleEvents: "If FALSE, the completion routine is
	 * not executed when the function returns": a non-alertable wait
	 * neither runs the APC nor ends for it; the next alertable call does
	 * (Wine test_select: SleepEx(0, TRUE) returns WAIT_IO_COMPLETION).
	 */
	apc_calls = 0;
	ASSERT_TRUE(QueueUserAPC(apc_func, GetCurrentThread(), 7));
	ASSERT_EQ(WSA_WAIT_TIMEOUT, WSAWaitForMultipleEvents(1, &self->ev[0], FALSE, 50, FALSE));
	ASSERT_EQ(0, apc_calls);
	ASSERT_EQ(0, SleepEx(0, FALSE));
	ASSERT_EQ(0, apc_calls);
	ASSERT_EQ(WAIT_IO_COMPLETION, SleepEx(0, TRUE));
	ASSERT_EQ(1, apc_calls);
	ASSERT_EQ(7, apc_arg);
	/* Each APC runs once. */
	ASSERT_EQ(0, SleepEx(0, TRUE));
	ASSERT_EQ(1, apc_calls);
}

TEST_F(events, alertable_wait_woken_by_apc_from_another_thread)
{
	struct waiter w = { .kind = WAIT_EVENTS, .n = 1, .alertable = TRUE,
			    .timeout = WAIT_MS };

	w.ev[0] = self->ev[0];
	apc_calls = 0;
	start_waiter(_metadata, &w);
	ASSERT_NE(NULL, w.thread) TH_LOG("OpenThread: error %d", w.err);
	/*
	 * spec WSAWaitForMultipleEvents: an alertable wait returns "when the
	 * system queues an I/O completion routine to be executed by the
	 * calling thread"; the issue: a per-thread wake. The APC runs in the
	 * waiting thread, not in the one that queued it.
	 */
	ASSERT_TRUE(QueueUserAPC(apc_func, w.thread, 99));
	join_waiter(_metadata, &w);
	ASSERT_EQ(WSA_WAIT_IO_COMPLETION, w.ret);
	ASSERT_LT(w.elapsed, WAIT_MS);
	ASSERT_EQ(1, apc_calls);
	ASSERT_EQ(99, apc_arg);
	ASSERT_EQ(w.tid, apc_tid);
	ASSERT_FALSE(signalled(self->ev[0]));
}

TEST_F(events, sleepex_woken_by_apc_from_another_thread)
{
	struct waiter w = { .kind = WAIT_SLEEPEX, .alertable = TRUE, .timeout = WAIT_MS };

	apc_calls = 0;
	start_waiter(_metadata, &w);
	ASSERT_NE(NULL, w.thread);
	/*
	 * spec WSAWaitForMultipleEvents: "Applications that simply need to
	 * enter an alertable wait state without waiting for any event objects
	 * ... should use the Win32 SleepEx function", which returns
	 * WAIT_IO_COMPLETION when an APC ran.
	 */
	ASSERT_TRUE(QueueUserAPC(apc_func, w.thread, 5));
	join_waiter(_metadata, &w);
	ASSERT_EQ(WAIT_IO_COMPLETION, w.ret);
	ASSERT_LT(w.elapsed, WAIT_MS);
	ASSERT_EQ(1, apc_calls);
	ASSERT_EQ(w.tid, apc_tid);
}

TEST_F(events, nonalertable_waiter_not_woken_by_apc)
{
	struct waiter w = { .kind = WAIT_EVENTS, .n = 1, .timeout = WAIT_MS };

	w.ev[0] = self->ev[0];
	apc_calls = 0;
	start_waiter(_metadata, &w);
	ASSERT_NE(NULL, w.thread);
	/*
	 * spec WSAWaitForMultipleEvents: fAlertable FALSE, the completion
	 * routine "is not executed": the waiter stays blocked with the APC
	 * queued, and returns for its event.
	 */
	ASSERT_TRUE(QueueUserAPC(apc_func, w.thread, 1));
	ASSERT_TRUE(ws_wait_blocked(&w.tid));
	ASSERT_EQ(WAITER_RUNNING, w.ret);
	ASSERT_EQ(0, apc_calls);
	ASSERT_TRUE(WSASetEvent(self->ev[0]));
	join_waiter(_metadata, &w);
	ASSERT_EQ(WSA_WAIT_EVENT_0, w.ret);
	ASSERT_EQ(0, apc_calls);
}

TEST_HARNESS_MAIN

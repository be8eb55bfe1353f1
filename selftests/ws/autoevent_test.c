// SPDX-License-Identifier: GPL-2.0
/*
 * Auto-reset event objects through libws: CreateEventA/W, SetEvent,
 * ResetEvent, PulseEvent, CloseHandle, and the waits that take them
 * (WaitForSingleObject(Ex), WaitForMultipleObjects(Ex),
 * WSAWaitForMultipleEvents), with threads proved blocked before they are
 * woken.
 *
 * Citations (see ws_test.h for the convention): "MS <function>" is
 * Microsoft's documentation page of the function (Win32 API, synchapi.h);
 * "Wine sync.c <test>" is a fact observed on Windows by Wine's
 * dlls/kernel32/tests/sync.c, function <test>; "ntsync <test>" one encoded
 * by Linux's tools/testing/selftests/drivers/ntsync/ntsync.c. "libws" marks
 * what libws documents where Windows has no equivalent (windows.h).
 */
/* <poll.h> before winsock2.h, for Linux's poll(2) (see winsock2.h). */
#define _GNU_SOURCE
#include <poll.h>
#include <grp.h>
#include <sys/wait.h>

#include "ws_test.h"

#include <windows.h>

/* Is @h signalled? Asked with poll(2), which takes nothing. */
static bool readable(HANDLE h)
{
	struct pollfd p = { .fd = (int)(uintptr_t)h, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

#define NWAITERS	8

enum how { BY_SINGLE, BY_MULTIPLE, BY_WSA };

struct waiter {
	pthread_t	pt;
	volatile pid_t	tid;
	HANDLE		h[2];
	DWORD		n;
	BOOL		all;
	enum how	how;
	volatile DWORD	ret;
	volatile int	done;
};

#define WAITER_RUNNING	0xdeadu

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	DWORD r;

	__atomic_store_n(&w->tid, ws_gettid(), __ATOMIC_RELEASE);
	switch (w->how) {
	case BY_SINGLE:
		r = WaitForSingleObject(w->h[0], WAIT_MS);
		break;
	case BY_MULTIPLE:
		r = WaitForMultipleObjects(w->n, w->h, w->all, WAIT_MS);
		break;
	default:
		r = WSAWaitForMultipleEvents(w->n, w->h, w->all, WAIT_MS, FALSE);
		break;
	}
	w->ret = r;
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void start_waiter(struct __test_metadata *_metadata, struct waiter *w)
{
	w->tid = 0;
	w->ret = WAITER_RUNNING;
	w->done = 0;
	ASSERT_EQ(0, pthread_create(&w->pt, NULL, waiter_main, w));
	ASSERT_TRUE(ws_wait_blocked(&w->tid)) TH_LOG("the waiter never blocked");
	ASSERT_EQ(0, __atomic_load_n(&w->done, __ATOMIC_ACQUIRE));
}

static int count_done(struct waiter *w, int n)
{
	int i, done = 0;

	for (i = 0; i < n; i++)
		done += __atomic_load_n(&w[i].done, __ATOMIC_ACQUIRE);
	return done;
}

/* Wait up to WAIT_MS for @want of @n waiters to have returned. */
static int wait_done(struct waiter *w, int n, int want)
{
	long end = ws_now_ms() + WAIT_MS;
	int done;

	while ((done = count_done(w, n)) < want && ws_now_ms() < end)
		ws_sleep_ms(1);
	return done;
}

FIXTURE(autoev) {
	HANDLE ev[2];
};

FIXTURE_SETUP(autoev)
{
	const char *why = ws_unavailable(0);

	self->ev[0] = self->ev[1] = NULL;
	if (why)
		SKIP(return, "%s", why);
	/* kernel32's functions: no WSAStartup. */
	SetLastError(POISON_ERR);
	self->ev[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
	ASSERT_NE(NULL, self->ev[0]) TH_LOG("CreateEventA: error %u", GetLastError());
	self->ev[1] = CreateEventW(NULL, FALSE, FALSE, NULL);
	ASSERT_NE(NULL, self->ev[1]) TH_LOG("CreateEventW: error %u", GetLastError());
	/* For WSAWaitForMultipleEvents, on the same events. */
	ASSERT_EQ(0, ws_startup());
}

FIXTURE_TEARDOWN(autoev)
{
	if (self->ev[0])
		CloseHandle(self->ev[0]);
	if (self->ev[1])
		CloseHandle(self->ev[1]);
	WSACleanup();
}

/*
 * MS CreateEventA: with bManualReset FALSE "the system automatically resets
 * the event state to nonsignaled after a single waiting thread has been
 * released"; with TRUE it stays signalled until ResetEvent. Wine sync.c
 * test_signalandwait: a wait satisfied by an auto-reset event leaves it
 * nonsignalled (WaitForSingleObject(event, 0) == WAIT_TIMEOUT).
 */
TEST_F(autoev, one_wait_takes_it)
{
	HANDLE a = CreateEventA(NULL, FALSE, TRUE, NULL);
	HANDLE m = CreateEventA(NULL, TRUE, TRUE, NULL);

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, m);
	EXPECT_TRUE(readable(a));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(a, 0));
	EXPECT_FALSE(readable(a));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(a, 0));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(m, 0));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(m, 0));
	EXPECT_TRUE(readable(m));
	/* The Ex variant and WSAWaitForMultipleEvents take it too. */
	ASSERT_TRUE(SetEvent(a));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObjectEx(a, 0, TRUE));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObjectEx(a, 0, TRUE));
	ASSERT_TRUE(SetEvent(a));
	EXPECT_EQ(WSA_WAIT_EVENT_0, WSAWaitForMultipleEvents(1, &a, FALSE, 0, FALSE));
	EXPECT_EQ(WSA_WAIT_TIMEOUT, WSAWaitForMultipleEvents(1, &a, FALSE, 0, FALSE));
	EXPECT_TRUE(CloseHandle(a));
	EXPECT_TRUE(CloseHandle(m));
}

/*
 * MS SetEvent: "The state of an auto-reset event object remains signaled
 * until a single waiting thread is released"; "Setting an event that is
 * already set has no effect." MS ResetEvent: sets it to nonsignaled.
 */
TEST_F(autoev, set_stays_until_taken_and_sets_do_not_count)
{
	ASSERT_TRUE(SetEvent(self->ev[0]));
	ASSERT_TRUE(SetEvent(self->ev[0]));
	ws_sleep_ms(QUIET_MS);
	EXPECT_TRUE(readable(self->ev[0]));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(self->ev[0], 0));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(self->ev[0], 0));

	ASSERT_TRUE(SetEvent(self->ev[0]));
	ASSERT_TRUE(ResetEvent(self->ev[0]));
	EXPECT_FALSE(readable(self->ev[0]));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(self->ev[0], 0));
}

/*
 * Wine sync.c test_WaitForMultipleObjects: 64 signalled events, index 0
 * manual-reset, the others auto-reset. A wait-any returns 0 twice (the
 * manual-reset event is not cleared); after ResetEvent of it, each wait-any
 * returns the next index: "the lowest index is checked first and
 * remaining events are untouched".
 */
TEST_F(autoev, wait_any_takes_lowest_only)
{
	HANDLE h[MAXIMUM_WAIT_OBJECTS];
	int i;

	for (i = 0; i < MAXIMUM_WAIT_OBJECTS; i++) {
		h[i] = CreateEventW(NULL, i == 0, TRUE, NULL);
		ASSERT_NE(NULL, h[i]) TH_LOG("event %d: error %u", i, GetLastError());
	}
	EXPECT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, h, FALSE, 0));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, h, FALSE, 0));
	ASSERT_TRUE(ResetEvent(h[0]));
	for (i = 1; i < MAXIMUM_WAIT_OBJECTS; i++)
		EXPECT_EQ(WAIT_OBJECT_0 + i,
			  WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, h, FALSE, 0));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, h, FALSE, 0));
	for (i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
		EXPECT_TRUE(CloseHandle(h[i]));
}

/*
 * Eight threads wait on one auto-reset event (through WaitForSingleObject,
 * WaitForMultipleObjects and WSAWaitForMultipleEvents); five sets in a
 * row release exactly five, the event stays nonsignalled, three more sets
 * release the others. MS SetEvent: a set of an auto-reset event releases
 * "a single waiting thread"; ntsync test_wake_any: one set of an auto
 * event wakes one waiter and leaves the event nonsignalled.
 */
TEST_F(autoev, n_sets_release_n_waits)
{
	struct waiter w[NWAITERS] = {};
	int i;

	for (i = 0; i < NWAITERS; i++) {
		w[i].h[0] = self->ev[0];
		w[i].n = 1;
		w[i].how = (enum how)(i % 3);
		start_waiter(_metadata, &w[i]);
	}
	for (i = 0; i < 5; i++)
		ASSERT_TRUE(SetEvent(self->ev[0]));
	EXPECT_EQ(5, wait_done(w, NWAITERS, 5));
	ws_sleep_ms(QUIET_MS);
	EXPECT_EQ(5, count_done(w, NWAITERS));
	EXPECT_FALSE(readable(self->ev[0]));
	for (i = 0; i < 3; i++)
		ASSERT_TRUE(SetEvent(self->ev[0]));
	EXPECT_EQ(NWAITERS, wait_done(w, NWAITERS, NWAITERS));
	for (i = 0; i < NWAITERS; i++) {
		pthread_join(w[i].pt, NULL);
		EXPECT_EQ(WAIT_OBJECT_0, w[i].ret) TH_LOG("waiter %d", i);
	}
	EXPECT_FALSE(readable(self->ev[0]));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(self->ev[0], 0));
}

/*
 * MS WaitForMultipleObjects: with bWaitAll "the function does not modify
 * the states of the specified objects until the states of all objects
 * have been set to signaled"; the objects whose state satisfied it are
 * modified (an auto-reset event reset). ntsync test_wait_all: the same.
 */
TEST_F(autoev, wait_all_takes_all_at_once)
{
	struct waiter w = { .h = { self->ev[0], self->ev[1] }, .n = 2,
			    .all = TRUE, .how = BY_MULTIPLE };

	start_waiter(_metadata, &w);
	ASSERT_TRUE(SetEvent(self->ev[0]));
	ASSERT_TRUE(ws_wait_blocked(&w.tid));
	EXPECT_EQ(0, w.done);
	EXPECT_TRUE(readable(self->ev[0]));
	ASSERT_TRUE(SetEvent(self->ev[1]));
	EXPECT_EQ(1, wait_done(&w, 1, 1));
	pthread_join(w.pt, NULL);
	EXPECT_EQ(WAIT_OBJECT_0, w.ret);
	EXPECT_FALSE(readable(self->ev[0]));
	EXPECT_FALSE(readable(self->ev[1]));

	/* Polled: all signalled or nothing taken. */
	ASSERT_TRUE(SetEvent(self->ev[1]));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(2, self->ev, TRUE, 0));
	EXPECT_TRUE(readable(self->ev[1]));
	ASSERT_TRUE(SetEvent(self->ev[0]));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(2, self->ev, TRUE, 0));
	EXPECT_FALSE(readable(self->ev[0]));
	EXPECT_FALSE(readable(self->ev[1]));
}

/*
 * One set of an auto-reset event that a wait-any and a wait-all (its
 * other event signalled) both wait for: exactly one of them is released
 * (MS SetEvent: a single waiting thread).
 */
TEST_F(autoev, wait_any_and_wait_all_share_one_set)
{
	HANDLE m = CreateEventA(NULL, TRUE, TRUE, NULL);
	struct waiter w[2] = {
		{ .h = { self->ev[0] }, .n = 1, .how = BY_WSA },
		{ .h = { self->ev[0], m }, .n = 2, .all = TRUE, .how = BY_MULTIPLE },
	};

	ASSERT_NE(NULL, m);
	start_waiter(_metadata, &w[0]);
	start_waiter(_metadata, &w[1]);
	ASSERT_TRUE(SetEvent(self->ev[0]));
	EXPECT_EQ(1, wait_done(w, 2, 1));
	ws_sleep_ms(QUIET_MS);
	EXPECT_EQ(1, count_done(w, 2));
	EXPECT_FALSE(readable(self->ev[0]));
	ASSERT_TRUE(SetEvent(self->ev[0]));
	EXPECT_EQ(2, wait_done(w, 2, 2));
	pthread_join(w[0].pt, NULL);
	pthread_join(w[1].pt, NULL);
	EXPECT_EQ(WAIT_OBJECT_0, w[0].ret);
	EXPECT_EQ(WAIT_OBJECT_0, w[1].ret);
	EXPECT_FALSE(readable(self->ev[0]));
	EXPECT_TRUE(readable(m));
	EXPECT_TRUE(CloseHandle(m));
}

/*
 * MS PulseEvent: for a manual-reset event "all waiting threads that can be
 * released immediately are released", for an auto-reset one "a single
 * waiting thread"; then the event is reset to nonsignaled; "If no threads
 * are waiting ... PulseEvent simply sets the event object's state to
 * nonsignaled".
 */
TEST_F(autoev, pulse)
{
	HANDLE m = CreateEventA(NULL, TRUE, FALSE, NULL);
	struct waiter w[4] = {
		{ .h = { m }, .n = 1, .how = BY_SINGLE },
		{ .h = { m }, .n = 1, .how = BY_WSA },
		{ .h = { self->ev[0] }, .n = 1, .how = BY_SINGLE },
		{ .h = { self->ev[0] }, .n = 1, .how = BY_MULTIPLE },
	};
	int i;

	ASSERT_NE(NULL, m);
	ASSERT_TRUE(SetEvent(self->ev[1]));
	ASSERT_TRUE(PulseEvent(self->ev[1]));
	EXPECT_FALSE(readable(self->ev[1]));
	ASSERT_TRUE(PulseEvent(m));
	EXPECT_FALSE(readable(m));

	for (i = 0; i < 4; i++)
		start_waiter(_metadata, &w[i]);
	ASSERT_TRUE(PulseEvent(m));
	ASSERT_TRUE(PulseEvent(self->ev[0]));
	EXPECT_EQ(3, wait_done(w, 4, 3));
	ws_sleep_ms(QUIET_MS);
	EXPECT_EQ(3, count_done(w, 4));
	EXPECT_TRUE(w[0].done && w[1].done);
	EXPECT_FALSE(readable(m));
	EXPECT_FALSE(readable(self->ev[0]));
	ASSERT_TRUE(SetEvent(self->ev[0]));
	EXPECT_EQ(4, wait_done(w, 4, 4));
	for (i = 0; i < 4; i++) {
		pthread_join(w[i].pt, NULL);
		EXPECT_EQ(WAIT_OBJECT_0, w[i].ret);
	}
	EXPECT_TRUE(CloseHandle(m));
}

static void CALLBACK count_apc(ULONG_PTR p)
{
	(*(int *)p)++;
}

/*
 * MS WaitForSingleObjectEx: an alertable wait returns WAIT_IO_COMPLETION
 * when APCs are queued; only "the object or objects whose signaled state
 * caused the function to return" are modified (MS WaitForMultipleObjects),
 * so the auto-reset event is still signalled afterwards.
 */
TEST_F(autoev, apc_does_not_take)
{
	int calls = 0;

	ASSERT_TRUE(SetEvent(self->ev[0]));
	ASSERT_NE(0, QueueUserAPC(count_apc, GetCurrentThread(), (ULONG_PTR)&calls));
	EXPECT_EQ(WAIT_IO_COMPLETION, WaitForSingleObjectEx(self->ev[0], 0, TRUE));
	EXPECT_EQ(1, calls);
	EXPECT_TRUE(readable(self->ev[0]));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObjectEx(self->ev[0], 0, TRUE));
	EXPECT_FALSE(readable(self->ev[0]));
}

/*
 * libws: no named objects and no security descriptors (windows.h): a
 * name, a descriptor or an inheritable handle is ERROR_NOT_SUPPORTED,
 * attributes with neither are accepted. MS SetEvent/ResetEvent/CloseHandle:
 * a handle that is not an event fails, GetLastError ERROR_INVALID_HANDLE.
 */
TEST_F(autoev, errors)
{
	SECURITY_ATTRIBUTES sa = { .nLength = sizeof(sa) };
	int p[2];
	HANDLE h;

	SetLastError(POISON_ERR);
	EXPECT_EQ(NULL, CreateEventA(NULL, FALSE, FALSE, "name"));
	EXPECT_EQ(ERROR_NOT_SUPPORTED, GetLastError());
	SetLastError(POISON_ERR);
	EXPECT_EQ(NULL, CreateEventW(NULL, FALSE, FALSE, L"name"));
	EXPECT_EQ(ERROR_NOT_SUPPORTED, GetLastError());
	sa.bInheritHandle = TRUE;
	SetLastError(POISON_ERR);
	EXPECT_EQ(NULL, CreateEventA(&sa, FALSE, FALSE, NULL));
	EXPECT_EQ(ERROR_NOT_SUPPORTED, GetLastError());
	sa.bInheritHandle = FALSE;
	h = CreateEventA(&sa, FALSE, TRUE, NULL);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(h, 0));
	EXPECT_TRUE(CloseHandle(h));
	SetLastError(POISON_ERR);
	EXPECT_FALSE(CloseHandle(h));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	SetLastError(POISON_ERR);
	EXPECT_FALSE(SetEvent((HANDLE)(uintptr_t)p[0]));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(POISON_ERR);
	EXPECT_FALSE(ResetEvent((HANDLE)(uintptr_t)p[0]));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(POISON_ERR);
	EXPECT_FALSE(PulseEvent((HANDLE)(uintptr_t)p[1]));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(POISON_ERR);
	EXPECT_FALSE(SetEvent(NULL));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	close(p[0]);
	close(p[1]);
}

/*
 * A handle is what gives access to the object (MS "Handle Inheritance":
 * an inherited handle refers to the same object, with the same access):
 * a child that became another user (uid 65534 when the test runs as root)
 * sets the parent's auto-reset event through the handle it inherited, and
 * its own events work as anybody's. The one set is taken once.
 */
TEST_F(autoev, other_user_sets_inherited_handle)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		HANDLE own;

		if (getuid() == 0 &&
		    (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		     setresuid(65534, 65534, 65534)))
			_exit(2);
		own = CreateEventA(NULL, FALSE, TRUE, NULL);
		if (!own || WaitForSingleObject(own, 0) != WAIT_OBJECT_0 ||
		    WaitForSingleObject(own, 0) != WAIT_TIMEOUT)
			_exit(3);
		_exit(SetEvent(self->ev[0]) ? 0 : 4);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(self->ev[0], 0));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(self->ev[0], 0));
}

TEST_HARNESS_MAIN

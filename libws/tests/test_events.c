// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Event objects, waits, APCs and thread handles, as far as they need no ws
 * module: the checks libws makes before asking the module (WSAStartup,
 * counts, handles that cannot be event objects), the handle of a file that
 * is not an event (a pipe) refused without touching it, the conversions
 * (timeouts to deadlines, WSAAsyncSelect's lParam), sleeps and thread ids.
 * What the module does with event objects is tested in the VM
 * (selftests/ws/events_test.c and the examples).
 */
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <winsock2.h>

#include "internal.h"
#include "tap.h"

#define FAILS_WITH(call, err) do {					\
	WSASetLastError(0);						\
	EXPECT((call) && WSAGetLastError() == (int)(err),		\
	       "%s: error %d, expected %d", #call, WSAGetLastError(),	\
	       (int)(err));						\
} while (0)

static int module_loaded(void)
{
	return access("/dev/ws", F_OK) == 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

TEST(events_select_reply)
{
	/* spec WSAAsyncSelect: the event in the low word of lParam, the
	 * error in the high word (WSAGETSELECTEVENT/WSAGETSELECTERROR). */
	EXPECT_EQ(ws_select_reply(FD_READ), FD_READ);
	EXPECT_EQ(ws_select_reply(FD_WRITE | 0ull << 16), FD_WRITE);
	EXPECT_EQ(ws_select_reply(FD_CLOSE | (uint64_t)ECONNABORTED << 16),
		  (uint32_t)WSAMAKESELECTREPLY(FD_CLOSE, WSAECONNABORTED));
	EXPECT_EQ(ws_select_reply(FD_CONNECT | (uint64_t)ECONNREFUSED << 16),
		  (uint32_t)WSAMAKESELECTREPLY(FD_CONNECT, WSAECONNREFUSED));
	EXPECT_EQ(ws_select_reply(FD_CONNECT | (uint64_t)ETIMEDOUT << 16),
		  (uint32_t)WSAMAKESELECTREPLY(FD_CONNECT, WSAETIMEDOUT));
	EXPECT_EQ(WSAGETSELECTEVENT(ws_select_reply(FD_CLOSE |
				(uint64_t)ECONNRESET << 16)), FD_CLOSE);
	EXPECT_EQ(WSAGETSELECTERROR(ws_select_reply(FD_CLOSE |
				(uint64_t)ECONNRESET << 16)), WSAECONNRESET);
	/* Bits above the errno's 16 are not part of it. */
	EXPECT_EQ(ws_select_reply(FD_OOB | 1ull << 40), FD_OOB);
	/* An errno no WSA code describes. */
	EXPECT_EQ(WSAGETSELECTERROR(ws_select_reply(FD_READ |
				(uint64_t)ENOKEY << 16)), WSASYSCALLFAILURE);
}

TEST(events_deadline)
{
	const uint64_t now = 5000000000ull;

	/* spec WSAWaitForMultipleEvents: "If dwTimeout is zero, the function
	 * tests the state ... and returns immediately": a deadline in the
	 * past; WSA_INFINITE never expires. */
	EXPECT_EQ(ws_deadline_ms(now, 0), 0);
	EXPECT_EQ(ws_deadline_ms(now, WSA_INFINITE), WS_DEADLINE_INFINITE);
	EXPECT_EQ(ws_deadline_ms(now, 1), now + 1000000);
	EXPECT_EQ(ws_deadline_ms(now, 1500), now + 1500000000ull);
	EXPECT_EQ(ws_deadline_ms(now, 0xfffffffe),
		  now + 0xfffffffeull * 1000000);
	EXPECT(ws_deadline_ms(now, 0xfffffffe) != WS_DEADLINE_INFINITE,
	       "the longest finite timeout is finite");
}

TEST(events_not_initialised)
{
	WSAEVENT ev = (WSAEVENT)(uintptr_t)5;
	WSANETWORKEVENTS ne;

	/* Each page: WSANOTINITIALISED "A successful WSAStartup must occur
	 * before using this function." */
	WSASetLastError(0);
	EXPECT(WSACreateEvent() == WSA_INVALID_EVENT &&
	       WSAGetLastError() == WSANOTINITIALISED, "WSACreateEvent: %d",
	       WSAGetLastError());
	FAILS_WITH(!WSASetEvent(ev), WSANOTINITIALISED);
	FAILS_WITH(!WSAResetEvent(ev), WSANOTINITIALISED);
	FAILS_WITH(!WSACloseEvent(ev), WSANOTINITIALISED);
	FAILS_WITH(WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) ==
		   WSA_WAIT_FAILED, WSANOTINITIALISED);
	FAILS_WITH(WSAEventSelect(3, ev, FD_READ) == SOCKET_ERROR,
		   WSANOTINITIALISED);
	FAILS_WITH(WSAEnumNetworkEvents(3, ev, &ne) == SOCKET_ERROR,
		   WSANOTINITIALISED);
	FAILS_WITH(WSAAsyncSelect(3, NULL, WM_USER, FD_READ) == SOCKET_ERROR,
		   WSANOTINITIALISED);
}

TEST(events_bad_handles)
{
	WSAEVENT bad[] = {
		WSA_INVALID_EVENT, (WSAEVENT)(intptr_t)-1,
		(WSAEVENT)((uintptr_t)1 << 40), (WSAEVENT)(uintptr_t)0x7fffffff,
	};
	WSADATA data;
	unsigned int i;
	int p[2];
	char c = 0;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	/* spec WSASetEvent & co.: WSA_INVALID_HANDLE "hEvent is not a valid
	 * event object handle". */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		FAILS_WITH(!WSASetEvent(bad[i]), WSA_INVALID_HANDLE);
		FAILS_WITH(!WSAResetEvent(bad[i]), WSA_INVALID_HANDLE);
		FAILS_WITH(!WSACloseEvent(bad[i]), WSA_INVALID_HANDLE);
		/* (HANDLE)-1 is GetCurrentProcess(): closing it is a no-op. */
		if (bad[i] != (WSAEVENT)(intptr_t)-1)
			FAILS_WITH(!CloseHandle(bad[i]), ERROR_INVALID_HANDLE);
	}
	/* A descriptor that is not an event object: refused, untouched. */
	EXPECT_EQ(pipe(p), 0);
	FAILS_WITH(!WSASetEvent((WSAEVENT)(intptr_t)p[0]), WSA_INVALID_HANDLE);
	FAILS_WITH(!WSAResetEvent((WSAEVENT)(intptr_t)p[1]),
		   WSA_INVALID_HANDLE);
	FAILS_WITH(!WSACloseEvent((WSAEVENT)(intptr_t)p[0]),
		   WSA_INVALID_HANDLE);
	FAILS_WITH(!CloseHandle((HANDLE)(intptr_t)p[1]), ERROR_INVALID_HANDLE);
	EXPECT_EQ(write(p[1], "y", 1), 1);
	EXPECT_EQ(read(p[0], &c, 1), 1);
	EXPECT_EQ(c, 'y');
	close(p[0]);
	close(p[1]);
	/* Without the module no event object can exist at all. */
	if (!module_loaded()) {
		WSASetLastError(0);
		EXPECT(WSACreateEvent() == WSA_INVALID_EVENT &&
		       WSAGetLastError() == WSAENETDOWN,
		       "WSACreateEvent without the module: %d",
		       WSAGetLastError());
	}
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(events_wait_parameters)
{
	WSAEVENT evs[WSA_MAXIMUM_WAIT_EVENTS + 1];
	WSADATA data;
	unsigned int i;
	int p[2];

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	EXPECT_EQ(pipe(p), 0);
	for (i = 0; i <= WSA_MAXIMUM_WAIT_EVENTS; i++)
		evs[i] = (WSAEVENT)(intptr_t)p[0];
	/* spec WSAWaitForMultipleEvents: WSA_INVALID_PARAMETER "The cEvents
	 * parameter does not contain a valid handle count" (1..64). */
	FAILS_WITH(WSAWaitForMultipleEvents(0, evs, FALSE, 0, FALSE) ==
		   WSA_WAIT_FAILED, WSA_INVALID_PARAMETER);
	FAILS_WITH(WSAWaitForMultipleEvents(WSA_MAXIMUM_WAIT_EVENTS + 1, evs,
					    TRUE, 0, FALSE) ==
		   WSA_WAIT_FAILED, WSA_INVALID_PARAMETER);
	FAILS_WITH(WSAWaitForMultipleEvents(1, NULL, FALSE, WSA_INFINITE,
					    FALSE) == WSA_WAIT_FAILED,
		   WSA_INVALID_PARAMETER);
	/* WSA_INVALID_HANDLE "One or more of the values in the lphEvents
	 * array is not a valid event object handle" - before any wait. */
	FAILS_WITH(WSAWaitForMultipleEvents(WSA_MAXIMUM_WAIT_EVENTS, evs,
					    FALSE, WSA_INFINITE, TRUE) ==
		   WSA_WAIT_FAILED, WSA_INVALID_HANDLE);
	evs[3] = WSA_INVALID_EVENT;
	FAILS_WITH(WSAWaitForMultipleEvents(5, evs, TRUE, WSA_INFINITE,
					    FALSE) == WSA_WAIT_FAILED,
		   WSA_INVALID_HANDLE);
	/* The Win32 waits report the same through GetLastError. */
	SetLastError(0);
	EXPECT(WaitForMultipleObjects(0, evs, FALSE, 0) == WAIT_FAILED &&
	       GetLastError() == ERROR_INVALID_PARAMETER, "error %lu",
	       (unsigned long)GetLastError());
	SetLastError(0);
	EXPECT(WaitForSingleObject(evs[0], INFINITE) == WAIT_FAILED &&
	       GetLastError() == ERROR_INVALID_HANDLE, "error %lu",
	       (unsigned long)GetLastError());
	SetLastError(0);
	EXPECT(WaitForSingleObjectEx(GetCurrentThread(), 0, TRUE) ==
	       WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE,
	       "a thread handle is not waitable: %lu",
	       (unsigned long)GetLastError());
	close(p[0]);
	close(p[1]);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(events_last_error_is_win32)
{
	/* WSAGetLastError and GetLastError are the same per-thread value. */
	WSASetLastError(WSAEWOULDBLOCK);
	EXPECT_EQ(GetLastError(), WSAEWOULDBLOCK);
	SetLastError(ERROR_INVALID_WINDOW_HANDLE);
	EXPECT_EQ(WSAGetLastError(), ERROR_INVALID_WINDOW_HANDLE);
	SetLastError(0);
}

static VOID CALLBACK never_run(ULONG_PTR p)
{
	(void)p;
	tap_failed = 1;
}

static DWORD other_tid;

static void *record_tid(void *arg)
{
	(void)arg;
	other_tid = GetCurrentThreadId();
	return NULL;
}

TEST(events_thread_handles)
{
	HANDLE h;
	pthread_t t;

	EXPECT_EQ(GetCurrentThreadId(), (DWORD)syscall(SYS_gettid));
	EXPECT_EQ(GetCurrentProcessId(), (DWORD)getpid());
	EXPECT(GetCurrentThread() == (HANDLE)(intptr_t)-2, "pseudo-handle");
	h = OpenThread(THREAD_SET_CONTEXT, FALSE, GetCurrentThreadId());
	EXPECT(h != NULL && h != GetCurrentThread(), "OpenThread(self)");
	EXPECT(CloseHandle(h), "CloseHandle(thread)");
	EXPECT(CloseHandle(GetCurrentThread()), "CloseHandle(pseudo)");
	/* A thread of another process, and no thread at all. */
	SetLastError(0);
	EXPECT(OpenThread(THREAD_ALL_ACCESS, FALSE, 1) == NULL &&
	       GetLastError() == ERROR_INVALID_PARAMETER, "init: %lu",
	       (unsigned long)GetLastError());
	EXPECT(OpenThread(THREAD_ALL_ACCESS, FALSE, 0) == NULL, "tid 0");
	/* A thread that has exited. */
	EXPECT_EQ(pthread_create(&t, NULL, record_tid, NULL), 0);
	pthread_join(t, NULL);
	usleep(50000);		/* reaped, not only joined */
	EXPECT(OpenThread(THREAD_ALL_ACCESS, FALSE, other_tid) == NULL,
	       "exited thread");

	SetLastError(0);
	EXPECT(!QueueUserAPC(NULL, GetCurrentThread(), 1) &&
	       GetLastError() == ERROR_INVALID_PARAMETER, "NULL routine");
	SetLastError(0);
	EXPECT(!QueueUserAPC(never_run, (HANDLE)(uintptr_t)3, 1) &&
	       GetLastError() == ERROR_INVALID_HANDLE, "not a thread: %lu",
	       (unsigned long)GetLastError());
	SetLastError(0);
	EXPECT(!QueueUserAPC(never_run, NULL, 1) &&
	       GetLastError() == ERROR_INVALID_HANDLE, "NULL handle");
	if (!module_loaded()) {
		SetLastError(0);
		EXPECT(!QueueUserAPC(never_run, GetCurrentThread(), 1) &&
		       GetLastError() == ERROR_NOT_SUPPORTED,
		       "without the module: %lu",
		       (unsigned long)GetLastError());
	}
}

TEST(events_sleep)
{
	long long t0;
	DWORD a, b;

	t0 = now_ms();
	EXPECT_EQ(SleepEx(60, FALSE), 0);
	EXPECT(now_ms() - t0 >= 60, "slept %lld ms", now_ms() - t0);
	/* Alertable with no APC queued: the whole time, then 0. */
	t0 = now_ms();
	EXPECT_EQ(SleepEx(40, TRUE), 0);
	EXPECT(now_ms() - t0 >= 40, "slept %lld ms", now_ms() - t0);
	EXPECT_EQ(SleepEx(0, TRUE), 0);
	t0 = now_ms();
	Sleep(20);
	EXPECT(now_ms() - t0 >= 20, "slept %lld ms", now_ms() - t0);
	a = GetTickCount();
	Sleep(15);
	b = GetTickCount();
	EXPECT(b - a >= 15 && b - a < 5000, "ticks %lu", (unsigned long)(b - a));
	EXPECT(GetTickCount64() >= b, "GetTickCount64");
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Event objects, waits and APCs: WSACreateEvent, WSASetEvent,
 * WSAResetEvent, WSACloseEvent, WSAWaitForMultipleEvents, and the Win32
 * functions that go with them in windows.h (CreateEventA/W, SetEvent,
 * ResetEvent, PulseEvent, WaitForMultipleObjects(Ex),
 * WaitForSingleObject(Ex), SleepEx, QueueUserAPC, thread handles,
 * CloseHandle, GetLastError).
 *
 * Handles
 * -------
 * An event object is a ws module object (wsdev.c); its HANDLE (WSAEVENT) is
 * its file descriptor, 1..INT_MAX, so the application can also poll it or
 * add it to an epoll set (readable while signalled). Whether a descriptor
 * is an event object is asked of the module (WS_IOC_EVENT_READ): a socket,
 * a pipe or a closed descriptor is WSA_INVALID_HANDLE, and a descriptor
 * closed behind libws's back is noticed.
 *
 * A thread is named by its Linux thread id, which is what the module's APC
 * queues are keyed by. GetCurrentThread() is the pseudo-handle (HANDLE)-2,
 * meaning the calling thread wherever it is used; OpenThread() checks that
 * the id is a thread of this process and returns a HANDLE that carries the
 * id (THREAD_TAG | tid: above INT_MAX, so never an event's descriptor).
 * Such a handle owns nothing: CloseHandle() on it succeeds and frees
 * nothing. Like a thread id on Windows, it names the thread; once the
 * thread has exited, QueueUserAPC to it fails with ERROR_INVALID_HANDLE
 * until Linux reuses the id for a new thread of the process, which it does
 * only after the pid counter wraps (pid_max).
 *
 * APCs
 * ----
 * QueueUserAPC queues { routine, dwData } in the module for the target
 * thread. An alertable wait (WSAWaitForMultipleEvents with fAlertable,
 * WaitFor*Ex, SleepEx) ends with WSA_WAIT_IO_COMPLETION when the thread
 * has APCs queued, or gets one while it waits; libws then takes them from
 * the module one by one and calls each, in the waiting thread, before the
 * wait returns (ws_run_apcs). APCs queued before the wait run at once, as
 * on Windows, even when an event is signalled.
 *
 * Pointers
 * --------
 * The handle array of a wait is read directly, not through wsys_copy_in:
 * waits sit on the hot path of every event loop, and one more system call
 * per wait would cost more than the wait itself. A NULL array fails with
 * WSA_INVALID_PARAMETER; any other pointer must be valid.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include <unistd.h>

#include <winsock2.h>

#include "internal.h"

#define PSEUDO_CURRENT_PROCESS	((uintptr_t)-1)
#define PSEUDO_CURRENT_THREAD	((uintptr_t)-2)
#define THREAD_TAG		0x5448000000000000ull	/* "TH" */
#define THREAD_TAG_MASK		0xffffffff00000000ull

LIBWS_EXPORT DWORD WINAPI GetLastError(void)
{
	return (DWORD)ws_get_error();
}

LIBWS_EXPORT VOID WINAPI SetLastError(DWORD dwErrCode)
{
	ws_set_error((int)dwErrCode);
}

/* The descriptor a HANDLE names, if it can be an event's; else -1. */
static int handle_fd(HANDLE h)
{
	uintptr_t v = (uintptr_t)h;

	if (v == 0 || v > INT_MAX)
		return -1;
	return (int)v;
}

/* The thread id a thread HANDLE names, 0 if it is not one. */
static uint32_t handle_tid(HANDLE h)
{
	uintptr_t v = (uintptr_t)h;

	if (v == PSEUDO_CURRENT_THREAD)
		return wsys_gettid();
	if ((v & THREAD_TAG_MASK) == THREAD_TAG && (uint32_t)v)
		return (uint32_t)v;
	return 0;
}

/* 1 if @h is an open event object of the module. */
static int is_event(HANDLE h)
{
	int fd = handle_fd(h), state;

	return fd >= 0 && wsdev_event_read(fd, &state) == 0;
}

/* --- WSA event objects ------------------------------------------------- */

/* The WSA code of a failure to create an event object. */
static int create_error(int r)
{
	switch (r) {
	case -ENOENT:		/* no /dev/ws: the module is not loaded */
	case -ENODEV:
	case -ENXIO:
		return WSAENETDOWN;
	case -ENOMEM:
		return WSA_NOT_ENOUGH_MEMORY;
	default:
		return ws_code_to_wsa(r);
	}
}

/**
 * WSACreateEvent() - create a manual-reset event object, nonsignalled
 *
 * Return: its handle (its descriptor), or WSA_INVALID_EVENT with
 * WSANOTINITIALISED, WSAENETDOWN (the ws module is not loaded),
 * WSA_NOT_ENOUGH_MEMORY or WSAEMFILE.
 */
LIBWS_EXPORT WSAEVENT WSAAPI WSACreateEvent(void)
{
	int fd;

	if (!ws_started()) {
		ws_set_error(WSANOTINITIALISED);
		return WSA_INVALID_EVENT;
	}
	fd = wsdev_event_create(0, 0);
	if (fd < 0) {
		ws_set_error(create_error(fd));
		return WSA_INVALID_EVENT;
	}
	return (WSAEVENT)(uintptr_t)fd;
}

/* WSASetEvent (@on) and WSAResetEvent. */
static BOOL set_event(WSAEVENT hEvent, int on)
{
	int fd = handle_fd(hEvent), r;

	if (!ws_started()) {
		ws_set_error(WSANOTINITIALISED);
		return FALSE;
	}
	r = fd < 0 ? -EBADF : wsdev_event_set(fd, on);
	if (r < 0) {
		/* Not an event object: ENOTTY (another file), EBADF. */
		ws_set_error(WSA_INVALID_HANDLE);
		return FALSE;
	}
	return TRUE;
}

LIBWS_EXPORT BOOL WSAAPI WSASetEvent(WSAEVENT hEvent)
{
	return set_event(hEvent, 1);
}

LIBWS_EXPORT BOOL WSAAPI WSAResetEvent(WSAEVENT hEvent)
{
	return set_event(hEvent, 0);
}

/**
 * WSACloseEvent() - close an event object handle
 * @hEvent: the handle
 *
 * Closes the descriptor after checking that it is an event object. Sockets
 * selected on the event and threads waiting on it keep the object alive.
 *
 * Return: TRUE, or FALSE with WSANOTINITIALISED or WSA_INVALID_HANDLE.
 */
LIBWS_EXPORT BOOL WSAAPI WSACloseEvent(WSAEVENT hEvent)
{
	if (!ws_started()) {
		ws_set_error(WSANOTINITIALISED);
		return FALSE;
	}
	if (!is_event(hEvent)) {
		ws_set_error(WSA_INVALID_HANDLE);
		return FALSE;
	}
	wsys_close(handle_fd(hEvent));
	return TRUE;
}

/* --- Win32 event objects ------------------------------------------------ */

/*
 * CreateEventA/W. The same objects as WSACreateEvent's, manual-reset or
 * auto-reset; kernel32's functions, so WSAStartup is not needed. There
 * are no named objects and no security descriptors: a name, a security
 * descriptor or an inheritable handle is refused with ERROR_NOT_SUPPORTED
 * (the descriptor is close-on-exec and nothing is inherited but through
 * fork).
 */
static HANDLE create_event(LPSECURITY_ATTRIBUTES sa, BOOL manual,
			   BOOL initial, const void *name)
{
	int fd;

	if (name || (sa && (sa->lpSecurityDescriptor || sa->bInheritHandle))) {
		ws_set_error(ERROR_NOT_SUPPORTED);
		return NULL;
	}
	fd = wsdev_event_create(initial, !manual);
	if (fd >= 0)
		return (HANDLE)(uintptr_t)fd;
	switch (fd) {
	case -EINVAL:		/* a module without auto-reset events */
	case -ENOENT:		/* no /dev/ws: the module is not loaded */
	case -ENODEV:
	case -ENXIO:
		ws_set_error(ERROR_NOT_SUPPORTED);
		break;
	case -EMFILE:
	case -ENFILE:
		ws_set_error(ERROR_TOO_MANY_OPEN_FILES);
		break;
	default:		/* ENOMEM, EDQUOT: the user's limit */
		ws_set_error(ERROR_NOT_ENOUGH_MEMORY);
		break;
	}
	return NULL;
}

/**
 * CreateEventA() - create an event object
 * @lpEventAttributes: NULL, or with no security descriptor and
 *                     bInheritHandle FALSE
 * @bManualReset: manual-reset (stays signalled until ResetEvent) or
 *                auto-reset (a wait it satisfies resets it)
 * @bInitialState: created signalled
 * @lpName: NULL: there are no named objects
 *
 * Return: the handle (a descriptor, as WSACreateEvent's), or NULL with
 * ERROR_NOT_SUPPORTED (a name, security attributes, or no ws module with
 * auto-reset events), ERROR_TOO_MANY_OPEN_FILES, ERROR_NOT_ENOUGH_MEMORY.
 */
LIBWS_EXPORT HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes,
					BOOL bManualReset, BOOL bInitialState,
					LPCSTR lpName)
{
	return create_event(lpEventAttributes, bManualReset, bInitialState,
			    lpName);
}

LIBWS_EXPORT HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes,
					BOOL bManualReset, BOOL bInitialState,
					LPCWSTR lpName)
{
	return create_event(lpEventAttributes, bManualReset, bInitialState,
			    lpName);
}

/* SetEvent (@on) and ResetEvent: WSASetEvent's, without WSAStartup. */
static BOOL win32_set_event(HANDLE hEvent, int on)
{
	int fd = handle_fd(hEvent);

	if (fd < 0 || wsdev_event_set(fd, on) < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	return TRUE;
}

LIBWS_EXPORT BOOL WINAPI SetEvent(HANDLE hEvent)
{
	return win32_set_event(hEvent, 1);
}

LIBWS_EXPORT BOOL WINAPI ResetEvent(HANDLE hEvent)
{
	return win32_set_event(hEvent, 0);
}

/**
 * PulseEvent() - set an event object and reset it at once
 * @hEvent: the event
 *
 * Ends the waits a set would end now (every thread waiting on a
 * manual-reset event, one on an auto-reset event) and leaves the event
 * nonsignalled. Unreliable by design, as on Windows: a thread that is
 * not waiting at that moment (between two waits, or running an APC)
 * misses it.
 *
 * Return: TRUE, or FALSE with ERROR_INVALID_HANDLE, or ERROR_NOT_SUPPORTED
 * from a ws module without it.
 */
LIBWS_EXPORT BOOL WINAPI PulseEvent(HANDLE hEvent)
{
	int fd = handle_fd(hEvent), r;

	r = fd < 0 ? -EBADF : wsdev_event_pulse(fd);
	if (r == 0)
		return TRUE;
	ws_set_error(r == -ENOTTY && is_event(hEvent) ? ERROR_NOT_SUPPORTED :
			ERROR_INVALID_HANDLE);
	return FALSE;
}

/* --- waits ----------------------------------------------------------------- */

/**
 * ws_run_apcs() - run the calling thread's queued APCs
 *
 * Takes them from the module oldest first until none is left, including
 * any queued while the others run.
 */
void ws_run_apcs(void)
{
	uint64_t func, args[3];
	uint32_t tag;

	while (wsdev_dequeue_apc(&func, args, &tag) == 0) {
		if (!func)
			continue;
		if ((args[2] & 0xff) == WSL_APC_IO)
			ws_run_io_apc(func, args, tag);
		else if (args[2] == WSL_APC_USER)
			((PAPCFUNC)(uintptr_t)func)((ULONG_PTR)args[0]);
	}
}

/*
 * The wait of WSAWaitForMultipleEvents and WaitForMultipleObjectsEx.
 * Returns a WAIT_* value; on WAIT_FAILED, *err is the error code (the WSA_*
 * codes of the wait errors are the Win32 ones; @wsa only decides how a bad
 * pointer is reported).
 */
static DWORD wait_events(DWORD n, const HANDLE *handles, BOOL all, DWORD ms,
			 BOOL alertable, int wsa, int *err)
{
	int32_t fds[MAXIMUM_WAIT_OBJECTS];
	unsigned int index, flags = 0;
	uint64_t deadline;
	DWORD i;
	int r;

	if (n == 0 || n > MAXIMUM_WAIT_OBJECTS || !handles) {
		*err = ERROR_INVALID_PARAMETER;
		return WAIT_FAILED;
	}
	for (i = 0; i < n; i++) {
		fds[i] = handle_fd(handles[i]);
		if (fds[i] < 0) {
			*err = ERROR_INVALID_HANDLE;
			return WAIT_FAILED;
		}
	}
	if (all)
		flags |= WSDEV_WAIT_ALL;
	if (alertable)
		flags |= WSDEV_WAIT_ALERTABLE;
	deadline = ws_deadline_ms(ms && ms != INFINITE ? wsys_now_ns() : 0, ms);

	r = wsdev_wait(fds, n, flags, deadline, &index);
	if (r == 0 && index == WSDEV_WAIT_APC) {
		ws_run_apcs();
		return WAIT_IO_COMPLETION;
	}
	if (r == 0)
		return WAIT_OBJECT_0 + index;
	switch (r) {
	case -ETIMEDOUT:
		return WAIT_TIMEOUT;
	case -EINVAL:		/* the same event twice in a wait-all */
		*err = ERROR_INVALID_PARAMETER;
		break;
	case -ENOMEM:
		*err = ERROR_NOT_ENOUGH_MEMORY;
		break;
	case -EFAULT:
		*err = wsa ? WSAEFAULT : ERROR_NOACCESS;
		break;
	default:
		/* EBADF: not an event object; ENOENT & co.: no module, so
		 * there are no event objects at all. */
		*err = ERROR_INVALID_HANDLE;
		break;
	}
	return WAIT_FAILED;
}

/**
 * WSAWaitForMultipleEvents() - wait for one or all of some event objects
 * @cEvents: how many, 1..WSA_MAXIMUM_WAIT_EVENTS
 * @lphEvents: the event handles
 * @fWaitAll: wait until all are signalled at the same moment
 * @dwTimeout: milliseconds; 0 polls; WSA_INFINITE
 * @fAlertable: also return after running APCs queued for this thread
 *
 * Return: WSA_WAIT_EVENT_0 + the lowest signalled index (wait-any) or
 * WSA_WAIT_EVENT_0 (wait-all), WSA_WAIT_TIMEOUT, WSA_WAIT_IO_COMPLETION, or
 * WSA_WAIT_FAILED with WSANOTINITIALISED, WSA_INVALID_PARAMETER (count, a
 * NULL array, an event twice in a wait-all), WSA_INVALID_HANDLE,
 * WSA_NOT_ENOUGH_MEMORY.
 */
LIBWS_EXPORT DWORD WSAAPI WSAWaitForMultipleEvents(DWORD cEvents,
	const WSAEVENT FAR *lphEvents, BOOL fWaitAll, DWORD dwTimeout,
	BOOL fAlertable)
{
	DWORD r;
	int err;

	if (!ws_started()) {
		ws_set_error(WSANOTINITIALISED);
		return WSA_WAIT_FAILED;
	}
	r = wait_events(cEvents, lphEvents, fWaitAll, dwTimeout, fAlertable, 1,
			&err);
	if (r == WSA_WAIT_FAILED)
		ws_set_error(err);
	return r;
}

static DWORD WINAPI wait_multiple(DWORD nCount, const HANDLE *lpHandles,
				   BOOL bWaitAll, DWORD dwMilliseconds,
				   BOOL bAlertable)
{
	DWORD r;
	int err;

	r = wait_events(nCount, lpHandles, bWaitAll, dwMilliseconds,
			bAlertable, 0, &err);
	if (r == WAIT_FAILED)
		ws_set_error(err);
	return r;
}
WS_EXPORT_ALIAS(WaitForMultipleObjectsEx, wait_multiple);

LIBWS_EXPORT DWORD WINAPI WaitForMultipleObjects(DWORD nCount,
						 const HANDLE *lpHandles,
						 BOOL bWaitAll,
						 DWORD dwMilliseconds)
{
	return wait_multiple(nCount, lpHandles, bWaitAll, dwMilliseconds,
			     FALSE);
}

static DWORD WINAPI wait_single(HANDLE hHandle, DWORD dwMilliseconds,
				 BOOL bAlertable)
{
	return wait_multiple(1, &hHandle, TRUE, dwMilliseconds, bAlertable);
}
WS_EXPORT_ALIAS(WaitForSingleObjectEx, wait_single);

/* For libws's own waits on one handle (overlapped.c). */
uint32_t ws_wait_one(uintptr_t handle, uint32_t ms, int alertable)
{
	return wait_single((HANDLE)handle, ms, alertable);
}

LIBWS_EXPORT DWORD WINAPI WaitForSingleObject(HANDLE hHandle,
					      DWORD dwMilliseconds)
{
	return wait_multiple(1, &hHandle, TRUE, dwMilliseconds, FALSE);
}

/*
 * An event object nobody signals, for alertable sleeps: the module's wait
 * needs at least one object. Made once per process; -1 without the module.
 */
static int sleep_event = -1;

static int get_sleep_event(int renew)
{
	int fd = __atomic_load_n(&sleep_event, __ATOMIC_ACQUIRE), fresh;

	if (fd >= 0 && !renew)
		return fd;
	fresh = wsdev_event_create(0, 0);
	if (fresh < 0)
		return -1;
	if (!__atomic_compare_exchange_n(&sleep_event, &fd, fresh, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		wsys_close(fresh);
		return fd;
	}
	return fresh;
}

/**
 * SleepEx() - sleep, optionally alertable
 * @dwMilliseconds: how long; 0 yields nothing but still runs queued APCs
 *                  when alertable; INFINITE
 * @bAlertable: end early, after running them, when APCs are queued for the
 *              calling thread
 *
 * Signals do not end the sleep. Without the ws module no APC can be
 * queued, and an alertable sleep is a plain one.
 *
 * Return: 0 when the time is up, WAIT_IO_COMPLETION after APCs ran.
 */
static DWORD WINAPI sleep_ex(DWORD dwMilliseconds, BOOL bAlertable)
{
	uint64_t deadline = ws_deadline_ms(dwMilliseconds &&
					   dwMilliseconds != INFINITE ?
					   wsys_now_ns() : 0, dwMilliseconds);
	unsigned int index;
	int ev, r, tries;

	for (tries = 0; bAlertable && tries < 2; tries++) {
		ev = get_sleep_event(tries > 0);
		if (ev < 0)
			break;
		r = wsdev_wait(&ev, 1, WSDEV_WAIT_ALERTABLE, deadline, &index);
		if (r == 0 && index == WSDEV_WAIT_APC) {
			ws_run_apcs();
			return WAIT_IO_COMPLETION;
		}
		if (r == -ETIMEDOUT)
			return 0;
		/* EBADF: the application closed our descriptor; make
		 * another. Anything else: sleep without APCs. */
		if (r != -EBADF)
			break;
	}
	if (deadline)
		wsys_sleep_until(deadline);
	return 0;
}
WS_EXPORT_ALIAS(SleepEx, sleep_ex);

LIBWS_EXPORT VOID WINAPI Sleep(DWORD dwMilliseconds)
{
	sleep_ex(dwMilliseconds, FALSE);
}

LIBWS_EXPORT DWORD WINAPI GetTickCount(void)
{
	return (DWORD)(wsys_now_ns() / 1000000);
}

LIBWS_EXPORT ULONGLONG WINAPI GetTickCount64(void)
{
	return wsys_now_ns() / 1000000;
}

/* --- threads and APCs ------------------------------------------------------ */

LIBWS_EXPORT HANDLE WINAPI GetCurrentThread(void)
{
	return (HANDLE)PSEUDO_CURRENT_THREAD;
}

LIBWS_EXPORT DWORD WINAPI GetCurrentThreadId(void)
{
	return wsys_gettid();
}

LIBWS_EXPORT DWORD WINAPI GetCurrentProcessId(void)
{
	return (DWORD)getpid();
}

/**
 * OpenThread() - a handle to a thread of this process
 * @dwDesiredAccess: ignored: every handle may be used for everything
 * @bInheritHandle: ignored: a thread handle means nothing in another process
 * @dwThreadId: the thread's id (GetCurrentThreadId(), gettid())
 *
 * Return: the handle, or NULL with ERROR_INVALID_PARAMETER when
 * @dwThreadId is not a thread of this process.
 */
LIBWS_EXPORT HANDLE WINAPI OpenThread(DWORD dwDesiredAccess,
				      BOOL bInheritHandle, DWORD dwThreadId)
{
	(void)dwDesiredAccess;
	(void)bInheritHandle;
	if (!wsys_thread_alive(dwThreadId)) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	return (HANDLE)(uintptr_t)(THREAD_TAG | dwThreadId);
}

/**
 * CloseHandle() - close a handle
 * @hObject: an event object (closed like WSACloseEvent), a completion
 *           port, a thread handle or a pseudo-handle (nothing to close)
 *
 * Sockets are closed with closesocket, windows with DestroyWindow.
 *
 * Return: TRUE, or FALSE with ERROR_INVALID_HANDLE.
 */
LIBWS_EXPORT BOOL WINAPI CloseHandle(HANDLE hObject)
{
	uintptr_t v = (uintptr_t)hObject;

	if (v == PSEUDO_CURRENT_PROCESS || v == PSEUDO_CURRENT_THREAD ||
	    handle_tid(hObject))
		return TRUE;
	if (is_event(hObject)) {
		wsys_close(handle_fd(hObject));
		return TRUE;
	}
	/*
	 * A completion port: closed at once, as on Windows, even while
	 * other threads wait in it (they return ERROR_ABANDONED_WAIT_0).
	 */
	if (handle_fd(hObject) >= 0 && wsdev_port_close(handle_fd(hObject)) == 0) {
		wsys_close(handle_fd(hObject));
		return TRUE;
	}
	ws_set_error(ERROR_INVALID_HANDLE);
	return FALSE;
}

/**
 * QueueUserAPC() - queue a user APC to a thread of this process
 * @pfnAPC: the routine, called as pfnAPC(dwData) in the target thread
 * @hThread: GetCurrentThread() or a handle from OpenThread()
 * @dwData: its argument
 *
 * The routine runs when the thread next waits alertably.
 *
 * Return: nonzero, or 0 with ERROR_INVALID_PARAMETER (@pfnAPC NULL),
 * ERROR_INVALID_HANDLE (not a thread handle, or the thread has exited),
 * ERROR_NOT_ENOUGH_QUOTA (the thread has WS_MAX_APCS, 1024, queued),
 * ERROR_NOT_ENOUGH_MEMORY, ERROR_NOT_SUPPORTED (the ws module is not
 * loaded).
 */
LIBWS_EXPORT DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread,
				       ULONG_PTR dwData)
{
	uint64_t args[3] = { dwData, 0, WSL_APC_USER };
	uint32_t tid = handle_tid(hThread);
	int r;

	if (!pfnAPC) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return 0;
	}
	if (!tid) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return 0;
	}
	r = wsdev_queue_apc(tid, (uint64_t)(uintptr_t)pfnAPC, args);
	switch (r) {
	case 0:
		return 1;
	case -ESRCH:
		ws_set_error(ERROR_INVALID_HANDLE);
		break;
	case -EAGAIN:
		ws_set_error(ERROR_NOT_ENOUGH_QUOTA);
		break;
	case -ENOMEM:
		ws_set_error(ERROR_NOT_ENOUGH_MEMORY);
		break;
	case -ENOENT:
	case -ENODEV:
	case -ENXIO:
		ws_set_error(ERROR_NOT_SUPPORTED);
		break;
	default:
		ws_set_error(ERROR_INVALID_PARAMETER);
		break;
	}
	return 0;
}

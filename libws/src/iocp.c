// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * I/O completion ports: CreateIoCompletionPort, GetQueuedCompletionStatus,
 * GetQueuedCompletionStatusEx, PostQueuedCompletionStatus,
 * SetFileCompletionNotificationModes; CloseHandle closes a port (event.c).
 *
 * A port is a kernel object of the ws module (WS_IOC_CREATE_PORT), and its
 * HANDLE is its file descriptor. Associating a socket with it
 * (WS_IOC_ASSOCIATE) makes the module queue the completion of each
 * overlapped operation on the socket to the port, as Windows does, from
 * wherever the operation completes: no thread of libws's relays anything.
 * A dequeue is one system call (WS_IOC_PORT_WAIT on /dev/ws, which also
 * watches the thread's APCs for an alertable GetQueuedCompletionStatusEx).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>

#include "internal.h"

#define NT_SUCCESS(st)	(((st) & 0x80000000u) == 0)

/* A port's descriptor, or -1. */
static int port_fd(HANDLE h)
{
	uintptr_t v = (uintptr_t)h;

	return v && v <= INT_MAX ? (int)v : -1;
}

/* The Win32 code of an errno from the port calls. */
static DWORD port_error(int r)
{
	switch (r) {
	case -EBADF:
	case -ENOTTY:		return ERROR_INVALID_HANDLE;
	case -EACCES:
	case -EPERM:		return ERROR_ACCESS_DENIED;
	case -EPIPE:		return ERROR_ABANDONED_WAIT_0;
	case -ETIMEDOUT:	return WAIT_TIMEOUT;
	case -EDQUOT:
	case -EAGAIN:		return ERROR_NOT_ENOUGH_QUOTA;
	case -ENOMEM:		return ERROR_NOT_ENOUGH_MEMORY;
	case -EMFILE:
	case -ENFILE:		return ERROR_TOO_MANY_OPEN_FILES;
	case -ENOENT:
	case -ENODEV:
	case -ENXIO:		return ERROR_NOT_SUPPORTED;	/* no module */
	case -EFAULT:		return ERROR_NOACCESS;
	default:		return ERROR_INVALID_PARAMETER;
	}
}

static uint64_t deadline(DWORD ms)
{
	if (ms == INFINITE)
		return WS_DEADLINE_INFINITE;
	return ms ? ws_deadline_ms(wsys_now_ns(), ms) : 0;
}

LIBWS_EXPORT HANDLE WINAPI CreateIoCompletionPort(HANDLE FileHandle,
						  HANDLE ExistingCompletionPort,
						  ULONG_PTR CompletionKey,
						  DWORD NumberOfConcurrentThreads)
{
	unsigned int flags;
	int sfd, port, r, created = 0;

	if (FileHandle == INVALID_HANDLE_VALUE) {
		/* A new port; associating nothing needs no existing one. */
		if (ExistingCompletionPort) {
			ws_set_error(ERROR_INVALID_PARAMETER);
			return NULL;
		}
		port = wsdev_port_create(NumberOfConcurrentThreads);
		if (port < 0) {
			ws_set_error(port_error(port));
			return NULL;
		}
		return (HANDLE)(uintptr_t)port;
	}

	sfd = ws_sock_fd((uintptr_t)FileHandle, &flags);
	if (sfd < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return NULL;
	}
	/* Windows: a handle opened without overlapped I/O cannot be. */
	if (flags & WS_ENT_SYNC) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	if (ExistingCompletionPort) {
		port = port_fd(ExistingCompletionPort);
		if (port < 0) {
			ws_set_error(ERROR_INVALID_HANDLE);
			return NULL;
		}
	} else {
		port = wsdev_port_create(NumberOfConcurrentThreads);
		if (port < 0) {
			ws_set_error(port_error(port));
			return NULL;
		}
		created = 1;
	}
	r = wsys_associate(sfd, port, CompletionKey);
	if (r < 0) {
		if (created)
			wsys_close(port);
		/* EINVAL: associated already; EBADF: not a port. */
		ws_set_error(port_error(r));
		return NULL;
	}
	return (HANDLE)(uintptr_t)port;
}

LIBWS_EXPORT BOOL WINAPI GetQueuedCompletionStatus(HANDLE CompletionPort,
						   LPDWORD lpNumberOfBytesTransferred,
						   PULONG_PTR lpCompletionKey,
						   LPOVERLAPPED *lpOverlapped,
						   DWORD dwMilliseconds)
{
	struct wsl_port_entry e;
	int port = port_fd(CompletionPort), r;

	if (lpOverlapped)
		*lpOverlapped = NULL;	/* no packet, unless one comes */
	if (!lpNumberOfBytesTransferred || !lpCompletionKey || !lpOverlapped) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	if (port < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	r = wsdev_port_wait(port, &e, 1, deadline(dwMilliseconds), 0);
	if (r < 0) {
		/* Windows: no packet, *lpOverlapped NULL, the rest untouched. */
		*lpOverlapped = NULL;
		ws_set_error(port_error(r));
		return FALSE;
	}
	*lpNumberOfBytesTransferred = (DWORD)e.bytes;
	*lpCompletionKey = (ULONG_PTR)e.key;
	*lpOverlapped = (LPOVERLAPPED)(uintptr_t)e.ov;
	if (NT_SUCCESS(e.status))
		return TRUE;	/* the last error is left alone, as on Windows */
	ws_set_error(ws_ntstatus_to_win32(e.status));
	return FALSE;
}

LIBWS_EXPORT BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort,
						     LPOVERLAPPED_ENTRY lpCompletionPortEntries,
						     ULONG ulCount,
						     PULONG ulNumEntriesRemoved,
						     DWORD dwMilliseconds,
						     BOOL fAlertable)
{
	struct wsl_port_entry e[64], *ents = e;
	unsigned int max = ulCount, i;
	int port = port_fd(CompletionPort), r;
	BOOL ok = FALSE;

	if (!lpCompletionPortEntries || !ulCount || !ulNumEntriesRemoved) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	if (port < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	if (max > WSL_PORT_MAX_BATCH)
		max = WSL_PORT_MAX_BATCH;
	if (max > sizeof(e) / sizeof(e[0])) {
		ents = malloc(max * sizeof(*ents));
		if (!ents) {
			ws_set_error(ERROR_NOT_ENOUGH_MEMORY);
			return FALSE;
		}
	}
	*ulNumEntriesRemoved = 0;
	r = wsdev_port_wait(port, ents, max, deadline(dwMilliseconds),
			    !!fAlertable);
	if (r == 0) {
		/* An APC ended the wait: it runs now, as on Windows. */
		ws_run_apcs();
		ws_set_error(WAIT_IO_COMPLETION);
		goto out;
	}
	if (r < 0) {
		ws_set_error(port_error(r));
		goto out;
	}
	for (i = 0; i < (unsigned int)r; i++) {
		lpCompletionPortEntries[i].lpCompletionKey = (ULONG_PTR)ents[i].key;
		lpCompletionPortEntries[i].lpOverlapped =
			(LPOVERLAPPED)(uintptr_t)ents[i].ov;
		lpCompletionPortEntries[i].Internal = ents[i].status;
		lpCompletionPortEntries[i].dwNumberOfBytesTransferred =
			(DWORD)ents[i].bytes;
	}
	*ulNumEntriesRemoved = (ULONG)r;
	ok = TRUE;
out:
	if (ents != e)
		free(ents);
	return ok;
}

LIBWS_EXPORT BOOL WINAPI PostQueuedCompletionStatus(HANDLE CompletionPort,
						    DWORD dwNumberOfBytesTransferred,
						    ULONG_PTR dwCompletionKey,
						    LPOVERLAPPED lpOverlapped)
{
	struct wsl_port_entry e = {
		.key = dwCompletionKey,
		.ov = (uintptr_t)lpOverlapped,
		.bytes = dwNumberOfBytesTransferred,
	};
	int port = port_fd(CompletionPort), r;

	if (port < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	r = wsdev_port_post(port, &e);
	if (r < 0) {
		ws_set_error(r == -EPIPE ? ERROR_INVALID_HANDLE : port_error(r));
		return FALSE;
	}
	return TRUE;
}

LIBWS_EXPORT BOOL WINAPI SetFileCompletionNotificationModes(HANDLE FileHandle,
							    UCHAR Flags)
{
	unsigned int flags;
	int fd = ws_sock_fd((uintptr_t)FileHandle, &flags), r;

	if (fd < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	/* Windows: not on a handle opened without overlapped I/O. */
	if (flags & WS_ENT_SYNC) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	r = wsys_notify_modes(fd, Flags);
	if (r < 0) {
		ws_set_error(port_error(r));
		return FALSE;
	}
	return TRUE;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * WSAEventSelect, WSAEnumNetworkEvents and WSAAsyncSelect: the ws module
 * keeps each socket's network-event record and applies the rules of the
 * WSAEventSelect and WSAAsyncSelect pages itself (uapi/linux/ws.h); each
 * function here is one ioctl, with the argument checks in front of it.
 *
 * WSAAsyncSelect messages are posted by the module to the message queue of
 * the window's thread, with the socket's kernel id as wParam; libws turns
 * the id back into the SOCKET when the message is taken (window.c), so each
 * socket given to WSAAsyncSelect has its id in the table's id map.
 *
 * WSAEnumNetworkEvents writes the caller's WSANETWORKEVENTS directly (one
 * system call per call: it sits in every WSAEventSelect loop): a NULL
 * pointer fails with WSAEFAULT before anything is cleared; any other must
 * be valid.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include <winsock2.h>

#include "internal.h"

/* An event handle as the module takes it; -1 if it cannot be one. */
static int event_fd(WSAEVENT h)
{
	uintptr_t v = (uintptr_t)h;

	return v == 0 || v > INT_MAX ? -1 : (int)v;
}

/**
 * WSAEventSelect() - associate network events with an event object
 * @s: the socket
 * @hEventObject: the event object, set when a selected event is recorded
 * @lNetworkEvents: FD_* bits; 0 cancels (@hEventObject is then ignored)
 *
 * Makes the socket nonblocking, replaces any previous WSAEventSelect or
 * WSAAsyncSelect and clears the record.
 *
 * Return: 0, or SOCKET_ERROR with WSANOTINITIALISED, WSAENOTSOCK, WSAEINVAL
 * (unknown bits, or @hEventObject is not an event object).
 */
LIBWS_EXPORT int WSAAPI WSAEventSelect(SOCKET s, WSAEVENT hEventObject,
				       long lNetworkEvents)
{
	int fd = ws_sock_fd(s, NULL), ev = -1, r;

	if (fd < 0)
		return ws_fail(fd);
	if (lNetworkEvents & ~(long)FD_ALL_EVENTS)
		return ws_fail(-WSAEINVAL);
	if (lNetworkEvents) {
		ev = event_fd(hEventObject);
		if (ev < 0)
			return ws_fail(-WSAEINVAL);
	}
	r = wsys_event_select(fd, ev, (uint32_t)lNetworkEvents);
	if (r < 0)
		return ws_fail(r);
	ws_table_set_bits(fd, WS_ENT_NONBLOCK);
	return 0;
}

/**
 * WSAEnumNetworkEvents() - the network events recorded since the last call
 * @s: the socket
 * @hEventObject: an event object to reset with the same step, or NULL
 * @lpNetworkEvents: receives the record
 *
 * Copies the record, clears it and resets @hEventObject atomically. Writes
 * lNetworkEvents and, for each event reported, its iErrorCode[] slot (a WSA
 * code, 0 for success); the other slots keep what the caller left there.
 *
 * Return: 0, or SOCKET_ERROR with WSANOTINITIALISED, WSAENOTSOCK, WSAEFAULT
 * (@lpNetworkEvents NULL), WSAEINVAL (@hEventObject is not an event);
 * nothing is cleared or reset then.
 */
LIBWS_EXPORT int WSAAPI WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject,
					     LPWSANETWORKEVENTS lpNetworkEvents)
{
	int32_t errors[WSL_FD_MAX_EVENTS];
	int fd = ws_sock_fd(s, NULL), ev = -1, r, i;
	uint32_t events, left;

	if (fd < 0)
		return ws_fail(fd);
	if (!lpNetworkEvents)
		return ws_fail(-WSAEFAULT);
	if (hEventObject) {
		ev = event_fd(hEventObject);
		if (ev < 0)
			return ws_fail(-WSAEINVAL);
	}
	r = wsys_enum_events(fd, ev, &events, errors);
	if (r < 0)
		return ws_fail(r);
	lpNetworkEvents->lNetworkEvents = (LONG)events;
	/* The slots of the events reported, lowest first. */
	left = events & FD_ALL_EVENTS;
	for (; left; left &= left - 1) {
		i = __builtin_ctz(left);
		lpNetworkEvents->iErrorCode[i] = ws_errno_to_wsa(errors[i]);
	}
	return 0;
}

/* Puts the socket's kernel id in the id map, once. */
static int register_id(int fd, unsigned int flags)
{
	uint64_t id;
	int r;

	if (flags & WS_ENT_ASYNC)
		return 0;
	r = wsys_get_id(fd, &id);
	if (r < 0)
		return r;
	ws_ids_lock();
	r = ws_table_set_id_locked(fd, id);
	ws_ids_unlock();
	return r == -EBADF ? -WSAENOTSOCK : r;
}

/**
 * WSAAsyncSelect() - network events as window messages
 * @s: the socket
 * @hWnd: the window whose thread's queue gets the messages
 * @wMsg: the message; 0 cancels, as @lEvent 0 does
 * @lEvent: FD_* bits; 0 cancels (@hWnd is then not looked at)
 *
 * Makes the socket nonblocking and replaces any previous selection. Each
 * recorded event is posted as { @hWnd, @wMsg, wParam = @s, lParam =
 * WSAMAKESELECTREPLY(event, WSA error) }; conditions that still hold when
 * WSAAsyncSelect is repeated are posted again. Messages already queued
 * when the selection is changed, or the socket closed, stay queued; those
 * of a socket closed meanwhile are discarded when taken.
 *
 * Return: 0, or SOCKET_ERROR with WSANOTINITIALISED, WSAENOTSOCK, WSAEINVAL
 * (unknown bits, @hWnd is not a window).
 */
LIBWS_EXPORT int WSAAPI WSAAsyncSelect(SOCKET s, HWND hWnd, u_int wMsg,
				       long lEvent)
{
	unsigned int flags;
	int fd = ws_sock_fd(s, &flags), r;

	if (fd < 0)
		return ws_fail(fd);
	if (lEvent & ~(long)FD_ALL_EVENTS)
		return ws_fail(-WSAEINVAL);
	if (!lEvent || !wMsg) {
		r = wsys_async_select(fd, -1, 0, 0, 0);
	} else {
		r = register_id(fd, flags);
		if (r == 0)
			r = ws_window_async_select(fd, (uintptr_t)hWnd, wMsg,
						   (uint32_t)lEvent);
	}
	if (r < 0)
		return ws_fail(r);
	ws_table_set_bits(fd, WS_ENT_NONBLOCK);
	return 0;
}

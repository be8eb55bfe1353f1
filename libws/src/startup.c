// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * WSAStartup, WSACleanup and the thread's error code.
 *
 * The process's Winsock state is a reference count under ws_lock. The
 * first WSAStartup reads the ws family number from the module parameter;
 * when the module is not loaded WSAStartup still succeeds (name resolution
 * and the address functions need no module) and socket creation fails with
 * WSAEAFNOSUPPORT, "the specified address family is not supported", until
 * the module is loaded: the family is read again on each attempt while it
 * is unknown. szSystemStatus tells which case applies.
 *
 * fork(): libws registers pthread_atfork handlers when it is loaded. They
 * take every lock of libws before the fork (ws_lock first, then the
 * table's, the windows', sys.c's) and release them after it, so a child
 * never inherits a lock some other thread of the parent held; and the
 * child starts its own per-process state: a new fork generation in the
 * table (its sockets are inherited ones), no blocked threads, no message
 * queues or windows (those belong to the parent's threads), its own open
 * of /dev/ws and its own wake-up eventfd. Its Winsock reference count is
 * the parent's: the child runs on from the parent's code, within its
 * WSAStartup.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include <winsock2.h>

#include "internal.h"

#define WS_HIGH_VERSION		MAKEWORD(2, 2)

static pthread_mutex_t ws_lock = PTHREAD_MUTEX_INITIALIZER;
static int ws_refs;			/* under ws_lock */
atomic_int ws_active;			/* ws_refs > 0; ws_started() */
static atomic_int ws_family_nr = -1;	/* -1: not known (yet) */

/**
 * ws_family() - the ws socket family number
 *
 * Return: the family, or -WSAEAFNOSUPPORT when the module is not loaded.
 */
int ws_family(void)
{
	int fam = atomic_load_explicit(&ws_family_nr, memory_order_acquire);

	if (fam > 0)
		return fam;
	fam = wsys_read_family();
	if (fam <= 0)
		return -WSAEAFNOSUPPORT;
	atomic_store_explicit(&ws_family_nr, fam, memory_order_release);
	return fam;
}

/*
 * The version WSAStartup settles on: the highest version libws supports
 * (1.0, 1.1, 2.0, 2.1, 2.2) that is not above the request, as Windows
 * answers (Wine test_startup): 1.2 gives 1.1, 3.0 gives 2.2. 0 for a
 * request below 1.0.
 */
static WORD negotiate(WORD request)
{
	BYTE major = LOBYTE(request), minor = HIBYTE(request);

	if (major < 1)
		return 0;
	if (major == 1)
		return MAKEWORD(1, minor > 1 ? 1 : minor);
	if (major == 2)
		return MAKEWORD(2, minor > 2 ? 2 : minor);
	return WS_HIGH_VERSION;
}

static void fill_wsadata(WSADATA *data, WORD version, int family)
{
	memset(data, 0, sizeof(*data));
	data->wVersion = version;
	data->wHighVersion = WS_HIGH_VERSION;
	snprintf(data->szDescription, sizeof(data->szDescription),
		 "libws: Windows Sockets 2.2 over the Linux ws socket family");
	if (family > 0)
		snprintf(data->szSystemStatus, sizeof(data->szSystemStatus),
			 "Running (ws socket family %d)", family);
	else
		snprintf(data->szSystemStatus, sizeof(data->szSystemStatus),
			 "ws module not loaded: sockets cannot be created");
	/* Only meaningful to Windows Sockets 1.x applications. */
	if (LOBYTE(version) == 1) {
		data->iMaxSockets = 32767;
		data->iMaxUdpDg = 65467;
	}
	data->lpVendorInfo = NULL;
}

/**
 * WSAStartup() - start using Windows Sockets
 * @wVersionRequested: highest version the caller can use (major in the low
 *                     byte)
 * @lpWSAData: receives the details of the implementation
 *
 * Negotiation as in the specification: wVersion is the highest version
 * libws supports up to the request, wHighVersion 2.2. A request below 1.0
 * fails with WSAVERNOTSUPPORTED, with wVersion and wHighVersion 2.2 stored
 * all the same, as Windows does. Calls nest: each successful one needs its
 * WSACleanup.
 *
 * Return: 0, or the error code (WSAGetLastError is not set).
 */
LIBWS_EXPORT int WSAAPI WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData)
{
	WORD version = negotiate(wVersionRequested);
	WSADATA data;
	int family;

	if (!version) {
		if (lpWSAData) {
			fill_wsadata(&data, WS_HIGH_VERSION, -1);
			wsys_copy_out(lpWSAData, &data, sizeof(data));
		}
		return WSAVERNOTSUPPORTED;
	}
	if (!lpWSAData)
		return WSAEFAULT;
	family = ws_family();
	fill_wsadata(&data, version, family);
	if (wsys_copy_out(lpWSAData, &data, sizeof(data)) < 0)
		return WSAEFAULT;

	pthread_mutex_lock(&ws_lock);
	if (ws_refs == INT32_MAX) {
		pthread_mutex_unlock(&ws_lock);
		return WSAEPROCLIM;
	}
	if (ws_refs++ == 0)
		atomic_store_explicit(&ws_active, 1, memory_order_release);
	pthread_mutex_unlock(&ws_lock);
	return 0;
}

/**
 * WSACleanup() - stop using Windows Sockets
 *
 * The call matching the first WSAStartup closes every socket the process
 * still has open, as closesocket would without lingering.
 *
 * Return: 0, or SOCKET_ERROR with WSANOTINITIALISED.
 */
LIBWS_EXPORT int WSAAPI WSACleanup(void)
{
	pthread_mutex_lock(&ws_lock);
	if (ws_refs == 0) {
		pthread_mutex_unlock(&ws_lock);
		return ws_fail(-WSANOTINITIALISED);
	}
	if (--ws_refs == 0) {
		atomic_store_explicit(&ws_active, 0, memory_order_release);
		ws_table_close_all();
	}
	pthread_mutex_unlock(&ws_lock);
	return 0;
}

static void fork_prepare(void)
{
	pthread_mutex_lock(&ws_lock);
	ws_table_fork(WS_FORK_PREPARE);
	ws_window_fork(WS_FORK_PREPARE);
	wsys_fork(WS_FORK_PREPARE);
}

static void fork_parent(void)
{
	wsys_fork(WS_FORK_PARENT);
	ws_window_fork(WS_FORK_PARENT);
	ws_table_fork(WS_FORK_PARENT);
	pthread_mutex_unlock(&ws_lock);
}

static void fork_child(void)
{
	ws_tls_fork_child();
	wsdev_fork_child();
	wsys_fork(WS_FORK_CHILD);
	ws_window_fork(WS_FORK_CHILD);
	ws_table_fork(WS_FORK_CHILD);
	pthread_mutex_unlock(&ws_lock);
}

__attribute__((constructor)) static void ws_register_fork_handlers(void)
{
	/* Fails only without memory, at load time; fork is then unsafe. */
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

LIBWS_EXPORT int WSAAPI WSAGetLastError(void)
{
	return ws_get_error();
}

LIBWS_EXPORT void WSAAPI WSASetLastError(int iError)
{
	ws_set_error(iError);
}

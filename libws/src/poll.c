// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * WSAPoll: the module polls (WS_IOC_POLL on /dev/ws) and reports each
 * socket in Winsock's bits; this file checks the arguments the way Windows
 * does, enters the sockets in the table for the call's duration, and runs
 * the APCs that end the wait (WSAPoll is alertable).
 *
 * What Windows does, as Wine's test_WSAPoll observed it:
 *  - no array: WSAEINVAL with a count of 0, WSAEFAULT otherwise;
 *  - an entry that is not a socket of this process (INVALID_SOCKET, a
 *    handle never opened) gets POLLNVAL and does not count in the result
 *    or end the wait; if no entry is a socket, the call fails with
 *    WSAENOTSOCK, every revents POLLNVAL;
 *  - events with a bit other than POLLRDNORM, POLLRDBAND or POLLWRNORM
 *    (POLLPRI, POLLWRBAND, POLLERR, ...), in an entry other than an
 *    INVALID_SOCKET one: WSAEINVAL, every revents 0;
 *  - POLLHUP and POLLERR are reported whether asked for or not;
 *  - a socket closed by closesocket in another thread during the call
 *    ends it with POLLNVAL, counted;
 *  - an APC queued to the thread runs during the call, which goes on.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>

#include <winsock2.h>

#include "internal.h"

#define POLL_STACK	16		/* sockets handled without malloc */
#define POLL_SKIP	INT_MIN		/* a module fd for an entry to skip */

#define ASKABLE		(POLLRDNORM | POLLRDBAND | POLLWRNORM)

_Static_assert(POLLRDNORM == 0x100 && POLLRDBAND == 0x200 &&
	       POLLWRNORM == 0x10 && POLLHUP == 0x2 && POLLERR == 0x1 &&
	       POLLNVAL == 0x4, "the module's WS_POLL* are Windows' values");

struct pent {
	uint64_t	token;		/* ws_table_enter()'s */
	int		entered;
};

struct poll_mem {
	WSAPOLLFD		*ufds;	/* the caller's array, copied */
	struct wsys_pollfd	*kfds;	/* the module's */
	struct pent		*e;
	void			*heap;
};

static int poll_mem(struct poll_mem *m, size_t n, void *stack,
		    size_t stack_size)
{
	size_t size = n * (sizeof(WSAPOLLFD) + sizeof(struct pent) +
			   sizeof(struct wsys_pollfd));
	char *p = stack;

	m->heap = NULL;
	if (size > stack_size) {
		p = m->heap = malloc(size);
		if (!p)
			return -WSAENOBUFS;
	}
	/* In decreasing alignment. */
	m->ufds = (WSAPOLLFD *)p;
	m->e = (struct pent *)(p + n * sizeof(WSAPOLLFD));
	m->kfds = (struct wsys_pollfd *)(p + n * (sizeof(WSAPOLLFD) +
						   sizeof(struct pent)));
	return 0;
}

/* The sockets closed by this process during the call: POLLNVAL each. */
static unsigned int closed_meanwhile(struct poll_mem *m, ULONG n)
{
	unsigned int closed = 0;
	ULONG i;

	for (i = 0; i < n; i++) {
		if (m->e[i].entered &&
		    ws_table_closed((int)m->ufds[i].fd, m->e[i].token)) {
			m->ufds[i].revents = POLLNVAL;
			closed++;
		}
	}
	return closed;
}

/* The result of a call that a close in this process ended. */
static int closed_result(struct poll_mem *m, ULONG n)
{
	int ready = 0;
	ULONG i;

	for (i = 0; i < n; i++) {
		if (!m->e[i].entered)
			continue;
		if (m->ufds[i].revents != POLLNVAL)
			m->ufds[i].revents = m->kfds[i].revents;
		if (m->ufds[i].revents)
			ready++;
	}
	return ready;
}

static int do_poll(struct poll_mem *m, ULONG n, INT timeout)
{
	uint64_t deadline = WS_DEADLINE_INFINITE;
	unsigned int result, flags, valid = 0, entered = 0, registered = 0;
	struct ws_waiter w;
	eventfd_t drain;
	int r, ready;
	ULONG i;

	/* Which entries are sockets of this process: none, WSAENOTSOCK. */
	for (i = 0; i < n; i++) {
		SOCKET s = m->ufds[i].fd;

		m->ufds[i].revents = POLLNVAL;
		m->e[i].entered = 0;
		m->kfds[i].fd = POLL_SKIP;
		m->kfds[i].events = 0;
		m->kfds[i].revents = 0;
		if (s != INVALID_SOCKET && s <= INT_MAX && ws_table_get((int)s)) {
			m->ufds[i].revents = 0;
			valid++;
		}
	}
	if (!valid)
		return -WSAENOTSOCK;	/* every revents POLLNVAL */
	/* Then the events, of every entry but an INVALID_SOCKET one. */
	for (i = 0; i < n; i++) {
		if (m->ufds[i].fd != INVALID_SOCKET &&
		    (m->ufds[i].events & ~ASKABLE)) {
			for (i = 0; i < n; i++)
				m->ufds[i].revents = 0;
			return -WSAEINVAL;
		}
	}
	for (i = 0; i < n; i++) {
		SOCKET s = m->ufds[i].fd;

		if (m->ufds[i].revents)
			continue;	/* not a socket */
		/* An AcceptEx's accept socket becomes its connection first. */
		if (ws_table_get((int)s) & WS_ENT_ACCEPTING)
			ws_accept_collect((int)s);
		if (ws_table_enter((int)s, &m->e[i].token) < 0) {
			m->ufds[i].revents = POLLNVAL;	/* closed meanwhile */
			continue;
		}
		m->e[i].entered = 1;
		m->kfds[i].fd = (int)s;
		m->kfds[i].events = m->ufds[i].events;
		entered++;
	}
	if (!entered)
		return -WSAENOTSOCK;	/* stale SOCKETs only */

	if (timeout > 0)
		deadline = ws_deadline_ms(wsys_now_ns(), (uint32_t)timeout);
	else if (timeout == 0)
		deadline = 0;
	/* closesocket in another thread wakes the call (see table.c). */
	if (deadline && ws_table_wait_begin(&w, m->kfds, (unsigned int)n) == 0)
		registered = 1;

	for (;;) {
		/* Alertable when it may wait: a mere look runs no APC. */
		flags = deadline ? WSDEV_POLL_ALERTABLE : 0;
		ready = wsdev_poll(m->kfds, (unsigned int)n,
				   registered ? w.efd : -1, flags, deadline,
				   &result);
		if (ready < 0) {
			r = -ws_errno_to_wsa(-ready);
			goto out;
		}
		if (result & WSDEV_POLL_WOKEN_FD)
			eventfd_read(w.efd, &drain);
		if (closed_meanwhile(m, n)) {
			r = closed_result(m, n);
			goto out;
		}
		/* APCs run only when the call would wait, as select's do. */
		if (ready > 0 || !(result & (WSDEV_POLL_WOKEN_FD |
					     WSDEV_POLL_WOKEN_APC)))
			break;	/* ready, or the time is up */
		if (result & WSDEV_POLL_WOKEN_APC) {
			ws_run_apcs();
			/* A wait in an APC may have taken a close's wake-up. */
			if (closed_meanwhile(m, n)) {
				r = closed_result(m, n);
				goto out;
			}
		}
		if (deadline && deadline != WS_DEADLINE_INFINITE &&
		    wsys_now_ns() >= deadline)
			deadline = 0;	/* one last look */
	}
	for (i = 0; i < n; i++)
		if (m->e[i].entered)
			m->ufds[i].revents = m->kfds[i].revents;
	r = ready;
out:
	if (registered)
		ws_table_wait_end(&w);
	for (i = 0; i < n; i++)
		if (m->e[i].entered)
			ws_table_leave((int)m->ufds[i].fd);
	return r;
}

/**
 * WSAPoll() - wait for sockets to become ready
 * @fdArray: the sockets, what to wait for (events) and what happened
 *           (revents, written)
 * @fds: how many (at most 65536)
 * @timeout: longest wait in milliseconds; negative waits for ever, 0 polls
 *
 * Return: the number of entries with revents, 0 on timeout, SOCKET_ERROR.
 */
LIBWS_EXPORT int WSAAPI WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout)
{
	union {
		WSAPOLLFD	u;
		char		bytes[POLL_STACK * (sizeof(WSAPOLLFD) +
						    sizeof(struct pent) +
						    sizeof(struct wsys_pollfd))];
	} stack;
	struct wsys_span span;
	struct poll_mem m;
	int r;

	if (!ws_started())
		return ws_fail(-WSANOTINITIALISED);
	if (!fds)
		return ws_fail(-WSAEINVAL);
	if (!fdArray)
		return ws_fail(-WSAEFAULT);
	if (fds > WSDEV_MAX_POLL_FDS)
		return ws_fail(-WSAEINVAL);
	r = poll_mem(&m, fds, &stack, sizeof(stack));
	if (r < 0)
		return ws_fail(r);
	span = (struct wsys_span){ m.ufds, fdArray, fds * sizeof(WSAPOLLFD) };
	if (wsys_copy_in_spans(&span, 1) < 0) {
		free(m.heap);
		return ws_fail(-WSAEFAULT);
	}

	r = do_poll(&m, fds, timeout);

	/* revents, also when the call fails on its arguments. */
	if (r >= 0 || r == -WSAENOTSOCK || r == -WSAEINVAL) {
		span = (struct wsys_span){ fdArray, m.ufds,
					   fds * sizeof(WSAPOLLFD) };
		if (wsys_copy_out_spans(&span, 1) < 0 && r >= 0)
			r = -WSAEFAULT;
	}
	free(m.heap);
	if (r < 0)
		return ws_fail(r);
	ws_set_error(0);	/* as Windows' Winsock functions do */
	return r;
}

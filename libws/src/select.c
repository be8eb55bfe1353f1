// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * select() with Winsock's fd_set (a count and an array of SOCKETs), over
 * poll(2) on the ws sockets' descriptors.
 *
 * The Winsock conditions (select page of the specification):
 *  readfds:   a connection is pending on a listening socket, data can be
 *             read, or the connection was closed, reset or terminated (a
 *             recv would complete at once) - POLLIN, POLLRDHUP, POLLERR;
 *  writefds:  a nonblocking connect succeeded, or data can be sent -
 *             POLLOUT, but not on a stream socket that was never
 *             connected (POLLHUP without POLLRDHUP);
 *  exceptfds: a connect failed - a nonblocking one (POLLERR/POLLHUP while
 *             connecting) or a blocking one - or out-of-band data is
 *             waiting and SO_OOBINLINE is off (POLLPRI).
 * "Connecting" and "connect failed" are known from the table: connect()
 * returned WSAEWOULDBLOCK and no outcome has been seen yet, or the last
 * attempt failed. A socket whose connect failed is reported in exceptfds
 * only, for as long as it stays so; a connection reset after it was made
 * is readable and writable (Wine test_select, test_tcp_reset).
 *
 * The fd_sets and the timeout are read and written with wsys_copy_in/out,
 * so a bad pointer is WSAEFAULT. A socket listed twice in a set counts
 * once and is kept once.
 *
 * poll(2) also reports conditions that are not Winsock readiness and do
 * not go away (the POLLHUP of a stream socket that was never connected,
 * POLLPRI with SO_OOBINLINE on); a descriptor that wakes poll up without
 * being ready is left out of the following rounds of the same call, so
 * select blocks as Windows does instead of spinning.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <winsock2.h>

#include "internal.h"

#define IN_READ		0x1
#define IN_WRITE	0x2
#define IN_EXCEPT	0x4

/* A caller's fd_set, copied in. */
struct wset {
	fd_set	*user;			/* the caller's set, or NULL */
	u_int	count;
	SOCKET	*array;
};

/* Reads a caller's fd_set: its count, then that many SOCKETs. */
static int wset_read(struct wset *w, fd_set *user)
{
	w->user = user;
	w->count = 0;
	w->array = NULL;
	if (!user)
		return 0;
	if (wsys_copy_in(&w->count, &user->fd_count, sizeof(w->count)) < 0)
		return -WSAEFAULT;
	if (!w->count)
		return 0;
	w->array = malloc((size_t)w->count * sizeof(SOCKET));
	if (!w->array)
		return -WSAEFAULT;	/* select: resources -> WSAEFAULT */
	if (wsys_copy_in(w->array, user->fd_array,
			 (size_t)w->count * sizeof(SOCKET)) < 0)
		return -WSAEFAULT;
	return 0;
}

/* Writes a set back: the count and the sockets kept. */
static int wset_write(const struct wset *w)
{
	if (!w->user)
		return 0;
	if (wsys_copy_out(&w->user->fd_count, &w->count, sizeof(w->count)) < 0 ||
	    wsys_copy_out(w->user->fd_array, w->array,
			  (size_t)w->count * sizeof(SOCKET)) < 0)
		return -WSAEFAULT;
	return 0;
}

struct sel {
	SOCKET		s;
	unsigned int	sets;		/* IN_* this socket was asked for */
	unsigned int	ready;		/* IN_* it is ready for */
};

LIBWS_EXPORT int WSAAPI __WSAFDIsSet(SOCKET fd, fd_set FAR *set)
{
	u_int i;

	if (!set)
		return 0;
	for (i = 0; i < set->fd_count; i++) {
		if (set->fd_array[i] == fd)
			return 1;
	}
	return 0;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int oob_inline(int fd)
{
	int val = 0, len = sizeof(val);

	if (wsys_getsockopt(fd, SOL_SOCKET, SO_OOBINLINE, &val, &len) < 0)
		return 0;
	return val != 0;
}

static short poll_events(const struct sel *e, unsigned int ent)
{
	short ev = 0;

	/* A failed connect is reported until the next connect; poll for
	 * nothing but the descriptor's validity. */
	if ((ent & WS_ENT_STREAM) && (ent & WS_ENT_CONNFAILED))
		return 0;

	if (e->sets & IN_READ)
		ev |= WSYS_POLLIN | WSYS_POLLRDHUP;
	/* POLLOUT while connecting too, to see the connect succeed. */
	if ((e->sets & IN_WRITE) || (ent & WS_ENT_CONNECTING))
		ev |= WSYS_POLLOUT;
	if (e->sets & IN_EXCEPT)
		ev |= WSYS_POLLPRI;
	return ev;
}

/* Which of the asked-for conditions the poll result @r means. */
static unsigned int winsock_ready(int fd, short r, unsigned int ent)
{
	int stream = !!(ent & WS_ENT_STREAM);
	unsigned int ready = 0;

	if (stream && (ent & WS_ENT_CONNFAILED))
		return IN_EXCEPT;
	if (stream && (ent & WS_ENT_CONNECTING)) {
		if (r & (WSYS_POLLERR | WSYS_POLLHUP)) {	/* connect failed */
			ws_table_clear_bits(fd, WS_ENT_CONNECTING);
			ws_table_set_bits(fd, WS_ENT_CONNFAILED);
			return IN_EXCEPT;
		}
		if (r & WSYS_POLLOUT) {
			ws_table_clear_bits(fd, WS_ENT_CONNECTING);
			ready |= IN_WRITE;		/* connect succeeded */
		}
		if (r & (WSYS_POLLIN | WSYS_POLLRDHUP))
			ready |= IN_READ;
		return ready;
	}
	if (r & (WSYS_POLLIN | WSYS_POLLRDHUP | WSYS_POLLERR))
		ready |= IN_READ;
	/* A stream socket that is closed without having been shut down
	 * (POLLHUP without POLLRDHUP) was never connected. */
	if ((r & WSYS_POLLOUT) &&
	    !(stream && (r & WSYS_POLLHUP) && !(r & WSYS_POLLRDHUP)))
		ready |= IN_WRITE;
	if ((r & WSYS_POLLPRI) && !oob_inline(fd))
		ready |= IN_EXCEPT;
	return ready;
}

/* Keeps the ready sockets of @set, in their order, each once. */
static int keep_ready(struct wset *set, unsigned int which,
		      const struct sel *e, unsigned int n)
{
	u_int i, k, out = 0;
	unsigned int j;

	if (!set->user)
		return 0;
	for (i = 0; i < set->count; i++) {
		SOCKET s = set->array[i];

		for (j = 0; j < n && e[j].s != s; j++)
			;
		if (j == n || !(e[j].ready & which))
			continue;
		for (k = 0; k < out && set->array[k] != s; k++)
			;
		if (k == out)
			set->array[out++] = s;
	}
	set->count = out;
	return (int)out;
}

static int add_socket(struct sel *e, unsigned int *n, SOCKET s,
		      unsigned int which)
{
	unsigned int j;

	if (s > INT_MAX || !ws_table_get((int)s))
		return -WSAENOTSOCK;
	for (j = 0; j < *n; j++) {
		if (e[j].s == s) {
			e[j].sets |= which;
			return 0;
		}
	}
	e[*n].s = s;
	e[*n].sets = which;
	e[*n].ready = 0;
	(*n)++;
	return 0;
}

static int do_select(struct wset sets[3], size_t total,
		     const struct timeval *timeout)
{
	static const unsigned int which[3] = { IN_READ, IN_WRITE, IN_EXCEPT };
	struct wsys_pollfd *pfd = NULL;
	int64_t left = -1, deadline = 0;
	unsigned int n = 0, i, nready;
	struct sel *e = NULL;
	int r, k;
	u_int j;

	if (timeout) {
		if (timeout->tv_sec < 0 || timeout->tv_usec < 0)
			return -WSAEINVAL;
		/* Beyond about a century: as good as forever. */
		if (timeout->tv_sec > 4000000000LL ||
		    timeout->tv_usec > 4000000000000000LL)
			left = INT64_MAX / 2;
		else
			left = (int64_t)timeout->tv_sec * 1000000000 +
			       (int64_t)timeout->tv_usec * 1000;
		deadline = now_ns() + left;
	}

	/* "unable to allocate needed resources" is WSAEFAULT for select. */
	e = calloc(total, sizeof(*e));
	pfd = calloc(total, sizeof(*pfd));
	if (!e || !pfd) {
		r = -WSAEFAULT;
		goto out;
	}
	for (k = 0; k < 3; k++) {
		for (j = 0; j < sets[k].count; j++) {
			r = add_socket(e, &n, sets[k].array[j], which[k]);
			if (r < 0)
				goto out;
		}
	}
	for (i = 0; i < n; i++)
		pfd[i].fd = (int)e[i].s;

	for (;;) {
		for (i = 0; i < n; i++) {
			if (pfd[i].fd >= 0)
				pfd[i].events = poll_events(&e[i],
					ws_table_get(pfd[i].fd));
			pfd[i].revents = 0;
		}
		nready = 0;
		/* A failed connect is ready without waiting. */
		for (i = 0; i < n; i++) {
			unsigned int ent = ws_table_get(pfd[i].fd);

			if (pfd[i].fd >= 0 && (ent & WS_ENT_STREAM) &&
			    (ent & WS_ENT_CONNFAILED) &&
			    (e[i].sets & IN_EXCEPT)) {
				e[i].ready = IN_EXCEPT;
				nready++;
			}
		}
		r = wsys_poll(pfd, n, nready ? 0 : left);
		if (r < 0)
			goto out;
		if (r == 0 && !nready)
			break;		/* timeout: nothing ready */

		for (i = 0; i < n; i++) {
			unsigned int ent;

			if (!pfd[i].revents)
				continue;
			if (pfd[i].revents & WSYS_POLLNVAL) {
				r = -WSAENOTSOCK;	/* closed meanwhile */
				goto out;
			}
			ent = ws_table_get(pfd[i].fd);
			e[i].ready = winsock_ready(pfd[i].fd, pfd[i].revents,
						   ent) & e[i].sets;
			if (e[i].ready)
				nready++;
			else if (!(ent & WS_ENT_CONNECTING) ||
				 (pfd[i].revents & ~WSYS_POLLOUT))
				pfd[i].fd = -1;	/* woke poll, not ready */
		}
		if (nready)
			break;
		if (timeout) {
			left = deadline - now_ns();
			if (left <= 0)
				break;
		}
	}

	r = 0;
	for (k = 0; k < 3; k++)
		r += keep_ready(&sets[k], which[k], e, n);
out:
	free(e);
	free(pfd);
	return r;
}

/**
 * select() - wait for sockets to become ready
 * @nfds: ignored, as on Windows
 * @readfds: sockets to check for readability, or NULL
 * @writefds: sockets to check for writability, or NULL
 * @exceptfds: sockets to check for errors and out-of-band data, or NULL
 * @timeout: longest wait, NULL to block; not modified
 *
 * At least one socket must be given (WSAEINVAL otherwise); every entry must
 * be a ws socket of this process (WSAENOTSOCK).
 *
 * Return: the number of sockets ready in the three sets together, 0 on
 * timeout, SOCKET_ERROR.
 */
LIBWS_EXPORT int WSAAPI select(int nfds, fd_set FAR *readfds,
			       fd_set FAR *writefds, fd_set FAR *exceptfds,
			       const struct timeval FAR *timeout)
{
	fd_set *user[3] = { readfds, writefds, exceptfds };
	struct wset sets[3];
	struct timeval tv;
	size_t total = 0;
	int k, r = 0;

	(void)nfds;
	memset(sets, 0, sizeof(sets));
	if (!ws_started())
		return ws_fail(-WSANOTINITIALISED);
	for (k = 0; k < 3 && r == 0; k++) {
		r = wset_read(&sets[k], user[k]);
		total += sets[k].count;
	}
	if (r == 0 && timeout && wsys_copy_in(&tv, timeout, sizeof(tv)) < 0)
		r = -WSAEFAULT;
	if (r == 0 && !total)
		r = -WSAEINVAL;
	if (r == 0)
		r = do_select(sets, total, timeout ? &tv : NULL);
	for (k = 0; k < 3 && r >= 0; k++)
		if (wset_write(&sets[k]) < 0)
			r = -WSAEFAULT;
	for (k = 0; k < 3; k++)
		free(sets[k].array);
	return r < 0 ? ws_fail(r) : r;
}

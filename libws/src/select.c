// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * select() with Winsock's fd_set (a count and an array of SOCKETs), over
 * the module's poll of the ws sockets' descriptors (WS_IOC_POLL with
 * poll(2)'s bits), which is alertable: when select has to wait, APCs
 * queued to the thread run and the wait goes on; when a socket is ready
 * at once, they stay queued (Wine test_select).
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
 * The fd_sets and the timeout are read and written by the kernel
 * (wsys_copy_in_spans/out_spans), so that a bad pointer is WSAEFAULT, as
 * the spec wants, and not a crash; all pointers at once, so a select costs
 * four system calls: the counts and the timeout in, the sockets in, the
 * poll, the results out. Its memory is one allocation, on the stack for
 * up to SELECT_STACK sockets. A set holds at most SELECT_MAX sockets: a
 * larger fd_count (an fd_set never initialised, say) fails with WSAEFAULT,
 * "unable to allocate needed resources", before anything is allocated.
 * A socket listed twice in a set counts once and is kept once; a set passed
 * twice (readfds and writefds the same fd_set) is one result, each ready
 * socket in it once, counted once (Wine test_select).
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
#include <sys/eventfd.h>

#include <winsock2.h>

#include "internal.h"

#define IN_READ		0x1
#define IN_WRITE	0x2
#define IN_EXCEPT	0x4

#define SELECT_MAX	65536		/* sockets per set */
#define SELECT_STACK	64		/* sockets handled without malloc */

/* A caller's fd_set, copied in. */
struct wset {
	fd_set	*user;			/* the caller's set, or NULL */
	u_int	count;
	SOCKET	*array;
};

struct sel {
	SOCKET		s;
	unsigned int	sets;		/* IN_* this socket was asked for */
	unsigned int	ready;		/* IN_* it is ready for */
	uint64_t	token;		/* ws_table_enter()'s */
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

/* Adds @s to the sockets, counted in the table as waited on. */
static int add_socket(struct sel *e, unsigned int *n, SOCKET s,
		      unsigned int which)
{
	unsigned int j;
	int r;

	if (s > INT_MAX)
		return -WSAENOTSOCK;
	for (j = 0; j < *n; j++) {
		if (e[j].s == s) {
			e[j].sets |= which;
			return 0;
		}
	}
	/* An AcceptEx's accept socket becomes its connection first. */
	if (ws_table_get((int)s) & WS_ENT_ACCEPTING)
		ws_accept_collect((int)s);
	r = ws_table_enter((int)s, &e[*n].token);
	if (r < 0)
		return r;
	e[*n].s = s;
	e[*n].sets = which;
	e[*n].ready = 0;
	(*n)++;
	return 0;
}

/*
 * A socket closed by closesocket or WSACleanup in this process during the
 * select: it ends the wait (Wine test_select: closesocket in another
 * thread wakes select, which returns the socket, in readfds), reported
 * ready in the read and write sets it was asked for: a call on it would
 * not block. Asked for in exceptfds only, it fails the select with
 * WSAENOTSOCK, the sets emptied (Wine test_select).
 */
static unsigned int closed_ready(const struct sel *e)
{
	return e->sets & (IN_READ | IN_WRITE);
}

/*
 * The sets emptied, for a select that fails on a socket closed meanwhile;
 * *@emptied tells select() to write them out all the same.
 */
static int closed_unready(struct wset sets[3], int *emptied)
{
	int k;

	for (k = 0; k < 3; k++)
		sets[k].count = 0;
	*emptied = 1;
	return -WSAENOTSOCK;
}

#define WAKE_FD		0x1
#define WAKE_APC	0x2

/*
 * The wait: the module's WS_IOC_POLL with poll(2)'s bits, alertable, the
 * thread's eventfd @efd (or -1) ending it too; *@woken says what ended it
 * besides the sockets (WAKE_*). @left: ns, negative for ever. Without the
 * device (no permission on /dev/ws, a module without WS_IOC_POLL, more
 * sockets than it polls at once, more than RLIMIT_NOFILE), plain poll(2),
 * not alertable.
 */
static int select_poll(struct wsys_pollfd *pfd, unsigned int n, int efd,
		       int64_t left, unsigned int *woken)
{
	uint64_t deadline = 0;
	unsigned int result = 0;
	int r;

	*woken = 0;
	if (left < 0)
		deadline = WS_DEADLINE_INFINITE;
	else if (left > 0)
		deadline = (uint64_t)now_ns() + (uint64_t)left;
	r = -EINVAL;
	if (n <= WSDEV_MAX_POLL_FDS)
		/* Alertable when it may wait: a mere look runs no APC. */
		r = wsdev_poll(pfd, n, efd, WSDEV_POLL_LINUX |
			       (left ? WSDEV_POLL_ALERTABLE : 0), deadline,
			       &result);
	if (r >= 0) {
		if (result & WSDEV_POLL_WOKEN_FD)
			*woken |= WAKE_FD;
		if (result & WSDEV_POLL_WOKEN_APC)
			*woken |= WAKE_APC;
		return r;
	}
	if (!wsdev_poll_missing(r))
		return -ws_errno_to_wsa(-r);
	/* The eventfd rides along as one more pollfd. */
	if (efd >= 0) {
		pfd[n].fd = efd;
		pfd[n].events = WSYS_POLLIN;
		pfd[n].revents = 0;
	}
	r = wsys_poll(pfd, n + (efd >= 0), left);
	if (r > 0 && efd >= 0 && pfd[n].revents) {
		*woken |= WAKE_FD;
		r--;
	}
	return r;
}

static int do_select(struct wset sets[3], struct sel *e,
		     struct wsys_pollfd *pfd, const struct timeval *timeout,
		     int *emptied)
{
	static const unsigned int which[3] = { IN_READ, IN_WRITE, IN_EXCEPT };
	int64_t left = -1, deadline = 0;
	unsigned int n = 0, i, nready, registered = 0, woken;
	struct ws_waiter w;
	eventfd_t drain;
	int r, k, fd;
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

	/*
	 * The sockets are counted in the table while select waits on them,
	 * and the thread registered as a waiter, so that closesocket in
	 * another thread wakes it (see table.c). A select that does not
	 * wait needs neither registration nor wake-up.
	 */
	for (k = 0; k < 3; k++) {
		for (j = 0; j < sets[k].count; j++) {
			r = add_socket(e, &n, sets[k].array[j], which[k]);
			if (r < 0)
				goto out;
		}
	}
	for (i = 0; i < n; i++)
		pfd[i].fd = (int)e[i].s;
	if (left && ws_table_wait_begin(&w, pfd, n) == 0)
		registered = 1;

	for (;;) {
		nready = 0;
		for (i = 0; i < n; i++) {
			unsigned int ent;

			pfd[i].revents = 0;
			fd = pfd[i].fd >= 0 ? pfd[i].fd : ~pfd[i].fd;
			/* Closed meanwhile by this process: done. */
			if (ws_table_closed(fd, e[i].token)) {
				e[i].ready = closed_ready(&e[i]);
				if (!e[i].ready) {
					r = closed_unready(sets, emptied);
					goto out;
				}
				nready++;
				pfd[i].fd = ~fd;
				continue;
			}
			if (pfd[i].fd < 0)
				continue;	/* left out: see below */
			ent = ws_table_get(pfd[i].fd);
			pfd[i].events = poll_events(&e[i], ent);
			/* A failed connect is ready without waiting. */
			if ((ent & WS_ENT_STREAM) && (ent & WS_ENT_CONNFAILED) &&
			    (e[i].sets & IN_EXCEPT)) {
				e[i].ready = IN_EXCEPT;
				nready++;
			}
		}
		r = select_poll(pfd, n, registered ? w.efd : -1,
				nready ? 0 : left, &woken);
		if (r < 0)
			goto out;
		if (woken & WAKE_FD)	/* a close: see above */
			eventfd_read(w.efd, &drain);
		if (r == 0 && !nready) {
			if (!woken)
				break;		/* timeout: nothing ready */
			/* Waiting, select is alertable (Wine test_select). */
			if (woken & WAKE_APC)
				ws_run_apcs();
			if (timeout) {
				left = deadline - now_ns();
				if (left <= 0)
					left = 0;	/* one last look */
			}
			continue;
		}

		for (i = 0; i < n; i++) {
			unsigned int ent;

			if (!pfd[i].revents)
				continue;
			fd = pfd[i].fd;
			if (pfd[i].revents & WSYS_POLLNVAL) {
				if (!ws_table_closed(fd, e[i].token)) {
					r = -WSAENOTSOCK; /* close(2) meanwhile */
					goto out;
				}
				e[i].ready = closed_ready(&e[i]);
				if (!e[i].ready) {
					r = closed_unready(sets, emptied);
					goto out;
				}
				nready++;
				pfd[i].fd = ~fd;
				continue;
			}
			ent = ws_table_get(fd);
			e[i].ready = winsock_ready(fd, pfd[i].revents, ent) &
				     e[i].sets;
			if (e[i].ready)
				nready++;
			else if (!(ent & WS_ENT_CONNECTING) ||
				 (pfd[i].revents & ~WSYS_POLLOUT))
				pfd[i].fd = ~fd;	/* woke poll, not ready */
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
	if (registered)
		ws_table_wait_end(&w);
	for (i = 0; i < n; i++)
		ws_table_leave((int)e[i].s);
	return r;
}

/*
 * A set passed again as a later argument (@dup, the same fd_set as @set):
 * its ready sockets join @set's, each once. Both were read from the same
 * memory, so @set's array has room for them all.
 */
static void merge_set(struct wset *set, const struct wset *dup)
{
	u_int i, k;

	for (i = 0; i < dup->count; i++) {
		for (k = 0; k < set->count && set->array[k] != dup->array[i]; k++)
			;
		if (k == set->count)
			set->array[set->count++] = dup->array[i];
	}
}

/* The memory of one select: the sets' sockets, the sockets, the pollfds. */
struct select_mem {
	SOCKET			*arrays;
	struct sel		*e;
	struct wsys_pollfd	*pfd;
	void			*heap;		/* to free, or NULL */
};

static int select_mem(struct select_mem *m, size_t total, void *stack,
		      size_t stack_size)
{
	/* One pollfd more: the thread's wake-up eventfd. */
	size_t size = total * (sizeof(SOCKET) + sizeof(struct sel) +
			       sizeof(struct wsys_pollfd)) +
		      sizeof(struct wsys_pollfd);
	char *p = stack;

	m->heap = NULL;
	if (size > stack_size) {
		p = m->heap = malloc(size);
		if (!p)
			return -WSAEFAULT;	/* "unable to allocate" */
	}
	/* In decreasing alignment: struct sel, SOCKET, pollfd. */
	m->e = (struct sel *)p;
	m->arrays = (SOCKET *)(p + total * sizeof(struct sel));
	m->pfd = (struct wsys_pollfd *)(p + total * (sizeof(struct sel) +
						     sizeof(SOCKET)));
	return 0;
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
 * be a ws socket of this process (WSAENOTSOCK); each set holds at most
 * SELECT_MAX sockets (WSAEFAULT otherwise).
 *
 * Return: the number of sockets ready in the three sets together, 0 on
 * timeout, SOCKET_ERROR.
 */
LIBWS_EXPORT int WSAAPI select(int nfds, fd_set FAR *readfds,
			       fd_set FAR *writefds, fd_set FAR *exceptfds,
			       const struct timeval FAR *timeout)
{
	fd_set *user[3] = { readfds, writefds, exceptfds };
	union {
		struct sel	e;
		char		bytes[SELECT_STACK * (sizeof(SOCKET) +
						      sizeof(struct sel) +
						      sizeof(struct wsys_pollfd)) +
				      sizeof(struct wsys_pollfd)];
	} stack;
	struct wsys_span span[2 * 3];
	struct select_mem m;
	struct wset sets[3];
	struct timeval tv;
	unsigned int n = 0;
	size_t total = 0;
	int alias[3] = { -1, -1, -1 };
	int emptied = 0, j, k, r;

	(void)nfds;
	if (!ws_started())
		return ws_fail(-WSANOTINITIALISED);

	/* The counts and the timeout, in one copy. */
	memset(sets, 0, sizeof(sets));
	for (k = 0; k < 3; k++) {
		sets[k].user = user[k];
		if (user[k])
			span[n++] = (struct wsys_span){ &sets[k].count,
				&user[k]->fd_count, sizeof(sets[k].count) };
	}
	if (timeout)
		span[n++] = (struct wsys_span){ &tv, timeout, sizeof(tv) };
	if (wsys_copy_in_spans(span, n) < 0)
		return ws_fail(-WSAEFAULT);
	for (k = 0; k < 3; k++) {
		if (sets[k].count > SELECT_MAX)
			return ws_fail(-WSAEFAULT);
		total += sets[k].count;
	}
	if (!total)
		return ws_fail(-WSAEINVAL);

	/* The sockets, in one allocation and one copy. */
	r = select_mem(&m, total, &stack, sizeof(stack));
	if (r < 0)
		return ws_fail(r);
	n = 0;
	total = 0;
	for (k = 0; k < 3; k++) {
		sets[k].array = m.arrays + total;
		total += sets[k].count;
		if (sets[k].count)
			span[n++] = (struct wsys_span){ sets[k].array,
				user[k]->fd_array,
				sets[k].count * sizeof(SOCKET) };
	}
	r = wsys_copy_in_spans(span, n) < 0 ? -WSAEFAULT : 0;

	if (r == 0)
		r = do_select(sets, m.e, m.pfd, timeout ? &tv : NULL, &emptied);

	/* A set passed twice is one result (Wine test_select). */
	for (k = 1; k < 3; k++) {
		for (j = 0; j < k && alias[k] < 0; j++) {
			if (user[k] && user[j] == user[k] && alias[j] < 0)
				alias[k] = j;
		}
		if (alias[k] >= 0 && r > 0) {
			r -= (int)(sets[alias[k]].count + sets[k].count);
			merge_set(&sets[alias[k]], &sets[k]);
			r += (int)sets[alias[k]].count;
		}
	}

	/* The results: each set's count and the sockets kept, in one copy. */
	if (r >= 0 || emptied) {
		n = 0;
		for (k = 0; k < 3; k++) {
			if (!user[k] || alias[k] >= 0)
				continue;
			span[n++] = (struct wsys_span){ &user[k]->fd_count,
				&sets[k].count, sizeof(sets[k].count) };
			if (sets[k].count)
				span[n++] = (struct wsys_span){
					user[k]->fd_array, sets[k].array,
					sets[k].count * sizeof(SOCKET) };
		}
		if (wsys_copy_out_spans(span, n) < 0 && r >= 0)
			r = -WSAEFAULT;
	}
	free(m.heap);
	if (r < 0)
		return ws_fail(r);
	ws_set_error(0);	/* as Windows' Winsock functions do */
	return r;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The process's table of ws sockets, indexed by file descriptor.
 *
 * A SOCKET of libws is the descriptor of a ws socket. Every entry point
 * looks its SOCKET up here first, so a descriptor that is not a ws socket
 * created (or accepted) by libws fails with WSAENOTSOCK without a system
 * call, and so the few facts libws needs about a socket (address family,
 * type, blocking mode, a connect under way) need no system call either.
 *
 * Entries
 * -------
 * Each entry has the socket's WS_ENT_* flags (0: no socket of libws), the
 * identity of its open file (st_dev and st_ino, taken when libws created
 * it), the fork generation that created it, and how many threads of this
 * process are in a blocking call on it.
 *
 *  - Identity: a program may close a SOCKET with close(2), and the number
 *    may then be reused by a file or a socket libws did not create. Before
 *    libws closes a descriptor (closesocket, WSACleanup) it checks that the
 *    descriptor is still the socket it created (ws_table_verify()): a
 *    library must never close what it does not own.
 *  - Fork generation: proc_gen counts the forks between the process that
 *    loaded libws and this one (ws_table_fork()). A socket of an older
 *    generation was inherited: the parent may still use it, so WSACleanup
 *    here closes this process's descriptor without resetting the
 *    connection.
 *  - Blocked threads: a thread of this process in a blocking recv, send,
 *    accept or connect is counted in busy (ws_table_enter/leave), tagged
 *    with the generation, so that a count inherited from the parent's
 *    threads means nothing in the child. closesocket and WSACleanup ask the
 *    module to cancel blocked calls only when this process has some: a
 *    child closing its copy of an inherited listener cancels nothing of
 *    its parent's.
 *
 * Layout: a fixed top-level array of chunk pointers, each chunk an entry
 * per descriptor, allocated the first time a descriptor in its range is
 * used and never freed while the process lives. Readers load the chunk
 * pointer and the flags with acquire ordering and take no lock; writers
 * publish a new chunk with compare-and-swap, fill the other fields of an
 * entry before they store its flags (release), and change flags with
 * atomic operations. Descriptors from WS_TABLE_MAX_FD up are refused.
 *
 * Closing and blocked calls: ws_table_enter() counts the caller in busy and
 * then looks at the flags; ws_table_remove() clears the flags and then
 * reads busy. Both are sequentially consistent, so either the entering
 * thread sees the socket gone, or the closer sees the thread and cancels
 * its call (the module's WS_IOC_CANCEL_BLOCKING, and the waiter's eventfd
 * for a thread waiting in poll(2): ws_table_wait_begin()). select counts
 * its threads the same way, so that closesocket wakes it.
 *
 * Races between threads on one SOCKET (closing it in one thread while
 * another uses it) behave like the same race on Windows: the other thread
 * may see WSAENOTSOCK or act on a reused descriptor.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/stat.h>

#include <linux/ws.h>

#include "internal.h"

#define CHUNK_BITS	WS_TABLE_CHUNK_BITS
#define CHUNK_SIZE	WS_TABLE_CHUNK_SIZE
#define NCHUNKS		WS_TABLE_NCHUNKS

/* struct ws_entry is in internal.h, for the inline ws_table_get(). */
struct ws_entry *_Atomic ws_table_chunks[NCHUNKS];

/* Forks since libws was loaded; changed only in a child being created. */
static uint32_t proc_gen;

static struct ws_entry *entry(int fd, int create)
{
	struct ws_entry *chunk, *fresh, *expected = NULL;
	unsigned int idx;

	if (fd < 0 || fd >= WS_TABLE_MAX_FD)
		return NULL;
	idx = (unsigned int)fd >> CHUNK_BITS;
	chunk = atomic_load_explicit(&ws_table_chunks[idx], memory_order_acquire);
	if (chunk || !create)
		return chunk ? &chunk[fd & (CHUNK_SIZE - 1)] : NULL;

	fresh = calloc(CHUNK_SIZE, sizeof(*fresh));
	if (!fresh)
		return NULL;
	if (atomic_compare_exchange_strong_explicit(&ws_table_chunks[idx],
						    &expected, fresh,
						    memory_order_acq_rel,
						    memory_order_acquire)) {
		chunk = fresh;
	} else {
		free(fresh);
		chunk = expected;
	}
	return &chunk[fd & (CHUNK_SIZE - 1)];
}

/*
 * The id map (see internal.h): kernel socket id -> descriptor, for the
 * sockets that had WSAAsyncSelect, so that a message's wParam becomes the
 * SOCKET again. A chained hash keyed by id, and the id of each descriptor
 * (to forget it when the socket closes), all under ids_lock. Only sockets
 * with WS_ENT_ASYNC are in it.
 */
#define ID_BUCKETS	256

struct id_node {
	uint64_t	id;
	int		fd;
	struct id_node	*next;
};

static pthread_mutex_t ids_lock = PTHREAD_MUTEX_INITIALIZER;
static struct id_node *id_hash[ID_BUCKETS];	/* under ids_lock */
static struct id_node **fd_ids[NCHUNKS];	/* under ids_lock */

static unsigned int id_bucket(uint64_t id)
{
	return (unsigned int)((id * 0x9e3779b97f4a7c15ull) >> 56);
}

void ws_ids_lock(void)
{
	pthread_mutex_lock(&ids_lock);
}

void ws_ids_unlock(void)
{
	pthread_mutex_unlock(&ids_lock);
}

/* The node slot of @fd, allocated with @create; NULL if none. */
static struct id_node **fd_slot(int fd, int create)
{
	unsigned int idx = (unsigned int)fd >> CHUNK_BITS;

	if (!fd_ids[idx] && create)
		fd_ids[idx] = calloc(CHUNK_SIZE, sizeof(*fd_ids[idx]));
	return fd_ids[idx] ? &fd_ids[idx][fd & (CHUNK_SIZE - 1)] : NULL;
}

static void id_unlink(struct id_node *n)
{
	struct id_node **pp = &id_hash[id_bucket(n->id)];

	while (*pp && *pp != n)
		pp = &(*pp)->next;
	if (*pp)
		*pp = n->next;
}

/* Forgets the id of @fd; takes ids_lock. */
static void id_forget(int fd)
{
	struct id_node **slot, *n = NULL;

	pthread_mutex_lock(&ids_lock);
	slot = fd_slot(fd, 0);
	if (slot && *slot) {
		n = *slot;
		*slot = NULL;
		id_unlink(n);
	}
	pthread_mutex_unlock(&ids_lock);
	free(n);
}

/**
 * ws_table_set_id_locked() - record a socket's kernel id
 * @fd: the socket, in the table
 * @id: its WS_IOC_GET_ID
 *
 * Context: ws_ids_lock() held.
 * Return: 0, -ENOMEM, -EBADF if @fd is not (or no longer) in the table.
 */
int ws_table_set_id_locked(int fd, uint64_t id)
{
	struct id_node **slot, *n;
	struct ws_entry *e = entry(fd, 0);
	uint32_t old;

	if (!e)
		return -EBADF;
	slot = fd_slot(fd, 1);
	if (!slot)
		return -ENOMEM;
	if (!*slot || (*slot)->id != id) {
		n = malloc(sizeof(*n));
		if (!n)
			return -ENOMEM;
		if (*slot) {
			id_unlink(*slot);
			free(*slot);
		}
		n->id = id;
		n->fd = fd;
		n->next = id_hash[id_bucket(id)];
		id_hash[id_bucket(id)] = n;
		*slot = n;
	}
	/* Mark the entry, unless the socket was closed meanwhile: then
	 * ws_table_remove() did not see the mark and the node goes here. */
	old = atomic_load_explicit(&e->flags, memory_order_acquire);
	do {
		if (!old) {
			n = *slot;
			*slot = NULL;
			id_unlink(n);
			free(n);
			return -EBADF;
		}
	} while (!atomic_compare_exchange_weak_explicit(&e->flags, &old,
				old | WS_ENT_ASYNC,
				memory_order_acq_rel, memory_order_acquire));
	return 0;
}

/**
 * ws_table_fd_of_id() - the socket a kernel id belongs to
 * @id: a WSAAsyncSelect message's wParam
 *
 * Return: the descriptor, or -1 if no open socket of libws has that id (it
 * was closed since the message was posted).
 */
int ws_table_fd_of_id(uint64_t id)
{
	struct id_node *n;
	int fd = -1;

	pthread_mutex_lock(&ids_lock);
	for (n = id_hash[id_bucket(id)]; n; n = n->next) {
		if (n->id == id) {
			fd = n->fd;
			break;
		}
	}
	pthread_mutex_unlock(&ids_lock);
	return fd;
}

/**
 * ws_table_add() - record a ws socket libws has just created
 * @fd: its descriptor
 * @flags: WS_ENT_* flags; WS_ENT_USED is added
 *
 * Records the identity of the descriptor's file (fstat) with it.
 *
 * Return: 0, -EMFILE if @fd is beyond the table, -ENOMEM, -errno of fstat.
 */
int ws_table_add(int fd, unsigned int flags)
{
	struct ws_entry *e;
	struct stat st;

	if (fd < 0 || fd >= WS_TABLE_MAX_FD)
		return -EMFILE;
	if (fstat(fd, &st))
		return -errno;
	e = entry(fd, 1);
	if (!e)
		return -ENOMEM;
	atomic_store_explicit(&e->dev, (uint64_t)st.st_dev, memory_order_relaxed);
	atomic_store_explicit(&e->ino, (uint64_t)st.st_ino, memory_order_relaxed);
	atomic_store_explicit(&e->gen, proc_gen, memory_order_relaxed);
	atomic_store_explicit(&e->flags, flags | WS_ENT_USED,
			      memory_order_release);
	return 0;
}

/**
 * ws_table_refresh() - the descriptor now holds another ws socket
 * @fd: a descriptor in the table, just replaced by libws (dup3)
 *
 * Records the identity of its new file.
 *
 * Return: 0, -errno of fstat.
 */
int ws_table_refresh(int fd)
{
	struct ws_entry *e = entry(fd, 0);
	struct stat st;

	if (!e)
		return -EBADF;
	if (fstat(fd, &st))
		return -errno;
	atomic_store_explicit(&e->dev, (uint64_t)st.st_dev, memory_order_relaxed);
	atomic_store_explicit(&e->ino, (uint64_t)st.st_ino, memory_order_release);
	return 0;
}

void ws_table_set_bits(int fd, unsigned int bits)
{
	struct ws_entry *e = entry(fd, 0);

	if (e)
		atomic_fetch_or_explicit(&e->flags, bits, memory_order_acq_rel);
}

void ws_table_clear_bits(int fd, unsigned int bits)
{
	struct ws_entry *e = entry(fd, 0);

	if (e)
		atomic_fetch_and_explicit(&e->flags, ~bits,
					  memory_order_acq_rel);
}

/* Whether @e's recorded identity is @fd's open file now. */
static int same_file(struct ws_entry *e, int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return 0;
	return (uint64_t)st.st_dev ==
	       atomic_load_explicit(&e->dev, memory_order_relaxed) &&
	       (uint64_t)st.st_ino ==
	       atomic_load_explicit(&e->ino, memory_order_relaxed);
}

/**
 * ws_table_verify() - is a SOCKET's descriptor still the socket libws made?
 * @fd: a descriptor in the table
 *
 * A descriptor closed with close(2) behind libws's back may have been
 * reused by a file or by a socket libws did not create. One fstat.
 *
 * Return: 0 if it is, -WSAENOTSOCK if not.
 */
int ws_table_verify(int fd)
{
	struct ws_entry *e = entry(fd, 0);

	if (!e || !atomic_load_explicit(&e->flags, memory_order_acquire) ||
	    !same_file(e, fd))
		return -WSAENOTSOCK;
	return 0;
}

/* The busy count of @e that belongs to this process. */
static uint32_t busy_here(struct ws_entry *e)
{
	uint64_t b = atomic_load(&e->busy);	/* seq_cst: see the top */

	return (uint32_t)(b >> 32) == proc_gen ? (uint32_t)b : 0;
}

/**
 * ws_table_enter() - a thread starts a blocking call on a socket
 * @fd: the socket
 * @token: out: what ws_table_closed() compares with
 *
 * Counts the thread in the entry's busy count, then checks that the socket
 * is still there: a closesocket racing with the call either sees the count
 * or is seen here.
 *
 * Return: 0 (the caller must call ws_table_leave()), or -WSAENOTSOCK.
 */
int ws_table_enter(int fd, uint64_t *token)
{
	struct ws_entry *e = entry(fd, 0);
	uint64_t old, new;

	if (!e)
		return -WSAENOTSOCK;
	old = atomic_load_explicit(&e->busy, memory_order_relaxed);
	do {
		if ((uint32_t)(old >> 32) != proc_gen)
			new = (uint64_t)proc_gen << 32 | 1;
		else
			new = old + 1;
	} while (!atomic_compare_exchange_weak(&e->busy, &old, new));
	if (!atomic_load(&e->flags)) {
		ws_table_leave(fd);
		return -WSAENOTSOCK;
	}
	*token = atomic_load_explicit(&e->ino, memory_order_relaxed);
	return 0;
}

/* The thread's blocking call on @fd is over. */
void ws_table_leave(int fd)
{
	struct ws_entry *e = entry(fd, 0);

	if (e)
		atomic_fetch_sub(&e->busy, 1);
}

/**
 * ws_table_closed() - was the socket of a blocking call closed meanwhile?
 * @fd: the socket
 * @token: from ws_table_enter()
 *
 * Tells a call cancelled by closesocket or WSACleanup in this process (the
 * entry is gone, or is another socket's now) from one interrupted by a
 * signal.
 *
 * Return: 1 if it was closed, 0 if it is still the same socket.
 */
int ws_table_closed(int fd, uint64_t token)
{
	struct ws_entry *e = entry(fd, 0);

	return !e || !atomic_load(&e->flags) ||
	       atomic_load_explicit(&e->ino, memory_order_relaxed) != token;
}

/**
 * ws_table_inherited() - was the socket created before this process forked?
 * @fd: a descriptor in the table
 *
 * Return: 1 if another process (the parent) may share it.
 */
int ws_table_inherited(int fd)
{
	struct ws_entry *e = entry(fd, 0);

	return e && atomic_load_explicit(&e->gen, memory_order_relaxed) !=
		    proc_gen;
}

/**
 * ws_table_remove() - forget a descriptor, before it is closed
 * @fd: the descriptor
 *
 * Called before close(2), so that a descriptor number reused by another
 * thread's new socket right after the close is not forgotten instead.
 *
 * Return: how many threads of this process are in a blocking call on it
 * (they must be woken: ws_table_cancel()).
 */
unsigned int ws_table_remove(int fd)
{
	struct ws_entry *e = entry(fd, 0);

	if (!e)
		return 0;
	if (atomic_exchange(&e->flags, 0) & WS_ENT_ASYNC)
		id_forget(fd);
	return busy_here(e);
}

/*
 * Threads waiting in poll(2) on sockets, in a blocking call libws finishes
 * itself (ws_table_poll()) or in select: each registers with its thread's
 * wake-up eventfd (ws_tls_wake_fd()), which ws_table_cancel() signals when
 * one of its sockets is closed in this process, since closing a descriptor
 * does not end a poll(2) on it (and the module's cancellation need not
 * either). A waiter that was signalled reads its eventfd empty when it
 * unregisters. Under waiters_lock; nwaiters lets closesocket skip the lock
 * when nobody waits.
 */
static pthread_mutex_t waiters_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ws_waiter *waiters;	/* under waiters_lock */
static atomic_uint nwaiters;

/**
 * ws_table_wait_begin() - register a thread about to poll sockets
 * @w: the registration, on the caller's stack
 * @pfd: the pollfds of the sockets (an fd < 0 is ~ a socket left out of
 *       the poll, still watched for its close)
 * @n: how many
 *
 * Fills @w->efd, the thread's eventfd, to be polled for WSYS_POLLIN with
 * the sockets: readable when one of them is closed. Call
 * ws_table_wait_end() after the poll.
 *
 * Return: 0, or -errno when the thread has no eventfd.
 */
int ws_table_wait_begin(struct ws_waiter *w, const struct wsys_pollfd *pfd,
			unsigned int n)
{
	w->efd = ws_tls_wake_fd();
	if (w->efd < 0)
		return w->efd;
	w->pfd = pfd;
	w->n = n;
	w->woken = 0;
	pthread_mutex_lock(&waiters_lock);
	w->next = waiters;
	waiters = w;
	pthread_mutex_unlock(&waiters_lock);
	atomic_fetch_add(&nwaiters, 1);	/* seq_cst: see ws_table_remove */
	return 0;
}

/* The poll is over: unregisters @w. */
void ws_table_wait_end(struct ws_waiter *w)
{
	struct ws_waiter **pp;
	eventfd_t v;

	atomic_fetch_sub(&nwaiters, 1);
	pthread_mutex_lock(&waiters_lock);
	for (pp = &waiters; *pp && *pp != w; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = w->next;
	pthread_mutex_unlock(&waiters_lock);
	if (w->woken)
		eventfd_read(w->efd, &v);	/* empty for the next wait */
}

static int waiter_has(const struct ws_waiter *w, int fd)
{
	unsigned int i;

	for (i = 0; i < w->n; i++) {
		if (w->pfd[i].fd == fd || w->pfd[i].fd == ~fd)
			return 1;
	}
	return 0;
}

/* Wakes the threads waiting on @fd, being closed. */
static void wake_waiters(int fd)
{
	struct ws_waiter *w;

	if (!atomic_load(&nwaiters))
		return;
	pthread_mutex_lock(&waiters_lock);
	for (w = waiters; w; w = w->next) {
		if (!w->woken && waiter_has(w, fd)) {
			eventfd_write(w->efd, 1);
			w->woken = 1;
		}
	}
	pthread_mutex_unlock(&waiters_lock);
}

/**
 * ws_table_poll() - wait for a socket in a blocking call, cancellably
 * @fd: the socket, entered with ws_table_enter()
 * @token: from ws_table_enter()
 * @events: WSYS_POLL* events
 * @timeout_ns: longest wait; negative waits forever
 *
 * For blocking calls that libws finishes itself (after a signal, with a
 * timeout to respect): the wait ends when the socket is ready, when the
 * time is up, or when closesocket or WSACleanup in this process closes
 * it, whatever the module's WS_IOC_CANCEL_BLOCKING does to poll(2).
 * Signals do not end it.
 *
 * Return: the socket's revents (> 0), 0 on timeout, -WSAEINTR when the
 * socket was closed, -errno.
 */
int ws_table_poll(int fd, uint64_t token, short events, int64_t timeout_ns)
{
	return ws_table_poll_ex(fd, token, events, timeout_ns, 0);
}

/*
 * The wait of ws_table_poll_ex(), alertable: the module's WS_IOC_POLL with
 * poll(2)'s bits, APCs run when they end it with nothing ready. @pfd[1] is
 * the eventfd, @token the socket's from ws_table_enter(). Returns what
 * wsys_poll() would, or wsdev_poll_missing()'s errors without the device.
 */
static int poll_alertable(struct wsys_pollfd pfd[2], int64_t timeout_ns,
			  uint64_t token)
{
	uint64_t deadline = WS_DEADLINE_INFINITE;
	unsigned int result;
	int r;

	if (timeout_ns >= 0)
		deadline = timeout_ns ? wsys_now_ns() + (uint64_t)timeout_ns : 0;
	for (;;) {
		r = wsdev_poll(pfd, 1, pfd[1].fd,
			       WSDEV_POLL_ALERTABLE | WSDEV_POLL_LINUX,
			       deadline, &result);
		if (r < 0)
			return r;
		if (result & WSDEV_POLL_WOKEN_FD) {
			pfd[1].revents = WSYS_POLLIN;
			return r + 1;
		}
		if (r > 0 || !(result & WSDEV_POLL_WOKEN_APC))
			return r;
		ws_run_apcs();
		/* A wait in an APC may have taken the close's wake-up. */
		if (ws_table_closed(pfd[0].fd, token)) {
			pfd[1].revents = WSYS_POLLIN;
			return 1;
		}
		if (deadline && deadline != WS_DEADLINE_INFINITE &&
		    wsys_now_ns() >= deadline)
			deadline = 0;	/* one last look */
	}
}

/**
 * ws_table_poll_ex() - ws_table_poll(), alertable if asked
 * @fd: the socket, entered with ws_table_enter()
 * @token: from ws_table_enter()
 * @events: WSYS_POLL* events
 * @timeout_ns: longest wait; negative waits forever
 * @alertable: APCs queued to the thread run while it waits (the module's
 *             poll; poll(2) without the device)
 *
 * Return: as ws_table_poll().
 */
int ws_table_poll_ex(int fd, uint64_t token, short events, int64_t timeout_ns,
		     int alertable)
{
	struct wsys_pollfd pfd[2];
	struct ws_waiter w;
	int r;

	pfd[0].fd = fd;
	pfd[0].events = events;
	pfd[0].revents = 0;
	r = ws_table_wait_begin(&w, pfd, 1);
	if (r < 0)
		return r;
	if (ws_table_closed(fd, token)) {
		r = -WSAEINTR;
	} else {
		pfd[1].fd = w.efd;
		pfd[1].events = WSYS_POLLIN;
		pfd[1].revents = 0;
		r = -ENOENT;
		if (alertable)
			r = poll_alertable(pfd, timeout_ns, token);
		if (wsdev_poll_missing(r))
			r = wsys_poll(pfd, 2, timeout_ns);
		/* Woken by the close, or by what the module's cancellation
		 * did to the socket before the close's own wake-up. */
		if (r > 0 && (pfd[1].revents || ws_table_closed(fd, token)))
			r = -WSAEINTR;
		else if (r > 0)
			r = pfd[0].revents;
	}
	ws_table_wait_end(&w);
	return r;
}

/**
 * ws_table_cancel() - wake this process's threads blocked on a socket
 * @fd: the socket, removed from the table, about to be closed
 *
 * closesocket page: "Any pending blocking ... calls issued by any thread in
 * this process are canceled". The module makes the blocked calls fail with
 * EINTR (WS_IOC_CANCEL_BLOCKING), which libws reports as WSAEINTR since
 * the socket is gone from the table; a module without that ioctl gets
 * shutdown(SD_BOTH), which wakes blocked recv and send. Threads waiting
 * in poll(2) on it (ws_table_poll(), select) are woken too.
 */
void ws_table_cancel(int fd)
{
	if (wsys_cancel_blocking(fd) == -ENOTTY)
		wsys_shutdown(fd, 2);
	wake_waiters(fd);
}

/*
 * The final WSACleanup's cancellation of one socket, before it is closed.
 * A socket created in this process is to be reset (SO_LINGER {1, 0}:
 * "Any sockets open when WSACleanup is called are reset"); an inherited
 * one is only closed, since the other process may still use it and a
 * reset would break its connection; so is one shared with another process
 * by WSADuplicateSocket (WS_ENT_SHARED, on both sides).
 */
static void cleanup_cancel(struct ws_entry *e, int fd, uint32_t flags,
			   uint32_t busy)
{
	const struct ws_linger abortive = { .l_onoff = 1, .l_linger = 0 };

	if (atomic_load_explicit(&e->gen, memory_order_relaxed) == proc_gen &&
	    !(flags & WS_ENT_SHARED))
		wsys_setsockopt(fd, WS_SOL_SOCKET, WS_SO_LINGER, &abortive,
				sizeof(abortive));
	if (busy)
		ws_table_cancel(fd);
}

/**
 * ws_table_close_all() - close every ws socket of the process
 *
 * For the final WSACleanup(): "Any sockets open when WSACleanup is called
 * are reset and automatically deallocated as if closesocket was called",
 * and "any pending blocking ... calls issued by any thread in this process
 * are canceled" (cleanup_cancel()). Every socket is forgotten and its
 * blocked calls cancelled before any is closed, so that a blocked call
 * fails with WSAEINTR rather than with the reset of a peer socket of this
 * process closed first. A descriptor that is no longer the socket libws
 * created (closed with close(2) and reused) is forgotten and left alone.
 */
void ws_table_close_all(void)
{
	int *doomed = NULL, *grown;
	size_t n = 0, cap = 0, k;
	unsigned int i, j;

	for (i = 0; i < NCHUNKS; i++) {
		struct ws_entry *chunk = atomic_load_explicit(&ws_table_chunks[i],
						memory_order_acquire);

		if (!chunk)
			continue;
		for (j = 0; j < CHUNK_SIZE; j++) {
			struct ws_entry *e = &chunk[j];
			int fd = (int)(i << CHUNK_BITS | j);
			uint32_t old;

			if (!atomic_load_explicit(&e->flags,
						  memory_order_relaxed))
				continue;
			old = atomic_exchange(&e->flags, 0);
			if (old & WS_ENT_ASYNC)
				id_forget(fd);
			if (!old || !same_file(e, fd))
				continue;
			cleanup_cancel(e, fd, old, busy_here(e));
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				grown = realloc(doomed, cap * sizeof(*doomed));
				if (!grown) {
					close(fd);	/* no memory: now */
					cap = n;
					continue;
				}
				doomed = grown;
			}
			doomed[n++] = fd;
		}
	}
	for (k = 0; k < n; k++)
		close(doomed[k]);
	free(doomed);
}

/**
 * ws_table_fork() - the table's part of fork()
 * @phase: before the fork, after it in the parent, or in the child
 *
 * The locks are held across the fork so that the child gets them in a
 * consistent state. The child is a new generation: what the table holds
 * was inherited, and no thread of the child is blocked or waiting on any
 * socket (the waiters are the parent's threads; the child's thread gets
 * an eventfd of its own: ws_tls_fork_child()).
 */
void ws_table_fork(enum ws_fork_phase phase)
{
	switch (phase) {
	case WS_FORK_PREPARE:
		pthread_mutex_lock(&ids_lock);
		pthread_mutex_lock(&waiters_lock);
		break;
	case WS_FORK_PARENT:
		pthread_mutex_unlock(&waiters_lock);
		pthread_mutex_unlock(&ids_lock);
		break;
	case WS_FORK_CHILD:
		proc_gen++;
		waiters = NULL;		/* the parent's threads' */
		atomic_store(&nwaiters, 0);
		pthread_mutex_unlock(&waiters_lock);
		pthread_mutex_unlock(&ids_lock);
		break;
	}
}

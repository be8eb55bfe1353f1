// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Per-thread state: the Winsock error code (WSAGetLastError), the buffers
 * behind the pointers that gethostby*, getservby*, getprotoby* and
 * inet_ntoa return ("only one copy of this structure is allocated per
 * thread"), and the eventfd through which closesocket wakes the thread
 * when it waits in poll(2) on a socket being closed (table.c). The buffers
 * grow on demand; all is freed when the thread exits.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "internal.h"

struct ws_tls {
	void	*buf[WS_TLS_NBUF];
	size_t	size[WS_TLS_NBUF];
	int	wake_fd;		/* -1 until made */
};

__thread int ws_last_error;		/* ws_set_error(), ws_get_error() */
static __thread struct ws_tls *tls;
static pthread_key_t tls_key;
static int tls_key_ok;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;

/*
 * The key's destructor, run in the exiting thread. The thread-local
 * pointer is cleared first: a destructor of the application that runs
 * after this one and calls inet_ntoa (or gethostbyname, ...) gets a new
 * set of buffers, registered again, which the next round of destructors
 * frees (glibc runs PTHREAD_DESTRUCTOR_ITERATIONS rounds).
 */
static void tls_free(void *p)
{
	struct ws_tls *t = p;
	int i;

	if (tls == t)
		tls = NULL;
	for (i = 0; i < WS_TLS_NBUF; i++)
		free(t->buf[i]);
	if (t->wake_fd >= 0)
		close(t->wake_fd);
	free(t);
}

static void tls_key_create(void)
{
	/* Without a key (PTHREAD_KEYS_MAX used up) buffers leak at exit. */
	tls_key_ok = !pthread_key_create(&tls_key, tls_free);
}

/**
 * ws_tls_buffer() - a per-thread buffer of at least @size bytes
 * @which: which of the thread's buffers
 * @size: bytes needed
 *
 * The previous contents are not kept when the buffer grows.
 *
 * Return: the buffer, NULL when out of memory.
 */
static struct ws_tls *tls_get(void)
{
	if (!tls) {
		pthread_once(&tls_once, tls_key_create);
		tls = calloc(1, sizeof(*tls));
		if (!tls)
			return NULL;
		tls->wake_fd = -1;
		if (tls_key_ok)
			pthread_setspecific(tls_key, tls);
	}
	return tls;
}

void *ws_tls_buffer(enum ws_tls_buf which, size_t size)
{
	void *p;

	if (!tls_get())
		return NULL;
	if (tls->size[which] >= size)
		return tls->buf[which];
	p = malloc(size);
	if (!p)
		return NULL;
	free(tls->buf[which]);
	tls->buf[which] = p;
	tls->size[which] = size;
	return p;
}

/**
 * ws_tls_wake_fd() - the calling thread's wake-up eventfd
 *
 * Made the first time (nonblocking, close-on-exec), closed when the thread
 * exits.
 *
 * Return: the descriptor, or -errno.
 */
int ws_tls_wake_fd(void)
{
	if (!tls_get())
		return -ENOMEM;
	if (tls->wake_fd < 0) {
		tls->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (tls->wake_fd < 0)
			return -errno;
	}
	return tls->wake_fd;
}

/*
 * In a child after fork, in its one thread: the eventfd inherited is the
 * parent thread's too; the child makes its own when it needs one.
 */
void ws_tls_fork_child(void)
{
	if (tls && tls->wake_fd >= 0) {
		close(tls->wake_fd);
		tls->wake_fd = -1;
	}
}

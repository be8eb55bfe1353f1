// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Per-thread state: the Winsock error code (WSAGetLastError) and the
 * buffers behind the pointers that gethostby*, getservby*, getprotoby* and
 * inet_ntoa return ("only one copy of this structure is allocated per
 * thread"). The buffers grow on demand and are freed when the thread exits.
 */
#include <pthread.h>
#include <stdlib.h>

#include "internal.h"

struct ws_tls {
	void	*buf[WS_TLS_NBUF];
	size_t	size[WS_TLS_NBUF];
};

static __thread int last_error;
static __thread struct ws_tls *tls;
static pthread_key_t tls_key;
static int tls_key_ok;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;

void ws_set_error(int wsa)
{
	last_error = wsa;
}

int ws_get_error(void)
{
	return last_error;
}

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
void *ws_tls_buffer(enum ws_tls_buf which, size_t size)
{
	void *p;

	if (!tls) {
		pthread_once(&tls_once, tls_key_create);
		tls = calloc(1, sizeof(*tls));
		if (!tls)
			return NULL;
		if (tls_key_ok)
			pthread_setspecific(tls_key, tls);
	}
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

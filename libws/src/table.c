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
 * Layout: a fixed top-level array of chunk pointers, each chunk a byte per
 * descriptor, allocated the first time a descriptor in its range is used
 * and never freed while the process lives. Readers load the chunk pointer
 * and the entry with acquire ordering and take no lock; writers publish a
 * new chunk with compare-and-swap and change entries with atomic byte
 * operations. Descriptors from WS_TABLE_MAX_FD up are refused.
 *
 * Races between threads on one SOCKET (closing it in one thread while
 * another uses it) behave like the same race on Windows: the other thread
 * may see WSAENOTSOCK or act on a reused descriptor.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include <linux/ws.h>

#include "internal.h"

#define CHUNK_BITS	12
#define CHUNK_SIZE	(1u << CHUNK_BITS)
#define NCHUNKS		(WS_TABLE_MAX_FD >> CHUNK_BITS)

typedef _Atomic unsigned char ws_entry_t;

static ws_entry_t *_Atomic chunks[NCHUNKS];

static ws_entry_t *entry(int fd, int create)
{
	ws_entry_t *chunk, *fresh, *expected = NULL;
	unsigned int idx;

	if (fd < 0 || fd >= WS_TABLE_MAX_FD)
		return NULL;
	idx = (unsigned int)fd >> CHUNK_BITS;
	chunk = atomic_load_explicit(&chunks[idx], memory_order_acquire);
	if (chunk || !create)
		return chunk ? &chunk[fd & (CHUNK_SIZE - 1)] : NULL;

	fresh = calloc(CHUNK_SIZE, sizeof(*fresh));
	if (!fresh)
		return NULL;
	if (atomic_compare_exchange_strong_explicit(&chunks[idx], &expected,
						    fresh,
						    memory_order_acq_rel,
						    memory_order_acquire)) {
		chunk = fresh;
	} else {
		free(fresh);
		chunk = expected;
	}
	return &chunk[fd & (CHUNK_SIZE - 1)];
}

/**
 * ws_table_get() - the entry of a descriptor
 * @fd: any integer
 *
 * Return: the WS_ENT_* flags of @fd, 0 if it is not a ws socket of libws.
 */
unsigned int ws_table_get(int fd)
{
	ws_entry_t *e = entry(fd, 0);

	return e ? atomic_load_explicit(e, memory_order_acquire) : 0;
}

/**
 * ws_table_add() - record a ws socket libws has just created
 * @fd: its descriptor
 * @flags: WS_ENT_* flags; WS_ENT_USED is added
 *
 * Return: 0, -EMFILE if @fd is beyond the table, -ENOMEM.
 */
int ws_table_add(int fd, unsigned int flags)
{
	ws_entry_t *e;

	if (fd < 0 || fd >= WS_TABLE_MAX_FD)
		return -EMFILE;
	e = entry(fd, 1);
	if (!e)
		return -ENOMEM;
	atomic_store_explicit(e, (unsigned char)(flags | WS_ENT_USED),
			      memory_order_release);
	return 0;
}

void ws_table_set_bits(int fd, unsigned int bits)
{
	ws_entry_t *e = entry(fd, 0);

	if (e)
		atomic_fetch_or_explicit(e, (unsigned char)bits,
					 memory_order_acq_rel);
}

void ws_table_clear_bits(int fd, unsigned int bits)
{
	ws_entry_t *e = entry(fd, 0);

	if (e)
		atomic_fetch_and_explicit(e, (unsigned char)~bits,
					  memory_order_acq_rel);
}

/**
 * ws_table_remove() - forget a descriptor, before it is closed
 * @fd: the descriptor
 *
 * Called before close(2), so that a descriptor number reused by another
 * thread's new socket right after the close is not forgotten instead.
 */
void ws_table_remove(int fd)
{
	ws_entry_t *e = entry(fd, 0);

	if (e)
		atomic_store_explicit(e, 0, memory_order_release);
}

/* Resets and closes a socket, waking any thread blocked on it. */
static void close_reset(int fd)
{
	const struct ws_linger abortive = { .l_onoff = 1, .l_linger = 0 };

	wsys_setsockopt(fd, WS_SOL_SOCKET, WS_SO_LINGER, &abortive,
			sizeof(abortive));
	wsys_shutdown(fd, 2);	/* SD_BOTH: blocked calls return */
	close(fd);
}

/**
 * ws_table_close_all() - close every ws socket of the process
 *
 * For the final WSACleanup(): "Any sockets open when WSACleanup is called
 * are reset and automatically deallocated as if closesocket was called",
 * and "any pending blocking ... calls issued by any thread in this process
 * are canceled". Each socket gets SO_LINGER with a zero timeout (the reset)
 * and is shut down both ways before it is closed: shutdown makes the
 * threads blocked in recv, send or accept on it return.
 */
void ws_table_close_all(void)
{
	unsigned int i, j;

	for (i = 0; i < NCHUNKS; i++) {
		ws_entry_t *chunk = atomic_load_explicit(&chunks[i],
							 memory_order_acquire);

		if (!chunk)
			continue;
		for (j = 0; j < CHUNK_SIZE; j++) {
			if (atomic_exchange_explicit(&chunk[j], 0,
						     memory_order_acq_rel))
				close_reset((int)(i << CHUNK_BITS | j));
		}
	}
}

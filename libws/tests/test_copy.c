// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libws's internal mechanisms that need no module:
 *  - the copies through the caller's pointers (wsys_copy_in/out) when
 *    process_vm_readv/writev are not available: the pipe path, which must
 *    report a bad pointer as EFAULT and never crash, copy correctly across
 *    its chunk size, recover after a failed copy, and survive fork;
 *  - the id map that turns a WSAAsyncSelect message's socket id back into
 *    the SOCKET.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <winsock2.h>

#include "internal.h"
#include "tap.h"

static void copy_checks(void)
{
	static char src[10000], dst[10000];
	unsigned int i;
	long page = sysconf(_SC_PAGESIZE);
	char *map;
	int v = 0, one = 1;

	for (i = 0; i < sizeof(src); i++)
		src[i] = (char)(i * 7 + 1);
	/* Sizes around the chunk size (PIPE_BUF, 4096). */
	EXPECT_EQ(wsys_copy_in(dst, src, 1), 0);
	EXPECT_EQ(dst[0], src[0]);
	memset(dst, 0, sizeof(dst));
	EXPECT_EQ(wsys_copy_in(dst, src, 4096), 0);
	EXPECT(!memcmp(dst, src, 4096), "4096 bytes");
	memset(dst, 0, sizeof(dst));
	EXPECT_EQ(wsys_copy_out(dst, src, sizeof(src)), 0);
	EXPECT(!memcmp(dst, src, sizeof(src)), "10000 bytes");
	EXPECT_EQ(wsys_copy_in(dst, src, 0), 0);

	/* Bad pointers: EFAULT, no crash. */
	EXPECT_EQ(wsys_copy_in(&v, (void *)8, sizeof(v)), -EFAULT);
	EXPECT_EQ(wsys_copy_out((void *)8, &one, sizeof(one)), -EFAULT);
	EXPECT_EQ(wsys_copy_in(&v, NULL, sizeof(v)), -EFAULT);
	EXPECT_EQ(wsys_copy_out(NULL, &one, sizeof(one)), -EFAULT);

	/* A range that starts valid and runs into an inaccessible page;
	 * the next copy is not disturbed by what the failed one left. */
	map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT(map != MAP_FAILED, "mmap");
	if (map == MAP_FAILED)
		return;
	EXPECT_EQ(mprotect(map + page, (size_t)page, PROT_NONE), 0);
	memset(map, 'm', (size_t)page);
	EXPECT_EQ(wsys_copy_in(dst, map + page - 100, 200), -EFAULT);
	EXPECT_EQ(wsys_copy_out(map + page - 100, src, 200), -EFAULT);
	EXPECT_EQ(wsys_copy_in(dst, map + page - 3000, 6000), -EFAULT);
	/* Read-only memory is readable, not writable. */
	EXPECT_EQ(mprotect(map, (size_t)page, PROT_READ), 0);
	EXPECT_EQ(wsys_copy_out(map, src, 16), -EFAULT);
	EXPECT_EQ(wsys_copy_in(dst, map, 16), 0);
	EXPECT(!memcmp(dst, "mmmmmmmmmmmmmmmm", 16), "copied after failures");
	munmap(map, (size_t)page * 2);
}

TEST(copy_checked)
{
	copy_checks();
}

TEST(copy_pipe_fallback)
{
	int v = 0, status = -1;
	pid_t pid;

	/* As when a seccomp filter refuses process_vm_readv (ENOSYS). */
	wsys_copy_force_pipe(1);
	copy_checks();
	/* A child gets its own pipe: parent and child copy at once. */
	pid = fork();
	if (pid == 0) {
		int i, ok = 1, x = 0, y;

		for (i = 0; i < 2000 && ok; i++) {
			y = i;
			ok = wsys_copy_in(&x, &y, sizeof(x)) == 0 && x == i;
		}
		_exit(ok ? 0 : 1);
	}
	EXPECT(pid > 0, "fork");
	for (int i = 0; i < 2000; i++) {
		int y = -i;

		if (wsys_copy_in(&v, &y, sizeof(v)) || v != -i) {
			EXPECT(0, "parent copy %d", i);
			break;
		}
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "child copies, status %#x", status);
	/* The Winsock functions on top of it: WSAEFAULT, not a crash. */
	{
		WSADATA data;
		struct timeval tv = { 0, 0 };

		EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), (LPWSADATA)8), WSAEFAULT);
		EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
		WSASetLastError(0);
		EXPECT(select(0, (fd_set *)8, NULL, NULL, &tv) ==
		       SOCKET_ERROR && WSAGetLastError() == WSAEFAULT,
		       "select: %d", WSAGetLastError());
		EXPECT_EQ(WSACleanup(), 0);
	}
	wsys_copy_force_pipe(0);
}

TEST(copy_id_map)
{
	/* A pipe's two descriptors, entered as sockets. */
	int fds[2], fd1, fd2;

	EXPECT_EQ(pipe(fds), 0);
	fd1 = fds[0];
	fd2 = fds[1];
	EXPECT_EQ(ws_table_fd_of_id(77), -1);
	ws_ids_lock();
	EXPECT_EQ(ws_table_set_id_locked(fd1, 77), -EBADF);	/* not in it */
	ws_ids_unlock();
	EXPECT_EQ(ws_table_add(fd1, WS_ENT_STREAM), 0);
	EXPECT_EQ(ws_table_add(fd2, WS_ENT_STREAM), 0);
	ws_ids_lock();
	EXPECT_EQ(ws_table_set_id_locked(fd1, 77), 0);
	EXPECT_EQ(ws_table_set_id_locked(fd2, 77 + 256), 0);	/* a bucket */
	ws_ids_unlock();
	EXPECT_EQ(ws_table_fd_of_id(77), fd1);
	EXPECT_EQ(ws_table_fd_of_id(77 + 256), fd2);
	EXPECT(ws_table_get(fd1) & WS_ENT_ASYNC, "marked");
	/* Registering again is harmless; a new id replaces the old one. */
	ws_ids_lock();
	EXPECT_EQ(ws_table_set_id_locked(fd1, 77), 0);
	EXPECT_EQ(ws_table_set_id_locked(fd1, 78), 0);
	ws_ids_unlock();
	EXPECT_EQ(ws_table_fd_of_id(77), -1);
	EXPECT_EQ(ws_table_fd_of_id(78), fd1);
	/* Closing forgets it: a message of a closed socket maps to none. */
	ws_table_remove(fd1);
	EXPECT_EQ(ws_table_fd_of_id(78), -1);
	EXPECT_EQ(ws_table_fd_of_id(77 + 256), fd2);
	ws_table_remove(fd2);
	EXPECT_EQ(ws_table_fd_of_id(77 + 256), -1);
	EXPECT_EQ(ws_table_get(fd2), 0);
	close(fds[0]);
	close(fds[1]);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What one select costs, and its bounds, without the ws module (AF_UNIX
 * sockets entered in libws's table through the internal ws_table_add()
 * stand for ws sockets: poll(2) works on them the same way).
 *
 * The spec's select reports pointers "not part of the user address space"
 * as WSAEFAULT, so libws lets the kernel read the caller's sets and
 * timeout. It must do so without a system call per pointer: a select with
 * one socket in each of its three sets and a timeout is counted here by
 * tracing the child that makes it (ptrace), and must make at most five
 * system calls. And an fd_count far beyond any set (an fd_set never
 * initialised) fails with WSAEFAULT ("unable to allocate needed
 * resources") at once, without trying to allocate or copy that much.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

#include <winsock2.h>

#include "internal.h"
#include "prog.h"

#define MAX_SYSCALLS	5

/* glibc's, from <sys/socket.h>, which cannot meet winsock2.h; AF_UNIX and
 * SOCK_STREAM have the same values in both. */
extern int socketpair(int domain, int type, int protocol, int sv[2]);

static int fake_socket(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return -1;
	return ws_table_add(sv[0], WS_ENT_STREAM) ? -1 : sv[0];
}

/* The traced child: one select between two getppid() markers. */
static void child(void)
{
	WSADATA data;
	struct timeval tv = { 0, 0 };
	fd_set r, w, e;
	int s[3], i;

	if (WSAStartup(MAKEWORD(2, 2), &data))
		_exit(2);
	for (i = 0; i < 3; i++)
		s[i] = fake_socket();
	FD_ZERO(&r);
	FD_SET((SOCKET)s[0], &r);
	FD_ZERO(&w);
	FD_SET((SOCKET)s[1], &w);
	FD_ZERO(&e);
	FD_SET((SOCKET)s[2], &e);
	/* Once first: what libws sets up on its first copy is not counted. */
	if (select(0, &r, &w, &e, &tv) == SOCKET_ERROR)
		_exit(3);
	FD_SET((SOCKET)s[0], &r);
	FD_SET((SOCKET)s[1], &w);
	FD_SET((SOCKET)s[2], &e);
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		_exit(4);
	raise(SIGSTOP);
	syscall(SYS_getppid);
	i = select(0, &r, &w, &e, &tv);
	syscall(SYS_getppid);
	_exit(i == 1 && FD_ISSET(s[1], &w) ? 0 : 5);
}

/* Counts the child's system calls between the markers; -1 on failure. */
static int count_syscalls(pid_t pid, int *inside)
{
	struct user_regs_struct regs;
	int status, entry = 1, markers = 0, n = 0;

	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return -1;
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_TRACESYSGOOD))
		return -1;
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, NULL, NULL))
			return -1;
		if (waitpid(pid, &status, 0) != pid)
			return -1;
		if (WIFEXITED(status))
			break;
		if (!WIFSTOPPED(status) || WSTOPSIG(status) != (SIGTRAP | 0x80))
			continue;
		if (entry) {
			if (ptrace(PTRACE_GETREGS, pid, NULL, &regs))
				return -1;
			if (regs.orig_rax == SYS_getppid)
				markers++;
			else if (markers == 1)
				n++;
		}
		entry = !entry;
	}
	*inside = n;
	return WEXITSTATUS(status);
}

static void select_cost(void)
{
	WSADATA data;
	struct {
		u_int	fd_count;
		SOCKET	fd_array[4];
	} garbage = { 0xa5a5a5a5, { 0 } };
	fd_set *big;
	int n = -1, st;
	pid_t pid;

#if !defined(__x86_64__)
	SKIP("the system call counter reads x86-64 registers");
	return;
#endif
	/* An fd_count beyond any set: WSAEFAULT, at once. */
	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	WSASetLastError(0);
	EXPECT_EQ(select(0, (fd_set *)&garbage, NULL, NULL, NULL), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	/* Just beyond the bound, in valid memory: WSAEFAULT too. */
	big = calloc(1, sizeof(SOCKET) * (65536 + 2));
	big->fd_count = 65537;
	WSASetLastError(0);
	EXPECT_EQ(select(0, big, NULL, NULL, NULL), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	free(big);
	EXPECT_EQ(WSACleanup(), 0);

	pid = fork();
	if (pid == 0)
		child();
	EXPECT(pid > 0, "fork");
	st = count_syscalls(pid, &n);
	if (st < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		SKIP("ptrace is not allowed here");
		return;
	}
	EXPECT(st == 0, "the traced select failed: %d", st);
	printf("# select with three sets and a timeout: %d system calls\n", n);
	EXPECT(n <= MAX_SYSCALLS, "%d system calls, at most %d expected", n,
	       MAX_SYSCALLS);
}

PROG_MAIN(select_cost)

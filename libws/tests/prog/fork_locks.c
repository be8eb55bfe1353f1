// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fork() while other threads hold libws's locks: the child must be able to
 * use libws. Threads keep taking every lock of libws (the Winsock state's,
 * the window classes', the socket table's id map and waiter list, the copy
 * pipe's) while the main thread forks many times; each child takes each of
 * them once and exits. A child that inherits a lock held by one of the
 * parent's threads (which do not exist in the child) blocks for ever: it
 * is killed after a bound and the test fails. POSIX (fork): the child is
 * a copy of one thread of the parent, and a library with locks must make
 * it consistent (pthread_atfork).
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <winsock2.h>

#include "internal.h"
#include "prog.h"

#define FORKS		200
#define CHILD_MS	5000

static atomic_int stop;
static int pipe_fd[2];

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l)
{
	return DefWindowProcA(h, m, w, l);
}

/* Each lock of libws, once. */
static void take_every_lock(int n)
{
	WNDCLASSA wc = { 0 };
	WSADATA data;
	uint64_t token;
	char name[32];
	int v = 0, x = n;

	WSAStartup(MAKEWORD(2, 2), &data);		/* ws_lock */
	WSACleanup();
	snprintf(name, sizeof(name), "fork_locks_%d", n);
	wc.lpfnWndProc = proc;
	wc.lpszClassName = name;
	RegisterClassA(&wc);				/* win_lock */
	UnregisterClassA(name, NULL);
	ws_table_fd_of_id((uint64_t)n);			/* ids_lock */
	if (ws_table_enter(pipe_fd[0], &token) == 0) {	/* waiters_lock */
		ws_table_poll(pipe_fd[0], token, WSYS_POLLIN, 0);
		ws_table_leave(pipe_fd[0]);
	}
	wsys_copy_force_pipe(1);			/* copy_pipe_lock */
	wsys_copy_in(&v, &x, sizeof(v));
}

static void *hammer(void *arg)
{
	int n = (int)(intptr_t)arg * 1000000;

	while (!atomic_load(&stop))
		take_every_lock(n++);
	return NULL;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* Waits for @pid at most CHILD_MS; kills it after that. */
static int reap(pid_t pid)
{
	long end = now_ms() + CHILD_MS;
	int status;

	while (now_ms() < end) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) && WEXITSTATUS(status) == 0;
		usleep(1000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return 0;
}

static void fork_with_locks_held(void)
{
	pthread_t t[4];
	int i, hung = 0;
	pid_t pid;

	EXPECT_EQ(pipe(pipe_fd), 0);
	EXPECT_EQ(ws_table_add(pipe_fd[0], WS_ENT_STREAM), 0);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(pthread_create(&t[i], NULL, hammer, (void *)(intptr_t)(i + 1)), 0);
	for (i = 0; i < FORKS && !hung; i++) {
		pid = fork();
		if (pid == 0) {
			take_every_lock(-i);
			_exit(0);
		}
		EXPECT(pid > 0, "fork");
		if (pid > 0 && !reap(pid))
			hung = i + 1;
	}
	atomic_store(&stop, 1);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	EXPECT(!hung, "child %d of %d could not take libws's locks", hung, FORKS);
}

PROG_MAIN(fork_with_locks_held)

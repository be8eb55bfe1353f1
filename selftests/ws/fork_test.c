// SPDX-License-Identifier: GPL-2.0
/*
 * libws across fork(): sockets shared by a parent and its child, in both
 * directions (the child closing or cleaning up what the parent uses, and
 * the parent what the child uses), listeners and connected sockets, and
 * the message queues of WSAAsyncSelect.
 *
 * Windows shares a socket between processes with WSADuplicateSocket; the
 * spec's "Shared Sockets" section gives the rules a fork-shared socket
 * follows here: "A process can call closesocket on a duplicated socket and
 * the descriptor will become deallocated. The underlying socket, however,
 * will remain open until closesocket is called with the last remaining
 * descriptor." closesocket and WSACleanup cancel the blocking calls "issued
 * by any thread in this process" (spec closesocket, WSACleanup): not the
 * other process's. Citations: see ws_test.h.
 *
 * Each child reports through its exit status (0: as expected) and is
 * bounded: the parent kills it after WAIT_MS.
 */
#include "ws_test.h"

#include <signal.h>
#include <sys/wait.h>

#define WM_PING		(WM_USER + 7)
#define WM_SOCKET	(WM_USER + 8)

/* Waits for @pid at most @ms; kills it after that. Its exit status, or -1. */
static int reap(pid_t pid, long ms)
{
	long end = ws_now_ms() + ms;
	int status;

	while (ws_now_ms() < end) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		ws_sleep_ms(2);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* A thread blocked in accept, recv or send on a socket. */
struct blocked {
	SOCKET s;
	int op;			/* 'a', 'r', 's' */
	volatile pid_t tid;
	volatile int ret;
	volatile int err;
	volatile int done;
	char buf[16];
	pthread_t pt;
};

static void *blocked_main(void *arg)
{
	struct blocked *b = arg;
	SOCKET a;

	__atomic_store_n(&b->tid, ws_gettid(), __ATOMIC_RELEASE);
	WSASetLastError(POISON_ERR);
	switch (b->op) {
	case 'a':
		a = accept(b->s, NULL, NULL);
		b->ret = a == INVALID_SOCKET ? SOCKET_ERROR : 0;
		if (a != INVALID_SOCKET)
			closesocket(a);
		break;
	case 'r':
		memset(b->buf, POISON_BYTE, sizeof(b->buf));
		b->ret = recv(b->s, b->buf, sizeof(b->buf), 0);
		break;
	}
	b->err = WSAGetLastError();
	__atomic_store_n(&b->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void start_blocked(struct __test_metadata *_metadata, struct blocked *b,
			  SOCKET s, int op)
{
	b->s = s;
	b->op = op;
	b->tid = 0;
	b->done = 0;
	ASSERT_EQ(0, pthread_create(&b->pt, NULL, blocked_main, b));
	ASSERT_TRUE(ws_wait_blocked(&b->tid)) TH_LOG("the thread never blocked");
}

static void join_blocked(struct __test_metadata *_metadata, struct blocked *b)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_MS / 1000;
	ASSERT_EQ(0, pthread_timedjoin_np(b->pt, NULL, &ts))
		TH_LOG("the blocked call did not return");
}

FIXTURE(fork) {
	SOCKET l, c, s;		/* listener, connected pair c <-> s */
	struct sockaddr_storage addr;
	int len;
};

FIXTURE_VARIANT(fork) {
	int af;
};

FIXTURE_VARIANT_ADD(fork, ipv4) {
	.af = AF_INET,
};

FIXTURE_VARIANT_ADD(fork, ipv6) {
	.af = AF_INET6,
};

FIXTURE_SETUP(fork)
{
	const char *why = ws_unavailable(variant->af);

	self->l = self->c = self->s = INVALID_SOCKET;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	self->l = ws_bound(_metadata, variant->af, SOCK_STREAM, &self->addr, &self->len);
	ASSERT_EQ(0, listen(self->l, 8));
	self->c = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, self->c);
	ASSERT_EQ(0, connect(self->c, (struct sockaddr *)&self->addr, self->len));
	self->s = accept(self->l, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, self->s);
}

FIXTURE_TEARDOWN(fork)
{
	WSACleanup();
}

/* A new connection to the listener, accepted: proves it still listens. */
static void listener_works(struct __test_metadata *_metadata,
			   FIXTURE_DATA(fork) *self, int af)
{
	SOCKET c, a;

	c = socket(af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, c);
	ASSERT_EQ(0, connect(c, (struct sockaddr *)&self->addr, self->len))
		TH_LOG("connect: error %d", WSAGetLastError());
	ASSERT_EQ(WS_READ, ws_wait(self->l, WS_READ, WAIT_MS));
	a = accept(self->l, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, a) TH_LOG("accept: error %d", WSAGetLastError());
	closesocket(a);
	closesocket(c);
}

TEST_F(fork, child_closesocket_leaves_parent_listener)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(closesocket(self->l) == 0 ? 0 : 1);
	ASSERT_LT(0, pid);
	ASSERT_EQ(0, reap(pid, WAIT_MS));
	/* Shared Sockets: the underlying socket remains open in the parent. */
	listener_works(_metadata, self, variant->af);
}

TEST_F(fork, child_closesocket_leaves_parent_blocked_accept)
{
	struct blocked b;
	pid_t pid;

	start_blocked(_metadata, &b, self->l, 'a');
	pid = fork();
	if (pid == 0)
		_exit(closesocket(self->l) == 0 ? 0 : 1);
	ASSERT_LT(0, pid);
	ASSERT_EQ(0, reap(pid, WAIT_MS));
	/* Only this process's calls are cancelled: the accept goes on. */
	ASSERT_TRUE(ws_thread_blocked_for(b.tid, QUIET_MS))
		TH_LOG("accept returned %d, error %d", b.ret, b.err);
	/* ...and takes the next connection. */
	{
		SOCKET c = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);

		ASSERT_EQ(0, connect(c, (struct sockaddr *)&self->addr, self->len));
		join_blocked(_metadata, &b);
		closesocket(c);
	}
	ASSERT_EQ(0, b.ret) TH_LOG("accept: error %d", b.err);
}

TEST_F(fork, child_wsacleanup_leaves_parent_listener)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(WSACleanup() == 0 ? 0 : 1);
	ASSERT_LT(0, pid);
	ASSERT_EQ(0, reap(pid, WAIT_MS));
	listener_works(_metadata, self, variant->af);
}

TEST_F(fork, child_wsacleanup_does_not_reset_parent_connection)
{
	char buf[16];
	pid_t pid = fork();

	if (pid == 0)
		_exit(WSACleanup() == 0 ? 0 : 1);
	ASSERT_LT(0, pid);
	ASSERT_EQ(0, reap(pid, WAIT_MS));
	/*
	 * WSACleanup resets the sockets of the process that calls it ("reset
	 * and automatically deallocated as if closesocket was called"); the
	 * parent's descriptors still hold the shared sockets, which carry
	 * data and then close gracefully: the peer's recv returns 0, not
	 * WSAECONNRESET ("If SO_LINGER is set ... with a zero time-out ...
	 * Any recv call on the remote side of the circuit will fail with
	 * WSAECONNRESET" is what must not happen).
	 */
	ws_send_all(_metadata, self->s, "data", 4);
	memset(buf, POISON_BYTE, sizeof(buf));
	ws_recv_exact(_metadata, self->c, buf, 4);
	ASSERT_EQ(0, memcmp(buf, "data", 4));
	ASSERT_EQ(0, closesocket(self->s));
	self->s = INVALID_SOCKET;
	ASSERT_EQ(WS_READ, ws_wait(self->c, WS_READ, WAIT_MS));
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, recv(self->c, buf, sizeof(buf), 0))
		TH_LOG("error %d", WSAGetLastError());
}

TEST_F(fork, parent_closesocket_leaves_child_recv)
{
	int fds[2];
	char go;
	pid_t pid;

	ASSERT_EQ(0, pipe(fds));
	pid = fork();
	if (pid == 0) {
		char buf[16];
		int r;

		close(fds[0]);
		if (write(fds[1], "b", 1) != 1)
			_exit(2);
		memset(buf, POISON_BYTE, sizeof(buf));
		r = recv(self->s, buf, sizeof(buf), 0);
		_exit(r == 5 && !memcmp(buf, "child", 5) ? 0 : 1);
	}
	ASSERT_LT(0, pid);
	close(fds[1]);
	ASSERT_EQ(1, read(fds[0], &go, 1));
	close(fds[0]);
	ws_sleep_ms(QUIET_MS);		/* the child is in recv by now */
	/* The parent's descriptor goes; the child's recv goes on... */
	ASSERT_EQ(0, closesocket(self->s));
	self->s = INVALID_SOCKET;
	ws_sleep_ms(QUIET_MS);
	/* ...and gets what the peer sends next. */
	ws_send_all(_metadata, self->c, "child", 5);
	ASSERT_EQ(0, reap(pid, WAIT_MS));
}

/*
 * Both processes blocked in recv on the shared socket; the parent closes
 * its descriptor: its own thread's call is cancelled (WSAEINTR), the
 * child's goes on. This needs the module to cancel only the calling
 * process's calls (WS_IOC_CANCEL_BLOCKING).
 */
TEST_F(fork, closesocket_cancels_only_own_process)
{
	struct blocked b;
	int fds[2];
	char go;
	pid_t pid;

	ASSERT_EQ(0, pipe(fds));
	pid = fork();
	if (pid == 0) {
		char buf[16];
		int r;

		close(fds[0]);
		if (write(fds[1], "b", 1) != 1)
			_exit(2);
		memset(buf, POISON_BYTE, sizeof(buf));
		r = recv(self->s, buf, sizeof(buf), 0);
		_exit(r == 5 && !memcmp(buf, "later", 5) ? 0 : 1);
	}
	ASSERT_LT(0, pid);
	close(fds[1]);
	ASSERT_EQ(1, read(fds[0], &go, 1));
	close(fds[0]);
	start_blocked(_metadata, &b, self->s, 'r');
	ws_sleep_ms(QUIET_MS);		/* the child is in recv by now */
	ASSERT_EQ(0, closesocket(self->s));
	self->s = INVALID_SOCKET;
	join_blocked(_metadata, &b);
	/* spec closesocket: this process's blocked call is canceled */
	ASSERT_EQ(SOCKET_ERROR, b.ret);
	ASSERT_EQ(WSAEINTR, b.err);
	ws_sleep_ms(QUIET_MS);
	ws_send_all(_metadata, self->c, "later", 5);
	ASSERT_EQ(0, reap(pid, WAIT_MS)) TH_LOG("the child's recv did not get the data");
}

/* Window messages across fork. */
static LRESULT CALLBACK fork_wndproc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
	return DefWindowProc(hwnd, msg, wp, lp);
}

static HWND fork_window(struct __test_metadata *_metadata)
{
	WNDCLASS wc;
	HWND hwnd;

	memset(&wc, 0, sizeof(wc));
	wc.lpfnWndProc = fork_wndproc;
	wc.lpszClassName = "ws_fork_test";
	RegisterClass(&wc);	/* fails harmlessly when already there */
	hwnd = CreateWindowEx(0, "ws_fork_test", NULL, 0, 0, 0, 0, 0, HWND_MESSAGE,
			      NULL, NULL, NULL);
	ASSERT_NE(NULL, hwnd);
	return hwnd;
}

/* Any message within @ms, removed. */
static bool any_msg(MSG *msg, long ms)
{
	long end = ws_now_ms() + ms;

	for (;;) {
		memset(msg, POISON_BYTE, sizeof(*msg));
		if (PeekMessage(msg, NULL, 0, 0, PM_REMOVE))
			return true;
		if (ws_now_ms() >= end)
			return false;
		ws_sleep_ms(1);
	}
}

TEST_F(fork, child_has_its_own_message_queue)
{
	HWND hwnd = fork_window(_metadata);
	MSG msg;
	pid_t pid;

	ASSERT_TRUE(PostMessage(hwnd, WM_PING, 1, 2));
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		/*
		 * The child's thread has a message queue of its own, empty
		 * (a process has no windows or messages of another process),
		 * and the parent's window is not one of its windows.
		 */
		bad |= any_msg(&msg, QUIET_MS) ? 1 : 0;
		bad |= IsWindow(hwnd) ? 2 : 0;
		/* Its own queue works. */
		bad |= PostMessage(NULL, WM_PING, 3, 4) ? 0 : 4;
		bad |= any_msg(&msg, WAIT_MS) && msg.message == WM_PING &&
		       msg.wParam == 3 ? 0 : 8;
		_exit(bad);
	}
	ASSERT_LT(0, pid);
	ASSERT_EQ(0, reap(pid, WAIT_MS + QUIET_MS));
	/* The parent's message is still the parent's. */
	ASSERT_TRUE(any_msg(&msg, WAIT_MS));
	ASSERT_EQ(hwnd, msg.hwnd);
	ASSERT_EQ(WM_PING, msg.message);
	ASSERT_EQ(1, msg.wParam);
	ASSERT_EQ(2, msg.lParam);
	DestroyWindow(hwnd);
}

TEST_F(fork, child_does_not_take_parent_asyncselect_messages)
{
	HWND hwnd = fork_window(_metadata);
	MSG msg;
	pid_t pid;
	int fds[2];
	char go;

	ASSERT_EQ(0, WSAAsyncSelect(self->s, hwnd, WM_SOCKET, FD_READ));
	/* spec WSAAsyncSelect: nothing to read yet, no FD_READ */
	ASSERT_FALSE(any_msg(&msg, QUIET_MS));
	ASSERT_EQ(0, pipe(fds));
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		if (write(fds[1], "b", 1) != 1)
			_exit(2);
		/* Peeks while the parent's FD_READ is posted. */
		_exit(any_msg(&msg, 3 * QUIET_MS) ? 1 : 0);
	}
	ASSERT_LT(0, pid);
	close(fds[1]);
	ASSERT_EQ(1, read(fds[0], &go, 1));
	close(fds[0]);
	ws_send_all(_metadata, self->c, "x", 1);
	ASSERT_EQ(0, reap(pid, WAIT_MS)) TH_LOG("the child took a message");
	/* spec WSAAsyncSelect: FD_READ for the socket, to the parent's window */
	ASSERT_TRUE(any_msg(&msg, WAIT_MS));
	ASSERT_EQ(hwnd, msg.hwnd);
	ASSERT_EQ(WM_SOCKET, msg.message);
	ASSERT_EQ(self->s, msg.wParam);
	ASSERT_EQ(FD_READ, WSAGETSELECTEVENT(msg.lParam));
	ASSERT_EQ(0, WSAGETSELECTERROR(msg.lParam));
	ASSERT_EQ(0, WSAAsyncSelect(self->s, hwnd, 0, 0));
	DestroyWindow(hwnd);
}

TEST_HARNESS_MAIN

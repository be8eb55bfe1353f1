// SPDX-License-Identifier: GPL-2.0
/*
 * WSADuplicateSocket, and WSASocket with the WSAPROTOCOL_INFO it returns:
 * a socket handed to a forked child, to an exec'ed program and to this
 * process itself; a process that is not the target; bad arguments.
 *
 * The rules, from the spec's WSADuplicateSocket page and "Shared Sockets":
 * the target "uses it in a call to WSASocket to obtain a descriptor for
 * the duplicated socket"; "the special WSAPROTOCOL_INFO structure may only
 * be used once by the target process"; "all of the state associated with a
 * socket is held in common across all the descriptors"; "the underlying
 * socket ... will remain open until closesocket is called by the last
 * remaining descriptor". Citations: see ws_test.h.
 *
 * Children report through their exit status (0: as expected, else the
 * number of the step that failed) and are bounded: the parent kills them
 * after WAIT_MS. A child closes the descriptors it inherited before it
 * claims, so that what it gets can only come from the duplication.
 */
#include "ws_test.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#define HELPER_ENV	"WS_DUP_HELPER"

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

/*
 * Reads exactly @len bytes from the pipe @fd within WAIT_MS (winsock2.h's
 * struct pollfd is Windows', so no poll(2) here). 0, or -1.
 */
static int read_full(int fd, void *buf, size_t len)
{
	long end = ws_now_ms() + WAIT_MS;
	size_t got = 0;

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	while (got < len) {
		ssize_t r = read(fd, (char *)buf + got, len - got);

		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r == 0 || errno != EAGAIN || ws_now_ms() > end)
			return -1;
		ws_sleep_ms(1);
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t len)
{
	return write(fd, buf, len) == (ssize_t)len ? 0 : -1;
}

/* Sends @len bytes of @msg on @s, then expects @reply: 0, or -1. */
static int talk(SOCKET s, const char *msg, const char *reply, int len)
{
	char buf[16];
	int got = 0, r;

	if (send(s, msg, len, 0) != len)
		return -1;
	while (got < len) {
		r = recv(s, buf + got, len - got, 0);
		if (r <= 0)
			return -1;
		got += r;
	}
	return memcmp(buf, reply, len) ? -1 : 0;
}

/*
 * The target's side: reads a WSAPROTOCOL_INFOA from @in, claims the socket
 * with WSASocket (spec WSASocket: FROM_PROTOCOL_INFO takes the values of
 * the structure; "the g and dwFlags parameters are ignored", so they are
 * given as nonsense), checks it is a stream socket, says "ping" and
 * expects "pong". Returns the exit status.
 */
static int target_main(int in)
{
	WSAPROTOCOL_INFOA info;
	SOCKET t;
	int type = 0, len = sizeof(type);

	if (read_full(in, &info, sizeof(info)))
		return 10;
	WSASetLastError(POISON_ERR);
	t = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
		       FROM_PROTOCOL_INFO, &info, 12345, 0xffff0000);
	if (t == INVALID_SOCKET)
		return 11;
	if (WSAGetLastError() != 0)
		return 12;
	/* "all of the state ... is held in common" (spec WSADuplicateSocket). */
	if (getsockopt(t, SOL_SOCKET, SO_TYPE, (char *)&type, &len) ||
	    type != SOCK_STREAM)
		return 13;
	if (talk(t, "ping", "pong", 4))
		return 14;
	/* "may only be used once by the target process". */
	WSASetLastError(POISON_ERR);
	if (WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
		       FROM_PROTOCOL_INFO, &info, 0, 0) != INVALID_SOCKET)
		return 15;
	if (WSAGetLastError() != WSAEINVAL)
		return 16;
	if (closesocket(t))
		return 17;
	return 0;
}

/* The exec'ed helper: this program run again with HELPER_ENV=<pipe fd>. */
__attribute__((constructor)) static void exec_helper(void)
{
	const char *v = getenv(HELPER_ENV);

	if (!v)
		return;
	if (ws_startup())
		_exit(20);
	_exit(target_main(atoi(v)));
}

FIXTURE(dup) {
	SOCKET c, s;		/* connected pair: c <-> s, s is duplicated */
};

FIXTURE_VARIANT(dup) {
	int af;
};

FIXTURE_VARIANT_ADD(dup, ipv4) {
	.af = AF_INET,
};

FIXTURE_VARIANT_ADD(dup, ipv6) {
	.af = AF_INET6,
};

FIXTURE_SETUP(dup)
{
	const char *why = ws_unavailable(variant->af);

	self->c = self->s = INVALID_SOCKET;
	if (why)
		SKIP(return, "%s", why);
	if (access("/dev/ws", R_OK | W_OK))
		SKIP(return, "/dev/ws is not usable here");
	ASSERT_EQ(0, ws_startup());
	ws_tcp_pair(_metadata, variant->af, &self->c, &self->s);
}

FIXTURE_TEARDOWN(dup)
{
	WSACleanup();
}

/*
 * Forks a target that closes what it inherited, says it is ready on its
 * status pipe, and runs target_main() on the info pipe (or, with @exec,
 * execs this program to do so). Returns its pid; *info_w is the info
 * pipe's writing end.
 */
static pid_t fork_target(struct __test_metadata *_metadata,
			 FIXTURE_DATA(dup) *self, bool exec, int *info_w)
{
	int info[2], ready[2];
	char c;
	pid_t pid;

	ASSERT_EQ(0, pipe(info));
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	if (pid == 0) {
		char num[16];

		close(info[1]);
		close(ready[0]);
		if (closesocket(self->s) || closesocket(self->c))
			_exit(30);
		if (write_full(ready[1], "r", 1))
			_exit(31);
		close(ready[1]);
		if (!exec)
			_exit(target_main(info[0]));
		snprintf(num, sizeof(num), "%d", info[0]);
		setenv(HELPER_ENV, num, 1);
		execl("/proc/self/exe", "ws_dup_helper", (char *)NULL);
		_exit(32);
	}
	ASSERT_LT(0, pid);
	close(info[0]);
	close(ready[1]);
	ASSERT_EQ(0, read_full(ready[0], &c, 1)) TH_LOG("the target never got ready");
	close(ready[0]);
	*info_w = info[1];
	return pid;
}

/* Duplicates s for @pid into @info, checking the structure. */
static void duplicate(struct __test_metadata *_metadata, SOCKET s, DWORD pid,
		      int af, int type, WSAPROTOCOL_INFOA *info)
{
	WSAPROTOCOL_INFOA entry;
	int len = sizeof(entry);

	memset(info, POISON_BYTE, sizeof(*info));
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSADuplicateSocketA(s, pid, info))
		TH_LOG("WSADuplicateSocketA: error %d", WSAGetLastError());
	/* Success sets the last error to 0, as every libws function does. */
	ASSERT_EQ(0, WSAGetLastError());
	/* spec WSADuplicateSocket: the structure describes the socket. */
	ASSERT_EQ(af, info->iAddressFamily);
	ASSERT_EQ(type, info->iSocketType);
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, (char *)&entry, &len));
	ASSERT_EQ(entry.dwCatalogEntryId, info->dwCatalogEntryId);
	ASSERT_EQ(entry.iProtocol, info->iProtocol);
	ASSERT_EQ(0, strcmp(entry.szProtocol, info->szProtocol));
	/* ...and is special: not the catalog entry itself. */
	ASSERT_NE(0u, info->dwProviderReserved);
	ASSERT_EQ(0u, entry.dwProviderReserved);
}

/* The parent's side of the conversation on the peer socket. */
static void answer(struct __test_metadata *_metadata, SOCKET c)
{
	char buf[4];

	ws_recv_exact(_metadata, c, buf, 4);
	ASSERT_EQ(0, memcmp(buf, "ping", 4));
	ws_send_all(_metadata, c, "pong", 4);
}

static void hand_over(struct __test_metadata *_metadata, FIXTURE_DATA(dup) *self,
		      int af, bool exec)
{
	WSAPROTOCOL_INFOA info;
	SOCKET other;
	int w = -1;
	char b;
	pid_t pid = fork_target(_metadata, self, exec, &w);

	ASSERT_LT(0, pid);
	duplicate(_metadata, self->s, (DWORD)pid, af, SOCK_STREAM, &info);
	/*
	 * spec WSADuplicateSocket: "A process may call closesocket on a
	 * duplicated socket ... The underlying socket, however, will remain
	 * open": closed here before the target claims it, and its number
	 * taken by another socket.
	 */
	ASSERT_EQ(0, closesocket(self->s));
	other = socket(af, SOCK_DGRAM, IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, other);
	ASSERT_EQ(0, write_full(w, &info, sizeof(info)));
	close(w);
	answer(_metadata, self->c);
	ASSERT_EQ(0, reap(pid, WAIT_MS));
	/* The target closed the last descriptor: the connection is over. */
	ASSERT_EQ(WS_READ, ws_wait(self->c, WS_READ, WAIT_MS));
	ASSERT_EQ(0, recv(self->c, &b, 1, 0));
	closesocket(other);
}

/*
 * spec WSADuplicateSocket: the source "uses some interprocess
 * communications (IPC) mechanism to pass the contents of this structure to
 * a target process, which in turn uses it in a call to WSASocket to obtain
 * a descriptor for the duplicated socket" -- here a pipe to a forked child.
 */
TEST_F(dup, forked_child_claims)
{
	hand_over(_metadata, self, variant->af, false);
}

/* The same with a target that exec'ed a program (spec WSADuplicateSocket). */
TEST_F(dup, exec_helper_claims)
{
	hand_over(_metadata, self, variant->af, true);
}

/*
 * Only the target: a second child given the structure cannot claim it
 * (spec WSADuplicateSocket: "the target process ... uses it"; WSASocket
 * fails with WSAEINVAL, the structure not being valid for it), and its
 * attempt leaves the socket to the target.
 */
TEST_F(dup, other_process_cannot_claim)
{
	WSAPROTOCOL_INFOA info;
	int w = -1, p[2];
	pid_t target = fork_target(_metadata, self, false, &w), thief;

	ASSERT_LT(0, target);
	duplicate(_metadata, self->s, (DWORD)target, variant->af, SOCK_STREAM, &info);
	ASSERT_EQ(0, pipe(p));
	thief = fork();
	if (thief == 0) {
		WSAPROTOCOL_INFOA got;

		close(p[1]);
		if (read_full(p[0], &got, sizeof(got)))
			_exit(40);
		WSASetLastError(POISON_ERR);
		if (WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
			       FROM_PROTOCOL_INFO, &got, 0, 0) != INVALID_SOCKET)
			_exit(41);
		_exit(WSAGetLastError() == WSAEINVAL ? 0 : 42);
	}
	ASSERT_LT(0, thief);
	close(p[0]);
	ASSERT_EQ(0, write_full(p[1], &info, sizeof(info)));
	close(p[1]);
	ASSERT_EQ(0, reap(thief, WAIT_MS));
	/* Nor can the giver (it is not the target). */
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(FROM_PROTOCOL_INFO,
		FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, 0));
	/* The target still can. */
	ASSERT_EQ(0, closesocket(self->s));
	ASSERT_EQ(0, write_full(w, &info, sizeof(info)));
	close(w);
	answer(_metadata, self->c);
	ASSERT_EQ(0, reap(target, WAIT_MS));
}

/* A token made up, or altered: not a duplication (spec WSASocket). */
TEST_F(dup, forged_token)
{
	WSAPROTOCOL_INFOA info;
	SOCKET t;

	duplicate(_metadata, self->s, GetCurrentProcessId(), variant->af,
		  SOCK_STREAM, &info);
	info.dwProviderReserved ^= 0x5a5a5a5a;
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(FROM_PROTOCOL_INFO,
		FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, 0));
	info.dwProviderReserved ^= 0x5a5a5a5a;
	t = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
		       FROM_PROTOCOL_INFO, &info, 0, 0);
	ASSERT_NE(INVALID_SOCKET, t) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(0, closesocket(t));
}

/*
 * Into the calling process itself: a second SOCKET of the same socket,
 * sharing its state (spec WSADuplicateSocket, "Shared Sockets": "a
 * setsockopt operation performed using one descriptor is subsequently
 * visible using a getsockopt from any or all descriptors"; the
 * nonblocking mode and the WSAEventSelect of one hold for the other).
 */
TEST_F(dup, into_self)
{
	WSAPROTOCOL_INFOW info;
	WSAEVENT ev;
	u_long on = 1, off = 0;
	char buf[4];
	int val = 0, len = sizeof(val);
	struct sockaddr_storage a, b;
	int la = sizeof(a), lb = sizeof(b);
	SOCKET t;

	ASSERT_EQ(0, ioctlsocket(self->s, FIONBIO, &on));
	ASSERT_EQ(0, ws_set_int(self->s, SOL_SOCKET, SO_RCVBUF, 12345));
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSADuplicateSocketW(self->s, GetCurrentProcessId(), &info));
	ASSERT_EQ(0, WSAGetLastError());
	ASSERT_NE(0u, info.dwProviderReserved);
	/* A structure that says otherwise changes nothing: the socket's
	 * family and type are the socket's. */
	info.iAddressFamily = ws_other_af(variant->af);
	info.iSocketType = SOCK_DGRAM;
	WSASetLastError(POISON_ERR);
	t = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
		       FROM_PROTOCOL_INFO, &info, 0, WSA_FLAG_OVERLAPPED);
	ASSERT_NE(INVALID_SOCKET, t) TH_LOG("WSASocketW: error %d", WSAGetLastError());
	ASSERT_EQ(0, WSAGetLastError());
	ASSERT_NE(self->s, t);
	ASSERT_EQ(0, getsockopt(t, SOL_SOCKET, SO_RCVBUF, (char *)&val, &len));
	ASSERT_EQ(12345, val);
	/* Nonblocking, as the socket is. */
	ASSERT_WSAFAIL(WSAEWOULDBLOCK, recv(t, buf, sizeof(buf), 0));
	/* Its address is the socket's. */
	ASSERT_EQ(0, getsockname(self->s, (struct sockaddr *)&a, &la));
	ASSERT_EQ(0, getsockname(t, (struct sockaddr *)&b, &lb));
	ASSERT_EQ(la, lb);
	ASSERT_TRUE(ws_same_addr(&a, &b));
	/* One event selection: blocking mode is refused through either
	 * (spec ioctlsocket: WSAEventSelect sets nonblocking mode). */
	ev = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, ev);
	ASSERT_EQ(0, WSAEventSelect(self->s, ev, FD_READ));
	ASSERT_WSAFAIL(WSAEINVAL, ioctlsocket(t, FIONBIO, &off));
	ASSERT_EQ(0, WSAEventSelect(t, NULL, 0));
	ASSERT_EQ(0, ioctlsocket(t, FIONBIO, &off));
	WSACloseEvent(ev);
	/* Used once. */
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketW(FROM_PROTOCOL_INFO,
		FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, 0));
	/* Each descriptor closes on its own. */
	ASSERT_EQ(0, closesocket(self->s));
	ws_send_all(_metadata, t, "ping", 4);
	ws_recv_exact(_metadata, self->c, buf, 4);
	ASSERT_EQ(0, memcmp(buf, "ping", 4));
	ASSERT_EQ(0, closesocket(t));
	ASSERT_EQ(WS_READ, ws_wait(self->c, WS_READ, WAIT_MS));
	ASSERT_EQ(0, recv(self->c, buf, 1, 0));
}

/*
 * A rooted root duplicated into this process is a root through either
 * descriptor (spec WSADuplicateSocket, "Shared Sockets": "all of the state
 * associated with a socket is held in common across all the
 * descriptors"): WSAJoinLeaf on the new descriptor invites a leaf and
 * returns a new c_leaf socket (spec WSAJoinLeaf, "When used with a c_root
 * socket ... the returned socket descriptor is a c_leaf socket
 * corresponding to the newly added leaf node"), and the leaf sees the
 * join arrive.
 */
TEST_F(dup, rooted_root_stays_root)
{
	WSAPROTOCOL_INFOW info;
	struct sockaddr_storage la;
	int lalen = sizeof(la);
	SOCKET root, leaf, t, m;
	u_long on = 1;

	root = WSASocketW(variant->af, SOCK_SEQPACKET, IPPROTO_TCP, NULL, 0,
			  WSA_FLAG_MULTIPOINT_C_ROOT | WSA_FLAG_MULTIPOINT_D_ROOT);
	ASSERT_NE(INVALID_SOCKET, root) TH_LOG("root: error %d", WSAGetLastError());
	leaf = WSASocketW(variant->af, SOCK_SEQPACKET, IPPROTO_TCP, NULL, 0,
			  WSA_FLAG_MULTIPOINT_C_LEAF | WSA_FLAG_MULTIPOINT_D_LEAF);
	ASSERT_NE(INVALID_SOCKET, leaf) TH_LOG("leaf: error %d", WSAGetLastError());
	lalen = ws_sockaddr(variant->af, true, 0, &la);
	ASSERT_EQ(0, bind(leaf, (struct sockaddr *)&la, lalen));
	ASSERT_EQ(0, getsockname(leaf, (struct sockaddr *)&la, &lalen));
	ASSERT_EQ(0, listen(leaf, 4));
	/* Nonblocking: the root's WSAJoinLeaf returns at once. */
	ASSERT_EQ(0, ioctlsocket(root, FIONBIO, &on));

	ASSERT_EQ(0, WSADuplicateSocketW(root, GetCurrentProcessId(), &info));
	t = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
		       FROM_PROTOCOL_INFO, &info, 0, 0);
	ASSERT_NE(INVALID_SOCKET, t) TH_LOG("WSASocketW: error %d", WSAGetLastError());
	m = WSAJoinLeaf(t, (struct sockaddr *)&la, lalen, NULL, NULL, NULL, NULL,
			JL_BOTH);
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("WSAJoinLeaf: error %d", WSAGetLastError());
	ASSERT_NE(t, m);
	ASSERT_NE(root, m);
	/* The leaf's listener sees the root's join (FD_ACCEPT: readable). */
	ASSERT_EQ(WS_READ, ws_wait(leaf, WS_READ, WAIT_MS));
	closesocket(m);
	closesocket(t);
	closesocket(leaf);
	closesocket(root);
}

/*
 * A datagram socket: a datagram that arrived before the target claimed
 * it is there for the target (one socket: spec WSADuplicateSocket, "all
 * of the state associated with a socket is held in common"), and the
 * target sends from the socket's address.
 */
TEST_F(dup, datagram)
{
	struct sockaddr_storage ua, ra, from;
	int ulen, rlen, flen = sizeof(from), w = -1;
	WSAPROTOCOL_INFOA info;
	SOCKET u, r;
	char buf[8];
	pid_t pid;

	u = ws_bound(_metadata, variant->af, SOCK_DGRAM, &ua, &ulen);
	r = ws_bound(_metadata, variant->af, SOCK_DGRAM, &ra, &rlen);
	{
		int info_p[2];

		ASSERT_EQ(0, pipe(info_p));
		pid = fork();
		if (pid == 0) {
			WSAPROTOCOL_INFOA got;
			int type = 0, len = sizeof(type);
			SOCKET t;

			close(info_p[1]);
			if (closesocket(u))
				_exit(50);
			if (read_full(info_p[0], &got, sizeof(got)))
				_exit(51);
			t = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
				       FROM_PROTOCOL_INFO, &got, 0, 0);
			if (t == INVALID_SOCKET)
				_exit(52);
			if (getsockopt(t, SOL_SOCKET, SO_TYPE, (char *)&type, &len) ||
			    type != SOCK_DGRAM)
				_exit(53);
			if (ws_wait(t, WS_READ, WAIT_MS) != WS_READ ||
			    recv(t, buf, sizeof(buf), 0) != 5 || memcmp(buf, "early", 5))
				_exit(54);
			if (sendto(t, "reply", 5, 0, (struct sockaddr *)&ra, rlen) != 5)
				_exit(55);
			_exit(closesocket(t) ? 56 : 0);
		}
		ASSERT_LT(0, pid);
		close(info_p[0]);
		w = info_p[1];
	}
	duplicate(_metadata, u, (DWORD)pid, variant->af, SOCK_DGRAM, &info);
	ASSERT_EQ(5, sendto(r, "early", 5, 0, (struct sockaddr *)&ua, ulen));
	ASSERT_EQ(0, closesocket(u));
	ASSERT_EQ(0, write_full(w, &info, sizeof(info)));
	close(w);
	ASSERT_EQ(0, reap(pid, WAIT_MS));
	ASSERT_EQ(WS_READ, ws_wait(r, WS_READ, WAIT_MS));
	ASSERT_EQ(5, recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen));
	ASSERT_EQ(0, memcmp(buf, "reply", 5));
	ASSERT_TRUE(ws_same_addr(&from, &ua));
	closesocket(r);
}

/*
 * The target's WSACleanup closes its descriptor of the shared socket
 * without resetting it: "The underlying socket ... will remain open until
 * closesocket is called by the last remaining descriptor" (spec
 * WSADuplicateSocket), and the giver's last close is graceful, so the peer
 * reads the end of the stream, not WSAECONNRESET.
 */
TEST_F(dup, target_wsacleanup_keeps_socket)
{
	WSAPROTOCOL_INFOA info;
	int p[2];
	char buf[4];
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	if (pid == 0) {
		WSAPROTOCOL_INFOA got;
		SOCKET t;

		close(p[1]);
		if (read_full(p[0], &got, sizeof(got)))
			_exit(60);
		t = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
			       FROM_PROTOCOL_INFO, &got, 0, 0);
		if (t == INVALID_SOCKET)
			_exit(61);
		if (send(t, "ping", 4, 0) != 4)
			_exit(62);
		_exit(WSACleanup() ? 63 : 0);
	}
	ASSERT_LT(0, pid);
	close(p[0]);
	duplicate(_metadata, self->s, (DWORD)pid, variant->af, SOCK_STREAM, &info);
	ASSERT_EQ(0, write_full(p[1], &info, sizeof(info)));
	close(p[1]);
	ASSERT_EQ(0, reap(pid, WAIT_MS));
	ws_recv_exact(_metadata, self->c, buf, 4);
	ASSERT_EQ(0, memcmp(buf, "ping", 4));
	/* Still the giver's socket. */
	ws_send_all(_metadata, self->s, "pong", 4);
	ws_recv_exact(_metadata, self->c, buf, 4);
	ASSERT_EQ(0, memcmp(buf, "pong", 4));
	ASSERT_EQ(0, closesocket(self->s));
	ASSERT_EQ(WS_READ, ws_wait(self->c, WS_READ, WAIT_MS));
	ASSERT_EQ(0, recv(self->c, buf, 1, 0)) TH_LOG("error %d", WSAGetLastError());
}

/*
 * An overlapped receive pending on the socket when it is duplicated goes
 * on: the target claims the socket, sends on it and closes its
 * descriptor, and the giver's WSARecv completes with what the peer sends
 * (spec WSADuplicateSocket: "all of the state associated with a socket is
 * held in common"; spec closesocket cancels only what the closing
 * process issued).
 */
TEST_F(dup, overlapped_recv_survives_target)
{
	WSAPROTOCOL_INFOA info;
	WSAOVERLAPPED ov;
	DWORD got = 0, flags = 0;
	char rbuf[8], buf[4];
	WSABUF wb = { .len = sizeof(rbuf), .buf = rbuf };
	int p[2];
	pid_t pid;

	memset(&ov, 0, sizeof(ov));
	ov.hEvent = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, ov.hEvent);
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSARecv(self->s, &wb, 1, NULL, &flags, &ov, NULL));
	ASSERT_EQ(0, pipe(p));
	pid = fork();
	if (pid == 0) {
		WSAPROTOCOL_INFOA mine;
		SOCKET t;

		close(p[1]);
		if (read_full(p[0], &mine, sizeof(mine)))
			_exit(70);
		t = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
			       FROM_PROTOCOL_INFO, &mine, 0, 0);
		if (t == INVALID_SOCKET)
			_exit(71);
		if (send(t, "ping", 4, 0) != 4)
			_exit(72);
		_exit(closesocket(t) ? 73 : 0);
	}
	ASSERT_LT(0, pid);
	close(p[0]);
	duplicate(_metadata, self->s, (DWORD)pid, variant->af, SOCK_STREAM, &info);
	ASSERT_EQ(0, write_full(p[1], &info, sizeof(info)));
	close(p[1]);
	ASSERT_EQ(0, reap(pid, WAIT_MS));
	ws_recv_exact(_metadata, self->c, buf, 4);
	ASSERT_EQ(0, memcmp(buf, "ping", 4));
	/* Still pending, then done with the peer's answer. */
	ASSERT_EQ(WSA_WAIT_TIMEOUT, WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, QUIET_MS, FALSE));
	ws_send_all(_metadata, self->c, "pong", 4);
	ASSERT_EQ(WSA_WAIT_EVENT_0, WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WAIT_MS, FALSE));
	ASSERT_TRUE(WSAGetOverlappedResult(self->s, &ov, &got, FALSE, &flags));
	ASSERT_EQ(4u, got);
	ASSERT_EQ(0, memcmp(rbuf, "pong", 4));
	WSACloseEvent(ov.hEvent);
}

/*
 * A target that exits without claiming: the socket it was given is
 * released with it (the giver closed its descriptor), so the peer sees
 * the connection end (spec WSADuplicateSocket: the socket remains open
 * until the last descriptor goes; the target never had one).
 */
TEST_F(dup, unclaimed_target_exits)
{
	WSAPROTOCOL_INFOA info;
	char b;
	int w = -1;
	pid_t pid = fork_target(_metadata, self, false, &w);

	ASSERT_LT(0, pid);
	duplicate(_metadata, self->s, (DWORD)pid, variant->af, SOCK_STREAM, &info);
	ASSERT_EQ(0, closesocket(self->s));
	close(w);	/* the target reads nothing and exits */
	ASSERT_EQ(10, reap(pid, WAIT_MS));
	/* Still held for the target until it is known dead. */
	ASSERT_EQ(WS_READ, ws_wait(self->c, WS_READ, WAIT_MS))
		TH_LOG("the socket of the dead target was not released");
	ASSERT_EQ(0, recv(self->c, &b, 1, 0));
}

/* A thread that tells its id and waits to be stopped. */
struct tid_thread {
	pid_t	tid;
	int	stop;
};

static void *tid_thread_main(void *arg)
{
	struct tid_thread *tt = arg;

	__atomic_store_n(&tt->tid, ws_gettid(), __ATOMIC_RELEASE);
	while (!__atomic_load_n(&tt->stop, __ATOMIC_ACQUIRE))
		ws_sleep_ms(1);
	return NULL;
}

/* spec WSADuplicateSocket's errors. */
TEST_F(dup, errors)
{
	WSAPROTOCOL_INFOA info;
	struct tid_thread tt = { 0 };
	int type = 0, len = sizeof(type);
	pthread_t pt;
	SOCKET t;
	pid_t pid;

	/* WSAEINVAL: "one of the specified parameters was invalid": no
	 * process 0, none that exited, none beyond the pid range. */
	ASSERT_WSAFAIL(WSAEINVAL, WSADuplicateSocketA(self->s, 0, &info));
	pid = fork();
	if (pid == 0)
		_exit(0);
	ASSERT_EQ(0, reap(pid, WAIT_MS));
	ASSERT_WSAFAIL(WSAEINVAL, WSADuplicateSocketA(self->s, (DWORD)pid, &info));
	ASSERT_WSAFAIL(WSAEINVAL, WSADuplicateSocketA(self->s, 0xfffffff0u, &info));
	/* A thread's id is not a process id. */
	ASSERT_EQ(0, pthread_create(&pt, NULL, tid_thread_main, &tt));
	while (!__atomic_load_n(&tt.tid, __ATOMIC_ACQUIRE))
		ws_sleep_ms(1);
	ASSERT_NE(getpid(), tt.tid);
	ASSERT_WSAFAIL(WSAEINVAL, WSADuplicateSocketA(self->s, (DWORD)tt.tid, &info));
	__atomic_store_n(&tt.stop, 1, __ATOMIC_RELEASE);
	pthread_join(pt, NULL);
	/* WSAENOTSOCK: "the descriptor is not a socket". */
	ASSERT_WSAFAIL(WSAENOTSOCK, WSADuplicateSocketA((SOCKET)0, GetCurrentProcessId(), &info));
	ASSERT_WSAFAIL(WSAENOTSOCK, WSADuplicateSocketA(INVALID_SOCKET, GetCurrentProcessId(), &info));
	/* A structure that cannot be written: WSAEFAULT, the spec's code for
	 * a bad pointer (its WSADuplicateSocket page lists none), and nothing
	 * is left pending. */
	ASSERT_WSAFAIL(WSAEFAULT, WSADuplicateSocketA(self->s, GetCurrentProcessId(), NULL));
	ASSERT_WSAFAIL(WSAEFAULT, WSADuplicateSocketA(self->s, GetCurrentProcessId(),
		(WSAPROTOCOL_INFOA *)1));
	/* WSASocket with a structure it cannot read. */
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT, WSASocketA(FROM_PROTOCOL_INFO,
		FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, (WSAPROTOCOL_INFOA *)1, 0, 0));
	/* WSANOTINITIALISED: "A successful WSAStartup must occur". */
	duplicate(_metadata, self->s, GetCurrentProcessId(), variant->af,
		  SOCK_STREAM, &info);
	ASSERT_EQ(0, WSACleanup());
	ASSERT_WSAFAIL(WSANOTINITIALISED, WSADuplicateSocketA(self->s,
		GetCurrentProcessId(), &info));
	ASSERT_WSAFAIL_SOCKET(WSANOTINITIALISED, WSASocketA(FROM_PROTOCOL_INFO,
		FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, 0));
	ASSERT_EQ(0, ws_startup());
	/* The pending one survived WSACleanup's closing of s: claim it. */
	t = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
		       FROM_PROTOCOL_INFO, &info, 0, 0);
	ASSERT_NE(INVALID_SOCKET, t) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(0, getsockopt(t, SOL_SOCKET, SO_TYPE, (char *)&type, &len));
	ASSERT_EQ(SOCK_STREAM, type);
	ASSERT_EQ(0, closesocket(t));
}

/*
 * Wine test_WSADuplicateSocket, the arguments in its order: no socket is
 * WSAENOTSOCK whatever else is wrong; then process id 0, even with no
 * structure, and a process that does not exist are WSAEINVAL; a missing
 * structure for a good process is WSAEFAULT.
 */
TEST_F(dup, wine_argument_order)
{
	WSAPROTOCOL_INFOA info;

	ASSERT_WSAFAIL(WSAENOTSOCK, WSADuplicateSocketA((SOCKET)0, 0, NULL));
	ASSERT_WSAFAIL(WSAEINVAL, WSADuplicateSocketA(self->s, 0, NULL));
	ASSERT_WSAFAIL(WSAEINVAL, WSADuplicateSocketA(self->s, ~0u, &info));
	ASSERT_WSAFAIL(WSAENOTSOCK, WSADuplicateSocketA((SOCKET)0, GetCurrentProcessId(), &info));
	ASSERT_WSAFAIL(WSAEFAULT, WSADuplicateSocketA(self->s, GetCurrentProcessId(), NULL));
}

/*
 * Wine test_WSADuplicateSocket, into the calling process: the structure
 * names the family, type and protocol; WSASocket(0, 0, 0, &info, 0, 0)
 * (zeros, not FROM_PROTOCOL_INFO) gives the duplicate; a UDP socket bound
 * after WSADuplicateSocket and before WSASocket receives on the duplicate
 * what is sent to it through the original.
 */
TEST_F(dup, wine_into_self)
{
	static const char msg[] = "TEST";
	WSAPROTOCOL_INFOA info;
	struct sockaddr_storage ss;
	char buf[16];
	int type = 0, len, af = variant->af;
	SOCKET u, t;

	memset(&info, 0, sizeof(info));
	ASSERT_EQ(0, WSADuplicateSocketA(self->s, GetCurrentProcessId(), &info))
		TH_LOG("error %d", WSAGetLastError());
	EXPECT_EQ(IPPROTO_TCP, info.iProtocol);
	EXPECT_EQ(af, info.iAddressFamily);
	EXPECT_EQ(SOCK_STREAM, info.iSocketType);
	t = WSASocketA(0, 0, 0, &info, 0, 0);
	ASSERT_NE(INVALID_SOCKET, t) TH_LOG("WSASocketA: error %d", WSAGetLastError());
	ASSERT_EQ(0, closesocket(t));

	u = WSASocketA(af, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, 0);
	ASSERT_NE(INVALID_SOCKET, u);
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(0, WSADuplicateSocketA(u, GetCurrentProcessId(), &info))
		TH_LOG("error %d", WSAGetLastError());
	EXPECT_EQ(IPPROTO_UDP, info.iProtocol);
	EXPECT_EQ(af, info.iAddressFamily);
	EXPECT_EQ(SOCK_DGRAM, info.iSocketType);
	len = ws_loopback(af, 0, &ss);
	ASSERT_EQ(0, bind(u, (struct sockaddr *)&ss, len));
	len = sizeof(ss);
	ASSERT_EQ(0, getsockname(u, (struct sockaddr *)&ss, &len));
	t = WSASocketA(0, 0, 0, &info, 0, 0);
	ASSERT_NE(INVALID_SOCKET, t) TH_LOG("WSASocketA: error %d", WSAGetLastError());
	len = sizeof(type);
	ASSERT_EQ(0, getsockopt(t, SOL_SOCKET, SO_TYPE, (char *)&type, &len));
	EXPECT_EQ(SOCK_DGRAM, type);
	ASSERT_EQ((int)sizeof(msg), sendto(u, msg, sizeof(msg), 0, (struct sockaddr *)&ss,
					   af == AF_INET ? (int)sizeof(struct sockaddr_in) :
					   (int)sizeof(struct sockaddr_in6)));
	ASSERT_EQ(WS_READ, ws_wait(t, WS_READ, WAIT_MS));
	memset(buf, 0, sizeof(buf));
	len = sizeof(ss);
	ASSERT_EQ((int)sizeof(msg), recvfrom(t, buf, sizeof(buf), 0, (struct sockaddr *)&ss, &len));
	EXPECT_STREQ(msg, buf);
	ASSERT_EQ(0, closesocket(t));
	ASSERT_EQ(0, closesocket(u));
}

TEST_HARNESS_MAIN

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the ws selftests.
 *
 * The tests drive the ws socket family through libws's Winsock API only:
 * every socket call in them is the Winsock one from <winsock2.h>, never the
 * Berkeley one. Each expectation comes from one of two sources, cited next to
 * it:
 *  - "spec <function>": the function page of the Windows Sockets 2 API
 *    reference (Microsoft, 1996), the page headed "<function> Quick Info";
 *  - "Wine <test>": Windows behaviour recorded by Wine's conformance tests,
 *    wine-mirror/wine dlls/ws2_32/tests/sock.c or protocol.c, function
 *    <test>. Lines there without todo_wine pass on Windows; lines with
 *    todo_wine show what Windows does where Wine does not yet.
 *
 * Conventions: output buffers are poisoned before a call so that the test
 * proves the call wrote them; the thread's WSA error is poisoned before a call
 * that must fail so that the test proves the call set it; every wait is
 * bounded (WAIT_MS for what must happen, QUIET_MS for what must not).
 */
#ifndef WS_TEST_H
#define WS_TEST_H

#include "kselftest_harness.h"	/* first: it defines _GNU_SOURCE */

#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <winsock2.h>
#include <ws2tcpip.h>

/* Present while the ws module is loaded (uapi/linux/ws.h). */
#define WS_MODULE_PARAM	"/sys/module/ws/parameters/family"

#define WAIT_MS		5000	/* bound on anything that must happen */
#define QUIET_MS	100	/* how long something that must not happen is watched */
#define POISON_BYTE	0xa5
#define POISON_ERR	0x5eadbeef	/* poisoned WSA error, no WSA code */
#define POISON_INT	((int)0xa5a5a5a5)

/* Conditions reported by ws_wait(). */
#define WS_READ		1
#define WS_WRITE	2
#define WS_EXCEPT	4

/*
 * Call @expr, which returns an int, and check that it failed with
 * SOCKET_ERROR and set the WSA error @err.
 */
#define ASSERT_WSAFAIL(err, expr) do { \
	int __r; \
	WSASetLastError(POISON_ERR); \
	__r = (expr); \
	ASSERT_EQ(SOCKET_ERROR, __r) TH_LOG("%s succeeded", #expr); \
	ASSERT_EQ((err), WSAGetLastError()) TH_LOG("%s", #expr); \
} while (0)

/* Same for a call returning a SOCKET: INVALID_SOCKET and @err. */
#define ASSERT_WSAFAIL_SOCKET(err, expr) do { \
	SOCKET __s; \
	WSASetLastError(POISON_ERR); \
	__s = (expr); \
	ASSERT_EQ(INVALID_SOCKET, __s) TH_LOG("%s succeeded", #expr); \
	ASSERT_EQ((err), WSAGetLastError()) TH_LOG("%s", #expr); \
} while (0)

/* Same for a call returning a pointer: NULL and @err. */
#define ASSERT_WSAFAIL_NULL(err, expr) do { \
	const void *__p; \
	WSASetLastError(POISON_ERR); \
	__p = (expr); \
	ASSERT_NULL(__p) TH_LOG("%s succeeded", #expr); \
	ASSERT_EQ((err), WSAGetLastError()) TH_LOG("%s", #expr); \
} while (0)

/* Linux's struct sockaddr_in6, for probing the kernel without libws. */
struct linux_sockaddr_in6 {
	uint16_t family;
	uint16_t port;
	uint32_t flowinfo;
	uint8_t addr[16];
	uint32_t scope_id;
};

struct linux_sockaddr_in {
	uint16_t family;
	uint16_t port;
	uint8_t addr[4];
	uint8_t zero[8];
};

/* Can a plain Linux UDP socket bind the loopback address of @linux_af? */
static inline bool linux_loopback_usable(int linux_af)
{
	struct linux_sockaddr_in6 sin6 = { .family = 10 /* Linux AF_INET6 */ };
	struct linux_sockaddr_in sin = { .family = 2, .addr = { 127, 0, 0, 1 } };
	long fd, ret;

	sin6.addr[15] = 1;
	fd = syscall(SYS_socket, linux_af, 2 /* Linux SOCK_DGRAM */, 0);
	if (fd < 0)
		return false;
	if (linux_af == 10)
		ret = syscall(SYS_bind, fd, &sin6, sizeof(sin6));
	else
		ret = syscall(SYS_bind, fd, &sin, sizeof(sin));
	close(fd);
	return ret == 0;
}

/*
 * Why the ws family cannot be tested here with Winsock family @af (0: any),
 * or NULL if it can.
 */
static inline const char *ws_unavailable(int af)
{
	if (access(WS_MODULE_PARAM, F_OK))
		return "ws module not loaded (" WS_MODULE_PARAM " missing)";
	if (!linux_loopback_usable(2))
		return "no IPv4 loopback (127.0.0.1) in this network namespace";
	if (af == AF_INET6 && !linux_loopback_usable(10))
		return "no IPv6 loopback (::1) in this network namespace";
	return NULL;
}

static inline int ws_startup(void)
{
	WSADATA data;

	return WSAStartup(MAKEWORD(2, 2), &data);
}

static inline int ws_addrlen(int af)
{
	return af == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
}

/* The other family of the two, for wrong-family checks. */
static inline int ws_other_af(int af)
{
	return af == AF_INET ? AF_INET6 : AF_INET;
}

/* Fill @ss with the loopback (or any) address of @af and @port; return its length. */
static inline int ws_sockaddr(int af, bool loopback, u_short port,
			      struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (af == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(loopback ? INADDR_LOOPBACK : INADDR_ANY);
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		if (loopback)
			sin6->sin6_addr.s6_addr[15] = 1;
		return sizeof(*sin6);
	}
}

static inline int ws_loopback(int af, u_short port, struct sockaddr_storage *ss)
{
	return ws_sockaddr(af, true, port, ss);
}

/* Port, host order; sin_port and sin6_port sit at the same offset. */
static inline u_short ws_port(const struct sockaddr_storage *ss)
{
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

static inline void ws_set_port(struct sockaddr_storage *ss, u_short port)
{
	((struct sockaddr_in *)ss)->sin_port = htons(port);
}

/* Is @ss the loopback address of its family? */
static inline bool ws_is_loopback(const struct sockaddr_storage *ss)
{
	static const unsigned char lo6[16] = { [15] = 1 };

	if (ss->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_addr.s_addr ==
		       htonl(INADDR_LOOPBACK);
	if (ss->ss_family == AF_INET6)
		return !memcmp(((const struct sockaddr_in6 *)ss)->sin6_addr.s6_addr,
			       lo6, 16);
	return false;
}

/* Same family, address and port. */
static inline bool ws_same_addr(const struct sockaddr_storage *a,
				const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family || ws_port(a) != ws_port(b))
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	if (a->ss_family == AF_INET6)
		return !memcmp(((const struct sockaddr_in6 *)a)->sin6_addr.s6_addr,
			       ((const struct sockaddr_in6 *)b)->sin6_addr.s6_addr, 16);
	return false;
}

/*
 * select() on the single socket @s for the conditions in @which, for at most
 * @ms. Returns the conditions reported (WS_*), or -1 if select failed.
 */
static inline int ws_wait(SOCKET s, int which, int ms)
{
	fd_set r, w, e;
	struct timeval tv;
	int ret, got = 0;

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(s, &r);
	FD_SET(s, &w);
	FD_SET(s, &e);
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	ret = select(0, (which & WS_READ) ? &r : NULL, (which & WS_WRITE) ? &w : NULL,
		     (which & WS_EXCEPT) ? &e : NULL, &tv);
	if (ret == SOCKET_ERROR)
		return -1;
	if ((which & WS_READ) && FD_ISSET(s, &r))
		got |= WS_READ;
	if ((which & WS_WRITE) && FD_ISSET(s, &w))
		got |= WS_WRITE;
	if ((which & WS_EXCEPT) && FD_ISSET(s, &e))
		got |= WS_EXCEPT;
	return got;
}

static inline int ws_set_nonblocking(SOCKET s, bool on)
{
	u_long arg = on;

	return ioctlsocket(s, FIONBIO, &arg);
}

static inline int ws_set_int(SOCKET s, int level, int name, int value)
{
	return setsockopt(s, level, name, (const char *)&value, sizeof(value));
}

static inline long ws_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static inline void ws_sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A socket of @af/@type bound to loopback port 0; its address in @ss. */
static inline SOCKET ws_bound(struct __test_metadata *_metadata, int af, int type,
			      struct sockaddr_storage *ss, int *len)
{
	SOCKET s;

	s = socket(af, type, type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("socket: error %d", WSAGetLastError());
	*len = ws_loopback(af, 0, ss);
	ASSERT_EQ(0, bind(s, (struct sockaddr *)ss, *len))
		TH_LOG("bind: error %d", WSAGetLastError());
	*len = sizeof(*ss);
	ASSERT_EQ(0, getsockname(s, (struct sockaddr *)ss, len))
		TH_LOG("getsockname: error %d", WSAGetLastError());
	return s;
}

/* A loopback port nobody listens on: bind one, then close it. */
static inline u_short ws_free_port(struct __test_metadata *_metadata, int af, int type)
{
	struct sockaddr_storage ss;
	int len;
	SOCKET s = ws_bound(_metadata, af, type, &ss, &len);

	ASSERT_EQ(0, closesocket(s));
	return ws_port(&ss);
}

/* A connected blocking TCP pair over loopback: *c connected to *s (accepted). */
static inline void ws_tcp_pair(struct __test_metadata *_metadata, int af,
			       SOCKET *c, SOCKET *s)
{
	struct sockaddr_storage ss;
	int len;
	SOCKET l = ws_bound(_metadata, af, SOCK_STREAM, &ss, &len);

	ASSERT_EQ(0, listen(l, 1)) TH_LOG("listen: error %d", WSAGetLastError());
	*c = socket(af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, *c);
	ASSERT_EQ(0, connect(*c, (struct sockaddr *)&ss, len))
		TH_LOG("connect: error %d", WSAGetLastError());
	ASSERT_EQ(WS_READ, ws_wait(l, WS_READ, WAIT_MS));
	*s = accept(l, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, *s) TH_LOG("accept: error %d", WSAGetLastError());
	ASSERT_EQ(0, closesocket(l));
}

/* Receive exactly @len bytes from stream socket @s, waiting for each part. */
static inline void ws_recv_exact(struct __test_metadata *_metadata, SOCKET s,
				 char *buf, int len)
{
	int got = 0, ret;

	while (got < len) {
		ASSERT_EQ(WS_READ, ws_wait(s, WS_READ, WAIT_MS))
			TH_LOG("nothing to read after %d of %d bytes", got, len);
		ret = recv(s, buf + got, len - got, 0);
		if (ret == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK)
			continue;
		ASSERT_GT(ret, 0) TH_LOG("recv: %d, error %d", ret, WSAGetLastError());
		got += ret;
	}
}

/* Send all @len bytes on stream socket @s, waiting for room as needed. */
static inline void ws_send_all(struct __test_metadata *_metadata, SOCKET s,
			       const char *buf, int len)
{
	int done = 0, ret;

	while (done < len) {
		ASSERT_EQ(WS_WRITE, ws_wait(s, WS_WRITE, WAIT_MS))
			TH_LOG("no room to send after %d of %d bytes", done, len);
		ret = send(s, buf + done, len - done, 0);
		if (ret == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK)
			continue;
		ASSERT_GT(ret, 0) TH_LOG("send: %d, error %d", ret, WSAGetLastError());
		done += ret;
	}
}

/*
 * Fill nonblocking stream socket @s, whose peer does not read, until sends
 * keep failing with WSAEWOULDBLOCK: the first failure only means the send
 * buffer is full, while the peer's receive window may still take what is in
 * it; so after each failure wait a little and try again, until a send made
 * after the pause fails too. Returns with the last send failed (spec send:
 * WSAEWOULDBLOCK "The socket is marked as nonblocking and the requested
 * operation would block").
 */
static inline void ws_fill_send(struct __test_metadata *_metadata, SOCKET s)
{
	static char buf[65536];
	int ret, rounds, sends = 0;

	for (rounds = 0; rounds < 100; rounds++) {
		do {
			WSASetLastError(POISON_ERR);
			ret = send(s, buf, sizeof(buf), 0);
			ASSERT_GT(64 * 1024, ++sends) TH_LOG("the send buffer never filled");
		} while (ret > 0);
		ASSERT_EQ(SOCKET_ERROR, ret) TH_LOG("send returned %d", ret);
		ASSERT_EQ(WSAEWOULDBLOCK, WSAGetLastError());
		ws_sleep_ms(50);
		WSASetLastError(POISON_ERR);
		ret = send(s, buf, sizeof(buf), 0);
		if (ret == SOCKET_ERROR) {
			ASSERT_EQ(WSAEWOULDBLOCK, WSAGetLastError());
			return;
		}
	}
	ASSERT_TRUE(false) TH_LOG("sends never stayed blocked");
}

/*
 * getsockopt of a BOOL option. The spec (getsockopt) gives BOOL the size of
 * an int, and Windows returns 4 bytes for most BOOL options, but only one
 * byte (and optlen 1) for SO_KEEPALIVE, SO_DONTROUTE and TCP_NODELAY (Wine
 * test_set_getsockopt, test_optsize table). Either form is accepted; the
 * value must be exactly 0 or 1 and must have replaced the poison.
 * Returns 0 or 1, or -1 with the failure logged.
 */
static inline int ws_get_bool(struct __test_metadata *_metadata, SOCKET s,
			      int level, int name)
{
	int val = POISON_INT, len = sizeof(val), ret;

	ret = getsockopt(s, level, name, (char *)&val, &len);
	EXPECT_EQ(0, ret) TH_LOG("getsockopt(%#x, %#x): error %d", level, name,
				 WSAGetLastError());
	if (ret)
		return -1;
	if (len == 1)
		val &= 0xff;
	else
		EXPECT_EQ(sizeof(int), len);
	EXPECT_TRUE(val == 0 || val == 1) TH_LOG("option %#x: value %#x", name, val);
	return (val == 0 || val == 1) ? val : -1;
}

/* getsockopt of an int-sized option; the value must replace the poison and optlen be 4. */
static inline int ws_get_int(struct __test_metadata *_metadata, SOCKET s,
			     int level, int name)
{
	int val = POISON_INT, len = sizeof(val);

	EXPECT_EQ(0, getsockopt(s, level, name, (char *)&val, &len))
		TH_LOG("getsockopt(%#x, %#x): error %d", level, name, WSAGetLastError());
	EXPECT_EQ(sizeof(int), len);
	EXPECT_NE(POISON_INT, val) TH_LOG("option %#x not written", name);
	return val;
}

/*
 * Threads that must be proved blocked before they are woken.
 *
 * A thread is blocked when it is asleep in the kernel (state S or D in
 * /proc/self/task/<tid>/status) and stays asleep without being woken: its
 * voluntary context switch count does not change over the interval. A
 * thread that polls (sleeps a little, looks, sleeps again) is asleep most of
 * the time but keeps switching, so it is not taken for a blocked one.
 */
static inline pid_t ws_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* State letter and voluntary switches of thread @tid; false if it is gone. */
static inline bool ws_thread_sample(pid_t tid, char *state, unsigned long *nvcsw)
{
	char path[64], buf[2048], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	p = strstr(buf, "\nState:");
	if (!p || sscanf(p, "\nState: %c", state) != 1)
		return false;
	p = strstr(buf, "\nvoluntary_ctxt_switches:");
	if (!p || sscanf(p, "\nvoluntary_ctxt_switches: %lu", nvcsw) != 1)
		return false;
	return true;
}

/* Is thread @tid asleep now and not woken during the next @ms? */
static inline bool ws_thread_blocked_for(pid_t tid, int ms)
{
	unsigned long before, after;
	char s1, s2;

	if (!ws_thread_sample(tid, &s1, &before) || (s1 != 'S' && s1 != 'D'))
		return false;
	ws_sleep_ms(ms);
	if (!ws_thread_sample(tid, &s2, &after) || (s2 != 'S' && s2 != 'D'))
		return false;
	return before == after;
}

/*
 * Wait up to WAIT_MS for the thread whose id will be stored in *@tidp (0
 * until it is) to be blocked, as ws_thread_blocked_for(tid, 20).
 */
static inline bool ws_wait_blocked(const volatile pid_t *tidp)
{
	long end = ws_now_ms() + WAIT_MS;

	do {
		pid_t tid = __atomic_load_n(tidp, __ATOMIC_ACQUIRE);

		if (tid && ws_thread_blocked_for(tid, 20))
			return true;
		ws_sleep_ms(1);
	} while (ws_now_ms() < end);
	return false;
}

#endif /* WS_TEST_H */

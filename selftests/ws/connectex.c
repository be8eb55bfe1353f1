// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of ConnectEx and AcceptEx registration through the raw kernel
 * ABI (uapi/linux/ws.h, "ConnectEx" and "AcceptEx"): WS_OP_CONNECT armed by
 * connect(2), its completion, its errors, and that only the submitting
 * thread's accept(2) or connect(2) arms an operation.
 *
 * Expectations cite Windows' behaviour as Wine's conformance tests record
 * it ("Wine <test>", dlls/ws2_32/tests/sock.c) or the ABI's own rules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ws.h>

#include "kselftest_harness.h"
#include "ws_abi.h"

#define WAIT_MS		5000
#define QUIET_MS	100

/* A ws TCP socket of @family bound to loopback port @port (0: any). */
static int ws_tcp_bound(int fam, int family, unsigned short port)
{
	struct sockaddr_storage ss;
	socklen_t len = lo_addr(family, port, &ss);
	int s = socket(fam, SOCK_STREAM,
		       WS_PROTOCOL(family == AF_INET6 ? WS_AF_INET6 : WS_AF_INET, 0));

	if (s >= 0 && bind(s, (struct sockaddr *)&ss, len)) {
		close(s);
		return -1;
	}
	return s;
}

/* An event object (WS_IOC_CREATE_EVENT); readable while signalled. */
static int make_event(int dev)
{
	struct ws_event_args a = { .fd = -1 };

	return ioctl(dev, WS_IOC_CREATE_EVENT, &a) ? -1 : a.fd;
}

static int signalled(int ev, int ms)
{
	struct pollfd p = { .fd = ev, .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

/* Register a ConnectEx with @len bytes of @data; -errno or 0. */
static int submit_connect(int s, uint64_t *ov, int ev, const void *data,
			  uint32_t len)
{
	struct ws_iovec b = { .len = len, .buf = (uintptr_t)data };
	struct ws_io io = {
		.op = WS_OP_CONNECT, .event_fd = ev, .dev_fd = -1,
		.ov = (uintptr_t)ov, .bufs = (uintptr_t)&b, .nbufs = len ? 1 : 0,
	};

	return ioctl(s, WS_IOC_SUBMIT, &io) ? -errno : 0;
}

static int drop(int s, uint64_t *ov)
{
	struct ws_cancel c = { .ov = (uintptr_t)ov, .flags = WS_CANCEL_DROP };

	return ioctl(s, WS_IOC_CANCEL, &c);
}

FIXTURE(cx) {
	int fam, dev, ev, l, s;
	struct sockaddr_storage laddr;
	socklen_t llen;
	uint64_t ov[4];		/* Internal, InternalHigh, Offset/High, hEvent */
};

FIXTURE_VARIANT(cx) {
	int family;
};

FIXTURE_VARIANT_ADD(cx, ipv4) { .family = AF_INET };
FIXTURE_VARIANT_ADD(cx, ipv6) { .family = AF_INET6 };

FIXTURE_SETUP(cx)
{
	self->fam = ws_family();
	self->dev = self->ev = self->l = self->s = -1;
	if (self->fam < 0)
		SKIP(return, "ws module not loaded");
	self->dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->dev);
	self->ev = make_event(self->dev);
	ASSERT_LE(0, self->ev);
	self->l = ws_tcp_bound(self->fam, variant->family, 0);
	if (self->l < 0 && variant->family == AF_INET6)
		SKIP(return, "no IPv6 loopback");
	ASSERT_LE(0, self->l);
	ASSERT_EQ(0, listen(self->l, 4));
	self->llen = lo_addr(variant->family, port_of(self->l), &self->laddr);
	self->s = ws_tcp_bound(self->fam, variant->family, 0);
	ASSERT_LE(0, self->s);
	memset(self->ov, 0xa5, sizeof(self->ov));
}

FIXTURE_TEARDOWN(cx)
{
	if (self->s >= 0)
		close(self->s);
	if (self->l >= 0)
		close(self->l);
	if (self->ev >= 0)
		close(self->ev);
	if (self->dev >= 0)
		close(self->dev);
}

/*
 * Wine test_connect: ConnectEx pends (Internal STATUS_PENDING), completes
 * when the connection is made with the data sent: bytes == 3, and the
 * peer receives "123" even though the caller's buffer was cleared right
 * after the call (the module holds the pages, and sends from them only
 * once connected: the buffer must stay the caller's until completion, so
 * here it is cleared only after).
 */
TEST_F(cx, connects_and_sends)
{
	char data[3] = "123", got[4] = "";
	int a;

	ASSERT_EQ(-EINPROGRESS, submit_connect(self->s, self->ov, self->ev,
					       data, 3));
	EXPECT_EQ(WS_STATUS_PENDING, self->ov[0]);
	/* ABI: connect(2) of the submitting thread starts it: EINPROGRESS. */
	ASSERT_EQ(-1, connect(self->s, (struct sockaddr *)&self->laddr,
			      self->llen));
	ASSERT_EQ(EINPROGRESS, errno);
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	EXPECT_EQ(WS_STATUS_SUCCESS, self->ov[0]);
	EXPECT_EQ(3, self->ov[1]);
	a = accept(self->l, NULL, NULL);
	ASSERT_LE(0, a);
	memset(data, 0, sizeof(data));
	ASSERT_TRUE(signalled(a, WAIT_MS));
	ASSERT_EQ(3, recv(a, got, 3, 0));
	EXPECT_STREQ("123", got);
	close(a);
	/* Wine test_connect: a ConnectEx on a connected socket: WSAEISCONN. */
	EXPECT_EQ(-EISCONN, submit_connect(self->s, self->ov, self->ev, NULL, 0));
}

/* Wine test_connect: to a closed port it pends, then fails: refused. */
TEST_F(cx, refused)
{
	struct sockaddr_storage ss;
	int free = ws_tcp_bound(self->fam, variant->family, 0);
	unsigned short port = port_of(free);
	socklen_t len = lo_addr(variant->family, port, &ss);

	close(free);
	ASSERT_EQ(-EINPROGRESS, submit_connect(self->s, self->ov, self->ev,
					       NULL, 0));
	ASSERT_EQ(-1, connect(self->s, (struct sockaddr *)&ss, len));
	ASSERT_EQ(EINPROGRESS, errno);
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	EXPECT_EQ(WS_STATUS_CONNECTION_REFUSED, self->ov[0]);
	EXPECT_EQ(0, self->ov[1]);
}

/*
 * Wine test_connect, test_connecting_socket: ConnectEx needs a bound
 * socket (WSAEINVAL); on a listening socket WSAEINVAL; while one is under
 * way a second ConnectEx and connect() fail with WSAEINVAL and getpeername
 * with WSAENOTCONN.
 */
TEST_F(cx, errors)
{
	int u = socket(self->fam, SOCK_STREAM,
		       WS_PROTOCOL(variant->family == AF_INET6 ? WS_AF_INET6 :
				   WS_AF_INET, 0));
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	uint64_t ov2[4];

	ASSERT_LE(0, u);
	EXPECT_EQ(-EINVAL, submit_connect(u, self->ov, self->ev, NULL, 0));
	close(u);
	EXPECT_EQ(-EINVAL, submit_connect(self->l, self->ov, self->ev, NULL, 0));

	ASSERT_EQ(-EINPROGRESS, submit_connect(self->s, self->ov, self->ev,
					       NULL, 0));
	EXPECT_EQ(-EINVAL, submit_connect(self->s, ov2, -1, NULL, 0));
	EXPECT_EQ(-1, getpeername(self->s, (struct sockaddr *)&ss, &len));
	EXPECT_EQ(ENOTCONN, errno);
	ASSERT_EQ(-1, connect(self->s, (struct sockaddr *)&self->laddr,
			      self->llen));
	ASSERT_EQ(EINPROGRESS, errno);
	ASSERT_TRUE(signalled(self->ev, WAIT_MS));
	EXPECT_EQ(WS_STATUS_SUCCESS, self->ov[0]);
	/* Connected: getpeername works. */
	len = sizeof(ss);
	EXPECT_EQ(0, getpeername(self->s, (struct sockaddr *)&ss, &len));
}

struct other {
	int fd;
	const struct sockaddr_storage *to;
	socklen_t len;
	int err;
};

static void *other_connect(void *arg)
{
	struct other *o = arg;

	o->err = connect(o->fd, (const struct sockaddr *)o->to, o->len) ? errno : 0;
	return NULL;
}

static void *other_accept(void *arg)
{
	struct other *o = arg;
	int r = accept(o->fd, NULL, NULL);

	o->err = r < 0 ? errno : 0;
	if (r >= 0)
		close(r);
	return NULL;
}

/*
 * ABI: only the submitting thread's connect(2) starts its ConnectEx (the
 * security modules check that thread's call); another thread's connect()
 * meanwhile fails with EINVAL (Windows: connect() during a ConnectEx).
 * WS_CANCEL_DROP removes a registered operation without completing it.
 * The same for AcceptEx: another thread's accept(2) does not arm it.
 */
TEST_F(cx, only_the_submitter_arms)
{
	struct other o = { .fd = self->s, .to = &self->laddr, .len = self->llen };
	uint64_t aov[4];
	char area[64];
	struct ws_io io = {
		.op = WS_OP_ACCEPT, .event_fd = -1, .dev_fd = -1,
		.ov = (uintptr_t)aov, .addr = (uintptr_t)area,
		.ctx = { 0, 0, 0, sizeof(area) },
	};
	pthread_t t;
	int a;

	ASSERT_EQ(-EINPROGRESS, submit_connect(self->s, self->ov, self->ev,
					       NULL, 0));
	ASSERT_EQ(0, pthread_create(&t, NULL, other_connect, &o));
	pthread_join(t, NULL);
	EXPECT_EQ(EINVAL, o.err);
	EXPECT_FALSE(signalled(self->ev, QUIET_MS));
	EXPECT_EQ(1, drop(self->s, self->ov));
	EXPECT_EQ(WS_STATUS_PENDING, self->ov[0]);
	EXPECT_FALSE(signalled(self->ev, QUIET_MS));
	/* Nothing registered any more: connect() works as usual. */
	EXPECT_EQ(-1, drop(self->s, self->ov));
	EXPECT_EQ(ENOENT, errno);

	a = socket(self->fam, SOCK_STREAM,
		   WS_PROTOCOL(variant->family == AF_INET6 ? WS_AF_INET6 :
			       WS_AF_INET, 0));
	ASSERT_LE(0, a);
	io.ctx[0] = a;
	ASSERT_EQ(-1, ioctl(self->l, WS_IOC_SUBMIT, &io));
	ASSERT_EQ(EINPROGRESS, errno);
	o.fd = self->l;
	ASSERT_EQ(0, fcntl(self->l, F_SETFL, O_NONBLOCK));
	ASSERT_EQ(0, pthread_create(&t, NULL, other_accept, &o));
	pthread_join(t, NULL);
	EXPECT_EQ(EAGAIN, o.err);	/* a plain nonblocking accept */
	EXPECT_EQ(1, drop(self->l, aov));
	EXPECT_EQ(WS_STATUS_PENDING, aov[0]);
	/* The accept socket is free for another AcceptEx. */
	ASSERT_EQ(-1, ioctl(self->l, WS_IOC_SUBMIT, &io));
	ASSERT_EQ(EINPROGRESS, errno);
	ASSERT_EQ(-1, accept4(self->l, NULL, NULL, SOCK_NONBLOCK));
	EXPECT_EQ(EINPROGRESS, errno);
	/* Armed; taking it before it completes: EINPROGRESS. */
	EXPECT_EQ(-1, ioctl(a, WS_IOC_ACCEPT_TAKE));
	EXPECT_EQ(EINPROGRESS, errno);
	close(a);
}

/*
 * ABI: an AcceptEx whose accept socket is closed before the submitting
 * thread's accept(2) arms it is not armed (that accept fails with EBADF,
 * takes no connection), and WS_CANCEL_DROP removes it uncompleted.
 */
TEST_F(cx, accept_socket_closed_before_arming)
{
	uint64_t aov[4] = { WS_STATUS_PENDING };
	char area[64];
	struct ws_io io = {
		.op = WS_OP_ACCEPT, .event_fd = self->ev, .dev_fd = -1,
		.ov = (uintptr_t)aov, .addr = (uintptr_t)area,
		.ctx = { 0, 0, 0, sizeof(area) },
	};
	int a = socket(self->fam, SOCK_STREAM,
		       WS_PROTOCOL(variant->family == AF_INET6 ? WS_AF_INET6 :
				   WS_AF_INET, 0));
	int c = ws_tcp_bound(self->fam, variant->family, 0);

	ASSERT_LE(0, a);
	ASSERT_LE(0, c);
	/* A connection is queued: a real accept would take it. */
	ASSERT_EQ(0, fcntl(c, F_SETFL, O_NONBLOCK));
	connect(c, (struct sockaddr *)&self->laddr, self->llen);
	io.ctx[0] = a;
	ASSERT_EQ(-1, ioctl(self->l, WS_IOC_SUBMIT, &io));
	ASSERT_EQ(EINPROGRESS, errno);
	close(a);
	ASSERT_EQ(0, fcntl(self->l, F_SETFL, O_NONBLOCK));
	EXPECT_EQ(-1, accept(self->l, NULL, NULL));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(1, drop(self->l, aov));
	EXPECT_EQ(WS_STATUS_PENDING, aov[0]);
	EXPECT_FALSE(signalled(self->ev, QUIET_MS));
	/* The connection is still there for accept(). */
	a = accept(self->l, NULL, NULL);
	EXPECT_LE(0, a);
	close(a);
	close(c);
}

/*
 * Closing a socket while the module's worker is carrying out its
 * operation (an AcceptEx accepting, a ConnectEx sending its data) is
 * safe: each round closes right after starting one. Bounded: 300 rounds.
 */
TEST_F(cx, close_while_the_worker_runs)
{
	struct sockaddr_storage ss;
	uint64_t ov[4];
	char area[64];
	int i, l, a, c, s;

	for (i = 0; i < 150; i++) {
		struct ws_io io = {
			.op = WS_OP_ACCEPT, .event_fd = -1, .dev_fd = -1,
			.ov = (uintptr_t)ov, .addr = (uintptr_t)area,
			.ctx = { 0, 0, 0, sizeof(area) },
		};
		socklen_t len;

		l = ws_tcp_bound(self->fam, variant->family, 0);
		a = socket(self->fam, SOCK_STREAM,
			   WS_PROTOCOL(variant->family == AF_INET6 ? WS_AF_INET6 :
				       WS_AF_INET, 0));
		ASSERT_LE(0, l);
		ASSERT_LE(0, a);
		ASSERT_EQ(0, listen(l, 4));
		len = lo_addr(variant->family, port_of(l), &ss);
		io.ctx[0] = a;
		ASSERT_EQ(-1, ioctl(l, WS_IOC_SUBMIT, &io));
		ASSERT_EQ(EINPROGRESS, errno);
		ASSERT_EQ(-1, accept(l, NULL, NULL));
		ASSERT_EQ(EINPROGRESS, errno);
		c = socket(variant->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(c, (struct sockaddr *)&ss, len);
		close(l);
		close(a);
		close(c);
	}
	for (i = 0; i < 150; i++) {
		s = ws_tcp_bound(self->fam, variant->family, 0);
		ASSERT_LE(0, s);
		ASSERT_EQ(0, submit_connect(s, ov, -1, "data", 4) == -EINPROGRESS ? 0 : -1);
		ASSERT_EQ(-1, connect(s, (struct sockaddr *)&self->laddr, self->llen));
		ASSERT_EQ(EINPROGRESS, errno);
		close(s);
		ASSERT_EQ(0, fcntl(self->l, F_SETFL, O_NONBLOCK));
		while ((c = accept(self->l, NULL, NULL)) >= 0)
			close(c);
	}
}

TEST_HARNESS_MAIN

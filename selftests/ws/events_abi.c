// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of the ws event objects, waits, APCs, message queues and the
 * network-event record, through the raw kernel ABI (uapi/linux/ws.h).
 * Expectations cite the Winsock 2 pages (WSAEventSelect, WSAEnumNetworkEvents,
 * WSAWaitForMultipleEvents) or the observed Windows behaviour listed in the
 * issue; threads prove a waiter is asleep before it is woken.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/ws.h>

#include "kselftest_harness.h"
#include "ws_abi.h"

#define FD(bit)	(1u << WS_FD_##bit##_BIT)

static uint64_t ws_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int ws_create_event(int dev, int signaled)
{
	struct ws_event_args a = { .flags = signaled ? WS_EVENT_SIGNALED : 0,
				   .fd = -1 };

	if (ioctl(dev, WS_IOC_CREATE_EVENT, &a))
		return -1;
	return a.fd;
}

static int ws_event_state(int ev)
{
	__u32 v = 0xdead;

	if (ioctl(ev, WS_IOC_EVENT_READ, &v))
		return -1;
	return v;
}

/* WS_IOC_WAIT; returns the index or -errno. */
static int ws_wait(int dev, const int *fds, int n, unsigned int flags,
		   uint64_t timeout_ms)
{
	struct ws_wait_args a = {
		.objs = (uintptr_t)fds,
		.count = n,
		.flags = flags,
		.index = 0xdeadbeef,
		.timeout = timeout_ms == ~0ull ? WS_TIMEOUT_INFINITE :
			   ws_now_ns() + timeout_ms * 1000000ull,
	};

	if (ioctl(dev, WS_IOC_WAIT, &a))
		return -errno;
	return a.index;
}

static int ws_select(int s, int ev, unsigned int mask)
{
	struct ws_event_select a = { .event_fd = ev, .mask = mask };

	return ioctl(s, WS_IOC_EVENT_SELECT, &a);
}

/* WSAEnumNetworkEvents; errors[] poisoned first. */
static int ws_enum(int s, int ev, struct ws_network_events *ne)
{
	memset(ne, 0x55, sizeof(*ne));
	ne->event_fd = ev;
	return ioctl(s, WS_IOC_ENUM_NETWORK_EVENTS, ne);
}

static int ws_tcp(int fam, int af)
{
	return socket(fam, SOCK_STREAM, WS_PROTOCOL(af, 0));
}

static int ws_bind_lo(int s, int af)
{
	struct sockaddr_in6 a6 = {
		.sin6_family = AF_INET6,
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};
	struct sockaddr_in a4 = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};

	return af == WS_AF_INET6 ? bind(s, (void *)&a6, sizeof(a6)) :
				   bind(s, (void *)&a4, sizeof(a4));
}

FIXTURE(ev) {
	int fam, dev;
	int ev;
	int l;				/* listener */
	struct sockaddr_storage name;	/* its address */
	socklen_t namelen;
};

FIXTURE_VARIANT(ev) {
	int af;
};

FIXTURE_VARIANT_ADD(ev, ipv4) { .af = WS_AF_INET };
FIXTURE_VARIANT_ADD(ev, ipv6) { .af = WS_AF_INET6 };

FIXTURE_SETUP(ev)
{
	self->dev = -1;
	self->l = -1;
	self->fam = ws_family();
	if (self->fam < 0)
		SKIP(return, "ws module not loaded");
	self->dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->dev);
	self->ev = ws_create_event(self->dev, 0);
	ASSERT_LE(0, self->ev);
	self->l = ws_tcp(self->fam, variant->af);
	ASSERT_LE(0, self->l);
	ASSERT_EQ(0, ws_bind_lo(self->l, variant->af));
	ASSERT_EQ(0, listen(self->l, 8));
	self->namelen = sizeof(self->name);
	ASSERT_EQ(0, getsockname(self->l, (void *)&self->name, &self->namelen));
}

FIXTURE_TEARDOWN(ev)
{
	if (self->l >= 0)
		close(self->l);
	if (self->dev >= 0)
		close(self->dev);
}

/* WSACreateEvent: manual reset, created nonsignalled; pollable. */
TEST_F(ev, event_object_set_reset_poll)
{
	struct pollfd p = { .fd = self->ev, .events = POLLIN };

	EXPECT_EQ(0, ws_event_state(self->ev));
	EXPECT_EQ(0, poll(&p, 1, 0));
	ASSERT_EQ(0, ioctl(self->ev, WS_IOC_EVENT_SET));
	EXPECT_EQ(1, ws_event_state(self->ev));
	EXPECT_EQ(1, poll(&p, 1, 0));
	/* Waiting does not reset a manual-reset event. */
	EXPECT_EQ(0, ws_wait(self->dev, &self->ev, 1, 0, 0));
	EXPECT_EQ(1, ws_event_state(self->ev));
	ASSERT_EQ(0, ioctl(self->ev, WS_IOC_EVENT_RESET));
	EXPECT_EQ(0, ws_event_state(self->ev));
}

/*
 * WS_EVENT_AUTO_RESET (CreateEvent with bManualReset FALSE, whose page
 * says a wait that it satisfies resets it): WS_IOC_EVENT_READ and poll
 * report the state and take nothing, a wait takes it, a wait-all on it and
 * a manual-reset event set takes it but leaves the other; PulseEvent
 * leaves either unsignalled. Unknown flags are refused.
 */
TEST_F(ev, auto_reset_taken_by_a_wait)
{
	struct ws_event_args a = { .flags = WS_EVENT_AUTO_RESET | WS_EVENT_SIGNALED,
				   .fd = -1 };
	struct pollfd p = { .events = POLLIN };
	int fds[2];

	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_CREATE_EVENT, &a));
	fds[0] = a.fd;
	fds[1] = ws_create_event(self->dev, 1);
	ASSERT_LE(0, fds[1]);
	p.fd = fds[0];
	EXPECT_EQ(1, ws_event_state(fds[0]));
	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_EQ(1, ws_event_state(fds[0]));
	EXPECT_EQ(0, ws_wait(self->dev, fds, 1, 0, 0));
	EXPECT_EQ(0, ws_event_state(fds[0]));
	EXPECT_EQ(-ETIMEDOUT, ws_wait(self->dev, fds, 1, 0, 0));
	/* Wait-all: all or nothing. */
	EXPECT_EQ(-ETIMEDOUT, ws_wait(self->dev, fds, 2, WS_WAIT_ALL, 0));
	EXPECT_EQ(1, ws_event_state(fds[1]));
	ASSERT_EQ(0, ioctl(fds[0], WS_IOC_EVENT_SET));
	EXPECT_EQ(0, ws_wait(self->dev, fds, 2, WS_WAIT_ALL, 0));
	EXPECT_EQ(0, ws_event_state(fds[0]));
	EXPECT_EQ(1, ws_event_state(fds[1]));
	/* Wait-any: the lowest index, and only it, is taken. */
	ASSERT_EQ(0, ioctl(fds[0], WS_IOC_EVENT_SET));
	EXPECT_EQ(0, ws_wait(self->dev, fds, 2, 0, 0));
	EXPECT_EQ(0, ws_event_state(fds[0]));
	EXPECT_EQ(1, ws_wait(self->dev, fds, 2, 0, 0));
	/* Pulse: nobody waits, both end unsignalled. */
	ASSERT_EQ(0, ioctl(fds[0], WS_IOC_EVENT_PULSE));
	ASSERT_EQ(0, ioctl(fds[1], WS_IOC_EVENT_PULSE));
	EXPECT_EQ(0, ws_event_state(fds[0]));
	EXPECT_EQ(0, ws_event_state(fds[1]));
	close(fds[0]);
	close(fds[1]);

	a.flags = 0x4;
	a.fd = -1;
	EXPECT_EQ(-1, ioctl(self->dev, WS_IOC_CREATE_EVENT, &a));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, a.fd);
}

/* WSAWaitForMultipleEvents: the lowest signalled index; a timeout. */
TEST_F(ev, wait_any_lowest_index_and_timeout)
{
	int fds[3] = { ws_create_event(self->dev, 0),
		       ws_create_event(self->dev, 1),
		       ws_create_event(self->dev, 1) };

	EXPECT_EQ(1, ws_wait(self->dev, fds, 3, 0, 0));
	EXPECT_EQ(-ETIMEDOUT, ws_wait(self->dev, fds, 3, WS_WAIT_ALL, 0));
	EXPECT_EQ(-ETIMEDOUT, ws_wait(self->dev, fds, 1, 0, 20));
	ioctl(fds[0], WS_IOC_EVENT_SET);
	EXPECT_EQ(0, ws_wait(self->dev, fds, 3, WS_WAIT_ALL, 0));
	close(fds[0]);
	close(fds[1]);
	close(fds[2]);
}

/* WSA_INVALID_HANDLE and WSA_INVALID_PARAMETER. */
TEST_F(ev, wait_bad_handles_and_counts)
{
	int fds[WS_MAX_WAIT_OBJECTS + 1];
	int i;

	for (i = 0; i <= WS_MAX_WAIT_OBJECTS; i++)
		fds[i] = self->ev;
	EXPECT_EQ(-EINVAL, ws_wait(self->dev, fds, 0, 0, 0));
	EXPECT_EQ(-EINVAL, ws_wait(self->dev, fds, WS_MAX_WAIT_OBJECTS + 1, 0, 0));
	EXPECT_EQ(-ETIMEDOUT, ws_wait(self->dev, fds, WS_MAX_WAIT_OBJECTS, 0, 0));
	fds[1] = self->l;			/* a socket, not an event */
	EXPECT_EQ(-EBADF, ws_wait(self->dev, fds, 2, 0, 0));
	fds[1] = 1000;				/* not open */
	EXPECT_EQ(-EBADF, ws_wait(self->dev, fds, 2, 0, 0));
	EXPECT_EQ(-EINVAL, ws_wait(self->dev, fds, 1, 0x80, 0));
}

struct waiter {
	int dev;
	int fds[WS_MAX_WAIT_OBJECTS];
	int n;
	unsigned int flags;
	pid_t tid;
	int ret;
};

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;

	__atomic_store_n(&w->tid, syscall(SYS_gettid), __ATOMIC_RELEASE);
	w->ret = ws_wait(w->dev, w->fds, w->n, w->flags, 10000);
	return NULL;
}

/* Asleep now and still asleep 20 ms later, within 2 s. */
static int wait_sleeping(pid_t tid)
{
	int i;

	for (i = 0; i < 2000; i++) {
		if (thread_sleeping(tid)) {
			usleep(20000);
			if (thread_sleeping(tid))
				return 1;
		}
		usleep(1000);
	}
	return 0;
}

static int start_waiter(struct waiter *w, pthread_t *t)
{
	int i;

	w->ret = -12345;
	if (pthread_create(t, NULL, waiter_thread, w))
		return -1;
	for (i = 0; i < 2000; i++) {
		pid_t tid = __atomic_load_n(&w->tid, __ATOMIC_ACQUIRE);

		if (tid && thread_sleeping(tid)) {
			usleep(20000);	/* still asleep a moment later */
			if (thread_sleeping(tid))
				return 0;
		}
		usleep(1000);
	}
	return -1;
}

/* A wait-all waiter sleeps while only one of two is set, wakes on both. */
TEST_F(ev, wait_all_blocks_until_all_set)
{
	struct waiter w = { .dev = self->dev, .n = 2, .flags = WS_WAIT_ALL };
	pthread_t t;

	w.fds[0] = self->ev;
	w.fds[1] = ws_create_event(self->dev, 0);
	ASSERT_EQ(0, start_waiter(&w, &t));
	ioctl(w.fds[0], WS_IOC_EVENT_SET);
	/* Woken by the first event, it checks and must go back to sleep. */
	EXPECT_TRUE(wait_sleeping(w.tid));
	EXPECT_EQ(-12345, w.ret);
	ioctl(w.fds[1], WS_IOC_EVENT_SET);
	pthread_join(t, NULL);
	EXPECT_EQ(0, w.ret);
	close(w.fds[1]);
}

/* Closing an event a thread waits on is safe: the waiter keeps it. */
TEST_F(ev, close_event_while_waiting)
{
	struct waiter w = { .dev = self->dev, .n = 1 };
	pthread_t t;

	w.fds[0] = ws_create_event(self->dev, 0);
	ASSERT_EQ(0, start_waiter(&w, &t));
	close(w.fds[0]);
	EXPECT_TRUE(wait_sleeping(w.tid));
	pthread_join(t, NULL);	/* ends by its 10 s timeout */
	EXPECT_EQ(-ETIMEDOUT, w.ret);
}

/* An alertable wait ends with WS_WAIT_APC when an APC is queued to it. */
TEST_F(ev, alertable_wait_woken_by_apc)
{
	struct waiter w = { .dev = self->dev, .n = 1, .flags = WS_WAIT_ALERTABLE };
	struct ws_apc_args apc = { .func = 0x1234, .args = { 1, 2, 3 } };
	pthread_t t;

	w.fds[0] = self->ev;
	ASSERT_EQ(0, start_waiter(&w, &t));
	apc.tid = w.tid;
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_QUEUE_APC, &apc));
	pthread_join(t, NULL);
	EXPECT_EQ((int)WS_WAIT_APC, w.ret);
	/* Another thread cannot take it; the APC is the target thread's. */
	EXPECT_EQ(-1, ioctl(self->dev, WS_IOC_DEQUEUE_APC, &apc));
	EXPECT_EQ(EAGAIN, errno);
}

static int create_events(int dev, int *fds, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		fds[i] = ws_create_event(dev, 0);
		if (fds[i] < 0)
			return -1;
	}
	return 0;
}

static void close_events(const int *fds, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/*
 * A wait-any asleep on WSA_MAXIMUM_WAIT_EVENTS (64) events: "the return
 * value indicates the event object whose state caused the function to
 * return" (WSAWaitForMultipleEvents, fWaitAll), the one set.
 */
TEST_F(ev, wait_any_64_returns_the_event_set)
{
	struct waiter w = { .dev = self->dev, .n = WS_MAX_WAIT_OBJECTS };
	pthread_t t;

	ASSERT_EQ(0, create_events(self->dev, w.fds, w.n));
	ASSERT_EQ(0, start_waiter(&w, &t));
	ASSERT_EQ(0, ioctl(w.fds[40], WS_IOC_EVENT_SET));
	pthread_join(t, NULL);
	EXPECT_EQ(40, w.ret);
	/* Set before the call: the lowest index signalled. */
	ASSERT_EQ(0, ioctl(w.fds[63], WS_IOC_EVENT_SET));
	EXPECT_EQ(40, ws_wait(self->dev, w.fds, w.n, 0, 0));
	close_events(w.fds, w.n);
}

/*
 * A wait-all on 64 events: "satisfied only when the state of all objects
 * is signaled at the same time" (WSAWaitForMultipleEvents, Remarks); 63
 * of them set, and one of those reset again, do not end it.
 */
TEST_F(ev, wait_all_64_needs_all_at_once)
{
	struct waiter w = { .dev = self->dev, .n = WS_MAX_WAIT_OBJECTS,
			    .flags = WS_WAIT_ALL };
	pthread_t t;
	int i;

	ASSERT_EQ(0, create_events(self->dev, w.fds, w.n));
	ASSERT_EQ(0, start_waiter(&w, &t));
	for (i = 0; i < w.n - 1; i++)
		ASSERT_EQ(0, ioctl(w.fds[i], WS_IOC_EVENT_SET));
	ASSERT_EQ(0, ioctl(w.fds[5], WS_IOC_EVENT_RESET));
	ASSERT_EQ(0, ioctl(w.fds[w.n - 1], WS_IOC_EVENT_SET));
	EXPECT_TRUE(wait_sleeping(w.tid));
	EXPECT_EQ(-12345, w.ret);
	ASSERT_EQ(0, ioctl(w.fds[5], WS_IOC_EVENT_SET));
	pthread_join(t, NULL);
	EXPECT_EQ(0, w.ret);
	close_events(w.fds, w.n);
}

/* An alertable wait on 64 events ends with WAIT_IO_COMPLETION too. */
TEST_F(ev, alertable_wait_64_woken_by_apc)
{
	struct waiter w = { .dev = self->dev, .n = WS_MAX_WAIT_OBJECTS,
			    .flags = WS_WAIT_ALERTABLE };
	struct ws_apc_args apc = { .func = 0x1234 };
	pthread_t t;

	ASSERT_EQ(0, create_events(self->dev, w.fds, w.n));
	ASSERT_EQ(0, start_waiter(&w, &t));
	apc.tid = w.tid;
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_QUEUE_APC, &apc));
	pthread_join(t, NULL);
	EXPECT_EQ((int)WS_WAIT_APC, w.ret);
	close_events(w.fds, w.n);
}

/*
 * A wait-all on a socket's event and a signalled one: the network event
 * that sets the first while the thread waits completes the wait
 * (WSAWaitForMultipleEvents, fWaitAll), signalled from the socket's
 * callback.
 */
TEST_F(ev, wait_all_completed_by_a_network_event)
{
	struct waiter w = { .dev = self->dev, .n = 2, .flags = WS_WAIT_ALL };
	pthread_t t;
	int c, s;

	c = ws_tcp(self->fam, variant->af);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, connect(c, (void *)&self->name, self->namelen));
	s = accept(self->l, NULL, NULL);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, ws_select(s, self->ev, FD(READ)));
	EXPECT_EQ(0, ws_event_state(self->ev));
	w.fds[0] = self->ev;
	w.fds[1] = ws_create_event(self->dev, 1);
	ASSERT_LE(0, w.fds[1]);
	ASSERT_EQ(0, start_waiter(&w, &t));
	ASSERT_EQ(4, send(c, "abcd", 4, 0));
	pthread_join(t, NULL);
	EXPECT_EQ(0, w.ret);
	close(w.fds[1]);
	close(s);
	close(c);
}

/* A set wakes a thread in WS_IOC_WAIT and an epoll on the event's fd. */
TEST_F(ev, set_wakes_wait_and_epoll)
{
	struct waiter w = { .dev = self->dev, .n = 1 };
	struct epoll_event e = { .events = EPOLLIN };
	pthread_t t;
	int ep;

	w.fds[0] = self->ev;
	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->ev, &e));
	EXPECT_EQ(0, epoll_wait(ep, &e, 1, 0));
	ASSERT_EQ(0, start_waiter(&w, &t));
	ASSERT_EQ(0, ioctl(self->ev, WS_IOC_EVENT_SET));
	EXPECT_EQ(1, epoll_wait(ep, &e, 1, 5000));
	EXPECT_EQ(EPOLLIN, e.events & EPOLLIN);
	pthread_join(t, NULL);
	EXPECT_EQ(0, w.ret);
	close(ep);
}

/* APCs for the calling thread; none: a plain wait. */
TEST_F(ev, apc_queue_dequeue_self)
{
	struct ws_apc_args apc = { .func = 7, .args = { 8, 9, 10 },
				   .tid = syscall(SYS_gettid) };
	struct ws_apc_args out;

	EXPECT_EQ(-ETIMEDOUT, ws_wait(self->dev, &self->ev, 1, WS_WAIT_ALERTABLE, 0));
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_QUEUE_APC, &apc));
	EXPECT_EQ((int)WS_WAIT_APC, ws_wait(self->dev, &self->ev, 1,
					    WS_WAIT_ALERTABLE, 0));
	/* A non-alertable wait ignores it. */
	EXPECT_EQ(-ETIMEDOUT, ws_wait(self->dev, &self->ev, 1, 0, 0));
	memset(&out, 0x55, sizeof(out));
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_DEQUEUE_APC, &out));
	EXPECT_EQ(7, out.func);
	EXPECT_EQ(10, out.args[2]);
	EXPECT_EQ(-1, ioctl(self->dev, WS_IOC_DEQUEUE_APC, &out));
	EXPECT_EQ(EAGAIN, errno);
	apc.tid = 1;	/* init: not a thread of ours */
	EXPECT_EQ(-1, ioctl(self->dev, WS_IOC_QUEUE_APC, &apc));
	EXPECT_EQ(ESRCH, errno);
}

/*
 * Observed Windows behaviour: a socket connected by connect reports
 * FD_CONNECT and FD_WRITE, both with error 0; the accepted socket reports
 * FD_WRITE only. WSAEnumNetworkEvents resets the event it is given.
 */
TEST_F(ev, connect_reports_connect_and_write)
{
	struct ws_network_events ne;
	int c, s;

	c = ws_tcp(self->fam, variant->af);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, ws_select(c, self->ev, FD(CONNECT) | FD(WRITE) | FD(READ) | FD(CLOSE)));
	/* WSAEventSelect makes the socket nonblocking. */
	EXPECT_TRUE(fcntl(c, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(-1, connect(c, (void *)&self->name, self->namelen));
	EXPECT_EQ(EWOULDBLOCK, errno);
	ASSERT_EQ(0, ws_wait(self->dev, &self->ev, 1, 0, 5000));
	ASSERT_EQ(0, ws_enum(c, self->ev, &ne));
	EXPECT_EQ(FD(CONNECT) | FD(WRITE), ne.events);
	EXPECT_EQ(0, ne.errors[WS_FD_CONNECT_BIT]);
	EXPECT_EQ(0, ne.errors[WS_FD_WRITE_BIT]);
	EXPECT_EQ(0, ws_event_state(self->ev));

	s = accept(self->l, NULL, NULL);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, ws_select(s, self->ev, FD(CONNECT) | FD(WRITE) | FD(READ) | FD(CLOSE)));
	ASSERT_EQ(0, ws_enum(s, -1, &ne));
	EXPECT_EQ(FD(WRITE), ne.events);
	close(s);
	close(c);
}

/* Observed: nonblocking connect to a port with no listener. */
TEST_F(ev, connect_refused_reports_error)
{
	struct ws_network_events ne;
	int c;

	close(self->l);		/* nothing listens on the port now */
	self->l = -1;
	c = ws_tcp(self->fam, variant->af);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, ws_select(c, self->ev, FD(CONNECT) | FD(WRITE)));
	EXPECT_EQ(-1, connect(c, (void *)&self->name, self->namelen));
	ASSERT_EQ(0, ws_wait(self->dev, &self->ev, 1, 0, 5000));
	ASSERT_EQ(0, ws_enum(c, self->ev, &ne));
	EXPECT_EQ(FD(CONNECT), ne.events);
	EXPECT_EQ(ECONNREFUSED, ne.errors[WS_FD_CONNECT_BIT]);
	close(c);
}

/*
 * WSAEventSelect page: FD_ACCEPT already holding at select time is recorded
 * at once; level-triggered after accept. Observed: with two connections
 * queued, accept of one re-records FD_ACCEPT; accept of the last does not.
 */
TEST_F(ev, accept_level_triggered)
{
	struct ws_network_events ne;
	int c1, c2, s1, s2;

	c1 = ws_tcp(self->fam, variant->af);
	c2 = ws_tcp(self->fam, variant->af);
	ASSERT_EQ(0, connect(c1, (void *)&self->name, self->namelen));
	ASSERT_EQ(0, connect(c2, (void *)&self->name, self->namelen));
	usleep(20000);
	ASSERT_EQ(0, ws_select(self->l, self->ev, FD(ACCEPT)));
	EXPECT_EQ(1, ws_event_state(self->ev));
	ASSERT_EQ(0, ws_enum(self->l, self->ev, &ne));
	EXPECT_EQ(FD(ACCEPT), ne.events);

	s1 = accept(self->l, NULL, NULL);
	ASSERT_LE(0, s1);
	ASSERT_EQ(0, ws_enum(self->l, self->ev, &ne));
	EXPECT_EQ(FD(ACCEPT), ne.events);
	s2 = accept(self->l, NULL, NULL);
	ASSERT_LE(0, s2);
	ASSERT_EQ(0, ws_enum(self->l, self->ev, &ne));
	EXPECT_EQ(0, ne.events);
	EXPECT_EQ(0, ws_event_state(self->ev));
	/* The accepted socket inherited the listener's event and mask. */
	close(s1);
	close(s2);
	close(c1);
	close(c2);
}

/*
 * Once recorded, FD_READ is not recorded again until recv, except by new
 * data (Windows, Wine test_read_events); a partial recv re-records it while
 * data remains (WSAEventSelect page, level-triggered).
 */
TEST_F(ev, read_reenabled_by_recv)
{
	struct ws_network_events ne;
	char buf[8];
	int c, s;

	c = ws_tcp(self->fam, variant->af);
	ASSERT_EQ(0, connect(c, (void *)&self->name, self->namelen));
	s = accept(self->l, NULL, NULL);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, ws_select(s, self->ev, FD(READ)));
	ASSERT_EQ(0, ws_enum(s, self->ev, &ne));
	EXPECT_EQ(0, ne.events);

	ASSERT_EQ(4, send(c, "abcd", 4, 0));
	ASSERT_EQ(0, ws_wait(self->dev, &self->ev, 1, 0, 5000));
	ASSERT_EQ(0, ws_enum(s, self->ev, &ne));
	EXPECT_EQ(FD(READ), ne.events);
	EXPECT_EQ(0, ne.errors[WS_FD_READ_BIT]);
	EXPECT_EQ(0, ne.errors[WS_FD_WRITE_BIT]);	/* poisoned: written */

	/* Nothing new, no recv yet: not recorded again. */
	EXPECT_EQ(-ETIMEDOUT, ws_wait(self->dev, &self->ev, 1, 0, 50));
	/* New data, no recv yet: recorded again. */
	ASSERT_EQ(2, send(c, "ef", 2, 0));
	ASSERT_EQ(0, ws_wait(self->dev, &self->ev, 1, 0, 5000));
	ASSERT_EQ(0, ws_enum(s, self->ev, &ne));
	EXPECT_EQ(FD(READ), ne.events);
	/* A partial recv re-records while data remains... */
	ASSERT_EQ(2, recv(s, buf, 2, 0));
	EXPECT_EQ(1, ws_event_state(self->ev));
	ASSERT_EQ(0, ws_enum(s, self->ev, &ne));
	EXPECT_EQ(FD(READ), ne.events);
	/* ...and a recv that empties the socket does not. */
	ASSERT_EQ(4, recv(s, buf, sizeof(buf), 0));
	ASSERT_EQ(0, ws_enum(s, self->ev, &ne));
	EXPECT_EQ(0, ne.events);
	close(s);
	close(c);
}

/*
 * FD_WRITE after connect, then only after a send failed with EWOULDBLOCK and
 * space came back (WSAEventSelect page).
 */
TEST_F(ev, write_after_wouldblock)
{
	struct ws_network_events ne;
	static char big[65536];
	int c, s, n, total = 0;
	char buf[65536];

	c = ws_tcp(self->fam, variant->af);
	ASSERT_EQ(0, connect(c, (void *)&self->name, self->namelen));
	s = accept(self->l, NULL, NULL);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, ws_select(c, self->ev, FD(WRITE)));
	ASSERT_EQ(0, ws_enum(c, self->ev, &ne));
	EXPECT_EQ(FD(WRITE), ne.events);
	/* A successful send does not record FD_WRITE. */
	ASSERT_EQ(1, send(c, "x", 1, 0));
	ASSERT_EQ(0, ws_enum(c, self->ev, &ne));
	EXPECT_EQ(0, ne.events);

	while ((n = send(c, big, sizeof(big), 0)) > 0 && total < (64 << 20))
		total += n;
	ASSERT_EQ(-1, n);
	ASSERT_EQ(EWOULDBLOCK, errno);
	ASSERT_EQ(0, ws_enum(c, self->ev, &ne));
	EXPECT_EQ(0, ne.events);
	/* Drain the peer: space comes back, FD_WRITE is recorded. */
	while (total > 0 && !ws_event_state(self->ev)) {
		n = recv(s, buf, sizeof(buf), 0);
		ASSERT_LT(0, n);
		total -= n;
	}
	ASSERT_EQ(0, ws_wait(self->dev, &self->ev, 1, 0, 5000));
	ASSERT_EQ(0, ws_enum(c, self->ev, &ne));
	EXPECT_EQ(FD(WRITE), ne.events);
	close(s);
	close(c);
}

/* Observed: the peer's closesocket or shutdown(SD_SEND): FD_CLOSE, 0. */
TEST_F(ev, close_graceful)
{
	struct ws_network_events ne;
	int c, s;

	c = ws_tcp(self->fam, variant->af);
	ASSERT_EQ(0, connect(c, (void *)&self->name, self->namelen));
	s = accept(self->l, NULL, NULL);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, ws_select(s, self->ev, FD(READ) | FD(CLOSE)));
	ASSERT_EQ(0, shutdown(c, SHUT_WR));
	ASSERT_EQ(0, ws_wait(self->dev, &self->ev, 1, 0, 5000));
	ASSERT_EQ(0, ws_enum(s, self->ev, &ne));
	EXPECT_EQ(FD(CLOSE), ne.events);	/* never FD_READ for the FIN */
	EXPECT_EQ(0, ne.errors[WS_FD_CLOSE_BIT]);
	close(s);
	close(c);
}

/*
 * The FIN behind unread data: FD_CLOSE at once, as Windows records it (Wine
 * test_close_events), not once the data is read.
 */
TEST_F(ev, close_with_data_unread)
{
	struct ws_network_events ne;
	char buf[8];
	int c, s;

	c = ws_tcp(self->fam, variant->af);
	ASSERT_EQ(0, connect(c, (void *)&self->name, self->namelen));
	s = accept(self->l, NULL, NULL);
	ASSERT_LE(0, s);
	ASSERT_EQ(3, send(c, "abc", 3, 0));
	close(c);
	usleep(50000);
	ASSERT_EQ(0, ws_select(s, self->ev, FD(READ) | FD(CLOSE)));
	ASSERT_EQ(0, ws_enum(s, self->ev, &ne));
	EXPECT_EQ(FD(READ) | FD(CLOSE), ne.events);
	ASSERT_EQ(3, recv(s, buf, sizeof(buf), 0));
	ASSERT_EQ(0, ws_enum(s, self->ev, &ne));
	EXPECT_EQ(0, ne.events);
	close(s);
}

/* Observed: abortive close (SO_LINGER {1,0}): FD_CLOSE, WSAECONNABORTED. */
TEST_F(ev, close_abortive)
{
	struct ws_linger lg = { 1, 0 };
	struct ws_network_events ne;
	int c, s;

	c = ws_tcp(self->fam, variant->af);
	ASSERT_EQ(0, connect(c, (void *)&self->name, self->namelen));
	s = accept(self->l, NULL, NULL);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, ws_select(s, self->ev, FD(READ) | FD(CLOSE)));
	ASSERT_EQ(0, setsockopt(c, WS_SOL_SOCKET, WS_SO_LINGER, &lg, sizeof(lg)));
	close(c);
	ASSERT_EQ(0, ws_wait(self->dev, &self->ev, 1, 0, 5000));
	ASSERT_EQ(0, ws_enum(s, self->ev, &ne));
	EXPECT_EQ(FD(CLOSE), ne.events);
	EXPECT_EQ(ECONNABORTED, ne.errors[WS_FD_CLOSE_BIT]);
	close(s);
}

/* Observed: after WSAEventSelect, FIONBIO 0 is WSAEINVAL; 1 works. */
TEST_F(ev, blocking_refused_while_selected)
{
	__u32 on = 0;
	int c = ws_tcp(self->fam, variant->af);

	ASSERT_EQ(0, ws_select(c, self->ev, FD(READ)));
	EXPECT_EQ(-1, ioctl(c, WS_IOC_SET_NONBLOCK, &on));
	EXPECT_EQ(EINVAL, errno);
	on = 1;
	EXPECT_EQ(0, ioctl(c, WS_IOC_SET_NONBLOCK, &on));
	/* mask 0 cancels; then blocking mode is allowed again. */
	ASSERT_EQ(0, ws_select(c, -1, 0));
	on = 0;
	EXPECT_EQ(0, ioctl(c, WS_IOC_SET_NONBLOCK, &on));
	EXPECT_FALSE(fcntl(c, F_GETFL) & O_NONBLOCK);
	/* A bad event handle or unknown bits: WSAEINVAL. */
	EXPECT_EQ(-1, ws_select(c, c, FD(READ)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ws_select(c, self->ev, 1u << 20));
	EXPECT_EQ(EINVAL, errno);
	close(c);
}

/* Datagram sockets: FD_WRITE on bind, FD_READ per datagram arrival. */
TEST_F(ev, dgram_write_on_bind_and_read)
{
	struct sockaddr_storage name;
	socklen_t len = sizeof(name);
	struct ws_network_events ne;
	char buf[16];
	int u = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(variant->af, 0));

	ASSERT_LE(0, u);
	ASSERT_EQ(0, ws_select(u, self->ev, FD(READ) | FD(WRITE)));
	ASSERT_EQ(0, ws_enum(u, self->ev, &ne));
	EXPECT_EQ(0, ne.events);
	ASSERT_EQ(0, ws_bind_lo(u, variant->af));
	ASSERT_EQ(0, ws_enum(u, self->ev, &ne));
	EXPECT_EQ(FD(WRITE), ne.events);
	ASSERT_EQ(0, getsockname(u, (void *)&name, &len));
	ASSERT_EQ(2, sendto(u, "hi", 2, 0, (void *)&name, len));
	ASSERT_EQ(0, ws_wait(self->dev, &self->ev, 1, 0, 5000));
	ASSERT_EQ(0, ws_enum(u, self->ev, &ne));
	EXPECT_EQ(FD(READ), ne.events);
	ASSERT_EQ(2, recv(u, buf, sizeof(buf), 0));
	close(u);
}

/* WSAAsyncSelect: messages on a message queue; re-select re-posts. */
TEST_F(ev, async_select_posts_messages)
{
	struct ws_msgq_args qa = { .fd = -1 };
	struct ws_async_select as = { .message = 0x401, .hwnd = 0xabc,
				      .mask = FD(WRITE) | FD(READ) };
	struct ws_msgq_get g = { .flags = WS_MSGQ_REMOVE | WS_MSGQ_WAIT };
	__u64 id = 0;
	int c, s;

	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_CREATE_MSGQ, &qa));
	c = ws_tcp(self->fam, variant->af);
	ASSERT_EQ(0, connect(c, (void *)&self->name, self->namelen));
	s = accept(self->l, NULL, NULL);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, ioctl(s, WS_IOC_GET_ID, &id));
	as.msgq_fd = qa.fd;
	ASSERT_EQ(0, ioctl(s, WS_IOC_ASYNC_SELECT, &as));

	g.timeout = ws_now_ns() + 5000000000ull;
	ASSERT_EQ(0, ioctl(qa.fd, WS_IOC_MSGQ_GET, &g));
	EXPECT_EQ(0xabc, g.msg.hwnd);
	EXPECT_EQ(0x401, g.msg.message);
	EXPECT_EQ(WS_MSG_FROM_SOCKET, g.msg.flags);
	EXPECT_EQ(id, g.msg.wparam);
	EXPECT_EQ(FD(WRITE), g.msg.lparam);
	/* Nothing more until something happens. */
	g.flags = WS_MSGQ_REMOVE;
	EXPECT_EQ(-1, ioctl(qa.fd, WS_IOC_MSGQ_GET, &g));
	EXPECT_EQ(EAGAIN, errno);
	/* Re-selecting posts FD_WRITE again: it still holds. */
	ASSERT_EQ(0, ioctl(s, WS_IOC_ASYNC_SELECT, &as));
	EXPECT_EQ(0, ioctl(qa.fd, WS_IOC_MSGQ_GET, &g));
	EXPECT_EQ(FD(WRITE), g.msg.lparam);
	close(s);
	close(c);
	close(qa.fd);
}

/* --- message queues: one post, one reader ---------------------------------- */

struct mq_reader {
	int q;
	struct ws_msgq_get *g;		/* may point into a read-only page */
	pid_t tid;
	int err;			/* 0, or the GET's errno */
	__u64 got;			/* the message's wparam */
	volatile int done;
};

static void *mq_read(void *arg)
{
	struct mq_reader *r = arg;

	r->tid = syscall(SYS_gettid);
	r->err = ioctl(r->q, WS_IOC_MSGQ_GET, r->g) ? errno : 0;
	if (!r->err)
		r->got = r->g->msg.wparam;
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* A field of /proc/self/task/<tid>/status, -1 if not there. */
static long task_status(pid_t tid, const char *key)
{
	char path[64], line[128];
	size_t n = strlen(key);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

/* Has the reader's thread gone to sleep (state S)? Bounded: 10 s. */
static int mq_asleep(struct mq_reader *r)
{
	char path[64], line[256], *p;
	int i;

	for (i = 0; i < 1000; i++) {
		FILE *f;

		if (__atomic_load_n(&r->tid, __ATOMIC_ACQUIRE)) {
			snprintf(path, sizeof(path), "/proc/self/task/%d/stat",
				 r->tid);
			f = fopen(path, "r");
			if (f) {
				p = fgets(line, sizeof(line), f);
				fclose(f);
				p = p ? strrchr(line, ')') : NULL;
				if (p && p[1] == ' ' && p[2] == 'S')
					return 1;
			}
		}
		usleep(10000);
	}
	return 0;
}

/* Wait (10 s at most) until @n of the readers have returned. */
static int mq_wait_done(struct mq_reader *r, int nr, int n)
{
	int i, j, k;

	for (i = 0; i < 1000; i++) {
		for (j = k = 0; j < nr; j++)
			k += __atomic_load_n(&r[j].done, __ATOMIC_ACQUIRE);
		if (k >= n)
			return k;
		usleep(10000);
	}
	return k;
}

static int mq_post(int q, __u64 wparam)
{
	struct ws_msg m = { .hwnd = 1, .message = 0x400, .wparam = wparam };

	return ioctl(q, WS_IOC_MSGQ_POST, &m);
}

/*
 * GetMessage removes the first message; a posted message is retrieved by
 * exactly one GetMessage. Readers waiting for any message wait their turn:
 * a post wakes one of them, not every one (README, "Waits"; the others'
 * voluntary context switches do not move), and each of n posts reaches a
 * different reader.
 */
TEST(msgq_post_wakes_one_reader)
{
	enum { NR = 8 };
	struct ws_msgq_get g[NR];
	struct mq_reader r[NR];
	struct ws_msgq_args qa = { .fd = -1 };
	long csw[NR];
	pthread_t t[NR];
	__u64 seen = 0;
	int dev, i, first = -1, woken = 0;

	if (ws_family() < 0)
		SKIP(return, "ws module not loaded");
	dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	ASSERT_EQ(0, ioctl(dev, WS_IOC_CREATE_MSGQ, &qa));
	memset(r, 0, sizeof(r));
	for (i = 0; i < NR; i++) {
		memset(&g[i], 0, sizeof(g[i]));
		g[i].flags = WS_MSGQ_REMOVE | WS_MSGQ_WAIT;
		g[i].timeout = ws_now_ns() + 30000000000ull;
		r[i].q = qa.fd;
		r[i].g = &g[i];
		ASSERT_EQ(0, pthread_create(&t[i], NULL, mq_read, &r[i]));
	}
	for (i = 0; i < NR; i++)
		ASSERT_TRUE(mq_asleep(&r[i]));
	for (i = 0; i < NR; i++) {
		csw[i] = task_status(r[i].tid, "voluntary_ctxt_switches");
		ASSERT_LE(0, csw[i]);
	}

	ASSERT_EQ(0, mq_post(qa.fd, 100));
	ASSERT_EQ(1, mq_wait_done(r, NR, 1));
	usleep(200000);		/* time for a wrongly woken one to run */
	for (i = 0; i < NR; i++) {
		if (r[i].done) {
			first = i;
			continue;
		}
		woken += task_status(r[i].tid, "voluntary_ctxt_switches") != csw[i];
	}
	ASSERT_LE(0, first);
	EXPECT_EQ(0, r[first].err);
	EXPECT_EQ(100, r[first].got);
	EXPECT_EQ(0, woken) TH_LOG("%d readers woken for one message", woken);

	for (i = 1; i < NR; i++)
		ASSERT_EQ(0, mq_post(qa.fd, 100 + i));
	EXPECT_EQ(NR, mq_wait_done(r, NR, NR));
	for (i = 0; i < NR; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, r[i].err);
		if (!r[i].err && r[i].got >= 100 && r[i].got < 100 + NR)
			seen |= 1ull << (r[i].got - 100);
	}
	EXPECT_EQ((1ull << NR) - 1, seen);
	close(qa.fd);
	close(dev);
}

/*
 * A reader that took the message and could not store it (its argument in
 * a read-only page: EFAULT) puts it back; the message is not lost for the
 * reader waiting behind it, which the post did not wake.
 */
TEST(msgq_message_put_back_reaches_next_reader)
{
	struct ws_msgq_args qa = { .fd = -1 };
	struct ws_msgq_get *ro, g;
	struct mq_reader a = { 0 }, b = { 0 };
	pthread_t ta, tb;
	long page = sysconf(_SC_PAGESIZE);
	int dev;

	if (ws_family() < 0)
		SKIP(return, "ws module not loaded");
	dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev);
	ASSERT_EQ(0, ioctl(dev, WS_IOC_CREATE_MSGQ, &qa));
	ro = mmap(NULL, page, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ro->flags = WS_MSGQ_REMOVE | WS_MSGQ_WAIT;
	ro->timeout = ws_now_ns() + 30000000000ull;
	ASSERT_EQ(0, mprotect(ro, page, PROT_READ));
	memset(&g, 0, sizeof(g));
	g.flags = WS_MSGQ_REMOVE | WS_MSGQ_WAIT;
	g.timeout = ws_now_ns() + 30000000000ull;

	/* a waits first, so the post wakes a; b waits behind it. */
	a.q = qa.fd;
	a.g = ro;
	ASSERT_EQ(0, pthread_create(&ta, NULL, mq_read, &a));
	ASSERT_TRUE(mq_asleep(&a));
	b.q = qa.fd;
	b.g = &g;
	ASSERT_EQ(0, pthread_create(&tb, NULL, mq_read, &b));
	ASSERT_TRUE(mq_asleep(&b));

	ASSERT_EQ(0, mq_post(qa.fd, 7));
	pthread_join(ta, NULL);
	EXPECT_EQ(EFAULT, a.err);
	pthread_join(tb, NULL);
	EXPECT_EQ(0, b.err);
	EXPECT_EQ(7, b.got);
	munmap(ro, page);
	close(qa.fd);
	close(dev);
}

TEST_HARNESS_MAIN

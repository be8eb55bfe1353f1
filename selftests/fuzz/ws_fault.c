// SPDX-License-Identifier: GPL-2.0
/*
 * ws_fault: systematic fault injection into the ws socket family and
 * /dev/ws, through /proc/thread-self/fail-nth.
 *
 * Each scenario prepares some objects without faults (a connected pair, an
 * event selected on a socket, a queued message, ...), then makes one call
 * with fail-nth set to n, for n = 1, 2, ... until the call has fewer than n
 * fault sites: so every allocation (failslab, fail_page_alloc) and user
 * copy (fail_usercopy) that the call reaches fails once, in turn. The
 * fault types must be enabled in debugfs without task filter limits that
 * hide GFP_KERNEL allocations (selftests/fuzz/run-guest does that:
 * ignore-gfp-wait=N, min-order=0, times=-1 or large).
 *
 * The scenarios cover the socket calls, options and ioctls, the /dev/ws
 * objects, and overlapped I/O and completion ports: receives pending and
 * completing at once (TCP, TCP with MSG_PEEK, UDP), sends, completions,
 * TransmitFile, cancel, wait, close with operations pending, AcceptEx
 * (registration and arming by accept(2), with and without a receive part,
 * WS_IOC_ACCEPT_TAKE), ConnectEx, and ports created, associated, posted
 * to, waited on (packets of posts and of operations, alertably) and closed
 * with packets queued.
 *
 * A failing allocation must give a clean error (the call fails or
 * succeeds; no crash, no kernel report, no leak: the kernel detectors and
 * kmemleak are the oracle). This program also checks that a call that
 * failed left no new fd behind, and reports the errors each call returned.
 *
 *   ws_fault [-t SECONDS] [-m MAXN] [-x SCENARIO]... [-v] [SCENARIO...]
 *
 * -x leaves a scenario out (to look past a known kernel bug).
 *
 * Exit status: 0, 1 if a fault-injection file is missing or a check failed,
 * 4 if the module is not loaded.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/sockios.h>
#include <linux/ws.h>

static int family;
static int nth_fd = -1;
static int main_tid;
static uint64_t soon;	/* 1 ms after the call starts, taken before arming */
static _Atomic uint64_t op_started;	/* 0: not in a call under injection */
static const char *_Atomic op_name;
static _Atomic unsigned int op_n;
static bool verbose;
static const char *excluded[16];
static unsigned int nexcluded;
static unsigned int leaks;

/* The objects of one scenario run; fds are -1 when unused. */
struct st {
	int a, b, c, l;		/* sockets */
	int dev, ev, ev2, q;	/* /dev/ws, events, message queue */
	int evs[8];
	int iocp, mf;		/* a completion port, a memfd */
	int port;
	int tid;
};

/*
 * Overlapped operations write their OVERLAPPED, buffers and addresses when
 * they complete, after the call (teardown's close completes the pending
 * ones): they get memory of their own, which this program never uses.
 */
static char *ovmem;
#define OVMEM	(64 * 1024)

static uint64_t now_ns(void)
{
	struct timespec ts = { 0, 0 };
	int i;

	/* Without a vDSO clock this is a syscall, and injected faults hit it. */
	for (i = 0; i < 100 && clock_gettime(CLOCK_MONOTONIC, &ts); i++)
		;
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void nth_set(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(nth_fd, buf, len, 0) != len && n)
		fprintf(stderr, "ws_fault: writing fail-nth: %m\n");
}

/* Fault sites left before the injection; 0: the fault was injected. */
static unsigned int nth_get(void)
{
	char buf[16] = "";

	/* The read's own copy to user counts as a site: EFAULT means 1 was left. */
	if (pread(nth_fd, buf, sizeof(buf) - 1, 0) < 0)
		return 1;
	return strtoul(buf, NULL, 10);
}

/* ------------------------------------------------------------- helpers */

static int sock(int type, int af)
{
	return socket(family, type, WS_PROTOCOL(af, 0));
}

/*
 * The loopback address of Winsock family @af (the socket() protocol's
 * WS_AF_INET or WS_AF_INET6) as the module takes it: in Linux's numbering,
 * AF_INET6 being 10 (Winsock's 23 is refused with EFAULT in bind).
 */
static socklen_t loaddr(int af, int port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (af == WS_AF_INET6) {
		struct sockaddr_in6 *s6 = (void *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (void *)ss;

		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s4->sin_port = htons(port);
		return sizeof(*s4);
	}
}

static int bind_lo(int fd, int af, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = loaddr(af, port, &ss);

	return bind(fd, (void *)&ss, len);
}

static int port_of(int fd)
{
	struct sockaddr_in6 s6;
	socklen_t len = sizeof(s6);

	if (getsockname(fd, (void *)&s6, &len))
		return -1;
	return ntohs(s6.sin6_port);	/* same offset in sockaddr_in */
}

static int connect_lo(int fd, int af, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = loaddr(af, port, &ss);

	return connect(fd, (void *)&ss, len);
}

static bool readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLPRI };

	return poll(&p, 1, ms) == 1;
}

static int tcp_pair(struct st *s, int af)
{
	s->l = sock(SOCK_STREAM, af);
	s->a = sock(SOCK_STREAM, af);
	if (s->l < 0 || s->a < 0 || bind_lo(s->l, af, 0) || listen(s->l, 8))
		return -1;
	s->port = port_of(s->l);
	if (connect_lo(s->a, af, s->port))
		return -1;
	if (!readable(s->l, 1000))
		return -1;
	s->b = accept(s->l, NULL, NULL);
	return s->b < 0 ? -1 : 0;
}

static int udp_pair(struct st *s, int af)
{
	s->a = sock(SOCK_DGRAM, af);
	s->b = sock(SOCK_DGRAM, af);
	if (s->a < 0 || s->b < 0 || bind_lo(s->a, af, 0) || bind_lo(s->b, af, 0))
		return -1;
	if (connect_lo(s->a, af, port_of(s->b)) || connect_lo(s->b, af, port_of(s->a)))
		return -1;
	return 0;
}

static int dev(struct st *s)
{
	s->dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	return s->dev < 0 ? -1 : 0;
}

static int event(struct st *s, int *fd, unsigned int flags)
{
	struct ws_event_args a = { .flags = flags };

	if (s->dev < 0 && dev(s))
		return -1;
	if (ioctl(s->dev, WS_IOC_CREATE_EVENT, &a))
		return -1;
	*fd = a.fd;
	return 0;
}

static int msgq(struct st *s)
{
	struct ws_msgq_args a = { 0 };

	if (s->dev < 0 && dev(s))
		return -1;
	if (ioctl(s->dev, WS_IOC_CREATE_MSGQ, &a))
		return -1;
	s->q = a.fd;
	return 0;
}

static char data[4096];

/* ----------------------------------------------------------- scenarios */

/* What the call under injection returned: a new fd to close, or not. */
static int newfd = -1;

#define SETUP(name) static int setup_##name(struct st *s)
#define OP(name) static long op_##name(struct st *s)

SETUP(none) { return 0; }
SETUP(tcp4) { s->a = sock(SOCK_STREAM, WS_AF_INET); return s->a < 0 ? -1 : 0; }
SETUP(tcp6) { s->a = sock(SOCK_STREAM, WS_AF_INET6); return s->a < 0 ? -1 : 0; }
SETUP(udp4) { s->a = sock(SOCK_DGRAM, WS_AF_INET); return s->a < 0 ? -1 : 0; }
SETUP(udp6) { s->a = sock(SOCK_DGRAM, WS_AF_INET6); return s->a < 0 ? -1 : 0; }
SETUP(tcp4_pair) { return tcp_pair(s, WS_AF_INET); }
SETUP(tcp6_pair) { return tcp_pair(s, WS_AF_INET6); }
SETUP(udp4_pair) { return udp_pair(s, WS_AF_INET); }
SETUP(udp6_pair) { return udp_pair(s, WS_AF_INET6); }
SETUP(dev) { return dev(s); }
SETUP(event) { return event(s, &s->ev, 0); }
SETUP(msgq) { return msgq(s); }

OP(socket_tcp4) { return newfd = sock(SOCK_STREAM, WS_AF_INET); }
OP(socket_tcp6) { return newfd = sock(SOCK_STREAM, WS_AF_INET6); }
OP(socket_udp4) { return newfd = sock(SOCK_DGRAM, WS_AF_INET); }
OP(socket_udp6) { return newfd = sock(SOCK_DGRAM, WS_AF_INET6); }
OP(bind4) { return bind_lo(s->a, WS_AF_INET, 0); }
OP(bind6) { return bind_lo(s->a, WS_AF_INET6, 0); }

SETUP(shared) {
	int one = 1;

	if (setup_tcp4(s))
		return -1;
	s->b = sock(SOCK_STREAM, WS_AF_INET);
	if (s->b < 0 || setsockopt(s->a, WS_SOL_SOCKET, WS_SO_REUSEADDR, &one, 4) ||
	    setsockopt(s->b, WS_SOL_SOCKET, WS_SO_REUSEADDR, &one, 4) ||
	    bind_lo(s->a, WS_AF_INET, 0))
		return -1;
	s->port = port_of(s->a);
	return 0;
}
OP(bind_shared) { return bind_lo(s->b, WS_AF_INET, s->port); }

SETUP(bound_tcp4) { return setup_tcp4(s) || bind_lo(s->a, WS_AF_INET, 0) ? -1 : 0; }
OP(listen) { return listen(s->a, 8); }

SETUP(listener) {
	if (setup_bound_tcp4(s) || listen(s->a, 8))
		return -1;
	s->port = port_of(s->a);
	s->b = sock(SOCK_STREAM, WS_AF_INET);
	return s->b < 0 ? -1 : 0;
}
OP(connect_tcp) { return connect_lo(s->b, WS_AF_INET, s->port); }
OP(connect_refused) { return connect_lo(s->a, WS_AF_INET, 1); }

SETUP(pending) {
	if (setup_listener(s) || connect_lo(s->b, WS_AF_INET, s->port))
		return -1;
	return readable(s->a, 1000) ? 0 : -1;
}
OP(accept) { return newfd = accept4(s->a, NULL, NULL, SOCK_NONBLOCK); }
OP(close_listener) { long r = close(s->a); s->a = -1; return r; }

SETUP(udp_bound) { return setup_udp4(s) || bind_lo(s->a, WS_AF_INET, 0) ? -1 : 0; }
OP(connect_udp) { return connect_lo(s->a, WS_AF_INET, 9); }
OP(connect_unspec) {
	struct sockaddr sa = { .sa_family = AF_UNSPEC };

	return connect(s->a, &sa, sizeof(sa));
}
OP(rebind_after_unspec) {
	struct sockaddr sa = { .sa_family = AF_UNSPEC };

	connect(s->a, &sa, sizeof(sa));
	return bind_lo(s->a, WS_AF_INET, 0);
}

OP(send) { return send(s->a, data, sizeof(data), MSG_DONTWAIT); }
OP(send_oob) { return send(s->a, data, 1, MSG_OOB | MSG_DONTWAIT); }
OP(sendmsg_cmsg) {
	struct iovec iov = { data, 100 };
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_TTL;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	*(int *)CMSG_DATA(cm) = 64;
	return sendmsg(s->a, &m, MSG_DONTWAIT);
}
OP(sendto_udp) {
	struct sockaddr_storage ss;
	socklen_t len = loaddr(WS_AF_INET, port_of(s->b), &ss);

	return sendto(s->a, data, 512, MSG_DONTWAIT, (void *)&ss, len);
}

SETUP(tcp4_data) {
	if (setup_tcp4_pair(s) || send(s->a, data, 1000, 0) != 1000 ||
	    send(s->a, data, 1, MSG_OOB) != 1)
		return -1;
	return readable(s->b, 1000) ? 0 : -1;
}
SETUP(udp4_data) {
	if (setup_udp4_pair(s) || send(s->a, data, 500, 0) != 500)
		return -1;
	return readable(s->b, 1000) ? 0 : -1;
}
OP(recv) { return recv(s->b, data, sizeof(data), MSG_DONTWAIT); }
OP(recv_peek) { return recv(s->b, data, sizeof(data), MSG_DONTWAIT | MSG_PEEK); }
OP(recv_oob) { return recv(s->b, data, 1, MSG_DONTWAIT | MSG_OOB); }
OP(recvfrom) {
	struct sockaddr_in6 sa;
	socklen_t len = sizeof(sa);

	return recvfrom(s->b, data, sizeof(data), MSG_DONTWAIT, (void *)&sa, &len);
}
OP(recvmsg) {
	struct iovec iov[2] = { { data, 10 }, { data + 10, 1000 } };
	char name[64], ctl[64];
	struct msghdr m = { .msg_name = name, .msg_namelen = sizeof(name), .msg_iov = iov,
			    .msg_iovlen = 2, .msg_control = ctl, .msg_controllen = sizeof(ctl) };

	return recvmsg(s->b, &m, MSG_DONTWAIT);
}
OP(shutdown) { return shutdown(s->a, SHUT_RDWR); }
OP(close_linger) {
	struct ws_linger l = { 1, 0 };
	long r;

	setsockopt(s->a, WS_SOL_SOCKET, WS_SO_LINGER, &l, sizeof(l));
	r = close(s->a);
	s->a = -1;
	return r;
}
OP(close_conn) { long r = close(s->b); s->b = -1; return r; }
OP(getsockname) {
	struct sockaddr_in6 sa;
	socklen_t len = sizeof(sa);

	return getsockname(s->a, (void *)&sa, &len);
}
OP(getpeername) {
	struct sockaddr_in6 sa;
	socklen_t len = sizeof(sa);

	return getpeername(s->a, (void *)&sa, &len);
}

static const struct { int level, name, len, val; } sockopts[] = {
	{ WS_SOL_SOCKET, WS_SO_REUSEADDR, 4, 1 },
	{ WS_SOL_SOCKET, WS_SO_EXCLUSIVEADDRUSE, 4, 1 },
	{ WS_SOL_SOCKET, WS_SO_KEEPALIVE, 4, 1 },
	{ WS_SOL_SOCKET, WS_SO_LINGER, 4, 0x00050001 },
	{ WS_SOL_SOCKET, WS_SO_DONTLINGER, 4, 1 },
	{ WS_SOL_SOCKET, WS_SO_RCVBUF, 4, 65536 },
	{ WS_SOL_SOCKET, WS_SO_SNDBUF, 4, 65536 },
	{ WS_SOL_SOCKET, WS_SO_RCVTIMEO, 4, 100 },
	{ WS_SOL_SOCKET, WS_SO_SNDTIMEO, 4, 100 },
	{ WS_SOL_SOCKET, WS_SO_OOBINLINE, 4, 1 },
	{ WS_SOL_SOCKET, WS_SO_ERROR, 4, 5 },
	{ WS_SOL_SOCKET, WS_SO_DEBUG, 4, 1 },
	{ WS_SOL_SOCKET, WS_SO_BROADCAST, 4, 1 },
	{ WS_IPPROTO_TCP, WS_TCP_NODELAY, 1, 1 },
	{ SOL_SOCKET, SO_RCVBUF, 4, 4096 },
	{ SOL_SOCKET, SO_ATTACH_FILTER, 16, 0 },
};
static unsigned int opt_i;

OP(setsockopt) {
	int v = sockopts[opt_i].val;

	return setsockopt(s->a, sockopts[opt_i].level, sockopts[opt_i].name, &v,
			  sockopts[opt_i].len);
}
OP(getsockopt) {
	char v[64];
	socklen_t len = sizeof(v);

	return getsockopt(s->a, sockopts[opt_i].level, sockopts[opt_i].name, v, &len);
}

OP(fionread_b) { int n; return ioctl(s->b, FIONREAD, &n); }
OP(atmark_b) { int n; return ioctl(s->b, SIOCATMARK, &n); }
OP(set_nonblock) { uint32_t v = 1; return ioctl(s->a, WS_IOC_SET_NONBLOCK, &v); }
OP(get_id) { uint64_t id; return ioctl(s->a, WS_IOC_GET_ID, &id); }
OP(closecheck) { return ioctl(s->a, WS_IOC_CLOSECHECK); }
OP(cancel) { return ioctl(s->b, WS_IOC_CANCEL_BLOCKING); }

SETUP(sock_event) { return setup_tcp4_pair(s) || event(s, &s->ev, 0) ? -1 : 0; }
OP(event_select) {
	struct ws_event_select es = { s->ev, WS_FD_ALL_EVENTS };

	return ioctl(s->b, WS_IOC_EVENT_SELECT, &es);
}
SETUP(selected) {
	struct ws_event_select es;

	if (setup_sock_event(s))
		return -1;
	es = (struct ws_event_select){ s->ev, WS_FD_ALL_EVENTS };
	if (ioctl(s->b, WS_IOC_EVENT_SELECT, &es) || send(s->a, data, 10, 0) != 10)
		return -1;
	return readable(s->ev, 1000) ? 0 : -1;
}
OP(enum_events) {
	struct ws_network_events ne = { .event_fd = s->ev };

	return ioctl(s->b, WS_IOC_ENUM_NETWORK_EVENTS, &ne);
}
OP(close_selected_event) { long r = close(s->ev); s->ev = -1; return r; }
OP(close_selected_sock) { long r = close(s->b); s->b = -1; return r; }

SETUP(sock_msgq) { return setup_tcp4_pair(s) || msgq(s) ? -1 : 0; }
OP(async_select) {
	struct ws_async_select as = { .msgq_fd = s->q, .message = 0x401, .hwnd = 1,
				      .mask = WS_FD_ALL_EVENTS };

	return ioctl(s->b, WS_IOC_ASYNC_SELECT, &as);
}

OP(open_dev) { return newfd = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC); }
OP(create_event) {
	struct ws_event_args a = { .flags = WS_EVENT_SIGNALED, .fd = -1 };
	long r = ioctl(s->dev, WS_IOC_CREATE_EVENT, &a);

	newfd = a.fd;
	return r;
}
OP(create_msgq) {
	struct ws_msgq_args a = { .fd = -1 };
	long r = ioctl(s->dev, WS_IOC_CREATE_MSGQ, &a);

	newfd = a.fd;
	return r;
}
OP(event_set) { return ioctl(s->ev, WS_IOC_EVENT_SET); }
OP(event_read) { uint32_t v; return ioctl(s->ev, WS_IOC_EVENT_READ, &v); }

SETUP(events8) {
	int i;

	for (i = 0; i < 8; i++)
		if (event(s, &s->evs[i], i == 7 ? WS_EVENT_SIGNALED : 0))
			return -1;
	return 0;
}
OP(wait1) {
	struct ws_wait_args w = { .timeout = 0, .objs = (uintptr_t)&s->ev, .count = 1 };

	return ioctl(s->dev, WS_IOC_WAIT, &w);
}
OP(wait8) {
	struct ws_wait_args w = { .timeout = soon, .objs = (uintptr_t)s->evs,
				  .count = 8 };

	return ioctl(s->dev, WS_IOC_WAIT, &w);
}
OP(wait8_all) {
	struct ws_wait_args w = { .timeout = 0, .objs = (uintptr_t)s->evs, .count = 8,
				  .flags = WS_WAIT_ALL };

	return ioctl(s->dev, WS_IOC_WAIT, &w);
}
OP(wait_alertable) {
	struct ws_wait_args w = { .timeout = soon, .objs = (uintptr_t)&s->ev,
				  .count = 1, .flags = WS_WAIT_ALERTABLE };

	return ioctl(s->dev, WS_IOC_WAIT, &w);
}
OP(queue_apc) {
	struct ws_apc_args a = { .func = 1, .tid = gettid() };

	return ioctl(s->dev, WS_IOC_QUEUE_APC, &a);
}
SETUP(apc_queued) {
	struct ws_apc_args a = { .func = 1, .tid = gettid() };

	if (setup_event(s))
		return -1;
	return ioctl(s->dev, WS_IOC_QUEUE_APC, &a);
}
OP(dequeue_apc) {
	struct ws_apc_args a;

	return ioctl(s->dev, WS_IOC_DEQUEUE_APC, &a);
}
OP(msgq_post) {
	struct ws_msg m = { .hwnd = 1, .message = 0x401 };

	return ioctl(s->q, WS_IOC_MSGQ_POST, &m);
}
SETUP(msgq_full) {
	struct ws_msg m = { .hwnd = 1, .message = 0x401 };

	return setup_msgq(s) || ioctl(s->q, WS_IOC_MSGQ_POST, &m) ? -1 : 0;
}
OP(msgq_get) {
	struct ws_msgq_get g = { .flags = WS_MSGQ_REMOVE };

	return ioctl(s->q, WS_IOC_MSGQ_GET, &g);
}

/* --------------------------------------------- overlapped I/O and ports */

/* An overlapped operation on @fd with one buffer of @len in ovmem at @at. */
static long submit(int fd, uint32_t op, uint32_t flags, unsigned int at, uint32_t len,
		   int event, const uint64_t ctx[4])
{
	struct ws_iovec v = { .len = len, .buf = (uintptr_t)(ovmem + 4096 + at) };
	struct ws_io io = {
		.op = op, .flags = flags, .bufs = (uintptr_t)&v, .nbufs = len ? 1 : 0,
		.event_fd = event, .ov = (uintptr_t)(ovmem + at / 64 * 32), .dev_fd = -1,
		.addr = (uintptr_t)(ovmem + 2048 + at / 64 * 32), .addrlen = 28,
	};

	if (ctx)
		memcpy(io.ctx, ctx, sizeof(io.ctx));
	return ioctl(fd, WS_IOC_SUBMIT, &io);
}

static int port_new(struct st *s, int *fd)
{
	struct ws_port_args a = { .concurrency = 1, .fd = -1 };

	if (s->dev < 0 && dev(s))
		return -1;
	if (ioctl(s->dev, WS_IOC_CREATE_PORT, &a))
		return -1;
	*fd = a.fd;
	return 0;
}

static int associate(int sock, int port, uint64_t key)
{
	struct ws_associate a = { .port_fd = port, .key = key };

	return ioctl(sock, WS_IOC_ASSOCIATE, &a);
}

/* A pair whose accepted end b is associated with a port, with an event. */
SETUP(ov_pair) {
	if (setup_tcp4_pair(s) || port_new(s, &s->iocp) || associate(s->b, s->iocp, 7))
		return -1;
	return event(s, &s->ev, 0);
}
SETUP(ov_pair_data) {
	if (setup_ov_pair(s) || send(s->a, data, 1000, 0) != 1000)
		return -1;
	return readable(s->b, 1000) ? 0 : -1;
}
SETUP(ov_udp) {
	if (setup_udp4_pair(s) || port_new(s, &s->iocp) || associate(s->b, s->iocp, 7))
		return -1;
	return event(s, &s->ev, 0);
}
SETUP(ov_pending) {
	if (setup_ov_pair(s))
		return -1;
	return submit(s->b, WS_OP_RECV, 0, 0, 100, s->ev, NULL) < 0 && errno == EINPROGRESS ?
	       0 : -1;
}
OP(ov_recv) { return submit(s->b, WS_OP_RECV, 0, 0, 2000, s->ev, NULL); }
OP(ov_recv_peek) { return submit(s->b, WS_OP_RECV, MSG_PEEK, 64, 2000, s->ev, NULL); }
OP(ov_send) { return submit(s->b, WS_OP_SEND, 0, 128, 4000, s->ev, NULL); }
OP(ov_complete) {
	const uint64_t ctx[4] = { WS_STATUS_SUCCESS, 5 };

	return submit(s->b, WS_OP_COMPLETE, 0, 0, 0, s->ev, ctx);
}
OP(ov_cancel) {
	struct ws_cancel c = { .ov = 0 };

	return ioctl(s->b, WS_IOC_CANCEL, &c);
}
OP(ov_wait) {
	struct ws_ov_wait w = { .ov = (uintptr_t)ovmem, .timeout = soon };

	return ioctl(s->b, WS_IOC_OV_WAIT, &w);
}

SETUP(ov_transmit) {
	if (setup_ov_pair(s))
		return -1;
	s->mf = memfd_create("ws_fault", MFD_CLOEXEC);
	if (s->mf < 0 || ftruncate(s->mf, 100000))
		return -1;
	return 0;
}
OP(ov_transmit) {
	const uint64_t ctx[4] = { s->mf, 10, 70000, WS_TF_DISCONNECT };

	return submit(s->b, WS_OP_TRANSMIT, 0, 0, 10, s->ev, ctx);
}

/* A listener (l) and a fresh accept socket (c), with an event. */
SETUP(acceptex) {
	if (setup_listener(s) || event(s, &s->ev, 0))
		return -1;
	s->l = s->a;
	s->a = -1;
	s->c = sock(SOCK_STREAM, WS_AF_INET);
	return s->c < 0 ? -1 : 0;
}
/* AcceptEx as libws does it: registered, armed by accept(2), or dropped. */
static long acceptex(struct st *s, uint64_t rlen)
{
	const uint64_t ctx[4] = { s->c, rlen, 32, 32 };
	struct ws_cancel drop = { .ov = (uintptr_t)ovmem, .flags = WS_CANCEL_DROP };
	long r = submit(s->l, WS_OP_ACCEPT, 0, 0, 0, s->ev, ctx);

	if (r == 0 || errno != EINPROGRESS)
		return r;
	r = accept4(s->l, NULL, NULL, SOCK_NONBLOCK);
	if (r >= 0 || errno != EINPROGRESS) {
		int err = errno;

		if (r >= 0)
			close(r);
		ioctl(s->l, WS_IOC_CANCEL, &drop);
		errno = err;
		return -1;
	}
	return r;
}
OP(acceptex) { return acceptex(s, 0); }
OP(acceptex_data) { return acceptex(s, 100); }
SETUP(accepted) {
	struct ws_ov_wait w = { .ov = (uintptr_t)ovmem };

	if (setup_acceptex(s) || acceptex(s, 0) != -1 || errno != EINPROGRESS ||
	    connect_lo(s->b, WS_AF_INET, s->port))
		return -1;
	w.timeout = now_ns() + 2000000000ull;
	return ioctl(s->l, WS_IOC_OV_WAIT, &w);
}
OP(accept_take) { return newfd = ioctl(s->c, WS_IOC_ACCEPT_TAKE); }

/* ConnectEx: a bound socket (a) registers, connect(2) arms it. */
SETUP(connectex) {
	if (setup_listener(s) || event(s, &s->ev, 0))
		return -1;
	return bind_lo(s->b, WS_AF_INET, 0);
}
OP(connectex) {
	struct ws_cancel drop = { .ov = (uintptr_t)ovmem, .flags = WS_CANCEL_DROP };
	long r = submit(s->b, WS_OP_CONNECT, 0, 0, 100, s->ev, NULL);

	if (r == 0 || errno != EINPROGRESS)
		return r;
	r = connect_lo(s->b, WS_AF_INET, s->port);
	if (r == 0 || errno != EINPROGRESS) {
		int err = errno;

		ioctl(s->b, WS_IOC_CANCEL, &drop);
		errno = err;
		return -1;
	}
	return r;
}

OP(create_port) {
	struct ws_port_args a = { .concurrency = 2, .fd = -1 };
	long r = ioctl(s->dev, WS_IOC_CREATE_PORT, &a);

	newfd = a.fd;
	return r;
}
SETUP(port) { return port_new(s, &s->iocp); }
OP(port_post) {
	struct ws_port_entry e = { .key = 1, .ov = 2, .bytes = 3 };

	return ioctl(s->iocp, WS_IOC_PORT_POST, &e);
}
SETUP(port_posted) {
	struct ws_port_entry e = { .key = 1, .ov = 2, .bytes = 3 };

	if (setup_port(s) || ioctl(s->iocp, WS_IOC_PORT_POST, &e) ||
	    ioctl(s->iocp, WS_IOC_PORT_POST, &e))
		return -1;
	return 0;
}
OP(port_wait) {
	struct ws_port_entry e[4];
	struct ws_port_wait w = { .entries = (uintptr_t)e, .timeout = 0, .port_fd = s->iocp,
				  .max = 4 };

	return ioctl(s->dev, WS_IOC_PORT_WAIT, &w);
}
OP(port_wait_alertable) {
	struct ws_port_entry e[4];
	struct ws_port_wait w = { .entries = (uintptr_t)e, .timeout = soon, .port_fd = s->iocp,
				  .max = 4, .flags = WS_WAIT_ALERTABLE };

	return ioctl(s->dev, WS_IOC_PORT_WAIT, &w);
}
SETUP(ov_done) {	/* a completion packet from a receive that completed */
	if (setup_ov_pair_data(s))
		return -1;
	return submit(s->b, WS_OP_RECV, 0, 0, 2000, -1, NULL) == 0 ? 0 : -1;
}
SETUP(apc_queued_port) { return setup_apc_queued(s) || port_new(s, &s->iocp) ? -1 : 0; }
SETUP(pair_port) { return setup_tcp4_pair(s) || port_new(s, &s->iocp) ? -1 : 0; }
OP(associate) { return associate(s->b, s->iocp, 9); }
OP(close_port) { long r = close(s->iocp); s->iocp = -1; return r; }
OP(close_pending) { long r = close(s->b); s->b = -1; return r; }

static void teardown(struct st *s)
{
	int i, *fds[] = { &s->a, &s->b, &s->c, &s->l, &s->ev, &s->ev2, &s->q, &s->dev,
			  &s->iocp, &s->mf };

	for (i = 0; i < (int)(sizeof(fds) / sizeof(fds[0])); i++)
		if (*fds[i] >= 0)
			close(*fds[i]);
	for (i = 0; i < 8; i++)
		if (s->evs[i] >= 0)
			close(s->evs[i]);
	/* APCs this thread queued. */
	if (s->tid) {
		int d = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		struct ws_apc_args a;

		while (d >= 0 && ioctl(d, WS_IOC_DEQUEUE_APC, &a) == 0)
			;
		if (d >= 0)
			close(d);
	}
}

struct scenario {
	const char *name;
	int (*setup)(struct st *);
	long (*op)(struct st *);
	bool each_opt;	/* once per entry of sockopts[] */
};

#define S(name, setup, op) { #name, setup_##setup, op_##op, false }
static const struct scenario scenarios[] = {
	S(socket_tcp4, none, socket_tcp4),
	S(socket_tcp6, none, socket_tcp6),
	S(socket_udp4, none, socket_udp4),
	S(socket_udp6, none, socket_udp6),
	S(bind_tcp4, tcp4, bind4),
	S(bind_tcp6, tcp6, bind6),
	S(bind_udp4, udp4, bind4),
	S(bind_udp6, udp6, bind6),
	S(bind_shared, shared, bind_shared),
	S(listen, bound_tcp4, listen),
	S(connect_tcp, listener, connect_tcp),
	S(connect_refused, tcp4, connect_refused),
	S(accept, pending, accept),
	S(close_listener_with_pending, pending, close_listener),
	S(connect_udp, udp_bound, connect_udp),
	S(connect_unspec, udp_bound, connect_unspec),
	S(rebind_after_unspec, udp_bound, rebind_after_unspec),
	S(send_tcp4, tcp4_pair, send),
	S(send_tcp6, tcp6_pair, send),
	S(send_oob, tcp4_pair, send_oob),
	S(sendmsg_cmsg_udp, udp4_pair, sendmsg_cmsg),
	S(sendto_udp4, udp4_pair, sendto_udp),
	S(send_udp6, udp6_pair, send),
	S(recv_tcp, tcp4_data, recv),
	S(recv_peek_tcp, tcp4_data, recv_peek),
	S(recv_oob, tcp4_data, recv_oob),
	S(recvmsg_tcp, tcp4_data, recvmsg),
	S(recvfrom_udp, udp4_data, recvfrom),
	S(recvmsg_udp, udp4_data, recvmsg),
	S(shutdown_tcp, tcp4_pair, shutdown),
	S(shutdown_udp, udp4_pair, shutdown),
	S(close_linger_abort, tcp4_data, close_linger),
	S(close_connected, tcp4_data, close_conn),
	S(getsockname, tcp6_pair, getsockname),
	S(getpeername, tcp6_pair, getpeername),
	{ "setsockopt", setup_tcp4, op_setsockopt, true },
	{ "setsockopt_udp", setup_udp4, op_setsockopt, true },
	{ "getsockopt", setup_tcp4_pair, op_getsockopt, true },
	S(fionread_tcp, tcp4_data, fionread_b),
	S(fionread_udp, udp4_data, fionread_b),
	S(atmark, tcp4_data, atmark_b),
	S(set_nonblock, tcp4, set_nonblock),
	S(get_id, tcp4, get_id),
	S(closecheck, tcp4_pair, closecheck),
	S(cancel_blocking, tcp4_pair, cancel),
	S(event_select, sock_event, event_select),
	S(enum_events, selected, enum_events),
	S(close_selected_event, selected, close_selected_event),
	S(close_selected_sock, selected, close_selected_sock),
	S(async_select, sock_msgq, async_select),
	S(open_dev, none, open_dev),
	S(create_event, dev, create_event),
	S(create_msgq, dev, create_msgq),
	S(event_set, event, event_set),
	S(event_read, event, event_read),
	S(wait1, event, wait1),
	S(wait8, events8, wait8),
	S(wait8_all, events8, wait8_all),
	S(wait_alertable, event, wait_alertable),
	S(wait_alertable_apc, apc_queued, wait_alertable),
	S(queue_apc, event, queue_apc),
	S(dequeue_apc, apc_queued, dequeue_apc),
	S(msgq_post, msgq, msgq_post),
	S(msgq_get, msgq_full, msgq_get),
	S(ov_recv_pending, ov_pair, ov_recv),
	S(ov_recv_now, ov_pair_data, ov_recv),
	S(ov_recv_peek_pending, ov_pair, ov_recv_peek),
	S(ov_recv_udp_pending, ov_udp, ov_recv),
	S(ov_send, ov_pair, ov_send),
	S(ov_complete, ov_pair, ov_complete),
	S(ov_transmit, ov_transmit, ov_transmit),
	S(ov_cancel, ov_pending, ov_cancel),
	S(ov_wait, ov_pending, ov_wait),
	S(ov_close_pending, ov_pending, close_pending),
	S(acceptex, acceptex, acceptex),
	S(acceptex_data, acceptex, acceptex_data),
	S(accept_take, accepted, accept_take),
	S(connectex, connectex, connectex),
	S(create_port, dev, create_port),
	S(port_post, port, port_post),
	S(port_wait, port_posted, port_wait),
	S(port_wait_packet, ov_done, port_wait),
	S(port_wait_alertable, apc_queued_port, port_wait_alertable),
	S(associate, pair_port, associate),
	S(close_port_with_packets, ov_done, close_port),
};

/* The open fds of this process (below 1024), for the leak check. */
static int snap_fds(bool *open_fds)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	memset(open_fds, 0, 1024);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		int fd = atoi(de->d_name);

		if (de->d_name[0] == '.' || fd == dirfd(d) || fd >= 1024)
			continue;
		open_fds[fd] = true;
		n++;
	}
	closedir(d);
	return n;
}

/* The result histogram of one scenario. */
struct hist {
	int err[140];
	int ok;
};

static void hist_print(const struct hist *h)
{
	int e;

	if (h->ok)
		printf(" ok x%d", h->ok);
	for (e = 0; e < 140; e++)
		if (h->err[e])
			printf(" %s x%d", strerrorname_np(e) ?: "?", h->err[e]);
}

/*
 * Run scenario @sc with each fault site in turn; returns the number of
 * faults injected, -1 if the scenario could not be set up.
 */
static int run_scenario(const struct scenario *sc, unsigned int maxn, uint64_t deadline)
{
	struct hist h = { { 0 }, 0 };
	unsigned int n;
	int injected = 0;

	for (n = 1; n <= maxn && now_ns() < deadline; n++) {
		struct st s;
		unsigned int left;
		long r;
		bool fds0[1024], fds1[1024];
		int err, before, after, i;

		memset(&s, 0xff, sizeof(s));
		s.port = 0;
		s.tid = sc->op == op_queue_apc || sc->setup == setup_apc_queued ||
			sc->setup == setup_apc_queued_port;
		before = snap_fds(fds0);
		if (sc->setup(&s)) {
			teardown(&s);
			if (n == 1) {
				printf("ws_fault: %s: setup failed: %m\n", sc->name);
				return -1;
			}
			continue;
		}
		newfd = -1;
		op_name = sc->name;
		op_n = n;
		op_started = now_ns();
		soon = op_started + 1000000;
		nth_set(n);
		r = sc->op(&s);
		err = errno;
		left = nth_get();
		nth_set(0);
		op_started = 0;
		if (r >= 0 && newfd >= 0) {
			close(newfd);
		} else if (r < 0 && newfd >= 0 && newfd != -1 && left == 0 && verbose) {
			printf("ws_fault: %s: fault %u: failed (%s) but returned fd %d\n",
			       sc->name, n, strerrorname_np(err), newfd);
		}
		teardown(&s);
		after = snap_fds(fds1);
		if (after > before) {
			leaks++;
			printf("ws_fault: %s: fault %u: %d fd(s) left open after the call failed with %s\n",
			       sc->name, n, after - before, r < 0 ? strerrorname_np(err) : "success");
			/* close them, so that the next runs start clean */
			for (i = 0; i < 1024; i++)
				if (fds1[i] && !fds0[i])
					close(i);
		}
		if (left) {
			/* The call has fewer than n fault sites: all were tried. */
			break;
		}
		injected++;
		if (r < 0 && err < 140)
			h.err[err]++;
		else
			h.ok++;
		if (verbose)
			printf("ws_fault: %s: fault %u: %ld %s\n", sc->name, n, r,
			       r < 0 ? strerrorname_np(err) : "");
	}
	printf("ws_fault: %-28s %3d fault sites%s:", sc->name, injected,
	       n > maxn ? " (or more)" : now_ns() >= deadline ? " (time out)" : "");
	hist_print(&h);
	printf("\n");
	return injected;
}

/* A call under injection that does not return within 30 s is a hang. */
static void *watchdog(void *arg)
{
	char path[64], line[256];
	FILE *f;

	for (;;) {
		uint64_t t = op_started;

		sleep(1);
		if (!t || t != op_started || now_ns() - t < 30000000000ull)
			continue;
		printf("ws_fault: HANG: %s with fault %u has not returned for 30 s; its stack:\n",
		       op_name, op_n);
		snprintf(path, sizeof(path), "/proc/self/task/%d/stack", main_tid);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			printf("ws_fault:   %s", line);
		fflush(stdout);
		_exit(1);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t wd;
	unsigned int maxn = 300, seconds = 300, i, k, ran = 0, total = 0, failed = 0;
	uint64_t deadline;
	char path[64];
	int opt;
	FILE *f;

	while ((opt = getopt(argc, argv, "t:m:x:v")) != -1) {
		switch (opt) {
		case 't': seconds = atoi(optarg); break;
		case 'm': maxn = atoi(optarg); break;
		case 'v': verbose = true; break;
		case 'x':
			if (nexcluded < sizeof(excluded) / sizeof(excluded[0])) {
				excluded[nexcluded++] = optarg;
				break;
			}
			/* fall through */
		default:
			fprintf(stderr, "usage: %s [-t SECONDS] [-m MAXN] [-x SCENARIO]... [-v] [SCENARIO...]\n",
				argv[0]);
			return 2;
		}
	}
	f = fopen(WS_FAMILY_PARAM_PATH, "r");
	if (!f || fscanf(f, "%d", &family) != 1) {
		printf("ws_fault: SKIP: the ws module is not loaded\n");
		return 4;
	}
	fclose(f);
	snprintf(path, sizeof(path), "/proc/self/task/%d/fail-nth", gettid());
	nth_fd = open(path, O_RDWR | O_CLOEXEC);
	if (nth_fd < 0) {
		printf("ws_fault: %s: %m (CONFIG_FAULT_INJECTION?)\n", path);
		return 1;
	}
	memset(data, 'x', sizeof(data));
	ovmem = mmap(NULL, OVMEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ovmem == MAP_FAILED) {
		printf("ws_fault: mmap: %m\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	main_tid = gettid();
	if (pthread_create(&wd, NULL, watchdog, NULL)) {
		printf("ws_fault: pthread_create: %m\n");
		return 1;
	}
	deadline = now_ns() + (uint64_t)seconds * 1000000000ull;

	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		const struct scenario *sc = &scenarios[i];
		bool want = optind == argc;
		int j, r;

		for (j = optind; j < argc; j++)
			if (!strcmp(argv[j], sc->name))
				want = true;
		for (j = 0; j < (int)nexcluded; j++)
			if (!strcmp(excluded[j], sc->name))
				want = false;
		if (!want)
			continue;
		for (k = 0; k < (sc->each_opt ? sizeof(sockopts) / sizeof(sockopts[0]) : 1); k++) {
			opt_i = k;
			if (now_ns() >= deadline)
				break;
			if (sc->each_opt) {
				struct scenario one = *sc;
				char name[64];

				snprintf(name, sizeof(name), "%s(%#x,%#x)", sc->name,
					 sockopts[k].level, sockopts[k].name);
				one.name = name;
				r = run_scenario(&one, maxn, deadline);
			} else {
				r = run_scenario(sc, maxn, deadline);
			}
			ran++;
			if (r < 0)
				failed++;
			else
				total += r;
		}
	}
	printf("ws_fault: %u calls, %u faults injected, %u setups failed, %u fd leaks%s\n",
	       ran, total, failed, leaks, now_ns() >= deadline ? " (stopped by -t)" : "");
	return failed ? 1 : 0;
}

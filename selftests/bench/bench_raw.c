// SPDX-License-Identifier: GPL-2.0
/*
 * ws_bench, the raw-ABI side: the Winsock loops written directly against the
 * kernel ABI of uapi/linux/ws.h, without libws. The system calls are the
 * ones libws makes for the same Winsock calls, so the difference between
 * this line and the Winsock one is libws's own cost, and the difference
 * between this line and the native one is the kernel's:
 *
 *   WSAEventSelect            ioctl(s, WS_IOC_EVENT_SELECT)
 *   WSAWaitForMultipleEvents  ioctl(/dev/ws, WS_IOC_WAIT)
 *   WSAEnumNetworkEvents      ioctl(s, WS_IOC_ENUM_NETWORK_EVENTS)
 *   WSACreateEvent            ioctl(/dev/ws, WS_IOC_CREATE_EVENT)
 *   send, recv                send(2), recv(2) on the ws socket
 *   WSARecv, WSASend with an  ioctl(s, WS_IOC_SUBMIT); the result is read
 *   OVERLAPPED                from the OVERLAPPED, which the module fills
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ws.h>

#include "bench.h"

#define CHECK_EVERY	32
#define FD_READ		(1u << WS_FD_READ_BIT)
#define FD_CLOSE	(1u << WS_FD_CLOSE_BIT)

static int ws_fam = -1;
static int ws_dev = -1;

int bench_raw_init(void)
{
	FILE *f = fopen(WS_FAMILY_PARAM_PATH, "r");

	if (!f)
		return bench_fail("raw: %s: %s (is the ws module loaded?)",
				  WS_FAMILY_PARAM_PATH, strerror(errno));
	if (fscanf(f, "%d", &ws_fam) != 1) {
		fclose(f);
		return bench_fail("raw: %s: no family number", WS_FAMILY_PARAM_PATH);
	}
	fclose(f);
	ws_dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (ws_dev < 0)
		return bench_fail("raw: %s: %s", WS_DEVICE_PATH, strerror(errno));
	return 0;
}

static int ws_socket(void)
{
	int fd = socket(ws_fam, SOCK_STREAM | SOCK_CLOEXEC,
			WS_PROTOCOL(WS_AF_INET, IPPROTO_TCP));

	if (fd < 0)
		return bench_fail("raw: ws socket: %s", strerror(errno));
	return fd;
}

static int ws_nodelay(int fd)
{
	__u32 one = 1;

	if (setsockopt(fd, WS_IPPROTO_TCP, WS_TCP_NODELAY, &one, sizeof(one)))
		return bench_fail("raw: TCP_NODELAY: %s", strerror(errno));
	return 0;
}

/* A ws listener on 127.0.0.1 (Winsock AF_INET is Linux's, 2). */
static int ws_listener(uint16_t *port_be)
{
	struct sockaddr_in sin = { .sin_family = WS_AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = ws_socket();

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(fd, 4096) ||
	    getsockname(fd, (struct sockaddr *)&sin, &len)) {
		bench_fail("raw: ws listener: %s", strerror(errno));
		close(fd);
		return -1;
	}
	*port_be = sin.sin_port;
	return fd;
}

static int ws_connect(uint16_t port_be)
{
	struct sockaddr_in sin = { .sin_family = WS_AF_INET,
				   .sin_port = port_be,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = ws_socket();

	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		bench_fail("raw: ws connect: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int ws_accept(int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return bench_fail("raw: ws accept: %s", strerror(errno));
	return fd;
}

static int ws_event(void)
{
	struct ws_event_args a = { .flags = 0, .fd = -1 };

	if (ioctl(ws_dev, WS_IOC_CREATE_EVENT, &a))
		return bench_fail("raw: WS_IOC_CREATE_EVENT: %s", strerror(errno));
	return a.fd;
}

static int ws_event_select(int fd, int ev, __u32 mask)
{
	struct ws_event_select a = { .event_fd = ev, .mask = mask };

	if (ioctl(fd, WS_IOC_EVENT_SELECT, &a))
		return bench_fail("raw: WS_IOC_EVENT_SELECT: %s", strerror(errno));
	return 0;
}

/* WSAWaitForMultipleEvents(n, evs, FALSE, timeout): the index, or -1. */
static int ws_wait_any(const int *evs, unsigned int n, __u64 timeout)
{
	struct ws_wait_args a = { .timeout = timeout, .objs = (uintptr_t)evs,
				  .count = n };

	while (ioctl(ws_dev, WS_IOC_WAIT, &a)) {
		if (errno != EINTR)
			return bench_fail("raw: WS_IOC_WAIT: %s", strerror(errno));
	}
	return (int)a.index;
}

/* WSAEnumNetworkEvents(fd, ev): the FD_* bits, or -1; FD_CLOSE fails. */
static int ws_enum(int fd, int ev)
{
	struct ws_network_events ne = { .event_fd = ev };

	if (ioctl(fd, WS_IOC_ENUM_NETWORK_EVENTS, &ne))
		return bench_fail("raw: WS_IOC_ENUM_NETWORK_EVENTS: %s", strerror(errno));
	if (ne.events & FD_CLOSE)
		return bench_fail("raw: FD_CLOSE (error %d)", ne.errors[WS_FD_CLOSE_BIT]);
	return (int)ne.events;
}

static int send_msg(int fd, const char *buf)
{
	ssize_t r = send(fd, buf, BENCH_MSG, 0);

	if (r == BENCH_MSG)
		return 0;
	if (r < 0)
		return bench_fail("raw: send: %s", strerror(errno));
	return bench_fail("raw: short send (%zd bytes)", r);
}

/* As in bench_native.c: 1 message complete, 0 more to come, -1 failed. */
static int recv_part(int fd, char *buf, size_t *got)
{
	ssize_t r = recv(fd, buf + *got, BENCH_MSG - *got, 0);

	if (r > 0) {
		*got += (size_t)r;
		return *got == BENCH_MSG;
	}
	if (r == 0)
		return bench_fail("raw: peer closed the connection");
	if (errno == EWOULDBLOCK || errno == EINTR)
		return 0;
	return bench_fail("raw: recv: %s", strerror(errno));
}

/* Wait for @ev, enumerate @fd's events, recv, until a whole message. */
static int raw_half(int fd, int ev, char *buf)
{
	size_t got = 0;
	int r = 0, events;

	do {
		if (ws_wait_any(&ev, 1, WS_TIMEOUT_INFINITE) != 0)
			return -1;
		events = ws_enum(fd, ev);
		if (events < 0)
			return -1;
		if (events & FD_READ)
			r = recv_part(fd, buf, &got);
	} while (r == 0);
	return r < 0 ? -1 : 0;
}

/*
 * A connected ws pair, TCP_NODELAY; with @evs, each end selected on its own
 * event (FD_READ | FD_CLOSE).
 */
static int raw_pair(int fds[2], int *evs)
{
	uint16_t port;
	int lfd = ws_listener(&port), i;

	fds[0] = fds[1] = -1;
	if (evs)
		evs[0] = evs[1] = -1;
	if (lfd < 0)
		return -1;
	fds[0] = ws_connect(port);
	if (fds[0] >= 0)
		fds[1] = ws_accept(lfd);
	close(lfd);
	if (fds[1] < 0)
		goto fail;
	for (i = 0; i < 2; i++) {
		if (ws_nodelay(fds[i]))
			goto fail;
		if (!evs)
			continue;
		evs[i] = ws_event();
		if (evs[i] < 0 || ws_event_select(fds[i], evs[i], FD_READ | FD_CLOSE))
			goto fail;
	}
	return 0;
fail:
	for (i = 0; i < 2; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		if (evs && evs[i] >= 0)
			close(evs[i]);
	}
	return -1;
}

int bench_raw_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out)
{
	char buf[BENCH_MSG];
	int fds[2], evs[2], err = -1;
	uint64_t rounds = 0, t0 = 0, now = 0;

	memset(buf, 'r', sizeof(buf));
	if (raw_pair(fds, evs))
		return -1;
	for (uint64_t i = 0;; i++) {
		if (i == warmup)
			t0 = bench_now_ns();
		if (i > warmup && (i - warmup) % CHECK_EVERY == 0) {
			now = bench_now_ns();
			if (now - t0 >= ns) {
				rounds = i - warmup;
				break;
			}
		}
		if (send_msg(fds[0], buf) || raw_half(fds[1], evs[1], buf) ||
		    send_msg(fds[1], buf) || raw_half(fds[0], evs[0], buf))
			goto out;
	}
	out->rounds = rounds;
	out->ns = now - t0;
	out->min_conn = out->max_conn = rounds;
	err = 0;
out:
	for (int i = 0; i < 2; i++) {
		close(fds[i]);
		close(evs[i]);
	}
	return err;
}

/*
 * The Winsock server loop: one wait-any over BENCH_CONNS events, then
 * WSAEnumNetworkEvents, recv and send back on the connection it names.
 */
int bench_raw_server(uint64_t ns, struct bench_run *out)
{
	uint64_t count[BENCH_CONNS] = { 0 }, total = 0, t0, now;
	size_t got[BENCH_CONNS] = { 0 };
	int fd[BENCH_CONNS], ev[BENCH_CONNS], lfd, err = -1, measuring = 0;
	int i, k, r, events;
	struct bench_clients *c = NULL;
	char buf[BENCH_MSG];
	uint16_t port;

	for (i = 0; i < BENCH_CONNS; i++)
		fd[i] = ev[i] = -1;
	lfd = ws_listener(&port);
	if (lfd < 0)
		return -1;
	c = bench_clients_connect(port);
	if (!c)
		goto out;
	for (i = 0; i < BENCH_CONNS; i++) {
		fd[i] = ws_accept(lfd);
		if (fd[i] < 0 || ws_nodelay(fd[i]))
			goto out;
		ev[i] = ws_event();
		if (ev[i] < 0 || ws_event_select(fd[i], ev[i], FD_READ | FD_CLOSE))
			goto out;
	}
	if (bench_clients_start(c))
		goto out;

	t0 = now = bench_now_ns();
	while (!measuring || now - t0 < ns) {
		k = ws_wait_any(ev, BENCH_CONNS, bench_now_ns() + 2000000000ull);
		if (k < 0 || k >= BENCH_CONNS) {
			if (k >= BENCH_CONNS)
				bench_fail("raw: WS_IOC_WAIT: index %d", k);
			goto out;
		}
		events = ws_enum(fd[k], ev[k]);
		if (events < 0)
			goto out;
		if (!(events & FD_READ))
			continue;
		r = recv_part(fd[k], buf, &got[k]);
		if (r < 0)
			goto out;
		if (r == 1) {
			got[k] = 0;
			if (send_msg(fd[k], buf))
				goto out;
			count[k]++;
			if (++total == BENCH_SERVER_WARMUP && !measuring) {
				/* From here on: every connection is going. */
				measuring = 1;
				total = 0;
				memset(count, 0, sizeof(count));
				t0 = now = bench_now_ns();
			} else if (total % CHECK_EVERY == 0) {
				now = bench_now_ns();
			}
		}
	}
	out->rounds = total;
	out->ns = now - t0;
	out->min_conn = UINT64_MAX;
	out->max_conn = 0;
	for (i = 0; i < BENCH_CONNS; i++) {
		if (count[i] < out->min_conn)
			out->min_conn = count[i];
		if (count[i] > out->max_conn)
			out->max_conn = count[i];
	}
	err = 0;
out:
	if (bench_clients_finish(c))
		err = -1;
	for (i = 0; i < BENCH_CONNS; i++) {
		if (fd[i] >= 0)
			close(fd[i]);
		if (ev[i] >= 0)
			close(ev[i]);
	}
	close(lfd);
	return err;
}

/* --- kernel memory ----------------------------------------------------- */

struct raw_mem {
	unsigned int	n;	/* connections */
	int		fd[];	/* 2n sockets, then 2n events; -1: none */
};

static void *raw_mem_open(unsigned int n, int with_event)
{
	struct raw_mem *m = malloc(sizeof(*m) + 4 * n * sizeof(int));
	int *evs, lfd;
	uint16_t port;

	if (!m) {
		bench_fail("raw: out of memory");
		return NULL;
	}
	m->n = n;
	for (unsigned int i = 0; i < 4 * n; i++)
		m->fd[i] = -1;
	evs = &m->fd[2 * n];
	lfd = ws_listener(&port);
	if (lfd < 0)
		goto fail;
	for (unsigned int i = 0; i < 2 * n; i += 2) {
		int *p = &m->fd[i];

		p[0] = ws_connect(port);
		if (p[0] < 0)
			goto fail;
		p[1] = ws_accept(lfd);
		if (p[1] < 0)
			goto fail;
		if (!with_event)
			continue;
		for (int j = 0; j < 2; j++) {
			evs[i + j] = ws_event();
			if (evs[i + j] < 0 ||
			    ws_event_select(p[j], evs[i + j], FD_READ | FD_CLOSE))
				goto fail;
		}
	}
	close(lfd);
	return m;
fail:
	if (lfd >= 0)
		close(lfd);
	bench_raw_mem_close(m);
	return NULL;
}

void *bench_raw_mem_open(unsigned int n)
{
	return raw_mem_open(n, 1);
}

void *bench_raw_mem_open_noevent(unsigned int n)
{
	return raw_mem_open(n, 0);
}

/* Closed with a reset (SO_LINGER 0): no TIME_WAIT left behind. */
void bench_raw_mem_close(void *handle)
{
	struct raw_mem *m = handle;
	struct ws_linger lg = { .l_onoff = 1, .l_linger = 0 };

	for (unsigned int i = 0; i < 4 * m->n; i++) {
		if (m->fd[i] < 0)
			continue;
		if (i < 2 * m->n)
			setsockopt(m->fd[i], WS_SOL_SOCKET, WS_SO_LINGER, &lg, sizeof(lg));
		close(m->fd[i]);
	}
	free(m);
}

/* --- overlapped I/O ---------------------------------------------------- */

/*
 * A WSAOVERLAPPED as the module sees it: Internal (the NTSTATUS) and
 * InternalHigh (the byte count), each 64 bits; the rest is the caller's.
 */
struct raw_ov {
	__u64	internal;
	__u64	internal_high;
	__u64	offsets;
	__u64	event;
};

/*
 * WSARecv or WSASend with an OVERLAPPED whose event is @ev:
 * ioctl(WS_IOC_SUBMIT). Return: 0 (pending or completed at once), or -1.
 */
static int raw_submit(int fd, __u32 op, void *buf, size_t len, struct raw_ov *ov,
		      int ev, __u32 *flags_out)
{
	struct ws_iovec iov = { .len = (__u32)len, .buf = (uintptr_t)buf };
	struct ws_io io = {
		.op = op,
		.bufs = (uintptr_t)&iov,
		.nbufs = 1,
		.event_fd = ev,
		.ov = (uintptr_t)ov,
		.dev_fd = -1,
		.flags_out = (uintptr_t)flags_out,
	};

	if (!ioctl(fd, WS_IOC_SUBMIT, &io) || errno == EINPROGRESS)
		return 0;
	return bench_fail("raw: WS_IOC_SUBMIT (%s): %s",
			  op == WS_OP_RECV ? "recv" : "send", strerror(errno));
}

/* The completed operation's byte count, or -1 if it failed. */
static long long raw_result(const struct raw_ov *ov)
{
	__u32 st = (__u32)__atomic_load_n(&ov->internal, __ATOMIC_ACQUIRE);

	if (st == WS_STATUS_PENDING)
		return bench_fail("raw: the operation is still pending");
	if (st & 0x80000000u)
		return bench_fail("raw: the operation failed: NTSTATUS %#x", st);
	return (long long)ov->internal_high;
}

/* Wait for @ov (event @ev) unless it completed already; its byte count. */
static long long raw_get(struct raw_ov *ov, int ev)
{
	if ((__u32)__atomic_load_n(&ov->internal, __ATOMIC_ACQUIRE) ==
	    WS_STATUS_PENDING && ws_wait_any(&ev, 1, WS_TIMEOUT_INFINITE) != 0)
		return -1;
	return raw_result(ov);
}

/* One end of the overlapped ping-pong: a receive always posted. */
struct raw_end {
	int		fd;
	int		rev, sev;	/* events of the receive and the send */
	struct raw_ov	rov, sov;
	__u32		rflags;
	size_t		got;
	char		buf[BENCH_MSG];
};

static int raw_ov_send(struct raw_end *e, char *buf)
{
	long long n;

	if (raw_submit(e->fd, WS_OP_SEND, buf, BENCH_MSG, &e->sov, e->sev, NULL))
		return -1;
	n = raw_get(&e->sov, e->sev);
	if (n < 0)
		return -1;
	if (n != BENCH_MSG)
		return bench_fail("raw: overlapped send sent %lld bytes", n);
	return 0;
}

/* Wait for the posted receive until a whole message came; post the next. */
static int raw_ov_recv_msg(struct raw_end *e)
{
	long long n;

	do {
		if (ws_wait_any(&e->rev, 1, WS_TIMEOUT_INFINITE) != 0)
			return -1;
		n = raw_result(&e->rov);
		if (n < 0)
			return -1;
		if (!n)
			return bench_fail("raw: peer closed the connection");
		e->got += (size_t)n;
		if (e->got == BENCH_MSG)
			e->got = 0;
		if (raw_submit(e->fd, WS_OP_RECV, e->buf + e->got, BENCH_MSG - e->got,
			       &e->rov, e->rev, &e->rflags))
			return -1;
	} while (e->got);
	return 0;
}

/*
 * The overlapped ping-pong of bench_ws.c through the raw ABI: per end and
 * message WS_IOC_SUBMIT (send), WS_IOC_WAIT, WS_IOC_SUBMIT (receive).
 */
int bench_raw_ov_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out)
{
	struct raw_end e[2];
	uint64_t rounds = 0, t0 = 0, now = 0;
	char buf[BENCH_MSG];
	int fds[2], err = -1, i;

	memset(e, 0, sizeof(e));
	memset(buf, 'R', sizeof(buf));
	if (raw_pair(fds, NULL))
		return -1;
	for (i = 0; i < 2; i++) {
		e[i].fd = fds[i];
		e[i].rev = ws_event();
		e[i].sev = ws_event();
	}
	for (i = 0; i < 2; i++)
		if (e[i].rev < 0 || e[i].sev < 0 ||
		    raw_submit(e[i].fd, WS_OP_RECV, e[i].buf, BENCH_MSG, &e[i].rov,
			       e[i].rev, &e[i].rflags))
			goto out;

	for (uint64_t n = 0;; n++) {
		if (n == warmup)
			t0 = bench_now_ns();
		if (n > warmup && (n - warmup) % CHECK_EVERY == 0) {
			now = bench_now_ns();
			if (now - t0 >= ns) {
				rounds = n - warmup;
				break;
			}
		}
		if (raw_ov_send(&e[0], buf) || raw_ov_recv_msg(&e[1]) ||
		    raw_ov_send(&e[1], buf) || raw_ov_recv_msg(&e[0]))
			goto out;
	}
	out->rounds = rounds;
	out->ns = now - t0;
	out->min_conn = out->max_conn = rounds;
	err = 0;
out:
	/* Closing completes the posted receives (aborted): e is still there. */
	for (i = 0; i < 2; i++)
		close(e[i].fd);
	for (i = 0; i < 2; i++) {
		if (e[i].rev >= 0)
			close(e[i].rev);
		if (e[i].sev >= 0)
			close(e[i].sev);
	}
	return err;
}

/*
 * The overlapped bulk receiver of bench_ws.c through the raw ABI:
 * BENCH_BULK_DEPTH receives posted; the oldest waited for with WS_IOC_WAIT
 * if it is still pending, then posted again.
 */
int bench_raw_ov_bulk(uint64_t ns, struct bench_run *out)
{
	struct raw_ov ov[BENCH_BULK_DEPTH];
	__u32 flags[BENCH_BULK_DEPTH];
	int ev[BENCH_BULK_DEPTH], lfd, fd = -1, err = -1, measuring = 0, k;
	uint64_t bytes = 0, t0 = 0, now = 0;
	struct bench_sender *snd = NULL;
	uint16_t port;
	long long n;
	char *buf;

	memset(ov, 0, sizeof(ov));
	for (k = 0; k < BENCH_BULK_DEPTH; k++)
		ev[k] = -1;
	buf = malloc(BENCH_BULK_DEPTH * BENCH_BULK_CHUNK);
	if (!buf)
		return bench_fail("raw: out of memory");
	memset(buf, 0, BENCH_BULK_DEPTH * BENCH_BULK_CHUNK);
	lfd = ws_listener(&port);
	if (lfd < 0)
		goto out;
	snd = bench_sender_connect(port);
	if (!snd)
		goto out;
	fd = ws_accept(lfd);
	if (fd < 0)
		goto out;
	for (k = 0; k < BENCH_BULK_DEPTH; k++) {
		ev[k] = ws_event();
		if (ev[k] < 0 ||
		    raw_submit(fd, WS_OP_RECV, buf + k * BENCH_BULK_CHUNK,
			       BENCH_BULK_CHUNK, &ov[k], ev[k], &flags[k]))
			goto out;
	}
	if (bench_sender_start(snd))
		goto out;

	for (k = 0;; k = (k + 1) % BENCH_BULK_DEPTH) {
		n = raw_get(&ov[k], ev[k]);
		if (n < 0)
			goto out;
		if (!n) {
			bench_fail("raw: bulk: the sender closed");
			goto out;
		}
		if (raw_submit(fd, WS_OP_RECV, buf + k * BENCH_BULK_CHUNK,
			       BENCH_BULK_CHUNK, &ov[k], ev[k], &flags[k]))
			goto out;
		bytes += (uint64_t)n;
		if (!measuring) {
			if (bytes >= BENCH_BULK_WARMUP) {
				measuring = 1;
				bytes = 0;
				t0 = bench_now_ns();
			}
			continue;
		}
		now = bench_now_ns();
		if (now - t0 >= ns)
			break;
	}
	out->rounds = bytes;
	out->ns = now - t0;
	out->min_conn = out->max_conn = bytes;
	err = 0;
out:
	if (bench_sender_finish(snd))
		err = -1;
	/* Closing completes what is still posted: ov and buf are still there. */
	if (fd >= 0)
		close(fd);
	for (k = 0; k < BENCH_BULK_DEPTH; k++)
		if (ev[k] >= 0)
			close(ev[k]);
	if (lfd >= 0)
		close(lfd);
	free(buf);
	return err;
}

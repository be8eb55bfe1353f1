// SPDX-License-Identifier: GPL-2.0
/*
 * Section k of ws_bench: rooted multipoint (uapi/linux/ws.h, "Rooted
 * multipoint") against what a program does without it, in the same run,
 * over loopback, through the raw ABI.
 *
 *  k1) fan-out: one sender sends 1 KiB messages to BENCH_FANOUT receivers
 *      as fast as it can, and a second thread drains the receivers with
 *      epoll. ws: one send(2) on a d_root reaches every admitted leaf (the
 *      module frames it and queues it on each leaf's connection); native:
 *      the same message sent on each of BENCH_FANOUT TCP connections, a
 *      send(2) each. The rate is messages per second, a message counted
 *      once every receiver has it (the clock stops when the last receiver
 *      has the last message).
 *  k2) join latency: a leaf-initiated join admitted by a condition (ws:
 *      WS_IOC_RT_JOIN and a blocking connect(2) on the leaf carry 16 bytes
 *      of caller data; the root's thread waits in poll(2), reads the join
 *      with WS_IOC_RT_PEEK, admits it with WS_IOC_RT_VERDICT and 16 bytes of
 *      callee data, and takes it with accept(2)), against a native TCP
 *      connect followed by a 16-byte request and a 16-byte reply (the
 *      server accepts, reads the request and answers). Joins one after the
 *      other; both sides close their end after each. Joins per second.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <linux/ws.h>

#include "bench.h"

#define FANOUT_MSG	1024
#define CONN_DATA	16
#define IO_WAIT_MS	10000		/* bound on anything that must happen */

static int fam = -1;

/* --- set-up ---------------------------------------------------------------- */

static int lo_listener(int fd, struct sockaddr_in *sin, int backlog)
{
	socklen_t len = sizeof(*sin);

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)sin, sizeof(*sin)) ||
	    listen(fd, backlog) ||
	    getsockname(fd, (struct sockaddr *)sin, &len))
		return bench_fail("fan-out: listener: %s", strerror(errno));
	return 0;
}

static int rt_socket(uint32_t role, int nonblock)
{
	int fd = socket(fam, SOCK_SEQPACKET | SOCK_CLOEXEC |
			(nonblock ? SOCK_NONBLOCK : 0),
			(int)(WS_PROTOCOL(WS_AF_INET, IPPROTO_TCP) | role));

	if (fd < 0)
		bench_fail("fan-out: rooted socket: %s", strerror(errno));
	return fd;
}

#define RT_ROOT	(WS_PROTOCOL_MP_C_ROOT | WS_PROTOCOL_MP_D_ROOT)
#define RT_LEAF	(WS_PROTOCOL_MP_C_LEAF | WS_PROTOCOL_MP_D_LEAF)

/* Register a leaf's join and start it (nonblocking) or carry it out. */
static int rt_join(int leaf, const struct sockaddr_in *root, const void *data,
		   uint32_t len)
{
	struct ws_rt_join j = {
		.caller_data = (uintptr_t)data, .caller_len = len,
		.flags = WS_JL_BOTH, .root_fd = -1,
	};

	if (ioctl(leaf, WS_IOC_RT_JOIN, &j))
		return bench_fail("fan-out: WS_IOC_RT_JOIN: %s", strerror(errno));
	if (connect(leaf, (const struct sockaddr *)root, sizeof(*root)) &&
	    errno != EWOULDBLOCK && errno != EINPROGRESS)
		return bench_fail("fan-out: join: %s", strerror(errno));
	return 0;
}

static int wait_fd(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r = poll(&p, 1, IO_WAIT_MS);

	if (r <= 0)
		return bench_fail("fan-out: poll: %s", r ? strerror(errno) : "timed out");
	if (p.revents & (POLLERR | POLLHUP | POLLNVAL))
		return bench_fail("fan-out: poll: revents %#x", p.revents);
	return 0;
}

/* --- k1: fan-out ------------------------------------------------------------ */

struct fan {
	int		kind;			/* 1: ws */
	int		send_fd[BENCH_FANOUT];	/* native: one per receiver */
	int		nsend;
	int		recv_fd[BENCH_FANOUT];
	int		extra_fd[BENCH_FANOUT];	/* ws: the membership sockets */
	int		ep;
	int		wake;			/* eventfd: the sender stopped */
	atomic_ullong	want;			/* messages each receiver must get */
	atomic_int	stop;
	uint64_t	got[BENCH_FANOUT];	/* messages (bytes natively) */
	uint64_t	t_done;
	int		err;
};

static void fan_close(struct fan *f)
{
	for (int i = 0; i < BENCH_FANOUT; i++) {
		if (f->recv_fd[i] >= 0)
			close(f->recv_fd[i]);
		if (f->extra_fd[i] >= 0)
			close(f->extra_fd[i]);
	}
	for (int i = 0; i < f->nsend; i++)
		if (f->send_fd[i] >= 0)
			close(f->send_fd[i]);
	if (f->ep >= 0)
		close(f->ep);
	if (f->wake >= 0)
		close(f->wake);
}

static int fan_setup_native(struct fan *f)
{
	struct sockaddr_in sin;
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (l < 0 || lo_listener(l, &sin, BENCH_FANOUT))
		goto fail;
	f->nsend = BENCH_FANOUT;
	for (int i = 0; i < BENCH_FANOUT; i++) {
		f->recv_fd[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (f->recv_fd[i] < 0 ||
		    connect(f->recv_fd[i], (struct sockaddr *)&sin, sizeof(sin)))
			goto fail_errno;
		f->send_fd[i] = accept4(l, NULL, NULL, SOCK_CLOEXEC);
		if (f->send_fd[i] < 0 ||
		    setsockopt(f->send_fd[i], IPPROTO_TCP, TCP_NODELAY, &one,
			       sizeof(one)))
			goto fail_errno;
	}
	close(l);
	return 0;
fail_errno:
	bench_fail("fan-out: native set-up: %s", strerror(errno));
fail:
	if (l >= 0)
		close(l);
	return -1;
}

static int fan_setup_ws(struct fan *f)
{
	struct sockaddr_in sin;
	int root = rt_socket(RT_ROOT, 0), one = 1;

	f->nsend = 1;
	f->send_fd[0] = root;
	if (root < 0 || lo_listener(root, &sin, BENCH_FANOUT))
		return -1;
	if (setsockopt(root, WS_IPPROTO_TCP, WS_TCP_NODELAY, &one, sizeof(one)))
		return bench_fail("fan-out: root TCP_NODELAY: %s", strerror(errno));
	for (int i = 0; i < BENCH_FANOUT; i++) {
		f->recv_fd[i] = rt_socket(RT_LEAF, 1);
		if (f->recv_fd[i] < 0 ||
		    rt_join(f->recv_fd[i], &sin, NULL, 0))
			return -1;
		if (wait_fd(root, POLLIN))
			return -1;
		f->extra_fd[i] = accept4(root, NULL, NULL, SOCK_CLOEXEC);
		if (f->extra_fd[i] < 0)
			return bench_fail("fan-out: accept on the root: %s",
					  strerror(errno));
	}
	/* Every leaf admitted: writable. */
	for (int i = 0; i < BENCH_FANOUT; i++)
		if (wait_fd(f->recv_fd[i], POLLOUT))
			return -1;
	return 0;
}

/*
 * The receivers' thread: drain until each has what was sent. The sender
 * writes f->wake once it has stopped, so that a drain already done waits
 * no longer.
 */
static void *fan_drain(void *arg)
{
	struct fan *f = arg;
	struct epoll_event ev[BENCH_FANOUT + 1];
	static char buf[64 * 1024];
	uint64_t unit = f->kind ? 1 : FANOUT_MSG;
	int left = BENCH_FANOUT, n;
	char done[BENCH_FANOUT] = { 0 };

	while (left) {
		n = epoll_wait(f->ep, ev, BENCH_FANOUT + 1, IO_WAIT_MS);
		if (n <= 0) {
			f->err = bench_fail("fan-out: receivers: %s",
					    n ? strerror(errno) : "nothing for 10 s");
			return NULL;
		}
		for (int e = 0; e < n; e++) {
			int i = (int)ev[e].data.u32;

			if (i == BENCH_FANOUT)
				continue;	/* the sender stopped */
			for (;;) {
				ssize_t r = recv(f->recv_fd[i], buf, sizeof(buf),
						 MSG_DONTWAIT);

				if (r < 0 && errno == EAGAIN)
					break;
				if (r <= 0) {
					f->err = bench_fail("fan-out: receiver %d: %s", i,
							    r ? strerror(errno) : "closed");
					return NULL;
				}
				if (f->kind && r != FANOUT_MSG) {
					f->err = bench_fail("fan-out: receiver %d: a %zd-byte message",
							    i, r);
					return NULL;
				}
				f->got[i] += f->kind ? 1 : (uint64_t)r;
			}
		}
		if (!atomic_load(&f->stop))
			continue;
		for (int i = 0; i < BENCH_FANOUT; i++) {
			if (done[i] || f->got[i] < atomic_load(&f->want) * unit)
				continue;
			epoll_ctl(f->ep, EPOLL_CTL_DEL, f->recv_fd[i], NULL);
			done[i] = 1;
			left--;
		}
	}
	f->t_done = bench_now_ns();
	return NULL;
}

static void fan_stop(struct fan *f, uint64_t sent)
{
	uint64_t one = 1;

	atomic_store(&f->want, sent);
	atomic_store(&f->stop, 1);
	if (write(f->wake, &one, sizeof(one)) != sizeof(one))
		bench_fail("fan-out: eventfd: %s", strerror(errno));
}

static int fan_once(int kind, uint64_t ns, double *rate)
{
	struct fan *f = calloc(1, sizeof(*f));
	static char msg[FANOUT_MSG];
	uint64_t t0, sent = 0;
	pthread_t pt;
	int err = -1, started = 0;

	if (!f)
		return bench_fail("fan-out: out of memory");
	f->kind = kind;
	f->ep = f->wake = -1;
	for (int i = 0; i < BENCH_FANOUT; i++)
		f->recv_fd[i] = f->extra_fd[i] = f->send_fd[i] = -1;
	if (kind ? fan_setup_ws(f) : fan_setup_native(f))
		goto out;
	f->ep = epoll_create1(EPOLL_CLOEXEC);
	f->wake = eventfd(0, EFD_CLOEXEC);
	if (f->ep < 0 || f->wake < 0)
		goto out;
	{
		struct epoll_event ev = { .events = EPOLLIN,
					  .data.u32 = BENCH_FANOUT };

		if (epoll_ctl(f->ep, EPOLL_CTL_ADD, f->wake, &ev))
			goto out;
	}
	for (int i = 0; i < BENCH_FANOUT; i++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };

		if (epoll_ctl(f->ep, EPOLL_CTL_ADD, f->recv_fd[i], &ev))
			goto out;
	}
	if (pthread_create(&pt, NULL, fan_drain, f))
		goto out;
	started = 1;
	t0 = bench_now_ns();
	while (bench_now_ns() - t0 < ns && !f->err) {
		for (int i = 0; i < f->nsend; i++) {
			ssize_t r = send(f->send_fd[i], msg, sizeof(msg), 0);

			if (r != (ssize_t)sizeof(msg)) {
				bench_fail("fan-out: send: %s",
					   r < 0 ? strerror(errno) : "short");
				goto out;
			}
		}
		sent++;
	}
	fan_stop(f, sent);
	pthread_join(pt, NULL);
	started = 0;
	if (f->err)
		goto out;
	*rate = sent * 1e9 / (double)(f->t_done - t0);
	err = 0;
out:
	if (started) {
		fan_stop(f, sent);
		pthread_join(pt, NULL);
	}
	fan_close(f);
	free(f);
	return err;
}

/* --- k2: join latency --------------------------------------------------------- */

struct acceptor {
	int		kind;
	int		l;
	atomic_int	stop;
	uint64_t	joins;
	int		err;
};

static void *join_acceptor(void *arg)
{
	struct acceptor *a = arg;
	char callee[CONN_DATA] = "callee data.....", caller[CONN_DATA];
	struct pollfd p = { .fd = a->l, .events = POLLIN };

	while (!atomic_load(&a->stop)) {
		int r = poll(&p, 1, 100), s;

		if (r == 0)
			continue;
		if (r < 0) {
			a->err = bench_fail("join: poll: %s", strerror(errno));
			return NULL;
		}
		if (a->kind) {
			struct ws_rt_join_info info = {
				.caller_data = (uintptr_t)caller,
				.caller_max = sizeof(caller),
			};
			struct ws_rt_verdict v = {
				.callee_data = (uintptr_t)callee,
				.callee_len = sizeof(callee),
				.verdict = WS_CF_ACCEPT,
			};

			if (ioctl(a->l, WS_IOC_RT_PEEK, &info)) {
				if (errno == EWOULDBLOCK)
					continue;
				a->err = bench_fail("join: WS_IOC_RT_PEEK: %s",
						    strerror(errno));
				return NULL;
			}
			v.cookie = info.cookie;
			if (ioctl(a->l, WS_IOC_RT_VERDICT, &v)) {
				a->err = bench_fail("join: WS_IOC_RT_VERDICT: %s",
						    strerror(errno));
				return NULL;
			}
			s = accept4(a->l, NULL, NULL, SOCK_CLOEXEC);
			if (s < 0) {
				a->err = bench_fail("join: accept: %s", strerror(errno));
				return NULL;
			}
		} else {
			s = accept4(a->l, NULL, NULL, SOCK_CLOEXEC);
			if (s < 0 ||
			    recv(s, caller, sizeof(caller), MSG_WAITALL) != sizeof(caller) ||
			    send(s, callee, sizeof(callee), 0) != sizeof(callee)) {
				a->err = bench_fail("join: native server: %s",
						    strerror(errno));
				if (s >= 0)
					close(s);
				return NULL;
			}
		}
		close(s);
		a->joins++;
	}
	return NULL;
}

static int join_once(int kind, uint64_t ns, double *rate)
{
	struct acceptor a = { .kind = kind, .l = -1 };
	char caller[CONN_DATA] = "caller data.....", callee[CONN_DATA];
	struct sockaddr_in sin;
	uint64_t t0, t1, n = 0;
	pthread_t pt;
	int err = -1;

	a.l = kind ? rt_socket(RT_ROOT, 1) : socket(AF_INET, SOCK_STREAM |
						     SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (a.l < 0 || lo_listener(a.l, &sin, 16))
		goto out_l;
	if (pthread_create(&pt, NULL, join_acceptor, &a))
		goto out_l;
	t0 = t1 = bench_now_ns();
	do {
		int c = kind ? rt_socket(RT_LEAF, 0) :
			       socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (c < 0)
			break;
		if (kind) {
			struct ws_rt_conndata cd = {
				.buf = (uintptr_t)callee, .max = sizeof(callee),
			};

			if (rt_join(c, &sin, caller, sizeof(caller)) ||
			    ioctl(c, WS_IOC_RT_CONNDATA, &cd) || cd.len != sizeof(callee)) {
				bench_fail("join: leaf: %s", strerror(errno));
				close(c);
				break;
			}
		} else if (connect(c, (struct sockaddr *)&sin, sizeof(sin)) ||
			   send(c, caller, sizeof(caller), 0) != sizeof(caller) ||
			   recv(c, callee, sizeof(callee), MSG_WAITALL) != sizeof(callee)) {
			bench_fail("join: native client: %s", strerror(errno));
			close(c);
			break;
		}
		close(c);
		n++;
		t1 = bench_now_ns();
	} while (t1 - t0 < ns && !a.err);
	atomic_store(&a.stop, 1);
	pthread_join(pt, NULL);
	if (!a.err && n && t1 - t0 >= ns) {
		*rate = n * 1e9 / (double)(t1 - t0);
		err = 0;
	}
out_l:
	if (a.l >= 0)
		close(a.l);
	return err;
}

/* --- the section ------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median_of(const double *in, int n)
{
	double v[MAX_RUNS];

	memcpy(v, in, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int fanout_line(const char *label, const char *unit,
		       int (*once)(int, uint64_t, double *), uint64_t ns,
		       int runs, const char *target)
{
	double ws[MAX_RUNS], nat[MAX_RUNS], ratio[MAX_RUNS];
	int i;

	for (i = 0; i < runs; i++) {
		/* Alternate which goes first, so neither always has the warm CPU. */
		int first = i % 2;

		if (once(first, ns, first ? &ws[i] : &nat[i]) ||
		    once(!first, ns, first ? &nat[i] : &ws[i]))
			return 1;
		ratio[i] = nat[i] > 0 ? ws[i] / nat[i] : 0;
	}
	printf("   %s\n", label);
	printf("     %-40s %10.0f %s (median)\n", "native", median_of(nat, runs), unit);
	printf("     %-40s %10.0f %s (median)\n", "ws", median_of(ws, runs), unit);
	qsort(ratio, runs, sizeof(*ratio), cmp_double);
	printf("     ratio ws/native: median %.2f (%.2f-%.2f over %d runs)%s\n",
	       median_of(ratio, runs), ratio[0], ratio[runs - 1], runs, target);
	return 0;
}

/**
 * bench_fanout() - section k
 * @ns: length of one run
 * @runs: runs of each line (each measures both sides, back to back)
 *
 * Return: 0, or 1 after printing why.
 */
int bench_fanout(uint64_t ns, int runs)
{
	FILE *fp = fopen(WS_FAMILY_PARAM_PATH, "r");
	int probe;

	if (!fp || fscanf(fp, "%d", &fam) != 1) {
		if (fp)
			fclose(fp);
		return bench_fail("fan-out: %s: no family number", WS_FAMILY_PARAM_PATH);
	}
	fclose(fp);
	probe = rt_socket(RT_ROOT, 0);
	if (probe < 0) {
		printf("   not measured: no rooted multipoint in this module\n");
		return 0;
	}
	close(probe);
	return fanout_line("k1) fan-out of 1 KiB messages to 64 receivers", "msgs/s",
			   fan_once, ns, runs, "; target >= 1.50") ||
	       fanout_line("k2) leaf-initiated join admitted by a condition, one at a time",
			   "joins/s", join_once, ns, runs, "");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * ws_bench, the native side: the same loops with nonblocking Linux TCP
 * sockets and epoll, and the native clients that drive every server loop;
 * the bulk sender every bulk receiver is fed by, and the native bulk
 * receiver (blocking recv); the native system-call counts of section f.
 *
 * Round trip (ping-pong): send on one end; epoll_wait on the other end's
 * epoll set; recv; send back; epoll_wait, recv on the first end. Six system
 * calls, against eight on the Winsock side (wait, enum, recv, send per end).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "bench.h"

/* Time is read once per this many round trips. */
#define CHECK_EVERY	32

static int set_nodelay(int fd)
{
	int one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		return bench_fail("native: TCP_NODELAY: %s", strerror(errno));
	return 0;
}

/* A listening socket on 127.0.0.1, any port; its port in *port_be. */
static int native_listener(uint16_t *port_be)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return bench_fail("native: socket: %s", strerror(errno));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(fd, 4096) ||
	    getsockname(fd, (struct sockaddr *)&sin, &len)) {
		bench_fail("native: listener: %s", strerror(errno));
		close(fd);
		return -1;
	}
	*port_be = sin.sin_port;
	return fd;
}

/* A blocking client socket connected to 127.0.0.1:port. */
static int native_connect(uint16_t port_be)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = port_be,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return bench_fail("native: socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		bench_fail("native: connect: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int native_accept(int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return bench_fail("native: accept: %s", strerror(errno));
	return fd;
}

/* A connected pair, both ends nonblocking with TCP_NODELAY. */
static int native_pair(int fds[2])
{
	uint16_t port;
	int lfd = native_listener(&port);

	fds[0] = fds[1] = -1;
	if (lfd < 0)
		return -1;
	fds[0] = native_connect(port);
	if (fds[0] >= 0)
		fds[1] = native_accept(lfd);
	close(lfd);
	if (fds[1] < 0)
		goto fail;
	for (int i = 0; i < 2; i++) {
		if (set_nodelay(fds[i]))
			goto fail;
		if (fcntl(fds[i], F_SETFL, O_NONBLOCK)) {
			bench_fail("native: O_NONBLOCK: %s", strerror(errno));
			goto fail;
		}
	}
	return 0;
fail:
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return -1;
}

static int epoll_for(int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		return bench_fail("native: epoll_create1: %s", strerror(errno));
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) {
		bench_fail("native: epoll_ctl: %s", strerror(errno));
		close(ep);
		return -1;
	}
	return ep;
}

/* A whole message into an empty send buffer: a short send is a failure. */
static int send_msg(int fd, const char *buf)
{
	ssize_t r = send(fd, buf, BENCH_MSG, MSG_NOSIGNAL);

	if (r == BENCH_MSG)
		return 0;
	if (r < 0)
		return bench_fail("native: send: %s", strerror(errno));
	return bench_fail("native: short send (%zd bytes)", r);
}

/*
 * Reads what is there into buf at *got. Return: 1 when the message is
 * complete, 0 when more is to come, -1 on failure.
 */
static int recv_part(int fd, char *buf, size_t *got)
{
	ssize_t r = recv(fd, buf + *got, BENCH_MSG - *got, 0);

	if (r > 0) {
		*got += (size_t)r;
		return *got == BENCH_MSG;
	}
	if (r == 0)
		return bench_fail("native: peer closed the connection");
	if (errno == EAGAIN || errno == EINTR)
		return 0;
	return bench_fail("native: recv: %s", strerror(errno));
}

/* Wait on @ep until @fd has given a whole message. */
static int native_half(int ep, int fd, char *buf)
{
	struct epoll_event ev;
	size_t got = 0;
	int r;

	do {
		if (epoll_wait(ep, &ev, 1, -1) < 0 && errno != EINTR)
			return bench_fail("native: epoll_wait: %s", strerror(errno));
		r = recv_part(fd, buf, &got);
	} while (r == 0);
	return r < 0 ? -1 : 0;
}

int bench_native_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out)
{
	char buf[BENCH_MSG];
	int fds[2], ep[2] = { -1, -1 }, err = -1;
	uint64_t rounds = 0, t0 = 0, now = 0;

	memset(buf, 'n', sizeof(buf));
	if (native_pair(fds))
		return -1;
	ep[0] = epoll_for(fds[0]);
	ep[1] = epoll_for(fds[1]);
	if (ep[0] < 0 || ep[1] < 0)
		goto out;

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
		if (send_msg(fds[0], buf) || native_half(ep[1], fds[1], buf) ||
		    send_msg(fds[1], buf) || native_half(ep[0], fds[0], buf))
			goto out;
	}
	out->rounds = rounds;
	out->ns = now - t0;
	out->min_conn = out->max_conn = rounds;
	err = 0;
out:
	for (int i = 0; i < 2; i++) {
		if (ep[i] >= 0)
			close(ep[i]);
		close(fds[i]);
	}
	return err;
}

/* --- the clients of the server loops ---------------------------------- */

struct bench_clients {
	int		fd[BENCH_CONNS];
	size_t		got[BENCH_CONNS];
	int		ep;
	int		stop;		/* eventfd: written to stop the thread */
	pthread_t	thread;
	int		started;
	int		err;
};

struct bench_clients *bench_clients_connect(uint16_t port_be)
{
	struct bench_clients *c = calloc(1, sizeof(*c));
	int i;

	if (!c) {
		bench_fail("native: out of memory");
		return NULL;
	}
	c->ep = c->stop = -1;
	for (i = 0; i < BENCH_CONNS; i++)
		c->fd[i] = -1;
	for (i = 0; i < BENCH_CONNS; i++) {
		c->fd[i] = native_connect(port_be);
		if (c->fd[i] < 0 || set_nodelay(c->fd[i]))
			goto fail;
	}
	return c;
fail:
	bench_clients_finish(c);
	return NULL;
}

static void *clients_main(void *arg)
{
	struct bench_clients *c = arg;
	struct epoll_event evs[BENCH_CONNS + 1];
	char buf[BENCH_MSG];
	int i, n, r;

	/* Its name tells it apart in a profile (perf report --comm). */
	prctl(PR_SET_NAME, "bench-clients");
	memset(buf, 'c', sizeof(buf));
	for (i = 0; i < BENCH_CONNS; i++)
		if (send_msg(c->fd[i], buf))
			goto fail;
	for (;;) {
		n = epoll_wait(c->ep, evs, BENCH_CONNS + 1, -1);
		if (n < 0 && errno != EINTR) {
			bench_fail("native: clients: epoll_wait: %s", strerror(errno));
			goto fail;
		}
		for (i = 0; i < n; i++) {
			int k = evs[i].data.u32;

			if (k == BENCH_CONNS)
				return NULL;	/* stopped */
			r = recv_part(c->fd[k], buf, &c->got[k]);
			if (r < 0)
				goto fail;
			if (r == 1) {
				c->got[k] = 0;
				if (send_msg(c->fd[k], buf))
					goto fail;
			}
		}
	}
	return NULL;
fail:
	c->err = -1;
	return NULL;
}

int bench_clients_start(struct bench_clients *c)
{
	int i;

	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = BENCH_CONNS };

	c->ep = epoll_create1(EPOLL_CLOEXEC);
	c->stop = eventfd(0, EFD_CLOEXEC);
	if (c->ep < 0 || c->stop < 0 ||
	    epoll_ctl(c->ep, EPOLL_CTL_ADD, c->stop, &ev))
		return bench_fail("native: clients: %s", strerror(errno));
	for (i = 0; i < BENCH_CONNS; i++) {
		ev.data.u32 = i;
		if (fcntl(c->fd[i], F_SETFL, O_NONBLOCK) ||
		    epoll_ctl(c->ep, EPOLL_CTL_ADD, c->fd[i], &ev))
			return bench_fail("native: clients: %s", strerror(errno));
	}
	errno = pthread_create(&c->thread, NULL, clients_main, c);
	if (errno)
		return bench_fail("native: pthread_create: %s", strerror(errno));
	c->started = 1;
	return 0;
}

int bench_clients_finish(struct bench_clients *c)
{
	int err = 0;

	if (!c)
		return 0;
	if (c->started) {
		uint64_t one = 1;

		if (write(c->stop, &one, sizeof(one)) != sizeof(one)) {
			/* The thread would never end: nothing sane is left. */
			bench_fail("native: clients: stopping: %s", strerror(errno));
			exit(1);
		}
		pthread_join(c->thread, NULL);
		err = c->err;
	}
	for (int i = 0; i < BENCH_CONNS; i++)
		if (c->fd[i] >= 0)
			close(c->fd[i]);
	if (c->ep >= 0)
		close(c->ep);
	if (c->stop >= 0)
		close(c->stop);
	free(c);
	return err;
}

/* --- the native server loop ------------------------------------------- */

/*
 * One epoll_wait for up to BENCH_CONNS ready connections, then a recv and a
 * send back on each: the usual epoll server.
 */
int bench_native_server(uint64_t ns, struct bench_run *out)
{
	struct epoll_event evs[BENCH_CONNS];
	uint64_t count[BENCH_CONNS] = { 0 }, total = 0, t0, now;
	size_t got[BENCH_CONNS] = { 0 };
	struct bench_clients *c = NULL;
	int fd[BENCH_CONNS], lfd, ep = -1, err = -1, measuring = 0, i, n, r;
	char buf[BENCH_MSG];
	uint16_t port;

	for (i = 0; i < BENCH_CONNS; i++)
		fd[i] = -1;
	lfd = native_listener(&port);
	if (lfd < 0)
		return -1;
	c = bench_clients_connect(port);
	if (!c)
		goto out;
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0) {
		bench_fail("native: epoll_create1: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < BENCH_CONNS; i++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };

		fd[i] = native_accept(lfd);
		if (fd[i] < 0 || set_nodelay(fd[i]))
			goto out;
		if (fcntl(fd[i], F_SETFL, O_NONBLOCK) ||
		    epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &ev)) {
			bench_fail("native: server: %s", strerror(errno));
			goto out;
		}
	}
	if (bench_clients_start(c))
		goto out;

	t0 = now = bench_now_ns();
	while (!measuring || now - t0 < ns) {
		n = epoll_wait(ep, evs, BENCH_CONNS, 2000);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			bench_fail("native: server: epoll_wait: %s",
				   n ? strerror(errno) : "nothing for 2 s");
			goto out;
		}
		for (i = 0; i < n; i++) {
			int k = evs[i].data.u32;

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
	for (i = 0; i < BENCH_CONNS; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	if (ep >= 0)
		close(ep);
	close(lfd);
	return err;
}

/* --- the native servers with worker threads (section g) ------------------ */

struct native_mt {
	struct bench_mt	m;
	int		fd[BENCH_CONNS];
	size_t		got[BENCH_CONNS];
	char		buf[BENCH_CONNS][BENCH_MSG];
	/* Shared set only: one worker at a time in a connection's state. */
	pthread_mutex_t	lock[BENCH_CONNS];
	int		ep[BENCH_WORKERS];	/* per worker; or ep[0] for both */
	int		stop;			/* eventfd, in every set */
	int		shared;
};

struct native_worker {
	struct native_mt *t;
	int		i;
};

/*
 * A connection readable: read what is there and, once the message is
 * whole, send it back. With a set per worker only this worker serves the
 * connection. The shared set is edge-triggered: an edge is reported to one
 * waiter, and the next comes only with new data, which the client sends
 * only after the echo, or with the rest of a message a short read left
 * behind; for that case the connection's state is locked (never contended
 * otherwise, so no system call).
 */
static int native_mt_serve(struct native_mt *t, struct bench_worker *w, int k)
{
	int r;

	if (t->shared)
		pthread_mutex_lock(&t->lock[k]);
	r = recv_part(t->fd[k], t->buf[k], &t->got[k]);
	bench_mt_add(&w->io, 1);
	if (r == 1) {
		t->got[k] = 0;
		r = send_msg(t->fd[k], t->buf[k]) ? -1 : 1;
		bench_mt_add(&w->io, 1);
	}
	if (t->shared)
		pthread_mutex_unlock(&t->lock[k]);
	if (r == 1)
		bench_mt_request(w, k);
	return r < 0 ? -1 : 0;
}

static void *native_mt_worker(void *arg)
{
	struct native_worker *nw = arg;
	struct native_mt *t = nw->t;
	struct bench_worker *w = &t->m.w[nw->i];
	struct epoll_event evs[BENCH_CONNS];
	int ep = t->ep[t->shared ? 0 : nw->i], i, n;

	if (bench_mt_worker_start(&t->m, nw->i))
		goto fail;
	for (;;) {
		n = epoll_wait(ep, evs, BENCH_CONNS, -1);
		bench_mt_add(&w->waits, 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			bench_fail("native: worker: epoll_wait: %s", strerror(errno));
			goto fail;
		}
		bench_mt_add(&w->items, n);
		for (i = 0; i < n; i++) {
			int k = evs[i].data.u32;

			if (k == BENCH_CONNS)
				return NULL;	/* stopped */
			if (native_mt_serve(t, w, k))
				goto fail;
		}
	}
fail:
	__atomic_store_n(&w->err, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * BENCH_WORKERS threads serving the clients: with @shared, all waiting on
 * one edge-triggered epoll set of every connection; without, each on its
 * own level-triggered set of its share of them (connection k: worker
 * k % BENCH_WORKERS), the usual layout of a multi-threaded epoll server.
 */
static int native_mt_run(uint64_t ns, int count_sc, int shared, struct bench_run *out)
{
	struct native_worker nw[BENCH_WORKERS];
	pthread_t thr[BENCH_WORKERS];
	struct bench_clients *c = NULL;
	struct native_mt *t;
	int lfd, err = -1, started = 0, i;
	uint16_t port;

	t = calloc(1, sizeof(*t));
	if (!t)
		return bench_fail("native: out of memory");
	bench_mt_init(&t->m, count_sc);
	t->shared = shared;
	t->stop = -1;
	for (i = 0; i < BENCH_CONNS; i++) {
		t->fd[i] = -1;
		pthread_mutex_init(&t->lock[i], NULL);
	}
	for (i = 0; i < BENCH_WORKERS; i++)
		t->ep[i] = -1;
	lfd = native_listener(&port);
	if (lfd < 0)
		goto out;
	c = bench_clients_connect(port);
	if (!c)
		goto out;
	t->stop = eventfd(0, EFD_CLOEXEC);
	if (t->stop < 0) {
		bench_fail("native: eventfd: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < (shared ? 1 : BENCH_WORKERS); i++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = BENCH_CONNS };

		t->ep[i] = epoll_create1(EPOLL_CLOEXEC);
		if (t->ep[i] < 0 || epoll_ctl(t->ep[i], EPOLL_CTL_ADD, t->stop, &ev)) {
			bench_fail("native: epoll: %s", strerror(errno));
			goto out;
		}
	}
	for (i = 0; i < BENCH_CONNS; i++) {
		struct epoll_event ev = {
			.events = EPOLLIN | (shared ? EPOLLET : 0), .data.u32 = i
		};

		t->fd[i] = native_accept(lfd);
		if (t->fd[i] < 0 || set_nodelay(t->fd[i]))
			goto out;
		if (fcntl(t->fd[i], F_SETFL, O_NONBLOCK) ||
		    epoll_ctl(t->ep[shared ? 0 : i % BENCH_WORKERS], EPOLL_CTL_ADD,
			      t->fd[i], &ev)) {
			bench_fail("native: server: %s", strerror(errno));
			goto out;
		}
	}
	for (; started < BENCH_WORKERS; started++) {
		nw[started].t = t;
		nw[started].i = started;
		errno = pthread_create(&thr[started], NULL, native_mt_worker, &nw[started]);
		if (errno) {
			bench_fail("native: pthread_create: %s", strerror(errno));
			goto out;
		}
	}
	if (bench_clients_start(c))
		goto out;
	err = bench_mt_measure(&t->m, ns, out);
out:
	if (started) {
		uint64_t one = 1;

		/* Level-triggered: wakes every worker, in either layout. */
		if (write(t->stop, &one, sizeof(one)) != sizeof(one)) {
			bench_fail("native: stopping the workers: %s", strerror(errno));
			exit(1);
		}
		for (i = 0; i < started; i++)
			pthread_join(thr[i], NULL);
	}
	if (bench_mt_failed(&t->m))
		err = -1;
	bench_mt_close(&t->m);
	if (bench_clients_finish(c))
		err = -1;
	for (i = 0; i < BENCH_CONNS; i++) {
		if (t->fd[i] >= 0)
			close(t->fd[i]);
		pthread_mutex_destroy(&t->lock[i]);
	}
	for (i = 0; i < BENCH_WORKERS; i++)
		if (t->ep[i] >= 0)
			close(t->ep[i]);
	if (t->stop >= 0)
		close(t->stop);
	if (lfd >= 0)
		close(lfd);
	free(t);
	return err;
}

int bench_native_mt_server(uint64_t ns, int count_sc, struct bench_run *out)
{
	return native_mt_run(ns, count_sc, 0, out);
}

int bench_native_mt_shared_server(uint64_t ns, int count_sc, struct bench_run *out)
{
	return native_mt_run(ns, count_sc, 1, out);
}

/* --- kernel memory ----------------------------------------------------- */

struct native_mem {
	unsigned int	n;
	int		fd[];
};

void *bench_native_mem_open(unsigned int n)
{
	struct native_mem *m = malloc(sizeof(*m) + 2 * n * sizeof(int));
	uint16_t port;
	int lfd;

	if (!m) {
		bench_fail("native: out of memory");
		return NULL;
	}
	m->n = 0;
	lfd = native_listener(&port);
	if (lfd < 0)
		goto fail;
	for (; m->n < n; m->n++) {
		int *p = &m->fd[2 * m->n];

		p[0] = native_connect(port);
		if (p[0] < 0)
			break;
		p[1] = native_accept(lfd);
		if (p[1] < 0) {
			close(p[0]);
			break;
		}
	}
	close(lfd);
	if (m->n == n)
		return m;
fail:
	bench_native_mem_close(m);
	return NULL;
}

/* Closed with a reset (SO_LINGER 0): no TIME_WAIT left behind. */
void bench_native_mem_close(void *handle)
{
	struct native_mem *m = handle;
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	for (unsigned int i = 0; i < 2 * m->n; i++) {
		setsockopt(m->fd[i], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(m->fd[i]);
	}
	free(m);
}

/* --- bulk transfer ------------------------------------------------------ */

struct bench_sender {
	int		fd;
	pthread_t	thread;
	int		started;
	int		stop;		/* set (atomically) to stop the thread */
	int		err;
};

struct bench_sender *bench_sender_connect(uint16_t port_be)
{
	struct bench_sender *snd = calloc(1, sizeof(*snd));

	if (!snd) {
		bench_fail("native: out of memory");
		return NULL;
	}
	snd->fd = native_connect(port_be);
	if (snd->fd < 0) {
		free(snd);
		return NULL;
	}
	return snd;
}

static void *sender_main(void *arg)
{
	struct bench_sender *snd = arg;
	char *buf = malloc(BENCH_BULK_CHUNK);
	ssize_t r;

	if (!buf) {
		bench_fail("native: sender: out of memory");
		snd->err = -1;
		return NULL;
	}
	memset(buf, 's', BENCH_BULK_CHUNK);
	while (!__atomic_load_n(&snd->stop, __ATOMIC_ACQUIRE)) {
		r = send(snd->fd, buf, BENCH_BULK_CHUNK, MSG_NOSIGNAL);
		if (r >= 0 || errno == EINTR)
			continue;
		/* Stopping shuts the socket down under a blocked send. */
		if (!__atomic_load_n(&snd->stop, __ATOMIC_ACQUIRE)) {
			bench_fail("native: sender: send: %s", strerror(errno));
			snd->err = -1;
		}
		break;
	}
	free(buf);
	return NULL;
}

int bench_sender_start(struct bench_sender *snd)
{
	errno = pthread_create(&snd->thread, NULL, sender_main, snd);
	if (errno)
		return bench_fail("native: pthread_create: %s", strerror(errno));
	snd->started = 1;
	return 0;
}

int bench_sender_finish(struct bench_sender *snd)
{
	int err = 0;

	if (!snd)
		return 0;
	if (snd->started) {
		__atomic_store_n(&snd->stop, 1, __ATOMIC_RELEASE);
		/* Wakes a send blocked on a full buffer (EPIPE). */
		shutdown(snd->fd, SHUT_RDWR);
		pthread_join(snd->thread, NULL);
		err = snd->err;
	}
	close(snd->fd);
	free(snd);
	return err;
}

/* The native receiver: blocking recv of BENCH_BULK_CHUNK bytes at a time. */
int bench_native_bulk(uint64_t ns, struct bench_run *out)
{
	struct bench_sender *snd = NULL;
	uint64_t bytes = 0, t0 = 0, now = 0;
	int lfd, fd = -1, err = -1, measuring = 0;
	uint16_t port;
	char *buf;
	ssize_t r;

	buf = malloc(BENCH_BULK_CHUNK);
	if (!buf)
		return bench_fail("native: out of memory");
	memset(buf, 0, BENCH_BULK_CHUNK);
	lfd = native_listener(&port);
	if (lfd < 0)
		goto out;
	snd = bench_sender_connect(port);
	if (!snd)
		goto out;
	fd = native_accept(lfd);
	if (fd < 0 || bench_sender_start(snd))
		goto out;

	for (;;) {
		r = recv(fd, buf, BENCH_BULK_CHUNK, 0);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			bench_fail("native: bulk: recv: %s",
				   r ? strerror(errno) : "the sender closed");
			goto out;
		}
		bytes += (uint64_t)r;
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
	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
	free(buf);
	return err;
}

/* --- system calls per operation ---------------------------------------- */

struct native_sc {
	int		fds[2];		/* a connected pair, nonblocking */
	int		ep_in;		/* fds[0] for EPOLLIN */
	int		ep_out;		/* fds[0] for EPOLLOUT */
	char		*big;		/* BENCH_BULK_CHUNK bytes */
};

/* The peer's part of a "data later" receive, from bench_later's thread. */
static int sc_send_later(void *arg)
{
	struct native_sc *sc = arg;
	char msg[BENCH_MSG];

	memset(msg, 'p', sizeof(msg));
	return send_msg(sc->fds[1], msg);
}

/* Read what fds[1] has until it has had nothing for two milliseconds. */
static int sc_drain(void *arg)
{
	struct native_sc *sc = arg;
	int idle = 0;

	while (idle < 2) {
		if (recv(sc->fds[1], sc->big, BENCH_BULK_CHUNK, 0) > 0) {
			idle = 0;
			continue;
		}
		if (errno != EAGAIN && errno != EINTR)
			return bench_fail("native: peer: recv: %s", strerror(errno));
		idle++;
		usleep(1000);
	}
	return 0;
}

/* Fill fds[0]'s send buffer and the peer's receive buffer. */
static int sc_fill(struct native_sc *sc)
{
	char msg[BENCH_MSG] = "";

	while (send(sc->fds[0], sc->big, BENCH_BULK_CHUNK, MSG_NOSIGNAL) > 0)
		;
	while (send(sc->fds[0], msg, sizeof(msg), MSG_NOSIGNAL) > 0)
		;
	if (errno != EAGAIN)
		return bench_fail("native: filling: send: %s", strerror(errno));
	return 0;
}

/* A whole message on the nonblocking @fd, waiting for it with poll. */
static int peer_recv(int fd, char *buf)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0;
	int r;

	do {
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return bench_fail("native: poll: %s", strerror(errno));
		r = recv_part(fd, buf, &got);
	} while (r == 0);
	return r < 0 ? -1 : 0;
}

/* Until @fd is readable. */
static int sc_readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (poll(&p, 1, -1) < 0)
		if (errno != EINTR)
			return bench_fail("native: poll: %s", strerror(errno));
	return 0;
}

static int sc_wait(int ep)
{
	struct epoll_event ev;

	while (epoll_wait(ep, &ev, 1, -1) < 0)
		if (errno != EINTR)
			return bench_fail("native: epoll_wait: %s", strerror(errno));
	return 0;
}

/*
 * The native counterparts of the overlapped operations: a nonblocking recv
 * or send that succeeds at once, and one that fails with EAGAIN and is
 * made again after epoll_wait says the socket is ready (an epoll set per
 * direction, made beforehand). Lines: see struct bench_sc_line.
 */
int bench_native_syscalls(unsigned int ops, struct bench_sc_line *lines, int max)
{
	struct native_sc sc = { .fds = { -1, -1 }, .ep_in = -1, .ep_out = -1 };
	struct epoll_event out_ev = { .events = EPOLLOUT };
	char msg[BENCH_MSG];
	int err = -1, small = 4096;
	uint64_t c;
	ssize_t r;

	if (max < 4)
		return bench_fail("native: syscalls: room for 4 lines needed");
	memset(lines, 0, 4 * sizeof(*lines));
	lines[0].op = "recv, data already there";
	lines[0].collect = "(the call's result)";
	lines[1].op = "recv before the data: EAGAIN";
	lines[1].collect = "epoll_wait, recv";
	lines[2].op = "send, room in the buffer";
	lines[2].collect = "(the call's result)";
	lines[3].op = "send, buffer full: EAGAIN";
	lines[3].collect = "epoll_wait (EPOLLOUT), send";
	for (int i = 0; i < 4; i++)
		lines[i].ops = ops;

	memset(msg, 'n', sizeof(msg));
	sc.big = malloc(BENCH_BULK_CHUNK);
	if (!sc.big)
		return bench_fail("native: out of memory");
	memset(sc.big, 'b', BENCH_BULK_CHUNK);
	if (native_pair(sc.fds))
		goto out;
	/*
	 * A small send buffer: filling it for the last line is quicker. (Not
	 * a small receive buffer: with less room than loopback's MSS the
	 * receiver never opens its window again, and the sender waits for
	 * its persist timer.)
	 */
	if (setsockopt(sc.fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small))) {
		bench_fail("native: SO_SNDBUF: %s", strerror(errno));
		goto out;
	}
	sc.ep_in = epoll_for(sc.fds[0]);
	if (sc.ep_in < 0)
		goto out;
	sc.ep_out = epoll_create1(EPOLL_CLOEXEC);
	out_ev.data.fd = sc.fds[0];
	if (sc.ep_out < 0 || epoll_ctl(sc.ep_out, EPOLL_CTL_ADD, sc.fds[0], &out_ev)) {
		bench_fail("native: epoll: %s", strerror(errno));
		goto out;
	}

	for (unsigned int i = 0; i < ops; i++) {
		size_t got = 0;
		int part;

		/* 0: recv with the data there. */
		if (send_msg(sc.fds[1], msg) || sc_readable(sc.fds[0]))
			goto out;
		c = bench_sc_begin();
		r = recv(sc.fds[0], msg, sizeof(msg), 0);
		lines[0].submit += bench_sc_end(c);
		if (r != sizeof(msg)) {
			bench_fail("native: recv: %zd (%s)", r, strerror(errno));
			goto out;
		}

		/* 1: recv before the data, which the peer sends from another thread. */
		c = bench_sc_begin();
		r = recv(sc.fds[0], msg, sizeof(msg), 0);
		lines[1].submit += bench_sc_end(c);
		if (r >= 0 || errno != EAGAIN) {
			bench_fail("native: recv did not fail with EAGAIN: %zd", r);
			goto out;
		}
		if (bench_later(sc_send_later, &sc))
			goto out;
		c = bench_sc_begin();
		do
			part = sc_wait(sc.ep_in) ? -1 : recv_part(sc.fds[0], msg, &got);
		while (part == 0);
		lines[1].complete += bench_sc_end(c);
		if (bench_later_done() || part < 0)
			goto out;

		/* 2: send with room. */
		c = bench_sc_begin();
		r = send(sc.fds[0], msg, sizeof(msg), MSG_NOSIGNAL);
		lines[2].submit += bench_sc_end(c);
		if (r != sizeof(msg)) {
			bench_fail("native: send: %zd (%s)", r, strerror(errno));
			goto out;
		}
		if (peer_recv(sc.fds[1], msg))
			goto out;

		/* 3: send with the buffer full; the peer drains it meanwhile. */
		if (sc_fill(&sc))
			goto out;
		c = bench_sc_begin();
		r = send(sc.fds[0], msg, sizeof(msg), MSG_NOSIGNAL);
		lines[3].submit += bench_sc_end(c);
		if (r >= 0 || errno != EAGAIN) {
			bench_fail("native: send did not fail with EAGAIN: %zd", r);
			goto out;
		}
		if (bench_later(sc_drain, &sc))
			goto out;
		c = bench_sc_begin();
		r = sc_wait(sc.ep_out) ? -1 : send(sc.fds[0], msg, sizeof(msg), MSG_NOSIGNAL);
		lines[3].complete += bench_sc_end(c);
		if (bench_later_done())
			goto out;
		if (r != sizeof(msg)) {
			bench_fail("native: send after EPOLLOUT: %zd (%s)", r, strerror(errno));
			goto out;
		}
		/* What went after the drain, and the message. */
		if (sc_drain(&sc))
			goto out;
	}
	err = 4;
out:
	for (int i = 0; i < 2; i++)
		if (sc.fds[i] >= 0)
			close(sc.fds[i]);
	if (sc.ep_in >= 0)
		close(sc.ep_in);
	if (sc.ep_out >= 0)
		close(sc.ep_out);
	free(sc.big);
	return err;
}

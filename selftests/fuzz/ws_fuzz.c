// SPDX-License-Identifier: GPL-2.0
/*
 * ws_fuzz: a structure-aware fuzzer of the ws socket family and /dev/ws.
 *
 * It drives the raw kernel ABI of uapi/linux/ws.h (no libws): random
 * sequences of socket calls on the ws family, setsockopt/getsockopt with
 * Winsock and random levels and names, every socket ioctl, the /dev/ws
 * objects (events, waits, APCs, message queues) and closes, with valid and
 * invalid arguments (bad pointers, huge counts, nonzero padding), from
 * several threads in several processes, one of which may run as uid 65534
 * and one in a network namespace of its own.
 *
 * Overlapped I/O and completion ports get a large share: random
 * WS_IOC_SUBMIT of every operation (receives, sends, completions,
 * TransmitFile, AcceptEx, ConnectEx) with random notification (events,
 * completion routines, ports), cancels (by OVERLAPPED, per thread, drops),
 * waits and takes; AcceptEx and ConnectEx as libws carries them out
 * (registered, armed by accept(2)/connect(2), then taken, waited for,
 * cancelled or closed); pairs with many operations pending on both ends,
 * associated with a port, whose ends, port and memory then go away in a
 * random order; ports created, associated, posted to, waited on (also
 * alertably) and closed under waiters. The operations' memory is an arena
 * of the process that the fuzzer never touches itself (the kernel writes
 * results there whenever an operation completes), and whose pages are
 * unmapped and replaced under pending operations.
 *
 * Errors are expected and never fail the run. It fails when
 *  - a call does not return within the hang bound (-H) although the thread
 *    was sent a signal every -w seconds (all blocking calls of the ABI are
 *    interruptible), or a thread died inside a call;
 *  - a process crashed (was killed by a signal);
 *  - the kernel log gets a report (KASAN, lockdep, WARNING, BUG, soft lockup,
 *    hung task, Oops), read live from /dev/kmsg when that is readable.
 * On a failure it prints the last operations of every thread.
 *
 * Process model: the supervisor (the process started) forks the worker
 * processes and watches them; it never calls into ws itself. Each worker
 * runs -j threads over one table of objects (fds), so threads race on the
 * same sockets, events and queues; a worker also forks short-lived children
 * that use the inherited objects. The operation logs, counters and the
 * "current call" of every thread live in a MAP_SHARED region that the
 * supervisor reads.
 *
 * Reproducing: every thread draws from its own generator seeded from -s and
 * its process and thread numbers, so a seed gives the same calls as long as
 * the kernel answers them the same way (results and readiness steer what
 * comes next). With -p 1 -j 1 -K that is usually the case; with more threads
 * the interleaving differs from run to run, and a seed reproduces the mix of
 * calls, not the exact race. -n bounds the calls of each thread.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <linux/sockios.h>
#include <linux/ws.h>

#define MAX_PROCS	8
#define MAX_THREADS	8
#define NSLOTS		160	/* log rings: worker threads, helpers, children */
#define NKIDS		8	/* fork children a worker process keeps track of */
#define RING		64	/* entries per ring */
#define LINE		200
#define POOL		48	/* objects per worker process */
#define NPORTS		12
#define MAX_TIDS	64
#define BUFSZ		(64 * 1024)
#define ARENA_PAGES	32		/* overlapped I/O memory per process */
#define ARENA		(ARENA_PAGES * 4096)

/* ------------------------------------------------------------ the ops */

#define OPS(X)								\
	X(socket) X(pair) X(bind) X(connect) X(listen) X(accept)	\
	X(send) X(sendmsg) X(sendmmsg) X(write) X(recv) X(recvmsg)	\
	X(recvmmsg) X(read) X(shutdown) X(setsockopt) X(getsockopt)	\
	X(getname) X(sock_ioctl) X(event_select) X(async_select)	\
	X(enum_events) X(poll) X(epoll) X(dev_open) X(create_event)	\
	X(create_msgq) X(event_ioctl) X(wait) X(wsapoll) X(queue_apc)	\
	X(cond_accept) X(duplicate) X(claim)				\
	X(dequeue_apc) X(msgq_post) X(msgq_get) X(msgq_flood)		\
	X(dev_ioctl) X(close) X(dup) X(fcntl) X(splice)			\
	X(close_blocked) X(fork) X(reap)				\
	X(ov_submit) X(ov_cancel) X(ov_wait) X(accept_take)		\
	X(acceptex) X(connectex) X(ov_storm) X(remap)			\
	X(port_create) X(associate) X(notify_modes) X(port_post)	\
	X(port_wait) X(port_close) X(rooted)

#define X_ENUM(n) OP_##n,
enum { OPS(X_ENUM) NOPS };
#define X_NAME(n) #n,
static const char *const op_names[NOPS] = { OPS(X_NAME) };

/* Relative frequencies. */
static const unsigned int op_weight[NOPS] = {
	[OP_socket] = 8, [OP_pair] = 4, [OP_bind] = 7, [OP_connect] = 7,
	[OP_listen] = 4, [OP_accept] = 4, [OP_send] = 6, [OP_sendmsg] = 4,
	[OP_sendmmsg] = 1, [OP_write] = 2, [OP_recv] = 6, [OP_recvmsg] = 4,
	[OP_recvmmsg] = 1, [OP_read] = 2, [OP_shutdown] = 3,
	[OP_setsockopt] = 10, [OP_getsockopt] = 6, [OP_getname] = 3,
	[OP_sock_ioctl] = 8, [OP_event_select] = 5, [OP_async_select] = 4,
	[OP_enum_events] = 5, [OP_poll] = 3, [OP_epoll] = 3,
	[OP_dev_open] = 1, [OP_create_event] = 4, [OP_create_msgq] = 2,
	[OP_event_ioctl] = 6, [OP_wait] = 6, [OP_wsapoll] = 4,
	[OP_cond_accept] = 4, [OP_duplicate] = 3, [OP_claim] = 3,
	[OP_queue_apc] = 3,
	[OP_dequeue_apc] = 3, [OP_msgq_post] = 4, [OP_msgq_get] = 4,
	[OP_msgq_flood] = 0, /* drawn by hand, rarely */
	[OP_dev_ioctl] = 2, [OP_close] = 7, [OP_dup] = 2, [OP_fcntl] = 2,
	[OP_splice] = 1, [OP_close_blocked] = 3, [OP_fork] = 0, [OP_reap] = 0,
	/* overlapped I/O and completion ports: the newest code, a large share */
	[OP_ov_submit] = 14, [OP_ov_cancel] = 5, [OP_ov_wait] = 3,
	[OP_accept_take] = 2, [OP_acceptex] = 5, [OP_connectex] = 4,
	[OP_ov_storm] = 4, [OP_remap] = 1, [OP_port_create] = 3,
	[OP_associate] = 4, [OP_notify_modes] = 1, [OP_port_post] = 3,
	[OP_port_wait] = 5, [OP_port_close] = 1,
	/* rooted multipoint (SOCK_SEQPACKET): sessions, joins, verdicts */
	[OP_rooted] = 6,
};

/* ------------------------------------------------------- shared state */

struct ring_entry {
	uint64_t	t;	/* ns since the start */
	char		text[LINE + 48];
};

struct slot {
	_Atomic uint64_t	op_start;	/* ns since start + 1; 0: idle */
	_Atomic uint64_t	last_signal;
	_Atomic int		pid, tid;
	_Atomic int		used;
	_Atomic int		dead;		/* the thread exited normally */
	_Atomic int		busy;		/* taken by a thread */
	_Atomic uint64_t	fail_off;	/* -F: injection paused for this call */
	_Atomic int		armed;		/* -F: make-it-fail set */
	_Atomic uint32_t	head;
	char			name[40];
	struct ring_entry	ring[RING];
};

struct shared {
	_Atomic int		stop;
	_Atomic int		failed;
	_Atomic uint64_t	calls[NOPS], oks[NOPS], errs[NOPS];
	_Atomic uint64_t	forks, helpers, reaped, signals;
	_Atomic uint64_t	lost_frames;	/* -F: signal frames lost to faults */
	struct slot		slots[NSLOTS];
};

static struct shared *sh;

/* --------------------------------------------------------------- config */

static uint64_t opt_seed;
static unsigned int opt_time = 60;
static unsigned int opt_procs = 3;
static unsigned int opt_threads = 4;
static uint64_t opt_ops;		/* per thread; 0: unbounded */
static unsigned int opt_soft = 2;	/* seconds before a call is signalled */
static unsigned int opt_hard = 60;	/* seconds before a call is a hang */
static unsigned int opt_log = 32;	/* entries printed per thread */
static bool opt_uid = true;		/* one worker as uid 65534 */
static bool opt_netns = true;		/* one worker in its own netns */
static bool opt_fault;			/* make-it-fail in worker threads */
static bool opt_verbose;
static bool opt_keep_going;		/* on a kernel report */
static bool opt_fork = true;
static bool opt_no_rebind;		/* bind each socket at most once */
static bool opt_cancel_close;		/* cancel overlapped operations before a close */
static int opt_port = 40000;
static int family;
static uint64_t t0;

static uint64_t now_ns(void)
{
	struct timespec ts = { 0, 0 };
	int i;

	/* Without a vDSO clock this is a syscall, and injected faults hit it. */
	for (i = 0; i < 100 && clock_gettime(CLOCK_MONOTONIC, &ts); i++)
		;
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static uint64_t since(void)
{
	return now_ns() - t0;
}

/* ------------------------------------------------------------ the rng */

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* ------------------------------------------------------- worker state */

enum kind { K_NONE, K_SOCK, K_DEV, K_EVENT, K_MSGQ, K_EPOLL, K_PORT, K_NKINDS };
static const char *const kind_names[] = { "-", "sock", "dev", "event", "msgq", "epoll", "port" };

/* One object: fd | kind << 32 | type << 40 | af << 48, read and swapped whole. */
typedef uint64_t objword;

static objword obj_make(int fd, int kind, int type, int af)
{
	return (uint32_t)fd | (uint64_t)kind << 32 | (uint64_t)(type & 0xff) << 40 |
	       (uint64_t)(af & 0xff) << 48;
}

static int obj_fd(objword o) { return (int)(uint32_t)o; }
static int obj_kind(objword o) { return (o >> 32) & 0xff; }
static int obj_type(objword o) { return (o >> 40) & 0xff; }
static int obj_af(objword o) { return (o >> 48) & 0xff; }

struct proc {
	int		index;
	bool		unpriv;
	bool		netns;
	int		dev_fd;		/* /dev/ws opened at start, or -1 */
	int		first_fd;	/* fds below are the process's own */
	int		memfd;
	_Atomic objword	pool[POOL];
	_Atomic int	tids[MAX_TIDS];	/* live and exited threads */
	_Atomic unsigned int ntids;
	_Atomic int	children;
	_Atomic pid_t	kids[NKIDS];	/* their pids, for the final SIGKILL */
	_Atomic unsigned char bound[1024];	/* by fd, for -R */
	pthread_rwlock_t create_lock;	/* reap vs fd creation */
	char		*bad_none;	/* PROT_NONE page */
	char		*bad_ro;	/* read-only page of random bytes */
	char		*edge;		/* RW page followed by a PROT_NONE one */
	/*
	 * Overlapped operations write their results (OVERLAPPED, buffers,
	 * addresses) whenever they complete: every pointer the fuzzer gives
	 * them is into this arena (or a bad one), which it never reads or
	 * writes itself, so late writes cannot corrupt it. Pages of it are
	 * unmapped and replaced under pending operations (op_remap), so only
	 * the kernel may touch it. (What the kernel reads at submission only,
	 * a WSABUF array, a destination, is in the thread's buffer.)
	 */
	char		*arena;		/* ARENA_PAGES, then a PROT_NONE page */
	_Atomic uint64_t recent_ov[32];	/* OVERLAPPEDs submitted lately */
	_Atomic unsigned int nrecent;
};

struct ctx {
	struct proc	*p;
	struct slot	*slot;
	uint64_t	rng;
	uint64_t	nops;
	unsigned int	focus;		/* pool index used last */
	int		thread;
	char		*buf;		/* BUFSZ, random */
	char		*buf2;
	int		pipe[2];	/* this thread's, for splice; -1: none */
	char		desc[LINE];
	int		dlen;
};

static struct proc proc;	/* this worker process */

static uint64_t rnd64(struct ctx *c)
{
	return splitmix(&c->rng);
}

static uint32_t rnd(struct ctx *c, uint32_t n)
{
	return n ? (uint32_t)(rnd64(c) % n) : 0;
}

static bool one_in(struct ctx *c, uint32_t n)
{
	return rnd(c, n) == 0;
}

static bool pct(struct ctx *c, uint32_t p)
{
	return rnd(c, 100) < p;
}

/* --------------------------------------------------------- op logging */

/*
 * A log slot: worker thread T of process P has slot P * MAX_THREADS + T;
 * helper threads and fork children take a free one of the others, and
 * give it back when they end (its log stays until it is taken again).
 */
static struct slot *slot_get(int fixed, const char *fmt, ...)
{
	struct slot *s = NULL;
	va_list ap;
	int i;

	if (fixed >= 0) {
		s = &sh->slots[fixed];
	} else {
		for (i = MAX_PROCS * MAX_THREADS; i < NSLOTS && !s; i++) {
			int zero = 0;

			if (atomic_compare_exchange_strong(&sh->slots[i].busy, &zero, 1))
				s = &sh->slots[i];
		}
		if (!s)
			return NULL;
	}
	atomic_store(&s->busy, 1);
	atomic_store(&s->fail_off, 0);
	atomic_store(&s->armed, fixed < 0);	/* helpers, children inherit it */
	atomic_store(&s->op_start, 0);
	atomic_store(&s->head, 0);
	atomic_store(&s->dead, 0);
	atomic_store(&s->pid, getpid());
	atomic_store(&s->tid, gettid());
	va_start(ap, fmt);
	vsnprintf(s->name, sizeof(s->name), fmt, ap);
	va_end(ap);
	atomic_store(&s->used, 1);
	return s;
}

/* The slot's thread is done: no more calls to watch. */
static void slot_put(struct slot *s)
{
	atomic_store(&s->dead, 1);
	atomic_store(&s->busy, 0);
}

/* Start describing a call. */
static void d_start(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	c->dlen = vsnprintf(c->desc, sizeof(c->desc), fmt, ap);
	va_end(ap);
	if (c->dlen >= (int)sizeof(c->desc))
		c->dlen = sizeof(c->desc) - 1;
}

static struct ring_entry *cur_entry(struct slot *s)
{
	return &s->ring[(atomic_load(&s->head) + RING - 1) % RING];
}

/* The call described so far is about to be made. */
static void begin(struct ctx *c, int op)
{
	struct slot *s = c->slot;
	struct ring_entry *e = &s->ring[atomic_load(&s->head) % RING];

	e->t = since();
	snprintf(e->text, sizeof(e->text), "%s ...", c->desc);
	atomic_fetch_add(&s->head, 1);
	atomic_fetch_add(&sh->calls[op], 1);
	atomic_store(&s->op_start, e->t + 1);
}

/* The call returned @ret (with errno if negative). */
static long end(struct ctx *c, int op, long ret)
{
	int err = errno;
	struct slot *s = c->slot;
	struct ring_entry *e = cur_entry(s);

	atomic_store(&s->op_start, 0);
	if (ret < 0) {
		atomic_fetch_add(&sh->errs[op], 1);
		snprintf(e->text, sizeof(e->text), "%s = -1 %s", c->desc,
			 strerrorname_np(err) ?: "?");
	} else {
		atomic_fetch_add(&sh->oks[op], 1);
		snprintf(e->text, sizeof(e->text), "%s = %ld", c->desc, ret);
	}
	if (opt_verbose)
		printf("[%s] %s\n", s->name, e->text);
	errno = err;
	return ret;
}

/* Run EXPR as one logged call of op OP, described by the d_* calls before. */
#define CALL(c, op, expr) ({ long __r; begin(c, op); __r = (long)(expr); end(c, op, __r); })

/* --------------------------------------------------------- the pool */

/*
 * An object of @kind (any if < 0) from the pool. Often the one the thread
 * used last, so that calls on one object follow each other (bind, connect,
 * bind again, ...).
 */
static objword pick(struct ctx *c, int kind)
{
	unsigned int i, start = rnd(c, POOL);

	if (c->focus < POOL && pct(c, 45)) {
		objword o = atomic_load(&c->p->pool[c->focus]);

		if (obj_kind(o) != K_NONE && (kind < 0 || obj_kind(o) == kind))
			return o;
	}

	for (i = 0; i < POOL; i++) {
		objword o = atomic_load(&c->p->pool[(start + i) % POOL]);

		if (obj_kind(o) != K_NONE && (kind < 0 || obj_kind(o) == kind)) {
			if (kind == K_SOCK || pct(c, 30))
				c->focus = (start + i) % POOL;
			return o;
		}
	}
	return obj_make(-1, K_NONE, 0, 0);
}

/* A fd for an argument: mostly one of @kind, sometimes anything. */
static int pick_fd(struct ctx *c, int kind, objword *out)
{
	objword o;

	switch (rnd(c, 20)) {
	case 0:
		o = obj_make(rnd(c, 3) ? -1 : (int)rnd64(c), K_NONE, 0, 0);
		break;
	case 1:
		o = obj_make(0, K_NONE, 0, 0);	/* stdin: /dev/null */
		break;
	case 2:
	case 3:
		o = pick(c, -1);
		break;
	default:
		o = pick(c, kind);
		if (obj_kind(o) == K_NONE)
			o = pick(c, -1);
	}
	if (out)
		*out = o;
	return obj_fd(o);
}

/*
 * -C: cancel the socket's overlapped operations and wait until none is
 * left, the one the worker is carrying out included (WS_IOC_CANCEL counts
 * that one, marked, until it completes), so that a close finds nothing
 * for the worker to run: a way past the kernel's race between releasing a
 * socket and its overlapped worker (see -C in the usage), which would
 * otherwise end every run early. Other threads may still submit on the
 * socket meanwhile: it narrows the race, it does not close it.
 */
static void cancel_all(int fd)
{
	struct ws_cancel cn = { .ov = 0 };
	int i;

	for (i = 0; opt_cancel_close && i < 200 && ioctl(fd, WS_IOC_CANCEL, &cn) > 0; i++)
		usleep(i ? 500 : 0);
}

/* close(2), for any of the pool's fds (see cancel_all() for -C). */
static int sclose(int fd)
{
	cancel_all(fd);
	return close(fd);
}

/* With -C, before the process ends: cancel the pool's sockets' operations. */
static void pool_cancel_all(struct proc *p)
{
	unsigned int i;

	for (i = 0; opt_cancel_close && i < POOL; i++) {
		objword o = atomic_load(&p->pool[i]);

		if (obj_kind(o) == K_SOCK)
			cancel_all(obj_fd(o));
	}
}

/* Put a new fd in the pool, closing what it replaces. */
static void pool_add(struct ctx *c, int fd, int kind, int type, int af)
{
	unsigned int i = rnd(c, POOL);
	objword old;

	if (fd < 0)
		return;
	old = atomic_exchange(&c->p->pool[i], obj_make(fd, kind, type, af));
	if (kind == K_SOCK)
		c->focus = i;
	if (fd < 1024)
		atomic_store(&c->p->bound[fd], 0);
	if (obj_kind(old) != K_NONE && obj_fd(old) != fd)
		sclose(obj_fd(old));
}

static const char *kname(objword o)
{
	static const char *const socknames[] = { "tcp4", "tcp6", "udp4", "udp6" };

	if (obj_kind(o) == K_SOCK)
		return socknames[(obj_type(o) == SOCK_DGRAM) * 2 + (obj_af(o) == WS_AF_INET6)];
	return kind_names[obj_kind(o) < K_NKINDS ? obj_kind(o) : 0];
}

/* ------------------------------------------------------ argument makers */

/* A pointer the kernel cannot use (or, for out-params, cannot write). */
static void *bad_ptr(struct ctx *c, bool out)
{
	switch (rnd(c, out ? 8 : 7)) {
	case 0: return NULL;
	case 1: return (void *)1;
	case 2: return (void *)0xffff888000000000ull;	/* kernel */
	case 3: return (void *)0x8000000000000000ull;	/* non-canonical */
	case 4: return c->p->bad_none + rnd(c, 4096);
	case 5: return c->p->edge + 4096 - 1 - rnd(c, 32);	/* straddles */
	case 6: return (void *)-1l;
	default: return c->p->bad_ro + rnd(c, 64);
	}
}

/* An argument buffer: mostly @good, sometimes a bad pointer. */
static void *arg_ptr(struct ctx *c, void *good, bool out, const char **tag)
{
	if (pct(c, 90)) {
		*tag = "";
		return good;
	}
	*tag = "!";
	return bad_ptr(c, out);
}

static uint32_t rnd_len(struct ctx *c, uint32_t good)
{
	switch (rnd(c, 12)) {
	case 0: return 0;
	case 1: return 1 + rnd(c, 8);
	case 2: return good ? good - 1 : 0;
	case 3: return good + 1 + rnd(c, 64);
	case 4: return 0x7fffffff;
	case 5: return 0xffffffff;
	case 6: return rnd(c, 256);
	default: return good;
	}
}

static void fill(struct ctx *c, void *p, size_t n)
{
	unsigned char *b = p;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		uint64_t v = rnd64(c);

		memcpy(b + i, &v, 8);
	}
	for (; i < n; i++)
		b[i] = rnd64(c);
}

/*
 * A sa_family for a socket of Winsock family @hint (WS_AF_INET or
 * WS_AF_INET6, the socket() protocol's): mostly the right one in Linux's
 * numbering (AF_INET 2, AF_INET6 10), which is what the module takes;
 * sometimes Winsock's AF_INET6 (23, which it refuses), the other family,
 * AF_UNSPEC or a random one.
 */
static int addr_family(struct ctx *c, int hint)
{
	int right = hint == WS_AF_INET6 ? AF_INET6 : hint == WS_AF_INET ? AF_INET :
		    rnd(c, 2) ? AF_INET : AF_INET6;

	switch (rnd(c, 20)) {
	case 0: case 1: return WS_AF_INET6;	/* Winsock's 23 */
	case 2: return AF_UNSPEC;
	case 3: return rnd(c, 3) ? (int)rnd(c, 48) : (int)(uint16_t)rnd64(c);
	case 4: case 5: case 6: return right == AF_INET ? AF_INET6 : AF_INET;
	default: return right;
	}
}

static uint16_t rnd_port(struct ctx *c)
{
	switch (rnd(c, 10)) {
	case 0: return 0;
	case 1: return rnd(c, 1024);
	case 2: return rnd64(c);
	default: return opt_port + rnd(c, NPORTS);
	}
}

/*
 * A socket address in @sa (128 bytes): AF_INET and AF_INET6 (Linux's 10,
 * what the module takes), Winsock's AF_INET6 (23), AF_UNSPEC and random
 * ones, with IPv6's layout for 10 and 23. Returns the length to pass, which
 * is not always the right one.
 */
static socklen_t gen_addr(struct ctx *c, void *sa, int hint)
{
	int af = addr_family(c, hint);
	socklen_t len;

	memset(sa, 0, 128);
	if (one_in(c, 20))
		fill(c, sa, 128);
	if (af == AF_INET6 || af == WS_AF_INET6) {
		struct sockaddr_in6 *s6 = sa;
		static const struct in6_addr any = IN6ADDR_ANY_INIT;
		static const struct in6_addr lo = IN6ADDR_LOOPBACK_INIT;

		switch (rnd(c, 12)) {
		case 0: s6->sin6_addr = any; break;
		case 1:	/* ::ffff:127.0.0.1 */
			s6->sin6_addr.s6_addr[10] = 0xff;
			s6->sin6_addr.s6_addr[11] = 0xff;
			s6->sin6_addr.s6_addr[12] = 127;
			s6->sin6_addr.s6_addr[15] = 1;
			break;
		case 2:	/* fe80::1 with a scope */
			s6->sin6_addr.s6_addr[0] = 0xfe;
			s6->sin6_addr.s6_addr[1] = 0x80;
			s6->sin6_addr.s6_addr[15] = 1;
			s6->sin6_scope_id = rnd(c, 3);
			break;
		case 3:	/* ff02::1 */
			s6->sin6_addr.s6_addr[0] = 0xff;
			s6->sin6_addr.s6_addr[1] = 0x02;
			s6->sin6_addr.s6_addr[15] = 1;
			break;
		case 4: fill(c, &s6->sin6_addr, 16); break;
		default: s6->sin6_addr = lo;
		}
		if (one_in(c, 8))
			s6->sin6_flowinfo = rnd64(c);
		if (one_in(c, 8))
			s6->sin6_scope_id = rnd64(c);
		s6->sin6_port = htons(rnd_port(c));
		len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = sa;

		switch (rnd(c, 12)) {
		case 0: s4->sin_addr.s_addr = htonl(INADDR_ANY); break;
		case 1: s4->sin_addr.s_addr = htonl(0x7f000002 + rnd(c, 4)); break;
		case 2: s4->sin_addr.s_addr = htonl(INADDR_BROADCAST); break;
		case 3: s4->sin_addr.s_addr = htonl(0xe0000001); break;
		case 4: s4->sin_addr.s_addr = htonl(0x0a010203); break;
		case 5: s4->sin_addr.s_addr = rnd64(c); break;
		default: s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		}
		s4->sin_port = htons(rnd_port(c));
		if (one_in(c, 8))
			fill(c, s4->sin_zero, 8);
		len = sizeof(*s4);
	}
	((struct sockaddr *)sa)->sa_family = af;
	if (pct(c, 20))
		len = rnd_len(c, len) & 0xff;
	if (len > 128)
		len = 128;
	return len;
}

static const char *afname(const void *sa)
{
	static const char *const n[] = { [0] = "unspec", [2] = "in", [10] = "in6", [23] = "in6(winsock)" };
	unsigned int f = ((const struct sockaddr *)sa)->sa_family;

	return f < 24 && n[f] ? n[f] : "af?";
}

static int send_flags(struct ctx *c, bool block_ok)
{
	static const int extra[] = { MSG_OOB, MSG_DONTROUTE, MSG_NOSIGNAL, MSG_MORE,
				     MSG_PEEK, MSG_WAITALL, MSG_TRUNC, MSG_ERRQUEUE,
				     MSG_ZEROCOPY, MSG_CONFIRM, MSG_EOR, MSG_CMSG_CLOEXEC,
				     MSG_FASTOPEN, MSG_BATCH };
	int f = 0;

	if (!block_ok || pct(c, 85))
		f |= MSG_DONTWAIT;
	while (pct(c, 25))
		f |= extra[rnd(c, sizeof(extra) / sizeof(extra[0]))];
	if (one_in(c, 40))
		f |= rnd64(c);
	if (!block_ok)
		f |= MSG_DONTWAIT;
	return f;
}

static size_t data_len(struct ctx *c)
{
	switch (rnd(c, 10)) {
	case 0: return 0;
	case 1: return 65507 + rnd(c, 24);	/* around the UDP limits */
	case 2: return BUFSZ;
	case 3: return rnd(c, BUFSZ);
	case 4: return 1 + rnd(c, 2000);
	default: return 1 + rnd(c, 200);
	}
}

/* Poll @fd for @ev up to a few ms: is a blocking call likely to return? */
static bool ready(struct ctx *c, int fd, short ev)
{
	struct pollfd pfd = { .fd = fd, .events = ev };

	if (one_in(c, 10))
		return true;	/* block anyway: the watchdog interrupts it */
	return poll(&pfd, 1, rnd(c, 5)) > 0;
}

/* ----------------------------------------------------------- sockets */

static void op_socket(struct ctx *c)
{
	int type = rnd(c, 2) ? SOCK_STREAM : SOCK_DGRAM;
	int af = rnd(c, 2) ? WS_AF_INET : WS_AF_INET6;
	int proto = rnd(c, 3) ? 0 : (type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP);
	int t = type, p;
	long fd;

	if (pct(c, 30))
		t |= SOCK_NONBLOCK;
	if (pct(c, 30))
		t |= SOCK_CLOEXEC;
	p = WS_PROTOCOL(af, proto);
	if (pct(c, 15)) {
		switch (rnd(c, 8)) {
		case 0: t = rnd(c, 12) | (t & ~0xf); break;
		case 1: p = WS_PROTOCOL(rnd(c, 2) ? 10 : rnd(c, 256), proto); break;
		case 2: p = WS_PROTOCOL(af, type == SOCK_STREAM ? IPPROTO_UDP : IPPROTO_TCP); break;
		case 3: p = WS_PROTOCOL(af, rnd(c, 300)); break;
		case 4: p |= 1u << (24 + rnd(c, 8)); break;
		case 5: p = rnd64(c); break;
		case 6: t = rnd64(c); break;
		default: p = proto;	/* no address family */
		}
	}
	d_start(c, "socket(%d, %#x, %#x)", family, t, p);
	pthread_rwlock_rdlock(&c->p->create_lock);
	fd = CALL(c, OP_socket, socket(family, t, p));
	if (fd >= 0)
		pool_add(c, fd, K_SOCK, t & 0xf, WS_PROTOCOL_AF(p));
	pthread_rwlock_unlock(&c->p->create_lock);
}

/* A connected TCP pair (listener, client, accepted) or a UDP pair. */
static void op_pair(struct ctx *c)
{
	int af = rnd(c, 2) ? WS_AF_INET : WS_AF_INET6;
	bool tcp = rnd(c, 3);
	int type = tcp ? SOCK_STREAM : SOCK_DGRAM;
	char sa[128];
	socklen_t len;
	long l, a = -1, cl, r;
	int one = 1;

	pthread_rwlock_rdlock(&c->p->create_lock);
	d_start(c, "pair: socket(%s%s)", tcp ? "tcp" : "udp", af == WS_AF_INET ? "4" : "6");
	l = CALL(c, OP_pair, socket(family, type, WS_PROTOCOL(af, 0)));
	cl = CALL(c, OP_pair, socket(family, type | SOCK_NONBLOCK, WS_PROTOCOL(af, 0)));
	if (l < 0 || cl < 0)
		goto out;
	if (one_in(c, 3)) {
		d_start(c, "pair: setsockopt(%ld, SO_REUSEADDR)", l);
		CALL(c, OP_pair, setsockopt(l, WS_SOL_SOCKET, WS_SO_REUSEADDR, &one, 4));
	} else if (one_in(c, 4)) {
		d_start(c, "pair: setsockopt(%ld, SO_EXCLUSIVEADDRUSE)", l);
		CALL(c, OP_pair, setsockopt(l, WS_SOL_SOCKET, WS_SO_EXCLUSIVEADDRUSE, &one, 4));
	}
	if (tcp && one_in(c, 4)) {
		/* Its SYNs wait for a verdict, or for accept(2). */
		d_start(c, "pair: setsockopt(%ld, SO_CONDITIONAL_ACCEPT)", l);
		CALL(c, OP_pair, setsockopt(l, WS_SOL_SOCKET, WS_SO_CONDITIONAL_ACCEPT, &one, 4));
	}
	memset(sa, 0, sizeof(sa));
	if (af == WS_AF_INET) {
		struct sockaddr_in *s4 = (void *)sa;

		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s4->sin_port = htons(rnd(c, 3) ? opt_port + rnd(c, NPORTS) : 0);
		len = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (void *)sa;

		s6->sin6_family = AF_INET6;	/* Linux's 10: the module's numbering */
		s6->sin6_addr = in6addr_loopback;
		s6->sin6_port = htons(rnd(c, 3) ? opt_port + rnd(c, NPORTS) : 0);
		len = sizeof(*s6);
	}
	d_start(c, "pair: bind(%ld, port %d)", l, ntohs(((struct sockaddr_in *)sa)->sin_port));
	if (CALL(c, OP_pair, bind(l, (void *)sa, len)) < 0)
		goto out;
	if (l < 1024)
		atomic_store(&c->p->bound[l], 1);
	if (tcp) {
		d_start(c, "pair: listen(%ld)", l);
		if (CALL(c, OP_pair, listen(l, 1 + rnd(c, 8))) < 0)
			goto out;
	}
	len = sizeof(sa);
	d_start(c, "pair: getsockname(%ld)", l);
	if (CALL(c, OP_pair, getsockname(l, (void *)sa, &len)) < 0)
		goto out;
	d_start(c, "pair: connect(%ld)", cl);
	r = CALL(c, OP_pair, connect(cl, (void *)sa, len));
	if (tcp) {
		struct pollfd pfd = { .fd = l, .events = POLLIN };

		if (r < 0 && errno != EWOULDBLOCK)
			goto out;
		poll(&pfd, 1, 50);
		d_start(c, "pair: accept4(%ld)", l);
		a = CALL(c, OP_pair, accept4(l, NULL, NULL, rnd(c, 2) ? SOCK_NONBLOCK : 0));
	} else if (r == 0) {
		len = sizeof(sa);
		if (getsockname(cl, (void *)sa, &len) == 0) {
			d_start(c, "pair: connect(%ld)", l);
			CALL(c, OP_pair, connect(l, (void *)sa, len));
		}
	}
out:
	if (l >= 0) {
		int b = l < 1024 ? atomic_load(&c->p->bound[l]) : 0;

		pool_add(c, l, K_SOCK, type, af);
		if (l < 1024)
			atomic_store(&c->p->bound[l], b);
	}
	if (cl >= 0)
		pool_add(c, cl, K_SOCK, type, af);
	if (a >= 0)
		pool_add(c, a, K_SOCK, type, af);
	pthread_rwlock_unlock(&c->p->create_lock);
}

static void op_bind(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	char sa[128];
	socklen_t len = gen_addr(c, sa, obj_af(o));
	const char *t;
	void *p = arg_ptr(c, sa, false, &t);

	if (opt_no_rebind && fd >= 0 && fd < 1024 && atomic_exchange(&c->p->bound[fd], 1))
		return;
	d_start(c, "bind(%d[%s], %s%s port %d, %u)", fd, kname(o), t, afname(sa),
		ntohs(((struct sockaddr_in *)sa)->sin_port), len);
	CALL(c, OP_bind, bind(fd, p, len));
}

static void op_connect(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	char sa[128];
	socklen_t len = gen_addr(c, sa, obj_af(o));
	const char *t;
	void *p = arg_ptr(c, sa, false, &t);

	d_start(c, "connect(%d[%s], %s%s port %d, %u)", fd, kname(o), t, afname(sa),
		ntohs(((struct sockaddr_in *)sa)->sin_port), len);
	CALL(c, OP_connect, connect(fd, p, len));
}

static void op_listen(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	int backlog = rnd(c, 4) ? (int)rnd(c, 16) : (int)rnd64(c);

	d_start(c, "listen(%d[%s], %d)", fd, kname(o), backlog);
	CALL(c, OP_listen, listen(fd, backlog));
}

static void op_accept(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	char sa[128];
	socklen_t len = rnd_len(c, 28), *lp = &len;
	void *p = sa;
	int flags = 0;
	long nfd;

	if (!ready(c, fd, POLLIN))
		return;
	if (pct(c, 20))
		p = NULL;
	else if (pct(c, 10))
		p = bad_ptr(c, true);
	if (!p && pct(c, 80))
		lp = NULL;
	else if (pct(c, 10))
		lp = bad_ptr(c, true);
	if (pct(c, 40))
		flags |= SOCK_NONBLOCK;
	if (pct(c, 30))
		flags |= SOCK_CLOEXEC;
	if (one_in(c, 20))
		flags = rnd64(c);
	d_start(c, "accept4(%d[%s], %p, %u, %#x)", fd, kname(o), p, len, flags);
	pthread_rwlock_rdlock(&c->p->create_lock);
	nfd = CALL(c, OP_accept, accept4(fd, p, lp, flags));
	if (nfd >= 0)
		pool_add(c, nfd, K_SOCK, obj_type(o), obj_af(o));
	pthread_rwlock_unlock(&c->p->create_lock);
}

/* An iovec array over the buffers, with some bad entries. */
static int gen_iov(struct ctx *c, struct iovec *iov, int max, char *base)
{
	int n = rnd(c, 5) ? 1 + (int)rnd(c, 4) : (int)rnd(c, max + 1), i;

	for (i = 0; i < n; i++) {
		size_t l = rnd(c, 3) ? rnd(c, 3000) : data_len(c);

		iov[i].iov_base = base + rnd(c, 1024);
		if (l > BUFSZ - 1024)
			l = BUFSZ - 1024;
		iov[i].iov_len = l;
		if (one_in(c, 25))
			iov[i].iov_base = bad_ptr(c, false);
		if (one_in(c, 40))
			iov[i].iov_len = rnd64(c);
	}
	return n;
}

/* Random control messages. */
static size_t gen_cmsg(struct ctx *c, char *cbuf, size_t max)
{
	size_t off = 0;
	int n = rnd(c, 3);

	while (n-- > 0 && off + CMSG_SPACE(16) <= max) {
		struct cmsghdr *cm = (void *)(cbuf + off);
		static const int levels[] = { SOL_SOCKET, IPPROTO_IP, IPPROTO_IPV6,
					      IPPROTO_UDP, WS_SOL_SOCKET };
		size_t dl = rnd(c, 17);

		cm->cmsg_level = rnd(c, 6) ? levels[rnd(c, 5)] : (int)rnd64(c);
		cm->cmsg_type = rnd(c, 80);
		cm->cmsg_len = CMSG_LEN(dl);
		if (one_in(c, 10))
			cm->cmsg_len = rnd64(c) & 0xffff;
		fill(c, CMSG_DATA(cm), dl);
		off += CMSG_SPACE(dl);
	}
	return off;
}

static void gen_msghdr(struct ctx *c, struct msghdr *m, struct iovec *iov,
		       char *name, char *cbuf, int hint, bool out)
{
	memset(m, 0, sizeof(*m));
	if (out) {
		if (pct(c, 60)) {
			m->msg_name = name;
			m->msg_namelen = rnd_len(c, 28) & 0xfff;
		}
	} else if (pct(c, 50)) {
		m->msg_name = name;
		m->msg_namelen = gen_addr(c, name, hint);
	}
	if (m->msg_name && one_in(c, 15))
		m->msg_name = bad_ptr(c, out);
	m->msg_iov = iov;
	m->msg_iovlen = gen_iov(c, iov, 8, out ? c->buf2 : c->buf);
	if (one_in(c, 30))
		m->msg_iovlen = 1025 + rnd(c, 10);	/* > UIO_MAXIOV */
	if (one_in(c, 30))
		m->msg_iov = bad_ptr(c, false);
	if (pct(c, 20)) {
		m->msg_control = cbuf;
		m->msg_controllen = out ? rnd(c, 256) : gen_cmsg(c, cbuf, 256);
		if (one_in(c, 10))
			m->msg_control = bad_ptr(c, out);
	}
}

static void op_send(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	int flags = send_flags(c, ready(c, fd, POLLOUT));
	size_t len = data_len(c);
	const char *t;
	void *p = arg_ptr(c, c->buf, false, &t);
	char sa[128];
	socklen_t alen;

	if (rnd(c, 2)) {
		d_start(c, "send(%d[%s], %s%zu, %#x)", fd, kname(o), t, len, flags);
		CALL(c, OP_send, send(fd, p, len, flags));
		return;
	}
	alen = gen_addr(c, sa, obj_af(o));
	d_start(c, "sendto(%d[%s], %s%zu, %#x, %s port %d, %u)", fd, kname(o), t, len,
		flags, afname(sa), ntohs(((struct sockaddr_in *)sa)->sin_port), alen);
	CALL(c, OP_send, sendto(fd, p, len, flags, one_in(c, 20) ? NULL : (void *)sa, alen));
}

static void op_sendmsg(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	int flags = send_flags(c, ready(c, fd, POLLOUT));
	struct iovec iov[8];
	struct msghdr m;
	char name[128], cbuf[256];

	gen_msghdr(c, &m, iov, name, cbuf, obj_af(o), false);
	d_start(c, "sendmsg(%d[%s], name %u, iov %zu, ctl %zu, %#x)", fd, kname(o),
		m.msg_namelen, m.msg_iovlen, m.msg_controllen, flags);
	CALL(c, OP_sendmsg, sendmsg(fd, one_in(c, 30) ? bad_ptr(c, false) : &m, flags));
}

static void op_sendmmsg(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	int flags = send_flags(c, false);
	struct mmsghdr mm[3];
	struct iovec iov[3][8];
	char name[3][128], cbuf[3][256];
	unsigned int i, n = 1 + rnd(c, 3);

	for (i = 0; i < n; i++)
		gen_msghdr(c, &mm[i].msg_hdr, iov[i], name[i], cbuf[i], obj_af(o), false);
	d_start(c, "sendmmsg(%d[%s], %u, %#x)", fd, kname(o), n, flags);
	CALL(c, OP_sendmmsg, sendmmsg(fd, mm, one_in(c, 20) ? 1025 : n, flags));
}

static void op_write(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	struct iovec iov[8];
	int n;

	if (!ready(c, fd, POLLOUT))
		return;
	if (rnd(c, 2)) {
		size_t len = data_len(c);

		d_start(c, "write(%d[%s], %zu)", fd, kname(o), len);
		CALL(c, OP_write, write(fd, c->buf, len));
		return;
	}
	n = gen_iov(c, iov, 8, c->buf);
	d_start(c, "writev(%d[%s], %d)", fd, kname(o), n);
	CALL(c, OP_write, writev(fd, iov, n));
}

static void op_recv(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	int flags = send_flags(c, ready(c, fd, POLLIN | POLLPRI));
	size_t len = data_len(c);
	const char *t;
	void *p = arg_ptr(c, c->buf2, true, &t);
	char sa[128];
	socklen_t alen = rnd_len(c, 28) & 0xff;

	if (rnd(c, 2)) {
		d_start(c, "recv(%d[%s], %s%zu, %#x)", fd, kname(o), t, len, flags);
		CALL(c, OP_recv, recv(fd, p, len, flags));
		return;
	}
	d_start(c, "recvfrom(%d[%s], %s%zu, %#x, %u)", fd, kname(o), t, len, flags, alen);
	CALL(c, OP_recv, recvfrom(fd, p, len, flags, one_in(c, 10) ? bad_ptr(c, true) : sa,
				  one_in(c, 10) ? bad_ptr(c, true) : &alen));
}

static void op_recvmsg(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	int flags = send_flags(c, ready(c, fd, POLLIN | POLLPRI));
	struct iovec iov[8];
	struct msghdr m;
	char name[128], cbuf[256];

	gen_msghdr(c, &m, iov, name, cbuf, obj_af(o), true);
	d_start(c, "recvmsg(%d[%s], name %u, iov %zu, ctl %zu, %#x)", fd, kname(o),
		m.msg_namelen, m.msg_iovlen, m.msg_controllen, flags);
	CALL(c, OP_recvmsg, recvmsg(fd, one_in(c, 30) ? bad_ptr(c, true) : &m, flags));
}

static void op_recvmmsg(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	int flags = send_flags(c, false);
	struct mmsghdr mm[3];
	struct iovec iov[3][8];
	char name[3][128], cbuf[3][256];
	struct timespec ts = { 0, rnd(c, 20) * 1000000 };
	unsigned int i, n = 1 + rnd(c, 3);

	for (i = 0; i < n; i++)
		gen_msghdr(c, &mm[i].msg_hdr, iov[i], name[i], cbuf[i], obj_af(o), true);
	d_start(c, "recvmmsg(%d[%s], %u, %#x)", fd, kname(o), n, flags);
	CALL(c, OP_recvmmsg, recvmmsg(fd, mm, n, flags, rnd(c, 2) ? &ts : NULL));
}

static void op_read(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	struct iovec iov[8];
	int n;

	if (!ready(c, fd, POLLIN))
		return;
	if (rnd(c, 2)) {
		size_t len = data_len(c);

		d_start(c, "read(%d[%s], %zu)", fd, kname(o), len);
		CALL(c, OP_read, read(fd, c->buf2, len));
		return;
	}
	n = gen_iov(c, iov, 8, c->buf2);
	d_start(c, "readv(%d[%s], %d)", fd, kname(o), n);
	CALL(c, OP_read, readv(fd, iov, n));
}

static void op_shutdown(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	int how = rnd(c, 8) ? (int)rnd(c, 3) : (int)rnd64(c);

	d_start(c, "shutdown(%d[%s], %d)", fd, kname(o), how);
	CALL(c, OP_shutdown, shutdown(fd, how));
}

/* ------------------------------------------------------------ options */

static const int ws_sol_names[] = {
	WS_SO_DEBUG, WS_SO_ACCEPTCONN, WS_SO_REUSEADDR, WS_SO_KEEPALIVE,
	WS_SO_DONTROUTE, WS_SO_BROADCAST, WS_SO_USELOOPBACK, WS_SO_LINGER,
	WS_SO_OOBINLINE, WS_SO_DONTLINGER, WS_SO_EXCLUSIVEADDRUSE, WS_SO_SNDBUF,
	WS_SO_RCVBUF, WS_SO_SNDLOWAT, WS_SO_RCVLOWAT, WS_SO_SNDTIMEO,
	WS_SO_RCVTIMEO, WS_SO_ERROR, WS_SO_TYPE, WS_SO_MAX_MSG_SIZE,
	0x2001, 0x2002, 0x2004, 0x2005, 0x2006, 0x700c, 0x3001, 0x3002,
};

/* Linux's SOL_SOCKET names: that level reaches the ws socket's own sock. */
static const int linux_sol_names[] = {
	SO_DEBUG, SO_REUSEADDR, SO_DONTROUTE, SO_BROADCAST, SO_SNDBUF, SO_RCVBUF,
	SO_KEEPALIVE, SO_OOBINLINE, SO_PRIORITY, SO_LINGER, SO_REUSEPORT,
	SO_PASSCRED, SO_RCVLOWAT, SO_RCVTIMEO, SO_SNDTIMEO, SO_BINDTODEVICE,
	SO_ATTACH_FILTER, SO_DETACH_FILTER, SO_TIMESTAMP, SO_MARK, SO_RXQ_OVFL,
	SO_PEEK_OFF, SO_BUSY_POLL, SO_INCOMING_CPU, SO_ZEROCOPY, SO_TXTIME,
	SO_RCVBUFFORCE, SO_SNDBUFFORCE, SO_ERROR, SO_TYPE, SO_DOMAIN,
	SO_PROTOCOL, SO_ACCEPTCONN, SO_PEERCRED, SO_COOKIE, SO_MEMINFO,
};

static void gen_opt(struct ctx *c, int *level, int *name)
{
	switch (rnd(c, 20)) {
	case 0: case 1: case 2:
		*level = WS_IPPROTO_TCP;
		*name = rnd(c, 3) ? WS_TCP_NODELAY : (int)rnd(c, 40);
		break;
	case 3: case 4:
		*level = SOL_SOCKET;
		*name = rnd(c, 5) ? linux_sol_names[rnd(c, sizeof(linux_sol_names) / sizeof(int))] :
				    (int)rnd(c, 80);
		break;
	case 5:
		*level = rnd(c, 2) ? IPPROTO_IP : IPPROTO_IPV6;
		*name = rnd(c, 80);
		break;
	case 6:
		*level = IPPROTO_UDP;
		*name = rnd(c, 120);
		break;
	case 7:
		*level = rnd64(c);
		*name = rnd64(c);
		break;
	default:
		*level = WS_SOL_SOCKET;
		*name = rnd(c, 8) ? ws_sol_names[rnd(c, sizeof(ws_sol_names) / sizeof(int))] :
				    (int)rnd64(c);
	}
}

static void op_setsockopt(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o), level, name;
	union { uint32_t u; int i; struct ws_linger l; char b[64]; } *v = (void *)c->buf;
	socklen_t len;
	const char *t;
	void *p;

	gen_opt(c, &level, &name);
	memset(v, 0, sizeof(*v));
	switch (rnd(c, 8)) {
	case 0: v->i = 1; break;
	case 1: v->i = -1; break;
	case 2: v->i = rnd(c, 3000); break;	/* timeouts, buffer sizes */
	case 3:
		v->l.l_onoff = rnd(c, 3);
		v->l.l_linger = rnd(c, 4) ? rnd(c, 3) : (uint16_t)rnd64(c);
		break;
	case 4: fill(c, v, sizeof(*v)); break;
	case 5: v->i = 1 << rnd(c, 31); break;
	default: v->i = rnd(c, 2);
	}
	len = rnd(c, 4) ? 4 : rnd_len(c, 4);
	if (name == WS_SO_LINGER && rnd(c, 2))
		len = sizeof(struct ws_linger);
	if (level == SOL_SOCKET && name == SO_BINDTODEVICE && rnd(c, 2)) {
		strcpy(v->b, rnd(c, 2) ? "lo" : "nonexistent0");
		len = strlen(v->b) + rnd(c, 2);
	}
	p = arg_ptr(c, v, false, &t);
	d_start(c, "setsockopt(%d[%s], %#x, %#x, %s%#x, %u)", fd, kname(o), level, name, t,
		v->u, len);
	CALL(c, OP_setsockopt, setsockopt(fd, level, name, p, len));
}

static void op_getsockopt(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o), level, name;
	socklen_t len = rnd(c, 3) ? 4 : rnd_len(c, 4), *lp = &len;
	const char *t;
	void *p;

	gen_opt(c, &level, &name);
	if (one_in(c, 10))
		len = -rnd(c, 4);
	p = arg_ptr(c, c->buf2, true, &t);
	if (one_in(c, 15))
		lp = bad_ptr(c, true);
	d_start(c, "getsockopt(%d[%s], %#x, %#x, %s, %d)", fd, kname(o), level, name, t, (int)len);
	CALL(c, OP_getsockopt, getsockopt(fd, level, name, p, lp));
}

static void op_getname(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	socklen_t len = rnd_len(c, 28);
	const char *t;
	void *p = arg_ptr(c, c->buf2, true, &t);
	bool peer = rnd(c, 2);

	d_start(c, "%s(%d[%s], %s, %u)", peer ? "getpeername" : "getsockname", fd,
		kname(o), t, len);
	if (peer)
		CALL(c, OP_getname, getpeername(fd, p, one_in(c, 15) ? bad_ptr(c, true) : &len));
	else
		CALL(c, OP_getname, getsockname(fd, p, one_in(c, 15) ? bad_ptr(c, true) : &len));
}

/* ------------------------------------------------------------- ioctls */

static void op_sock_ioctl(struct ctx *c)
{
	static const unsigned long cmds[] = {
		FIONREAD, SIOCATMARK, FIONBIO, SIOCOUTQ, SIOCGSTAMP_OLD,
		WS_IOC_CLOSECHECK, WS_IOC_SET_NONBLOCK, WS_IOC_GET_ID,
		WS_IOC_EVENT_SELECT, WS_IOC_ASYNC_SELECT,
		WS_IOC_ENUM_NETWORK_EVENTS, WS_IOC_CANCEL_BLOCKING,
		WS_IOC_EVENT_SET, WS_IOC_EVENT_READ, WS_IOC_MSGQ_GET,
		WS_IOC_CREATE_EVENT, WS_IOC_WAIT, WS_IOC_SUBMIT, WS_IOC_CANCEL,
		WS_IOC_OV_WAIT, WS_IOC_ACCEPT_TAKE, WS_IOC_ASSOCIATE,
		WS_IOC_NOTIFY_MODES, WS_IOC_PORT_POST, WS_IOC_PORT_CLOSE,
		WS_IOC_CREATE_PORT, WS_IOC_PORT_WAIT,
	};
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	unsigned long cmd;
	const char *t;
	void *p;

	if (rnd(c, 5)) {
		cmd = cmds[rnd(c, sizeof(cmds) / sizeof(cmds[0]))];
	} else if (rnd(c, 2)) {
		/* the 'W' type with random numbers, sizes and directions */
		cmd = _IOC(rnd(c, 4), WS_IOC_MAGIC, rnd(c, 3) ? 0x80 + rnd(c, 48) : rnd(c, 256),
			   rnd(c, 3) ? rnd(c, 64) : rnd(c, 1 << 14));
	} else {
		cmd = SIOCPROTOPRIVATE + rnd(c, 16);
	}
	/* WS_IOC_CANCEL_BLOCKING ends a socket for good: not too often. */
	if (cmd == WS_IOC_CANCEL_BLOCKING && rnd(c, 3))
		cmd = WS_IOC_CLOSECHECK;
	/* random bytes (never pointers of the fuzzer's: late writes go there) */
	fill(c, c->buf, 256);
	if (cmd == WS_IOC_SET_NONBLOCK || cmd == FIONBIO)
		*(uint32_t *)c->buf = rnd(c, 2) ? 1 : (rnd(c, 4) ? 0 : rnd64(c));
	p = arg_ptr(c, c->buf, _IOC_DIR(cmd) & _IOC_READ, &t);
	d_start(c, "ioctl(%d[%s], %#lx, %s%#x)", fd, kname(o), cmd, t, *(uint32_t *)c->buf);
	CALL(c, OP_sock_ioctl, ioctl(fd, cmd, p));
}

static uint32_t rnd_mask(struct ctx *c)
{
	switch (rnd(c, 8)) {
	case 0: return 0;
	case 1: return WS_FD_ALL_EVENTS;
	case 2: return rnd64(c);
	case 3: return 1u << rnd(c, 32);
	default: return rnd64(c) & 0x3f;
	}
}

static void op_event_select(struct ctx *c)
{
	objword o, e;
	int fd = pick_fd(c, K_SOCK, &o);
	struct ws_event_select *es = (void *)c->buf;
	const char *t;
	void *p;

	es->event_fd = pick_fd(c, K_EVENT, &e);
	es->mask = rnd_mask(c);
	p = arg_ptr(c, es, false, &t);
	d_start(c, "EVENT_SELECT(%d[%s], %s{%d[%s], %#x})", fd, kname(o), t, es->event_fd,
		kname(e), es->mask);
	CALL(c, OP_event_select, ioctl(fd, WS_IOC_EVENT_SELECT, p));
}

static void op_async_select(struct ctx *c)
{
	objword o, q;
	int fd = pick_fd(c, K_SOCK, &o);
	struct ws_async_select *as = (void *)c->buf;
	const char *t;
	void *p;

	as->msgq_fd = pick_fd(c, K_MSGQ, &q);
	as->message = rnd(c, 4) ? 0x400 + rnd(c, 4) : (uint32_t)rnd64(c);
	as->hwnd = rnd(c, 4) ? rnd(c, 4) : rnd64(c);
	as->mask = rnd_mask(c);
	as->pad = one_in(c, 15) ? rnd64(c) : 0;
	p = arg_ptr(c, as, false, &t);
	d_start(c, "ASYNC_SELECT(%d[%s], %s{%d[%s], msg %#x, hwnd %#llx, %#x, pad %u})", fd,
		kname(o), t, as->msgq_fd, kname(q), as->message, (unsigned long long)as->hwnd,
		as->mask, as->pad);
	CALL(c, OP_async_select, ioctl(fd, WS_IOC_ASYNC_SELECT, p));
}

static void op_enum_events(struct ctx *c)
{
	objword o, e;
	int fd = pick_fd(c, K_SOCK, &o);
	struct ws_network_events *ne = (void *)c->buf;
	const char *t;
	void *p;

	fill(c, ne, sizeof(*ne));
	ne->event_fd = rnd(c, 3) ? pick_fd(c, K_EVENT, &e) : -1;
	p = arg_ptr(c, ne, true, &t);
	d_start(c, "ENUM_NETWORK_EVENTS(%d[%s], %s{%d})", fd, kname(o), t, ne->event_fd);
	CALL(c, OP_enum_events, ioctl(fd, WS_IOC_ENUM_NETWORK_EVENTS, p));
}

/* ------------------------------------------------------- poll, epoll */

static void op_poll(struct ctx *c)
{
	struct pollfd pfd[8];
	unsigned int i, n = 1 + rnd(c, 8);
	int to = rnd(c, 10);

	for (i = 0; i < n; i++) {
		pfd[i].fd = pick_fd(c, -1, NULL);
		pfd[i].events = rnd(c, 4) ? POLLIN | POLLOUT | POLLPRI : (short)rnd64(c);
	}
	if (rnd(c, 3)) {
		d_start(c, "poll(%u fds, %d ms)", n, to);
		CALL(c, OP_poll, poll(pfd, n, to));
	} else {
		fd_set r, w, e;
		struct timeval tv = { 0, to * 1000 };
		int max = 0;

		FD_ZERO(&r);
		FD_ZERO(&w);
		FD_ZERO(&e);
		for (i = 0; i < n; i++) {
			if (pfd[i].fd < 0 || pfd[i].fd >= FD_SETSIZE)
				continue;
			FD_SET(pfd[i].fd, &r);
			FD_SET(pfd[i].fd, rnd(c, 2) ? &w : &e);
			if (pfd[i].fd >= max)
				max = pfd[i].fd + 1;
		}
		d_start(c, "select(%d, %d ms)", max, to);
		CALL(c, OP_poll, select(max, &r, &w, &e, &tv));
	}
}

static void op_epoll(struct ctx *c)
{
	objword e, o;
	int ep;

	if (one_in(c, 6)) {
		long fd;

		d_start(c, "epoll_create1()");
		pthread_rwlock_rdlock(&c->p->create_lock);
		fd = CALL(c, OP_epoll, epoll_create1(EPOLL_CLOEXEC));
		if (fd >= 0)
			pool_add(c, fd, K_EPOLL, 0, 0);
		pthread_rwlock_unlock(&c->p->create_lock);
		return;
	}
	ep = pick_fd(c, K_EPOLL, &e);
	if (rnd(c, 3)) {
		struct epoll_event ev = {
			.events = rnd(c, 4) ? EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLRDHUP :
					      (uint32_t)rnd64(c),
		};
		int op = 1 + rnd(c, 3), fd = pick_fd(c, rnd(c, 2) ? K_SOCK : -1, &o);

		if (one_in(c, 4))
			ev.events |= EPOLLET;
		if (one_in(c, 8))
			ev.events |= EPOLLONESHOT;
		if (one_in(c, 10))
			ev.events |= EPOLLEXCLUSIVE;
		d_start(c, "epoll_ctl(%d[%s], %d, %d[%s], %#x)", ep, kname(e), op, fd, kname(o),
			ev.events);
		CALL(c, OP_epoll, epoll_ctl(ep, op, fd, &ev));
	} else {
		struct epoll_event evs[8];
		int to = rnd(c, 10);

		d_start(c, "epoll_wait(%d[%s], %d ms)", ep, kname(e), to);
		CALL(c, OP_epoll, epoll_wait(ep, evs, 8, to));
	}
}

/* ------------------------------------------------------------ /dev/ws */

static void op_dev_open(struct ctx *c)
{
	long fd;

	d_start(c, "open(/dev/ws)");
	pthread_rwlock_rdlock(&c->p->create_lock);
	fd = CALL(c, OP_dev_open, open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC));
	if (fd >= 0)
		pool_add(c, fd, K_DEV, 0, 0);
	pthread_rwlock_unlock(&c->p->create_lock);
}

static int dev_fd(struct ctx *c, objword *o)
{
	int fd = pick_fd(c, K_DEV, o);

	if (obj_kind(*o) != K_DEV && rnd(c, 4) && c->p->dev_fd >= 0) {
		*o = obj_make(c->p->dev_fd, K_DEV, 0, 0);
		fd = c->p->dev_fd;
	}
	return fd;
}

static void op_create_event(struct ctx *c)
{
	objword d;
	int fd = dev_fd(c, &d);
	struct ws_event_args *a = (void *)c->buf;
	const char *t;
	void *p;
	long r;

	/* Signalled or not, manual- or auto-reset; now and then junk. */
	a->flags = rnd(c, 8) ? rnd(c, 4) : (uint32_t)rnd64(c);
	a->fd = -12345;
	p = arg_ptr(c, a, true, &t);
	d_start(c, "CREATE_EVENT(%d[%s], %s{%#x})", fd, kname(d), t, a->flags);
	pthread_rwlock_rdlock(&c->p->create_lock);
	r = CALL(c, OP_create_event, ioctl(fd, WS_IOC_CREATE_EVENT, p));
	if (r == 0 && p == a)
		pool_add(c, a->fd, K_EVENT, 0, 0);
	pthread_rwlock_unlock(&c->p->create_lock);
}

static void op_create_msgq(struct ctx *c)
{
	objword d;
	int fd = dev_fd(c, &d);
	struct ws_msgq_args *a = (void *)c->buf;
	const char *t;
	void *p;
	long r;

	a->flags = rnd(c, 8) ? 0 : (uint32_t)rnd64(c);
	a->fd = -12345;
	p = arg_ptr(c, a, true, &t);
	d_start(c, "CREATE_MSGQ(%d[%s], %s{%#x})", fd, kname(d), t, a->flags);
	pthread_rwlock_rdlock(&c->p->create_lock);
	r = CALL(c, OP_create_msgq, ioctl(fd, WS_IOC_CREATE_MSGQ, p));
	if (r == 0 && p == a)
		pool_add(c, a->fd, K_MSGQ, 0, 0);
	pthread_rwlock_unlock(&c->p->create_lock);
}

static void op_event_ioctl(struct ctx *c)
{
	static const unsigned long cmds[] = {
		WS_IOC_EVENT_SET, WS_IOC_EVENT_RESET, WS_IOC_EVENT_READ,
		WS_IOC_EVENT_SET, WS_IOC_EVENT_RESET, WS_IOC_MSGQ_POST,
		WS_IOC_WAIT, FIONREAD, WS_IOC_EVENT_PULSE,
	};
	objword e;
	int fd = pick_fd(c, K_EVENT, &e);
	unsigned long cmd = cmds[rnd(c, sizeof(cmds) / sizeof(cmds[0]))];
	const char *t;
	void *p = arg_ptr(c, c->buf, true, &t);

	if (one_in(c, 10))
		cmd = _IOC(rnd(c, 4), WS_IOC_MAGIC, 0xa0 + rnd(c, 16), rnd(c, 16));
	d_start(c, "ioctl(%d[%s], %#lx, %s)", fd, kname(e), cmd, t);
	CALL(c, OP_event_ioctl, ioctl(fd, cmd, p));
}

/* An absolute CLOCK_MONOTONIC timeout: mostly soon, sometimes never. */
static uint64_t rnd_timeout(struct ctx *c)
{
	switch (rnd(c, 40)) {
	case 0: return WS_TIMEOUT_INFINITE;
	case 1: return rnd64(c);
	case 2: case 3: case 4: return 0;
	case 5: return 1;
	default: return now_ns() + rnd(c, 30) * 1000000ull;
	}
}

static void op_wait(struct ctx *c)
{
	objword d;
	int fd = dev_fd(c, &d);
	struct ws_wait_args *w = (void *)c->buf;
	int32_t *objs = (int32_t *)(c->buf + 256);
	unsigned int i, n;
	const char *t;
	void *p;

	switch (rnd(c, 10)) {
	case 0: n = 0; break;
	case 1: n = WS_MAX_WAIT_OBJECTS + rnd(c, 3); break;
	case 2: n = rnd(c, 2) ? ~0u : 0x80000000u + rnd(c, 16); break;
	case 3: case 4: n = 5 + rnd(c, WS_MAX_WAIT_OBJECTS - 4); break;
	default: n = 1 + rnd(c, 4);
	}
	for (i = 0; i < n && i < WS_MAX_WAIT_OBJECTS + 4; i++)
		objs[i] = pick_fd(c, K_EVENT, NULL);
	memset(w, 0, sizeof(*w));
	w->timeout = rnd_timeout(c);
	w->objs = (uintptr_t)objs;
	if (one_in(c, 15))
		w->objs = (uintptr_t)bad_ptr(c, false);
	w->count = n;
	w->flags = rnd(c, 3) ? 0 : (rnd(c, 6) ? rnd(c, 4) : (uint32_t)rnd64(c));
	w->index = rnd64(c);
	w->pad = one_in(c, 15) ? rnd64(c) : 0;
	p = arg_ptr(c, w, true, &t);
	d_start(c, "WAIT(%d[%s], %s{n %u, fl %#x, to %+lld ms, pad %u}, objs %d..)", fd,
		kname(d), t, n, w->flags,
		w->timeout == WS_TIMEOUT_INFINITE ? -1ll :
		(long long)(w->timeout - now_ns()) / 1000000, w->pad, n ? objs[0] : -1);
	CALL(c, OP_wait, ioctl(fd, WS_IOC_WAIT, p));
}

/* WS_IOC_POLL: sockets (or anything), odd counts, bits and wake files. */
static void op_wsapoll(struct ctx *c)
{
	objword d;
	int fd = dev_fd(c, &d);
	struct ws_poll_args *a = (void *)c->buf;
	struct ws_poll_fd *fds = (struct ws_poll_fd *)(c->buf + 256);
	unsigned int i, n, max = (BUFSZ - 256) / sizeof(*fds);
	const char *t;
	void *p;

	switch (rnd(c, 10)) {
	case 0: n = 0; break;
	case 1: n = rnd(c, 2) ? ~0u : WS_MAX_POLL_FDS + 1; break;
	case 2: case 3: n = 9 + rnd(c, 24); break;
	default: n = 1 + rnd(c, 8);
	}
	for (i = 0; i < n && i < max; i++) {
		switch (rnd(c, 12)) {
		case 0: fds[i].fd = -1; break;
		case 1: fds[i].fd = pick_fd(c, K_EVENT, NULL); break;
		case 2: fds[i].fd = (int)rnd64(c); break;
		default: fds[i].fd = pick_fd(c, K_SOCK, NULL);
		}
		fds[i].events = rnd(c, 4) ? (short)(0x310 & rnd64(c)) :
					    (short)rnd64(c);
		fds[i].revents = (short)rnd64(c);
	}
	memset(a, 0, sizeof(*a));
	a->timeout = rnd_timeout(c);
	a->fds = (uintptr_t)fds;
	if (one_in(c, 15) || n > max)
		a->fds = (uintptr_t)bad_ptr(c, false);
	a->count = n;
	switch (rnd(c, 6)) {
	case 0: a->wake_fd = pick_fd(c, K_EVENT, NULL); break;
	case 1: a->wake_fd = pick_fd(c, K_SOCK, NULL); break;
	case 2: a->wake_fd = (int)rnd64(c); break;
	default: a->wake_fd = -1;
	}
	a->flags = rnd(c, 6) ? rnd(c, 4) : (uint32_t)rnd64(c);
	a->result = rnd64(c);
	p = arg_ptr(c, a, true, &t);
	d_start(c, "POLL(%d[%s], %s{n %u, fl %#x, wake %d, to %+lld ms}, fds %d..)",
		fd, kname(d), t, n, a->flags, a->wake_fd,
		a->timeout == WS_TIMEOUT_INFINITE ? -1ll :
		(long long)(a->timeout - now_ns()) / 1000000, n ? fds[0].fd : -1);
	CALL(c, OP_wsapoll, ioctl(fd, WS_IOC_POLL, p));
}

static int rnd_tid(struct ctx *c)
{
	unsigned int n = atomic_load(&c->p->ntids);

	switch (rnd(c, 10)) {
	case 0: return gettid();
	case 1: return rnd(c, 2) ? 0 : (int)rnd64(c);
	case 2: return 1;	/* init: another process */
	case 3: return getppid();
	default:
		return n ? atomic_load(&c->p->tids[rnd(c, n < MAX_TIDS ? n : MAX_TIDS)]) :
			   gettid();
	}
}

static void op_queue_apc(struct ctx *c)
{
	objword d;
	int fd = dev_fd(c, &d);
	struct ws_apc_args *a = (void *)c->buf;
	const char *t;
	void *p;

	fill(c, a, sizeof(*a));
	a->tid = rnd_tid(c);
	a->pad = one_in(c, 15) ? rnd64(c) : 0;
	p = arg_ptr(c, a, false, &t);
	d_start(c, "QUEUE_APC(%d[%s], %s{tid %d, pad %u})", fd, kname(d), t, a->tid, a->pad);
	CALL(c, OP_queue_apc, ioctl(fd, WS_IOC_QUEUE_APC, p));
}

static void op_dequeue_apc(struct ctx *c)
{
	objword d;
	int fd = dev_fd(c, &d);
	const char *t;
	void *p = arg_ptr(c, c->buf, true, &t);

	d_start(c, "DEQUEUE_APC(%d[%s], %s)", fd, kname(d), t);
	CALL(c, OP_dequeue_apc, ioctl(fd, WS_IOC_DEQUEUE_APC, p));
}

static void gen_msg(struct ctx *c, struct ws_msg *m)
{
	m->hwnd = rnd(c, 8) ? rnd(c, 4) : rnd64(c);
	m->message = rnd(c, 8) ? 0x400 + rnd(c, 8) : (uint32_t)rnd64(c);
	m->flags = rnd(c, 10) ? 0 : (rnd(c, 2) ? WS_MSG_FROM_SOCKET : (uint32_t)rnd64(c));
	m->wparam = rnd64(c);
	m->lparam = rnd64(c);
}

static void op_msgq_post(struct ctx *c)
{
	objword q;
	int fd = pick_fd(c, K_MSGQ, &q);
	struct ws_msg *m = (void *)c->buf;
	const char *t;
	void *p;

	gen_msg(c, m);
	p = arg_ptr(c, m, false, &t);
	d_start(c, "MSGQ_POST(%d[%s], %s{hwnd %#llx, msg %#x, fl %#x})", fd, kname(q), t,
		(unsigned long long)m->hwnd, m->message, m->flags);
	CALL(c, OP_msgq_post, ioctl(fd, WS_IOC_MSGQ_POST, p));
}

static void op_msgq_get(struct ctx *c)
{
	objword q;
	int fd = pick_fd(c, K_MSGQ, &q);
	struct ws_msgq_get *g = (void *)c->buf;
	const char *t;
	void *p;

	memset(g, 0, sizeof(*g));
	g->hwnd = rnd(c, 3) ? 0 : rnd(c, 4);
	if (rnd(c, 3) == 0) {
		g->min = 0x400 + rnd(c, 8);
		g->max = g->min + rnd(c, 4);
		if (one_in(c, 5))
			g->max = g->min - 1;
	}
	g->flags = rnd(c, 10) ? rnd(c, 4) : (uint32_t)rnd64(c);
	g->timeout = rnd_timeout(c);
	g->pad = one_in(c, 15) ? rnd64(c) : 0;
	p = arg_ptr(c, g, true, &t);
	d_start(c, "MSGQ_GET(%d[%s], %s{hwnd %llu, [%#x,%#x], fl %#x, pad %u})", fd, kname(q),
		t, (unsigned long long)g->hwnd, g->min, g->max, g->flags, g->pad);
	CALL(c, OP_msgq_get, ioctl(fd, WS_IOC_MSGQ_GET, p));
}

/* Fill a queue to its limit (and past it), then leave it to the others. */
static void op_msgq_flood(struct ctx *c)
{
	objword q = pick(c, K_MSGQ);
	int fd = obj_fd(q), i;
	struct ws_msg m = { .message = 0x401 };
	long r = 0;

	if (obj_kind(q) != K_MSGQ)
		return;
	d_start(c, "MSGQ_POST(%d[msgq]) x %d", fd, WS_MAX_MSGS + 1);
	begin(c, OP_msgq_flood);
	for (i = 0; i <= WS_MAX_MSGS && !atomic_load(&sh->stop); i++) {
		m.hwnd = i & 3;
		r = ioctl(fd, WS_IOC_MSGQ_POST, &m);
		if (r < 0 && errno != ENOMEM)
			break;
	}
	end(c, OP_msgq_flood, r);
}

static void op_dev_ioctl(struct ctx *c)
{
	objword d;
	int fd = dev_fd(c, &d);
	unsigned long cmd;
	const char *t;
	void *p;

	switch (rnd(c, 4)) {
	case 0:
		cmd = _IOC(rnd(c, 4), WS_IOC_MAGIC, 0x90 + rnd(c, 16), rnd(c, 64));
		break;
	case 1:
		cmd = _IOC(rnd(c, 4), WS_IOC_MAGIC, rnd(c, 256), rnd(c, 1 << 14));
		break;
	case 2:
		cmd = rnd64(c);
		break;
	default: {
		static const unsigned long cmds[] = {
			WS_IOC_EVENT_SET, WS_IOC_MSGQ_POST, WS_IOC_EVENT_SELECT,
			WS_IOC_CLOSECHECK, FIONREAD, FIONBIO, WS_IOC_CREATE_PORT,
			WS_IOC_PORT_WAIT, WS_IOC_PORT_POST, WS_IOC_SUBMIT,
		};
		cmd = cmds[rnd(c, sizeof(cmds) / sizeof(cmds[0]))];
	}
	}
	fill(c, c->buf, 256);
	p = arg_ptr(c, c->buf, true, &t);
	d_start(c, "ioctl(%d[%s], %#lx, %s)", fd, kname(d), cmd, t);
	pthread_rwlock_rdlock(&c->p->create_lock);	/* CREATE_PORT makes a fd */
	CALL(c, OP_dev_ioctl, ioctl(fd, cmd, p));
	pthread_rwlock_unlock(&c->p->create_lock);
}

/* ------------------------------------------------ overlapped I/O, ports */

/* @room bytes in the arena at a random place: mostly 8-aligned. */
static char *arena_at(struct ctx *c, size_t room)
{
	size_t off;

	if (room > ARENA)
		room = ARENA;
	off = rnd(c, ARENA - room + 1);
	if (rnd(c, 10))
		off &= ~(size_t)7;
	return c->p->arena + off;
}

/* A pointer for the kernel to write later: the arena, or a bad one. */
static uint64_t late_ptr(struct ctx *c, size_t room)
{
	switch (rnd(c, 40)) {
	case 0: return 0;
	case 1: return (uintptr_t)bad_ptr(c, true);
	case 2: return (uintptr_t)c->p->arena + ARENA - 1 - rnd(c, room + 1);	/* straddles */
	default: return (uintptr_t)arena_at(c, room);
	}
}

static void note_ov(struct ctx *c, uint64_t ov)
{
	unsigned int i = atomic_fetch_add(&c->p->nrecent, 1);

	atomic_store(&c->p->recent_ov[i % 32], ov);
}

/* An OVERLAPPED (32 bytes): new, one submitted lately (reused), or bad. */
static uint64_t gen_ov(struct ctx *c)
{
	switch (rnd(c, 30)) {
	case 0: return 0;
	case 1: return (uintptr_t)bad_ptr(c, true);
	case 2: case 3: return atomic_load(&c->p->recent_ov[rnd(c, 32)]);
	default: return (uintptr_t)arena_at(c, 32) & ~7ull;
	}
}

/* An OVERLAPPED to cancel or wait for: mostly one submitted lately. */
static uint64_t pick_ov(struct ctx *c)
{
	switch (rnd(c, 10)) {
	case 0: return 0;
	case 1: return (uintptr_t)arena_at(c, 32);
	case 2: return rnd64(c);
	default: return atomic_load(&c->p->recent_ov[rnd(c, 32)]);
	}
}

/* WSABUFs over the arena at @v (room for WS_MAX_IOV + 3); their number. */
static uint32_t gen_wsabufs(struct ctx *c, struct ws_iovec *v, bool big)
{
	uint32_t n, i;

	switch (rnd(c, 20)) {
	case 0: case 1: n = 0; break;
	case 2: n = 4 + rnd(c, 60); break;
	case 3: n = rnd(c, 3) ? WS_MAX_IOV : 1 + rnd(c, WS_MAX_IOV); break;
	case 4: n = WS_MAX_IOV + 1 + rnd(c, 3); break;
	default: n = 1 + rnd(c, big ? 16 : 3);
	}
	for (i = 0; i < n; i++) {
		uint32_t len;

		switch (rnd(c, 20)) {
		case 0: case 1: len = 0; break;
		case 2: case 3: len = 4096 + rnd(c, 2); break;
		case 4: len = ARENA; break;
		case 5: len = rnd(c, 2) ? 0xffffffff : 0x7ffff000; break;
		default: len = big ? ARENA / 2 + rnd(c, ARENA / 2) : 1 + rnd(c, 2000);
		}
		v[i].len = len;
		v[i].pad = one_in(c, 40) ? rnd64(c) : 0;
		v[i].buf = one_in(c, 30) ? (uintptr_t)bad_ptr(c, false) :
			   (uintptr_t)arena_at(c, len);
	}
	return n;
}

static int rnd_op(struct ctx *c)
{
	switch (rnd(c, 40)) {
	case 0: return rnd(c, 2) ? 0 : 7 + rnd(c, 10);
	case 1: return rnd64(c);
	case 2: case 3: return WS_OP_ACCEPT;
	case 4: case 5: return WS_OP_CONNECT;
	case 6: case 7: case 8: case 9: return WS_OP_COMPLETE;
	case 10: case 11: case 12: case 13: return WS_OP_TRANSMIT;
	default: return rnd(c, 2) ? WS_OP_RECV : WS_OP_SEND;
	}
}

/* A completion's notification: an event, a routine (APC), neither. */
static void gen_notify(struct ctx *c, struct ws_io *io)
{
	io->event_fd = rnd(c, 5) < 2 ? -1 : pick_fd(c, K_EVENT, NULL);
	io->routine = 0;
	io->dev_fd = -1;
	if (rnd(c, 4) == 0) {
		objword d;

		io->routine = one_in(c, 4) ? rnd64(c) : 0x1000 + rnd(c, 64);
		io->dev_fd = rnd(c, 5) ? c->p->dev_fd : pick_fd(c, K_DEV, &d);
	}
	io->tag = rnd64(c);
	io->ioflags = rnd(c, 4) ? 0 : rnd(c, 8) ? rnd(c, 4) : (uint32_t)rnd64(c);
}

/*
 * The fields of a struct ws_io for @op on a socket of Winsock family @af,
 * mostly valid. The WSABUF array goes to @v.
 */
static void gen_io(struct ctx *c, struct ws_io *io, struct ws_iovec *v, int op, int af)
{
	static const uint32_t statuses[] = {
		WS_STATUS_SUCCESS, WS_STATUS_PENDING, WS_STATUS_BUFFER_OVERFLOW,
		WS_STATUS_CANCELLED, WS_STATUS_CONNECTION_RESET, 0xC0000001u,
	};

	memset(io, 0, sizeof(*io));
	io->op = op;
	io->ov = gen_ov(c);
	io->bufs = one_in(c, 40) ? (uintptr_t)bad_ptr(c, false) : (uintptr_t)v;
	gen_notify(c, io);
	switch (op) {
	case WS_OP_RECV:
		io->nbufs = gen_wsabufs(c, v, false);
		io->flags = rnd(c, 3) ? 0 : rnd(c, 6) ? (uint32_t[]){ MSG_PEEK, MSG_OOB, 0x8,
			     MSG_PEEK | MSG_OOB }[rnd(c, 4)] : (uint32_t)rnd64(c);
		if (rnd(c, 3)) {
			io->addrlen = rnd(c, 3) ? 28 : rnd_len(c, 28);
			io->addr = late_ptr(c, io->addrlen);
		}
		if (rnd(c, 2))
			io->addrlen_out = late_ptr(c, 4);
		if (rnd(c, 2))
			io->flags_out = late_ptr(c, 4);
		break;
	case WS_OP_SEND:
		io->nbufs = gen_wsabufs(c, v, one_in(c, 3));
		io->flags = rnd(c, 3) ? 0 : rnd(c, 6) ? (uint32_t[]){ MSG_OOB, MSG_DONTROUTE,
			     MSG_OOB | MSG_DONTROUTE }[rnd(c, 3)] : (uint32_t)rnd64(c);
		if (one_in(c, 3)) {	/* a destination, read at submission */
			char *sa = c->buf + 16384;	/* never the arena: see arena */

			io->addrlen = gen_addr(c, sa, af);
			io->addr = (uintptr_t)sa;
		}
		break;
	case WS_OP_COMPLETE:
		io->ctx[0] = rnd(c, 4) ? statuses[rnd(c, 6)] : (uint32_t)rnd64(c);
		io->ctx[1] = rnd(c, 4) ? rnd(c, 5000) : rnd64(c);
		if (one_in(c, 10))
			io->nbufs = 1;
		break;
	case WS_OP_TRANSMIT:
		io->nbufs = rnd(c, 4) ? rnd(c, 3) : gen_wsabufs(c, v, false);
		if (io->nbufs <= 2)
			gen_wsabufs(c, v, false);
		switch (rnd(c, 8)) {
		case 0: io->ctx[0] = -1; break;
		case 1: io->ctx[0] = pick_fd(c, -1, NULL); break;
		case 2: io->ctx[0] = rnd64(c); break;
		default: io->ctx[0] = c->p->memfd;
		}
		io->ctx[1] = rnd(c, 4) ? rnd(c, 20000) : rnd64(c);
		io->ctx[2] = rnd(c, 3) ? rnd(c, 20000) : rnd(c, 2) ? 0 : rnd64(c);
		io->ctx[3] = rnd(c, 4) ? 0 : rnd(c, 3) ? WS_TF_DISCONNECT : rnd64(c);
		break;
	case WS_OP_ACCEPT:
		io->ctx[0] = pick_fd(c, K_SOCK, NULL);
		io->ctx[1] = rnd(c, 2) ? 0 : rnd(c, 3000);
		io->ctx[2] = rnd(c, 3) ? 44 : rnd(c, 64);
		io->ctx[3] = rnd(c, 3) ? 44 : rnd(c, 64);
		io->addr = late_ptr(c, io->ctx[1] + io->ctx[2] + io->ctx[3]);
		break;
	case WS_OP_CONNECT:
		io->nbufs = rnd(c, 2) ? 0 : gen_wsabufs(c, v, false);
		break;
	default:
		fill(c, io->ctx, sizeof(io->ctx));
		io->nbufs = rnd(c, 4);
		gen_wsabufs(c, v, false);
	}
	if (one_in(c, 30))
		io->nbufs = rnd64(c);
	if (one_in(c, 40))
		io->pad2 = rnd64(c);
}

static long submit(struct ctx *c, int op, int fd, objword o, struct ws_io *io)
{
	long r;

	d_start(c, "SUBMIT(%d[%s], {op %u, fl %#x, n %u, ev %d, ov %#llx, rt %s, iofl %#x, ctx %lld})",
		fd, kname(o), io->op, io->flags, io->nbufs, io->event_fd,
		(unsigned long long)io->ov, io->routine ? "yes" : "no", io->ioflags,
		(long long)io->ctx[0]);
	r = CALL(c, op, ioctl(fd, WS_IOC_SUBMIT, io));
	if (r == 0 || errno == EINPROGRESS)
		note_ov(c, io->ov);
	return r;
}

/* Remove a registered AcceptEx or ConnectEx of this thread. */
static void drop(struct ctx *c, int op, int fd, uint64_t ov)
{
	struct ws_cancel cn = { .ov = ov, .flags = WS_CANCEL_DROP };

	d_start(c, "CANCEL(%d, {ov %#llx, DROP})", fd, (unsigned long long)ov);
	CALL(c, op, ioctl(fd, WS_IOC_CANCEL, &cn));
}

static void op_ov_submit(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o), op = rnd_op(c);
	struct ws_io *io = (void *)c->buf;
	struct ws_iovec *v = (void *)(c->buf + 32768);
	long r;

	gen_io(c, io, v, op, obj_af(o));
	if (one_in(c, 30)) {	/* the argument itself bad */
		const char *t;
		void *p = arg_ptr(c, io, true, &t);

		d_start(c, "SUBMIT(%d[%s], %s)", fd, kname(o), t);
		CALL(c, OP_ov_submit, ioctl(fd, WS_IOC_SUBMIT, p));
		return;
	}
	r = submit(c, OP_ov_submit, fd, o, io);
	if (r < 0 && errno == EINPROGRESS && (op == WS_OP_ACCEPT || op == WS_OP_CONNECT)) {
		/* Registered: arm it, drop it, or leave it for release. */
		switch (rnd(c, 4)) {
		case 0: case 1:
			if (op == WS_OP_ACCEPT) {
				d_start(c, "accept4(%d[%s]) arming AcceptEx", fd, kname(o));
				r = CALL(c, OP_ov_submit, accept4(fd, NULL, NULL, SOCK_NONBLOCK));
				if (r >= 0) {
					pthread_rwlock_rdlock(&c->p->create_lock);
					pool_add(c, r, K_SOCK, SOCK_STREAM, obj_af(o));
					pthread_rwlock_unlock(&c->p->create_lock);
				}
			} else {
				char sa[128];
				socklen_t len = gen_addr(c, sa, obj_af(o));

				d_start(c, "connect(%d[%s], %s port %d) arming ConnectEx", fd,
					kname(o), afname(sa), ntohs(((struct sockaddr_in *)sa)->sin_port));
				r = CALL(c, OP_ov_submit, connect(fd, (void *)sa, len));
			}
			if (r < 0 && errno == EINPROGRESS)
				break;
			/* not armed */
			__attribute__((fallthrough));
		case 2:
			drop(c, OP_ov_submit, fd, io->ov);
			break;
		}
	}
}

static void op_ov_cancel(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	struct ws_cancel *cn = (void *)c->buf;
	const char *t;
	void *p;

	cn->ov = pick_ov(c);
	switch (rnd(c, 10)) {
	case 0: case 1: cn->flags = WS_CANCEL_THREAD; break;
	case 2: case 3: cn->flags = WS_CANCEL_DROP; break;
	case 4: cn->flags = rnd(c, 2) ? WS_CANCEL_THREAD | WS_CANCEL_DROP : (uint32_t)rnd64(c); break;
	default: cn->flags = 0;
	}
	cn->pad = one_in(c, 30) ? rnd64(c) : 0;
	p = arg_ptr(c, cn, false, &t);
	d_start(c, "CANCEL(%d[%s], %s{ov %#llx, fl %#x})", fd, kname(o), t,
		(unsigned long long)cn->ov, cn->flags);
	CALL(c, OP_ov_cancel, ioctl(fd, WS_IOC_CANCEL, p));
}

/* An absolute timeout for a wait on the fuzzer's own thread: rarely never. */
static uint64_t short_timeout(struct ctx *c)
{
	switch (rnd(c, 100)) {
	case 0: return WS_TIMEOUT_INFINITE;	/* the supervisor's signal ends it */
	case 1: case 2: return rnd64(c);
	case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10: return 0;
	default: return now_ns() + rnd(c, 20) * 1000000ull;
	}
}

static void op_ov_wait(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	struct ws_ov_wait *w = (void *)c->buf;
	const char *t;
	void *p;

	w->ov = pick_ov(c);
	w->timeout = short_timeout(c);
	p = arg_ptr(c, w, false, &t);
	d_start(c, "OV_WAIT(%d[%s], %s{ov %#llx, to %+lld ms})", fd, kname(o), t,
		(unsigned long long)w->ov, w->timeout == WS_TIMEOUT_INFINITE ? -1ll :
		(long long)(w->timeout - now_ns()) / 1000000);
	CALL(c, OP_ov_wait, ioctl(fd, WS_IOC_OV_WAIT, p));
}

/* WSAAccept's conditional accept: register, accept(2), a verdict. */
static void op_cond_accept(struct ctx *c)
{
	struct ws_accept_info *info = (void *)(c->buf + 256);
	struct ws_accept_cond cond = { .info = (uintptr_t)info };
	struct ws_accept_verdict v = { .fd = -1 };
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	long r;

	switch (rnd(c, 12)) {
	case 0: cond.info = 0; break;	/* drop the registration */
	case 1: cond.info = (uintptr_t)bad_ptr(c, false); break;
	case 2: cond.pad = rnd64(c); break;
	}
	d_start(c, "ACCEPT_COND(%d[%s], info %#llx)", fd, kname(o),
		(unsigned long long)cond.info);
	r = CALL(c, OP_cond_accept, ioctl(fd, WS_IOC_ACCEPT_COND, &cond));
	if (r || !cond.info || rnd(c, 8) == 0)
		return;		/* sometimes registered and left so */
	d_start(c, "accept4(%d[%s]) after ACCEPT_COND", fd, kname(o));
	pthread_rwlock_rdlock(&c->p->create_lock);
	r = CALL(c, OP_cond_accept, accept4(fd, NULL, NULL, SOCK_NONBLOCK));
	if (r >= 0)
		pool_add(c, r, K_SOCK, SOCK_STREAM, obj_af(o));
	pthread_rwlock_unlock(&c->p->create_lock);
	if (r >= 0 || errno != EINPROGRESS || rnd(c, 10) == 0)
		return;		/* or a claim left for the thread's next one */
	v.cookie = rnd(c, 8) ? info->cookie : rnd64(c);
	v.verdict = rnd(c, 8) ? rnd(c, 3) : (uint32_t)rnd64(c);
	v.flags = rnd(c, 4) ? 0 : (rnd(c, 2) ? O_CLOEXEC : (uint32_t)rnd64(c));
	d_start(c, "ACCEPT_VERDICT(%d[%s], %u)", fd, kname(o), v.verdict);
	pthread_rwlock_rdlock(&c->p->create_lock);
	r = CALL(c, OP_cond_accept, ioctl(fd, WS_IOC_ACCEPT_VERDICT, &v));
	if (!r && v.verdict == WS_CF_ACCEPT && v.fd >= 0)
		pool_add(c, v.fd, K_SOCK, SOCK_STREAM, obj_af(o));
	pthread_rwlock_unlock(&c->p->create_lock);
}

/* A loopback address of @af on a port of the run's range, or any port. */
static socklen_t rt_lo_addr(struct ctx *c, char *sa, int af)
{
	memset(sa, 0, 128);
	if (af == WS_AF_INET) {
		struct sockaddr_in *s4 = (void *)sa;

		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s4->sin_port = htons(rnd(c, 3) ? opt_port + rnd(c, NPORTS) : 0);
		return sizeof(*s4);
	}
	((struct sockaddr_in6 *)sa)->sin6_family = AF_INET6;
	((struct sockaddr_in6 *)sa)->sin6_addr = in6addr_loopback;
	((struct sockaddr_in6 *)sa)->sin6_port =
		htons(rnd(c, 3) ? opt_port + rnd(c, NPORTS) : 0);
	return sizeof(struct sockaddr_in6);
}

/*
 * Rooted multipoint: a root that listens and a leaf that joins it (or a
 * leaf that listens and a root's socket that invites it), with random
 * flags, connect data and verdicts, left in the pool for the other ops;
 * or one of the rooted ioctls on any socket, with random arguments.
 */
static void op_rooted(struct ctx *c)
{
	const uint32_t root_role = WS_PROTOCOL_MP_C_ROOT | WS_PROTOCOL_MP_D_ROOT;
	const uint32_t leaf_role = WS_PROTOCOL_MP_C_LEAF | WS_PROTOCOL_MP_D_LEAF;
	int af = rnd(c, 2) ? WS_AF_INET : WS_AF_INET6;
	struct ws_rt_join_info *info = (void *)(c->buf + 256);
	struct ws_rt_join j = { .root_fd = -1 };
	struct ws_rt_verdict v = { 0 };
	struct ws_rt_conndata cd = { 0 };
	bool invite = one_in(c, 3);
	long l = -1, n = -1, a = -1;
	char sa[128];
	socklen_t len;
	objword o;
	int fd;

	switch (rnd(c, 4)) {
	case 0:		/* an ioctl on any socket */
		fd = pick_fd(c, K_SOCK, &o);
		info->caller_data = (uintptr_t)(c->buf + 1024);
		info->caller_max = rnd(c, 2048);
		cd.buf = (uintptr_t)(rnd(c, 8) ? (void *)(c->buf + 1024) : bad_ptr(c, true));
		cd.max = rnd(c, 2048);
		v.cookie = rnd(c, 4) ? info->cookie : rnd64(c);
		v.verdict = rnd(c, 8) ? rnd(c, 3) : (uint32_t)rnd64(c);
		v.callee_data = (uintptr_t)(rnd(c, 8) ? (void *)c->buf : bad_ptr(c, false));
		v.callee_len = rnd(c, 8) ? rnd(c, 1100) : (uint32_t)rnd64(c);
		j.flags = rnd(c, 8) ? 1u << rnd(c, 3) : (uint32_t)rnd64(c);
		j.caller_data = (uintptr_t)c->buf;
		j.caller_len = rnd(c, 1100);
		j.root_fd = rnd(c, 2) ? -1 : pick_fd(c, K_SOCK, NULL);
		d_start(c, "rooted ioctl on %d[%s]", fd, kname(o));
		switch (rnd(c, 4)) {
		case 0: CALL(c, OP_rooted, ioctl(fd, WS_IOC_RT_PEEK, rnd(c, 8) ? (void *)info : bad_ptr(c, true))); break;
		case 1: CALL(c, OP_rooted, ioctl(fd, WS_IOC_RT_VERDICT, &v)); break;
		case 2: CALL(c, OP_rooted, ioctl(fd, WS_IOC_RT_CONNDATA, &cd)); break;
		default: CALL(c, OP_rooted, ioctl(fd, WS_IOC_RT_JOIN, &j)); break;
		}
		return;
	case 1:		/* an accept(2) on any socket: a join the ioctls claimed */
		fd = pick_fd(c, K_SOCK, &o);
		d_start(c, "rooted accept4(%d[%s])", fd, kname(o));
		pthread_rwlock_rdlock(&c->p->create_lock);
		a = CALL(c, OP_rooted, accept4(fd, NULL, NULL, SOCK_NONBLOCK));
		if (a >= 0)
			pool_add(c, a, K_SOCK, SOCK_SEQPACKET, obj_af(o));
		pthread_rwlock_unlock(&c->p->create_lock);
		return;
	}

	pthread_rwlock_rdlock(&c->p->create_lock);
	/* The listener: a root, or (for an invitation) a leaf. */
	d_start(c, "rooted: socket(%s listener)", invite ? "leaf" : "root");
	l = CALL(c, OP_rooted, socket(family, SOCK_SEQPACKET | SOCK_NONBLOCK,
				      (int)(WS_PROTOCOL(af, 0) |
					    (invite ? leaf_role : root_role))));
	/* The joiner: a leaf, or a root's new membership socket. */
	n = CALL(c, OP_rooted, socket(family, SOCK_SEQPACKET |
				      (rnd(c, 4) ? SOCK_NONBLOCK : 0),
				      (int)(WS_PROTOCOL(af, 0) | leaf_role)));
	if (l < 0 || n < 0)
		goto out;
	len = rt_lo_addr(c, sa, af);
	d_start(c, "rooted: bind(%ld), listen", l);
	if (CALL(c, OP_rooted, bind(l, (void *)sa, len)) < 0 ||
	    CALL(c, OP_rooted, listen(l, rnd(c, 6))) < 0)
		goto out;
	len = sizeof(sa);
	if (getsockname(l, (void *)sa, &len) < 0)
		goto out;
	if (invite) {
		/* The root whose membership socket n becomes. */
		a = CALL(c, OP_rooted, socket(family, SOCK_SEQPACKET | SOCK_NONBLOCK,
					      (int)(WS_PROTOCOL(af, 0) | root_role)));
		j.root_fd = a >= 0 && rnd(c, 8) ? (int)a : pick_fd(c, K_SOCK, NULL);
	}
	j.flags = rnd(c, 10) ? 1u << rnd(c, 3) : (uint32_t)rnd64(c);
	j.caller_data = (uintptr_t)(rnd(c, 10) ? (void *)c->buf : bad_ptr(c, false));
	j.caller_len = rnd(c, 6) ? rnd(c, 64) : rnd(c, 1100);
	d_start(c, "rooted: RT_JOIN(%ld, flags %#x, root %d), connect", n, j.flags,
		j.root_fd);
	if (CALL(c, OP_rooted, ioctl(n, WS_IOC_RT_JOIN, &j)) < 0)
		goto out;
	/* A blocking join waits for the verdict below: the watchdog ends it. */
	CALL(c, OP_rooted, connect(n, (void *)sa, len));
	if (rnd(c, 3)) {
		struct pollfd pfd = { .fd = l, .events = POLLIN };

		poll(&pfd, 1, 20);
		info->caller_data = (uintptr_t)(c->buf + 1024);
		info->caller_max = rnd(c, 2048);
		d_start(c, "rooted: RT_PEEK/VERDICT/accept(%ld)", l);
		if (!CALL(c, OP_rooted, ioctl(l, WS_IOC_RT_PEEK, info))) {
			v.cookie = info->cookie;
			v.verdict = rnd(c, 3);
			v.callee_data = (uintptr_t)c->buf;
			v.callee_len = rnd(c, 64);
			if (!CALL(c, OP_rooted, ioctl(l, WS_IOC_RT_VERDICT, &v)) &&
			    v.verdict == WS_CF_ACCEPT) {
				long m = CALL(c, OP_rooted,
					      accept4(l, NULL, NULL, SOCK_NONBLOCK));

				if (m >= 0)
					pool_add(c, m, K_SOCK, SOCK_SEQPACKET, af);
			}
		}
	}
out:
	if (l >= 0)
		pool_add(c, l, K_SOCK, SOCK_SEQPACKET, af);
	if (n >= 0)
		pool_add(c, n, K_SOCK, SOCK_SEQPACKET, af);
	if (invite && a >= 0)
		pool_add(c, a, K_SOCK, SOCK_SEQPACKET, af);
	pthread_rwlock_unlock(&c->p->create_lock);
}

/* Tokens of WS_IOC_DUPLICATE, for any thread's WS_IOC_CLAIM. */
static _Atomic uint32_t dup_tokens[16];

static void op_duplicate(struct ctx *c)
{
	struct ws_dup_args d = { 0 };
	objword dv, o;
	int fd = dev_fd(c, &dv);

	d.fd = pick_fd(c, K_SOCK, &o);
	/*
	 * Its own processes only: a duplication for a process that outlives
	 * the run (init, say) would keep its socket, and the module, until
	 * that process exits.
	 */
	switch (rnd(c, 10)) {
	case 0: d.pid = getppid(); break;	/* the main fuzz process */
	case 1: d.pid = 0; break;
	case 2: d.pid = 0x7ffffff0u + rnd(c, 16); break;	/* none */
	case 3: d.pid = gettid(); break;
	default: d.pid = getpid();
	}
	d.reserved = one_in(c, 15) ? rnd64(c) : 0;
	d_start(c, "DUPLICATE(%d[%s], fd %d, pid %u)", fd, kname(dv), d.fd,
		d.pid);
	if (!CALL(c, OP_duplicate, ioctl(fd, WS_IOC_DUPLICATE, &d)))
		atomic_store(&dup_tokens[rnd(c, 16)], d.token);
}

static void op_claim(struct ctx *c)
{
	struct ws_claim_args a = { .fd = -1 };
	objword dv;
	int fd = dev_fd(c, &dv);
	long r;

	a.token = rnd(c, 8) ? atomic_load(&dup_tokens[rnd(c, 16)]) :
			      (uint32_t)rnd64(c);
	a.flags = rnd(c, 3) ? 0 : (rnd(c, 4) ? O_CLOEXEC : (uint32_t)rnd64(c));
	a.pad = one_in(c, 15) ? rnd64(c) : 0;
	d_start(c, "CLAIM(%d[%s], token %#x)", fd, kname(dv), a.token);
	pthread_rwlock_rdlock(&c->p->create_lock);
	r = CALL(c, OP_claim, ioctl(fd, WS_IOC_CLAIM,
				    one_in(c, 20) ? bad_ptr(c, false) : (void *)&a));
	if (!r && a.fd >= 0)
		pool_add(c, a.fd, K_SOCK, SOCK_STREAM, WS_AF_INET);
	pthread_rwlock_unlock(&c->p->create_lock);
}

static void op_accept_take(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	long nfd;

	d_start(c, "ACCEPT_TAKE(%d[%s])", fd, kname(o));
	pthread_rwlock_rdlock(&c->p->create_lock);
	nfd = CALL(c, OP_accept_take, ioctl(fd, WS_IOC_ACCEPT_TAKE));
	if (nfd >= 0)
		pool_add(c, nfd, K_SOCK, SOCK_STREAM, obj_af(o));
	pthread_rwlock_unlock(&c->p->create_lock);
}

/* The loopback address of @af (Winsock's) and @port, in Linux's numbering. */
static socklen_t lo_addr(void *sa, int af, int port)
{
	memset(sa, 0, 128);
	if (af == WS_AF_INET6) {
		struct sockaddr_in6 *s6 = sa;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = sa;

		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s4->sin_port = htons(port);
		return sizeof(*s4);
	}
}

/* A new stream socket bound to loopback and listening; -1 on failure. */
static long new_listener(struct ctx *c, int op, int af)
{
	char sa[128];
	socklen_t len = lo_addr(sa, af, rnd(c, 4) ? 0 : opt_port + rnd(c, NPORTS));
	long l;

	d_start(c, "socket(tcp%c)", af == WS_AF_INET ? '4' : '6');
	l = CALL(c, op, socket(family, SOCK_STREAM | (rnd(c, 3) ? 0 : SOCK_NONBLOCK),
			       WS_PROTOCOL(af, 0)));
	if (l < 0)
		return -1;
	d_start(c, "bind(%ld), listen(%ld)", l, l);
	if (CALL(c, op, bind(l, (void *)sa, len) || listen(l, 1 + rnd(c, 8)) ? -1 : 0)) {
		pool_add(c, l, K_SOCK, SOCK_STREAM, af);
		return -1;
	}
	return l;
}

/* A nonblocking client connecting to the listener @l; -1 on failure. */
static long new_client(struct ctx *c, int op, int af, long l)
{
	char sa[128];
	socklen_t len = sizeof(sa);
	long cl;

	if (getsockname(l, (void *)sa, &len))
		return -1;
	d_start(c, "socket(tcp%c), connect to %ld", af == WS_AF_INET ? '4' : '6', l);
	cl = CALL(c, op, socket(family, SOCK_STREAM | SOCK_NONBLOCK, WS_PROTOCOL(af, 0)));
	if (cl < 0)
		return -1;
	CALL(c, op, connect(cl, (void *)sa, len));
	return cl;
}

/*
 * AcceptEx as libws does it: a listener, a fresh accept socket, the
 * operation registered (WS_IOC_SUBMIT) and armed (accept(2)), a client;
 * then taking the connection, waiting, cancelling or closing things, at
 * random. Everything left goes to the pool, pending or not.
 */
static void op_acceptex(struct ctx *c)
{
	int af = rnd(c, 2) ? WS_AF_INET : WS_AF_INET6;
	int aaf = one_in(c, 15) ? (af == WS_AF_INET ? WS_AF_INET6 : WS_AF_INET) : af;
	uint32_t room = af == WS_AF_INET ? 16 + 16 : 28 + 16;
	struct ws_io *io = (void *)c->buf;
	struct ws_iovec *v = (void *)(c->buf + 32768);
	long l = -1, a = -1, cl = -1, t = -1, r;
	objword lo;
	bool fresh = rnd(c, 4);

	pthread_rwlock_rdlock(&c->p->create_lock);
	if (fresh) {
		l = new_listener(c, OP_acceptex, af);
		lo = obj_make(l, K_SOCK, SOCK_STREAM, af);
	} else {
		l = pick_fd(c, K_SOCK, &lo);
		af = obj_af(lo);
	}
	if (l < 0)
		goto out;
	d_start(c, "socket(tcp%c) for AcceptEx", aaf == WS_AF_INET ? '4' : '6');
	a = CALL(c, OP_acceptex, socket(family, SOCK_STREAM | (rnd(c, 3) ? 0 : SOCK_NONBLOCK),
					WS_PROTOCOL(aaf, 0)));
	gen_io(c, io, v, WS_OP_ACCEPT, af);
	io->ctx[0] = one_in(c, 20) ? (uint64_t)pick_fd(c, -1, NULL) : (uint64_t)a;
	io->ctx[1] = rnd(c, 2) ? 0 : rnd(c, 4) ? 1 + rnd(c, 100) : rnd(c, 70000);
	io->ctx[2] = rnd(c, 4) ? room : rnd(c, 2) ? 0 : rnd(c, room + 2);
	io->ctx[3] = rnd(c, 5) ? room : rnd(c, room + 2);
	io->addr = late_ptr(c, io->ctx[1] + io->ctx[2] + io->ctx[3]);
	r = submit(c, OP_acceptex, l, lo, io);
	if (r < 0 && errno == EINPROGRESS) {
		if (one_in(c, 10)) {
			drop(c, OP_acceptex, l, io->ov);
		} else if (rnd(c, 10)) {
			d_start(c, "accept4(%ld) arming AcceptEx", l);
			r = CALL(c, OP_acceptex, accept4(l, NULL, NULL, SOCK_NONBLOCK));
			if (r >= 0)
				pool_add(c, r, K_SOCK, SOCK_STREAM, af);
			if (r >= 0 || errno != EINPROGRESS)
				drop(c, OP_acceptex, l, io->ov);
		}	/* else left registered */
	}
	if (rnd(c, 5))
		cl = new_client(c, OP_acceptex, af, l);
	if (cl >= 0 && io->ctx[1] && rnd(c, 2)) {
		struct pollfd pfd = { .fd = cl, .events = POLLOUT };

		poll(&pfd, 1, 20);
		d_start(c, "send(%ld) first data", cl);
		CALL(c, OP_acceptex, send(cl, c->p->arena, 1 + rnd(c, 200), MSG_DONTWAIT));
	}
	/* What happens to it now. */
	while (pct(c, 60)) {
		switch (rnd(c, 8)) {
		case 0: case 1: {
			struct ws_ov_wait w = { .ov = io->ov, .timeout = now_ns() + rnd(c, 30) * 1000000ull };

			d_start(c, "OV_WAIT(%ld, AcceptEx)", l);
			CALL(c, OP_acceptex, ioctl(l, WS_IOC_OV_WAIT, &w));
			break;
		}
		case 2: case 3:
			if (a < 0)
				break;
			d_start(c, "ACCEPT_TAKE(%ld)", a);
			r = CALL(c, OP_acceptex, ioctl(a, WS_IOC_ACCEPT_TAKE));
			if (r >= 0) {
				if (t >= 0)
					pool_add(c, t, K_SOCK, SOCK_STREAM, af);
				t = r;
			}
			break;
		case 4: {
			struct ws_cancel cn = { .ov = rnd(c, 3) ? io->ov : 0,
						.flags = rnd(c, 2) ? 0 : WS_CANCEL_THREAD };

			d_start(c, "CANCEL(%ld, {ov %#llx, fl %#x})", l, (unsigned long long)cn.ov,
				cn.flags);
			CALL(c, OP_acceptex, ioctl(l, WS_IOC_CANCEL, &cn));
			break;
		}
		case 5:
			if (a < 0)
				break;
			d_start(c, "close(%ld) (the accept socket)", a);
			CALL(c, OP_acceptex, sclose(a));
			a = -1;
			break;
		case 6:
			if (!fresh || l < 0)
				break;
			d_start(c, "close(%ld) (the listener)", l);
			CALL(c, OP_acceptex, sclose(l));
			l = -1;
			break;
		default:
			if (cl < 0)
				break;
			d_start(c, "close(%ld) (the client)", cl);
			CALL(c, OP_acceptex, sclose(cl));
			cl = -1;
		}
	}
out:
	if (fresh && l >= 0)
		pool_add(c, l, K_SOCK, SOCK_STREAM, af);
	if (a >= 0)
		pool_add(c, a, K_SOCK, SOCK_STREAM, aaf);
	if (cl >= 0)
		pool_add(c, cl, K_SOCK, SOCK_STREAM, af);
	if (t >= 0)
		pool_add(c, t, K_SOCK, SOCK_STREAM, af);
	pthread_rwlock_unlock(&c->p->create_lock);
}

/*
 * ConnectEx: a bound socket, the operation registered and armed by
 * connect(2) (to a listener of ours, a port of the range, or a refusing
 * one), with data to send; then waits, cancels, closes.
 */
static void op_connectex(struct ctx *c)
{
	int af = rnd(c, 2) ? WS_AF_INET : WS_AF_INET6;
	struct ws_io *io = (void *)c->buf;
	struct ws_iovec *v = (void *)(c->buf + 32768);
	char sa[128];
	socklen_t len;
	long s, l = -1, r;
	objword so;

	pthread_rwlock_rdlock(&c->p->create_lock);
	d_start(c, "socket(tcp%c) for ConnectEx", af == WS_AF_INET ? '4' : '6');
	s = CALL(c, OP_connectex, socket(family, SOCK_STREAM | (rnd(c, 3) ? 0 : SOCK_NONBLOCK),
					 WS_PROTOCOL(af, 0)));
	if (s < 0)
		goto out;
	so = obj_make(s, K_SOCK, SOCK_STREAM, af);
	if (rnd(c, 12)) {
		len = lo_addr(sa, af, 0);
		d_start(c, "bind(%ld)", s);
		CALL(c, OP_connectex, bind(s, (void *)sa, len));
	}
	switch (rnd(c, 4)) {
	case 0: case 1:
		l = new_listener(c, OP_connectex, af);
		len = sizeof(sa);
		if (l < 0 || getsockname(l, (void *)sa, &len))
			len = lo_addr(sa, af, opt_port);
		break;
	case 2:
		len = lo_addr(sa, af, opt_port + rnd(c, NPORTS));
		break;
	default:
		len = gen_addr(c, sa, af);
	}
	gen_io(c, io, v, WS_OP_CONNECT, af);
	if (rnd(c, 2)) {
		io->nbufs = rnd(c, 3);
		gen_wsabufs(c, v, one_in(c, 4));
	}
	r = submit(c, OP_connectex, s, so, io);
	if (r < 0 && errno == EINPROGRESS) {
		if (rnd(c, 10)) {
			d_start(c, "connect(%ld, %s port %d) arming ConnectEx", s, afname(sa),
				ntohs(((struct sockaddr_in *)sa)->sin_port));
			r = CALL(c, OP_connectex, connect(s, (void *)sa, len));
			if (r == 0 || errno != EINPROGRESS)
				drop(c, OP_connectex, s, io->ov);
		} else if (rnd(c, 2)) {
			drop(c, OP_connectex, s, io->ov);
		}
	}
	while (pct(c, 50)) {
		switch (rnd(c, 6)) {
		case 0: case 1: {
			struct ws_ov_wait w = { .ov = io->ov, .timeout = now_ns() + rnd(c, 30) * 1000000ull };

			d_start(c, "OV_WAIT(%ld, ConnectEx)", s);
			CALL(c, OP_connectex, ioctl(s, WS_IOC_OV_WAIT, &w));
			break;
		}
		case 2: {
			struct ws_cancel cn = { .ov = rnd(c, 3) ? io->ov : 0 };

			d_start(c, "CANCEL(%ld, {ov %#llx})", s, (unsigned long long)cn.ov);
			CALL(c, OP_connectex, ioctl(s, WS_IOC_CANCEL, &cn));
			break;
		}
		case 3:
			d_start(c, "connect(%ld) again", s);
			CALL(c, OP_connectex, connect(s, (void *)sa, len));
			break;
		case 4:
			if (l < 0)
				break;
			d_start(c, "close(%ld) (the listener)", l);
			CALL(c, OP_connectex, sclose(l));
			l = -1;
			break;
		default:
			d_start(c, "close(%ld) (the ConnectEx socket)", s);
			CALL(c, OP_connectex, sclose(s));
			s = -1;
			goto out;
		}
	}
out:
	if (s >= 0)
		pool_add(c, s, K_SOCK, SOCK_STREAM, af);
	if (l >= 0)
		pool_add(c, l, K_SOCK, SOCK_STREAM, af);
	pthread_rwlock_unlock(&c->p->create_lock);
}

/* A new completion port in the pool (and returned), or -1. */
static long port_create(struct ctx *c, int op)
{
	objword d;
	int fd = dev_fd(c, &d);
	struct ws_port_args a = { .fd = -12345 };
	long r;

	switch (rnd(c, 6)) {
	case 0: a.concurrency = 0; break;
	case 1: a.concurrency = rnd64(c); break;
	case 2: a.concurrency = 2 + rnd(c, 4); break;
	default: a.concurrency = 1;
	}
	d_start(c, "CREATE_PORT(%d[%s], {conc %u})", fd, kname(d), a.concurrency);
	r = CALL(c, op, ioctl(fd, WS_IOC_CREATE_PORT, &a));
	if (r == 0) {
		pool_add(c, a.fd, K_PORT, 0, 0);
		return a.fd;
	}
	return -1;
}

static void op_port_create(struct ctx *c)
{
	objword d;
	int fd;
	struct ws_port_args *a = (void *)c->buf;
	const char *t;
	void *p;
	long r;

	pthread_rwlock_rdlock(&c->p->create_lock);
	if (rnd(c, 4)) {
		port_create(c, OP_port_create);
	} else {
		fd = dev_fd(c, &d);
		a->concurrency = rnd64(c);
		a->fd = -12345;
		p = arg_ptr(c, a, true, &t);
		d_start(c, "CREATE_PORT(%d[%s], %s{conc %u})", fd, kname(d), t, a->concurrency);
		r = CALL(c, OP_port_create, ioctl(fd, WS_IOC_CREATE_PORT, p));
		if (r == 0 && p == a)
			pool_add(c, a->fd, K_PORT, 0, 0);
	}
	pthread_rwlock_unlock(&c->p->create_lock);
}

static void associate(struct ctx *c, int op, int fd, objword o, int port)
{
	struct ws_associate *a = (void *)c->buf;
	const char *t;
	void *p;

	a->port_fd = port;
	a->pad = one_in(c, 30) ? rnd64(c) : 0;
	a->key = rnd(c, 3) ? rnd(c, 16) : rnd64(c);
	p = arg_ptr(c, a, false, &t);
	d_start(c, "ASSOCIATE(%d[%s], %s{port %d, key %#llx})", fd, kname(o), t, port,
		(unsigned long long)a->key);
	CALL(c, op, ioctl(fd, WS_IOC_ASSOCIATE, p));
}

static void op_associate(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);

	associate(c, OP_associate, fd, o, pick_fd(c, K_PORT, NULL));
}

static void op_notify_modes(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	uint32_t *m = (void *)c->buf;
	const char *t;
	void *p;

	*m = rnd(c, 4) ? 1 + rnd(c, 3) : (uint32_t)rnd64(c);
	p = arg_ptr(c, m, false, &t);
	d_start(c, "NOTIFY_MODES(%d[%s], %s%#x)", fd, kname(o), t, *m);
	CALL(c, OP_notify_modes, ioctl(fd, WS_IOC_NOTIFY_MODES, p));
}

static void op_port_post(struct ctx *c)
{
	objword q;
	int fd = pick_fd(c, K_PORT, &q);
	struct ws_port_entry *e = (void *)c->buf;
	const char *t;
	void *p;

	e->key = rnd(c, 16);
	e->ov = rnd(c, 2) ? 0 : pick_ov(c);
	e->bytes = rnd(c, 3) ? rnd(c, 1000) : rnd64(c);
	e->status = rnd(c, 3) ? 0 : rnd64(c);
	e->pad = one_in(c, 20) ? rnd64(c) : 0;
	p = arg_ptr(c, e, false, &t);
	d_start(c, "PORT_POST(%d[%s], %s{key %llu, bytes %llu})", fd, kname(q), t,
		(unsigned long long)e->key, (unsigned long long)e->bytes);
	CALL(c, OP_port_post, ioctl(fd, WS_IOC_PORT_POST, p));
}

static long port_wait(struct ctx *c, int op, int port, uint64_t timeout)
{
	objword d;
	int fd = dev_fd(c, &d);
	struct ws_port_wait *w = (void *)c->buf;
	const char *t;
	void *p;

	memset(w, 0, sizeof(*w));
	w->port_fd = port;
	switch (rnd(c, 12)) {
	case 0: w->max = 0; break;
	case 1: w->max = WS_PORT_MAX_BATCH + rnd(c, 2); break;
	case 2: w->max = rnd64(c); break;
	case 3: case 4: w->max = 2 + rnd(c, 64); break;
	default: w->max = 1;
	}
	w->entries = one_in(c, 20) ? (uintptr_t)bad_ptr(c, true) : (uintptr_t)c->buf2;
	w->timeout = timeout;
	w->flags = rnd(c, 4) ? 0 : rnd(c, 6) ? WS_WAIT_ALERTABLE : (uint32_t)rnd64(c);
	w->count = rnd64(c);
	w->pad = one_in(c, 30) ? rnd64(c) : 0;
	p = arg_ptr(c, w, true, &t);
	d_start(c, "PORT_WAIT(%d[%s], %s{port %d, max %u, fl %#x, to %+lld ms})", fd, kname(d),
		t, port, w->max, w->flags, w->timeout == WS_TIMEOUT_INFINITE ? -1ll :
		(long long)(w->timeout - now_ns()) / 1000000);
	return CALL(c, op, ioctl(fd, WS_IOC_PORT_WAIT, p));
}

static void op_port_wait(struct ctx *c)
{
	port_wait(c, OP_port_wait, pick_fd(c, K_PORT, NULL), short_timeout(c));
}

static void op_port_close(struct ctx *c)
{
	objword q;
	int fd = pick_fd(c, K_PORT, &q);

	d_start(c, "PORT_CLOSE(%d[%s])", fd, kname(q));
	CALL(c, OP_port_close, ioctl(fd, WS_IOC_PORT_CLOSE));
}

/*
 * Unmap or replace a page of the arena under the pending operations that
 * hold it (the module pins their pages), or map it back.
 */
static void op_remap(struct ctx *c)
{
	char *pg = c->p->arena + rnd(c, ARENA_PAGES) * 4096;
	void *r;

	if (one_in(c, 3)) {
		d_start(c, "munmap(arena page %ld)", (long)(pg - c->p->arena) / 4096);
		CALL(c, OP_remap, munmap(pg, 4096));
		return;
	}
	d_start(c, "mmap(arena page %ld, MAP_FIXED)", (long)(pg - c->p->arena) / 4096);
	r = (void *)CALL(c, OP_remap, (long)mmap(pg, 4096, PROT_READ | PROT_WRITE,
						  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	(void)r;
}

/*
 * A connected pair with overlapped operations pending on both ends,
 * completing to a port (or events, or APCs); then the ends are closed,
 * shut down or cancelled, the port closed or drained, data sent, pages
 * replaced, in a random order.
 */
static void op_ov_storm(struct ctx *c)
{
	int af = rnd(c, 2) ? WS_AF_INET : WS_AF_INET6;
	bool tcp = rnd(c, 4);
	struct ws_io *io = (void *)c->buf;
	struct ws_iovec *v = (void *)(c->buf + 32768);
	long l = -1, s[2] = { -1, -1 }, port = -1;
	unsigned int i, n;

	pthread_rwlock_rdlock(&c->p->create_lock);
	if (rnd(c, 3))
		port = port_create(c, OP_ov_storm);
	else
		port = pick_fd(c, K_PORT, NULL);
	if (tcp) {
		l = new_listener(c, OP_ov_storm, af);
		if (l < 0)
			goto out;
		s[0] = new_client(c, OP_ov_storm, af, l);
		if (s[0] >= 0) {
			struct pollfd pfd = { .fd = l, .events = POLLIN };

			poll(&pfd, 1, 50);
			d_start(c, "accept4(%ld)", l);
			s[1] = CALL(c, OP_ov_storm, accept4(l, NULL, NULL, rnd(c, 2) ? SOCK_NONBLOCK : 0));
		}
		if (rnd(c, 2)) {
			pool_add(c, l, K_SOCK, SOCK_STREAM, af);
			l = -1;
		}
	} else {
		char sa[128];
		socklen_t len;

		for (i = 0; i < 2; i++) {
			s[i] = socket(family, SOCK_DGRAM, WS_PROTOCOL(af, 0));
			len = lo_addr(sa, af, 0);
			if (s[i] >= 0)
				bind(s[i], (void *)sa, len);
		}
		for (i = 0; i < 2 && s[0] >= 0 && s[1] >= 0; i++) {
			len = sizeof(sa);
			if (getsockname(s[!i], (void *)sa, &len) == 0)
				connect(s[i], (void *)sa, len);
		}
	}
	for (i = 0; i < 2; i++) {
		objword o = obj_make(s[i], K_SOCK, tcp ? SOCK_STREAM : SOCK_DGRAM, af);

		if (s[i] < 0)
			continue;
		if (rnd(c, 4))
			associate(c, OP_ov_storm, s[i], o, port);
		if (one_in(c, 4)) {
			uint32_t m = WS_SKIP_PORT_ON_SUCCESS;

			d_start(c, "NOTIFY_MODES(%ld, SKIP_PORT_ON_SUCCESS)", s[i]);
			CALL(c, OP_ov_storm, ioctl(s[i], WS_IOC_NOTIFY_MODES, &m));
		}
	}
	n = 1 + rnd(c, 12);
	for (i = 0; i < n; i++) {
		int k = rnd(c, 2), op;
		objword o = obj_make(s[k], K_SOCK, tcp ? SOCK_STREAM : SOCK_DGRAM, af);

		if (s[k] < 0)
			continue;
		switch (rnd(c, 10)) {
		case 0: case 1: case 2: case 3: case 4: op = WS_OP_RECV; break;
		case 5: case 6: op = WS_OP_SEND; break;
		case 7: op = WS_OP_TRANSMIT; break;
		case 8: op = WS_OP_COMPLETE; break;
		default: op = rnd_op(c);
		}
		gen_io(c, io, v, op, af);
		if (op == WS_OP_SEND && rnd(c, 2)) {	/* enough to fill the buffers */
			io->nbufs = 8 + rnd(c, 24);
			for (unsigned int j = 0; j < io->nbufs; j++) {
				v[j].len = ARENA;
				v[j].pad = 0;
				v[j].buf = (uintptr_t)c->p->arena;
			}
		}
		submit(c, OP_ov_storm, s[k], o, io);
	}
	n = 1 + rnd(c, 4);
	for (i = 0; i < n; i++) {
		int k = rnd(c, 2);

		switch (rnd(c, 10)) {
		case 0: case 1:
			if (s[k] < 0)
				break;
			d_start(c, "close(%ld) under pending operations", s[k]);
			CALL(c, OP_ov_storm, sclose(s[k]));
			s[k] = -1;
			break;
		case 2:
			if (s[k] < 0)
				break;
			d_start(c, "shutdown(%ld, %d)", s[k], k);
			CALL(c, OP_ov_storm, shutdown(s[k], rnd(c, 3)));
			break;
		case 3: {
			struct ws_cancel cn = { .ov = rnd(c, 2) ? 0 : pick_ov(c),
						.flags = rnd(c, 2) ? 0 : WS_CANCEL_THREAD };

			if (s[k] < 0)
				break;
			d_start(c, "CANCEL(%ld, {ov %#llx, fl %#x})", s[k], (unsigned long long)cn.ov,
				cn.flags);
			CALL(c, OP_ov_storm, ioctl(s[k], WS_IOC_CANCEL, &cn));
			break;
		}
		case 4:
			d_start(c, "PORT_CLOSE(%ld)", port);
			CALL(c, OP_ov_storm, ioctl(port, WS_IOC_PORT_CLOSE));
			break;
		case 5:
			if (s[k] < 0)
				break;
			d_start(c, "send(%ld)", s[k]);
			CALL(c, OP_ov_storm, send(s[k], c->p->arena, 1 + rnd(c, 3000),
						  MSG_DONTWAIT | (one_in(c, 5) ? MSG_OOB : 0)));
			break;
		case 6:
			op_remap(c);
			break;
		case 7:
			if (s[k] < 0)
				break;
			d_start(c, "SO_LINGER {1, 0} and close(%ld)", s[k]);
			{
				struct ws_linger lg = { 1, 0 };

				setsockopt(s[k], WS_SOL_SOCKET, WS_SO_LINGER, &lg, sizeof(lg));
			}
			CALL(c, OP_ov_storm, sclose(s[k]));
			s[k] = -1;
			break;
		default:
			port_wait(c, OP_ov_storm, port, rnd(c, 2) ? 0 : now_ns() + rnd(c, 20) * 1000000ull);
		}
	}
out:
	for (i = 0; i < 2; i++)
		if (s[i] >= 0)
			pool_add(c, s[i], K_SOCK, tcp ? SOCK_STREAM : SOCK_DGRAM, af);
	if (l >= 0)
		pool_add(c, l, K_SOCK, SOCK_STREAM, af);
	pthread_rwlock_unlock(&c->p->create_lock);
}

/* ------------------------------------------------------- fds, closing */

static void op_close(struct ctx *c)
{
	unsigned int i = rnd(c, POOL);
	objword o = atomic_exchange(&c->p->pool[i], obj_make(-1, K_NONE, 0, 0));
	int fd = obj_fd(o);

	if (obj_kind(o) == K_NONE)
		return;
	if (obj_kind(o) == K_PORT && rnd(c, 3) == 0) {
		d_start(c, "PORT_CLOSE(%d[port])", fd);
		CALL(c, OP_close, ioctl(fd, WS_IOC_PORT_CLOSE));
	}
	if (obj_kind(o) == K_SOCK) {
		switch (rnd(c, 8)) {
		case 0: {
			struct ws_linger l = { 1, rnd(c, 3) };

			d_start(c, "setsockopt(%d[%s], SO_LINGER, {1, %u})", fd, kname(o), l.l_linger);
			CALL(c, OP_close, setsockopt(fd, WS_SOL_SOCKET, WS_SO_LINGER, &l, sizeof(l)));
			break;
		}
		case 1:
			d_start(c, "ioctl(%d[%s], CANCEL_BLOCKING)", fd, kname(o));
			CALL(c, OP_close, ioctl(fd, WS_IOC_CANCEL_BLOCKING));
			break;
		case 2:
			d_start(c, "shutdown(%d[%s], SD_BOTH)", fd, kname(o));
			CALL(c, OP_close, shutdown(fd, SHUT_RDWR));
			break;
		}
	}
	d_start(c, "close(%d[%s])", fd, kname(o));
	CALL(c, OP_close, sclose(fd));
}

static void op_dup(struct ctx *c)
{
	objword o = pick(c, -1);
	long fd;

	if (obj_kind(o) == K_NONE)
		return;
	d_start(c, "dup(%d[%s])", obj_fd(o), kname(o));
	pthread_rwlock_rdlock(&c->p->create_lock);
	fd = CALL(c, OP_dup, fcntl(obj_fd(o), F_DUPFD_CLOEXEC, 0));
	if (fd >= 0) {
		pool_add(c, fd, obj_kind(o), obj_type(o), obj_af(o));
		if (fd < 1024)	/* the same socket: -R treats it as bound */
			atomic_store(&c->p->bound[fd], 1);
	}
	pthread_rwlock_unlock(&c->p->create_lock);
}

static void op_fcntl(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, -1, &o);
	int fl = rnd(c, 2) ? O_NONBLOCK : 0;

	if (rnd(c, 4) == 0)
		fl |= O_ASYNC;
	d_start(c, "fcntl(%d[%s], F_SETFL, %#x)", fd, kname(o), fl);
	CALL(c, OP_fcntl, fcntl(fd, F_SETFL, fl));
}

static void op_splice(struct ctx *c)
{
	objword o;
	int fd = pick_fd(c, K_SOCK, &o);
	size_t len = 1 + rnd(c, 8192);

	if (rnd(c, 2)) {
		off_t off = rnd(c, 4096);

		d_start(c, "sendfile(%d[%s], memfd, %zu)", fd, kname(o), len);
		CALL(c, OP_splice, sendfile(fd, c->p->memfd, &off, len));
	} else if (c->pipe[1] >= 0) {
		char drain[512];

		/*
		 * Into this thread's own pipe: a splice from a blocking
		 * socket blocks holding the pipe's mutex (as it does for
		 * native TCP and UDP sockets: SPLICE_F_NONBLOCK is about the
		 * pipe), and other threads splicing into the same pipe would
		 * wait for it in D state.
		 */
		d_start(c, "splice(%d[%s] -> pipe, %zu)", fd, kname(o), len);
		CALL(c, OP_splice, splice(fd, NULL, c->pipe[1], NULL, len,
					  SPLICE_F_NONBLOCK));
		while (read(c->pipe[0], drain, sizeof(drain)) > 0)
			;
	}
}

/* ------------------------------------------ blocking calls and closes */

/*
 * -F: glibc blocks every signal around clone() in pthread_create() and
 * fork(), and restores the mask from memory afterwards, in the caller and
 * in the new thread or process. Under fail_usercopy that copy can fail,
 * leaving every signal blocked: the supervisor's signals then stay
 * pending, and a blocking call (a splice holding a pipe's mutex, an
 * accept) never ends. So after those calls the mask is set again, until
 * that works. The fuzzer blocks no signal itself.
 */
static void sigmask_repair(void)
{
	sigset_t none;
	int i;

	if (!opt_fault)
		return;
	sigemptyset(&none);
	for (i = 0; i < 1000 && pthread_sigmask(SIG_SETMASK, &none, NULL); i++)
		;
}

static void run_ops(struct ctx *c, uint64_t n, bool may_fork);

static void add_tid(struct proc *p, int tid)
{
	unsigned int i = atomic_fetch_add(&p->ntids, 1);

	atomic_store(&p->tids[i % MAX_TIDS], tid);
}

struct blocker {
	struct ctx	c;
	objword		o;
	int		what;
	_Atomic int	started;
};

/* The helper thread: one call that blocks on the object. */
static void *blocker_main(void *arg)
{
	struct blocker *b = arg;
	struct ctx *c = &b->c;
	int fd = obj_fd(b->o);

	atomic_store(&c->slot->tid, gettid());
	add_tid(c->p, gettid());
	sigmask_repair();
	atomic_store(&b->started, 1);
	switch (obj_kind(b->o)) {
	case K_SOCK: {
		int fl = rnd(c, 4) ? 0 : MSG_OOB;

		if (b->what == 0) {
			d_start(c, "blocked accept(%d[%s])", fd, kname(b->o));
			CALL(c, OP_close_blocked, accept(fd, NULL, NULL));
		} else if (b->what == 1) {
			d_start(c, "blocked send(%d[%s], %d)", fd, kname(b->o), BUFSZ);
			CALL(c, OP_close_blocked, send(fd, c->buf, BUFSZ, 0));
		} else if (b->what == 3) {
			/* An overlapped receive, and a wait for it. */
			struct ws_io *io = (void *)c->buf;
			struct ws_iovec *v = (void *)(c->buf + 32768);
			struct ws_ov_wait w = { .timeout = WS_TIMEOUT_INFINITE };

			gen_io(c, io, v, WS_OP_RECV, obj_af(b->o));
			if (submit(c, OP_close_blocked, fd, b->o, io) < 0 && errno != EINPROGRESS)
				break;
			w.ov = io->ov;
			d_start(c, "blocked OV_WAIT(%d[%s], ov %#llx)", fd, kname(b->o),
				(unsigned long long)w.ov);
			CALL(c, OP_close_blocked, ioctl(fd, WS_IOC_OV_WAIT, &w));
		} else {
			d_start(c, "blocked recv(%d[%s], %#x)", fd, kname(b->o), fl);
			CALL(c, OP_close_blocked, recv(fd, c->buf2, 100, fl));
		}
		break;
	}
	case K_EVENT: {
		struct ws_wait_args w = {
			.timeout = WS_TIMEOUT_INFINITE, .objs = (uintptr_t)&fd, .count = 1,
			.flags = rnd(c, 2) ? WS_WAIT_ALERTABLE : 0,
		};
		objword d = obj_make(c->p->dev_fd, K_DEV, 0, 0);

		d_start(c, "blocked WAIT(%d[%s], {%d[event]}, fl %#x)", c->p->dev_fd, kname(d), fd,
			w.flags);
		CALL(c, OP_close_blocked, ioctl(c->p->dev_fd, WS_IOC_WAIT, &w));
		break;
	}
	case K_PORT: {
		struct ws_port_wait w = {
			.entries = (uintptr_t)c->buf2, .timeout = WS_TIMEOUT_INFINITE,
			.port_fd = fd, .max = 1 + rnd(c, 4),
			.flags = rnd(c, 2) ? WS_WAIT_ALERTABLE : 0,
		};

		d_start(c, "blocked PORT_WAIT(%d[port], fl %#x)", fd, w.flags);
		CALL(c, OP_close_blocked, ioctl(c->p->dev_fd, WS_IOC_PORT_WAIT, &w));
		break;
	}
	case K_MSGQ: {
		struct ws_msgq_get g = {
			.timeout = WS_TIMEOUT_INFINITE,
			.flags = WS_MSGQ_WAIT | (rnd(c, 2) ? WS_MSGQ_REMOVE : 0),
			.hwnd = rnd(c, 2) ? 0 : 77,
		};

		d_start(c, "blocked MSGQ_GET(%d[msgq], WAIT)", fd);
		CALL(c, OP_close_blocked, ioctl(fd, WS_IOC_MSGQ_GET, &g));
		break;
	}
	default:
		d_start(c, "blocked epoll_wait(%d[%s])", fd, kname(b->o));
		CALL(c, OP_close_blocked, epoll_wait(fd, (struct epoll_event *)c->buf2, 4, -1));
	}
	atomic_store(&c->slot->dead, 1);
	return NULL;
}

/*
 * A helper thread blocks on an object; this thread then closes the object
 * (or cancels, shuts down, signals it) while the helper is blocked, and
 * interrupts the helper with a signal if that did not end its call.
 */
static void op_close_blocked(struct ctx *c)
{
	struct blocker *b;
	unsigned int i = rnd(c, POOL);
	objword o = atomic_load(&c->p->pool[i]);
	pthread_t th;
	int fd = obj_fd(o), how, tid;
	long r;

	if (obj_kind(o) == K_NONE || obj_kind(o) == K_DEV ||
	    ((obj_kind(o) == K_EVENT || obj_kind(o) == K_PORT) && c->p->dev_fd < 0))
		return;
	b = calloc(1, sizeof(*b));
	if (!b)
		return;
	b->c = *c;
	b->c.rng = rnd64(c);
	b->c.buf = malloc(BUFSZ);
	b->c.buf2 = malloc(BUFSZ);
	b->o = o;
	b->what = rnd(c, 4);
	b->c.slot = slot_get(-1, "p%d/helper", c->p->index);
	if (!b->c.slot || !b->c.buf || !b->c.buf2 ||
	    pthread_create(&th, NULL, blocker_main, b)) {
		sigmask_repair();
		if (b->c.slot)
			slot_put(b->c.slot);
		free(b->c.buf);
		free(b->c.buf2);
		free(b);
		return;
	}
	sigmask_repair();
	atomic_fetch_add(&sh->helpers, 1);
	while (!atomic_load(&b->started))
		sched_yield();
	usleep(2000 + rnd(c, 20000));	/* let it block */

	how = rnd(c, 6);
	if (how <= 1) {
		/* close, taking the object out of the pool */
		if (atomic_compare_exchange_strong(&c->p->pool[i], &o,
						   obj_make(-1, K_NONE, 0, 0))) {
			if (how == 1 && obj_kind(o) == K_SOCK) {
				d_start(c, "CANCEL_BLOCKING(%d[%s]) under a blocked call", fd, kname(o));
				CALL(c, OP_close_blocked, ioctl(fd, WS_IOC_CANCEL_BLOCKING));
			} else if (how == 1 && obj_kind(o) == K_PORT) {
				d_start(c, "PORT_CLOSE(%d[port]) under a blocked wait", fd);
				CALL(c, OP_close_blocked, ioctl(fd, WS_IOC_PORT_CLOSE));
			}
			d_start(c, "close(%d[%s]) under a blocked call", fd, kname(o));
			CALL(c, OP_close_blocked, sclose(fd));
		}
	} else if (how == 2 && obj_kind(o) == K_SOCK) {
		d_start(c, "shutdown(%d[%s], SD_BOTH) under a blocked call", fd, kname(o));
		CALL(c, OP_close_blocked, shutdown(fd, SHUT_RDWR));
	} else if (how == 3 && obj_kind(o) == K_EVENT) {
		d_start(c, "EVENT_SET(%d[event]) under a blocked wait", fd);
		CALL(c, OP_close_blocked, ioctl(fd, WS_IOC_EVENT_SET));
	} else if (how == 3 && obj_kind(o) == K_MSGQ) {
		struct ws_msg m = { .hwnd = 77, .message = 0x401 };

		d_start(c, "MSGQ_POST(%d[msgq]) under a blocked get", fd);
		CALL(c, OP_close_blocked, ioctl(fd, WS_IOC_MSGQ_POST, &m));
	} else if (how == 3 && obj_kind(o) == K_PORT) {
		struct ws_port_entry e = { .key = 77 };

		d_start(c, "PORT_POST(%d[port]) under a blocked wait", fd);
		CALL(c, OP_close_blocked, ioctl(fd, WS_IOC_PORT_POST, &e));
	} else if (how == 2 && obj_kind(o) == K_PORT) {
		d_start(c, "PORT_CLOSE(%d[port]) under a blocked wait", fd);
		CALL(c, OP_close_blocked, ioctl(fd, WS_IOC_PORT_CLOSE));
	} else if (how == 5 && obj_kind(o) == K_SOCK) {
		struct ws_cancel cn = { .ov = 0 };

		d_start(c, "CANCEL(%d[%s], all) under a blocked call", fd, kname(o));
		CALL(c, OP_close_blocked, ioctl(fd, WS_IOC_CANCEL, &cn));
	} else if (how == 4 && c->p->dev_fd >= 0) {
		struct ws_apc_args a = { .tid = atomic_load(&b->c.slot->tid) };

		d_start(c, "QUEUE_APC(tid %d) under a blocked call", a.tid);
		CALL(c, OP_close_blocked, ioctl(c->p->dev_fd, WS_IOC_QUEUE_APC, &a));
	}
	usleep(1000 + rnd(c, 5000));
	tid = atomic_load(&b->c.slot->tid);
	/* Under -F the supervisor signals it, with injection paused. */
	if (!atomic_load(&b->c.slot->dead) && !opt_fault) {
		d_start(c, "tgkill(helper %d, SIGUSR1)", tid);
		CALL(c, OP_close_blocked, pthread_kill(th, SIGUSR1) ? -1 : 0);
	}
	d_start(c, "pthread_join(helper %d)", tid);
	r = CALL(c, OP_close_blocked, pthread_join(th, NULL) ? -1 : 0);
	if (r == 0) {
		slot_put(b->c.slot);
		free(b->c.buf);
		free(b->c.buf2);
		free(b);
	}
}

/* Remember a fork child's pid (@old 0), or forget it (@pid 0). */
static void kid_note(struct proc *p, pid_t old, pid_t pid)
{
	unsigned int i;

	for (i = 0; i < NKIDS; i++) {
		pid_t cur = old;

		if (atomic_compare_exchange_strong(&p->kids[i], &cur, pid))
			return;
	}
}

/* A child process using the inherited objects for a while. */
static void op_fork(struct ctx *c)
{
	int status;
	pid_t pid;

	/* Reap earlier children; one killed by a signal is a crash. */
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		atomic_fetch_sub(&c->p->children, 1);
		kid_note(c->p, pid, 0);
		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL &&
		    !(opt_fault && WTERMSIG(status) == SIGBUS)) {
			fprintf(stderr, "ws_fuzz: child %d of worker %d killed by signal %d\n",
				pid, c->p->index, WTERMSIG(status));
			atomic_store(&sh->failed, 1);
		}
	}
	if (atomic_load(&c->p->children) >= 2)
		return;
	d_start(c, "fork()");
	begin(c, OP_fork);
	pid = fork();
	sigmask_repair();
	if (pid != 0) {
		end(c, OP_fork, pid);
		if (pid > 0) {
			atomic_fetch_add(&c->p->children, 1);
			kid_note(c->p, 0, pid);
			atomic_fetch_add(&sh->forks, 1);
		}
		return;
	}
	/*
	 * The child. The slot is the parent thread's, in shared memory: the
	 * child must not end the call there (by the time it runs, the parent
	 * may be in another call, which would then look idle to the
	 * supervisor and never be signalled). Only this thread exists here;
	 * a lock held elsewhere stays held.
	 */
	pthread_rwlock_init(&c->p->create_lock, NULL);
	atomic_store(&c->p->children, 0);
	for (unsigned int k = 0; k < NKIDS; k++)
		atomic_store(&c->p->kids[k], 0);
	atomic_store(&c->p->ntids, 0);
	add_tid(c->p, gettid());
	/* A pipe of its own (op_reap knows it), not the parent thread's. */
	if (pipe2(c->pipe, O_CLOEXEC | O_NONBLOCK))
		c->pipe[0] = c->pipe[1] = -1;
	c->rng ^= 0x5555;
	c->slot = slot_get(-1, "p%d/child%d", c->p->index, getpid());
	if (!c->slot)
		_exit(0);
	run_ops(c, 20 + rnd(c, 200), false);
	pool_cancel_all(c->p);
	slot_put(c->slot);
	_exit(0);
}

/* Close fds the pool does not know (created by calls whose output was lost). */
static void op_reap(struct ctx *c)
{
	bool known[1024] = { false };
	struct dirent *de;
	unsigned int i;
	DIR *d;

	if (pthread_rwlock_trywrlock(&c->p->create_lock))
		return;
	for (i = 0; i < POOL; i++) {
		int fd = obj_fd(atomic_load(&c->p->pool[i]));

		if (fd >= 0 && fd < 1024)
			known[fd] = true;
	}
	for (i = 0; i < 2; i++)		/* a fork child's own pipe */
		if (c->pipe[i] >= 0 && c->pipe[i] < 1024)
			known[c->pipe[i]] = true;
	d = opendir("/proc/self/fd");
	if (d) {
		int dfd = dirfd(d);

		while ((de = readdir(d))) {
			int fd = atoi(de->d_name);

			if (de->d_name[0] == '.' || fd == dfd || fd < c->p->first_fd ||
			    fd >= 1024 || known[fd])
				continue;
			sclose(fd);
			atomic_fetch_add(&sh->reaped, 1);
		}
		closedir(d);
	}
	pthread_rwlock_unlock(&c->p->create_lock);
}

/* ------------------------------------------------------------- drivers */

typedef void (*op_fn)(struct ctx *);
#define X_FN(n) [OP_##n] = op_##n,
static const op_fn op_fns[NOPS] = { OPS(X_FN) };
static unsigned int weight_total;

static void run_one(struct ctx *c, bool may_fork)
{
	unsigned int r, op;

	if (one_in(c, 3000)) {
		op_msgq_flood(c);
		return;
	}
	if (one_in(c, 500)) {
		op_reap(c);
		return;
	}
	if (may_fork && opt_fork && one_in(c, 1500)) {
		op_fork(c);
		return;
	}
	r = rnd(c, weight_total);
	for (op = 0; op < NOPS; op++) {
		if (r < op_weight[op])
			break;
		r -= op_weight[op];
	}
	if (op == OP_close_blocked && !may_fork)
		op = OP_close;	/* no helper threads in fork children */
	op_fns[op](c);
}

static void run_ops(struct ctx *c, uint64_t n, bool may_fork)
{
	uint64_t i;

	for (i = 0; (!n || i < n) && !atomic_load(&sh->stop); i++)
		run_one(c, may_fork);
	c->nops += i;
}

static void *thread_main(void *arg)
{
	struct ctx *c = arg;
	volatile char stack[64 * 1024];

	/* Touch the stack now: page faults under injection are not the point. */
	memset((char *)stack, 0, sizeof(stack));
	sigmask_repair();
	c->slot = slot_get(c->p->index * MAX_THREADS + c->thread, "p%d%s/t%d", c->p->index,
			   c->p->unpriv ? "(uid65534)" : c->p->netns ? "(netns)" : "", c->thread);
	add_tid(c->p, gettid());
	run_ops(c, opt_ops, true);
	atomic_store(&c->slot->dead, 1);
	return NULL;
}

static void sigusr1(int sig)
{
	(void)sig;
}

/*
 * SIGSEGV and SIGBUS. The kernel sends a SIGSEGV with si_code SI_KERNEL
 * when it cannot write a signal's frame to the stack or read it back in
 * rt_sigreturn: under -F that is an injected fault (the supervisor pauses
 * injection in a thread it signals, but a signal can still meet a fault
 * in flight), the signal is lost and the thread can go on. Anything else
 * is a crash: say where, and die of it.
 */
static void sigfault(int sig, siginfo_t *si, void *uc)
{
	char msg[160];
	int n;

	(void)uc;
	if (opt_fault && sig == SIGSEGV && si->si_code == SI_KERNEL) {
		atomic_fetch_add(&sh->lost_frames, 1);
		return;
	}
	n = snprintf(msg, sizeof(msg), "ws_fuzz: pid %d tid %d: signal %d, si_code %d, address %p\n",
		     getpid(), gettid(), sig, si->si_code, si->si_addr);
	if (n > 0 && write(2, msg, n) < 0)
		n = 0;
	signal(sig, SIG_DFL);
	if (si->si_code <= 0 || si->si_code == SI_KERNEL)
		raise(sig);	/* not a fault that returning repeats */
}

/* A worker process: its objects, its threads. */
static int worker(int index, bool unpriv, bool netns)
{
	pthread_t th[MAX_THREADS];
	struct ctx *ctx;
	struct rlimit rl = { 256, 256 };
	unsigned int i, k;
	char *m;

	proc.index = index;
	proc.unpriv = unpriv;
	proc.netns = netns;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (netns) {
		struct ifreq ifr = { .ifr_name = "lo" };
		int s;

		if (unshare(CLONE_NEWNET)) {
			fprintf(stderr, "ws_fuzz: worker %d: unshare(CLONE_NEWNET): %m\n", index);
		} else {
			s = socket(AF_INET, SOCK_DGRAM, 0);
			ifr.ifr_flags = IFF_UP | IFF_RUNNING;
			if (s < 0 || ioctl(s, SIOCSIFFLAGS, &ifr))
				fprintf(stderr, "ws_fuzz: worker %d: lo up: %m\n", index);
			if (s >= 0)
				close(s);
		}
	}
	if (unpriv) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
			fprintf(stderr, "ws_fuzz: worker %d: setuid(65534): %m\n", index);
			return 1;
		}
		prctl(PR_SET_DUMPABLE, 1);
	}
	setrlimit(RLIMIT_NOFILE, &rl);

	proc.dev_fd = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (proc.dev_fd < 0 && !unpriv)
		fprintf(stderr, "ws_fuzz: worker %d: %s: %m\n", index, WS_DEVICE_PATH);
	proc.memfd = memfd_create("ws_fuzz", MFD_CLOEXEC);
	if (proc.memfd >= 0 && ftruncate(proc.memfd, 16384))
		return 1;
	m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return 1;
	memset(m, 0xa5, 4 * 4096);
	proc.bad_none = m;
	proc.bad_ro = m + 4096;
	proc.edge = m + 2 * 4096;
	if (mprotect(proc.bad_none, 4096, PROT_NONE) ||
	    mprotect(proc.bad_ro, 4096, PROT_READ) ||
	    mprotect(proc.edge + 4096, 4096, PROT_NONE))
		return 1;
	m = mmap(NULL, ARENA + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || mprotect(m + ARENA, 4096, PROT_NONE))
		return 1;
	memset(m, 0x5a, ARENA);	/* the data overlapped sends send */
	proc.arena = m;
	ctx = calloc(opt_threads, sizeof(*ctx));
	if (!ctx)
		return 1;
	for (i = 0; i < opt_threads; i++) {
		ctx[i].buf = malloc(BUFSZ);
		ctx[i].buf2 = malloc(BUFSZ);
		if (!ctx[i].buf || !ctx[i].buf2 ||
		    pipe2(ctx[i].pipe, O_CLOEXEC | O_NONBLOCK))
			return 1;
	}
	/* The fds from here on are the pool's (op_reap). */
	proc.first_fd = dup(0);
	if (proc.first_fd >= 0)
		close(proc.first_fd);
	for (i = 0; i < POOL; i++)
		atomic_store(&proc.pool[i], obj_make(-1, K_NONE, 0, 0));
	pthread_rwlock_init(&proc.create_lock, NULL);
	/*
	 * Under fault injection (the supervisor sets make-it-fail of the
	 * threads) the pages the fuzzer has stay resident: a failed read of
	 * its own text over 9p would be a SIGBUS.
	 */
	if (opt_fault)
		mlockall(MCL_CURRENT);
	for (i = 0; i < opt_threads; i++) {
		struct ctx *c = &ctx[i];
		uint64_t s = opt_seed ^ ((uint64_t)(index + 1) << 32) ^ (i + 1);

		c->p = &proc;
		c->thread = i;
		c->rng = splitmix(&s);
		fill(c, c->buf, BUFSZ);
		memset(c->buf2, 0, BUFSZ);
		for (k = 0; pthread_create(&th[i], NULL, thread_main, c); k++) {
			sigmask_repair();
			if (k == 1000) {	/* injected faults fail clone() too */
				fprintf(stderr, "ws_fuzz: pthread_create: %m\n");
				return 1;
			}
		}
		sigmask_repair();	/* the next thread starts with this mask */
	}
	for (i = 0; i < opt_threads; i++)
		pthread_join(th[i], NULL);
	pool_cancel_all(&proc);
	/*
	 * Children still running get 10 s to see the stop, then SIGKILL: one
	 * may be blocked in a receive that nothing will ever satisfy, which
	 * is not a hang of the kernel's.
	 */
	for (k = 0; atomic_load(&proc.children) > 0; k++) {
		pid_t pid = waitpid(-1, NULL, WNOHANG);

		if (pid > 0) {
			atomic_fetch_sub(&proc.children, 1);
			kid_note(&proc, pid, 0);
			continue;
		}
		if (pid < 0)
			break;
		if (k == 100) {
			for (i = 0; i < NKIDS; i++) {
				pid_t kid = atomic_load(&proc.kids[i]);

				if (kid > 0)
					kill(kid, SIGKILL);
			}
		}
		usleep(100000);
	}
	return 0;
}

/* ------------------------------------------------------- supervisor */

static void print_logs(const char *why)
{
	int i, n = NSLOTS;

	fprintf(stderr, "ws_fuzz: %s; seed %" PRIu64 "; the last operations of each thread:\n",
		why, opt_seed);
	for (i = 0; i < n; i++) {
		struct slot *s = &sh->slots[i];
		uint32_t head = atomic_load(&s->head), k, first;

		if (!atomic_load(&s->used) || !head)
			continue;
		first = head > opt_log ? head - opt_log : 0;
		if (head - first > RING)
			first = head - RING;
		fprintf(stderr, "--- %s (pid %d, tid %d)%s\n", s->name, atomic_load(&s->pid),
			atomic_load(&s->tid), atomic_load(&s->op_start) ? ", in a call" : "");
		for (k = first; k < head; k++) {
			struct ring_entry *e = &s->ring[k % RING];

			fprintf(stderr, "  %4" PRIu64 ".%03" PRIu64 " %s\n", e->t / 1000000000,
				e->t / 1000000 % 1000, e->text);
		}
	}
}

static void print_file(const char *path, const char *prefix)
{
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		fprintf(stderr, "%s%s", prefix, line);
	fclose(f);
}

static void print_sig_lines(const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Sig", 3) || !strncmp(line, "ShdPnd", 6) ||
		    !strncmp(line, "State", 5))
			fprintf(stderr, "  %s", line);
	if (f)
		fclose(f);
}

/* State, signal masks and kernel stack of every thread of @pid. */
static void dump_tasks(int pid)
{
	char path[300], buf[256];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", pid, de->d_name);
		f = fopen(path, "r");
		if (f) {
			if (fgets(buf, sizeof(buf), f)) {
				char *st = strrchr(buf, ')');

				fprintf(stderr, "task %d/%s: state %.1s\n", pid, de->d_name,
					st ? st + 2 : "?");
			}
			fclose(f);
		}
		snprintf(path, sizeof(path), "/proc/%d/task/%s/status", pid, de->d_name);
		print_sig_lines(path);
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stack", pid, de->d_name);
		print_file(path, "  ");
	}
	closedir(d);
}

static void dump_all_tasks(void)
{
	int i, j, n = NSLOTS;

	for (i = 0; i < n; i++) {
		int pid = atomic_load(&sh->slots[i].pid);

		if (!atomic_load(&sh->slots[i].used) || pid <= 0)
			continue;
		for (j = 0; j < i; j++)
			if (atomic_load(&sh->slots[j].pid) == pid)
				break;
		if (j == i && kill(pid, 0) == 0)
			dump_tasks(pid);
	}
}

static void sysrq(char cmd)
{
	int fd = open("/proc/sysrq-trigger", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, &cmd, 1) != 1)
			perror("ws_fuzz: sysrq");
		close(fd);
	}
}

static const char *const report_patterns[] = {
	"WARNING:", "BUG:", "KASAN", "possible recursive locking",
	"circular locking", "DEBUG_LOCKS_WARN_ON", "lockdep is turned off",
	"blocked for more than", "soft lockup", "Oops", "general protection",
	"kernel BUG", "UBSAN", "stack-protector", "list_add corruption",
	"list_del corruption", "refcount_t:",
};

/* New kernel log records; a report among them fails the run. */
static bool check_kmsg(int kfd)
{
	char rec[2048];
	bool bad = false;
	ssize_t n;
	unsigned int i;

	if (kfd < 0)
		return false;
	while ((n = read(kfd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		char *msg;

		if (n <= 0)
			continue;	/* overwritten records */
		rec[n] = 0;
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		for (i = 0; i < sizeof(report_patterns) / sizeof(report_patterns[0]); i++) {
			if (strstr(msg, report_patterns[i])) {
				if (!bad)
					fprintf(stderr, "ws_fuzz: kernel report at %.3f s:\n",
						since() / 1e9);
				fprintf(stderr, "  %s", msg);
				bad = true;
				break;
			}
		}
	}
	return bad;
}

/* Write make-it-fail of thread @tid of @pid. */
static void make_it_fail(int pid, int tid, bool on)
{
	char path[80];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/make-it-fail", pid, tid);
	fd = open(path, O_WRONLY);
	if (fd >= 0) {
		if (write(fd, on ? "1" : "0", 1) != 1)
			fprintf(stderr, "ws_fuzz: %s: %m\n", path);
		close(fd);
	}
}

/* The state letter of process @pid, 0 if it is gone. */
static char proc_state(int pid)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
	fclose(f);
	return p && p[1] && p[2] ? p[2] : 0;
}

/* Signal calls that take too long; report those that never return. */
static bool check_slots(void)
{
	int i, n = NSLOTS;
	bool hung = false;

	for (i = 0; i < n; i++) {
		struct slot *s = &sh->slots[i];
		uint64_t st = atomic_load(&s->op_start), ls, t = since();
		int pid = atomic_load(&s->pid), tid = atomic_load(&s->tid);

		/*
		 * -F: injection was paused while a signal reached this call (a
		 * failed copy of the signal frame is a SIGSEGV); the call is over.
		 */
		if (opt_fault && atomic_load(&s->used) && !atomic_load(&s->dead) &&
		    !atomic_exchange(&s->armed, 1))
			make_it_fail(pid, tid, true);
		ls = atomic_load(&s->fail_off);
		if (ls && ls != st) {
			if (!atomic_load(&s->dead))
				make_it_fail(pid, tid, true);
			atomic_store(&s->fail_off, 0);
		}
		if (!atomic_load(&s->used) || !st || atomic_load(&s->dead) || st - 1 > t)
			continue;
		st--;
		if (t - st < opt_soft * 1000000000ull)
			continue;
		if (t - st >= opt_hard * 1000000000ull) {
			char path[64];
			struct ring_entry *e = cur_entry(s);

			fprintf(stderr, "ws_fuzz: HANG: %s (pid %d tid %d) has been in a call for %.1f s "
				"although signalled every %u s: %s\n", s->name, pid, tid,
				(t - st) / 1e9, opt_soft, e->text);
			snprintf(path, sizeof(path), "/proc/%d/task/%d/stack", pid, tid);
			print_file(path, "  stack: ");
			snprintf(path, sizeof(path), "/proc/%d/task/%d/wchan", pid, tid);
			print_file(path, "  wchan: ");
			fprintf(stderr, "\n");
			/* Was the signal pending, blocked? */
			snprintf(path, sizeof(path), "/proc/%d/task/%d/status", pid, tid);
			print_sig_lines(path);
			hung = true;
			continue;
		}
		ls = atomic_load(&s->last_signal);
		if (t - ls >= opt_soft * 1000000000ull) {
			atomic_store(&s->last_signal, t);
			atomic_fetch_add(&sh->signals, 1);
			if (opt_fault && !atomic_load(&s->fail_off)) {
				make_it_fail(pid, tid, false);
				atomic_store(&s->fail_off, st + 1);
			}
			if (syscall(SYS_tgkill, pid, tid, SIGUSR1) && errno == ESRCH &&
			    !atomic_load(&s->dead) && atomic_load(&s->op_start)) {
				/* Gone inside a call: the kernel killed it (Oops)? */
				if (proc_state(pid) != 'Z' && proc_state(pid) != 0) {
					fprintf(stderr, "ws_fuzz: thread %s (tid %d) died inside a call: %s\n",
						s->name, tid, cur_entry(s)->text);
					hung = true;
				}
				atomic_store(&s->dead, 1);
			}
		}
	}
	return hung;
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [-s SEED] [-t SECONDS] [-p PROCS] [-j THREADS] [-n OPS]\n"
		"          [-w SOFT] [-H HARD] [-l N] [-P PORT] [-U] [-N] [-F] [-K] [-R] [-C] [-k] [-v]\n"
		"  -s SEED     seed (default: from the clock; printed)\n"
		"  -t SECONDS  run time (default 60)\n"
		"  -p PROCS    worker processes (default 3, at most %d)\n"
		"  -j THREADS  threads per worker (default 4, at most %d)\n"
		"  -n OPS      stop each thread after OPS operations\n"
		"  -w SOFT     signal a call after SOFT seconds (default 2)\n"
		"  -H HARD     a call still running after HARD seconds is a hang (default 60)\n"
		"  -l N        operations printed per thread on a failure (default 32)\n"
		"  -P PORT     first of the %d ports used (default 40000)\n"
		"  -U          no worker as uid 65534\n"
		"  -N          no worker in a network namespace of its own\n"
		"  -F          fault injection: set make-it-fail in the worker threads\n"
		"  -K          no fork children\n"
		"  -R          bind each socket at most once (gets past a rebind bug)\n"
		"  -C          cancel a socket's overlapped operations before closing it (gets\n"
		"              past most of the race of a close with the overlapped worker)\n"
		"  -k          keep going after a kernel report\n"
		"  -v          print every call\n",
		argv0, MAX_PROCS, MAX_THREADS, NPORTS);
	exit(2);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = sigusr1 };
	pid_t pids[MAX_PROCS];
	int status[MAX_PROCS];
	bool done[MAX_PROCS] = { false }, bad = false, reported = false;
	unsigned int i, o, alive;
	uint64_t total = 0, deadline;
	int opt, kfd;
	FILE *f;

	opt_seed = now_ns() ^ ((uint64_t)getpid() << 20);
	while ((opt = getopt(argc, argv, "s:t:p:j:n:w:H:l:P:UNFKRCkvh")) != -1) {
		switch (opt) {
		case 's': opt_seed = strtoull(optarg, NULL, 0); break;
		case 't': opt_time = atoi(optarg); break;
		case 'p': opt_procs = atoi(optarg); break;
		case 'j': opt_threads = atoi(optarg); break;
		case 'n': opt_ops = strtoull(optarg, NULL, 0); break;
		case 'w': opt_soft = atoi(optarg); break;
		case 'H': opt_hard = atoi(optarg); break;
		case 'l': opt_log = atoi(optarg); break;
		case 'P': opt_port = atoi(optarg); break;
		case 'U': opt_uid = false; break;
		case 'N': opt_netns = false; break;
		case 'F': opt_fault = true; break;
		case 'K': opt_fork = false; break;
		case 'R': opt_no_rebind = true; break;
		case 'C': opt_cancel_close = true; break;
		case 'k': opt_keep_going = true; break;
		case 'v': opt_verbose = true; break;
		default: usage(argv[0]);
		}
	}
	if (optind != argc || !opt_procs || opt_procs > MAX_PROCS || !opt_threads ||
	    opt_threads > MAX_THREADS || !opt_soft || opt_hard <= opt_soft || !opt_time ||
	    opt_log > RING)
		usage(argv[0]);

	f = fopen(WS_FAMILY_PARAM_PATH, "r");
	if (!f || fscanf(f, "%d", &family) != 1) {
		printf("ws_fuzz: SKIP: the ws module is not loaded (%s)\n", WS_FAMILY_PARAM_PATH);
		return 4;
	}
	fclose(f);
	for (o = 0; o < NOPS; o++)
		weight_total += op_weight[o];

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("ws_fuzz: mmap");
		return 1;
	}
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: calls end with EINTR */
	sa.sa_handler = NULL;
	sa.sa_sigaction = sigfault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);

	printf("ws_fuzz: seed %" PRIu64 ", family %d, %u s, %u processes x %u threads%s%s%s%s\n",
	       opt_seed, family, opt_time, opt_procs, opt_threads,
	       opt_uid && opt_procs > 1 ? ", one as uid 65534" : "",
	       opt_netns && opt_procs > 2 ? ", one in its own netns" : "",
	       opt_fault ? ", make-it-fail" : "", opt_fork ? "" : ", no forks");
	printf("ws_fuzz: reproduce with: ws_fuzz -s %" PRIu64 " -t %u -p %u -j %u%s%s%s%s%s%s\n",
	       opt_seed, opt_time, opt_procs, opt_threads, opt_uid ? "" : " -U",
	       opt_netns ? "" : " -N", opt_fault ? " -F" : "", opt_fork ? "" : " -K",
	       opt_no_rebind ? " -R" : "", opt_cancel_close ? " -C" : "");

	kfd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kfd >= 0)
		lseek(kfd, 0, SEEK_END);

	t0 = now_ns();
	for (i = 0; i < opt_procs; i++) {
		bool unpriv = opt_uid && opt_procs > 1 && i == 1 && geteuid() == 0;
		bool netns = opt_netns && opt_procs > 2 && i == 2 && geteuid() == 0;

		pids[i] = fork();
		if (pids[i] < 0) {
			perror("ws_fuzz: fork");
			atomic_store(&sh->stop, 1);
			opt_procs = i;
			bad = true;
			break;
		}
		if (pids[i] == 0)
			_exit(worker(i, unpriv, netns));
	}

	deadline = (uint64_t)opt_time * 1000000000ull;
	alive = opt_procs;
	while (alive) {
		usleep(100000);
		if (!atomic_load(&sh->stop) && since() >= deadline)
			atomic_store(&sh->stop, 1);
		if (check_kmsg(kfd) && !reported) {
			reported = true;
			bad = true;
			print_logs("the kernel reported a problem");
			if (!opt_keep_going)
				atomic_store(&sh->stop, 1);
		}
		if (check_slots()) {
			bad = true;
			dump_all_tasks();
			sysrq('w');
			print_logs("a call hangs");
			break;
		}
		for (i = 0; i < opt_procs; i++) {
			if (done[i] || waitpid(pids[i], &status[i], WNOHANG) != pids[i])
				continue;
			done[i] = true;
			alive--;
			if (WIFSIGNALED(status[i]) && opt_fault && WTERMSIG(status[i]) == SIGBUS) {
				/* A page of its own that could not be read in: injected. */
				fprintf(stderr, "ws_fuzz: worker %u (pid %d) got SIGBUS under fault injection\n",
					i, pids[i]);
			} else if (WIFSIGNALED(status[i])) {
				char why[80];

				snprintf(why, sizeof(why), "worker %u (pid %d) was killed by signal %d",
					 i, pids[i], WTERMSIG(status[i]));
				print_logs(why);
				bad = true;
			} else if (WEXITSTATUS(status[i])) {
				fprintf(stderr, "ws_fuzz: worker %u exited with %d\n", i,
					WEXITSTATUS(status[i]));
				bad = true;
			}
		}
		if (atomic_load(&sh->failed) && !bad) {
			print_logs("a fork child crashed");
			bad = true;
		}
		if (atomic_load(&sh->stop) && since() > deadline + opt_hard * 1000000000ull) {
			bad = true;
			print_logs("the workers did not stop");
			dump_all_tasks();
			break;
		}
	}
	atomic_store(&sh->stop, 1);
	for (i = 0; i < opt_procs; i++)
		if (!done[i])
			kill(pids[i], SIGKILL);
	for (i = 0; i < 200 && waitpid(-1, NULL, WNOHANG) >= 0; )
		if (waitpid(-1, NULL, WNOHANG) == 0) {
			usleep(100000);
			i++;
		}
	if (i == 200) {
		fprintf(stderr, "ws_fuzz: HANG: workers still there 20 s after SIGKILL:\n");
		dump_all_tasks();
		sysrq('w');
		bad = true;
	}
	usleep(200000);
	if (check_kmsg(kfd) && !reported) {
		bad = true;
		print_logs("the kernel reported a problem");
	}

	printf("ws_fuzz: operations (calls / ok / failed):\n");
	for (o = 0; o < NOPS; o++) {
		uint64_t n = atomic_load(&sh->calls[o]);

		total += n;
		printf("ws_fuzz:   %-14s %8" PRIu64 " %8" PRIu64 " %8" PRIu64 "\n", op_names[o], n,
		       atomic_load(&sh->oks[o]), atomic_load(&sh->errs[o]));
	}
	if (opt_fault)
		printf("ws_fuzz: %" PRIu64 " signal frames lost to injected faults\n",
		       atomic_load(&sh->lost_frames));
	printf("ws_fuzz: %" PRIu64 " calls in %.0f s (seed %" PRIu64 "), %" PRIu64
	       " fork children, %" PRIu64 " blocked helpers, %" PRIu64 " signals, %" PRIu64
	       " fds reaped: %s\n", total, since() / 1e9, opt_seed, atomic_load(&sh->forks),
	       atomic_load(&sh->helpers), atomic_load(&sh->signals), atomic_load(&sh->reaped),
	       bad ? "FAILED" : "ok");
	return bad ? 1 : 0;
}

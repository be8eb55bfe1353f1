// SPDX-License-Identifier: GPL-2.0
/*
 * ws_bench: WSAEventSelect, WSAAsyncSelect, overlapped networking and
 * completion ports on ws sockets against native Linux sockets and epoll,
 * measured in one run (README, "Benchmark").
 *
 *   ws_bench [-t MS] [-r RUNS] [-n CONNS] [-o OPS] [-s SECTIONS] [-v VARIANTS]
 *
 *   -t MS        length of one measured run (default 50 ms)
 *   -r RUNS      runs (default 25). A run of a, b, d, e, g or j measures each
 *                variant once, back to back; a line reports the best and
 *                the median rate, and the median and range of the runs'
 *                ratios. Many short runs: a TCG guest shares its host,
 *                whose load changes from one moment to the next; the median
 *                of the ratios of neighbouring short runs is what stays
 *                put. The memory probe makes min(RUNS, 3) runs and reports
 *                medians; h makes min(RUNS, 5) runs, of at least 500 ms
 *                and 8192 requests (at most 10 s more).
 *   -n CONNS     connections of the memory probe (default 300: 600 sockets)
 *   -o OPS       operations of each line of f (default 100)
 *   -s SECTIONS  any of a (ping-pong), b (64-connection server), c (kernel
 *                memory), d (overlapped ping-pong), e (overlapped bulk
 *                transfer), f (system calls per overlapped operation), g
 *                (servers with worker threads: completion port against
 *                epoll), h (system calls per request of g's servers), i
 *                (wake-ups through auto-reset events against a futex), j
 *                (64-connection WSAAsyncSelect server), k (rooted
 *                multipoint: fan-out and join latency); default abcdefghijk
 *   -v VARIANTS  the variants of a, b, d, e and j to run, any of n (native),
 *                w (ws, Winsock API), r (ws, raw ABI; not in j); default
 *                nwr. Ratios need n. For profiling one variant
 *                (perf record -a -- ws_bench ...).
 *                g and h have their own letters (default: all of them): n
 *                (an epoll set per thread), s (one shared epoll set), w
 *                (GetQueuedCompletionStatus), x (GetQueuedCompletionStatusEx),
 *                k (x with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS).
 *
 * a) Ping-pong of 64-byte messages over one loopback TCP connection in one
 *    thread: native (nonblocking sockets, an epoll set per end) against ws
 *    (libws: WSAEventSelect(FD_READ | FD_CLOSE) on both ends;
 *    WSAWaitForMultipleEvents, WSAEnumNetworkEvents, recv, send per end) and
 *    ws through the raw kernel ABI (the same system calls without libws).
 * b) One server thread serving 64 connections whose native clients, driven
 *    by a second thread, each keep one 64-byte message in flight: native
 *    epoll_wait over the 64, against one WSAWaitForMultipleEvents over 64
 *    events (wait-any) and WSAEnumNetworkEvents on the signalled one.
 * c) Kernel memory per connected TCP socket: native, ws, and ws with an
 *    event object selected (one per socket, as a WSAWaitForMultipleEvents
 *    server has), from the growth of /proc/meminfo Slab and of the objects
 *    /proc/slabinfo counts while the connections are open. Before each
 *    look, every slab cache is shrunk (/sys/kernel/slab/<cache>/shrink:
 *    SLUB counts the objects of per-CPU slabs as in use until then) and the
 *    per-CPU vmstat counters are folded (/proc/sys/vm/stat_refresh); the
 *    baseline waits until what the previous run freed, some of it after an
 *    RCU grace period, is gone. Needs root.
 * d) The ping-pong of a with overlapped I/O: each end keeps a WSARecv
 *    posted whose OVERLAPPED's event is set on completion; per end and
 *    message WSASend (completing at once), WSAWaitForMultipleEvents on the
 *    receive's event, WSAGetOverlappedResult, WSARecv posted again: six
 *    system calls per round trip, as natively. Native: a's native line,
 *    measured again in this section's runs.
 * e) Bulk transfer over one loopback TCP connection: a native sender thread
 *    sends 64 KiB buffers as fast as it can (blocking send), the same for
 *    every variant; the receiver is native (blocking recv of 64 KiB) or ws
 *    keeping 4 overlapped 64 KiB WSARecv posted, each collected in turn with
 *    WSAGetOverlappedResult(fWait TRUE) and posted again. MB/s received.
 * f) System calls per overlapped operation, counted by the tracepoint
 *    raw_syscalls:sys_enter as a perf event of the calling thread (no tool
 *    needed in the guest; needs root or CAP_PERFMON and tracefs, which
 *    debugfs automounts): WSARecv and WSASend completing at once and
 *    pending, the calls that start each and those that collect its result,
 *    against the native nonblocking calls (recv/send, and when they fail
 *    with EAGAIN, epoll_wait and the call again). A pending operation is
 *    completed by a helper thread (the peer's send, or a drain of the full
 *    buffer) while the counted thread waits. The counter is open only
 *    while f runs (and h's while h runs): while one is, every system call
 *    in the system takes the tracing slow path.
 * g) A server of 64 connections with 2 worker threads; the clients are b's
 *    (one thread, one 64-byte message in flight per connection), and the
 *    calling thread only starts the run, sleeps through it and reads the
 *    workers' counts. Native: nonblocking sockets, epoll_wait for up to 64
 *    events, recv, send back; each worker with its own level-triggered
 *    epoll set of half the connections (the ratios' base), or both waiting
 *    on one edge-triggered set of all of them. ws: the sockets associated
 *    with one completion port (concurrency 2), a WSARecv always posted:
 *    on its completion the worker posts it again and WSASends the message
 *    back (from a second buffer); the send's completion is dequeued too,
 *    and counts the request. Dequeued with GetQueuedCompletionStatus, with
 *    GetQueuedCompletionStatusEx (up to 64 packets), or with
 *    GetQueuedCompletionStatusEx and FILE_SKIP_COMPLETION_PORT_ON_SUCCESS
 *    (an operation that completes at once is carried on by its caller, no
 *    packet). Requests per second, and the requests of the least and most
 *    served connection; then, per request, the CPU time of the workers and
 *    of the clients' thread (schedstat), the share of a CPU the clients'
 *    thread had, and how often the workers and it went to sleep.
 * h) g's servers again, each worker thread counting its own system calls
 *    (f's tracepoint, a counter per worker, read by the calling thread),
 *    per request: all, the waits and the I/O calls the workers tallied
 *    themselves, the rest; and the events or packets per wait.
 *
 * i) Wake-ups through auto-reset event objects against a futex-based
 *    auto-reset event in userspace (bench_wake.c): eight waiters each on
 *    its own event set in turn, and eight in a wait-any on one shared
 *    event; a handoff per wake-up, spurious wake-ups counted.
 *
 * j) b's server with WSAAsyncSelect: each of the 64 connections selected
 *    with WSAAsyncSelect(FD_READ | FD_CLOSE) on one message-only window,
 *    one thread taking the messages with GetMessage and handing them to
 *    the window procedure with DispatchMessage, which receives on FD_READ
 *    and sends the message back once it is whole; the clients are b's.
 *    Native: b's epoll server, measured again in this section's runs.
 *
 * k) Rooted multipoint through the raw ABI (bench_fanout.c): the fan-out
 *    of 1 KiB messages from a d_root to 64 leaves against a sender looping
 *    over 64 TCP connections, and a leaf-initiated join admitted by a
 *    condition against a TCP connect with a request and a reply.
 *
 * Every wait of a, b, d, e, f, g, h, i and j is bounded by a watchdog
 * (SIGALRM): a lost wakeup fails the run, naming it, instead of hanging the
 * VM; k's waits are bounded by their own timeouts (10 s).
 *
 * Ratios are reported, never asserted: the exit status is 0 when every
 * measurement ran, 1 when one failed (with the reason on stderr).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include <linux/perf_event.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include "bench.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define WARMUP		200	/* ping-pong round trips before timing */

int bench_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("ws_bench: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
	double s[MAX_RUNS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double best(const double *v, int n)
{
	double b = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] > b)
			b = v[i];
	return b;
}

static double worst(const double *v, int n)
{
	double w = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] < w)
			w = v[i];
	return w;
}

/*
 * The ping-pong waits are WSA_INFINITE, as the issue asks: a wakeup the
 * kernel loses would hang the run. The watchdog turns that into a failure
 * that names the run.
 */
static const char *watched;

static void say(const char *s)
{
	if (write(STDERR_FILENO, s, strlen(s)) < 0)
		return;	/* nowhere left to say it */
}

static void watchdog_fired(int sig)
{
	(void)sig;
	say("ws_bench: error: no progress for a long time (a wait that never ended?) in: ");
	say(watched);
	say("\n");
	_exit(1);
}

static void watchdog(const char *what, uint64_t ns)
{
	watched = what;
	signal(SIGALRM, watchdog_fired);
	/* Generous: TCG guests are slow and set-up is not timed. */
	alarm(30 + 10 * (unsigned int)(ns / 1000000000ull));
}

/* --- throughput sections ------------------------------------------------ */

struct variant {
	char			key;		/* its letter in -v */
	const char		*label;
	bench_pingpong_fn	pingpong;	/* sections a and d */
	bench_server_fn		server;		/* section b */
	bench_bulk_fn		bulk;		/* section e */
	bench_mt_server_fn	mt;		/* sections g and h */
	const char		*skip;		/* why not measurable in this build */
	int			off;		/* not selected (-v) */
	double			rate[MAX_RUNS];	/* round trips (bytes) per second */
	struct bench_run	run[MAX_RUNS];
};

static int run_one(struct variant *v, int section, uint64_t ns, int i)
{
	struct bench_run r = { 0 };
	int err;

	watchdog(v->label, ns);
	if (section == 'a' || section == 'd')
		err = v->pingpong(ns, WARMUP, &r);
	else if (section == 'b' || section == 'j')
		err = v->server(ns, &r);
	else if (section == 'g' || section == 'h')
		err = v->mt(ns, section == 'h', &r);
	else
		err = v->bulk(ns, &r);
	alarm(0);
	if (err)
		return bench_fail("%s: run %d failed", v->label, i + 1);
	if (!r.ns || !r.rounds)
		return bench_fail("%s: run %d completed no %s", v->label, i + 1,
				  section == 'e' ? "transfer" : "round trip");
	v->rate[i] = r.rounds * 1e9 / r.ns;
	v->run[i] = r;
	return 0;
}

/* Sections a and b: WSAEventSelect. */
static struct variant bench_variants[] = {
	{ .key = 'n', .label = "native: nonblocking sockets, epoll",
	  .pingpong = bench_native_pingpong, .server = bench_native_server },
	{ .key = 'w', .label = "ws: Winsock API (libws)",
	  .pingpong = bench_wsa_pingpong, .server = bench_wsa_server },
	{ .key = 'r', .label = "ws: raw kernel ABI (the same calls, no libws)",
	  .pingpong = bench_raw_pingpong, .server = bench_raw_server },
};

/* Section d: overlapped ping-pong; the native line is section a's. */
static struct variant ov_variants[] = {
	{ .key = 'n', .label = "native: nonblocking sockets, epoll",
	  .pingpong = bench_native_pingpong },
	{ .key = 'w', .label = "ws: overlapped, Winsock API (libws)",
	  .pingpong = bench_wsa_ov_pingpong },
	{ .key = 'r', .label = "ws: overlapped, raw kernel ABI",
	  .pingpong = bench_raw_ov_pingpong },
};

/* Section e: bulk transfer. */
static struct variant bulk_variants[] = {
	{ .key = 'n', .label = "native: blocking recv",
	  .bulk = bench_native_bulk },
	{ .key = 'w', .label = "ws: overlapped WSARecv (libws)",
	  .bulk = bench_wsa_ov_bulk },
	{ .key = 'r', .label = "ws: overlapped receives, raw kernel ABI",
	  .bulk = bench_raw_ov_bulk },
};

/*
 * Section g: servers with BENCH_WORKERS worker threads; ratios are to the
 * first line. Each has its own letter for -v.
 */
static struct variant mt_variants[] = {
	{ .key = 'n', .label = "native: an epoll set per thread",
	  .mt = bench_native_mt_server },
	{ .key = 's', .label = "native: one epoll set, EPOLLET",
	  .mt = bench_native_mt_shared_server },
	{ .key = 'w', .label = "ws: GetQueuedCompletionStatus",
	  .mt = bench_wsa_iocp_server },
	{ .key = 'x', .label = "ws: GetQueuedCompletionStatusEx",
	  .mt = bench_wsa_iocp_ex_server },
	{ .key = 'k', .label = "ws: ...Ex, skip the port on success",
	  .mt = bench_wsa_iocp_skip_server },
};

/* Section j: WSAAsyncSelect; the native line is section b's. */
static struct variant async_variants[] = {
	{ .key = 'n', .label = "native: nonblocking sockets, epoll",
	  .server = bench_native_server },
	{ .key = 'w', .label = "ws: WSAAsyncSelect, GetMessage (libws)",
	  .server = bench_wsa_async_server },
};

/* Section e's rates are bytes per second, printed as MB/s. */
static double shown(int section, double rate)
{
	return section == 'e' ? rate / 1e6 : rate;
}

static void print_columns(int section)
{
	int per_conn = section == 'b' || section == 'g' || section == 'j';

	printf("   %-44s %17s   %17s%s\n", "",
	       section == 'e' ? "MB/s" : section == 'g' ? "requests/s" : "round trips/s",
	       "ws/native", per_conn ? "   per connection" : "");
	printf("   %-44s %8s %8s   %17s%s\n", "", "best", "median",
	       "median [runs]", per_conn ? "   (best run)" : "");
}

static int throughput(int section, struct variant *vs, int nv, uint64_t ns,
		      int runs)
{
	const struct variant *native = &vs[0];
	double ratio[MAX_RUNS];
	int i, j, k;

	/*
	 * Each run measures every variant once, one right after the other,
	 * starting with a different one each time: a slow moment of the host
	 * hits neighbouring measurements, and each run gives a ratio.
	 */
	for (i = 0; i < runs; i++)
		for (k = 0; k < nv; k++) {
			j = (i + k) % nv;
			if (!vs[j].skip && !vs[j].off &&
			    run_one(&vs[j], section, ns, i))
				return -1;
		}

	for (j = 0; j < nv; j++) {
		const struct variant *v = &vs[j];

		if (v->off)
			continue;
		printf("   %-44s", v->label);
		if (v->skip) {
			printf(" not measured: %s\n", v->skip);
			continue;
		}
		printf(section == 'e' ? " %8.1f %8.1f" : " %8.0f %8.0f",
		       shown(section, best(v->rate, runs)),
		       shown(section, median(v->rate, runs)));
		if (j && !native->off) {
			for (i = 0; i < runs; i++)
				ratio[i] = v->rate[i] / native->rate[i];
			printf("   %5.2f [%.2f-%.2f]", median(ratio, runs),
			       worst(ratio, runs),
			       best(ratio, runs));
		} else {
			printf("   %5s %11s", "", "");
		}
		if (section == 'b' || section == 'g' || section == 'j') {
			/* Fairness of the best run: round trips per connection. */
			for (k = 0, i = 1; i < runs; i++)
				if (v->rate[i] > v->rate[k])
					k = i;
			printf("   %llu..%llu", (unsigned long long)v->run[k].min_conn,
			       (unsigned long long)v->run[k].max_conn);
		}
		printf("\n");
	}
	return 0;
}

/* --- kernel memory ------------------------------------------------------ */

#define MAX_CACHES	1024

struct slab_cache {
	char		name[64];
	long		active;
	long		objsize;
};

struct mem_snap {
	long		slab_kb;
	long		bytes;		/* of the objects in use, all caches */
	int		ncaches;
	struct slab_cache cache[MAX_CACHES];
};

static int folded = 1;	/* stat_refresh worked */
static int shrunk = 1;	/* the slab caches could be shrunk */

/*
 * SLUB counts the objects of the per-CPU slabs as in use; shrinking a cache
 * hands those slabs back, so that /proc/slabinfo then counts every free
 * object as free, and frees the empty slabs.
 */
static void slab_shrink_all(void)
{
	DIR *d = opendir("/sys/kernel/slab");
	struct dirent *e;
	char path[320];
	int fd;

	if (!d) {
		shrunk = 0;
		return;
	}
	while ((e = readdir(d))) {
		/* Merged caches appear once more as symbolic links. */
		if (e->d_name[0] == '.' || e->d_type == DT_LNK)
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", e->d_name);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "1", 1) != 1)
			shrunk = 0;
		if (fd >= 0)
			close(fd);
	}
	closedir(d);
}

static int mem_snapshot(struct mem_snap *s)
{
	char line[512];
	FILE *f;

	slab_shrink_all();
	/* Fold the per-CPU vmstat differences into the global counters. */
	f = fopen("/proc/sys/vm/stat_refresh", "w");
	if (!f || fputs("1\n", f) < 0 || fclose(f))
		folded = 0;

	s->slab_kb = -1;
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return bench_fail("/proc/meminfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld kB", &s->slab_kb) == 1)
			break;
	fclose(f);
	if (s->slab_kb < 0)
		return bench_fail("/proc/meminfo has no Slab line");

	s->ncaches = 0;
	s->bytes = 0;
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return 0;	/* only the meminfo figure then */
	while (fgets(line, sizeof(line), f) && s->ncaches < MAX_CACHES) {
		struct slab_cache *c = &s->cache[s->ncaches];
		long num;

		if (sscanf(line, "%63s %ld %ld %ld", c->name, &c->active, &num,
			   &c->objsize) == 4) {
			s->bytes += c->active * c->objsize;
			s->ncaches++;
		}
	}
	fclose(f);
	return 0;
}

/*
 * A baseline once what the previous run closed is gone: part of a socket is
 * freed after an RCU grace period (membarrier(MEMBARRIER_CMD_GLOBAL) waits
 * for one). Settled when the slab objects change by less than 16 KiB
 * between two looks, or after about two seconds.
 */
static int mem_settle(struct mem_snap *s)
{
	long prev = -1;

	for (int i = 0; i < 20; i++) {
		syscall(__NR_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0);
		usleep(50000);
		if (mem_snapshot(s))
			return -1;
		if (prev >= 0 && labs(s->bytes - prev) < 16384)
			break;
		prev = s->bytes;
	}
	return 0;
}

struct mem_variant {
	const char		*label;
	bench_mem_open_fn	open;
	bench_mem_close_fn	close;
	double			slab[MAX_RUNS];		/* bytes per socket */
	double			objs[MAX_RUNS];
	/* Per-cache object deltas of the last run, for the breakdown. */
	int			ncaches;
	struct {
		char		name[64];
		long		delta;
		long		objsize;
	} cache[MAX_CACHES];
};

static struct mem_snap snap_before, snap_after;

static int mem_one(struct mem_variant *v, unsigned int n, int i)
{
	unsigned int sockets = 2 * n;
	long bytes = 0;
	void *h;

	if (mem_settle(&snap_before))
		return -1;
	watchdog(v->label, 0);
	h = v->open(n);
	alarm(0);
	if (!h)
		return bench_fail("%s: opening %u connections failed", v->label, n);
	if (mem_snapshot(&snap_after)) {
		v->close(h);
		return -1;
	}
	v->close(h);

	v->slab[i] = (snap_after.slab_kb - snap_before.slab_kb) * 1024.0 / sockets;
	v->ncaches = 0;
	for (int a = 0; a < snap_after.ncaches; a++) {
		const struct slab_cache *ca = &snap_after.cache[a];
		long before = 0, d;

		for (int b = 0; b < snap_before.ncaches; b++)
			if (!strcmp(snap_before.cache[b].name, ca->name)) {
				before = snap_before.cache[b].active;
				break;
			}
		d = ca->active - before;
		bytes += d * ca->objsize;
		if (d * 4 >= (long)sockets) {	/* a quarter object per socket */
			snprintf(v->cache[v->ncaches].name,
				 sizeof(v->cache[v->ncaches].name), "%s", ca->name);
			v->cache[v->ncaches].delta = d;
			v->cache[v->ncaches].objsize = ca->objsize;
			v->ncaches++;
		}
	}
	v->objs[i] = (double)bytes / sockets;
	return 0;
}

static int memory(struct mem_variant *vs, int nv, unsigned int n, int runs)
{
	int i, j, k;

	/* One run of each first, unreported: caches grow to their working size. */
	for (j = 0; j < nv; j++)
		if (mem_one(&vs[j], n, 0))
			return -1;
	for (i = 0; i < runs; i++)
		for (j = 0; j < nv; j++)
			if (mem_one(&vs[j], n, i))
				return -1;

	printf("   %-50s %9s %9s   %s\n", "", "slab", "objects", "ratio to native");
	for (j = 0; j < nv; j++) {
		const struct mem_variant *v = &vs[j];

		printf("   %-50s %7.0f B %7.0f B", v->label, median(v->slab, runs),
		       snap_after.ncaches ? median(v->objs, runs) : 0.0);
		if (j)
			printf("   %.2f (objects %.2f)",
			       median(v->slab, runs) / median(vs[0].slab, runs),
			       snap_after.ncaches ?
			       median(v->objs, runs) / median(vs[0].objs, runs) : 0.0);
		printf("\n");
	}
	if (!snap_after.ncaches) {
		printf("   (no /proc/slabinfo: object counts not available)\n");
		return 0;
	}
	printf("   objects per socket by slab cache, last run, count x size (merged caches\n"
	       "   go by one name: /sys/kernel/slab lists the aliases):\n");
	for (j = 0; j < nv; j++) {
		const struct mem_variant *v = &vs[j];
		int col = 0;

		printf("     %s:", v->label);
		col = 6 + strlen(v->label);
		for (k = 0; k < v->ncaches; k++) {
			char item[96];

			snprintf(item, sizeof(item), " %s %.2fx%ld", v->cache[k].name,
				 (double)v->cache[k].delta / (2 * n), v->cache[k].objsize);
			if (col + strlen(item) > 100) {
				printf("\n       ");
				col = 7;
			}
			col += printf("%s", item);
		}
		printf("\n");
	}
	return 0;
}

/* --- system calls per operation ------------------------------------------ */

/*
 * The counter: the raw_syscalls:sys_enter tracepoint as a perf event of the
 * calling thread (not its other threads: bench_later's helper is not
 * counted), read with read(2). A read counts itself: the count it returns
 * includes its own entry. So a begin-end pair counts the calls in between
 * plus the end's read; sc_self, measured, is what an empty pair counts.
 */
static int sc_fd = -1;
static uint64_t sc_self;
static char sc_why[256];

static uint64_t sc_read(void)
{
	uint64_t v = 0;

	if (read(sc_fd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

uint64_t bench_sc_begin(void)
{
	return sc_read();
}

uint64_t bench_sc_end(uint64_t begin)
{
	uint64_t d = sc_read() - begin;

	return d > sc_self ? d - sc_self : 0;
}

int bench_sc_available(void)
{
	return sc_fd >= 0;
}

/* tracefs where it is mounted, or through debugfs's automount. */
static long sc_tracepoint_id(void)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[128];
	long id = -1;
	FILE *f;

	for (unsigned int i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/events/raw_syscalls/sys_enter/id",
			 dirs[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%ld", &id) != 1)
			id = -1;
		fclose(f);
		if (id >= 0)
			return id;
	}
	snprintf(sc_why, sizeof(sc_why),
		 "no tracepoint raw_syscalls:sys_enter (tracefs not mounted on "
		 "/sys/kernel/tracing, no debugfs)");
	return -1;
}

static long sc_id = -1;		/* the tracepoint's, once sc_init() found it */

/* A counter of the calling thread's system calls; -1 (errno set) if none. */
static int sc_open(void)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_TRACEPOINT;
	a.size = sizeof(a);
	a.config = (uint64_t)sc_id;
	return (int)syscall(__NR_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

static void sc_init(void)
{
	uint64_t c, d;

	if (sc_id < 0)
		sc_id = sc_tracepoint_id();
	if (sc_id < 0)
		return;
	sc_fd = sc_open();
	if (sc_fd < 0) {
		snprintf(sc_why, sizeof(sc_why),
			 "perf_event_open(raw_syscalls:sys_enter): %s%s", strerror(errno),
			 errno == EACCES ? " (needs root or CAP_PERFMON)" : "");
		return;
	}
	sc_self = UINT64_MAX;
	for (int i = 0; i < 8; i++) {
		c = sc_read();
		d = sc_read() - c;
		if (d < sc_self)
			sc_self = d;
	}
	/* Three known calls between the reads must count three. */
	c = bench_sc_begin();
	syscall(__NR_getppid);
	syscall(__NR_getppid);
	syscall(__NR_getppid);
	d = bench_sc_end(c);
	if (d != 3) {
		snprintf(sc_why, sizeof(sc_why),
			 "the counter counted %llu system calls for 3",
			 (unsigned long long)d);
		close(sc_fd);
		sc_fd = -1;
	}
}

/*
 * While a counter of the tracepoint is open, every thread of the system
 * makes its system calls through the tracing slow path: the counter is
 * opened for section f only, not while the others measure.
 */
static void sc_fini(void)
{
	if (sc_fd >= 0)
		close(sc_fd);
	sc_fd = -1;
}

/* bench_later's helper thread. */
static pthread_mutex_t later_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t later_cond = PTHREAD_COND_INITIALIZER;
static int (*later_fn)(void *);
static void *later_arg;
static int later_state;		/* 0 idle, 1 to run, 2 ran */
static int later_ret;
static int later_started;

static void *later_main(void *unused)
{
	int (*fn)(void *);
	void *arg;
	int r;

	(void)unused;
	pthread_mutex_lock(&later_lock);
	for (;;) {
		while (later_state != 1)
			pthread_cond_wait(&later_cond, &later_lock);
		fn = later_fn;
		arg = later_arg;
		pthread_mutex_unlock(&later_lock);
		/* Long enough for the caller to be waiting by then. */
		usleep(1000);
		r = fn(arg);
		pthread_mutex_lock(&later_lock);
		later_ret = r;
		later_state = 2;
		pthread_cond_broadcast(&later_cond);
	}
	return NULL;
}

int bench_later(int (*fn)(void *arg), void *arg)
{
	pthread_t t;

	if (!later_started) {
		errno = pthread_create(&t, NULL, later_main, NULL);
		if (errno)
			return bench_fail("pthread_create: %s", strerror(errno));
		pthread_detach(t);
		later_started = 1;
	}
	pthread_mutex_lock(&later_lock);
	later_fn = fn;
	later_arg = arg;
	later_state = 1;
	pthread_cond_broadcast(&later_cond);
	pthread_mutex_unlock(&later_lock);
	return 0;
}

int bench_later_done(void)
{
	int r;

	pthread_mutex_lock(&later_lock);
	while (later_state != 2)
		pthread_cond_wait(&later_cond, &later_lock);
	later_state = 0;
	r = later_ret;
	pthread_mutex_unlock(&later_lock);
	return r;
}

#define SC_LINES	8

/* The native line each Winsock line of bench_wsa_ov_syscalls compares to. */
static const int sc_native_of[] = { 0, 0, 1, 1, 2, 3 };

static void sc_print(const struct bench_sc_line *l, const struct bench_sc_line *native)
{
	double sub = (double)l->submit / l->ops, com = (double)l->complete / l->ops;

	printf("   %-31s %-48s %5.2f %5.2f", l->op, l->collect, sub, com);
	if (native) {
		double nt = (double)(native->submit + native->complete) / native->ops;

		printf("  %5.2f  %4.2f", nt, nt > 0 ? (sub + com) / nt : 0.0);
	}
	printf("\n");
}

static int syscalls(unsigned int ops)
{
	struct bench_sc_line ws[SC_LINES], native[SC_LINES];
	int nw = 0, nn, j;

	watchdog("system call counts", 0);
	nn = bench_native_syscalls(ops, native, SC_LINES);
	if (nn >= 0 && bench_wsa_ov_available())
		nw = bench_wsa_ov_syscalls(ops, ws, SC_LINES);
	alarm(0);
	if (nn < 0 || nw < 0)
		return -1;

	printf("   %-31s %-48s %5s %5s  %5s  %4s\n", "", "", "", "", "native", "ws/");
	printf("   %-31s %-48s %5s %5s  %5s  %4s\n", "operation", "result collected by",
	       "start", "get", "total", "nat.");
	if (!nw)
		printf("   ws: not measured: libws has no overlapped I/O\n");
	for (j = 0; j < nw; j++)
		sc_print(&ws[j], (size_t)j < ARRAY_SIZE(sc_native_of) &&
			 sc_native_of[j] < nn ? &native[sc_native_of[j]] : NULL);
	printf("   native, nonblocking socket:\n");
	for (j = 0; j < nn; j++)
		sc_print(&native[j], NULL);
	return 0;
}

/* --- servers with worker threads ----------------------------------------- */

void bench_mt_init(struct bench_mt *m, int count_sc)
{
	memset(m, 0, sizeof(*m));
	m->count_sc = count_sc;
	for (int i = 0; i < BENCH_WORKERS; i++)
		m->w[i].sc_fd = -1;
}

int bench_mt_worker_start(struct bench_mt *m, int i)
{
	struct bench_worker *w = &m->w[i];
	char name[16];

	snprintf(name, sizeof(name), "bench-worker%d", i);
	prctl(PR_SET_NAME, name);	/* for perf report --comm */
	w->tid = (int)syscall(__NR_gettid);
	if (m->count_sc) {
		w->sc_fd = sc_open();
		if (w->sc_fd < 0)
			return bench_fail("worker %d: perf_event_open(raw_syscalls:sys_enter): %s",
					  i, strerror(errno));
	}
	__atomic_store_n(&w->ready, 1, __ATOMIC_RELEASE);
	return 0;
}

int bench_mt_failed(struct bench_mt *m)
{
	for (int i = 0; i < BENCH_WORKERS; i++)
		if (__atomic_load_n(&m->w[i].err, __ATOMIC_ACQUIRE))
			return -1;
	return 0;
}

void bench_mt_close(struct bench_mt *m)
{
	for (int i = 0; i < BENCH_WORKERS; i++) {
		if (m->w[i].sc_fd >= 0)
			close(m->w[i].sc_fd);
		m->w[i].sc_fd = -1;
	}
}

/* The workers' figures at one moment, summed. */
struct mt_snap {
	uint64_t	t, done, waits, items, io, syscalls;
	uint64_t	cpu[2], sleeps[2];	/* [1]: the workers, [0]: the others */
	uint64_t	count[BENCH_CONNS];
};

/* A kernel without CONFIG_SCHED_INFO has no schedstat. */
static int mt_no_schedstat;

/*
 * The CPU time (schedstat: nanoseconds on a CPU) and the voluntary context
 * switches of the workers, and of the process's other threads.
 */
static void mt_threads(struct bench_mt *m, struct mt_snap *s)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	char path[64], line[128];

	if (!d)
		return;
	while ((e = readdir(d))) {
		int tid = atoi(e->d_name), worker = 0;
		unsigned long long v;
		FILE *f;

		if (tid <= 0)
			continue;
		for (int i = 0; i < BENCH_WORKERS; i++)
			if (m->w[i].tid == tid)
				worker = 1;
		snprintf(path, sizeof(path), "/proc/self/task/%d/schedstat", tid);
		f = fopen(path, "r");
		if (f) {
			if (fscanf(f, "%llu", &v) == 1)
				s->cpu[worker] += v;
			fclose(f);
		} else {
			mt_no_schedstat = 1;
		}
		snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "voluntary_ctxt_switches: %llu", &v) == 1)
				s->sleeps[worker] += v;
		fclose(f);
	}
	closedir(d);
}

static void mt_snap(struct bench_mt *m, struct mt_snap *s)
{
	memset(s, 0, sizeof(*s));
	mt_threads(m, s);
	s->t = bench_now_ns();
	for (int i = 0; i < BENCH_WORKERS; i++) {
		struct bench_worker *w = &m->w[i];
		uint64_t v;

		s->done += __atomic_load_n(&w->done, __ATOMIC_RELAXED);
		s->waits += __atomic_load_n(&w->waits, __ATOMIC_RELAXED);
		s->items += __atomic_load_n(&w->items, __ATOMIC_RELAXED);
		s->io += __atomic_load_n(&w->io, __ATOMIC_RELAXED);
		for (int k = 0; k < BENCH_CONNS; k++)
			s->count[k] += __atomic_load_n(&w->count[k], __ATOMIC_RELAXED);
		/* The worker's counter, read from here: the read is this thread's. */
		if (w->sc_fd >= 0 && read(w->sc_fd, &v, sizeof(v)) == sizeof(v))
			s->syscalls += v;
	}
}

static int mt_all_ready(struct bench_mt *m)
{
	for (int i = 0; i < BENCH_WORKERS; i++)
		if (!__atomic_load_n(&m->w[i].ready, __ATOMIC_ACQUIRE))
			return 0;
	return 1;
}

/* 64 times the calls that may be in flight at either end of a run. */
#define MT_SC_REQUESTS	(64 * 2 * BENCH_CONNS)

int bench_mt_measure(struct bench_mt *m, uint64_t ns, struct bench_run *out)
{
	struct mt_snap a, b;
	uint64_t last = 0, since = bench_now_ns(), done;
	struct timespec ts;
	int ready, k;

	/* The warm-up, looked at every millisecond: every connection going. */
	for (;;) {
		uint64_t now = bench_now_ns();

		if (bench_mt_failed(m))
			return -1;
		ready = mt_all_ready(m);
		done = 0;
		for (int i = 0; i < BENCH_WORKERS; i++)
			done += __atomic_load_n(&m->w[i].done, __ATOMIC_RELAXED);
		if (ready && done >= BENCH_SERVER_WARMUP)
			break;
		if (done != last || !ready) {
			last = done;
			since = now;
		} else if (now - since > 2000000000ull) {
			return bench_fail("server: no request served for 2 s (%llu so far)",
					  (unsigned long long)done);
		}
		usleep(1000);
	}

	mt_snap(m, &a);
	ts.tv_sec = ns / 1000000000ull;
	ts.tv_nsec = ns % 1000000000ull;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	/*
	 * Counting system calls per request: up to two I/O calls per
	 * connection are made before their request counts, so a run goes on
	 * (for at most ten seconds) until it has served MT_SC_REQUESTS.
	 */
	for (k = 0; m->count_sc && k < 100; k++) {
		done = 0;
		for (int i = 0; i < BENCH_WORKERS; i++)
			done += __atomic_load_n(&m->w[i].done, __ATOMIC_RELAXED);
		if (done - a.done >= MT_SC_REQUESTS || bench_mt_failed(m))
			break;
		usleep(100000);
	}
	mt_snap(m, &b);
	if (bench_mt_failed(m))
		return -1;

	out->rounds = b.done - a.done;
	out->ns = b.t - a.t;
	out->waits = b.waits - a.waits;
	out->items = b.items - a.items;
	out->io = b.io - a.io;
	out->syscalls = b.syscalls - a.syscalls;
	out->wcpu_ns = b.cpu[1] - a.cpu[1];
	out->ocpu_ns = b.cpu[0] - a.cpu[0];
	out->wsleeps = b.sleeps[1] - a.sleeps[1];
	/* Less the measuring thread's own sleep. */
	out->osleeps = b.sleeps[0] - a.sleeps[0] - 1;
	out->min_conn = UINT64_MAX;
	out->max_conn = 0;
	for (k = 0; k < BENCH_CONNS; k++) {
		uint64_t d = b.count[k] - a.count[k];

		if (d < out->min_conn)
			out->min_conn = d;
		if (d > out->max_conn)
			out->max_conn = d;
	}
	return 0;
}

/*
 * Section g, where the time goes, medians of the runs: per request, the
 * CPU time of the workers and of the other threads (the clients' thread:
 * the measuring one sleeps), softirq work included where it ran (a send on
 * loopback delivers to the receiving socket, and for ws completes its
 * receive, in the sender's context); the share of a CPU the other threads
 * had (1: the clients' thread never waited for the server); and how often
 * each went to sleep per request.
 */
static void mt_costs(const struct variant *vs, int nv, int runs)
{
	double wc[MAX_RUNS], oc[MAX_RUNS], ob[MAX_RUNS], ws[MAX_RUNS], os[MAX_RUNS];
	int i, j;

	if (mt_no_schedstat) {
		printf("   (no /proc/<tid>/schedstat, no CPU times; sleeps per request:)\n");
		printf("   %-44s %8s %8s\n", "", "workers", "clients");
		for (j = 0; j < nv; j++) {
			const struct variant *v = &vs[j];

			if (v->off || v->skip)
				continue;
			for (i = 0; i < runs; i++) {
				ws[i] = (double)v->run[i].wsleeps / v->run[i].rounds;
				os[i] = (double)v->run[i].osleeps / v->run[i].rounds;
			}
			printf("   %-44s %8.2f %8.2f\n", v->label, median(ws, runs),
			       median(os, runs));
		}
		return;
	}
	printf("   %-44s %17s %8s %17s\n", "", "CPU us/request", "clients", "sleeps/request");
	printf("   %-44s %8s %8s %8s %8s %8s\n", "", "workers", "clients", "busy",
	       "workers", "clients");
	for (j = 0; j < nv; j++) {
		const struct variant *v = &vs[j];

		if (v->off || v->skip)
			continue;
		for (i = 0; i < runs; i++) {
			const struct bench_run *r = &v->run[i];

			wc[i] = r->wcpu_ns / 1e3 / r->rounds;
			oc[i] = r->ocpu_ns / 1e3 / r->rounds;
			ob[i] = (double)r->ocpu_ns / r->ns;
			ws[i] = (double)r->wsleeps / r->rounds;
			os[i] = (double)r->osleeps / r->rounds;
		}
		printf("   %-44s %8.1f %8.1f %8.2f %8.2f %8.2f\n", v->label,
		       median(wc, runs), median(oc, runs), median(ob, runs),
		       median(ws, runs), median(os, runs));
	}
}

/*
 * Section h: the servers of g again, their workers' system calls counted
 * (a counter per worker thread, opened by the worker, read from here),
 * per request: all of them, and by what the workers tallied themselves,
 * the waits and the I/O calls (each one system call); what is left is
 * "other". Medians of @runs runs.
 */
static int mt_syscalls(struct variant *vs, int nv, uint64_t ns, int runs)
{
	double total[MAX_RUNS], waits[MAX_RUNS], io[MAX_RUNS], other[MAX_RUNS],
	       per_io[MAX_RUNS], per_wait[MAX_RUNS];
	int i, j, k;

	for (i = 0; i < runs; i++)
		for (k = 0; k < nv; k++) {
			j = (i + k) % nv;
			if (!vs[j].skip && !vs[j].off && run_one(&vs[j], 'h', ns, i))
				return -1;
		}

	printf("   %-44s %27s %8s %6s\n", "", "system calls per request", "per I/O",
	       "items");
	printf("   %-44s %6s %6s %6s %6s %8s %6s\n", "", "all", "waits", "I/O", "other",
	       "call", "/wait");
	for (j = 0; j < nv; j++) {
		const struct variant *v = &vs[j];

		if (v->off)
			continue;
		printf("   %-44s", v->label);
		if (v->skip) {
			printf(" not measured: %s\n", v->skip);
			continue;
		}
		for (i = 0; i < runs; i++) {
			const struct bench_run *r = &v->run[i];
			double n = (double)r->rounds;

			total[i] = r->syscalls / n;
			waits[i] = r->waits / n;
			io[i] = r->io / n;
			/* Not quite 0 when a call fell across an end of the run. */
			other[i] = ((double)r->syscalls - r->waits - r->io) / n;
			if (other[i] > -0.005 && other[i] < 0.005)
				other[i] = 0;
			per_io[i] = r->io ? (double)r->syscalls / r->io : 0;
			per_wait[i] = r->waits ? (double)r->items / r->waits : 0;
		}
		printf(" %6.2f %6.2f %6.2f %6.2f %8.2f %6.1f\n", median(total, runs),
		       median(waits, runs), median(io, runs), median(other, runs),
		       median(per_io, runs), median(per_wait, runs));
	}
	return 0;
}

/* --- main ---------------------------------------------------------------- */

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: ws_bench [-t MS] [-r RUNS] [-n CONNS] [-o OPS] [-s SECTIONS] [-v VARIANTS]\n"
		"  -t MS        length of one measured run (default 50)\n"
		"  -r RUNS      runs of each line (default 25; memory: at most 3, h: at\n"
		"               most 5, of at least 500 ms and 8192 requests)\n"
		"  -n CONNS     connections of the memory probe (default 300)\n"
		"  -o OPS       operations counted per line of f (default 100)\n"
		"  -s SECTIONS  a: ping-pong, b: 64-connection server, c: kernel memory,\n"
		"               d: overlapped ping-pong, e: overlapped bulk transfer,\n"
		"               f: system calls per overlapped operation, g: servers\n"
		"               with 2 worker threads, completion port against epoll,\n"
		"               h: system calls per request of g's servers,\n"
		"               i: wake-ups, auto-reset events against a futex,\n"
		"               j: 64-connection server, WSAAsyncSelect against epoll,\n"
		"               k: rooted multipoint, fan-out and join latency\n"
		"               (default abcdefghijk)\n"
		"  -v VARIANTS  n: native, w: ws through libws, r: ws through the raw\n"
		"               kernel ABI, not in j (default nwr; ratios need n);\n"
		"               in g and h: n: an epoll set per thread, s: one shared\n"
		"               epoll set, w: GetQueuedCompletionStatus, x:\n"
		"               GetQueuedCompletionStatusEx, k: x with\n"
		"               FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (default all;\n"
		"               ratios need n)\n"
		"Needs the ws module loaded; sections c, f and h need root. Run it in\n"
		"the VM with selftests/bench/run-bench.\n");
	exit(status);
}

int main(int argc, char **argv)
{
	unsigned int ms = 50, conns = 300, ops = 100;
	const char *sections = "abcdefghijk", *variants = NULL;
	struct variant *vs = bench_variants;
	int runs = 25, nv = ARRAY_SIZE(bench_variants), nmt = ARRAY_SIZE(mt_variants),
	    nas = ARRAY_SIZE(async_variants);
	int opt, err = 0, j;
	struct utsname u;
	struct rlimit rl;
	uint64_t ns;

	while ((opt = getopt(argc, argv, "t:r:n:o:s:v:h")) != -1) {
		switch (opt) {
		case 't': ms = strtoul(optarg, NULL, 0); break;
		case 'r': runs = atoi(optarg); break;
		case 'n': conns = strtoul(optarg, NULL, 0); break;
		case 'o': ops = strtoul(optarg, NULL, 0); break;
		case 's': sections = optarg; break;
		case 'v': variants = optarg; break;
		case 'h': usage(0); break;
		default: usage(2);
		}
	}
	if (optind != argc || !ms || runs < 1 || runs > MAX_RUNS || !conns ||
	    conns > 100000 || !ops || ops > 100000 ||
	    strspn(sections, "abcdefghijk") != strlen(sections) ||
	    (variants && strspn(variants, "nwrsxk") != strlen(variants)))
		usage(2);
	ns = ms * 1000000ull;

	/* The memory probe holds 4 descriptors per connection. */
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < 4 * conns + 256) {
		rl.rlim_cur = 4 * conns + 256;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl)) {
			bench_fail("RLIMIT_NOFILE %lu: %s", (unsigned long)rl.rlim_cur,
				   strerror(errno));
			return 1;
		}
	}

	if (bench_raw_init())
		return 1;
	if (bench_wsa_available() && bench_wsa_init())
		return 1;

	uname(&u);
	printf("ws_bench: Linux %s, %ld CPUs; sections a, b, d, e, g, i, j, k: %d runs of %u ms per line\n",
	       u.release, sysconf(_SC_NPROCESSORS_ONLN), runs, ms);

	for (j = 0; j < nv; j++) {
		vs[j].off = !strchr(variants ? variants : "nwr", vs[j].key);
		ov_variants[j].off = bulk_variants[j].off = vs[j].off;
		if (vs[j].key != 'w')
			continue;
		if (!bench_wsa_available())
			vs[j].skip = "libws has no WSAEventSelect";
		if (!bench_wsa_ov_available())
			ov_variants[j].skip = bulk_variants[j].skip =
				"libws has no overlapped I/O";
	}
	for (j = 0; j < nas; j++) {
		async_variants[j].off = !strchr(variants ? variants : "nwr",
						async_variants[j].key);
		if (async_variants[j].key == 'w' && !bench_wsa_async_available())
			async_variants[j].skip = "libws has no WSAAsyncSelect";
	}
	for (j = 0; j < nmt; j++) {
		mt_variants[j].off = variants && !strchr(variants, mt_variants[j].key);
		if (strchr("wxk", mt_variants[j].key) && !bench_wsa_iocp_available())
			mt_variants[j].skip = "libws has no completion ports";
	}

	if (strchr(sections, 'a')) {
		printf("\na) ping-pong, %d-byte messages, 1 loopback TCP connection, 1 thread\n"
		       "   system calls per round trip: native 6 (send, epoll_wait, recv per end),\n"
		       "   ws 8 (send, WS_IOC_WAIT, WS_IOC_ENUM_NETWORK_EVENTS, recv per end);\n"
		       "   target: ws/native >= 0.80\n", BENCH_MSG);
		print_columns('a');
		if (throughput('a', vs, nv, ns, runs))
			err = 1;
	}
	if (strchr(sections, 'b')) {
		for (j = 0; j < nv; j++)
			memset(vs[j].rate, 0, sizeof(vs[j].rate));
		printf("\nb) %d connections served by one thread (clients: native sockets driven by a\n"
		       "   second thread, one %d-byte message in flight each); native: epoll_wait for\n"
		       "   up to %d ready; ws: WSAWaitForMultipleEvents over %d events (wait-any),\n"
		       "   WSAEnumNetworkEvents, recv, send on the signalled one\n",
		       BENCH_CONNS, BENCH_MSG, BENCH_CONNS, BENCH_CONNS);
		print_columns('b');
		if (throughput('b', vs, nv, ns, runs))
			err = 1;
	}
	if (strchr(sections, 'c')) {
		struct mem_variant *mv = calloc(3, sizeof(*mv));

		if (!mv) {
			bench_fail("out of memory");
			return 1;
		}
		mv[0].label = "native TCP socket";
		mv[0].open = bench_native_mem_open;
		mv[0].close = bench_native_mem_close;
		mv[1].label = "ws TCP socket, no event";
		mv[1].open = bench_raw_mem_open_noevent;
		mv[1].close = bench_raw_mem_close;
		mv[2].label = "ws TCP socket + its event (WSAEventSelect)";
		mv[2].open = bench_raw_mem_open;
		mv[2].close = bench_raw_mem_close;
		printf("\nc) kernel memory per connected loopback TCP socket: %u connections\n"
		       "   (%u sockets) opened, per socket the growth of /proc/meminfo Slab (slab)\n"
		       "   and of the objects /proc/slabinfo counts (objects), median of %d runs;\n"
		       "   ws sockets made through the raw ABI (libws adds no kernel memory)\n",
		       conns, 2 * conns, runs > 3 ? 3 : runs);
		if (memory(mv, 3, conns, runs > 3 ? 3 : runs))
			err = 1;
		if (!folded || !shrunk)
			printf("   note: %s%s%s: the figures are approximate\n",
			       folded ? "" : "/proc/sys/vm/stat_refresh",
			       folded || shrunk ? "" : " and ",
			       shrunk ? "" : "/sys/kernel/slab/*/shrink not writable");
		free(mv);
	}
	if (strchr(sections, 'd')) {
		printf("\nd) overlapped ping-pong, %d-byte messages, 1 loopback TCP connection, 1 thread\n"
		       "   native: as in a). ws: a receive always posted on each end, its OVERLAPPED's\n"
		       "   event set on completion; per end WSASend (completes at once),\n"
		       "   WSAWaitForMultipleEvents, WSAGetOverlappedResult, WSARecv posted again\n"
		       "   system calls per round trip: native 6, ws 6 (WS_IOC_SUBMIT, WS_IOC_WAIT,\n"
		       "   WS_IOC_SUBMIT per end); target: ws/native >= 0.90\n", BENCH_MSG);
		print_columns('d');
		if (throughput('d', ov_variants, nv, ns, runs))
			err = 1;
	}
	if (strchr(sections, 'e')) {
		printf("\ne) bulk transfer over 1 loopback TCP connection: a native sender thread sends\n"
		       "   %d KiB at a time as fast as it can (blocking send), the same for every\n"
		       "   line; native receiver: blocking recv of %d KiB; ws: %d overlapped %d KiB\n"
		       "   WSARecv kept posted, the oldest collected with WSAGetOverlappedResult\n"
		       "   (fWait TRUE: a wait only while it pends) and posted again;\n"
		       "   target: ws/native >= 0.95\n", BENCH_BULK_CHUNK / 1024,
		       BENCH_BULK_CHUNK / 1024, BENCH_BULK_DEPTH, BENCH_BULK_CHUNK / 1024);
		print_columns('e');
		if (throughput('e', bulk_variants, nv, ns, runs))
			err = 1;
	}
	if (strchr(sections, 'f')) {
		printf("\nf) system calls per operation, counted (tracepoint raw_syscalls:sys_enter,\n"
		       "   this thread only) over %u operations of each line; start: the call that\n"
		       "   starts it, get: the calls that collect its result (a peer thread sends,\n"
		       "   or drains a full buffer, while the caller waits); native total: the\n"
		       "   native line below with the same case; target: start 1\n", ops);
		sc_init();
		if (!bench_sc_available())
			printf("   not measured: %s\n", sc_why);
		else if (syscalls(ops))
			err = 1;
		sc_fini();
	}
	if (strchr(sections, 'g')) {
		printf("\ng) %d connections served by %d worker threads (clients as in b: native\n"
		       "   sockets driven by one thread, one %d-byte message in flight each);\n"
		       "   native: nonblocking sockets, epoll_wait for up to %d events, recv, send\n"
		       "   back; ws: the sockets associated with one completion port (concurrency\n"
		       "   %d), a WSARecv always posted, on its completion WSARecv posted again and\n"
		       "   WSASend of the message (its completion dequeued too), dequeued with\n"
		       "   GetQueuedCompletionStatus, or GetQueuedCompletionStatusEx (up to %d),\n"
		       "   also with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (what completes at once\n"
		       "   queues no packet); a request: a message echoed; ratios to the first\n"
		       "   line; target: ws/native >= 0.90\n",
		       BENCH_CONNS, BENCH_WORKERS, BENCH_MSG, BENCH_CONNS, BENCH_WORKERS,
		       BENCH_CONNS);
		print_columns('g');
		if (throughput('g', mt_variants, nmt, ns, runs))
			err = 1;
		else
			mt_costs(mt_variants, nmt, runs);
	}
	if (strchr(sections, 'h')) {
		/*
		 * Longer runs: up to two I/O calls per connection are made
		 * before their request counts, which a short run would see
		 * (and a run goes on until it served enough requests).
		 */
		uint64_t hns = ns < 500000000ull ? 500000000ull : ns;
		int hruns = runs < 5 ? runs : 5;

		printf("\nh) system calls per request of g's servers, their %d worker threads only\n"
		       "   (tracepoint raw_syscalls:sys_enter, a counter per worker thread),\n"
		       "   median of %d runs of at least %u ms and %d requests; waits:\n"
		       "   epoll_wait or GetQueuedCompletionStatus(Ex) calls; I/O: recv and\n"
		       "   send, or WSARecv and WSASend, calls; other: the rest; per I/O call:\n"
		       "   all of them over the I/O calls (an overlapped operation's share);\n"
		       "   items: events or packets a wait returned. A request takes two I/O\n"
		       "   calls, each one system call: 2 per request is the floor without\n"
		       "   batched submission;\n"
		       "   target: ws with GetQueuedCompletionStatusEx <= 1.5 per request\n",
		       BENCH_WORKERS, hruns, (unsigned int)(hns / 1000000), MT_SC_REQUESTS);
		/* Only to see that counting works here; the workers count. */
		sc_init();
		if (!bench_sc_available()) {
			printf("   not measured: %s\n", sc_why);
		} else {
			sc_fini();
			if (mt_syscalls(mt_variants, nmt, hns, hruns))
				err = 1;
		}
		sc_fini();
	}
	if (strchr(sections, 'i')) {
		printf("\ni) wake-ups through auto-reset events: 8 waiter threads and a setter; per\n"
		       "   wake-up the setter sets a waiter's event, then waits on its own until\n"
		       "   the waiter that woke sets it (one set outstanding); ws: event objects\n"
		       "   of the module (raw ABI: WS_IOC_EVENT_SET, WS_IOC_WAIT), futex: an\n"
		       "   auto-reset event in userspace on FUTEX_WAIT/FUTEX_WAKE of one; a\n"
		       "   spurious wake-up: a waiter woken that found nothing to take (target 0)\n");
		if (bench_wake(ns, runs))
			err = 1;
	}
	if (strchr(sections, 'j')) {
		printf("\nj) %d connections served by one thread, clients as in b (native sockets\n"
		       "   driven by a second thread, one %d-byte message in flight each);\n"
		       "   native: b's epoll server; ws: each connection selected with\n"
		       "   WSAAsyncSelect(FD_READ | FD_CLOSE) on one message-only window, a\n"
		       "   GetMessage, TranslateMessage, DispatchMessage loop, the window\n"
		       "   procedure's recv on FD_READ and send of the whole message;\n"
		       "   system calls per message: ws 3 (WS_IOC_MSGQ_GET, recv, send);\n"
		       "   target: ws/native >= 0.80\n", BENCH_CONNS, BENCH_MSG);
		print_columns('j');
		if (throughput('j', async_variants, nas, ns, runs))
			err = 1;
	}
	if (strchr(sections, 'k')) {
		printf("\nk) rooted multipoint (raw kernel ABI) against native TCP, %d receivers:\n"
		       "   k1: a sender's 1 KiB messages to every receiver, drained by a second\n"
		       "   thread with epoll; ws: one send(2) on a d_root, native: one send(2)\n"
		       "   per TCP connection; a message counts once every receiver has it;\n"
		       "   k2: a leaf-initiated join with 16 bytes of data each way, admitted\n"
		       "   by a condition (WS_IOC_RT_PEEK, WS_IOC_RT_VERDICT, accept), against\n"
		       "   a TCP connect, a 16-byte request and a 16-byte reply\n",
		       BENCH_FANOUT);
		if (bench_fanout(ns, runs))
			err = 1;
	}
	return err;
}

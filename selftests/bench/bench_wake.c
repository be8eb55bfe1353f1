// SPDX-License-Identifier: GPL-2.0
/*
 * Section i of ws_bench: wake-ups through auto-reset event objects (the raw
 * ABI: WS_IOC_CREATE_EVENT with WS_EVENT_AUTO_RESET, WS_IOC_EVENT_SET,
 * WS_IOC_WAIT) against an auto-reset event made of a futex in userspace,
 * doing the same work in the same run.
 *
 * Both cases are a handoff: the setter sets a waiter's event, then waits
 * on its own auto-reset event of the same kind until the waiter that
 * woke sets it back. So one set is outstanding at a time, every set finds
 * its waiter asleep or about to sleep, and a wake-up costs the same work
 * on both sides (a set and a wait each way); the rate is wake-ups of the
 * waiters per second. Setting in turn without the acknowledgment would
 * let sets of a still signalled event coalesce, and measure how often the
 * setter outruns the waiters rather than what a wake-up costs.
 *
 *  i1) eight waiters, each on its own event, set in turn (round robin);
 *  i2) eight waiters in a wait-any on one shared event: one set may wake
 *      one of them only.
 *
 * A spurious wake-up is a waiter's return from the kernel that found
 * nothing to take: for ws, a wait that returned although the set it took
 * was not posted (there should be none: the set claims one waiter and
 * resets the event under the event's lock); for the futex, a FUTEX_WAIT
 * woken whose waiter then found the event taken by another (a thread
 * coming back to wait takes it first: the futex wakes a sleeper before it
 * knows who will take the event).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/ws.h>

#include "bench.h"

#define WAKE_THREADS	8

/* --- the futex auto-reset event ------------------------------------------ */

struct fev {
	atomic_int	state;		/* 1: signalled */
	atomic_int	waiters;	/* in FUTEX_WAIT or about to be */
};

static long futex(atomic_int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

static void fev_set(struct fev *e)
{
	if (atomic_exchange(&e->state, 1) == 0 && atomic_load(&e->waiters))
		futex(&e->state, FUTEX_WAKE_PRIVATE, 1);
}

/* Take @e, sleeping until it is set; counts the wake-ups that found nothing. */
static void fev_wait(struct fev *e, uint64_t *spurious)
{
	int woken = 0;

	for (;;) {
		int one = 1;

		if (atomic_compare_exchange_strong(&e->state, &one, 0))
			return;
		if (woken)
			(*spurious)++;
		atomic_fetch_add(&e->waiters, 1);
		woken = futex(&e->state, FUTEX_WAIT_PRIVATE, 0) == 0;
		atomic_fetch_sub(&e->waiters, 1);
	}
}

/* --- ws auto-reset events ---------------------------------------------- */

static int wake_dev = -1;

static int wsev_create(void)
{
	struct ws_event_args a = { .flags = WS_EVENT_AUTO_RESET, .fd = -1 };

	if (ioctl(wake_dev, WS_IOC_CREATE_EVENT, &a))
		return -errno;
	return a.fd;
}

static void wsev_set(int fd)
{
	if (ioctl(fd, WS_IOC_EVENT_SET))
		bench_fail("WS_IOC_EVENT_SET: %s", strerror(errno));
}

static void wsev_wait(int fd)
{
	struct ws_wait_args a = {
		.timeout = WS_TIMEOUT_INFINITE,
		.objs = (uintptr_t)&fd,
		.count = 1,
	};

	while (ioctl(wake_dev, WS_IOC_WAIT, &a))
		if (errno != EINTR) {
			bench_fail("WS_IOC_WAIT: %s", strerror(errno));
			return;
		}
}

/* --- the runs -------------------------------------------------------------- */

struct wake_run;

struct wake_waiter {
	struct wake_run		*run;
	int			i;
	pthread_t		pt;
	uint64_t		spurious;	/* this thread's */
	uint64_t		wakeups;	/* this thread's */
};

struct wake_run {
	int			ws;		/* ws events, else futex ones */
	int			shared;		/* i2: one event for all */
	atomic_int		stop;
	atomic_ullong		posted;		/* sets of the waiters' events */
	atomic_ullong		taken;		/* what the waiters took */
	int			fd[WAKE_THREADS], ack_fd;
	struct fev		fe[WAKE_THREADS], ack_fe;
	struct wake_waiter	w[WAKE_THREADS];
};

static void wake_set(struct wake_run *r, int i)
{
	if (r->ws)
		wsev_set(r->fd[i]);
	else
		fev_set(&r->fe[i]);
}

static void *wake_waiter_main(void *arg)
{
	struct wake_waiter *w = arg;
	struct wake_run *r = w->run;
	int i = r->shared ? 0 : w->i;

	for (;;) {
		unsigned long long t;

		if (r->ws)
			wsev_wait(r->fd[i]);
		else
			fev_wait(&r->fe[i], &w->spurious);
		if (atomic_load(&r->stop))
			break;
		/* One set is outstanding at a time: it is there to take. */
		t = atomic_load(&r->taken);
		if (t >= atomic_load(&r->posted)) {
			w->spurious++;
			continue;
		}
		atomic_store(&r->taken, t + 1);
		w->wakeups++;
		if (r->ws)
			wsev_set(r->ack_fd);
		else
			fev_set(&r->ack_fe);
	}
	return NULL;
}

/* The waits are infinite: a lost wake-up fails the run instead of hanging. */
static void wake_watchdog_fired(int sig)
{
	static const char msg[] =
		"ws_bench: error: section i made no progress (a lost wake-up?)\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/* One run of @ns: the waiters' wake-ups per second, their spurious ones. */
static int wake_once(int ws, int shared, uint64_t ns, double *rate,
		     uint64_t *spurious)
{
	struct wake_run *r = calloc(1, sizeof(*r));
	uint64_t t0, t1, n = 0, dummy = 0;
	int i, started = 0, err = 0;

	if (!r)
		return bench_fail("out of memory");
	signal(SIGALRM, wake_watchdog_fired);
	alarm(30 + 10 * (unsigned int)(ns / 1000000000ull));
	r->ws = ws;
	r->shared = shared;
	r->ack_fd = -1;
	for (i = 0; i < WAKE_THREADS; i++)
		r->fd[i] = -1;
	if (ws) {
		for (i = 0; i < WAKE_THREADS && !err; i++)
			if ((r->fd[i] = wsev_create()) < 0)
				err = bench_fail("WS_IOC_CREATE_EVENT: %s",
						 strerror(-r->fd[i]));
		if (!err && (r->ack_fd = wsev_create()) < 0)
			err = bench_fail("WS_IOC_CREATE_EVENT: %s", strerror(-r->ack_fd));
	}
	for (i = 0; i < WAKE_THREADS && !err; i++) {
		r->w[i].run = r;
		r->w[i].i = i;
		if (pthread_create(&r->w[i].pt, NULL, wake_waiter_main, &r->w[i]))
			err = bench_fail("pthread_create failed");
		else
			started++;
	}
	usleep(20000);	/* let them sleep */

	t0 = bench_now_ns();
	t1 = t0;
	while (!err && t1 - t0 < ns) {
		int k = shared ? 0 : (int)(n % WAKE_THREADS);
		int b;

		/* Eight handoffs between looks at the clock. */
		for (b = 0; b < 8; b++, n++) {
			k = shared ? 0 : (int)(n % WAKE_THREADS);
			atomic_fetch_add(&r->posted, 1);
			wake_set(r, k);
			if (ws)
				wsev_wait(r->ack_fd);
			else
				fev_wait(&r->ack_fe, &dummy);
		}
		t1 = bench_now_ns();
	}

	/* Stop: every waiter wakes once more, sees stop and leaves. */
	atomic_store(&r->stop, 1);
	for (i = 0; i < started; i++) {
		if (shared) {
			/* One set wakes one: set until this one left. */
			while (pthread_tryjoin_np(r->w[i].pt, NULL)) {
				wake_set(r, 0);
				usleep(1000);
			}
		} else {
			wake_set(r, i);
			pthread_join(r->w[i].pt, NULL);
		}
	}
	*spurious = 0;
	for (i = 0; i < started; i++)
		*spurious += r->w[i].spurious;
	if (!err && atomic_load(&r->taken) != n)
		err = bench_fail("%llu sets taken of %llu",
				 (unsigned long long)atomic_load(&r->taken),
				 (unsigned long long)n);
	alarm(0);
	*rate = t1 > t0 ? n * 1e9 / (double)(t1 - t0) : 0;
	for (i = 0; i < WAKE_THREADS; i++)
		if (r->fd[i] >= 0)
			close(r->fd[i]);
	if (r->ack_fd >= 0)
		close(r->ack_fd);
	free(r);
	return err;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int wake_line(const char *label, int shared, uint64_t ns, int runs)
{
	double ws[MAX_RUNS], fx[MAX_RUNS], ratio[MAX_RUNS], best_ws = 0, best_fx = 0;
	uint64_t sp_ws = 0, sp_fx = 0, sp;
	double lo, hi;
	int i;

	for (i = 0; i < runs; i++) {
		/* Alternate which goes first, so neither always has the warm CPU. */
		if (i % 2) {
			if (wake_once(0, shared, ns, &fx[i], &sp) ||
			    (sp_fx += sp, wake_once(1, shared, ns, &ws[i], &sp)))
				return 1;
			sp_ws += sp;
		} else {
			if (wake_once(1, shared, ns, &ws[i], &sp) ||
			    (sp_ws += sp, wake_once(0, shared, ns, &fx[i], &sp)))
				return 1;
			sp_fx += sp;
		}
		ratio[i] = fx[i] > 0 ? ws[i] / fx[i] : 0;
		if (ws[i] > best_ws)
			best_ws = ws[i];
		if (fx[i] > best_fx)
			best_fx = fx[i];
	}
	printf("   %-44s %10s %10s\n", label, "best/s", "median/s");
	printf("     %-42s %10.0f %10.0f   spurious %llu\n", "ws auto-reset event",
	       best_ws, median(ws, runs), (unsigned long long)sp_ws);
	printf("     %-42s %10.0f %10.0f   spurious %llu\n", "futex auto-reset event",
	       best_fx, median(fx, runs), (unsigned long long)sp_fx);
	qsort(ratio, runs, sizeof(*ratio), cmp_double);
	lo = ratio[0];
	hi = ratio[runs - 1];
	printf("     ratio ws/futex: median %.2f (%.2f-%.2f over %d runs)\n",
	       median(ratio, runs), lo, hi, runs);
	return 0;
}

/**
 * bench_wake() - section i
 * @ns: length of one run
 * @runs: runs of each line (each measures both kinds, back to back)
 *
 * Return: 0, or 1 after printing why.
 */
int bench_wake(uint64_t ns, int runs)
{
	struct ws_event_args a = { .flags = WS_EVENT_AUTO_RESET, .fd = -1 };
	int err;

	wake_dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (wake_dev < 0)
		return bench_fail("%s: %s", WS_DEVICE_PATH, strerror(errno));
	if (ioctl(wake_dev, WS_IOC_CREATE_EVENT, &a)) {
		printf("   not measured: no auto-reset events in this module (%s)\n",
		       strerror(errno));
		close(wake_dev);
		return 0;
	}
	close(a.fd);
	err = wake_line("i1) 8 waiters, own event each, round robin", 0, ns, runs) ||
	      wake_line("i2) 8 waiters, wait-any on one shared event", 1, ns, runs);
	close(wake_dev);
	wake_dev = -1;
	return err;
}

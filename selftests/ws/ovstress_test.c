// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded stress test of the module's overlapped I/O engine, through
 * libws (uapi/linux/ws.h "Overlapped I/O", README "Overlapped I/O and the
 * mswsock.h extensions").
 *
 * For a few seconds many threads at once:
 *  - stream threads keep overlapped WSARecv and WSASend posted on TCP
 *    connections (IPv4 and IPv6, both directions of each connection),
 *    completed through events and through completion routines, the thread
 *    waiting alertably; some receives use MSG_WAITALL (the worker's path),
 *    the rest the sock's data-ready path;
 *  - datagram threads do the same with WSARecvFrom and WSASendTo on UDP;
 *  - AcceptEx/ConnectEx threads keep AcceptEx (with and without a receive
 *    part) and ConnectEx (with data) posted on a listener;
 *  - a canceller calls CancelIoEx (one OVERLAPPED, or all) on the others'
 *    sockets, CancelIo on sockets where it has nothing pending (which must
 *    cancel nothing), and closes accept sockets of pending AcceptEx;
 *  - churn threads run rounds on fresh connections: operations pending
 *    (sends, receives, a TransmitFile from a memfd) while another thread
 *    closes the socket; a thread that posts and exits
 *    with its operations pending; buffers and OVERLAPPEDs munmap()ed while
 *    pending (and the address mapped again); fork() with operations
 *    pending, the child closing its copies of the sockets and exiting with
 *    operations of its own pending.
 *
 * Invariants checked:
 *  - every operation that pends, or completes at once, completes exactly
 *    once: its event is set once (it is reset and the OVERLAPPED poisoned
 *    after the completion is taken; both must stay so), or its routine runs
 *    once, in the submitting thread; Internal leaves STATUS_PENDING and
 *    holds the same status the routine gets. An operation of a thread that
 *    exited completes too (Internal), and its routine never runs. A call
 *    that fails at once never completes. Nothing completes while its socket
 *    stays open and nothing ends it (a child closing its copy of a socket,
 *    a thread exiting, fork);
 *  - statuses: STATUS_CANCELLED only while a CancelIo(Ex) of the socket was
 *    under way or the socket was being closed, STATUS_CONNECTION_ABORTED
 *    only for a stream receive of a socket being closed, nothing else
 *    unexpected;
 *  - data: every stream is checked byte for byte in the order its receives
 *    were posted, and its end (EOF) comes exactly after the last byte its
 *    peer's sends reported; cancelled receives report what they took; sends
 *    from buffers unmapped while pending send the original bytes, and
 *    completions never write into what is mapped at the address later;
 *    datagrams arrive whole (or truncated to the buffer, reported so), from
 *    their sender, never twice (their order is counted, not checked: see
 *    dgram_check_recv());
 *  - no hang: every wait is bounded, and a receive that has data to take,
 *    an operation still pending after its socket was closed, or a thread
 *    that stops making progress is reported by name;
 *  - at the end, with everything closed, the module's per-user counts are
 *    back to zero: with max_reqs_per_user, max_pinned_kb_per_user,
 *    max_apcs_per_user and max_events_per_user lowered to small values, a
 *    batch of exactly that many operations (pages, completion routines,
 *    events) can be created and one more cannot (root only; the same check
 *    runs first, so a count left over by an earlier program is told
 *    apart). The VM runner checks the kernel log for KASAN, lockdep and
 *    kmemleak reports.
 *
 * The stress phase lasts --duration=SECONDS (default 3; fractions allowed),
 * an option of this program that the harness's own options may follow:
 *	ws_ovstress --duration=30 -v stress
 */
#include "ws_test.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <mswsock.h>

/* ntstatus.h's, which libws does not provide. */
#define ST_SUCCESS		0x00000000u
#define ST_BUFFER_OVERFLOW	0x80000005u
#define ST_CANCELLED		0xC0000120u
#define ST_CONNECTION_RESET	0xC000020Du
#define ST_CONNECTION_REFUSED	0xC0000236u
#define ST_CONNECTION_ABORTED	0xC0000241u

/* Internal before a submission, and once the completion was taken. */
#define OV_FRESH	((ULONG_PTR)0x0f0f0f0f0f0f0f0full)
#define OV_TAKEN	((ULONG_PTR)0x7a4e7a4e7a4e7a4eull)
#define OP_MAGIC	0x0b5e55edu

#define HANG_MS		8000	/* bound on what must happen (debug kernel under TCG) */
#define TICK_MS		30	/* a worker's wait between looks */
#define AREA		((DWORD)sizeof(struct sockaddr_in6) + 16)

#define MAX_RX		6
#define MAX_TX		4
#define DG_WINDOW	4096		/* how late a datagram may come */
#define STREAM_PAIRS	4	/* TCP connections, alternately IPv4 and IPv6 */
#define DGRAM_PAIRS	2
#define ACC_SLOTS	6
#define CONN_SLOTS	6
#define CHURN_THREADS	2
#define CHURN_OPS	24
#define MAX_THREADS	32

static double duration_s = 3.0;

/* --- failures and statistics -------------------------------------------- */

static atomic_int nfail;
static atomic_bool stop;

static void failf(const char *fmt, ...)
{
	va_list ap;
	char line[512];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (atomic_fetch_add(&nfail, 1) < 40)
		fprintf(stderr, "# ovstress: FAIL: %s\n", line);
}

enum { OP_RECV, OP_SEND, OP_ACCEPT, OP_CONNECT, OP_TRANSMIT, OP_KINDS };
static const char *const kind_name[OP_KINDS] = {
	"recv", "send", "AcceptEx", "ConnectEx", "TransmitFile",
};

static atomic_long st_submitted[OP_KINDS], st_at_once[OP_KINDS], st_failed_now[OP_KINDS];
static atomic_long st_completed, st_cancelled, st_aborted, st_routines;
static atomic_long st_bytes_rx, st_dgrams, st_dgrams_late, st_cancel_calls, st_closes;
static atomic_long st_rounds[4], st_orphans, st_accepted, st_connected;

static long now_ms(void)
{
	return ws_now_ms();
}

/* --- threads ------------------------------------------------------------ */

struct mop;

struct thr {
	char name[32];
	pthread_t pt;
	bool started;
	void *arg;
	uint64_t rng;
	atomic_long beat;		/* last sign of life */
	_Atomic(const char *) doing;	/* what it is doing, for hang reports */
	atomic_bool finished;
	struct mop *mops[8];		/* its munmap()ed operations (routines) */
};

static __thread struct thr *cur;
static struct thr threads[MAX_THREADS];
static int nthreads;

static void doing(struct thr *t, const char *what)
{
	atomic_store(&t->doing, what);
	atomic_store(&t->beat, now_ms());
}

static uint32_t rnd(struct thr *t)
{
	uint64_t x = t->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	t->rng = x;
	return (uint32_t)(x >> 16);
}

/* In [lo, hi]. */
static uint32_t rnd_in(struct thr *t, uint32_t lo, uint32_t hi)
{
	return lo + rnd(t) % (hi - lo + 1);
}

/* --- data patterns -------------------------------------------------------- */

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

/* Byte @off of stream @sid. */
static uint8_t pat(uint32_t sid, uint64_t off)
{
	return (uint8_t)(mix((uint64_t)sid << 40 ^ off >> 3) >> (off & 7) * 8);
}

static void pat_fill(char *p, uint32_t sid, uint64_t off, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (char)pat(sid, off + i);
}

/* Index of the first byte of @p that is not stream @sid at @off, or -1. */
static long pat_check(const char *p, uint32_t sid, uint64_t off, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((uint8_t)p[i] != pat(sid, off + i))
			return (long)i;
	return -1;
}

static atomic_uint next_sid = 1;

/* --- endpoints ---------------------------------------------------------- */

struct op;

/* One socket and the streams through it. */
struct ep {
	SOCKET s;
	int af, type;
	char name[32];
	struct ep *peer;
	/* CancelIo(Ex) calls on the socket: begun, and returned. */
	atomic_ulong cancels_issued, cancels_done;
	atomic_bool closing;		/* closesocket begun */
	bool multi_send;		/* several sends pending; never cancelled */
	bool no_cancel;			/* nothing is cancelled: plain integrity */
	bool reset_ok;			/* a reset is an allowed end */
	bool churn;			/* its end is checked by a churn round */
	uint32_t sid_tx, sid_rx;	/* the streams sent and received */
	uint64_t send_off;		/* where the next send's data starts */
	atomic_ullong sent_done;	/* bytes of completed sends */
	atomic_ullong sent_final;	/* all it sent, once send_shut */
	atomic_bool send_shut;		/* shutdown(SD_SEND) done */
	uint64_t recv_off;		/* bytes of the received stream checked */
	bool eof;
	bool broken;			/* a data check failed: the rest is not checked */
	struct op *fifo_head, *fifo_tail;	/* receives, as posted */
	struct op *rx[MAX_RX], *tx[MAX_TX];
	struct sockaddr_storage addr;	/* its own address */
	int addrlen;
	u_short port;			/* its local port, for reports */
	uint64_t dg_seq;		/* next datagram to send */
	uint64_t dg_last;		/* highest datagram received (seq + 1) */
	uint8_t dg_seen[DG_WINDOW / 8];	/* which of the last DG_WINDOW arrived */
	long last_progress;		/* a receive completed */
	/* The last receives completed, for reports. */
	struct {
		uint32_t status, len, bytes;
		uint64_t off;
		bool waitall, cancel_seen;
	} hist[8];
	unsigned int nhist;
};

static void ep_init(struct ep *ep, SOCKET s, int af, int type, const char *fmt, ...)
{
	va_list ap;

	memset(ep, 0, sizeof(*ep));
	ep->s = s;
	ep->af = af;
	ep->type = type;
	va_start(ap, fmt);
	vsnprintf(ep->name, sizeof(ep->name), fmt, ap);
	va_end(ap);
	ep->sid_tx = atomic_fetch_add(&next_sid, 1);
	ep->addrlen = sizeof(ep->addr);
	if (!getsockname(s, (struct sockaddr *)&ep->addr, &ep->addrlen))
		ep->port = ws_port(&ep->addr);
	ep->last_progress = now_ms();
}

static void ep_link(struct ep *a, struct ep *b)
{
	a->peer = b;
	b->peer = a;
	a->sid_rx = b->sid_tx;
	b->sid_rx = a->sid_tx;
}

/* closesocket, marking the socket as being closed first. */
static void ep_close(struct ep *ep)
{
	if (ep->s == INVALID_SOCKET)
		return;
	atomic_store(&ep->closing, true);
	if (closesocket(ep->s))
		failf("%s: closesocket: error %d", ep->name, WSAGetLastError());
	atomic_fetch_add(&st_closes, 1);
	ep->s = INVALID_SOCKET;
}

/* --- operations ----------------------------------------------------------- */

enum { S_IDLE, S_SUBMIT, S_PENDING, S_DONE, S_FAILED };

struct op {
	WSAOVERLAPPED ov;		/* first: a routine's lpOverlapped is the op */
	uint32_t magic;
	uint8_t kind;			/* OP_* */
	bool routine;			/* a completion routine, else an event */
	bool orphan;			/* its thread exited: the routine never runs */
	bool waitall;
	bool handled;			/* its owner has looked at the result */
	atomic_int state;		/* S_* */
	atomic_int runs;		/* times its routine ran */
	WSAEVENT ev;			/* its event (hEvent of routine ops too: ignored) */
	struct ep *ep;
	struct thr *owner;
	long t_submit, t_final;
	unsigned long cancel_mark;	/* ep->cancels_done before it was posted */
	uint64_t off;			/* send: where its data starts in the stream */
	uint32_t len;
	DWORD flags;			/* receive: lpFlags, in and out */
	uint32_t status, bytes;		/* its result */
	DWORD rt_err, rt_flags;		/* what its routine got */
	int err_now;			/* the error of a call that failed at once */
	struct sockaddr_storage from;
	int fromlen;
	WSABUF wb[3];
	int nbufs;
	char *buf;
	uint32_t cap;
	struct op *fifo_next;
	struct op *all_next;
};

static pthread_mutex_t all_lock = PTHREAD_MUTEX_INITIALIZER;
static struct op *all_ops;

static struct op *op_new(struct thr *owner, uint32_t cap)
{
	struct op *op = calloc(1, sizeof(*op));

	if (!op)
		return NULL;
	op->magic = OP_MAGIC;
	op->owner = owner;
	op->cap = cap;
	op->buf = malloc(cap);
	op->ev = WSACreateEvent();
	op->ov.Internal = OV_FRESH;
	if (!op->buf || op->ev == WSA_INVALID_EVENT) {
		failf("%s: no memory or no event (error %d)", __func__, WSAGetLastError());
		free(op->buf);
		free(op);
		return NULL;
	}
	pthread_mutex_lock(&all_lock);
	op->all_next = all_ops;
	all_ops = op;
	pthread_mutex_unlock(&all_lock);
	return op;
}

static bool ev_is_set(WSAEVENT ev)
{
	return WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) == WSA_WAIT_EVENT_0;
}

static const char *op_desc(const struct op *op, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s (%s, %s%s, posted %ld ms ago, state %d, Internal %#lx)",
		 op->ep ? op->ep->name : "?", kind_name[op->kind],
		 op->owner ? op->owner->name : "?",
		 op->routine ? "routine" : "event", op->orphan ? ", thread exited" : "",
		 now_ms() - op->t_submit, atomic_load(&op->state),
		 (unsigned long)__atomic_load_n(&op->ov.Internal, __ATOMIC_ACQUIRE));
	return buf;
}

/*
 * Whether an operation that was taken (or failed at once) stayed quiet: no
 * second completion wrote the OVERLAPPED, set the event or ran the routine.
 */
static void op_check_quiet(struct op *op)
{
	char d[256];
	int state = atomic_load(&op->state);
	ULONG_PTR in = __atomic_load_n(&op->ov.Internal, __ATOMIC_ACQUIRE);

	if (state == S_DONE) {
		if (in != OV_TAKEN || op->ov.InternalHigh != OV_TAKEN)
			failf("%s: completed again (Internal %#lx, InternalHigh %#lx)",
			      op_desc(op, d, sizeof(d)), (unsigned long)in,
			      (unsigned long)op->ov.InternalHigh);
		if (op->routine && atomic_load(&op->runs) != (op->orphan ? 0 : 1))
			failf("%s: routine ran %d times", op_desc(op, d, sizeof(d)),
			      atomic_load(&op->runs));
	} else if (state == S_FAILED) {
		if (in != OV_FRESH && (DWORD)in != STATUS_PENDING)
			failf("%s: failed at once (error %d) but completed (Internal %#lx)",
			      op_desc(op, d, sizeof(d)), op->err_now, (unsigned long)in);
		if (atomic_load(&op->runs))
			failf("%s: failed at once (error %d) but its routine ran",
			      op_desc(op, d, sizeof(d)), op->err_now);
	}
	if ((state == S_DONE || state == S_FAILED) && ev_is_set(op->ev))
		failf("%s: event set again after the completion was taken",
		      op_desc(op, d, sizeof(d)));
}

/* Make @op ready for a new submission of @kind on @ep. */
static void op_prepare(struct op *op, struct ep *ep, int kind, bool routine)
{
	op_check_quiet(op);
	memset(&op->ov, 0, sizeof(op->ov));
	op->ov.Internal = OV_FRESH;
	op->ov.InternalHigh = OV_FRESH;
	op->ov.hEvent = op->ev;
	op->kind = kind;
	op->routine = routine;
	op->orphan = false;
	op->waitall = false;
	op->handled = false;
	op->ep = ep;
	op->owner = cur;
	op->t_final = 0;
	op->status = op->bytes = 0xffffffffu;
	op->err_now = 0;
	op->flags = 0;
	op->fifo_next = NULL;
	atomic_store(&op->runs, 0);
	op->cancel_mark = atomic_load(&ep->cancels_done);
	atomic_store(&op->state, S_SUBMIT);
	op->t_submit = now_ms();
}

/*
 * After the call: @ret its result. Returns true if the operation pends or
 * completed at once (either way it completes through its event or routine).
 */
static bool op_posted(struct op *op, int ret, int err)
{
	atomic_fetch_add(&st_submitted[op->kind], 1);
	if (ret == 0 || err == WSA_IO_PENDING || err == ERROR_IO_PENDING) {
		if (ret == 0)
			atomic_fetch_add(&st_at_once[op->kind], 1);
		atomic_store(&op->state, S_PENDING);
		return true;
	}
	op->err_now = err;
	atomic_fetch_add(&st_failed_now[op->kind], 1);
	atomic_store(&op->state, S_FAILED);
	return false;
}

/* What a routine's dwError is for @status (libws's ws_ntstatus_to_wsa). */
static int wsa_of(uint32_t status)
{
	switch (status) {
	case ST_SUCCESS:		return 0;
	case ST_BUFFER_OVERFLOW:	return WSAEMSGSIZE;
	case ST_CANCELLED:		return WSA_OPERATION_ABORTED;
	case ST_CONNECTION_RESET:	return WSAECONNRESET;
	case ST_CONNECTION_REFUSED:	return WSAECONNREFUSED;
	case ST_CONNECTION_ABORTED:	return WSAECONNABORTED;
	default:			return -1;
	}
}

/* Take the result out of the OVERLAPPED and poison it. */
static void op_take(struct op *op, ULONG_PTR in)
{
	op->status = (uint32_t)in;
	op->bytes = (uint32_t)op->ov.InternalHigh;
	op->ov.Internal = OV_TAKEN;
	op->ov.InternalHigh = OV_TAKEN;
	atomic_fetch_add(&st_completed, 1);
	if (op->status == ST_CANCELLED)
		atomic_fetch_add(&st_cancelled, 1);
	else if (op->status == ST_CONNECTION_ABORTED)
		atomic_fetch_add(&st_aborted, 1);
	atomic_store(&op->state, S_DONE);
}

struct mop;
static bool mop_routine(struct thr *t, DWORD err, DWORD bytes,
			LPWSAOVERLAPPED ov, DWORD flags);

static void CALLBACK op_routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov,
				DWORD flags)
{
	struct op *op = (struct op *)ov;
	struct thr *t = cur;
	ULONG_PTR in;
	char d[256];

	atomic_fetch_add(&st_routines, 1);
	if (!t) {
		failf("a completion routine ran in a thread of nobody's");
		return;
	}
	if (mop_routine(t, err, bytes, ov, flags))
		return;
	if (op->magic != OP_MAGIC) {
		failf("%s: a completion routine got an unknown OVERLAPPED %p", t->name, ov);
		return;
	}
	if (atomic_fetch_add(&op->runs, 1)) {
		failf("%s: routine ran again", op_desc(op, d, sizeof(d)));
		return;
	}
	if (op->owner != t)
		failf("%s: routine ran in thread %s", op_desc(op, d, sizeof(d)), t->name);
	if (!op->routine || atomic_load(&op->state) != S_PENDING) {
		failf("%s: a routine ran for it", op_desc(op, d, sizeof(d)));
		return;
	}
	in = __atomic_load_n(&op->ov.Internal, __ATOMIC_ACQUIRE);
	if ((DWORD)in == STATUS_PENDING || in == OV_FRESH)
		failf("%s: routine ran before Internal was stored", op_desc(op, d, sizeof(d)));
	if (wsa_of((uint32_t)in) >= 0 && (int)err != wsa_of((uint32_t)in))
		failf("%s: routine got error %u for status %#lx", op_desc(op, d, sizeof(d)),
		      err, (unsigned long)in);
	if (bytes != (DWORD)op->ov.InternalHigh)
		failf("%s: routine got %u bytes, InternalHigh %lu", op_desc(op, d, sizeof(d)),
		      bytes, (unsigned long)op->ov.InternalHigh);
	op->rt_err = err;
	op->rt_flags = flags;
	op_take(op, in);
}

/*
 * Has @op completed? Takes the completion of an event operation (or of a
 * routine operation whose thread exited) when it is there; a routine
 * operation of a live thread is taken by its routine.
 */
static bool op_poll(struct op *op)
{
	int state = atomic_load(&op->state);
	ULONG_PTR in;
	char d[256];

	if (state != S_PENDING)
		return state == S_DONE;
	if (op->routine && !op->orphan)
		return false;
	in = __atomic_load_n(&op->ov.Internal, __ATOMIC_ACQUIRE);
	if ((DWORD)in == STATUS_PENDING)
		return false;
	if (in == OV_FRESH) {
		if (!op->t_final)
			failf("%s: pending but Internal never held STATUS_PENDING",
			      op_desc(op, d, sizeof(d)));
		op->t_final = now_ms();
		return false;
	}
	if (!op->routine && !ev_is_set(op->ev)) {
		/* The event is set right after Internal is stored. */
		if (!op->t_final)
			op->t_final = now_ms();
		else if (now_ms() - op->t_final > HANG_MS)
			failf("%s: completed (Internal %#lx) but its event was never set",
			      op_desc(op, d, sizeof(d)), (unsigned long)in);
		return false;
	}
	if (!op->routine && !WSAResetEvent(op->ev))
		failf("WSAResetEvent: error %d", WSAGetLastError());
	if (op->routine && atomic_load(&op->runs))
		failf("%s: the routine ran though its thread had exited",
		      op_desc(op, d, sizeof(d)));
	op_take(op, in);
	return true;
}

/*
 * Wait up to @ms for one of @n operations, alertably (their routines run
 * here); returns at once if one of them has completed.
 */
static void ops_wait(struct op **ops, int n, DWORD ms)
{
	WSAEVENT evs[WSA_MAXIMUM_WAIT_EVENTS];
	DWORD nev = 0, r;
	int i;

	if (cur)
		atomic_store(&cur->beat, now_ms());
	for (i = 0; i < n; i++) {
		if (!ops[i] || atomic_load(&ops[i]->state) != S_PENDING)
			continue;
		if ((DWORD)__atomic_load_n(&ops[i]->ov.Internal, __ATOMIC_ACQUIRE) !=
		    STATUS_PENDING && (!ops[i]->routine || ops[i]->orphan))
			ms = 0;
		if (!ops[i]->routine && nev < WSA_MAXIMUM_WAIT_EVENTS)
			evs[nev++] = ops[i]->ev;
	}
	if (!nev) {
		SleepEx(ms, TRUE);
		return;
	}
	r = WSAWaitForMultipleEvents(nev, evs, FALSE, ms, TRUE);
	if (r == WSA_WAIT_FAILED)
		failf("%s: WSAWaitForMultipleEvents: error %d", cur->name, WSAGetLastError());
}

/* Was a CancelIo(Ex) of @op's socket under way at some time since it was posted? */
static bool cancel_legit(const struct op *op)
{
	return atomic_load(&op->ep->cancels_issued) > op->cancel_mark ||
	       atomic_load(&op->ep->closing);
}

/* A cancel of @ep by the calling thread, counted for cancel_legit(). */
static BOOL ep_cancel(struct ep *ep, struct op *op, bool own)
{
	BOOL r;

	atomic_fetch_add(&ep->cancels_issued, 1);
	atomic_fetch_add(&st_cancel_calls, 1);
	r = own ? CancelIo((HANDLE)ep->s) : CancelIoEx((HANDLE)ep->s, op ? &op->ov : NULL);
	atomic_fetch_add(&ep->cancels_done, 1);
	return r;
}

/* Split @op's buffer into 1 to 3 WSABUFs of @len bytes in all, with gaps. */
static void op_bufs(struct thr *t, struct op *op, uint32_t len)
{
	uint32_t a, b, gap = 8;

	op->len = len;
	if (len < 3 || op->cap < len + 2 * gap || rnd(t) % 2) {
		op->nbufs = 1;
		op->wb[0].buf = op->buf;
		op->wb[0].len = len;
		return;
	}
	a = rnd_in(t, 1, len - 2);
	b = rnd_in(t, 1, len - a - 1);
	op->nbufs = 3;
	op->wb[0].buf = op->buf;
	op->wb[0].len = a;
	op->wb[1].buf = op->buf + a + gap;
	op->wb[1].len = b;
	op->wb[2].buf = op->buf + a + b + 2 * gap;
	op->wb[2].len = len - a - b;
}

/* --- streams (TCP) --------------------------------------------------------- */

/* Post a receive on stream endpoint @ep; false if it failed at once. */
static bool stream_post_recv(struct thr *t, struct ep *ep, struct op *op, uint32_t max,
			     bool waitall_ok)
{
	int ret;

	op_prepare(op, ep, OP_RECV, rnd(t) % 2);
	op_bufs(t, op, rnd_in(t, 1, max));
	op->waitall = waitall_ok && rnd(t) % 8 == 0;
	op->flags = op->waitall ? MSG_WAITALL : 0;
	memset(op->buf, POISON_BYTE, op->len + 16 < op->cap ? op->len + 16 : op->cap);
	ret = WSARecv(ep->s, op->wb, op->nbufs, NULL, &op->flags, &op->ov,
		      op->routine ? op_routine : NULL);
	if (!op_posted(op, ret, WSAGetLastError()))
		return false;
	if (ep->fifo_tail)
		ep->fifo_tail->fifo_next = op;
	else
		ep->fifo_head = op;
	ep->fifo_tail = op;
	return true;
}

/* Post a send of the next @len bytes of @ep's stream. */
static bool stream_post_send(struct thr *t, struct ep *ep, struct op *op, uint32_t len)
{
	int i, ret;
	uint64_t off = ep->send_off;

	op_prepare(op, ep, OP_SEND, rnd(t) % 2);
	op_bufs(t, op, len);
	for (i = 0; i < op->nbufs; i++) {
		pat_fill(op->wb[i].buf, ep->sid_tx, off, op->wb[i].len);
		off += op->wb[i].len;
	}
	op->off = ep->send_off;
	ep->send_off += len;
	ret = WSASend(ep->s, op->wb, op->nbufs, NULL, 0, &op->ov,
		      op->routine ? op_routine : NULL);
	if (!op_posted(op, ret, WSAGetLastError())) {
		ep->send_off = op->off;
		return false;
	}
	return true;
}

static void stream_hist(struct ep *ep, const struct op *op, uint64_t off)
{
	unsigned int i = ep->nhist++ % 8;

	ep->hist[i].status = op->status;
	ep->hist[i].len = op->len;
	ep->hist[i].bytes = op->bytes;
	ep->hist[i].off = off;
	ep->hist[i].waitall = op->waitall;
	ep->hist[i].cancel_seen = atomic_load(&ep->cancels_issued) > op->cancel_mark;
}

static void stream_hist_dump(const struct ep *ep)
{
	unsigned int i, n = ep->nhist < 8 ? ep->nhist : 8;

	for (i = ep->nhist - n; i < ep->nhist; i++)
		fprintf(stderr, "#   %s: receive at %llu: %s%u bytes asked, status %#x, %u bytes%s\n",
			ep->name, (unsigned long long)ep->hist[i % 8].off,
			ep->hist[i % 8].waitall ? "MSG_WAITALL, " : "",
			ep->hist[i % 8].len, ep->hist[i % 8].status,
			ep->hist[i % 8].bytes,
			ep->hist[i % 8].cancel_seen ? ", a cancel was under way" : "");
}

/*
 * Where a stream's bytes are: the receiver's SIOCINQ, and the queues Linux
 * shows for both sockets in /proc/net/tcp{,6} (tx_queue:rx_queue).
 */
static void tcp_queues_dump(const struct ep *ep)
{
	const struct ep *e[2] = { ep, ep->peer };
	char line[512], want[16];
	const char *files[2] = { "/proc/net/tcp", "/proc/net/tcp6" };
	int i, f, inq = -1;
	struct op *op;
	FILE *fp;

	if (ioctl((int)ep->s, 0x541B /* SIOCINQ */, &inq))
		inq = -1;
	fprintf(stderr, "#   %s: SIOCINQ %d; receives pending, oldest first:", ep->name, inq);
	for (op = ep->fifo_head; op; op = op->fifo_next)
		fprintf(stderr, " %u%s%s", op->len, op->waitall ? "(MSG_WAITALL)" : "",
			atomic_load(&op->state) == S_PENDING ? "" : "(done)");
	fprintf(stderr, "\n");
	for (i = 0; i < 2; i++) {
		int found = 0;

		snprintf(want, sizeof(want), ":%04X ", e[i]->port);
		for (f = 0; f < 2; f++) {
			fp = fopen(files[f], "r");
			if (!fp) {
				fprintf(stderr, "#   %s: %s\n", files[f], strerror(errno));
				continue;
			}
			while (fgets(line, sizeof(line), fp)) {
				/* The local address is the second field. */
				char *sp = strchr(line, ':');

				sp = sp ? strchr(sp + 1, ':') : NULL;
				if (sp && !strncmp(sp, want, 6)) {
					fprintf(stderr, "#   %s: %s", e[i]->name, line);
					found++;
				}
			}
			fclose(fp);
		}
		if (!found)
			fprintf(stderr, "#   %s: port %u not in /proc/net/tcp{,6}\n", e[i]->name,
				e[i]->port);
	}
	/* Windows and memory, as ss(8) shows them, where it is installed. */
	snprintf(line, sizeof(line),
		 "ss -tmeinH state all '( sport = :%u or sport = :%u )' 2>/dev/null",
		 ep->port, ep->peer->port);
	fp = popen(line, "r");
	if (fp) {
		while (fgets(line, sizeof(line), fp))
			fprintf(stderr, "#   %s: ss: %s", ep->name, line);
		pclose(fp);
	}
}

/* Check a completed receive, the oldest posted, against the stream. */
static void stream_check_recv(struct ep *ep, struct op *op)
{
	uint32_t n = op->bytes, done = 0, chunk;
	bool bad_status = false;
	char d[256];
	long at;
	int i;

	stream_hist(ep, op, ep->recv_off);
	switch (op->status) {
	case ST_SUCCESS:
		break;
	case ST_CANCELLED:
		bad_status = !cancel_legit(op);
		break;
	case ST_CONNECTION_ABORTED:
		bad_status = !atomic_load(&ep->closing);
		break;
	case ST_CONNECTION_RESET:
		bad_status = !ep->reset_ok;
		break;
	default:
		bad_status = true;
	}
	if (bad_status)
		failf("%s: unexpected status %#x (%u bytes)%s", op_desc(op, d, sizeof(d)),
		      op->status, n, op->status == ST_CANCELLED ?
		      ": no CancelIo(Ex) of the socket was under way" : "");
	if (n > op->len) {
		failf("%s: %u bytes received into %u", op_desc(op, d, sizeof(d)), n, op->len);
		n = op->len;
	}
	if (n && ep->eof)
		failf("%s: %u bytes after the end of the stream", op_desc(op, d, sizeof(d)), n);
	for (i = 0; i < op->nbufs && done < n && !ep->broken; i++) {
		chunk = op->wb[i].len < n - done ? op->wb[i].len : n - done;
		at = pat_check(op->wb[i].buf, ep->sid_rx, ep->recv_off + done, chunk);
		if (at >= 0) {
			failf("%s: stream byte %llu wrong (%u bytes received at %llu, "
			      "status %#x): data lost or duplicated",
			      op_desc(op, d, sizeof(d)),
			      (unsigned long long)(ep->recv_off + done + at), n,
			      (unsigned long long)ep->recv_off, op->status);
			stream_hist_dump(ep);
			fprintf(stderr, "#   %s: the rest of this stream is not checked\n",
				ep->name);
			ep->broken = true;
			break;
		}
		done += chunk;
	}
	/* Nothing beyond the count was written: what it took, it reported. */
	if (n < op->len && op->nbufs == 1 && (uint8_t)op->buf[n] != POISON_BYTE && !ep->broken) {
		failf("%s: status %#x, %u bytes reported, but byte %u was written too "
		      "(stream data taken and not reported)", op_desc(op, d, sizeof(d)),
		      op->status, n, n);
		stream_hist_dump(ep);
	}
	ep->recv_off += n;
	atomic_fetch_add(&st_bytes_rx, n);
	if (op->status == ST_SUCCESS && (n == 0 || (op->waitall && n < op->len))) {
		/* The end of the stream: after all the peer sent. */
		if (ep->churn || ep->eof)
			;	/* the round compares the totals; or said already */
		else if (!atomic_load(&ep->peer->send_shut))
			failf("%s: completed with %u of %u bytes before the peer shut down",
			      op_desc(op, d, sizeof(d)), n, op->len);
		else if (ep->recv_off != atomic_load(&ep->peer->sent_final))
			failf("%s: the stream ended at %llu, the peer sent %llu",
			      ep->name, (unsigned long long)ep->recv_off,
			      (unsigned long long)atomic_load(&ep->peer->sent_final));
		ep->eof = true;
	}
	if (n)
		ep->last_progress = now_ms();
}

/* Check the completed receives at the head of @ep's FIFO, in posting order. */
static void stream_drain_fifo(struct ep *ep)
{
	struct op *op;

	while ((op = ep->fifo_head) && atomic_load(&op->state) == S_DONE) {
		ep->fifo_head = op->fifo_next;
		if (!ep->fifo_head)
			ep->fifo_tail = NULL;
		op->fifo_next = NULL;
		stream_check_recv(ep, op);
		op->handled = true;
	}
}

static void stream_check_send(struct ep *ep, struct op *op)
{
	char d[256];

	switch (op->status) {
	case ST_SUCCESS:
		if (op->bytes != op->len)
			failf("%s: completed with %u of %u bytes", op_desc(op, d, sizeof(d)),
			      op->bytes, op->len);
		break;
	case ST_CANCELLED:
		if (!cancel_legit(op))
			failf("%s: cancelled, no CancelIo(Ex) of the socket was under way",
			      op_desc(op, d, sizeof(d)));
		else if (ep->multi_send && !atomic_load(&ep->closing))
			failf("%s: cancelled by a CancelIoEx aimed at a receive",
			      op_desc(op, d, sizeof(d)));
		if (op->bytes > op->len)
			failf("%s: %u of %u bytes sent", op_desc(op, d, sizeof(d)), op->bytes, op->len);
		else if (!ep->multi_send)
			ep->send_off = op->off + op->bytes;	/* the only one pending */
		break;
	case ST_CONNECTION_RESET:
		if (ep->reset_ok)
			break;
		/* fall through */
	default:
		failf("%s: unexpected status %#x", op_desc(op, d, sizeof(d)), op->status);
	}
	atomic_fetch_add(&ep->sent_done, op->bytes <= op->len ? op->bytes : 0);
	op->handled = true;
}

static bool op_free(const struct op *op)
{
	int state = atomic_load(&op->state);

	return state == S_IDLE || state == S_FAILED || (state == S_DONE && op->handled);
}

static int ep_pending(const struct ep *ep, bool rx)
{
	int i, n = 0, max = rx ? MAX_RX : MAX_TX;

	for (i = 0; i < max; i++)
		n += !op_free(rx ? ep->rx[i] : ep->tx[i]);
	return n;
}

/* One look at a stream endpoint: take completions, check them. */
static void stream_collect(struct ep *ep)
{
	int i;

	for (i = 0; i < MAX_TX; i++)
		if (!ep->tx[i]->handled && op_poll(ep->tx[i]))
			stream_check_send(ep, ep->tx[i]);
	for (i = 0; i < MAX_RX; i++)
		op_poll(ep->rx[i]);
	stream_drain_fifo(ep);
}

static void stream_wait(struct ep *ep)
{
	struct op *ops[MAX_RX + MAX_TX];

	memcpy(ops, ep->rx, sizeof(ep->rx));
	memcpy(ops + MAX_RX, ep->tx, sizeof(ep->tx));
	ops_wait(ops, MAX_RX + MAX_TX, TICK_MS);
}

/* Keep receives posted (unless the stream ended). */
static void stream_refill_rx(struct thr *t, struct ep *ep)
{
	int i;

	for (i = 0; i < MAX_RX && !ep->eof; i++) {
		if (!op_free(ep->rx[i]))
			continue;
		if (!stream_post_recv(t, ep, ep->rx[i], ep->rx[i]->cap - 32, true)) {
			failf("%s: WSARecv failed at once: error %d", ep->name, ep->rx[i]->err_now);
			break;
		}
	}
}

/* A receive with data to take that does not complete. */
static void stream_hang_check(struct ep *ep)
{
	struct op *op = ep->fifo_head;
	char d[256];

	if (!op || now_ms() - ep->last_progress < HANG_MS || now_ms() - op->t_submit < HANG_MS)
		return;
	if (atomic_load(&ep->peer->sent_done) > ep->recv_off) {
		failf("%s: hung: the peer's completed sends reach %llu, received %llu",
		      op_desc(op, d, sizeof(d)),
		      (unsigned long long)atomic_load(&ep->peer->sent_done),
		      (unsigned long long)ep->recv_off);
		ep->last_progress = now_ms();
	}
}

static void *stream_main(void *arg)
{
	struct thr *t = arg;
	struct ep *ep = t->arg;
	long deadline, limit;
	uint64_t last;
	int i;

	cur = t;
	while (!atomic_load(&stop)) {
		doing(t, "posting");
		stream_refill_rx(t, ep);
		for (i = 0; i < MAX_TX; i++) {
			if (!op_free(ep->tx[i]))
				continue;
			if (!ep->multi_send && ep_pending(ep, false))
				break;
			if (!stream_post_send(t, ep, ep->tx[i], rnd_in(t, 1, ep->tx[i]->cap - 32))) {
				failf("%s: WSASend failed at once: error %d", ep->name,
				      ep->tx[i]->err_now);
				break;
			}
		}
		/* CancelIo by the thread itself: its receives and its send. */
		if (!ep->multi_send && !ep->no_cancel && rnd(t) % 32 == 0) {
			doing(t, "CancelIo");
			if (!ep_cancel(ep, NULL, true))
				failf("%s: CancelIo: error %lu", ep->name, GetLastError());
		}
		doing(t, "waiting");
		stream_wait(ep);
		doing(t, "checking");
		stream_collect(ep);
		stream_hang_check(ep);
	}

	/* The end: finish the sends, shut down, read up to the peer's end. */
	doing(t, "finishing its sends");
	deadline = now_ms() + HANG_MS;
	while (ep_pending(ep, false) && now_ms() < deadline) {
		stream_refill_rx(t, ep);
		stream_wait(ep);
		stream_collect(ep);
	}
	for (i = 0; i < MAX_TX; i++) {
		char d[256];

		if (!op_free(ep->tx[i]))
			failf("%s: hung at the end", op_desc(ep->tx[i], d, sizeof(d)));
	}
	/* Published first: the peer may see the end before shutdown returns. */
	atomic_store(&ep->sent_final, ep->send_off);
	atomic_store(&ep->send_shut, true);
	if (shutdown(ep->s, SD_SEND))
		failf("%s: shutdown: error %d", ep->name, WSAGetLastError());
	/*
	 * A hang is HANG_MS without a byte. With the 4 KiB buffers of some
	 * pairs and loopback's 64 KiB segments the peer's rest trickles in
	 * window-sized pieces on TCP's persist timer, which on a loaded
	 * guest can take longer than HANG_MS in all (bounded by 4 HANG_MS).
	 */
	doing(t, "reading to the end of the stream");
	deadline = now_ms() + HANG_MS;
	limit = now_ms() + 4 * HANG_MS;
	last = ep->recv_off;
	while ((!ep->eof || ep_pending(ep, true)) && now_ms() < deadline) {
		stream_refill_rx(t, ep);
		stream_wait(ep);
		stream_collect(ep);
		if (ep->recv_off != last) {
			last = ep->recv_off;
			deadline = now_ms() + HANG_MS;
			if (deadline > limit)
				deadline = limit;
		}
	}
	if (!ep->eof) {
		failf("%s: the stream never ended: received %llu, the peer %s %llu",
		      ep->name, (unsigned long long)ep->recv_off,
		      atomic_load(&ep->peer->send_shut) ? "sent" : "has sent (not done)",
		      (unsigned long long)atomic_load(&ep->peer->sent_done));
		stream_hist_dump(ep);
		tcp_queues_dump(ep);
	}
	for (i = 0; i < MAX_RX; i++) {
		char d[256];

		if (!op_free(ep->rx[i]))
			failf("%s: hung at the end of the stream", op_desc(ep->rx[i], d, sizeof(d)));
	}
	doing(t, "done");
	atomic_store(&t->finished, true);
	return NULL;
}

/* --- datagrams (UDP) ------------------------------------------------------- */

struct dg_hdr {
	uint32_t magic;
	uint32_t sid;
	uint64_t seq;
	uint32_t len;
	uint32_t pad;
};

#define DG_MAGIC	0xd06a11edu
#define DG_MIN		((uint32_t)sizeof(struct dg_hdr))
#define DG_MAX		1400

static bool dgram_post_recv(struct thr *t, struct ep *ep, struct op *op)
{
	int ret;

	op_prepare(op, ep, OP_RECV, rnd(t) % 2);
	/* Some buffers are shorter than the datagrams: truncation. */
	op_bufs(t, op, rnd(t) % 4 ? DG_MAX : rnd_in(t, 8, DG_MAX));
	op->fromlen = sizeof(op->from);
	memset(&op->from, 0, sizeof(op->from));
	ret = WSARecvFrom(ep->s, op->wb, op->nbufs, NULL, &op->flags,
			  (struct sockaddr *)&op->from, &op->fromlen, &op->ov,
			  op->routine ? op_routine : NULL);
	if (!op_posted(op, ret, WSAGetLastError()))
		return false;
	if (ep->fifo_tail)
		ep->fifo_tail->fifo_next = op;
	else
		ep->fifo_head = op;
	ep->fifo_tail = op;
	return true;
}

static bool dgram_post_send(struct thr *t, struct ep *ep, struct op *op)
{
	uint32_t len = rnd_in(t, DG_MIN, DG_MAX);
	struct dg_hdr h = { DG_MAGIC, ep->sid_tx, ep->dg_seq, len, 0 };
	int ret;

	op_prepare(op, ep, OP_SEND, rnd(t) % 2);
	op->len = len;
	op->nbufs = 1;
	op->wb[0].buf = op->buf;
	op->wb[0].len = len;
	memcpy(op->buf, &h, sizeof(h));
	pat_fill(op->buf + sizeof(h), ep->sid_tx ^ (uint32_t)ep->dg_seq,
		 ep->dg_seq << 16, len - sizeof(h));
	ep->dg_seq++;
	ret = WSASendTo(ep->s, op->wb, 1, NULL, 0, (struct sockaddr *)&ep->peer->addr,
			ep->peer->addrlen, &op->ov, op->routine ? op_routine : NULL);
	return op_posted(op, ret, WSAGetLastError());
}

/* Gather the first @n received bytes of @op into @out. */
static void op_gather(const struct op *op, char *out, uint32_t n)
{
	uint32_t done = 0, chunk;
	int i;

	for (i = 0; i < op->nbufs && done < n; i++) {
		chunk = op->wb[i].len < n - done ? op->wb[i].len : n - done;
		memcpy(out + done, op->wb[i].buf, chunk);
		done += chunk;
	}
}

static void dgram_check_recv(struct ep *ep, struct op *op)
{
	char d[256], data[DG_MAX];
	struct dg_hdr h;
	uint32_t n = op->bytes;
	long at;

	switch (op->status) {
	case ST_CANCELLED:
		if (!cancel_legit(op))
			failf("%s: cancelled, no CancelIo(Ex) of the socket was under way",
			      op_desc(op, d, sizeof(d)));
		return;
	case ST_SUCCESS:
	case ST_BUFFER_OVERFLOW:
		break;
	default:
		failf("%s: unexpected status %#x", op_desc(op, d, sizeof(d)), op->status);
		return;
	}
	if (n > op->len || (op->status == ST_BUFFER_OVERFLOW && n != op->len)) {
		failf("%s: %u bytes into %u (status %#x)", op_desc(op, d, sizeof(d)), n,
		      op->len, op->status);
		return;
	}
	if (!ws_same_addr(&op->from, &ep->peer->addr) || op->fromlen != ep->peer->addrlen)
		failf("%s: datagram not from the peer (length %d)", op_desc(op, d, sizeof(d)),
		      op->fromlen);
	if (n < DG_MIN) {
		if (op->status != ST_BUFFER_OVERFLOW)
			failf("%s: a datagram of %u bytes", op_desc(op, d, sizeof(d)), n);
		return;
	}
	op_gather(op, data, n);
	memcpy(&h, data, sizeof(h));
	if (h.magic != DG_MAGIC || h.sid != ep->sid_rx || h.len < DG_MIN || h.len > DG_MAX) {
		failf("%s: not a datagram of the peer's", op_desc(op, d, sizeof(d)));
		return;
	}
	if ((op->status == ST_SUCCESS) != (h.len == n))
		failf("%s: a datagram of %u bytes received as %u with status %#x",
		      op_desc(op, d, sizeof(d)), h.len, n, op->status);
	/*
	 * Never twice. The order is not checked: the module hands a socket's
	 * sends to UDP in posting order, but one that had to wait for send
	 * space goes out from a work item on another CPU than the next one,
	 * sent by the thread itself, and loopback delivers each CPU's packets
	 * from that CPU's backlog, so they may arrive in either order (a
	 * native UDP socket's sends from two CPUs do the same; UDP promises no
	 * order). A datagram later than DG_WINDOW others is a failure.
	 */
	if (h.seq >= ep->dg_last) {
		uint64_t q = h.seq + 1 - ep->dg_last > DG_WINDOW ?
			     h.seq + 1 - DG_WINDOW : ep->dg_last;

		for (; q < h.seq; q++)
			ep->dg_seen[q % DG_WINDOW / 8] &= ~(1u << q % 8);
		ep->dg_last = h.seq + 1;
	} else if (ep->dg_last - h.seq > DG_WINDOW) {
		failf("%s: datagram %llu after %llu", op_desc(op, d, sizeof(d)),
		      (unsigned long long)h.seq, (unsigned long long)(ep->dg_last - 1));
	} else if (ep->dg_seen[h.seq % DG_WINDOW / 8] & (1u << h.seq % 8)) {
		failf("%s: datagram %llu twice", op_desc(op, d, sizeof(d)),
		      (unsigned long long)h.seq);
	} else {
		atomic_fetch_add(&st_dgrams_late, 1);
	}
	ep->dg_seen[h.seq % DG_WINDOW / 8] |= 1u << h.seq % 8;
	at = pat_check(data + sizeof(h), h.sid ^ (uint32_t)h.seq, h.seq << 16, n - sizeof(h));
	if (at >= 0)
		failf("%s: datagram %llu: byte %ld wrong", op_desc(op, d, sizeof(d)),
		      (unsigned long long)h.seq, at + (long)sizeof(h));
	atomic_fetch_add(&st_dgrams, 1);
	ep->last_progress = now_ms();
}

static void dgram_collect(struct ep *ep)
{
	struct op *op;
	char d[256];
	int i;

	for (i = 0; i < MAX_TX; i++) {
		op = ep->tx[i];
		if (op->handled || !op_poll(op))
			continue;
		op->handled = true;
		if (op->status == ST_SUCCESS && op->bytes == op->len)
			continue;
		if (op->status == ST_CANCELLED && cancel_legit(op) && !op->bytes)
			continue;
		failf("%s: status %#x, %u of %u bytes", op_desc(op, d, sizeof(d)),
		      op->status, op->bytes, op->len);
	}
	for (i = 0; i < MAX_RX; i++)
		op_poll(ep->rx[i]);
	while ((op = ep->fifo_head) && atomic_load(&op->state) == S_DONE) {
		ep->fifo_head = op->fifo_next;
		if (!ep->fifo_head)
			ep->fifo_tail = NULL;
		dgram_check_recv(ep, op);
		op->handled = true;
	}
}

static void *dgram_main(void *arg)
{
	struct thr *t = arg;
	struct ep *ep = t->arg;
	long deadline;
	int i;

	cur = t;
	while (!atomic_load(&stop)) {
		doing(t, "posting");
		for (i = 0; i < MAX_RX; i++)
			if (op_free(ep->rx[i]) && !dgram_post_recv(t, ep, ep->rx[i]))
				failf("%s: WSARecvFrom failed at once: error %d", ep->name,
				      ep->rx[i]->err_now);
		for (i = 0; i < MAX_TX; i++)
			if (op_free(ep->tx[i]) && rnd(t) % 2 && !dgram_post_send(t, ep, ep->tx[i]))
				failf("%s: WSASendTo failed at once: error %d", ep->name,
				      ep->tx[i]->err_now);
		if (rnd(t) % 64 == 0) {
			doing(t, "CancelIo");
			ep_cancel(ep, NULL, true);
		}
		doing(t, "waiting");
		{
			struct op *ops[MAX_RX + MAX_TX];

			memcpy(ops, ep->rx, sizeof(ep->rx));
			memcpy(ops + MAX_RX, ep->tx, sizeof(ep->tx));
			ops_wait(ops, MAX_RX + MAX_TX, TICK_MS);
		}
		doing(t, "checking");
		dgram_collect(ep);
	}
	/* The end: cancel what is left; all of it completes. */
	doing(t, "cancelling the rest");
	ep_cancel(ep, NULL, true);
	deadline = now_ms() + HANG_MS;
	while ((ep_pending(ep, true) || ep_pending(ep, false)) && now_ms() < deadline) {
		struct op *ops[MAX_RX + MAX_TX];

		memcpy(ops, ep->rx, sizeof(ep->rx));
		memcpy(ops + MAX_RX, ep->tx, sizeof(ep->tx));
		ops_wait(ops, MAX_RX + MAX_TX, TICK_MS);
		dgram_collect(ep);
	}
	for (i = 0; i < MAX_RX + MAX_TX; i++) {
		struct op *op = i < MAX_RX ? ep->rx[i] : ep->tx[i - MAX_RX];
		char d[256];

		if (!op_free(op))
			failf("%s: hung after CancelIo", op_desc(op, d, sizeof(d)));
	}
	doing(t, "done");
	atomic_store(&t->finished, true);
	return NULL;
}

/* --- AcceptEx and ConnectEx ------------------------------------------------ */

static LPFN_CONNECTEX connect_ex;

#define ID_MAX		(1u << 16)
#define CONN_MAGIC	0xc0ec7edu

struct aslot {
	struct op *op;
	SOCKET a;
	pthread_mutex_t lock;		/* the canceller closes a; the owner uses it */
	bool a_closed;			/* closed while its AcceptEx was pending */
	DWORD rlen;			/* the receive part */
};

struct cslot {
	struct op *op;
	struct ep ep;			/* the connecting socket */
	uint32_t id;
};

struct accx {
	int af;
	struct ep lep;			/* the listener */
	struct aslot acc[ACC_SLOTS];
	struct cslot conn[CONN_SLOTS];
	uint32_t next_id;
	uint8_t issued[ID_MAX / 8], seen[ID_MAX / 8];
};

static struct accx accxs[2];
static int naccx;
static atomic_bool canceller_done;

static bool bit_test(const uint8_t *map, uint32_t i)
{
	return map[i / 8] & (1u << i % 8);
}

static void bit_set(uint8_t *map, uint32_t i)
{
	map[i / 8] |= 1u << i % 8;
}

static void acc_post(struct thr *t, struct accx *x, struct aslot *sl)
{
	struct op *op = sl->op;
	DWORD n = 0;
	int ret;

	pthread_mutex_lock(&sl->lock);
	sl->a = socket(x->af, SOCK_STREAM, IPPROTO_TCP);
	sl->a_closed = false;
	if (sl->a == INVALID_SOCKET) {
		failf("%s: socket: error %d", x->lep.name, WSAGetLastError());
		sl->a_closed = true;
		pthread_mutex_unlock(&sl->lock);
		return;
	}
	sl->rlen = rnd(t) % 2 ? 16 : 0;
	op_prepare(op, &x->lep, OP_ACCEPT, false);
	memset(op->buf, POISON_BYTE, 16 + 2 * AREA);
	ret = AcceptEx(x->lep.s, sl->a, op->buf, sl->rlen, AREA, AREA, &n, &op->ov) ?
	      0 : SOCKET_ERROR;
	if (!op_posted(op, ret, WSAGetLastError()) || ret == 0) {
		failf("%s: AcceptEx did not pend: error %d", x->lep.name, op->err_now);
		closesocket(sl->a);
		sl->a_closed = true;
	}
	pthread_mutex_unlock(&sl->lock);
}

static void acc_done(struct accx *x, struct aslot *sl)
{
	struct sockaddr *local = NULL, *remote = NULL;
	int llen = 0, rlen = 0;
	struct op *op = sl->op;
	char d[256];
	uint32_t w[4];

	pthread_mutex_lock(&sl->lock);
	switch (op->status) {
	case ST_SUCCESS:
		atomic_fetch_add(&st_accepted, 1);
		GetAcceptExSockaddrs(op->buf, sl->rlen, AREA, AREA, &local, &llen,
				     &remote, &rlen);
		if (llen != ws_addrlen(x->af) || rlen != ws_addrlen(x->af) || !remote ||
		    !ws_is_loopback((struct sockaddr_storage *)remote))
			failf("%s: accepted, addresses of %d and %d bytes",
			      op_desc(op, d, sizeof(d)), llen, rlen);
		if (op->bytes != 0 && !(sl->rlen && op->bytes == 16)) {
			failf("%s: accepted with %u bytes (receive part %u)",
			      op_desc(op, d, sizeof(d)), op->bytes, sl->rlen);
		} else if (op->bytes) {
			memcpy(w, op->buf, sizeof(w));
			if (w[0] != CONN_MAGIC || w[1] != (uint32_t)x->af || w[2] >= ID_MAX ||
			    w[3] != ~w[2] || !bit_test(x->issued, w[2]))
				failf("%s: received what no ConnectEx sent", op_desc(op, d, sizeof(d)));
			else if (bit_test(x->seen, w[2]))
				failf("%s: ConnectEx %u's data accepted twice",
				      op_desc(op, d, sizeof(d)), w[2]);
			else
				bit_set(x->seen, w[2]);
		}
		break;
	case ST_CANCELLED:
		if (!cancel_legit(op) && !sl->a_closed)
			failf("%s: cancelled, and neither cancelled nor closed",
			      op_desc(op, d, sizeof(d)));
		break;
	default:
		failf("%s: unexpected status %#x", op_desc(op, d, sizeof(d)), op->status);
	}
	if (!sl->a_closed) {
		if (closesocket(sl->a))
			failf("%s: closesocket(accept socket): error %d", x->lep.name,
			      WSAGetLastError());
		sl->a_closed = true;
	}
	op->handled = true;
	pthread_mutex_unlock(&sl->lock);
}

static void conn_post(struct thr *t, struct accx *x, struct cslot *cs)
{
	struct sockaddr_storage ss;
	struct op *op = cs->op;
	uint32_t w[4];
	SOCKET c;
	int len, ret;

	c = socket(x->af, SOCK_STREAM, IPPROTO_TCP);
	len = ws_loopback(x->af, 0, &ss);
	if (c == INVALID_SOCKET || bind(c, (struct sockaddr *)&ss, len)) {
		failf("%s: connecting socket: error %d", x->lep.name, WSAGetLastError());
		if (c != INVALID_SOCKET)
			closesocket(c);
		cs->ep.s = INVALID_SOCKET;
		return;
	}
	ep_init(&cs->ep, c, x->af, SOCK_STREAM, "%s conn %u", x->lep.name, x->next_id);
	/* Ids wrap after ID_MAX connections (long runs): a new life each. */
	cs->id = x->next_id++ % ID_MAX;
	bit_set(x->issued, cs->id);
	x->seen[cs->id / 8] &= ~(1u << cs->id % 8);
	w[0] = CONN_MAGIC;
	w[1] = (uint32_t)x->af;
	w[2] = cs->id;
	w[3] = ~cs->id;
	op_prepare(op, &cs->ep, OP_CONNECT, false);
	memcpy(op->buf, w, sizeof(w));
	op->len = sizeof(w);
	ret = connect_ex(c, (struct sockaddr *)&x->lep.addr, x->lep.addrlen, op->buf,
			 sizeof(w), NULL, &op->ov) ? 0 : SOCKET_ERROR;
	if (!op_posted(op, ret, WSAGetLastError()) || ret == 0) {
		failf("%s: ConnectEx did not pend: error %d", cs->ep.name, op->err_now);
		ep_close(&cs->ep);
	}
}

static void conn_done(struct accx *x, struct cslot *cs)
{
	struct op *op = cs->op;
	char d[256];

	switch (op->status) {
	case ST_SUCCESS:
		atomic_fetch_add(&st_connected, 1);
		if (op->bytes != op->len)
			failf("%s: connected, %u of %u bytes sent", op_desc(op, d, sizeof(d)),
			      op->bytes, op->len);
		break;
	case ST_CANCELLED:
		if (!cancel_legit(op))
			failf("%s: cancelled, and neither cancelled nor closed",
			      op_desc(op, d, sizeof(d)));
		break;
	case ST_CONNECTION_REFUSED:
	case ST_CONNECTION_RESET:
		if (atomic_load(&x->lep.closing))
			break;
		/* fall through */
	default:
		failf("%s: unexpected status %#x", op_desc(op, d, sizeof(d)), op->status);
	}
	ep_close(&cs->ep);
	op->handled = true;
}

static void accx_collect(struct accx *x)
{
	int i;

	for (i = 0; i < ACC_SLOTS; i++)
		if (!x->acc[i].op->handled && op_poll(x->acc[i].op))
			acc_done(x, &x->acc[i]);
	for (i = 0; i < CONN_SLOTS; i++)
		if (!x->conn[i].op->handled && op_poll(x->conn[i].op))
			conn_done(x, &x->conn[i]);
}

static void accx_wait(struct accx *x)
{
	struct op *ops[ACC_SLOTS + CONN_SLOTS];
	int i;

	for (i = 0; i < ACC_SLOTS; i++)
		ops[i] = x->acc[i].op;
	for (i = 0; i < CONN_SLOTS; i++)
		ops[ACC_SLOTS + i] = x->conn[i].op;
	ops_wait(ops, ACC_SLOTS + CONN_SLOTS, TICK_MS);
}

static void *accx_main(void *arg)
{
	struct thr *t = arg;
	struct accx *x = t->arg;
	struct cslot *cs;
	long deadline;
	int i;

	cur = t;
	while (!atomic_load(&stop)) {
		doing(t, "posting AcceptEx");
		for (i = 0; i < ACC_SLOTS; i++)
			if (op_free(x->acc[i].op))
				acc_post(t, x, &x->acc[i]);
		doing(t, "posting ConnectEx");
		for (i = 0; i < CONN_SLOTS; i++)
			if (op_free(x->conn[i].op))
				conn_post(t, x, &x->conn[i]);
		/* Close or cancel a pending ConnectEx now and then. */
		cs = &x->conn[rnd(t) % CONN_SLOTS];
		if (atomic_load(&cs->op->state) == S_PENDING && cs->ep.s != INVALID_SOCKET) {
			if (rnd(t) % 16 == 0) {
				doing(t, "closing a connecting socket");
				ep_close(&cs->ep);
			} else if (rnd(t) % 16 == 0) {
				doing(t, "cancelling a ConnectEx");
				ep_cancel(&cs->ep, cs->op, false);
			}
		}
		doing(t, "waiting");
		accx_wait(x);
		doing(t, "checking");
		accx_collect(x);
	}
	/* The end: close the listener once the canceller is done with it. */
	doing(t, "waiting for the canceller");
	deadline = now_ms() + HANG_MS;
	while (!atomic_load(&canceller_done) && now_ms() < deadline)
		SleepEx(TICK_MS, TRUE);
	doing(t, "closing the listener");
	ep_close(&x->lep);
	deadline = now_ms() + HANG_MS;
	for (;;) {
		bool busy = false;

		accx_collect(x);
		for (i = 0; i < ACC_SLOTS; i++)
			busy |= !op_free(x->acc[i].op);
		for (i = 0; i < CONN_SLOTS; i++)
			busy |= !op_free(x->conn[i].op);
		if (!busy || now_ms() > deadline)
			break;
		accx_wait(x);
	}
	for (i = 0; i < ACC_SLOTS + CONN_SLOTS; i++) {
		struct op *op = i < ACC_SLOTS ? x->acc[i].op : x->conn[i - ACC_SLOTS].op;
		char d[256];

		if (!op_free(op))
			failf("%s: hung after the listener was closed", op_desc(op, d, sizeof(d)));
	}
	doing(t, "done");
	atomic_store(&t->finished, true);
	return NULL;
}

/* --- the canceller ---------------------------------------------------------- */

static struct ep *stream_eps[2 * STREAM_PAIRS], *dgram_eps[2 * DGRAM_PAIRS];
static int nstream_eps, ndgram_eps;

static void sleep_us(long us)
{
	struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = us % 1000000 * 1000 };

	nanosleep(&ts, NULL);
}

static void *cancel_main(void *arg)
{
	struct thr *t = arg;
	struct ep *ep;
	struct aslot *sl;
	struct accx *x;
	uint32_t r;

	cur = t;
	while (!atomic_load(&stop)) {
		doing(t, "cancelling");
		r = rnd(t) % 100;
		ep = stream_eps[rnd(t) % nstream_eps];
		if (r < 45 && ep->no_cancel)
			r += 45;	/* only CancelIo, which cancels nothing */
		if (r < 35) {
			/* CancelIoEx of one receive of another thread's. */
			ep_cancel(ep, ep->rx[rnd(t) % MAX_RX], false);
		} else if (r < 45) {
			if (!ep->multi_send)
				ep_cancel(ep, NULL, false);
		} else if (r < 60) {
			/* CancelIo: this thread has nothing there to cancel. */
			if (r % 2)
				ep = dgram_eps[rnd(t) % ndgram_eps];
			if (!CancelIo((HANDLE)ep->s))
				failf("%s: CancelIo: error %lu", ep->name, GetLastError());
		} else if (r < 75) {
			ep = dgram_eps[rnd(t) % ndgram_eps];
			ep_cancel(ep, r % 2 ? NULL : ep->rx[rnd(t) % MAX_RX], false);
		} else if (naccx) {
			x = &accxs[rnd(t) % naccx];
			sl = &x->acc[rnd(t) % ACC_SLOTS];
			if (r < 88) {
				ep_cancel(&x->lep, sl->op, false);
			} else {
				doing(t, "closing an accept socket");
				pthread_mutex_lock(&sl->lock);
				if (atomic_load(&sl->op->state) == S_PENDING && !sl->a_closed) {
					sl->a_closed = true;
					if (closesocket(sl->a))
						failf("%s: closesocket(accept socket): error %d",
						      x->lep.name, WSAGetLastError());
					atomic_fetch_add(&st_closes, 1);
				}
				pthread_mutex_unlock(&sl->lock);
			}
		}
		doing(t, "sleeping");
		sleep_us(rnd_in(t, 100, 2000));
	}
	atomic_store(&canceller_done, true);
	doing(t, "done");
	atomic_store(&t->finished, true);
	return NULL;
}

/* --- the closer: closesocket from another thread ---------------------------- */

struct close_req {
	struct ep *ep;
	long at;
	atomic_bool done;
};

static atomic_int churn_running;
static pthread_mutex_t close_lock = PTHREAD_MUTEX_INITIALIZER;
static struct close_req *close_q[CHURN_THREADS];
static int close_n;

static void close_request(struct close_req *req, struct ep *ep, long delay_ms)
{
	req->ep = ep;
	req->at = now_ms() + delay_ms;
	atomic_store(&req->done, false);
	pthread_mutex_lock(&close_lock);
	close_q[close_n++] = req;
	pthread_mutex_unlock(&close_lock);
}

static void *closer_main(void *arg)
{
	struct thr *t = arg;
	struct close_req *req;
	int i;

	cur = t;
	while (atomic_load(&churn_running) || close_n) {
		doing(t, "waiting for a socket to close");
		req = NULL;
		pthread_mutex_lock(&close_lock);
		for (i = 0; i < close_n; i++) {
			if (close_q[i]->at <= now_ms()) {
				req = close_q[i];
				close_q[i] = close_q[--close_n];
				break;
			}
		}
		pthread_mutex_unlock(&close_lock);
		if (!req) {
			sleep_us(500);
			continue;
		}
		doing(t, "closesocket");
		ep_close(req->ep);
		atomic_store(&req->done, true);
	}
	doing(t, "done");
	atomic_store(&t->finished, true);
	return NULL;
}

/* --- churn: connections closed, abandoned, unmapped and forked under I/O ---- */

/* An operation whose OVERLAPPED and buffer are in a mapping of their own. */
struct mop {
	char *region;
	size_t size;
	WSAOVERLAPPED *ov;
	DWORD *flags;
	WSABUF wb;
	WSAEVENT ev;
	bool routine, send, remapped, pending, done;
	atomic_int runs;
	DWORD rt_err, rt_bytes;
};

enum { R_CLOSE, R_EXIT, R_MUNMAP, R_FORK, R_MODES };
static const char *const round_name[R_MODES] = {
	"closed by another thread", "thread exited", "munmap", "fork",
};

struct churn {
	struct thr *t;
	struct thr helper;		/* a thread that posts and exits */
	struct op *ops[CHURN_OPS];
	struct op *hops[6];		/* the helper's */
	int nhops;
	struct ep x, y;
	struct close_req creq;
	struct mop mops[4];
	int tf_fd;			/* a memfd TransmitFile sends from */
	uint32_t tf_sid;		/* the stream it holds the start of */
	int round;
	bool v6;
};

static struct churn churns[CHURN_THREADS];

static bool mop_routine(struct thr *t, DWORD err, DWORD bytes,
			LPWSAOVERLAPPED ov, DWORD flags)
{
	struct mop *m;
	int i;

	(void)flags;
	for (i = 0; i < 8; i++) {
		m = t->mops[i];
		if (!m || m->ov != ov)
			continue;
		/* Not a byte of it is read: it was unmapped. */
		if (atomic_fetch_add(&m->runs, 1))
			failf("%s: the routine of an unmapped OVERLAPPED ran again", t->name);
		m->rt_err = err;
		m->rt_bytes = bytes;
		m->done = true;
		return true;
	}
	return false;
}

static struct op *churn_op(struct churn *c)
{
	int i;

	for (i = 0; i < CHURN_OPS; i++)
		if (op_free(c->ops[i]) && atomic_load(&c->ops[i]->state) != S_SUBMIT)
			return c->ops[i];
	failf("%s: no free operation left (some hung)", c->t->name);
	return NULL;
}

/* A connected TCP pair; small buffers make sends pend. */
static bool tcp_pair(int af, SOCKET *a, SOCKET *b, bool small)
{
	struct sockaddr_storage ss;
	int len = ws_loopback(af, 0, &ss);
	SOCKET l = socket(af, SOCK_STREAM, IPPROTO_TCP);

	*a = *b = INVALID_SOCKET;
	if (l == INVALID_SOCKET || bind(l, (struct sockaddr *)&ss, len) || listen(l, 4))
		goto fail;
	len = sizeof(ss);
	if (getsockname(l, (struct sockaddr *)&ss, &len))
		goto fail;
	*a = socket(af, SOCK_STREAM, IPPROTO_TCP);
	if (*a == INVALID_SOCKET)
		goto fail;
	if (small && (ws_set_int(*a, SOL_SOCKET, SO_SNDBUF, 4096) ||
		      ws_set_int(*a, SOL_SOCKET, SO_RCVBUF, 4096)))
		goto fail;
	if (connect(*a, (struct sockaddr *)&ss, len))
		goto fail;
	*b = accept(l, NULL, NULL);
	if (*b == INVALID_SOCKET)
		goto fail;
	if (small && (ws_set_int(*b, SOL_SOCKET, SO_SNDBUF, 4096) ||
		      ws_set_int(*b, SOL_SOCKET, SO_RCVBUF, 4096)))
		goto fail;
	closesocket(l);
	return true;
fail:
	failf("%s(%d): error %d", __func__, af, WSAGetLastError());
	if (l != INVALID_SOCKET)
		closesocket(l);
	if (*a != INVALID_SOCKET)
		closesocket(*a);
	if (*b != INVALID_SOCKET)
		closesocket(*b);
	return false;
}

static SOCKET udp_bound(int af, struct sockaddr_storage *ss, int *len)
{
	SOCKET s = socket(af, SOCK_DGRAM, IPPROTO_UDP);

	*len = ws_loopback(af, 0, ss);
	if (s == INVALID_SOCKET || bind(s, (struct sockaddr *)ss, *len)) {
		failf("udp socket(%d): error %d", af, WSAGetLastError());
		if (s != INVALID_SOCKET)
			closesocket(s);
		return INVALID_SOCKET;
	}
	*len = sizeof(*ss);
	getsockname(s, (struct sockaddr *)ss, len);
	return s;
}

/* One round of waiting: completions taken, receives checked in order. */
static void churn_pump(struct churn *c, bool read_y)
{
	struct op *op;
	int i, n = 0;

	if (read_y && !c->y.eof && c->y.s != INVALID_SOCKET && !atomic_load(&c->y.closing)) {
		for (op = c->y.fifo_head; op; op = op->fifo_next)
			n++;
		while (n++ < 3 && (op = churn_op(c))) {
			if (!stream_post_recv(c->t, &c->y, op, op->cap - 64, true)) {
				failf("%s: WSARecv failed at once: error %d", c->y.name, op->err_now);
				break;
			}
		}
	}
	ops_wait(c->ops, CHURN_OPS, TICK_MS);
	for (i = 0; i < CHURN_OPS; i++)
		op_poll(c->ops[i]);
	for (i = 0; i < 4; i++) {
		struct mop *m = &c->mops[i];

		if (m->pending && !m->done && !m->routine && ev_is_set(m->ev)) {
			m->done = true;
			WSAResetEvent(m->ev);
		}
	}
	if (c->x.type == SOCK_STREAM) {
		stream_drain_fifo(&c->x);
		stream_drain_fifo(&c->y);
	}
}

static bool ops_done(struct op **ops, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (ops[i] && atomic_load(&ops[i]->state) == S_PENDING)
			return false;
	return true;
}

static void report_pending(struct op **ops, int n, const char *when)
{
	char d[256];
	int i;

	for (i = 0; i < n; i++)
		if (ops[i] && atomic_load(&ops[i]->state) == S_PENDING)
			failf("%s: hung %s", op_desc(ops[i], d, sizeof(d)), when);
}

/*
 * The sends of @x, in posting order: each completed; a short one is
 * followed only by sends that sent nothing. Returns the bytes sent.
 */
static uint64_t churn_check_sends(struct ep *x, struct op **sends, int n)
{
	uint64_t total = 0;
	bool short_seen = false;
	char d[256];
	int i;

	for (i = 0; i < n; i++) {
		struct op *op = sends[i];

		if (!op || atomic_load(&op->state) != S_DONE)
			continue;
		switch (op->status) {
		case ST_SUCCESS:
			if (op->bytes != op->len)
				failf("%s: completed with %u of %u bytes", op_desc(op, d, sizeof(d)),
				      op->bytes, op->len);
			break;
		case ST_CANCELLED:
			if (!cancel_legit(op))
				failf("%s: cancelled, the socket was neither cancelled nor closed",
				      op_desc(op, d, sizeof(d)));
			break;
		case ST_CONNECTION_RESET:
		case ST_CONNECTION_ABORTED:
			/*
			 * y closed first: a reset, or its FIN then a reset,
			 * which Windows reports as WSAECONNABORTED.
			 */
			if (x->reset_ok)
				break;
			/* fall through */
		default:
			failf("%s: unexpected status %#x", op_desc(op, d, sizeof(d)), op->status);
		}
		if (op->bytes > op->len)
			failf("%s: %u of %u bytes", op_desc(op, d, sizeof(d)), op->bytes, op->len);
		else if (short_seen && op->bytes)
			failf("%s: sent %u bytes after a send that stopped short: "
			      "a hole in the stream", op_desc(op, d, sizeof(d)), op->bytes);
		short_seen |= op->bytes < op->len;
		total += op->bytes <= op->len ? op->bytes : 0;
		op->handled = true;
	}
	return total;
}

/* Give y's stream time to end, then compare its length with what x sent. */
static void churn_check_stream_end(struct churn *c, uint64_t sent, long deadline)
{
	while (!c->y.eof && now_ms() < deadline)
		churn_pump(c, true);
	if (!c->y.eof)
		failf("%s: the stream never ended: %llu of %llu bytes received",
		      c->y.name, (unsigned long long)c->y.recv_off, (unsigned long long)sent);
	else if (c->y.recv_off != sent)
		failf("%s: the stream ended after %llu bytes, the peer's sends report %llu",
		      c->y.name, (unsigned long long)c->y.recv_off, (unsigned long long)sent);
}

/* Close y and let its receives end. */
static void churn_close_y(struct churn *c)
{
	long deadline = now_ms() + HANG_MS;

	ep_close(&c->y);
	while (!ops_done(c->ops, CHURN_OPS) && now_ms() < deadline)
		churn_pump(c, false);
	report_pending(c->ops, CHURN_OPS, "after both sockets were closed");
	if (c->x.type == SOCK_STREAM) {
		stream_drain_fifo(&c->x);
		stream_drain_fifo(&c->y);
	}
}

static bool churn_pair(struct churn *c, int af, int type, bool small)
{
	struct sockaddr_storage sa, sb;
	SOCKET a, b;
	int la, lb;

	if (type == SOCK_STREAM) {
		if (!tcp_pair(af, &a, &b, small))
			return false;
	} else {
		a = udp_bound(af, &sa, &la);
		b = udp_bound(af, &sb, &lb);
		if (a == INVALID_SOCKET || b == INVALID_SOCKET)
			return false;
	}
	ep_init(&c->x, a, af, type, "%s r%d x%s", c->t->name, c->round, af == AF_INET6 ? "6" : "4");
	ep_init(&c->y, b, af, type, "%s r%d y%s", c->t->name, c->round, af == AF_INET6 ? "6" : "4");
	ep_link(&c->x, &c->y);
	c->x.multi_send = true;
	c->x.churn = c->y.churn = true;
	if (type == SOCK_DGRAM) {
		memcpy(&c->x.addr, &sa, sizeof(sa));
		c->x.addrlen = la;
		memcpy(&c->y.addr, &sb, sizeof(sb));
		c->y.addrlen = lb;
	}
	return true;
}

/* Post @n sends on x: the next bytes of its stream. */
static int churn_sends(struct churn *c, struct op **out, int n, uint32_t lo, uint32_t hi)
{
	struct op *op;
	int i;

	for (i = 0; i < n && (op = churn_op(c)); i++) {
		if (!stream_post_send(c->t, &c->x, op, rnd_in(c->t, lo, hi))) {
			failf("%s: WSASend failed at once: error %d", c->x.name, op->err_now);
			break;
		}
		out[i] = op;
	}
	return i;
}

#define TF_LEN	(4 * 1024 * 1024)

/*
 * TransmitFile of the first TF_LEN bytes of x's stream, from a memfd made
 * once: x's stream is then stream tf_sid, whose start the file holds.
 */
static struct op *churn_transmit(struct churn *c)
{
	struct op *op = churn_op(c);
	char *data;
	int ret;

	if (!op)
		return NULL;
	if (c->tf_fd < 0) {
		c->tf_sid = atomic_fetch_add(&next_sid, 1);
		c->tf_fd = memfd_create("ovstress", MFD_CLOEXEC);
		data = malloc(TF_LEN);
		if (c->tf_fd < 0 || !data) {
			failf("%s: memfd: %s", c->t->name, strerror(errno));
			free(data);
			return NULL;
		}
		pat_fill(data, c->tf_sid, 0, TF_LEN);
		ret = write(c->tf_fd, data, TF_LEN) == TF_LEN;
		free(data);
		if (!ret) {
			failf("%s: write: %s", c->t->name, strerror(errno));
			close(c->tf_fd);
			c->tf_fd = -1;
			return NULL;
		}
	}
	c->x.sid_tx = c->y.sid_rx = c->tf_sid;
	op_prepare(op, &c->x, OP_TRANSMIT, false);
	op->len = TF_LEN;
	op->off = c->x.send_off;
	c->x.send_off += TF_LEN;
	/* The file from offset 0 (Offset/OffsetHigh), all of it. */
	ret = TransmitFile(c->x.s, (HANDLE)(intptr_t)c->tf_fd, 0, 0, &op->ov, NULL, 0) ?
	      0 : SOCKET_ERROR;
	if (!op_posted(op, ret, WSAGetLastError())) {
		failf("%s: TransmitFile failed at once: error %d", c->x.name, op->err_now);
		c->x.send_off = op->off;
		return NULL;
	}
	return op;
}

/*
 * Operations pending on x while another thread closes it (at a random
 * moment): x's receives end with STATUS_CONNECTION_ABORTED, its sends (and a
 * TransmitFile, which the worker carries out in a loop) with what they
 * sent; y reads x's stream to its end, which must be exactly what x's
 * sends report.
 */
static void round_close_tcp(struct churn *c, int af)
{
	struct op *sends[5] = { 0 }, *op;
	bool y_early = rnd(c->t) % 4 == 0;
	long y_at, deadline;
	uint64_t sent;
	int i, ns;

	/* Small buffers make the sends pend; default ones keep the worker busy. */
	if (!churn_pair(c, af, SOCK_STREAM, rnd(c->t) % 2))
		return;
	for (i = 0; i < 3 && (op = churn_op(c)); i++)
		if (!stream_post_recv(c->t, &c->x, op, 4096, true))
			failf("%s: WSARecv failed at once: error %d", c->x.name, op->err_now);
	/* The stream starts with a file the worker sends in a loop. */
	sends[0] = churn_transmit(c);
	ns = !!sends[0];
	ns += churn_sends(c, sends + ns, 4, 4096, 24576);
	close_request(&c->creq, &c->x, rnd_in(c->t, 0, 15));
	/* Sometimes y goes first: x's sends may then see a reset. */
	y_at = now_ms() + rnd_in(c->t, 0, 20);
	if (y_early)
		c->x.reset_ok = c->y.reset_ok = true;
	deadline = now_ms() + HANG_MS;
	for (;;) {
		if (y_early && c->y.s != INVALID_SOCKET && now_ms() >= y_at)
			ep_close(&c->y);
		churn_pump(c, !y_early);
		if (atomic_load(&c->creq.done) && ops_done(sends, ns) &&
		    (c->y.eof || c->y.s == INVALID_SOCKET) && !c->x.fifo_head)
			break;
		if (now_ms() > deadline) {
			report_pending(c->ops, CHURN_OPS, "while its socket was closed");
			break;
		}
	}
	sent = churn_check_sends(&c->x, sends, ns);
	if (!y_early)
		churn_check_stream_end(c, sent, now_ms() + HANG_MS);
	churn_close_y(c);
}

/* The same with datagrams: what x has pending ends when it is closed. */
static void round_close_udp(struct churn *c, int af)
{
	struct op *ops[9] = { 0 }, *op;
	long deadline;
	int i, n = 0, ret;

	if (!churn_pair(c, af, SOCK_DGRAM, false))
		return;
	for (i = 0; i < 3 && (op = churn_op(c)); i++) {
		if (dgram_post_recv(c->t, &c->x, op))
			ops[n++] = op;
		op = churn_op(c);
		if (op && dgram_post_recv(c->t, &c->y, op))
			ops[n++] = op;
		op = churn_op(c);
		if (op && dgram_post_send(c->t, &c->x, op))
			ops[n++] = op;
	}
	close_request(&c->creq, &c->x, rnd_in(c->t, 0, 10));
	deadline = now_ms() + HANG_MS;
	while (!(atomic_load(&c->creq.done) && ops_done(c->ops, CHURN_OPS)) &&
	       now_ms() < deadline) {
		churn_pump(c, false);
		/* y's receives may wait for nothing more: end them. */
		if (atomic_load(&c->creq.done) && c->y.s != INVALID_SOCKET)
			ep_close(&c->y);
	}
	report_pending(c->ops, CHURN_OPS, "after the datagram socket was closed");
	/* The receive FIFOs: x's ended, y's got x's datagrams (or ended). */
	for (i = 0; i < n; i++) {
		char d[256];

		op = ops[i];
		if (atomic_load(&op->state) != S_DONE)
			continue;
		op->handled = true;
		ret = op->status;
		if (op->kind == OP_SEND) {
			if (!(ret == ST_SUCCESS && op->bytes == op->len) &&
			    !(ret == ST_CANCELLED && cancel_legit(op)))
				failf("%s: status %#x, %u bytes", op_desc(op, d, sizeof(d)),
				      ret, op->bytes);
		} else if (op->ep == &c->x) {
			if (ret != ST_CANCELLED || !cancel_legit(op))
				failf("%s: status %#x", op_desc(op, d, sizeof(d)), ret);
		}
	}
	for (op = c->y.fifo_head; op; op = op->fifo_next)
		if (atomic_load(&op->state) == S_DONE)
			dgram_check_recv(&c->y, op);
	c->x.fifo_head = c->x.fifo_tail = NULL;
	c->y.fifo_head = c->y.fifo_tail = NULL;
	if (c->y.s != INVALID_SOCKET)
		churn_close_y(c);
}

static void *helper_main(void *arg)
{
	struct churn *c = arg;
	struct thr *h = &c->helper;
	int i;

	cur = h;
	doing(h, "posting and exiting");
	for (i = 0; i < c->nhops; i++) {
		if (i < 3) {
			if (!stream_post_recv(h, &c->x, c->hops[i], 4096, false))
				failf("%s: WSARecv failed at once: error %d", c->x.name,
				      c->hops[i]->err_now);
		} else if (!stream_post_send(h, &c->x, c->hops[i], rnd_in(h, 8192, 24576))) {
			failf("%s: WSASend failed at once: error %d", c->x.name, c->hops[i]->err_now);
		}
	}
	return NULL;
}

/*
 * A thread posts receives and sends on x and exits: they stay pending
 * (nothing completes them), then complete by data and by another thread's
 * closesocket; their events are set, their routines never run.
 */
static void round_exit(struct churn *c, int af)
{
	bool was_pending[6] = { 0 };
	struct op *op, *ysend;
	long deadline;
	uint64_t sent;
	pthread_t pt;
	int i;

	if (!churn_pair(c, af, SOCK_STREAM, true))
		return;
	c->nhops = 0;
	for (i = 0; i < 6 && (op = churn_op(c)); i++) {
		op_check_quiet(op);
		atomic_store(&op->state, S_SUBMIT);	/* reserved for the helper */
		c->hops[c->nhops++] = op;
	}
	snprintf(c->helper.name, sizeof(c->helper.name), "%.16s-exiting", c->t->name);
	c->helper.rng = c->t->rng ^ 0x9e3779b97f4a7c15ull;
	if (pthread_create(&pt, NULL, helper_main, c)) {
		failf("%s: pthread_create failed", c->t->name);
		for (i = 0; i < c->nhops; i++)
			atomic_store(&c->hops[i]->state, S_IDLE);
		return;
	}
	pthread_join(pt, NULL);
	atomic_fetch_add(&st_orphans, c->nhops);
	for (i = 0; i < c->nhops; i++) {
		op = c->hops[i];
		op->orphan = true;
		/* Nothing can complete its receives (sends may go on). */
		was_pending[i] = op->kind == OP_RECV && atomic_load(&op->state) == S_PENDING &&
				 (DWORD)__atomic_load_n(&op->ov.Internal, __ATOMIC_ACQUIRE) ==
				 STATUS_PENDING;
	}
	/* The thread's exit ends nothing. */
	SleepEx(30, TRUE);
	for (i = 0; i < c->nhops; i++) {
		char d[256];

		op = c->hops[i];
		if (was_pending[i] && (DWORD)__atomic_load_n(&op->ov.Internal,
							    __ATOMIC_ACQUIRE) != STATUS_PENDING)
			failf("%s: completed when its thread exited", op_desc(op, d, sizeof(d)));
	}
	/* Data for the first receive, then closesocket from this thread. */
	ysend = churn_op(c);
	if (ysend && !stream_post_send(c->t, &c->y, ysend, 32))
		failf("%s: WSASend failed at once: error %d", c->y.name, ysend->err_now);
	deadline = now_ms() + HANG_MS;
	while (c->x.fifo_head == c->hops[0] && now_ms() < deadline)
		churn_pump(c, true);
	if (c->x.fifo_head == c->hops[0])
		report_pending(c->hops, 1, "with data sent to it");
	ep_close(&c->x);
	deadline = now_ms() + HANG_MS;
	while (!ops_done(c->hops, c->nhops) && now_ms() < deadline)
		churn_pump(c, true);
	report_pending(c->hops, c->nhops, "after the exited thread's socket was closed");
	sent = churn_check_sends(&c->x, c->hops + 3, c->nhops > 3 ? c->nhops - 3 : 0);
	churn_check_stream_end(c, sent, now_ms() + HANG_MS);
	if (ysend && atomic_load(&ysend->state) == S_DONE) {
		ysend->handled = true;
		if (ysend->status != ST_SUCCESS)
			failf("%s: status %#x", c->y.name, ysend->status);
	}
	churn_close_y(c);
}

static bool mop_map(struct mop *m, size_t size)
{
	memset(m, 0, sizeof(*m));
	m->size = size;
	m->region = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m->region == MAP_FAILED) {
		failf("mmap: %s", strerror(errno));
		m->region = NULL;
		return false;
	}
	m->ev = WSACreateEvent();
	return m->ev != WSA_INVALID_EVENT;
}

/* Unmap it, and map something else at the same address if possible. */
static void mop_remap(struct mop *m)
{
	void *want = m->region, *p;

	munmap(m->region, m->size);
	p = mmap(want, m->size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	m->remapped = p == want;
	if (m->remapped)
		memset(p, 0x5a, m->size);
	else if (p != MAP_FAILED)
		munmap(p, m->size);
}

/*
 * Buffers and OVERLAPPEDs unmapped while their operations pend (the
 * OVERLAPPED straddling two pages), the addresses mapped again: the sends
 * send the bytes that were there, the receives complete once each and write
 * nothing into the new mappings.
 */
static void round_munmap(struct churn *c, int af)
{
	long page = sysconf(_SC_PAGESIZE), deadline;
	struct op *sends[2] = { 0 }, *ysend = NULL;
	struct thr *t = c->t;
	struct mop *m;
	int i, ret, ns;
	size_t j;

	if (!churn_pair(c, af, SOCK_STREAM, true))
		return;
	/* Fill the way so that the unmapped sends pend. */
	ns = churn_sends(c, sends, 2, 32768, 49152);
	for (i = 0; i < 4; i++) {
		m = &c->mops[i];
		if (!mop_map(m, (i < 2 ? 2 : 4) * page))
			continue;
		m->routine = rnd(t) % 2;
		m->send = i >= 2;
		m->ov = (WSAOVERLAPPED *)(m->region + (m->send ? 0 : page - sizeof(ULONG_PTR)));
		m->flags = (DWORD *)(m->region + page + 8);
		m->ov->Internal = OV_FRESH;
		m->ov->hEvent = m->routine ? NULL : m->ev;
		m->wb.buf = m->region + (m->send ? 64 : page + 64);
		m->wb.len = m->send ? 3 * page : page - 128;
		t->mops[i] = m;
		if (m->send) {
			pat_fill(m->wb.buf, c->x.sid_tx, c->x.send_off, m->wb.len);
			c->x.send_off += m->wb.len;
			ret = WSASend(c->x.s, &m->wb, 1, NULL, 0, m->ov,
				      m->routine ? op_routine : NULL);
		} else {
			*m->flags = 0;
			ret = WSARecv(c->x.s, &m->wb, 1, NULL, m->flags, m->ov,
				      m->routine ? op_routine : NULL);
		}
		m->pending = ret == 0 || WSAGetLastError() == WSA_IO_PENDING;
		if (!m->pending)
			failf("%s: %s from an mmap()ed buffer failed at once: error %d",
			      c->x.name, m->send ? "WSASend" : "WSARecv", WSAGetLastError());
	}
	for (i = 0; i < 4; i++)
		if (c->mops[i].region)
			mop_remap(&c->mops[i]);
	/* Data for the first receive; y reads x's stream. */
	ysend = churn_op(c);
	if (ysend && !stream_post_send(t, &c->y, ysend, 32))
		failf("%s: WSASend failed at once: error %d", c->y.name, ysend->err_now);
	deadline = now_ms() + HANG_MS;
	while (!(ops_done(sends, ns) && (!c->mops[0].pending || c->mops[0].done) &&
		 (!c->mops[2].pending || c->mops[2].done) &&
		 (!c->mops[3].pending || c->mops[3].done)) && now_ms() < deadline)
		churn_pump(c, true);
	ep_close(&c->x);
	deadline = now_ms() + HANG_MS;
	while (!(c->y.eof && (!c->mops[1].pending || c->mops[1].done)) && now_ms() < deadline)
		churn_pump(c, true);
	churn_check_sends(&c->x, sends, ns);
	churn_check_stream_end(c, c->x.send_off, now_ms() + HANG_MS);
	for (i = 0; i < 4; i++) {
		m = &c->mops[i];
		if (!m->region)
			continue;
		if (m->pending && !m->done)
			failf("%s: an operation on unmapped memory (%s, %s) never completed",
			      c->x.name, m->send ? "send" : "receive",
			      m->routine ? "routine" : "event");
		SleepEx(1, TRUE);
		if (m->routine && atomic_load(&m->runs) > 1)
			failf("%s: unmapped operation's routine ran %d times", c->x.name,
			      atomic_load(&m->runs));
		if (!m->routine && ev_is_set(m->ev))
			failf("%s: unmapped operation's event set again", c->x.name);
		if (m->routine && m->done) {
			if (i == 0 && (m->rt_err || m->rt_bytes != 32))
				failf("%s: first unmapped receive: error %u, %u bytes",
				      c->x.name, m->rt_err, m->rt_bytes);
			if (i == 1 && m->rt_err != WSAECONNABORTED)
				failf("%s: unmapped receive at close: error %u", c->x.name,
				      m->rt_err);
			if (m->send && (m->rt_err || m->rt_bytes != m->wb.len))
				failf("%s: unmapped send: error %u, %u of %lu bytes", c->x.name,
				      m->rt_err, m->rt_bytes, (unsigned long)m->wb.len);
		}
		if (m->remapped) {
			for (j = 0; j < m->size; j++) {
				if ((uint8_t)m->region[j] != 0x5a) {
					failf("%s: a completion wrote at byte %zu of a mapping made "
					      "after the %s's was unmapped", c->x.name, j,
					      m->send ? "send" : "receive");
					break;
				}
			}
			munmap(m->region, m->size);
		}
		t->mops[i] = NULL;
		WSACloseEvent(m->ev);
		m->region = NULL;
	}
	if (ysend && atomic_load(&ysend->state) == S_DONE) {
		ysend->handled = true;
		if (ysend->status != ST_SUCCESS)
			failf("%s: status %#x", c->y.name, ysend->status);
	}
	churn_close_y(c);
}

/*
 * fork() with receives pending: the child sees them pending, posts one of
 * its own on the same socket, closes its copies of this and of the
 * long-lived stream sockets, and exits with its receive pending. None of
 * it ends anything of the parent's: its receives complete with the data
 * sent afterwards, into its own pages.
 */
static void round_fork(struct churn *c, int af)
{
	struct op *rx[3] = { 0 }, *op;
	long deadline;
	int i, status = 0, n = 0;
	pid_t pid, w;

	if (!churn_pair(c, af, SOCK_STREAM, true))
		return;
	for (i = 0; i < 3 && (op = churn_op(c)); i++) {
		if (!stream_post_recv(c->t, &c->x, op, 4096, false))
			failf("%s: WSARecv failed at once: error %d", c->x.name, op->err_now);
		else
			rx[n++] = op;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		WSAOVERLAPPED ov = { 0 };
		char buf[64];
		WSABUF wb = { sizeof(buf), buf };
		DWORD fl = 0;
		int rc = 0;

		for (i = 0; i < n; i++)
			if ((DWORD)rx[i]->ov.Internal != STATUS_PENDING)
				rc |= 1;
		ov.hEvent = WSACreateEvent();
		if (ov.hEvent == WSA_INVALID_EVENT)
			rc |= 2;
		else if (WSARecv(c->x.s, &wb, 1, NULL, &fl, &ov, NULL) != SOCKET_ERROR ||
			 WSAGetLastError() != WSA_IO_PENDING)
			rc |= 4;
		if (closesocket(c->y.s))
			rc |= 8;
		for (i = 0; i < nstream_eps; i++)
			if (closesocket(stream_eps[i]->s))
				rc |= 16;
		_exit(rc);
	}
	if (pid < 0) {
		failf("%s: fork: %s", c->t->name, strerror(errno));
	} else {
		deadline = now_ms() + HANG_MS;
		while ((w = waitpid(pid, &status, WNOHANG)) == 0 && now_ms() < deadline)
			SleepEx(5, TRUE);
		if (w != pid) {
			failf("%s: the forked child did not exit", c->t->name);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
		} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			failf("%s: the forked child's checks failed (status %#x: 1 receives "
			      "not pending there, 2 no event, 4 its WSARecv did not pend, "
			      "8/16 closesocket failed)", c->t->name, status);
		}
	}
	SleepEx(20, TRUE);
	for (i = 0; i < n; i++) {
		char d[256];

		if (atomic_load(&rx[i]->state) != S_PENDING ||
		    (DWORD)__atomic_load_n(&rx[i]->ov.Internal, __ATOMIC_ACQUIRE) != STATUS_PENDING)
			failf("%s: completed by the fork or the child", op_desc(rx[i], d, sizeof(d)));
	}
	/* Data for the first receive: it goes to the parent's buffer. */
	op = churn_op(c);
	if (op && !stream_post_send(c->t, &c->y, op, 48))
		failf("%s: WSASend failed at once: error %d", c->y.name, op->err_now);
	deadline = now_ms() + HANG_MS;
	while (c->x.fifo_head == rx[0] && now_ms() < deadline)
		churn_pump(c, false);
	if (c->x.recv_off != 48)
		failf("%s: %llu bytes received after the fork, 48 sent", c->x.name,
		      (unsigned long long)c->x.recv_off);
	ep_close(&c->x);
	deadline = now_ms() + HANG_MS;
	while (!ops_done(rx, n) && now_ms() < deadline)
		churn_pump(c, false);
	report_pending(rx, n, "after closesocket (fork round)");
	if (op && atomic_load(&op->state) == S_DONE) {
		op->handled = true;
		if (op->status != ST_SUCCESS)
			failf("%s: status %#x", c->y.name, op->status);
	}
	churn_close_y(c);
}

static void *churn_main(void *arg)
{
	struct thr *t = arg;
	struct churn *c = t->arg;
	int mode, af, i;

	cur = t;
	c->t = t;
	c->tf_fd = -1;
	/* Each thread starts at another mode; each runs two at least. */
	while (!atomic_load(&stop) || c->round < 2) {
		mode = (c->round + 2 * (int)(c - churns)) % R_MODES;
		af = c->v6 && (c->round / R_MODES + (int)(c - churns)) % 2 ? AF_INET6 : AF_INET;
		doing(t, round_name[mode]);
		/* What the last round left unlooked at is free again. */
		for (i = 0; i < CHURN_OPS; i++)
			if (atomic_load(&c->ops[i]->state) == S_DONE)
				c->ops[i]->handled = true;
		switch (mode) {
		case R_CLOSE:
			if (c->round / R_MODES % 2)
				round_close_udp(c, af);
			else
				round_close_tcp(c, af);
			break;
		case R_EXIT:
			round_exit(c, af);
			break;
		case R_MUNMAP:
			round_munmap(c, af);
			break;
		case R_FORK:
			round_fork(c, af);
			break;
		}
		atomic_fetch_add(&st_rounds[mode], 1);
		c->round++;
	}
	if (c->tf_fd >= 0)
		close(c->tf_fd);
	atomic_fetch_sub(&churn_running, 1);
	doing(t, "done");
	atomic_store(&t->finished, true);
	return NULL;
}

/* --- the per-user counts ------------------------------------------------------ */

#define PARAM_DIR	"/sys/module/ws/parameters/"
#define LIM_N		32

enum { L_REQS, L_PAGES, L_APCS, L_EVENTS, L_COUNT };
static const char *const lim_param[L_COUNT] = {
	"max_reqs_per_user", "max_pinned_kb_per_user", "max_apcs_per_user",
	"max_events_per_user",
};

static bool param_get(const char *name, long *v)
{
	char path[128];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	f = fopen(path, "r");
	if (!f)
		return false;
	ok = fscanf(f, "%ld", v) == 1;
	fclose(f);
	return ok;
}

static bool param_set(const char *name, long v)
{
	char path[128];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	f = fopen(path, "w");
	if (!f)
		return false;
	ok = fprintf(f, "%ld\n", v) > 0;
	return fclose(f) == 0 && ok;
}

static bool limits_settable(void)
{
	return geteuid() == 0 && access(PARAM_DIR "max_reqs_per_user", W_OK) == 0;
}

static atomic_int lim_runs;

static void CALLBACK lim_routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
	(void)err;
	(void)bytes;
	(void)ov;
	(void)flags;
	atomic_fetch_add(&lim_runs, 1);
}

/*
 * Post up to @max receives of @len bytes (a page each) on @s; the number
 * that pended before one failed, that one's error in *err (0: none did).
 */
static int lim_post(SOCKET s, WSAOVERLAPPED *ovs, DWORD *flags, char *bufs, int max,
		    ULONG len, bool routine, int *err)
{
	long page = sysconf(_SC_PAGESIZE);
	WSABUF wb;
	int i;

	*err = 0;
	for (i = 0; i < max; i++) {
		memset(&ovs[i], 0, sizeof(ovs[i]));
		flags[i] = 0;
		wb.len = len;
		wb.buf = bufs + i * page;
		if (WSARecv(s, &wb, 1, NULL, &flags[i], &ovs[i], routine ? lim_routine : NULL) !=
		    SOCKET_ERROR || WSAGetLastError() != WSA_IO_PENDING) {
			*err = WSAGetLastError();
			break;
		}
	}
	return i;
}

/* End @n pending receives of this thread's on @s; false if they do not. */
static bool lim_end(SOCKET s, WSAOVERLAPPED *ovs, int n, bool routine)
{
	long deadline = now_ms() + HANG_MS;
	int i, left;

	if (n && !CancelIo((HANDLE)s))
		return false;
	do {
		SleepEx(1, TRUE);
		for (i = left = 0; i < n; i++)
			left += (DWORD)__atomic_load_n(&ovs[i].Internal, __ATOMIC_ACQUIRE) ==
				STATUS_PENDING;
		if (routine && atomic_load(&lim_runs) < n)
			left++;
	} while (left && now_ms() < deadline);
	return !left;
}

/* Append a reason to @why. */
static void lim_why(char *why, size_t size, const char *fmt, ...)
{
	size_t len = strlen(why);
	va_list ap;

	if (len && len + 2 < size) {
		strcpy(why + len, "; ");
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(why + len, size - len, fmt, ap);
	va_end(ap);
}

/*
 * With each per-user limit lowered to LIM_N, exactly LIM_N objects can be
 * created and the next fails with WSAEDQUOT: the module counts nothing else
 * of this user's. Returns 0, or -1 with the reason in @why.
 */
static int limits_check(char *why, size_t size)
{
	long page = sysconf(_SC_PAGESIZE), saved[L_COUNT];
	WSAOVERLAPPED ovs[LIM_N + 1];
	DWORD flags[LIM_N + 1];
	WSAEVENT evs[LIM_N + 1];
	SOCKET c, s;
	char *bufs;
	int i, n, err, ret = 0;

	why[0] = 0;
	/* libws keeps an event of its own for alertable sleeps: make it now. */
	SleepEx(0, TRUE);
	for (i = 0; i < L_COUNT; i++) {
		if (!param_get(lim_param[i], &saved[i])) {
			snprintf(why, size, "cannot read %s", lim_param[i]);
			return -1;
		}
	}
	if (!tcp_pair(AF_INET, &c, &s, false)) {
		snprintf(why, size, "no connection for the check");
		return -1;
	}
	bufs = aligned_alloc(page, (LIM_N + 1) * page);
	if (!bufs) {
		snprintf(why, size, "no memory");
		ret = -1;
		goto out;
	}

	/* Operations: zero-length receives hold no page. */
	param_set(lim_param[L_REQS], LIM_N);
	n = lim_post(s, ovs, flags, bufs, LIM_N + 1, 0, false, &err);
	param_set(lim_param[L_REQS], saved[L_REQS]);
	if (n != LIM_N || err != WSAEDQUOT) {
		lim_why(why, size, "%s=%d: %d operations pended, then error %d "
			 "(the module counts %d operations of this user that are gone)",
			 lim_param[L_REQS], LIM_N, n, err, LIM_N - n);
		ret = -1;
	}
	if (!lim_end(s, ovs, n, false)) {
		lim_why(why, size, "the check's own receives did not end after CancelIo");
		ret = -1;
		goto out;
	}

	/* Pinned pages: a page each. */
	param_set(lim_param[L_PAGES], LIM_N * page / 1024);
	n = lim_post(s, ovs, flags, bufs, LIM_N + 1, page, false, &err);
	param_set(lim_param[L_PAGES], saved[L_PAGES]);
	if (n != LIM_N || err != WSAEDQUOT) {
		lim_why(why, size, "%s=%ld: %d one-page receives pended, then error %d "
			 "(the module counts %d pages of this user that are gone)",
			 lim_param[L_PAGES], LIM_N * page / 1024, n, err, LIM_N - n);
		ret = -1;
	}
	if (!lim_end(s, ovs, n, false)) {
		lim_why(why, size, "the check's own receives did not end after CancelIo");
		ret = -1;
		goto out;
	}

	/* APCs: completion routines. */
	atomic_store(&lim_runs, 0);
	param_set(lim_param[L_APCS], LIM_N);
	n = lim_post(s, ovs, flags, bufs, LIM_N + 1, 0, true, &err);
	param_set(lim_param[L_APCS], saved[L_APCS]);
	if (n != LIM_N || err != WSAEDQUOT) {
		lim_why(why, size, "%s=%d: %d receives with a completion routine pended, "
			 "then error %d (the module counts %d APCs of this user that are gone)",
			 lim_param[L_APCS], LIM_N, n, err, LIM_N - n);
		ret = -1;
	}
	if (!lim_end(s, ovs, n, true)) {
		lim_why(why, size, "the check's own routines did not run after CancelIo");
		ret = -1;
		goto out;
	}

	/* Event objects: libws's own, and LIM_N - 1. */
	param_set(lim_param[L_EVENTS], LIM_N);
	for (n = 0; n < LIM_N + 1; n++) {
		evs[n] = WSACreateEvent();
		if (evs[n] == WSA_INVALID_EVENT)
			break;
	}
	err = WSAGetLastError();
	param_set(lim_param[L_EVENTS], saved[L_EVENTS]);
	for (i = 0; i < n; i++)
		WSACloseEvent(evs[i]);
	if (n != LIM_N - 1) {
		lim_why(why, size, "%s=%d: %d events created besides libws's own, then "
			"error %d (the module counts %d events of this user that are gone)",
			lim_param[L_EVENTS], LIM_N, n, err, LIM_N - 1 - n);
		ret = -1;
	}
out:
	for (i = 0; i < L_COUNT; i++)
		param_set(lim_param[i], saved[i]);
	free(bufs);
	closesocket(c);
	closesocket(s);
	return ret;
}

/* Counts may drop a little after the last close (deferred file release). */
static int limits_check_settled(char *why, size_t size)
{
	int i, ret = 0;

	for (i = 0; i < 5; i++) {
		ret = limits_check(why, size);
		if (!ret)
			break;
		SleepEx(250, TRUE);
	}
	return ret;
}

/* --- setup and the test ------------------------------------------------------- */

static struct thr *thr_new(void *arg, const char *fmt, ...)
{
	struct thr *t = &threads[nthreads];
	va_list ap;

	if (nthreads == MAX_THREADS)
		return NULL;
	nthreads++;
	va_start(ap, fmt);
	vsnprintf(t->name, sizeof(t->name), fmt, ap);
	va_end(ap);
	t->arg = arg;
	t->rng = mix(0x1234567ull + nthreads * 7919ull + (uint64_t)now_ms()) | 1;
	atomic_store(&t->beat, now_ms());
	atomic_store(&t->doing, "starting");
	return t;
}

struct thr_fn {
	struct thr *t;
	void *(*fn)(void *);
};

static struct thr_fn thr_fns[MAX_THREADS];
static int nthr_fns;

static struct thr *spawn_later(void *(*fn)(void *), void *arg, const char *name)
{
	struct thr *t = thr_new(arg, "%s", name);

	if (t) {
		thr_fns[nthr_fns].t = t;
		thr_fns[nthr_fns++].fn = fn;
	}
	return t;
}

FIXTURE(ovstress) {
	long saved[L_COUNT];
	bool have[L_COUNT];
};

FIXTURE_SETUP(ovstress)
{
	int i;

	for (i = 0; i < L_COUNT; i++)
		self->have[i] = param_get(lim_param[i], &self->saved[i]);
}

/* In the parent: the limits come back even if the test died lowering them. */
FIXTURE_TEARDOWN_PARENT(ovstress)
{
	long v;
	int i;

	if (!limits_settable())
		return;
	for (i = 0; i < L_COUNT; i++)
		if (self->have[i] && param_get(lim_param[i], &v) && v != self->saved[i])
			param_set(lim_param[i], self->saved[i]);
}

static void print_stats(long ms)
{
	int k, m;

	fprintf(stderr, "# ovstress: %ld ms, %d threads, %d failures\n", ms, nthreads,
		atomic_load(&nfail));
	for (k = 0; k < OP_KINDS; k++)
		fprintf(stderr, "# ovstress: %-12s %6ld posted (%ld completed at once, %ld failed at once)\n",
			kind_name[k], atomic_load(&st_submitted[k]), atomic_load(&st_at_once[k]),
			atomic_load(&st_failed_now[k]));
	fprintf(stderr, "# ovstress: %ld completions (%ld routines run), %ld cancelled, %ld aborted; "
		"%ld CancelIo(Ex) calls, %ld closes\n", atomic_load(&st_completed),
		atomic_load(&st_routines), atomic_load(&st_cancelled), atomic_load(&st_aborted),
		atomic_load(&st_cancel_calls), atomic_load(&st_closes));
	fprintf(stderr, "# ovstress: %ld stream bytes checked, %ld datagrams (%ld after a later "
		"one), %ld accepted, %ld connected, %ld operations of exited threads\n",
		atomic_load(&st_bytes_rx), atomic_load(&st_dgrams), atomic_load(&st_dgrams_late),
		atomic_load(&st_accepted),
		atomic_load(&st_connected), atomic_load(&st_orphans));
	for (m = 0; m < R_MODES; m++)
		fprintf(stderr, "# ovstress: churn rounds '%s': %ld\n", round_name[m],
			atomic_load(&st_rounds[m]));
}

TEST_F_TIMEOUT(ovstress, stress, 120)
{
	const char *why = ws_unavailable(AF_INET);
	struct sockaddr_storage ss;
	GUID guid = WSAID_CONNECTEX;
	char whybuf[1024];
	struct timespec ts;
	struct op *op, *next;
	long start, end, deadline;
	DWORD size;
	bool v6, can_lim, stuck = false;
	SOCKET s, a, b;
	struct ep *e;
	struct thr *t;
	int i, j, af, len;

	if (why)
		SKIP(return, "%s", why);
	v6 = !ws_unavailable(AF_INET6);
	ASSERT_EQ(0, ws_startup());
	s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_EQ(0, WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof(guid),
			      &connect_ex, sizeof(connect_ex), &size, NULL, NULL));
	closesocket(s);

	cur = thr_new(NULL, "main");
	can_lim = limits_settable();
	if (can_lim) {
		if (limits_check_settled(whybuf, sizeof(whybuf)))
			failf("before the stress (left by an earlier program?): %s", whybuf);
	} else {
		TH_LOG("not root: the per-user counts are not checked");
	}

	/* Long-lived streams, datagram pairs and listeners. */
	for (i = 0; i < STREAM_PAIRS; i++) {
		struct ep *p[2];

		/*
		 * IPv4 and IPv6, default and small buffers (sends pend), and
		 * half of them never cancelled: 0 v4 default, 1 v6 small,
		 * cancelled: 2 v4 small, 3 v6 default.
		 */
		af = v6 && i % 2 ? AF_INET6 : AF_INET;
		ASSERT_TRUE(tcp_pair(af, &a, &b, i == 1 || i == 2));
		for (j = 0; j < 2; j++) {
			p[j] = e = calloc(1, sizeof(*e));
			ASSERT_NE(NULL, e);
			ep_init(e, j ? b : a, af, SOCK_STREAM, "tcp%c.%d%c",
				af == AF_INET6 ? '6' : '4', i, 'a' + j);
			/* One side sends several at once, the other one at a time. */
			e->multi_send = !j;
			e->no_cancel = i < 2;
			stream_eps[nstream_eps++] = e;
			t = spawn_later(stream_main, e, e->name);
			ASSERT_NE(NULL, t);
			for (len = 0; len < MAX_RX; len++)
				ASSERT_NE(NULL, e->rx[len] = op_new(t, 16384 + 64));
			for (len = 0; len < MAX_TX; len++)
				ASSERT_NE(NULL, e->tx[len] = op_new(t, 32768 + 64));
		}
		ep_link(p[0], p[1]);
	}
	for (i = 0; i < DGRAM_PAIRS; i++) {
		struct ep *p[2];

		af = v6 && i % 2 ? AF_INET6 : AF_INET;
		for (j = 0; j < 2; j++) {
			p[j] = e = calloc(1, sizeof(*e));
			ASSERT_NE(NULL, e);
			s = udp_bound(af, &ss, &len);
			ASSERT_NE(INVALID_SOCKET, s);
			ep_init(e, s, af, SOCK_DGRAM, "udp%c.%d%c", af == AF_INET6 ? '6' : '4',
				i, 'a' + j);
			memcpy(&e->addr, &ss, sizeof(ss));
			e->addrlen = len;
			dgram_eps[ndgram_eps++] = e;
			t = spawn_later(dgram_main, e, e->name);
			ASSERT_NE(NULL, t);
			for (len = 0; len < MAX_RX; len++)
				ASSERT_NE(NULL, e->rx[len] = op_new(t, DG_MAX + 64));
			for (len = 0; len < MAX_TX; len++)
				ASSERT_NE(NULL, e->tx[len] = op_new(t, DG_MAX + 64));
		}
		ep_link(p[0], p[1]);
	}
	for (i = 0; i < (v6 ? 2 : 1); i++) {
		struct accx *x = &accxs[naccx++];

		x->af = i ? AF_INET6 : AF_INET;
		s = ws_bound(_metadata, x->af, SOCK_STREAM, &ss, &len);
		ASSERT_EQ(0, listen(s, 64));
		ep_init(&x->lep, s, x->af, SOCK_STREAM, "listener%c", i ? '6' : '4');
		memcpy(&x->lep.addr, &ss, sizeof(ss));
		x->lep.addrlen = len;
		t = spawn_later(accx_main, x, x->lep.name);
		ASSERT_NE(NULL, t);
		for (j = 0; j < ACC_SLOTS; j++) {
			pthread_mutex_init(&x->acc[j].lock, NULL);
			x->acc[j].a_closed = true;
			ASSERT_NE(NULL, x->acc[j].op = op_new(t, 16 + 2 * AREA + 64));
		}
		for (j = 0; j < CONN_SLOTS; j++) {
			x->conn[j].ep.s = INVALID_SOCKET;
			ASSERT_NE(NULL, x->conn[j].op = op_new(t, 64));
		}
	}
	for (i = 0; i < CHURN_THREADS; i++) {
		char name[16];

		snprintf(name, sizeof(name), "churn%d", i);
		churns[i].v6 = v6;
		t = spawn_later(churn_main, &churns[i], name);
		ASSERT_NE(NULL, t);
		for (j = 0; j < CHURN_OPS; j++)
			ASSERT_NE(NULL, churns[i].ops[j] = op_new(t, 65536 + 64));
	}
	ASSERT_NE(NULL, spawn_later(cancel_main, NULL, "canceller"));
	ASSERT_NE(NULL, spawn_later(closer_main, NULL, "closer"));
	atomic_store(&churn_running, CHURN_THREADS);

	start = now_ms();
	for (i = 0; i < nthr_fns; i++) {
		ASSERT_EQ(0, pthread_create(&thr_fns[i].t->pt, NULL, thr_fns[i].fn, thr_fns[i].t));
		thr_fns[i].t->started = true;
	}

	/* The stress phase; a thread that stops showing life is reported. */
	end = start + (long)(duration_s * 1000);
	while (now_ms() < end) {
		SleepEx(50, FALSE);
		for (i = 0; i < nthr_fns; i++) {
			t = thr_fns[i].t;
			if (!atomic_load(&t->finished) && now_ms() - atomic_load(&t->beat) > HANG_MS) {
				failf("thread %s made no progress for %ld ms: %s", t->name,
				      now_ms() - atomic_load(&t->beat), atomic_load(&t->doing));
				atomic_store(&t->beat, now_ms());
			}
		}
	}
	atomic_store(&stop, true);
	fprintf(stderr, "# ovstress: stress phase over after %ld ms\n", now_ms() - start);

	/* Each thread finishes its part (streams to their end, and so on). */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 4 * HANG_MS / 1000;
	for (i = 0; i < nthr_fns; i++) {
		t = thr_fns[i].t;
		if (pthread_timedjoin_np(t->pt, NULL, &ts)) {
			failf("thread %s did not finish: %s", t->name, atomic_load(&t->doing));
			stuck = true;
		}
	}
	fprintf(stderr, "# ovstress: threads done after %ld ms\n", now_ms() - start);
	if (stuck) {
		print_stats(now_ms() - start);
		ASSERT_FALSE(stuck) TH_LOG("threads hung; not cleaning up");
	}

	/* Everything is closed; whatever still pends must end now. */
	for (i = 0; i < nstream_eps; i++)
		ep_close(stream_eps[i]);
	for (i = 0; i < ndgram_eps; i++)
		ep_close(dgram_eps[i]);
	deadline = now_ms() + HANG_MS;
	for (op = all_ops; op; op = op->all_next)
		if (atomic_load(&op->state) == S_PENDING)
			op->orphan = true;	/* its thread has exited */
	for (;;) {
		bool busy = false;

		for (op = all_ops; op; op = op->all_next)
			busy |= atomic_load(&op->state) == S_PENDING && !op_poll(op);
		if (!busy || now_ms() > deadline)
			break;
		SleepEx(TICK_MS, TRUE);
	}
	SleepEx(50, TRUE);
	for (op = all_ops; op; op = op->all_next) {
		char d[256];
		int state = atomic_load(&op->state);

		if (state == S_PENDING || state == S_SUBMIT)
			failf("%s: never completed, though everything was closed",
			      op_desc(op, d, sizeof(d)));
		else
			op_check_quiet(op);
	}
	print_stats(now_ms() - start);
	for (op = all_ops; op; op = next) {
		next = op->all_next;
		WSACloseEvent(op->ev);
		free(op->buf);
		free(op);
	}
	all_ops = NULL;

	if (can_lim && limits_check_settled(whybuf, sizeof(whybuf)))
		failf("after everything was closed: %s", whybuf);
	fprintf(stderr, "# ovstress: counts checked after %ld ms\n", now_ms() - start);
	WSACleanup();
	ASSERT_EQ(0, atomic_load(&nfail)) TH_LOG("%d invariant failures", atomic_load(&nfail));
}

/*
 * AcceptEx against closesocket of its accept socket from another thread at
 * any moment, even while AcceptEx is being called: the call either fails
 * (and nothing completes: no event, Internal unchanged) or pends and then
 * completes exactly once. The process creates no descriptor during the
 * race, so the accept socket's number names nothing else.
 */
#define RACE_ROUNDS	400

struct race {
	SOCKET l;
	struct sockaddr_storage laddr;
	int llen;
	_Atomic SOCKET a;
	atomic_int phase;	/* 1: a published, 2: closed, 3: AcceptEx returned */
	atomic_int delay;
	atomic_int round;
	SOCKET spare[4];	/* connections that end an AcceptEx stuck in accept(2) */
	int nspare;
};

static void *race_closer(void *arg)
{
	struct race *r = arg;
	volatile int spin;
	long deadline;
	int n;

	while (atomic_load(&r->phase) >= 0) {
		if (atomic_load(&r->phase) != 1) {
			sched_yield();
			continue;
		}
		n = atomic_load(&r->delay);
		for (spin = 0; spin < n; spin++)
			;
		closesocket(atomic_load(&r->a));
		atomic_store(&r->phase, 2);
		/* Watch the AcceptEx call: it must return. */
		deadline = now_ms() + HANG_MS / 4;
		while (atomic_load(&r->phase) == 2 && now_ms() < deadline)
			sched_yield();
		if (atomic_load(&r->phase) == 2) {
			failf("race round %d: AcceptEx has not returned after %d ms "
			      "(blocked in the accept(2) that arms it?)",
			      atomic_load(&r->round), HANG_MS / 4);
			if (r->nspare)
				connect(r->spare[--r->nspare], (struct sockaddr *)&r->laddr,
					r->llen);
		}
		while (atomic_load(&r->phase) == 2)
			sched_yield();
	}
	return NULL;
}

TEST_F_TIMEOUT(ovstress, accept_close_race, 120)
{
	const char *why = ws_unavailable(AF_INET);
	static SOCKET clients[RACE_ROUNDS];
	struct race r = { .l = INVALID_SOCKET };
	long outcome[4] = { 0 }, end, delay = 2000;
	char buf[16 + 2 * AREA];
	OVERLAPPED ov;
	WSAEVENT ev;
	pthread_t pt;
	DWORD n;
	int i, rounds, err, next_client = 0;
	BOOL ok;

	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	r.l = ws_bound(_metadata, AF_INET, SOCK_STREAM, &r.laddr, &r.llen);
	ASSERT_EQ(0, listen(r.l, RACE_ROUNDS));
	ev = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, ev);
	/* Every descriptor of the race is made before it. */
	for (i = 0; i < RACE_ROUNDS; i++) {
		clients[i] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
		ASSERT_NE(INVALID_SOCKET, clients[i]);
	}
	for (r.nspare = 0; r.nspare < 4; r.nspare++) {
		r.spare[r.nspare] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
		ASSERT_NE(INVALID_SOCKET, r.spare[r.nspare]);
	}
	atomic_store(&r.phase, 0);
	ASSERT_EQ(0, pthread_create(&pt, NULL, race_closer, &r));

	end = now_ms() + (long)(duration_s * 1000 / 2);
	for (rounds = 0; rounds < RACE_ROUNDS && (rounds < 20 || now_ms() < end); rounds++) {
		SOCKET a = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

		ASSERT_NE(INVALID_SOCKET, a);
		/* A connection is often waiting, so an early accept finds one. */
		if (rounds % 2 && next_client < RACE_ROUNDS)
			ASSERT_EQ(0, connect(clients[next_client++], (struct sockaddr *)&r.laddr,
					     r.llen));
		memset(&ov, 0, sizeof(ov));
		ov.Internal = OV_FRESH;
		ov.hEvent = ev;
		WSAResetEvent(ev);
		atomic_store(&r.a, a);
		/* Around the moment AcceptEx is in: jitter on an adapted delay. */
		atomic_store(&r.delay, delay / 2 + (int)(mix(rounds) % (delay + 1)));
		atomic_store(&r.round, rounds);
		atomic_store(&r.phase, 1);
		ok = AcceptEx(r.l, a, buf, 0, AREA, AREA, &n, &ov);
		err = WSAGetLastError();
		while (atomic_load(&r.phase) != 2)
			sched_yield();
		atomic_store(&r.phase, 3);
		/* Closed too late: sooner next time; too early: later. */
		if (!ok && err == ERROR_IO_PENDING)
			delay = delay * 3 / 4;
		else if (!ok && err == WSAENOTSOCK)
			delay = delay * 5 / 4 + 16;
		if (!ok && err == ERROR_IO_PENDING) {
			outcome[0]++;
			if (WSAWaitForMultipleEvents(1, &ev, FALSE, HANG_MS, FALSE) != WSA_WAIT_EVENT_0) {
				failf("race round %d: AcceptEx pended and never completed "
				      "(Internal %#lx)", rounds, (unsigned long)ov.Internal);
				break;
			}
			if (ov.Internal != ST_CANCELLED && ov.Internal != ST_SUCCESS)
				failf("race round %d: AcceptEx completed with %#lx", rounds,
				      (unsigned long)ov.Internal);
		} else if (!ok) {
			outcome[err == WSAENOTSOCK ? 1 : 2]++;
			/* Let the listener's worker run: nothing may complete. */
			if (WSAWaitForMultipleEvents(1, &ev, FALSE, 20, FALSE) == WSA_WAIT_EVENT_0 ||
			    (ov.Internal != OV_FRESH && (DWORD)ov.Internal != STATUS_PENDING))
				failf("race round %d: AcceptEx failed at once with error %d, "
				      "and yet completed: Internal %#lx, event %s", rounds, err,
				      (unsigned long)ov.Internal,
				      ev_is_set(ev) ? "set" : "not set");
		} else {
			outcome[3]++;
			failf("race round %d: AcceptEx succeeded at once", rounds);
		}
		atomic_store(&r.phase, 0);
	}
	atomic_store(&r.phase, -1);
	pthread_join(pt, NULL);
	fprintf(stderr, "# ovstress: accept_close_race: %d rounds: %ld pended, %ld WSAENOTSOCK, "
		"%ld other errors (closer's delay at the end: %ld)\n", rounds, outcome[0],
		outcome[1], outcome[2], delay);
	for (i = 0; i < RACE_ROUNDS; i++)
		closesocket(clients[i]);
	for (i = 0; i < r.nspare; i++)
		closesocket(r.spare[i]);
	closesocket(r.l);
	WSACloseEvent(ev);
	WSACleanup();
	ASSERT_EQ(0, atomic_load(&nfail));
}

int main(int argc, char **argv)
{
	struct __fixture_metadata *f;
	struct __test_metadata *t;
	int i, j;

	/* --duration=SECONDS (or --duration SECONDS), then the harness's options. */
	for (i = j = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--duration=", 11))
			duration_s = atof(argv[i] + 11);
		else if (!strcmp(argv[i], "--duration") && i + 1 < argc)
			duration_s = atof(argv[++i]);
		else
			argv[j++] = argv[i];
	}
	argv[j] = NULL;
	if (!(duration_s > 0) || duration_s > 86400) {
		fprintf(stderr, "usage: %s [--duration=SECONDS] [harness options]\n", argv[0]);
		return KSFT_FAIL;
	}
	/* The harness's timeout grows with the duration. */
	for (f = __fixture_list; f; f = f->next)
		for (t = f->tests; t; t = t->next)
			t->timeout += (int)duration_s;
	return test_harness_run(j, argv);
}

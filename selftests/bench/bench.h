/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ws_bench: the interface between its translation units.
 *
 * The Winsock side (bench_ws.c, libws's <winsock2.h>), the raw-ABI side
 * (bench_raw.c, <linux/ws.h> and glibc) and the native side (bench_native.c,
 * glibc and epoll) cannot share one file: winsock2.h gives socket, send,
 * recv, fd_set, select, ... their Winsock meanings. So this header uses no
 * socket type at all: connections are described by plain ints, and each side
 * exports a few functions of the same shapes, which bench_main.c times and
 * compares.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

/* The message size of every ping-pong. */
#define BENCH_MSG		64
/* Connections served by one wait loop (WSA_MAXIMUM_WAIT_EVENTS). */
#define BENCH_CONNS		64
/* Receivers of section k's fan-out. */
#define BENCH_FANOUT		64
/* Round trips a server loop makes before it starts timing. */
#define BENCH_SERVER_WARMUP	(4 * BENCH_CONNS)
/* Bulk transfer: the size of one send, and of one receive. */
#define BENCH_BULK_CHUNK	(64 * 1024)
/* Overlapped receives a bulk receiver keeps posted. */
#define BENCH_BULK_DEPTH	4
/* Bytes a bulk receiver takes before it starts timing. */
#define BENCH_BULK_WARMUP	(16 * BENCH_BULK_CHUNK)

/* A failure: message on stderr, returns -1. */
int bench_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t bench_now_ns(void);

/*
 * One measured loop. Sides fill it: rounds is the number of round trips
 * (a message out and its echo back) completed in ns nanoseconds; for a
 * bulk transfer, the number of bytes received.
 */
struct bench_run {
	uint64_t	rounds;
	uint64_t	ns;
	/* Server loops: round trips of the least and most served connection. */
	uint64_t	min_conn;
	uint64_t	max_conn;
	/*
	 * Servers with worker threads (sections g, h), over the measured
	 * requests, summed over the workers: the waits (epoll_wait,
	 * GetQueuedCompletionStatus(Ex)), the events or packets they
	 * returned, the I/O calls (recv and send, WSARecv and WSASend), and,
	 * when counted, all their system calls.
	 */
	uint64_t	waits;
	uint64_t	items;
	uint64_t	io;
	uint64_t	syscalls;
	/*
	 * The same servers: the CPU time of the workers and of the process's
	 * other threads (the clients' thread, and the measuring one, asleep),
	 * and how often each went to sleep (voluntary context switches).
	 */
	uint64_t	wcpu_ns;
	uint64_t	ocpu_ns;
	uint64_t	wsleeps;
	uint64_t	osleeps;
};

/*
 * Ping-pong of BENCH_MSG bytes between the two ends of one loopback TCP
 * connection, in the calling thread, for about @ns after @warmup round trips.
 * Return: 0, or -1 after printing why.
 */
typedef int (*bench_pingpong_fn)(uint64_t ns, unsigned int warmup,
				 struct bench_run *out);

/*
 * A server loop over BENCH_CONNS connections, for about @ns; the clients are
 * native sockets driven by a thread of bench_native.c (bench_clients_*), the
 * same for every side, so that only the server differs.
 */
typedef int (*bench_server_fn)(uint64_t ns, struct bench_run *out);

/*
 * Bulk transfer over one loopback TCP connection for about @ns: a native
 * sender thread (bench_sender_*, the same for every side) sends
 * BENCH_BULK_CHUNK-byte buffers as fast as it can; the side receives.
 * out->rounds: the bytes received in out->ns, after BENCH_BULK_WARMUP.
 */
typedef int (*bench_bulk_fn)(uint64_t ns, struct bench_run *out);

/*
 * System calls per overlapped operation (section f). The counter counts the
 * calling thread's system calls (the raw_syscalls:sys_enter tracepoint,
 * through perf_event_open); bench_sc_begin() and bench_sc_end() bracket
 * what is counted, and bench_sc_end() returns the system calls made in
 * between, its own and bench_sc_begin()'s taken out.
 */
int bench_sc_available(void);
uint64_t bench_sc_begin(void);
uint64_t bench_sc_end(uint64_t begin);

/*
 * Another thread's part in a counted operation (the peer's send that
 * completes a pending receive): bench_later() has a helper thread run
 * @fn(@arg) about a millisecond later, while the calling thread waits in
 * the counted call; bench_later_done() waits for it and returns what @fn
 * returned (0, or -1 after printing why). The helper's system calls are
 * not counted.
 */
int bench_later(int (*fn)(void *arg), void *arg);
int bench_later_done(void);

/*
 * A line of section f: @ops operations, with the system calls they made
 * starting (natively: trying) them and collecting their results, summed.
 * The sides' *_syscalls(ops, lines, max) fill up to @max lines, each of
 * @ops operations. Return: the number of lines, or -1 after printing why.
 */
struct bench_sc_line {
	const char	*op;		/* the operation and its case */
	const char	*collect;	/* how the result is collected */
	unsigned int	ops;
	uint64_t	submit;
	uint64_t	complete;
};

/*
 * Servers with BENCH_WORKERS worker threads (sections g and h): the side
 * accepts BENCH_CONNS connections from the native clients
 * (bench_clients_*), starts its workers, each of which calls
 * bench_mt_worker_start() first and then serves, adding to its struct
 * bench_worker; then bench_mt_measure(), in the calling thread, waits for
 * the warm-up and measures about @ns while the workers serve; then the side
 * stops its workers and calls bench_mt_close(). A request: a message
 * received whole and its echo sent (and, for an overlapped send, completed).
 */
#define BENCH_WORKERS		2

struct bench_worker {
	uint64_t	waits;		/* see struct bench_run */
	uint64_t	items;
	uint64_t	io;
	uint64_t	done;		/* requests */
	uint64_t	count[BENCH_CONNS];	/* requests per connection */
	int		sc_fd;		/* its system call counter, or -1 */
	int		tid;
	int		ready;		/* started (and its counter open) */
	int		err;		/* it failed (and said why) */
} __attribute__((aligned(64)));

struct bench_mt {
	struct bench_worker	w[BENCH_WORKERS];
	int			count_sc;	/* count the workers' system calls */
};

/*
 * Server with workers: @count_sc asks for the workers' system calls to be
 * counted (section h; out->syscalls), which slows every system call a
 * little, so section g's runs do not.
 */
typedef int (*bench_mt_server_fn)(uint64_t ns, int count_sc, struct bench_run *out);

void bench_mt_init(struct bench_mt *m, int count_sc);
/* In worker @i, first: opens its counter if asked. Return: 0, or -1 (said why). */
int bench_mt_worker_start(struct bench_mt *m, int i);
/*
 * A worker counts in its own struct bench_worker, which only it writes,
 * and bench_mt_measure() reads meanwhile: no locked instruction needed.
 */
static inline void bench_mt_add(uint64_t *v, uint64_t n)
{
	__atomic_store_n(v, __atomic_load_n(v, __ATOMIC_RELAXED) + n, __ATOMIC_RELAXED);
}
static inline void bench_mt_request(struct bench_worker *w, int conn)
{
	bench_mt_add(&w->count[conn], 1);
	bench_mt_add(&w->done, 1);
}
/*
 * Wait until every worker started and BENCH_SERVER_WARMUP requests were
 * served, then measure about @ns. Return: 0, or -1 after printing why (a
 * worker failed, or nothing happened for two seconds).
 */
int bench_mt_measure(struct bench_mt *m, uint64_t ns, struct bench_run *out);
/* After the workers were joined: closes their counters. */
void bench_mt_close(struct bench_mt *m);
/* 0, or -1 if a worker failed. */
int bench_mt_failed(struct bench_mt *m);

/*
 * Kernel-memory probe: create @n connected loopback TCP connections (both
 * ends of each of the side's kind), keep them open, return a handle; the
 * caller measures, then calls the close function.
 * Return: the handle, or NULL after printing why.
 */
typedef void *(*bench_mem_open_fn)(unsigned int n);
typedef void (*bench_mem_close_fn)(void *handle);

/* bench_native.c: glibc sockets and epoll. */
int bench_native_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out);
int bench_native_server(uint64_t ns, struct bench_run *out);
int bench_native_bulk(uint64_t ns, struct bench_run *out);
int bench_native_syscalls(unsigned int ops, struct bench_sc_line *lines, int max);
/* Section g: each worker its own epoll set over half the connections. */
int bench_native_mt_server(uint64_t ns, int count_sc, struct bench_run *out);
/* Section g: both workers waiting on one epoll set, edge-triggered. */
int bench_native_mt_shared_server(uint64_t ns, int count_sc, struct bench_run *out);
void *bench_native_mem_open(unsigned int n);
void bench_native_mem_close(void *handle);

/*
 * The clients of a server loop: BENCH_CONNS native TCP sockets connected to
 * 127.0.0.1:@port (network byte order), driven by their own thread once
 * started: each sends a message, reads the echo in full, sends the next,
 * until stopped.
 */
struct bench_clients;
struct bench_clients *bench_clients_connect(uint16_t port_be);
int bench_clients_start(struct bench_clients *c);
/* Stops and joins the thread, closes the sockets. Return: 0, or -1 if the
 * client thread failed (it printed why). */
int bench_clients_finish(struct bench_clients *c);

/*
 * The sender of a bulk transfer: a native TCP socket connected to
 * 127.0.0.1:@port (network byte order), then a thread that sends
 * BENCH_BULK_CHUNK bytes at a time, blocking, until stopped.
 */
struct bench_sender;
struct bench_sender *bench_sender_connect(uint16_t port_be);
int bench_sender_start(struct bench_sender *snd);
/* Stops (shuts its socket down) and joins the thread, closes the socket.
 * Return: 0, or -1 if the sender failed before it was stopped. */
int bench_sender_finish(struct bench_sender *snd);

/* bench_raw.c: the ws family through its raw kernel ABI (uapi/linux/ws.h). */
int bench_raw_init(void);
#define MAX_RUNS	50	/* -r */
int bench_wake(uint64_t ns, int runs);	/* section i, bench_wake.c */
int bench_fanout(uint64_t ns, int runs);	/* section k, bench_fanout.c */
int bench_raw_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out);
int bench_raw_server(uint64_t ns, struct bench_run *out);
void *bench_raw_mem_open(unsigned int n);		/* with an event selected */
void *bench_raw_mem_open_noevent(unsigned int n);	/* without */
void bench_raw_mem_close(void *handle);
int bench_raw_ov_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out);
int bench_raw_ov_bulk(uint64_t ns, struct bench_run *out);

/*
 * bench_ws.c: the Winsock API of libws. bench_wsa_available() is 0 when libws
 * was built without its event functions (WSACreateEvent, WSAEventSelect,
 * WSAEnumNetworkEvents, WSAWaitForMultipleEvents, WSACloseEvent); the
 * Winsock lines are then reported as not measured.
 */
int bench_wsa_available(void);
int bench_wsa_init(void);
int bench_wsa_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out);
int bench_wsa_server(uint64_t ns, struct bench_run *out);

/*
 * WSAAsyncSelect through libws (section j): the server of
 * bench_wsa_server() with each connection selected with
 * WSAAsyncSelect(FD_READ | FD_CLOSE) on a message-only window, served by a
 * GetMessage loop and the window's procedure. bench_wsa_async_available()
 * is 0 when libws lacks WSAAsyncSelect or the window functions.
 */
int bench_wsa_async_available(void);
int bench_wsa_async_server(uint64_t ns, struct bench_run *out);

/*
 * Overlapped I/O through libws (WSARecv, WSASend with a WSAOVERLAPPED whose
 * hEvent is set on completion, WSAWaitForMultipleEvents,
 * WSAGetOverlappedResult). bench_wsa_ov_available() is 0 when libws lacks
 * WSAGetOverlappedResult or the event functions.
 */
int bench_wsa_ov_available(void);
int bench_wsa_ov_pingpong(uint64_t ns, unsigned int warmup, struct bench_run *out);
int bench_wsa_ov_bulk(uint64_t ns, struct bench_run *out);
int bench_wsa_ov_syscalls(unsigned int ops, struct bench_sc_line *lines, int max);

/*
 * Completion ports through libws (section g): the sockets associated with
 * one port, overlapped WSARecv and WSASend reposted per completion, worker
 * threads dequeuing with GetQueuedCompletionStatus, with
 * GetQueuedCompletionStatusEx, or with GetQueuedCompletionStatusEx and
 * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS. bench_wsa_iocp_available() is 0
 * when libws has no completion ports.
 */
int bench_wsa_iocp_available(void);
int bench_wsa_iocp_server(uint64_t ns, int count_sc, struct bench_run *out);
int bench_wsa_iocp_ex_server(uint64_t ns, int count_sc, struct bench_run *out);
int bench_wsa_iocp_skip_server(uint64_t ns, int count_sc, struct bench_run *out);

#endif /* BENCH_H */

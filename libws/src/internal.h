/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libws internals shared by every source file.
 *
 * libws has two kinds of source files that never meet:
 *  - the Winsock side (startup.c, socket.c, select.c, addr.c, netdb.c,
 *    event.c, netevent.c, window.c, ioctl.c, catalog.c, multipoint.c)
 *    includes <winsock2.h> and implements the exported API;
 *  - the Linux side (sys.c, wsdev.c, resolve.c, addrtext.c, errmap.c,
 *    table.c, tls.c, netif.c) includes glibc's socket headers and the
 *    uapi header.
 * This header is the only one both include: it uses no socket type of
 * either world, only integers, byte arrays and the wsl_* mirror structs of
 * layout.h.
 *
 * Error convention: internal functions return a negative number on failure,
 * either -errno (from the kernel or glibc) or -WSAxxx for the conditions
 * only Winsock has (not initialised, not a socket of this library, ...).
 * Every exported function converts once, with ws_fail().
 */
#ifndef LIBWS_INTERNAL_H
#define LIBWS_INTERNAL_H

#include <limits.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <winerror.h>

#define LIBWS_EXPORT	__attribute__((visibility("default")))
/* A variable of libws that other source files read directly. */
#define LIBWS_HIDDEN	__attribute__((visibility("hidden")))

/*
 * An exported function that libws also calls itself is defined as a static
 * function and exported as an alias of it: libws's own calls go straight
 * to the static one, not through the PLT, so a program that defines a
 * function of the same name (its own SleepEx, say) does not take over
 * libws's Sleep. The A and W forms of a function are aliases of one.
 */
#define WS_EXPORT_ALIAS(name, impl)					\
	extern __typeof__(impl) name					\
		__attribute__((alias(#impl), visibility("default")))

/* Network byte order, without the exported htonl & co. (see above). */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define ws_net32(v)	((uint32_t)(v))
#define ws_net16(v)	((uint16_t)(v))
#else
#define ws_net32(v)	__builtin_bswap32((uint32_t)(v))
#define ws_net16(v)	__builtin_bswap16((uint16_t)(v))
#endif

/* errmap.c: the one errno -> WSA table, and the name resolution codes. */
int ws_errno_to_wsa(int err);
int ws_so_error_to_wsa(int val);
int ws_eai_to_wsa(int eai, int err);
int ws_herrno_to_wsa(int herr, int err);
int ws_code_to_wsa(int neg);
uint32_t ws_select_reply(uint64_t lparam);

/*
 * tls.c: the per-thread error and buffers. The error is set by nearly
 * every call, so its accessors are inline.
 */
extern LIBWS_HIDDEN __thread int ws_last_error;

static inline void ws_set_error(int wsa)
{
	ws_last_error = wsa;
}

static inline int ws_get_error(void)
{
	return ws_last_error;
}

enum ws_tls_buf {
	WS_TLS_HOSTENT,
	WS_TLS_SERVENT,
	WS_TLS_PROTOENT,
	WS_TLS_NTOA,
	WS_TLS_NBUF
};
void *ws_tls_buffer(enum ws_tls_buf which, size_t size);
/* The thread's eventfd for wake-ups (see table.c), closed at thread exit. */
int ws_tls_wake_fd(void);
void ws_tls_fork_child(void);

/* Sets the thread's WSA error from an internal failure; returns -1. */
static inline int ws_fail(int neg)
{
	ws_set_error(ws_code_to_wsa(neg));
	return -1;
}

/*
 * startup.c. Every entry point checks WSAStartup first: ws_started() is
 * inline, a load of the flag startup.c keeps.
 */
extern LIBWS_HIDDEN atomic_int ws_active;	/* WSAStartup's count > 0 */

static inline int ws_started(void)
{
	return atomic_load_explicit(&ws_active, memory_order_acquire);
}

int ws_family(void);

/*
 * window.c: WSAAsyncSelect's part that needs the window: the socket @fd
 * posts @message to the queue of @hwnd's thread.
 * Return: 0, -WSAEINVAL if @hwnd is not a window, -errno.
 */
int ws_window_async_select(int fd, uintptr_t hwnd, uint32_t message,
			   uint32_t mask);

/*
 * event.c: runs the calling thread's queued APCs (an alertable wait ended
 * with WSDEV_WAIT_APC). An APC is { func, args[3] }; args[2] is its kind:
 * WSL_APC_USER, a QueueUserAPC routine called as func(args[0]); or
 * WSL_APC_IO, an overlapped operation's completion routine
 * (ws_run_io_apc).
 */
void ws_run_apcs(void);
/* WaitForSingleObjectEx, for libws's own use. */
uint32_t ws_wait_one(uintptr_t handle, uint32_t ms, int alertable);

/*
 * table.c: the SOCKETs libws created in this process, indexed by file
 * descriptor, with the identity of each one's file, the fork generation
 * that created it and the threads of this process blocked on it. Reads
 * are lock-free; an entry is 0 for a descriptor that is not a ws socket.
 */
#define WS_ENT_USED		0x01	/* a ws socket */
#define WS_ENT_INET6		0x02	/* AF_INET6 (else AF_INET) */
#define WS_ENT_STREAM		0x04	/* SOCK_STREAM (else SOCK_DGRAM) */
#define WS_ENT_NONBLOCK		0x08	/* FIONBIO set */
#define WS_ENT_CLOEXEC		0x10	/* WSA_FLAG_NO_HANDLE_INHERIT */
#define WS_ENT_CONNECTING	0x20	/* nonblocking connect under way */
#define WS_ENT_CONNFAILED	0x40	/* the last connect attempt failed */
#define WS_ENT_ASYNC		0x80	/* its kernel id is in the id map */
#define WS_ENT_SYNC		0x100	/* WSASocket without WSA_FLAG_OVERLAPPED */
#define WS_ENT_ACCEPTING	0x200	/* the target of an AcceptEx (mswsock.c) */
#define WS_ENT_LISTENING	0x400	/* listen() succeeded through libws */
#define WS_ENT_SHARED		0x800	/* duplicated or claimed (dup.c) */
#define WS_ENT_ROOTED		0x1000	/* SOCK_SEQPACKET: rooted multipoint */
#define WS_ENT_C_ROOT		0x2000	/* ... created as c_root */
#define WS_TABLE_MAX_FD		(1 << 22)

/*
 * The table's layout (table.c), here for ws_table_get(), which every call
 * on a SOCKET makes: chunks of entries, a chunk pointer NULL until a
 * descriptor in its range is used.
 */
#define WS_TABLE_CHUNK_BITS	12
#define WS_TABLE_CHUNK_SIZE	(1u << WS_TABLE_CHUNK_BITS)
#define WS_TABLE_NCHUNKS	(WS_TABLE_MAX_FD >> WS_TABLE_CHUNK_BITS)

struct ws_entry {
	_Atomic uint32_t	flags;		/* WS_ENT_*; 0: none */
	_Atomic uint32_t	gen;		/* proc_gen that created it */
	_Atomic uint64_t	busy;		/* gen << 32 | blocked threads */
	_Atomic uint64_t	dev;		/* st_dev of its file */
	_Atomic uint64_t	ino;		/* st_ino of its file */
};

extern LIBWS_HIDDEN struct ws_entry *_Atomic ws_table_chunks[WS_TABLE_NCHUNKS];

/**
 * ws_table_get() - the entry of a descriptor
 * @fd: any integer
 *
 * Lock-free: the chunk pointer and the flags are loaded with acquire
 * ordering (see table.c).
 *
 * Return: the WS_ENT_* flags of @fd, 0 if it is not a ws socket of libws.
 */
static inline unsigned int ws_table_get(int fd)
{
	struct ws_entry *chunk;

	if (fd < 0 || fd >= WS_TABLE_MAX_FD)
		return 0;
	chunk = atomic_load_explicit(&ws_table_chunks[fd >> WS_TABLE_CHUNK_BITS],
				     memory_order_acquire);
	if (!chunk)
		return 0;
	return atomic_load_explicit(&chunk[fd & (WS_TABLE_CHUNK_SIZE - 1)].flags,
				    memory_order_acquire);
}

/*
 * mswsock.c: an AcceptEx's accept socket (WS_ENT_ACCEPTING) becomes the
 * connection it accepted; its flags then.
 */
unsigned int ws_accept_collect(int fd);

/**
 * ws_sock_fd() - the descriptor of a SOCKET
 * @s: the SOCKET (a uintptr_t here)
 * @flags: its table entry (WS_ENT_*), may be NULL
 *
 * Checks WSAStartup first. Inline: every call on a SOCKET makes it.
 *
 * Return: the descriptor, -WSANOTINITIALISED or -WSAENOTSOCK.
 */
static inline int ws_sock_fd(uintptr_t s, unsigned int *flags)
{
	unsigned int f;

	if (!ws_started())
		return -WSANOTINITIALISED;
	if (s > INT_MAX)
		return -WSAENOTSOCK;
	f = ws_table_get((int)s);
	if (!f)
		return -WSAENOTSOCK;
	if (f & WS_ENT_ACCEPTING)
		f = ws_accept_collect((int)s);
	if (flags)
		*flags = f;
	return (int)s;
}

int ws_table_add(int fd, unsigned int flags);
void ws_table_set_bits(int fd, unsigned int bits);
int ws_table_refresh(int fd);
void ws_table_clear_bits(int fd, unsigned int bits);
int ws_table_verify(int fd);
unsigned int ws_table_remove(int fd);
void ws_table_cancel(int fd);
void ws_table_close_all(void);
int ws_table_inherited(int fd);

/*
 * Blocking calls (see table.c): a thread in a blocking call on a socket is
 * counted from ws_table_enter() to ws_table_leave(), so that closesocket
 * knows whether it has calls to cancel, and ws_table_closed() tells a call
 * cancelled by closesocket from one interrupted by a signal.
 */
int ws_table_enter(int fd, uint64_t *token);
void ws_table_leave(int fd);
int ws_table_closed(int fd, uint64_t token);
int ws_table_poll(int fd, uint64_t token, short events, int64_t timeout_ns);
int ws_table_poll_ex(int fd, uint64_t token, short events, int64_t timeout_ns,
		     int alertable);
struct wsys_pollfd;
struct ws_waiter {
	const struct wsys_pollfd	*pfd;
	unsigned int			n;
	int				efd;	/* the thread's wake-up eventfd */
	int				woken;	/* under the waiters' lock */
	struct ws_waiter		*next;
};
int ws_table_wait_begin(struct ws_waiter *w, const struct wsys_pollfd *pfd,
			unsigned int n);
void ws_table_wait_end(struct ws_waiter *w);

/*
 * fork(): each part with locks or per-process state has a handler, called
 * by startup.c's pthread_atfork handlers in this order (and in the reverse
 * order after the fork): startup.c's lock, the table, the windows, sys.c.
 */
enum ws_fork_phase {
	WS_FORK_PREPARE,
	WS_FORK_PARENT,
	WS_FORK_CHILD,
};
void ws_table_fork(enum ws_fork_phase phase);
void ws_window_fork(enum ws_fork_phase phase);
void wsys_fork(enum ws_fork_phase phase);

/*
 * The id map: the kernel id (WS_IOC_GET_ID) of each socket whose
 * WSAAsyncSelect messages may arrive, so that a message's wParam can be
 * turned back into the SOCKET. ws_ids_lock() is held while a socket is
 * registered, and by accept() on a listener that has WSAAsyncSelect from
 * accept(2) until the new socket is registered: a message from a socket
 * that exists is never looked up before its id is in the map.
 */
void ws_ids_lock(void);
void ws_ids_unlock(void);
int ws_table_set_id_locked(int fd, uint64_t id);
int ws_table_fd_of_id(uint64_t id);

/* sys.c: system calls on ws sockets; each returns >= 0 or -errno. */
int wsys_read_family(void);
int wsys_socket(int family, int type, int af, int protocol, int nonblock,
		int cloexec);
/* A socket with a multipoint role: WSL_MP_* bits (uapi WS_PROTOCOL_MP_*). */
#define WSL_MP_C_ROOT		0x01000000u
#define WSL_MP_C_LEAF		0x02000000u
#define WSL_MP_D_ROOT		0x04000000u
#define WSL_MP_D_LEAF		0x08000000u
/* With the n-th catalog entry of its af, type and protocol (uapi
 * WS_PROTOCOL_ENTRY), 1 to WSL_PROTOCOL_ENTRY_MAX. */
#define WSL_PROTOCOL_ENTRY(n)	((uint32_t)(n) << 28)
#define WSL_PROTOCOL_ENTRY_MAX	15
/* @role: WSL_MP_* and WSL_PROTOCOL_ENTRY bits. */
int wsys_socket_mp(int family, int type, int af, int protocol, uint32_t role,
		   int cloexec);
/* WSAJoinLeaf (uapi WS_IOC_JOIN_LEAF); @addr is a Winsock sockaddr. */
int wsys_join_leaf(int fd, const void *addr, int len, uint32_t flags);

/*
 * Rooted multipoint (uapi "Rooted multipoint"): WS_IOC_RT_JOIN (flags 0
 * drops the thread's registration; @root_fd -1 for a leaf's own join),
 * WS_IOC_RT_CONNDATA, WS_IOC_RT_PEEK (the join's leaf address in Winsock's
 * numbering) and WS_IOC_RT_VERDICT (WSL_CF_*).
 */
#define WSL_RT_MAX_CONNDATA	1024
#define WSL_RT_MAX_MSG		65536

struct wsl_rt_join_info {
	uint64_t	cookie;
	uint32_t	flags;		/* the leaf's JL_* */
	uint32_t	caller_len;	/* the whole caller data's length */
	int		peer_len;
	unsigned char	peer[28];
	int		local_len;	/* the root's side of the connection */
	unsigned char	local[28];
};

/* socket.c: WSAJoinLeaf's join of a rooted leaf (see there). */
int ws_rt_join_connect(int fd, unsigned int ent, const void *name,
		       int namelen, uint32_t jl, const void *caller,
		       uint32_t caller_len, int root_fd);

int wsys_rt_register(int fd, uint32_t flags, const void *caller,
		     uint32_t caller_len, int root_fd);
int wsys_rt_conndata(int fd, void *buf, uint32_t max, uint32_t *len);
int wsys_rt_peek(int fd, struct wsl_rt_join_info *out, void *caller,
		 uint32_t caller_max);
int wsys_rt_verdict(int fd, uint64_t cookie, int verdict, const void *callee,
		    uint32_t callee_len);

/*
 * The protocol catalog: uapi's struct ws_protocol_info under another name
 * (sys.c asserts the layout). wsys_protocols() copies at most @max entries
 * of the module's catalog to @out and returns how many it has (0 when the
 * module is not loaded: no provider, no protocol); it asks /dev/ws, or a
 * socket of its own when the device cannot be opened. wsys_protocol_info()
 * reads the entry of socket @fd (SO_PROTOCOL_INFO).
 */
#define WSL_MAX_PROTOCOL_CHAIN	7
#define WSL_PROTOCOL_NAME_LEN	64

struct wsl_guid {
	uint32_t	data1;
	uint16_t	data2;
	uint16_t	data3;
	uint8_t		data4[8];
};

struct wsl_protocol_info {
	uint32_t	service_flags[4];
	uint32_t	provider_flags;
	struct wsl_guid	provider_id;
	uint32_t	catalog_entry_id;
	int32_t		chain_len;
	uint32_t	chain_entries[WSL_MAX_PROTOCOL_CHAIN];
	int32_t		version;
	int32_t		address_family;
	int32_t		max_sockaddr;
	int32_t		min_sockaddr;
	int32_t		socket_type;
	int32_t		protocol;
	int32_t		protocol_max_offset;
	int32_t		network_byte_order;
	int32_t		security_scheme;
	uint32_t	message_size;
	uint32_t	provider_reserved;
	char		name[WSL_PROTOCOL_NAME_LEN];
};

int wsys_protocols(struct wsl_protocol_info *out, unsigned int max);
int wsys_mp_role(int fd);
int wsys_protocol_info(int fd, struct wsl_protocol_info *out);
int wsys_bind(int fd, const void *addr, int len);
int wsys_connect(int fd, const void *addr, int len);
int wsys_listen(int fd, int backlog);
int wsys_accept(int fd, void *addr, int *len, int nonblock, int cloexec);

/*
 * WSAAccept's conditional accept (uapi "Conditional accept"): a connection
 * claimed for the calling thread, its addresses in Winsock's numbering.
 */
struct wsl_accept_cond {
	int		cloexec;	/* in: for fd */
	int		fd;		/* out: >= 0: accepted, no condition */
	uint64_t	cookie;
	int		peer_len;	/* 0: not known */
	int		local_len;
	unsigned char	peer[28];
	unsigned char	local[28];
};

#define WSL_CF_ACCEPT		0
#define WSL_CF_REJECT		1
#define WSL_CF_DEFER		2

int wsys_accept_cond(int fd, struct wsl_accept_cond *out);
int wsys_accept_verdict(int fd, uint64_t cookie, int verdict, int cloexec);
ssize_t wsys_send(int fd, const void *buf, size_t len, int flags,
		  const void *to, int tolen);
ssize_t wsys_recv(int fd, void *buf, size_t len, int flags, void *from,
		  int *fromlen);
int wsys_shutdown(int fd, int how);
int wsys_getsockopt(int fd, int level, int name, void *val, int *len);
int wsys_setsockopt(int fd, int level, int name, const void *val, int len);
/* What a negative Winsock optlen becomes: above WS_OPTLEN_MAX (uapi). */
#define WSL_OPTLEN_HUGE		INT_MAX
/* ws's own option level and SIO_UDP_CONNRESET's option (uapi WS_SOL_WS). */
#define WSL_SOL_WS		0x7773
#define WSL_WSO_UDP_CONNRESET	1
#define WSL_WSO_IDEAL_SEND_BACKLOG 2
int wsys_getsockname(int fd, void *addr, int *len);
int wsys_getpeername(int fd, void *addr, int *len);
int wsys_set_nonblock(int fd, int on);
int wsys_cancel_blocking(int fd);
int wsys_get_id(int fd, uint64_t *id);
int wsys_event_select(int fd, int event_fd, uint32_t mask);
int wsys_async_select(int fd, int msgq_fd, uint32_t message, uint64_t hwnd,
		      uint32_t mask);
#define WSL_FD_MAX_EVENTS	10
int wsys_enum_events(int fd, int event_fd, uint32_t *events,
		     int32_t errors[WSL_FD_MAX_EVENTS]);
int wsys_nread(int fd, int *val);
int wsys_atmark(int fd, int *val);
int wsys_closecheck(int fd);
int wsys_close(int fd);
int wsys_gethostname(char *buf, size_t size);
int wsys_copy_in(void *dst, const void *src, size_t n);
int wsys_copy_out(void *dst, const void *src, size_t n);
/* Several copies in one system call: the caller's side may be bad. */
struct wsys_span {
	void		*dst;
	const void	*src;
	size_t		len;
};
#define WSYS_SPANS_MAX	8
int wsys_copy_in_spans(const struct wsys_span *sp, unsigned int n);
int wsys_copy_out_spans(const struct wsys_span *sp, unsigned int n);
void wsys_copy_force_pipe(int on);	/* for the unit tests */

/* Threads and time. */
uint32_t wsys_gettid(void);
int wsys_thread_alive(uint32_t tid);
uint64_t wsys_now_ns(void);
int wsys_sleep_until(uint64_t deadline_ns);
#define WS_DEADLINE_INFINITE	UINT64_MAX

/**
 * ws_deadline_ms() - the deadline of a Win32 timeout
 * @now_ns: CLOCK_MONOTONIC now, in ns
 * @ms: the timeout in milliseconds; 0 polls, 0xffffffff (INFINITE) never
 *      ends
 *
 * Return: the absolute CLOCK_MONOTONIC deadline the kernel's waits take: 0
 * (in the past: a poll) for 0, WS_DEADLINE_INFINITE for INFINITE.
 */
static inline uint64_t ws_deadline_ms(uint64_t now_ns, uint32_t ms)
{
	if (ms == 0)
		return 0;
	if (ms == UINT32_MAX)
		return WS_DEADLINE_INFINITE;
	return now_ns + (uint64_t)ms * 1000000;
}

struct wsys_pollfd {
	int	fd;
	short	events;
	short	revents;
};
#define WSYS_POLLIN	0x0001
#define WSYS_POLLPRI	0x0002
#define WSYS_POLLOUT	0x0004
#define WSYS_POLLERR	0x0008
#define WSYS_POLLHUP	0x0010
#define WSYS_POLLNVAL	0x0020
#define WSYS_POLLRDHUP	0x2000
/* Waits at most timeout_ns (< 0: forever), restarting after signals. */
int wsys_poll(struct wsys_pollfd *fds, unsigned int n, int64_t timeout_ns);

/*
 * wsdev.c: the ws device (/dev/ws) and its objects: event objects, waits,
 * APC queues, message queues. Each returns >= 0 or -errno; -ENOENT (and
 * the like) when the module is not loaded.
 */
int wsdev_get(void);
void wsdev_fork_child(void);
int wsdev_event_create(int signaled, int auto_reset);
int wsdev_event_set(int fd, int on);
int wsdev_event_pulse(int fd);
int wsdev_event_read(int fd, int *signaled);
#define WSDEV_WAIT_ALL		0x1u
#define WSDEV_WAIT_ALERTABLE	0x2u
#define WSDEV_WAIT_APC		0xffffffffu
int wsdev_wait(const int32_t *fds, unsigned int n, unsigned int flags,
	       uint64_t deadline_ns, unsigned int *index);
int wsdev_queue_apc(uint32_t tid, uint64_t func, const uint64_t args[3]);
#define WSDEV_POLL_ALERTABLE	0x1u
#define WSDEV_POLL_LINUX	0x2u
#define WSDEV_POLL_WOKEN_FD	0x1u
#define WSDEV_POLL_WOKEN_APC	0x2u
#define WSDEV_MAX_POLL_FDS	65536
int wsdev_poll(struct wsys_pollfd *fds, unsigned int n, int wake_fd,
	       unsigned int flags, uint64_t deadline_ns, unsigned int *result);
/*
 * Is @err (wsdev_poll's) the device's poll being out of reach, where
 * poll(2) can wait instead: no /dev/ws or no permission on it, a module
 * without WS_IOC_POLL (ENOTTY), more entries than it takes (EINVAL)?
 */
int wsdev_poll_missing(int err);

/* Completion ports (uapi's struct ws_port_entry, under another name). */
struct wsl_port_entry {
	uint64_t	key;
	uint64_t	ov;
	uint64_t	bytes;
	uint32_t	status;
	uint32_t	pad;
};

#define WSL_PORT_MAX_BATCH	1024

int wsdev_port_create(uint32_t concurrency);
int wsdev_port_wait(int port, struct wsl_port_entry *ents, unsigned int max,
		    uint64_t deadline_ns, int alertable);
int wsdev_port_post(int port, const struct wsl_port_entry *e);
int wsdev_port_close(int port);
int wsys_associate(int fd, int port, uint64_t key);
int wsys_notify_modes(int fd, uint32_t modes);
int wsys_inherit_port(int fd, int from);
int wsdev_dequeue_apc(uint64_t *func, uint64_t args[3], uint32_t *tag);

/* Socket duplication (WSADuplicateSocket, dup.c). */
int wsdev_duplicate(int fd, uint32_t pid, uint32_t *token);
int wsdev_claim(uint32_t token, int cloexec);
int wsys_is_nonblocking(int fd);

/*
 * Overlapped I/O (sys.c): struct ws_io's layout, under another name for
 * the Winsock side. wsys_submit returns 0 when the operation completed at
 * once (io->bytes and io->status hold the result), -EINPROGRESS when it is
 * pending, or another -errno.
 */
struct wsl_iovec {
	uint32_t	len;
	uint32_t	pad;
	uint64_t	buf;
};

struct wsl_io {
	uint32_t	op;
	uint32_t	flags;
	uint64_t	bufs;
	uint32_t	nbufs;
	int32_t		event_fd;
	uint64_t	ov;
	uint64_t	routine;
	int32_t		dev_fd;
	uint32_t	tag;
	uint64_t	addr;
	uint32_t	addrlen;
	uint32_t	ioflags;
	uint64_t	addrlen_out;
	uint64_t	flags_out;
	uint64_t	ctx[4];
	uint64_t	bytes;
	uint32_t	status;
	uint32_t	pad2;
};

#define WSL_OP_RECV		1
#define WSL_OP_SEND		2
#define WSL_OP_COMPLETE		3
#define WSL_OP_ACCEPT		4
#define WSL_OP_CONNECT		5
#define WSL_OP_TRANSMIT		6
#define WSL_TF_DISCONNECT	0x1u
#define WSL_IO_NO_PORT		0x1u
#define WSL_IO_REPORTED_PENDING	0x2u
#define WSL_APC_USER		0
#define WSL_APC_IO		1
#define WSL_STATUS_PENDING	0x103u

int wsys_submit(int fd, struct wsl_io *io);
ssize_t ws_recv_bufs(int fd, unsigned int ent, const struct wsl_iovec *bufs,
		     unsigned int n, int flags, void *from, int *fromlen,
		     uint32_t *flags_out);
ssize_t ws_send_bufs(int fd, unsigned int ent, const struct wsl_iovec *bufs,
		     unsigned int n, int flags, const void *to, int tolen);
ssize_t wsys_recvmsg(int fd, const struct wsl_iovec *bufs, unsigned int n,
		     int flags, void *from, int *fromlen, int force_block,
		     uint32_t *flags_out);
ssize_t wsys_sendmsg(int fd, const struct wsl_iovec *bufs, unsigned int n,
		     int flags, const void *to, int tolen, int force_block);
int wsys_addr_in(const void *addr, int len, void *out, size_t size);
int wsys_cancel(int fd, uint64_t ov, int this_thread);
int wsys_cancel_drop(int fd, uint64_t ov);
int wsys_accept_take(int fd);
int wsys_replace_fd(int nfd, int fd);
int wsys_is_connected(int fd);
int64_t wsys_file_pos(int fd);
int wsys_ctl_to_linux(const void *win, size_t wlen, void *out, size_t room);

/* mswsock.c */
int ws_mswsock_setsockopt(int fd, int optname, const char *optval, int optlen);
int wsys_ov_wait(int fd, uint64_t ov, uint64_t deadline_ns);

/* errmap.c: an NTSTATUS as Winsock reports it, and as Win32 does. */
int ws_ntstatus_to_wsa(uint32_t status);
int ws_ntstatus_to_win32(uint32_t status);

/* overlapped.c: run an overlapped operation's completion routine (an APC). */
void ws_run_io_apc(uint64_t routine, const uint64_t args[3], uint32_t tag);
/* overlapped.c: complete an operation libws finished itself (see there). */
int ws_ov_complete(int fd, uintptr_t ov, uintptr_t routine, uint32_t status,
		   uint64_t bytes);
/* overlapped.c: the extension function of a GUID (16 bytes), 0 if none. */
uintptr_t ws_extension_function(const void *guid);
int ws_ov_complete_pending(int fd, uintptr_t ov, uintptr_t routine,
			   uint32_t status, uint64_t bytes);
struct _OVERLAPPED;
int ws_ov_event(const struct _OVERLAPPED *ov, struct wsl_io *io);
/* Start an overlapped operation (overlapped.c): 0, or SOCKET_ERROR. */
int ws_ov_submit(int fd, struct wsl_io *io, struct _OVERLAPPED *ov,
		 void (*routine)(uint32_t, uint32_t, struct _OVERLAPPED *, uint32_t),
		 uint32_t *bytes);

/* A message of a message queue: struct ws_msg's layout. */
struct wsl_msg {
	uint64_t	hwnd;
	uint32_t	message;
	uint32_t	flags;
	uint64_t	wparam;
	uint64_t	lparam;
};
#define WSL_MSG_FROM_SOCKET	0x1u
#define WSDEV_MSGQ_REMOVE	0x1u
#define WSDEV_MSGQ_WAIT		0x2u
int wsdev_msgq_create(void);
int wsdev_msgq_post(int q, const struct wsl_msg *msg);
int wsdev_msgq_get(int q, struct wsl_msg *msg, uint64_t hwnd, uint32_t min,
		   uint32_t max, unsigned int flags, uint64_t deadline_ns);

/*
 * netif.c: the host's addresses, interfaces and routes in Winsock layouts,
 * for WSAIoctl. Each returns >= 0 or -errno.
 *
 * wsnet_address_list(): SIO_ADDRESS_LIST_QUERY's SOCKET_ADDRESS_LIST of
 * the addresses of the family (@inet6: IPv6, else IPv4) of the interfaces
 * that are up, but for loopback ones, built in a buffer malloc'd into *out
 * whose pointers are as they will be once copied to @base; returns its
 * size.
 * wsnet_interface_list(): SIO_GET_INTERFACE_LIST's INTERFACE_INFO array of
 * the IPv4 interfaces, malloc'd into *out; returns its size.
 * wsnet_route_source(): SIO_ROUTING_INTERFACE_QUERY: the local address
 * (port 0) the route to @dest (a Winsock sockaddr of @len bytes) leaves
 * from, into @src (@size bytes); returns its length.
 */
struct wsl_socket_address_list;
ssize_t wsnet_address_list(int inet6, uintptr_t base, void **out);
ssize_t wsnet_interface_list(void **out);
int wsnet_route_source(const void *dest, int len, void *src, int size);

/*
 * catalog.c: getsockopt(SO_PROTOCOL_INFOA/W) of socket @fd into the
 * caller's @optval (room @len, *@optlen as Windows sets it), and
 * WSASocket's lpProtocolInfo (the caller's WSAPROTOCOL_INFOA/W) applied to
 * its af, type and protocol. Each returns 0 or a negative code.
 */
struct ws_protocol_entry {
	struct wsl_protocol_info info;
	unsigned int nth;	/* 1: the first of its af, type and protocol */
};

int ws_protocol_info_get(int fd, int wide, void *optval, int len, int *optlen);
int ws_protocol_info_apply(const void *user, int *af, int *type,
			   int *protocol, struct ws_protocol_entry *entry);
/*
 * dup.c: a WSAPROTOCOL_INFOA/W from WSADuplicateSocket carries a token in
 * dwProviderReserved (0 in catalog entries). ws_dup_token() reads it from
 * the caller's structure (0, or -WSAEFAULT); ws_dup_claim() is WSASocket
 * with such a structure (the SOCKET, or INVALID_SOCKET with the error set).
 */
int ws_dup_token(const void *user, uint32_t *token);
uintptr_t ws_dup_claim(uint32_t token);
/* catalog.c: socket()'s af 0, the first catalog entry of @protocol. */
int ws_protocol_find_af(int *af, int *type, int protocol);

/* socket.c: ioctlsocket(FIONBIO)'s work, for WSAIoctl too. */
int ws_set_nonblocking(int fd, int on);

/* addrtext.c: IPv6 text forms (glibc's parser and formatter). */
int wsl_pton6(const char *s, size_t len, unsigned char out[16]);
int wsl_ntop6(const unsigned char in[16], char *buf, size_t size);

/*
 * resolve.c: glibc's resolver, results in Winsock layouts (layout.h).
 * wsres_getaddrinfo and wsres_getnameinfo return 0 or a positive WSA code
 * (what getaddrinfo returns); the others follow the convention above.
 */
struct wsl_hostent;
struct wsl_servent;
struct wsl_protoent;
struct wsl_addrinfo;
int wsres_gethostbyname(const char *name, struct wsl_hostent **out);
int wsres_gethostbyaddr(const void *addr, int len, int wsfamily,
			struct wsl_hostent **out);
int wsres_getservbyname(const char *name, const char *proto,
			struct wsl_servent **out);
int wsres_getservbyport(int port, const char *proto,
			struct wsl_servent **out);
int wsres_getprotobyname(const char *name, struct wsl_protoent **out);
int wsres_getprotobynumber(int number, struct wsl_protoent **out);
int wsres_check_hints(const struct wsl_addrinfo *hints);
int wsres_getaddrinfo(const char *node, const char *service,
		      const struct wsl_addrinfo *hints,
		      struct wsl_addrinfo **res);
void wsres_freeaddrinfo(struct wsl_addrinfo *ai);
int wsres_getnameinfo(const void *sa, int salen, char *host,
		      size_t hostlen, char *serv, size_t servlen, int flags);

/* netdb.c: gai_strerrorA's message, for gai_strerrorW. */
const char *ws_gai_message(int ecode);

/* addr.c: inet_pton and inet_ntop, for libws's own callers. */
int wsaddr_pton(int family, const char *text, void *addr);
const char *wsaddr_ntop(int family, const void *addr, char *buf,
			size_t size);

/*
 * wide.c: wide (UTF-32 wchar_t) strings to UTF-8 and back, strictly: a
 * surrogate, a value past U+10FFFF or malformed UTF-8 is refused.
 */
char *ws_wide_to_utf8(const wchar_t *w, int *err);
long ws_utf8_to_wide(const char *s, wchar_t *out, size_t outlen);

#endif /* LIBWS_INTERNAL_H */

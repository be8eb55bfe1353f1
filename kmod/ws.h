/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ws: Winsock 2 semantics as a Linux socket family -- internal definitions.
 *
 * Object model
 * ------------
 * A ws socket is a struct socket of the ws family whose sock is an ordinary
 * kernel TCP or UDP sock (IPv4 or IPv6), created in the caller's network
 * namespace with the caller's credentials. The socket's proto_ops are ws's:
 * each applies the Winsock rules (error codes, shutdown and address-sharing
 * semantics, option names, the network-event record) and calls the inet
 * proto_ops of the sock's family for the rest. The Winsock state lives in a
 * struct ws_sock, reached from the sock's sk_user_data.
 *
 * Because the socket's sock is the TCP or UDP sock itself, the socket layer's
 * LSM hooks (security_socket_bind, _connect, _listen, _accept, _sendmsg, ...)
 * see a TCP or UDP socket and the caller's address, exactly as for a native
 * socket: Landlock, SELinux, AppArmor and the others apply their inet rules.
 * For the same reason the kernel ABI takes Linux socket addresses
 * (AF_INET6 is 10); libws converts Winsock's numbering.
 *
 * Lifetimes
 * ---------
 * ws_create() creates the inet socket with __sock_create() (the LSMs' create
 * hooks run and label its sock for the caller), grafts its sock into the ws
 * socket and frees the empty inet struct socket. The ws_sock is allocated
 * before the graft and freed by ws_release() after the callbacks are
 * detached, so a process-context handler holding the socket's file may use
 * ws_sk(sock) without further protection. An accepted socket gets its
 * ws_sock in ws_do_accept() before the connection is taken, so a failed
 * allocation cannot drop a connection. A connection WSAAccept holds for
 * its condition function (condaccept.c) is accepted the same way into a
 * struct socket without a file, owned by the listener's list until a
 * verdict gives it a file, accept(2) moves its sock into accept(2)'s
 * socket (ws_sock_move(): the ws_sock follows, with the new socket's id),
 * or the listener's release resets it.
 *
 * The sock's callbacks (sk_data_ready, sk_write_space, sk_state_change,
 * sk_error_report) are wrapped by ws_lower_*() while the ws socket lives.
 * They find the ws_sock through sk_user_data, which is written only under
 * sk_callback_lock (write side, BH off) and read under its read side, so
 * once ws_lower_detach() has returned no callback can still see the
 * ws_sock. sk_user_data carries SK_USER_DATA_NOCOPY so that TCP children
 * cloned from a listening socket do not inherit the pointer: their
 * callbacks find no ws_sock and call TCP's own (captured from a kernel TCP
 * socket at module init). Such children carry pointers to this module's
 * code: the listener restores their callbacks when it is released, and
 * module exit waits (synchronize_net()) for any child still being cloned in
 * softirq context.
 *
 * Locks
 * -----
 * The socket lock of the sock (lock_sock) is the inet code's; ws takes it
 * only briefly, never around a call into the inet proto_ops (they take it
 * themselves). The address-sharing table's mutex (bindtable.c, one per
 * network namespace) serialises bind with the options that bind consults
 * (SO_REUSEADDR, SO_EXCLUSIVEADDRUSE) and nests outside the socket lock.
 * ev_lock (netevent.c) is BH-safe and taken inside the sock's callbacks, so
 * it nests inside sk_callback_lock and outside an event object's lock
 * (event.c) and a message queue's lock (msgq.c). A multipoint socket's
 * mp->mutex (multipoint.c) serialises WSAJoinLeaf with itself and with
 * connect, around the bind and the inet calls they make. Lock order:
 *   mp->mutex -> bind mutex -> sk lock -> sk_callback_lock -> ev_lock ->
 *   event/msgq locks.
 * A listener's held_lock (condaccept.c) is a leaf: process context only,
 * no other lock taken under it, none held around it.
 */
#ifndef _WS_H
#define _WS_H

#include <linux/net.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/refcount.h>
#include <net/sock.h>
#include "../uapi/linux/ws.h"

#include "compat.h"

extern int ws_family;

/* A socket address of the ws socket's family, as the inet code takes it. */
union ws_addr {
	struct sockaddr		sa;
	struct sockaddr_in	sin;
	struct sockaddr_in6	sin6;
};

struct ws_user;
struct ws_req;
struct ws_rt;
struct ws_synq;
struct ws_catalog_entry;

/* What Windows reports for SO_MAX_MSG_SIZE (and the catalog's message size). */
#define WS_UDP4_MAX_MSG		65507	/* 65535 - IPv4 header - UDP header */
#define WS_UDP6_MAX_MSG		65527	/* 65535 - UDP header */
#define WS_STREAM_MAX_MSG	0xffffffffu

/* ws_mp.state: what WSAJoinLeaf did (multipoint.c). */
#define WS_MPS_JOINED		0x1u	/* the leaf joined its session */
#define WS_MPS_SEND		0x2u	/* sends go to the group */
#define WS_MPS_RECV		0x4u	/* a member of the group */

/* A multipoint socket's WSAJoinLeaf state (multipoint.c). */
struct ws_mp {
	/*
	 * The registration is under mutex. group is written under it
	 * before state publishes it (smp_store_release), once; readers load
	 * state with smp_load_acquire and may then read group without the
	 * mutex.
	 */
	struct mutex		mutex;
	struct pid		*arm_pid;	/* the registering thread */
	u32			arm_flags;	/* its WS_JL_* */
	u32			state;		/* WS_MPS_* */
	union ws_addr		group;
};

/*
 * A socket's overlapped operations (overlapped.c), under lock. Only sockets
 * that have had one have this (ws_sock.ovs).
 */
struct ws_ovs {
	struct ws_sock		*ws;
	spinlock_t		lock;		/* all below; operations' busy, cancel */
	bool			closing;	/* released: no new operation */
	unsigned int		count;		/* operations pending */
	unsigned int		pages;		/* pages they hold */
	unsigned int		acc_armed;	/* of acc_reqs; READ_ONCE */
	struct list_head	rx_reqs;	/* receives, in submission order */
	struct list_head	tx_reqs;	/* sends, in submission order */
	struct list_head	dead;		/* completed, to free in process context */
	struct list_head	conn_reqs;	/* a ConnectEx (at most one) */
	struct list_head	acc_reqs;	/* listener: AcceptEx, in order */
	struct list_head	acc_recv;	/* listener: AcceptEx awaiting data */
	struct work_struct	work;		/* carries out what softirq cannot */
	struct delayed_work	reap_work;	/* frees completed operations */
	wait_queue_head_t	wq;		/* WS_IOC_OV_WAIT */
};

/*
 * A listener's conditional accepts (condaccept.c), under lock; held_free is
 * read locklessly.
 */
struct ws_cond {
	spinlock_t		lock;		/* all below */
	unsigned int		held_count;	/* held, and being accepted */
	unsigned int		held_free;	/* of held, unclaimed; READ_ONCE */
	unsigned int		arm_count;	/* on arms */
	u64			cookie;		/* the last claim's cookie */
	struct list_head	held;		/* held connections, oldest first */
	struct list_head	arms;		/* WS_IOC_ACCEPT_COND registrations */
};

/*
 * ws_sock.rxopts. Linux's IP_PKTINFO is on while any of WS_RX_PKTINFO,
 * _DSTADDR and _IF is, IP_RECVTOS while WS_RX_TOS or _ECN is; the same for
 * IPV6_RECVPKTINFO and IPV6_RECVTCLASS with the WS_RX6_* ones.
 */
#define WS_RX_PKTINFO	0x0001	/* IP_PKTINFO: IN_PKTINFO */
#define WS_RX_DSTADDR	0x0002	/* IP_RECVDSTADDR: IN_ADDR */
#define WS_RX_IF	0x0004	/* IP_RECVIF: the interface index */
#define WS_RX_TOS	0x0008	/* IP_RECVTOS: IP_TOS, the TOS byte */
#define WS_RX_ECN	0x0010	/* IP_ECN: its ECN bits */
#define WS_RX6_PKTINFO	0x0100	/* IPV6_PKTINFO: IN6_PKTINFO */
#define WS_RX6_DSTADDR	0x0200	/* IPV6_RECVDSTADDR: IN6_ADDR */
#define WS_RX6_IF	0x0400	/* IPV6_RECVIF: the interface index */
#define WS_RX6_TCLASS	0x0800	/* IPV6_RECVTCLASS: IPV6_TCLASS */
#define WS_RX6_ECN	0x1000	/* IPV6_ECN: its ECN bits */

struct ws_sock {
	/* Immutable after create/accept. */
	struct sock		*sk;		/* the TCP or UDP sock */
	struct socket		*sock;		/* the ws socket */
	const struct proto_ops	*inet_ops;	/* inet(6)_{stream,dgram}_ops */
	u64			id;		/* the socket's inode number */
	const struct ws_catalog_entry *entry;	/* its protocol (catalog.c) */
	u32			mp_role;	/* WS_PROTOCOL_MP_*; 0: none */
	spinlock_t		port_lock;	/* port, port_key, notify_modes */

	/* Saved callbacks, restored by ws_lower_detach(). */
	void			(*saved_data_ready)(struct sock *sk);
	void			(*saved_write_space)(struct sock *sk);
	void			(*saved_state_change)(struct sock *sk);
	void			(*saved_error_report)(struct sock *sk);

	/*
	 * Winsock state. reuseaddr and exclusive are written under the
	 * namespace's bind mutex (bind reads them there); the rest with
	 * WRITE_ONCE from the option and shutdown paths. All are read with
	 * READ_ONCE. The values last set by setsockopt (*_set, *_ms,
	 * linger_onoff, protection_level) are reported back unchanged, as
	 * Windows does.
	 */
	int			rcvbuf_set;	/* -1: not set */
	int			sndbuf_set;
	u32			rcvtimeo_ms;
	u32			sndtimeo_ms;
	u32			protection_level; /* IPV6_PROTECTION_LEVEL */
	u16			linger_onoff;	/* l_onoff as set; 0: report 1 */
	bool			shut_rd;	/* shutdown(SD_RECEIVE) */
	bool			shut_wr;	/* shutdown(SD_SEND) */
	bool			reuseaddr;	/* SO_REUSEADDR */
	bool			exclusive;	/* SO_EXCLUSIVEADDRUSE */
	bool			debug;		/* SO_DEBUG as Winsock reads it back */
	bool			v6only;		/* IPV6_V6ONLY of an IPv4 socket */
	bool			randomize_port;	/* SO_RANDOMIZE_PORT */
	bool			port_scalability; /* SO_PORT_SCALABILITY */
	bool			udp_connreset_off; /* SIO_UDP_CONNRESET FALSE */
	bool			pmtudisc_set;	/* IP(V6)_MTU_DISCOVER set */
	u64			connect_time;	/* jiffies64 when connected; 0: not */

	/* Set from the sock's callbacks and the data paths; read locklessly. */
	int			so_error;	/* sticky SO_ERROR, errno */
	bool			was_connected;
	bool			by_connectex;	/* a ConnectEx made the connection */
	bool			conn_reset;	/* sticky WSAECONNRESET */
	bool			conn_aborted;	/* sticky WSAECONNABORTED */
	bool			dgram_connreset; /* ICMP error for next recv */

	/* Set under sk_callback_lock when released: callbacks leave it alone. */
	bool			detached;

	/*
	 * SO_BROADCAST (af_ws.c): the option as set, and whether the socket
	 * is associated with a broadcast address without it (Windows allows
	 * that, Linux does not). The sock's SOCK_BROADCAST is set while
	 * either is. WRITE_ONCE/READ_ONCE.
	 */
	bool			bcast_user;
	bool			bcast_assoc;

	/*
	 * Threads blocked in a call on the socket, and the process whose
	 * calls closesocket cancelled (WS_IOC_CANCEL_BLOCKING; a reference is
	 * held), under blk_lock.
	 */
	spinlock_t		blk_lock;
	struct list_head	blockers;
	struct pid		*cancel_tgid;

	/* Network-event record (netevent.c), under ev_lock. */
	spinlock_t		ev_lock;
	u32			ev_mask;	/* selected FD_* bits; READ_ONCE hint */
	u32			ev_pending;	/* the record */
	u32			ev_reported;	/* recorded since re-enabled */
	u32			ev_message;
	s16			ev_err[WS_FD_MAX_EVENTS]; /* errno, or 0 */
	struct ws_event		*ev_event;	/* WSAEventSelect target */
	struct ws_msgq		*ev_msgq;	/* WSAAsyncSelect target */
	u64			ev_hwnd;
	bool			ev_write_blocked;	/* a send hit EWOULDBLOCK */
	bool			ev_connecting;	/* connect() under way */
	bool			ev_connected;	/* connect() finished */
	bool			ev_reset;	/* the connection was reset */
	int			ev_conn_err;	/* its error (errno) */
	u32			ev_urg_seen;	/* TCP urg_seq last seen */
	/* The port's (below), here to fill the hole before the u64. */
	u32			notify_modes;	/* WS_SKIP_*, only added to */
	u64			ev_rcvd_seen;	/* TCP bytes_received last seen */

	/*
	 * Overlapped operations (overlapped.c): allocated by the socket's first
	 * operation (or WS_IOC_OV_WAIT), published with cmpxchg() and kept
	 * until release; NULL until then.
	 */
	struct ws_ovs		*ovs;

	/*
	 * An accept socket (overlapped.c), under ws_acc_lock: the AcceptEx
	 * aimed at it, and the connection one accepted for it, not yet taken.
	 */
	struct ws_req		*acc_req;
	struct file		*acc_file;

	/*
	 * Its completion port (port.c): set once, under port_lock, and read by
	 * completions with READ_ONCE; the key is written before the port.
	 */
	struct ws_port		*port;
	u64			port_key;

	/*
	 * WSAJoinLeaf (multipoint.c): allocated with a multipoint socket
	 * (mp_role), NULL for every other, which needs none of it.
	 */
	struct ws_mp		*mp;

	/* Address-sharing table entry, under the bind mutex (bindtable.c). */
	struct hlist_node	bind_node;
	u16			bind_port;	/* host order; 0: not in the table */
	union ws_addr		bind_addr;

	/*
	 * The namespace's socket list and counters (diag.c): net_node under
	 * the namespace's list lock; stats is the namespace's, which the
	 * socket outlives (it holds the namespace).
	 */
	struct list_head	net_node;
	struct ws_stats		*stats;

	/*
	 * A listener's conditional accepts (condaccept.c): allocated by its
	 * first WS_IOC_ACCEPT_COND, published with cmpxchg(), freed with
	 * the socket; NULL until then.
	 */
	struct ws_cond		*cond;

	/*
	 * SO_CONDITIONAL_ACCEPT (synhold.c): the option as set; the queue of
	 * held SYNs of a listener that has it (written by listen and release
	 * only); its unclaimed SYNs, under the queue's lock, read locklessly.
	 */
	struct ws_synq		*synq;
	unsigned int		syn_free;
	bool			cond_accept;

	/*
	 * The receive options that ask for a control message (WS_RX_*,
	 * sockopt.c): several of Windows' share one of Linux's, which is on
	 * while any of them is; WSARecvMsg (overlapped.c) gives what each
	 * asked for. Changed with cmpxchg(), read with READ_ONCE.
	 */
	u16			rxopts;

	/*
	 * Rooted multipoint (rooted.c): a root's or leaf's from create, a
	 * membership socket's from its TCP accept on (published with
	 * smp_store_release(), read with READ_ONCE() by the callbacks);
	 * freed by ws_rt_release(). NULL for every other socket.
	 */
	struct ws_rt		*rt;
};

/**
 * ws_sk() - the ws_sock of a ws socket
 * @sock: a socket of the ws family, with its file held by the caller (or
 *	being created or released by the caller)
 *
 * sk_user_data is set before the socket is visible and cleared only by
 * ws_release(), which runs after every other call on the file has returned.
 */
static inline struct ws_sock *ws_sk(const struct socket *sock)
{
	void *data = rcu_dereference_protected(__sk_user_data(sock->sk), 1);

	return (struct ws_sock *)((uintptr_t)data & SK_USER_DATA_PTRMASK);
}

/* AcceptEx operations armed on a listener; any context. */
static inline unsigned int ws_ov_acc_armed(const struct ws_sock *ws)
{
	const struct ws_ovs *ovs = READ_ONCE(ws->ovs);

	return ovs ? READ_ONCE(ovs->acc_armed) : 0;
}

static inline bool ws_is_stream(const struct ws_sock *ws)
{
	return ws->sk->sk_type == SOCK_STREAM;
}

/* Winsock's address family of the socket: WS_AF_INET or WS_AF_INET6. */
static inline int ws_af(const struct ws_sock *ws)
{
	return ws->sk->sk_family == AF_INET6 ? WS_AF_INET6 : WS_AF_INET;
}

/*
 * A thread blocked in a call on a socket (af_ws.c), which closesocket's
 * WS_IOC_CANCEL_BLOCKING interrupts.
 */
struct ws_blocker {
	struct list_head	node;		/* on ws->blockers */
	struct task_struct	*task;
	bool			cancelled;
};

/* af_ws.c */
int ws_block_begin(struct ws_sock *ws, struct ws_blocker *b);
bool ws_block_end(struct ws_sock *ws, struct ws_blocker *b);
bool ws_cancelled(struct ws_sock *ws);
int ws_addr_check(const struct ws_sock *ws, const struct sockaddr *uaddr,
		  int len);
bool ws_lower_is_bound(const struct ws_sock *ws);
void ws_bcast_set(struct ws_sock *ws, bool on);
struct ws_sock *ws_sock_of_file(struct file *file);
int ws_accept_file(struct ws_sock *ws, struct file **filep);
int ws_accept_hold(struct ws_sock *ws, struct socket *newsock, int flags);
void ws_accept_handout(struct ws_sock *ws, struct socket *sock);
void ws_sock_move(struct socket *from, struct socket *to);
int ws_cond_wait(struct ws_sock *ws, long *timeo);
int ws_accept_replayed(struct ws_sock *ws, struct socket *newsock,
		       bool nonblock);

/* condaccept.c */
u32 ws_sock_name(struct socket *sock, int peer, u8 *out, size_t room);
void ws_cond_free(struct ws_sock *ws);
bool ws_pid_live(struct pid *pid);
int ws_cond_accept_probe(struct ws_sock *ws, int flags);
int ws_cond_accept_held(struct ws_sock *ws, struct socket *newsock);
bool ws_cond_readable(const struct ws_sock *ws);
void ws_cond_release(struct ws_sock *ws);
int ws_cond_ioctl(struct ws_sock *ws, unsigned int cmd, void __user *argp);

/* synhold.c: a claim's cookie of a held SYN has this bit, no other's. */
#define WS_SYN_COOKIE_BIT	BIT_ULL(63)
int ws_synq_start(struct ws_sock *ws);
void ws_synq_stop(struct ws_sock *ws);
int ws_synq_claim(struct ws_sock *ws, struct ws_accept_info *info);
bool ws_synq_unclaim(struct ws_sock *ws, u64 cookie);
int ws_synq_verdict(struct ws_sock *ws, u64 cookie, u32 verdict);
bool ws_synq_accept_one(struct ws_sock *ws);

/* catalog.c */
const struct ws_catalog_entry *ws_catalog_find(int af, int type, int protocol,
					       u32 role, u32 nth);
int ws_catalog_role_check(const struct ws_protocol_info *info, u32 role);
const struct ws_protocol_info *ws_catalog_info(const struct ws_catalog_entry *e);
int ws_catalog_ioctl(void __user *argp);
unsigned int ws_catalog_count(void);
const struct ws_protocol_info *ws_catalog_at(unsigned int i);

/* multipoint.c */
int ws_mp_join_leaf(struct ws_sock *ws, void __user *argp);
int ws_mp_connect(struct ws_sock *ws, struct sockaddr *uaddr, int len);
bool ws_mp_dest(struct ws_sock *ws, union ws_addr *addr, int *len);
int ws_mp_connect_begin(struct ws_sock *ws);
void ws_mp_connect_end(struct ws_sock *ws);
void ws_mp_release(struct ws_sock *ws);
int ws_mp_init(struct ws_sock *ws);

/* rooted.c: the connection states of the frame protocol. */
enum ws_rt_state {
	WS_RTS_IDLE,		/* no connection (a leaf before its join) */
	WS_RTS_WAIT_JOIN,	/* acceptor: the initiator's JOIN is due */
	WS_RTS_JOINING,		/* initiator: JOIN sent, the answer is due */
	WS_RTS_PENDING,		/* acceptor: JOIN arrived, not answered yet */
	WS_RTS_OPEN,		/* admitted: DATA and LEAVE */
	WS_RTS_LEFT,		/* the peer sent LEAVE: nothing more */
	WS_RTS_DEAD,		/* rejected, reset, or a protocol error */
};

/* A frame header as ws_rt_parse_hdr() reads it. */
struct ws_rt_frame {
	u8	type;		/* WS_RT_* */
	u32	len;		/* bytes of payload */
};

int ws_rt_parse_hdr(const u8 *buf, size_t avail, struct ws_rt_frame *f);
int ws_rt_next_state(int state, u8 type);
int ws_rt_parse_join(const u8 *p, u32 len, u8 *role, u32 *flags);
int ws_rt_init(struct ws_sock *ws);
void ws_rt_release(struct ws_sock *ws);
void ws_rt_data_ready(struct ws_sock *ws);
void ws_rt_write_space(struct ws_sock *ws);
void ws_rt_state_change(struct ws_sock *ws);
int ws_rt_connect(struct ws_sock *ws, struct sockaddr *uaddr, int len,
		  int flags);
int ws_rt_listen(struct ws_sock *ws, int backlog);
int ws_rt_accept(struct ws_sock *ws, struct socket *newsock, int flags);
int ws_rt_sendmsg(struct ws_sock *ws, struct msghdr *msg, size_t len);
int ws_rt_recvmsg(struct ws_sock *ws, struct msghdr *msg, size_t len,
		  int flags);
int ws_rt_shutdown(struct ws_sock *ws, int how);
__poll_t ws_rt_poll(struct file *file, struct ws_sock *ws, poll_table *wait);
int ws_rt_ioctl(struct ws_sock *ws, unsigned int cmd, unsigned long arg);

/* The conditions of a rooted socket's network events (ws_rt_evstate()). */
struct ws_rt_evstate {
	bool	readable;	/* FD_READ */
	bool	acceptable;	/* FD_ACCEPT */
	bool	writable;	/* FD_WRITE */
	bool	closed;		/* FD_CLOSE, with close_err */
	int	close_err;
};

void ws_rt_evstate(struct ws_sock *ws, struct ws_rt_evstate *st);

/* sockopt.c */
int ws_setsockopt(struct socket *sock, int level, int optname,
		  sockptr_t optval, unsigned int optlen);
int ws_getsockopt(struct socket *sock, int level, int optname,
		  char __user *optval, int __user *optlen);
void ws_sockopt_init(struct ws_sock *ws);
void ws_sockopt_connected(struct ws_sock *ws);
u32 ws_max_msg_size(int type, int af);

/* How Windows reads an option value (sockopt.c; see uapi "Lengths"). */
enum ws_opt_in {
	WS_IN_SBOOL,	/* SOL_SOCKET BOOL: 0..4 bytes, any length */
	WS_IN_SINT,	/* SOL_SOCKET int: 4 bytes, any length above */
	WS_IN_BOOL1,	/* the first byte */
	WS_IN_SHORT,	/* the first 1..4 bytes */
	WS_IN_INT,	/* 4 bytes */
};

/* How Windows writes one into a room shorter than the value. */
enum ws_opt_out {
	WS_OUT_FAULT,	/* EFAULT, nothing written */
	WS_OUT_ZFAULT,	/* the room zeroed, EFAULT */
	WS_OUT_FAULT0,	/* EFAULT, *optlen 0 */
	WS_OUT_SBOOL,	/* the room zeroed, one byte, *optlen 1 */
	WS_OUT_SHORT,	/* one byte, *optlen 1 */
	WS_OUT_BOOL1,	/* always one byte, *optlen 1 */
};

/* What getsockopt writes for a room of @room bytes (ws_opt_out_plan()). */
struct ws_out_plan {
	unsigned int	zero;	/* bytes of the room to clear first */
	unsigned int	copy;	/* bytes of the value to copy */
	int		optlen;	/* new *optlen; -1: unchanged */
	int		err;	/* 0 or -EFAULT */
};

int ws_opt_read(sockptr_t optval, unsigned int optlen, enum ws_opt_in form,
		u32 *val);
struct ws_out_plan ws_opt_out_plan(int room, unsigned int size,
				   enum ws_opt_out form);
u32 ws_connect_time_secs(u64 start, u64 now);
int ws_tcp_keepcnt(u32 val);
int ws_pmtudisc_from_ws(u32 val);
u32 ws_pmtudisc_to_ws(int pmtudisc);
u32 ws_ideal_send_backlog(u32 cwnd, u32 mss, int wmem_max);
bool ws_mcast_if_index(__be32 val, int *ifindex);

/* event.c */
struct ws_event;
struct ws_event *ws_event_alloc(bool signaled);
struct ws_event *ws_event_new(u32 flags);
void ws_event_hold(struct ws_event *ev);
void ws_event_put(struct ws_event *ev);
void ws_event_set(struct ws_event *ev);
void ws_event_reset(struct ws_event *ev);
void ws_event_pulse(struct ws_event *ev);
bool ws_event_take(struct ws_event *ev);
struct file *ws_event_file(struct ws_event *ev);
int ws_event_wait_kernel(struct file **files, unsigned int count, u32 flags,
			 u64 timeout, u32 *index);
bool ws_event_is_set(const struct ws_event *ev);
struct ws_event *ws_event_fget(int fd);
int ws_dev_init(void);
void ws_dev_exit(void);
struct file *ws_new_file(const char *name, const struct file_operations *fops,
			 void *priv, int *fdp);
int ws_publish_fd(struct file *file, int fd, void __user *argp,
		  const void *args, size_t size);

/* An APC reserved for a completion routine (event.c). */
struct ws_apc;
struct ws_thread;
struct ws_apc_slot {
	struct file		*dev_file;	/* the /dev/ws open, held */
	struct ws_thread	*thread;	/* its queue, reserved */
	struct ws_apc		*apc;		/* preallocated; NULL: none */
};

int ws_apc_reserve(int dev_fd, struct ws_apc_slot *slot);
struct ws_dev;
struct ws_thread *ws_dev_alert_attach(struct ws_dev *dev);
void ws_dev_alert_detach(struct ws_dev *dev, struct ws_thread *t);
bool ws_thread_apc_pending(const struct ws_thread *t);
wait_queue_head_t *ws_thread_waitq(struct ws_thread *t);
void ws_apc_fire(struct ws_apc_slot *slot, const struct ws_apc_args *args);
void ws_apc_release(struct ws_apc_slot *slot);

/* dup.c */
int ws_dup_duplicate(void __user *argp);
int ws_dup_claim(void __user *argp);
void ws_dup_exit(void);

/* poll.c */
int ws_wsapoll(struct ws_dev *dev, struct file *devfile, void __user *argp);

/* msgq.c */
struct ws_msgq;
void ws_msgq_hold(struct ws_msgq *q);
void ws_msgq_put(struct ws_msgq *q);
struct ws_msgq *ws_msgq_fget(int fd);
int ws_msgq_post(struct ws_msgq *q, const struct ws_msg *msg, gfp_t gfp);
int ws_msgq_create(void __user *argp);

/* netevent.c */
void ws_ev_init(struct ws_sock *ws);
void ws_ev_callback(struct ws_sock *ws, bool arrival);
void ws_ev_reenable(struct ws_sock *ws, u32 bits);
void ws_ev_send_done(struct ws_sock *ws, int err);
void ws_ev_connect_start(struct ws_sock *ws);
void ws_ev_connect_failed(struct ws_sock *ws);
void ws_ev_bound(struct ws_sock *ws);
void ws_ev_dgram_connected(struct ws_sock *ws);
void ws_ev_joined(struct ws_sock *ws, bool can_send);
void ws_ev_rt_join_start(struct ws_sock *ws);
void ws_ev_rt_joined(struct ws_sock *ws, int err, bool can_send);
int ws_ev_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
void ws_ev_inherit(struct ws_sock *nws, struct ws_sock *ws);
void ws_ev_release(struct ws_sock *ws);
int ws_ev_event_select(struct socket *sock, struct ws_event *ev, u32 mask);
void ws_ev_enum(struct ws_sock *ws, struct ws_event *ev,
		struct ws_network_events *out);

/* overlapped.c */
extern unsigned int ws_max_reqs_per_socket;	/* module parameters */
extern unsigned int ws_max_pinned_kb_per_socket;
struct ws_ovs *ws_ovs_get(struct ws_sock *ws);
int ws_ov_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
void ws_ov_data_ready(struct ws_sock *ws);
void ws_ov_write_space(struct ws_sock *ws);
void ws_ov_state_change(struct ws_sock *ws);
void ws_ov_release(struct ws_sock *ws);
int ws_ov_accept_probe(struct ws_sock *ws);
int ws_ov_connect_probe(struct ws_sock *ws, struct sockaddr *addr, int len);
bool ws_ov_connect_pending(struct ws_sock *ws);
bool ws_ov_accept_target(struct ws_sock *ws);
int ws_ov_init_module(void);
void ws_ov_exit_module(void);

/* port.c: a completion packet, queued on a port until dequeued. */
struct ws_port;
struct ws_packet {
	struct list_head	node;		/* on the port's queue */
	u64			key;
	u64			ov;
	u64			bytes;
	u32			status;
	void			(*free)(struct ws_packet *pkt);	/* any context */
};

struct ws_port *ws_port_alloc(u32 concurrency);
void ws_port_close(struct ws_port *port);
int ws_port_dequeue(struct ws_port *port, unsigned int max, u64 deadline,
		    struct ws_thread *alert, struct list_head *taken, bool *apc);
unsigned int ws_port_depth(struct ws_port *port);
unsigned int ws_port_waiters(struct ws_port *port);
int ws_port_create(void __user *argp);
int ws_port_wait(struct ws_dev *dev, void __user *argp);
void ws_port_post(struct ws_port *port, struct ws_packet *pkt);
void ws_port_put(struct ws_port *port);
int ws_port_associate(struct ws_sock *ws, void __user *argp);
void ws_port_inherit(struct ws_sock *to, struct ws_sock *from);
int ws_port_inherit_ioctl(struct ws_sock *ws, void __user *argp);
int ws_port_notify_modes(struct ws_sock *ws, void __user *argp);

/* diag.c: per-namespace counters, the socket list, sock_diag. */
enum ws_stat {
	WS_STAT_SOCKETS_CREATED,
	WS_STAT_EVENTS,			/* gauge */
	WS_STAT_EVENTS_CREATED,
	WS_STAT_PORTS,			/* gauge */
	WS_STAT_PORTS_CREATED,
	WS_STAT_OV_COMPLETED,
	WS_STAT_WAITS,			/* gauge */
	WS_STAT_WAITS_TOTAL,
	WS_STAT_WAITS_TIMEDOUT,
	WS_STAT_PORT_WAITS,		/* gauge */
	WS_STAT_PORT_WAITS_TOTAL,
	WS_STAT_PORT_WAITS_TIMEDOUT,
	WS_STAT_COUNT
};

/*
 * A namespace's counters: per CPU, summed when read (a gauge's increment
 * and decrement may land on different CPUs). Reference counted, so that an
 * event object or a port, which may outlive the namespace it was created
 * in, can still count itself out.
 */
struct ws_stats_cpu {
	long			v[WS_STAT_COUNT];
};

struct ws_stats {
	refcount_t		ref;
	struct ws_stats_cpu __percpu *cpu;
};

/* Any context; @stats may be NULL (objects the KUnit tests make). */
static inline void ws_stat_add(struct ws_stats *stats, enum ws_stat i, long n)
{
	if (stats)
		this_cpu_add(stats->cpu->v[i], n);
}

static inline void ws_stat_inc(struct ws_stats *stats, enum ws_stat i)
{
	ws_stat_add(stats, i, 1);
}

static inline void ws_stat_dec(struct ws_stats *stats, enum ws_stat i)
{
	ws_stat_add(stats, i, -1);
}

struct ws_stats *ws_stats_current(void);
struct ws_stats *ws_stats_object_new(enum ws_stat gauge, enum ws_stat created);
void ws_stats_object_put(struct ws_stats *stats, enum ws_stat gauge);
void ws_diag_link(struct ws_sock *ws);
void ws_diag_unlink(struct ws_sock *ws);
int ws_diag_init(void);
void ws_diag_exit(void);

/* bindtable.c */
/* Flags of one socket for the Windows address-sharing rule. */
struct ws_bind_flags {
	bool reuseaddr;
	bool exclusive;
	bool dual;	/* IPv6 without IPV6_V6ONLY: holds IPv4 addresses too */
};

int ws_bind_conflict(const union ws_addr *held, struct ws_bind_flags fh,
		     const union ws_addr *want, struct ws_bind_flags fw);
int ws_bind_lower(struct ws_sock *ws, union ws_addr *addr, int len);
void ws_bind_forget(struct ws_sock *ws);
void ws_bind_listen_first(struct ws_sock *ws);
int ws_bind_set_flags(struct ws_sock *ws, int optname, bool on);
int ws_bind_set_v6only(struct ws_sock *ws, bool on);
int ws_bind_init(void);
void ws_bind_exit(void);

/* limits.c */
enum ws_limit {
	WS_LIMIT_EVENTS,
	WS_LIMIT_MSGQS,
	WS_LIMIT_APCS,
	WS_LIMIT_MSGS,
	WS_LIMIT_REQS,
	WS_LIMIT_PAGES,
	WS_LIMIT_DUPS,
	WS_LIMIT_SYNS,
	WS_LIMIT_COUNT
};

struct ws_user *ws_user_get(void);
void ws_user_hold(struct ws_user *u);
void ws_user_put(struct ws_user *u);
int ws_user_charge(struct ws_user *u, enum ws_limit kind, unsigned int n);
void ws_user_uncharge(struct ws_user *u, enum ws_limit kind, unsigned int n);
void ws_limits_exit(void);

#endif /* _WS_H */

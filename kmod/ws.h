/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ws: Winsock 2 semantics as a Linux socket family -- internal definitions.
 *
 * Object model
 * ------------
 * A ws socket is a struct ws_sock (which embeds its struct sock first) bound
 * to a struct socket of the ws family, and owns exactly one "lower" kernel
 * socket: TCP or UDP, IPv4 or IPv6, created in the caller's network
 * namespace. Every operation is carried out on the lower socket; the ws layer
 * adds the Winsock rules (address-family numbering, error codes, shutdown and
 * address-sharing semantics, option names).
 *
 * Lifetimes
 * ---------
 * ws->lower is set before the ws socket is visible to userspace (create or
 * accept) and released in ws_release(), which the socket core calls once,
 * after every syscall on the file has returned. So any proto_ops handler may
 * use ws->lower without further protection.
 *
 * The lower socket's callbacks (sk_data_ready, sk_write_space,
 * sk_state_change, sk_error_report) are replaced by ws_lower_*() while the ws
 * socket lives. They find the ws socket through the lower sk_user_data,
 * which is written only under the lower sk_callback_lock (write side, BH off)
 * and read under its read side, so once ws_lower_detach() has returned no
 * callback can still see the ws socket. sk_user_data carries
 * SK_USER_DATA_NOCOPY so that TCP children cloned from a listening lower
 * socket do not inherit the pointer; until accept attaches them, their
 * callbacks find no ws socket and do nothing (nobody waits on them yet).
 *
 * Locks
 * -----
 * lock_sock(&ws->sk) serialises changes of the Winsock state below (bind,
 * connect, listen, shutdown, options). It is never held across a call that
 * may block for the network (connect, accept, send, recv), so concurrent send
 * and recv from two threads proceed as on Windows. The lock order is
 * ws sk lock -> lower sk lock -> lower sk_callback_lock; ws_bind_lock (the
 * address-sharing table, bindtable.c) nests inside the ws sk lock and outside
 * the lower sk lock. ev_lock (netevent.c) is BH-safe and taken inside the
 * lower socket's callbacks, so it nests inside the lower sk_callback_lock
 * and outside ws_event_all_lock (event.c) and a message queue's lock
 * (msgq.c).
 */
#ifndef _WS_H
#define _WS_H

#include <linux/net.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <net/sock.h>
#include "../uapi/linux/ws.h"

#include "compat.h"

extern int ws_family;

/* A Winsock socket address converted for the lower socket. */
union ws_addr {
	struct sockaddr		sa;
	struct sockaddr_in	sin;
	struct sockaddr_in6	sin6;
};

struct ws_sock {
	struct sock		sk;	/* must be first */

	/* Immutable after create/accept. */
	struct socket		*lower;
	int			af;	/* WS_AF_INET or WS_AF_INET6 */
	int			lower_family;	/* AF_INET or AF_INET6 */

	/* Saved lower callbacks, restored by ws_lower_detach(). */
	void			(*saved_data_ready)(struct sock *sk);
	void			(*saved_write_space)(struct sock *sk);
	void			(*saved_state_change)(struct sock *sk);
	void			(*saved_error_report)(struct sock *sk);

	/* Written under lock_sock(&ws->sk); read locklessly with READ_ONCE. */
	bool			shut_rd;	/* shutdown(SD_RECEIVE) */
	bool			shut_wr;	/* shutdown(SD_SEND) */
	bool			reuseaddr;	/* SO_REUSEADDR */
	bool			exclusive;	/* SO_EXCLUSIVEADDRUSE */
	/* Values last set by setsockopt, reported back unchanged as Windows does. */
	int			rcvbuf_set;	/* -1: not set */
	int			sndbuf_set;
	u32			rcvtimeo_ms;
	u32			sndtimeo_ms;

	/* Set from the lower socket's callbacks; read locklessly. */
	bool			was_connected;
	bool			conn_reset;	/* sticky WSAECONNRESET */
	bool			dgram_connreset; /* ICMP error for next recv */
	bool			cancelled;	/* WS_IOC_CANCEL_BLOCKING */
	int			so_error;	/* sticky SO_ERROR, errno */

	/* Network-event record (netevent.c), under ev_lock. */
	spinlock_t		ev_lock;
	u32			ev_mask;	/* selected FD_* bits; READ_ONCE hint */
	u32			ev_pending;	/* the record */
	u32			ev_reported;	/* recorded since re-enabled */
	s32			ev_err[WS_FD_MAX_EVENTS];
	struct ws_event		*ev_event;	/* WSAEventSelect target */
	struct ws_msgq		*ev_msgq;	/* WSAAsyncSelect target */
	u64			ev_hwnd;
	u32			ev_message;
	bool			ev_write_blocked;	/* a send hit EWOULDBLOCK */
	bool			ev_connecting;	/* connect() under way */
	bool			ev_connected;	/* connect() finished */
	bool			ev_reset;	/* the connection was reset */
	int			ev_conn_err;	/* its error (errno) */
	u64			id;		/* immutable; WS_IOC_GET_ID */

	/* Address-sharing table entry, under ws_bind_lock (bindtable.c). */
	struct hlist_node	bind_node;
	u16			bind_port;	/* host order; 0: not in the table */
	union ws_addr		bind_addr;
};

static inline struct ws_sock *ws_sk(const struct sock *sk)
{
	return (struct ws_sock *)sk;
}

static inline struct sock *ws_lower_sk(const struct ws_sock *ws)
{
	return ws->lower->sk;
}

static inline bool ws_is_stream(const struct ws_sock *ws)
{
	return ws->sk.sk_type == SOCK_STREAM;
}

/* af_ws.c */
int ws_addr_from_win(const struct ws_sock *ws, const struct sockaddr *uaddr,
		     int len, union ws_addr *out);
int ws_addr_to_win(struct sockaddr *addr, int len);
bool ws_lower_is_bound(const struct ws_sock *ws);

/* sockopt.c */
int ws_setsockopt(struct socket *sock, int level, int optname,
		  sockptr_t optval, unsigned int optlen);
int ws_getsockopt(struct socket *sock, int level, int optname,
		  char __user *optval, int __user *optlen);
void ws_sockopt_init(struct ws_sock *ws);
int ws_parse_bool(sockptr_t optval, unsigned int optlen, bool first_byte,
		  bool *val);
u32 ws_max_msg_size(int type, int af);

/* event.c */
struct ws_event;
struct ws_event *ws_event_alloc(bool signaled);
void ws_event_hold(struct ws_event *ev);
void ws_event_put(struct ws_event *ev);
void ws_event_set(struct ws_event *ev);
void ws_event_reset(struct ws_event *ev);
bool ws_event_is_set(const struct ws_event *ev);
struct ws_event *ws_event_fget(int fd);
int ws_dev_init(void);
void ws_dev_exit(void);

/* msgq.c */
struct ws_msgq;
void ws_msgq_hold(struct ws_msgq *q);
void ws_msgq_put(struct ws_msgq *q);
struct ws_msgq *ws_msgq_fget(int fd);
int ws_msgq_post(struct ws_msgq *q, const struct ws_msg *msg, gfp_t gfp);
int ws_msgq_create(void __user *argp);

/* netevent.c */
void ws_ev_init(struct ws_sock *ws);
void ws_ev_callback(struct ws_sock *ws);
void ws_ev_reenable(struct ws_sock *ws, u32 bits);
void ws_ev_send_done(struct ws_sock *ws, int err);
void ws_ev_connect_start(struct ws_sock *ws);
void ws_ev_connect_failed(struct ws_sock *ws);
void ws_ev_bound(struct ws_sock *ws);
void ws_ev_dgram_connected(struct ws_sock *ws);
int ws_ev_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
void ws_ev_inherit(struct ws_sock *nws, struct ws_sock *ws);
void ws_ev_release(struct ws_sock *ws);
int ws_ev_event_select(struct socket *sock, struct ws_event *ev, u32 mask);
void ws_ev_enum(struct ws_sock *ws, struct ws_event *ev,
		struct ws_network_events *out);

/* bindtable.c */
/* Flags of one socket for the Windows address-sharing rule. */
struct ws_bind_flags {
	bool reuseaddr;
	bool exclusive;
};

int ws_bind_conflict(const union ws_addr *held, struct ws_bind_flags fh,
		     const union ws_addr *want, struct ws_bind_flags fw);
int ws_bind_lower(struct ws_sock *ws, union ws_addr *addr, int len);
void ws_bind_forget(struct ws_sock *ws);

#endif /* _WS_H */

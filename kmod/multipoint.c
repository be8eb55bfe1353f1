// SPDX-License-Identifier: GPL-2.0
/*
 * ws: multipoint sockets and WSAJoinLeaf.
 *
 * A socket created with a multipoint role (WS_PROTOCOL_MP_*, checked
 * against its catalog entry by catalog.c) is a multipoint socket. The UDP
 * entries are multipoint with non-rooted control and data planes: IP
 * multicast, where every participant is a c_leaf/d_leaf and WSAJoinLeaf
 * joins "an existing multipoint session" (the Winsock 2 specification,
 * "Multipoint and Multicast Semantics", IP multicast).
 *
 * A join is two calls of the same thread (uapi/linux/ws.h, "WSAJoinLeaf"):
 * WS_IOC_JOIN_LEAF registers it with its flags, and the thread's next
 * connect(2) on the socket carries it out with the group as the address.
 * The socket layer runs the security modules' connect hook on that call,
 * with the caller's credentials and the group, before ws_connect() reaches
 * ws_mp_connect(): WSAJoinLeaf "has the same parameters and semantics as
 * WSAConnect", and a policy that refuses the caller a connect to the group
 * refuses the join (the hooks are not exported to modules, so an ioctl
 * alone could not run them). For a leaf, the join
 *  - binds an unbound socket to the wildcard address and an ephemeral port,
 *    as connect binds one implicitly;
 *  - joins the group on the socket's sock (IP_ADD_MEMBERSHIP or
 *    IPV6_ADD_MEMBERSHIP) unless the leaf only sends; Linux drops the
 *    membership when the sock is released, which is how closesocket "drops
 *    out of the multicast session";
 *  - remembers the group as the destination of sends without an address
 *    unless the leaf only receives. The sock is not connected to the group:
 *    a connected UDP sock only takes datagrams whose source is its peer,
 *    and a group is never a source, so a leaf that sends and receives could
 *    not receive. __ws_sendmsg() and getpeername use the group instead;
 *  - shuts a receiver-only leaf down for sending (ws_sock.shut_wr);
 *  - records FD_CONNECT, the end of the join (netevent.c).
 * A join carried out, or refused, is the tracepoint ws_mp_join.
 * Each leaf joins once; closing it is the only way out of its session.
 *
 * Locking and lifetimes: a multipoint socket's struct ws_mp (ws->mp) is
 * allocated with it (ws_mp_init()) and freed with it; other sockets have
 * none. Its mutex protects the registration (arm_pid, a reference on the
 * registering thread's pid, and arm_flags) and
 * serialises a join with another join of the same socket (a registration
 * while another thread's is pending or a join runs fails with EALREADY:
 * the specification's "at most one multipoint connection request may be
 * outstanding") and with connect on a multipoint socket. It is taken
 * outside the bind mutex and the socket lock, which the bind and the inet
 * setsockopt under it take, and only in process context. The registration
 * ends with the connect that carries it out, a WS_IOC_JOIN_LEAF with flags
 * 0, or the socket (ws_mp_release()); the registration of a thread that
 * has exited is ignored and replaced. The group and the state are written
 * once, under the mutex; state is published last with
 * smp_store_release(), so the lockless readers of the data path
 * (ws_mp_dest()) see the group once they see the state.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>

#include "ws.h"
#include "ws_trace.h"

#define WS_JL_ALL	(WS_JL_SENDER_ONLY | WS_JL_RECEIVER_ONLY | WS_JL_BOTH)

/* A leaf of a non-rooted control plane: the sockets WSAJoinLeaf serves. */
static bool ws_mp_is_nonrooted_leaf(const struct ws_sock *ws)
{
	const struct ws_protocol_info *info = ws_catalog_info(ws->entry);

	return (ws->mp_role & WS_PROTOCOL_MP_C_LEAF) &&
	       !(info->service_flags[0] & WS_XP1_MULTIPOINT_CONTROL_PLANE);
}

static bool ws_addr_is_multicast(const union ws_addr *addr)
{
	if (addr->sa.sa_family == AF_INET)
		return ipv4_is_multicast(addr->sin.sin_addr.s_addr);
	return ipv6_addr_is_multicast(&addr->sin6.sin6_addr);
}

static int ws_addr_len(const union ws_addr *addr)
{
	return addr->sa.sa_family == AF_INET ? sizeof(addr->sin) :
					       sizeof(addr->sin6);
}

/* Is the registration of another thread than the caller's pending? */
static bool ws_mp_armed_by_other(const struct ws_sock *ws)
{
	lockdep_assert_held(&ws->mp->mutex);
	if (!ws->mp->arm_pid || ws->mp->arm_pid == task_pid(current))
		return false;
	/* A thread that exited registers nothing any more. */
	return pid_has_task(ws->mp->arm_pid, PIDTYPE_PID);
}

static void ws_mp_disarm(struct ws_sock *ws)
{
	lockdep_assert_held(&ws->mp->mutex);
	put_pid(ws->mp->arm_pid);
	ws->mp->arm_pid = NULL;
	ws->mp->arm_flags = 0;
}

/* Bind an unbound socket as an implicit bind would: any address, port 0. */
static int ws_mp_bind_any(struct ws_sock *ws)
{
	union ws_addr any = { };
	int err;

	lockdep_assert_held(&ws->mp->mutex);
	any.sa.sa_family = ws->sk->sk_family;
	err = ws_bind_lower(ws, &any, ws_addr_len(&any));
	if (err == -EINVAL && ws_lower_is_bound(ws))
		return 0;	/* bound meanwhile, by a send on another thread */
	if (!err)
		ws_ev_bound(ws);
	return err;
}

/*
 * Join @group on the socket's multicast interface (IP_MULTICAST_IF or
 * IPV6_MULTICAST_IF) if one was set, else on the one Linux routes the group
 * to: the specification's "default interface designated for multicast
 * operations".
 */
static int ws_mp_add_membership(struct ws_sock *ws, const union ws_addr *group)
{
	struct sock *sk = ws->sk;
	int err;

	lockdep_assert_held(&ws->mp->mutex);
	if (group->sa.sa_family == AF_INET) {
		struct ip_mreqn mreq = {
			.imr_multiaddr = group->sin.sin_addr,
			.imr_address.s_addr = READ_ONCE(inet_sk(sk)->mc_addr),
			.imr_ifindex = READ_ONCE(inet_sk(sk)->mc_index),
		};

		err = ws->inet_ops->setsockopt(ws->sock, SOL_IP,
					       IP_ADD_MEMBERSHIP,
					       KERNEL_SOCKPTR(&mreq),
					       sizeof(mreq));
	} else {
		struct ipv6_mreq mreq = {
			.ipv6mr_multiaddr = group->sin6.sin6_addr,
			.ipv6mr_ifindex = READ_ONCE(inet6_sk(sk)->mcast_oif),
		};

		err = ws->inet_ops->setsockopt(ws->sock, SOL_IPV6,
					       IPV6_ADD_MEMBERSHIP,
					       KERNEL_SOCKPTR(&mreq),
					       sizeof(mreq));
	}
	switch (err) {
	case -ENODEV:
		return -ENETUNREACH;	/* no interface routes the group */
	case -EADDRINUSE:
		return -EISCONN;	/* a member already (IP_ADD_MEMBERSHIP) */
	default:
		return err;
	}
}

/**
 * ws_mp_join_leaf() - WS_IOC_JOIN_LEAF: register a join, or drop it
 * @ws: the socket
 * @argp: the caller's struct ws_join_leaf
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno, see uapi/linux/ws.h.
 */
int ws_mp_join_leaf(struct ws_sock *ws, void __user *argp)
{
	struct ws_join_leaf args;
	int err;

	might_sleep();
	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.reserved || (args.flags & ~WS_JL_ALL))
		return -EINVAL;
	if (!ws->mp_role)
		return -EINVAL;

	if (!args.flags) {
		/* Drop the calling thread's registration, if it has one. */
		mutex_lock(&ws->mp->mutex);
		if (ws->mp->arm_pid == task_pid(current))
			ws_mp_disarm(ws);
		mutex_unlock(&ws->mp->mutex);
		return 0;
	}
	if (!ws_mp_is_nonrooted_leaf(ws))
		return -EOPNOTSUPP;	/* no rooted control plane yet */

	/* At most one join of a socket under way at a time. */
	if (!mutex_trylock(&ws->mp->mutex))
		return -EALREADY;
	if (ws_mp_armed_by_other(ws)) {
		err = -EALREADY;
	} else if ((ws->mp->state & WS_MPS_JOINED) ||
		   READ_ONCE(ws->sk->sk_state) == TCP_ESTABLISHED) {
		err = -EISCONN;
	} else {
		ws_mp_disarm(ws);
		ws->mp->arm_pid = get_pid(task_pid(current));
		ws->mp->arm_flags = args.flags;
		err = 0;
	}
	mutex_unlock(&ws->mp->mutex);
	return err;
}

/* Join the IP multicast group @group (mp->mutex held), see the top. */
static int ws_mp_join_group(struct ws_sock *ws, const union ws_addr *group,
			    u32 flags)
{
	bool send = flags & (WS_JL_SENDER_ONLY | WS_JL_BOTH);
	bool recv = flags & (WS_JL_RECEIVER_ONLY | WS_JL_BOTH);
	int err;

	lockdep_assert_held(&ws->mp->mutex);
	if (!ws_addr_is_multicast(group))
		return -EADDRNOTAVAIL;
	if ((ws->mp->state & WS_MPS_JOINED) ||
	    READ_ONCE(ws->sk->sk_state) == TCP_ESTABLISHED)
		return -EISCONN;
	/* The WSAJoinLeaf page: an unbound socket is bound first. */
	if (!ws_lower_is_bound(ws)) {
		err = ws_mp_bind_any(ws);
		if (err)
			return err;
	}
	if (recv) {
		err = ws_mp_add_membership(ws, group);
		if (err)
			return err;
	}
	if (!send)
		WRITE_ONCE(ws->shut_wr, true);
	ws->mp->group = *group;
	/* Publishes the group to ws_mp_dest(), which reads it locklessly. */
	smp_store_release(&ws->mp->state,
			  WS_MPS_JOINED | (send ? WS_MPS_SEND : 0) |
			  (recv ? WS_MPS_RECV : 0));
	ws_ev_joined(ws, send);
	return 0;
}

/**
 * ws_mp_connect() - connect(2) on a multipoint socket
 * @ws: the socket, of a multipoint role
 * @uaddr: the address connect(2) was given, checked by the security
 *	modules' connect hook
 * @len: its length
 *
 * Carries out the join the calling thread registered, with @uaddr as the
 * session to join.
 *
 * Context: process context, may sleep.
 * Return: -ENOENT if no join is registered (an ordinary connect follows,
 * between ws_mp_connect_begin() and ws_mp_connect_end()); -EALREADY if
 * another thread's is; else the join's result (see uapi/linux/ws.h): 0 or a
 * negative errno, the registration ended either way.
 */
int ws_mp_connect(struct ws_sock *ws, struct sockaddr *uaddr, int len)
{
	union ws_addr group;
	u32 flags;
	int err;

	might_sleep();
	mutex_lock(&ws->mp->mutex);
	if (!ws->mp->arm_pid || ws->mp->arm_pid != task_pid(current)) {
		err = ws_mp_armed_by_other(ws) ? -EALREADY : -ENOENT;
		goto out;
	}
	flags = ws->mp->arm_flags;
	ws_mp_disarm(ws);

	memset(&group, 0, sizeof(group));
	err = ws_addr_check(ws, uaddr, len);
	if (err >= 0) {
		memcpy(&group, uaddr, err);
		err = ws_mp_join_group(ws, &group, flags);
	}
	trace_ws_mp_join(ws->id, &group, flags, err);
out:
	mutex_unlock(&ws->mp->mutex);
	return err;
}

/**
 * ws_mp_dest() - the destination of a send without one
 * @ws: the socket
 * @addr: the group a sending leaf joined, if any
 * @len: its length
 *
 * Context: any; lockless (see the top of this file).
 * Return: true if @addr was filled.
 */
bool ws_mp_dest(struct ws_sock *ws, union ws_addr *addr, int *len)
{
	/* Pairs with ws_mp_join_group(): the group is set once seen here. */
	if (!ws->mp || !(smp_load_acquire(&ws->mp->state) & WS_MPS_SEND))
		return false;
	*addr = ws->mp->group;
	*len = ws_addr_len(addr);
	return true;
}

/**
 * ws_mp_connect_begin() - an ordinary connect on a socket is about to run
 * @ws: the socket
 *
 * A leaf that joined its session stays in it: it cannot connect.
 *
 * Context: process context, may sleep.
 * Return: 0 with the socket's joins excluded until ws_mp_connect_end(), or
 * -EISCONN.
 */
int ws_mp_connect_begin(struct ws_sock *ws)
{
	if (!ws->mp_role)
		return 0;
	mutex_lock(&ws->mp->mutex);
	if (ws->mp->state & WS_MPS_JOINED) {
		mutex_unlock(&ws->mp->mutex);
		return -EISCONN;
	}
	return 0;
}

/* The end of a connect that ws_mp_connect_begin() let run. */
void ws_mp_connect_end(struct ws_sock *ws)
{
	if (ws->mp_role)
		mutex_unlock(&ws->mp->mutex);
}

/**
 * ws_mp_release() - the socket is freed: its registration goes
 * @ws: the socket, which no other thread can reach any more
 */
void ws_mp_release(struct ws_sock *ws)
{
	if (!ws->mp)
		return;
	put_pid(ws->mp->arm_pid);
	mutex_destroy(&ws->mp->mutex);
	kfree(ws->mp);
	ws->mp = NULL;
}

/**
 * ws_mp_init() - a new socket's WSAJoinLeaf state
 * @ws: the socket, its mp_role set
 *
 * Context: process context, may sleep.
 * Return: 0 (a socket with no multipoint role needs nothing), or -ENOMEM.
 */
int ws_mp_init(struct ws_sock *ws)
{
	if (!ws->mp_role)
		return 0;
	ws->mp = kzalloc(sizeof(*ws->mp), GFP_KERNEL_ACCOUNT);
	if (!ws->mp)
		return -ENOMEM;
	mutex_init(&ws->mp->mutex);
	return 0;
}

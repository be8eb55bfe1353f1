// SPDX-License-Identifier: GPL-2.0
/*
 * ws: Windows address-sharing rules for bind.
 *
 * Windows decides whether a bind may share a port with the sockets already
 * bound to it differently from Linux:
 *  - without SO_REUSEADDR, a bind to an address and port that another socket
 *    holds fails with WSAEADDRINUSE, whatever that socket set;
 *  - with SO_REUSEADDR, it succeeds, even when the other socket listens,
 *    and even when that socket did not set SO_REUSEADDR itself;
 *  - a socket with SO_EXCLUSIVEADDRUSE shares with nobody, in either order.
 * Addresses overlap when they are equal or either is the wildcard.
 *
 * This file keeps a table of the ports that ws sockets hold, per network
 * namespace and protocol, decides by those rules, and then lets the lower
 * socket bind with SO_REUSEADDR and SO_REUSEPORT set when it may share (so
 * Linux accepts what Windows allows), or with neither when the socket is
 * exclusive. Sockets outside the ws family are judged by Linux's own rules.
 *
 * Locking: ws_bind_lock (a mutex, process context only) protects the table
 * and each entry's bind_node, bind_port and bind_addr. It nests inside the
 * ws socket lock and outside the lower socket lock (kernel_bind takes it).
 * Entries are removed by ws_bind_forget() from ws_release(), so an entry
 * never outlives its socket.
 */
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>

#include "ws.h"

static DEFINE_MUTEX(ws_bind_lock);
static DEFINE_HASHTABLE(ws_bind_table, 8);

static bool ws_addr_overlap(const union ws_addr *a, const union ws_addr *b)
{
	if (a->sa.sa_family != b->sa.sa_family)
		return false;	/* IPv6 sockets are IPV6_V6ONLY */
	if (a->sa.sa_family == AF_INET)
		return a->sin.sin_addr.s_addr == htonl(INADDR_ANY) ||
		       b->sin.sin_addr.s_addr == htonl(INADDR_ANY) ||
		       a->sin.sin_addr.s_addr == b->sin.sin_addr.s_addr;
	return ipv6_addr_any(&a->sin6.sin6_addr) ||
	       ipv6_addr_any(&b->sin6.sin6_addr) ||
	       ipv6_addr_equal(&a->sin6.sin6_addr, &b->sin6.sin6_addr);
}

/**
 * ws_bind_conflict() - the Windows rule for two binds to the same port
 * @held: address of the socket already bound
 * @fh: its flags
 * @want: address the new socket binds to
 * @fw: the new socket's flags
 *
 * Return: true if the new bind must fail with WSAEADDRINUSE.
 */
bool ws_bind_conflict(const union ws_addr *held, struct ws_bind_flags fh,
		      const union ws_addr *want, struct ws_bind_flags fw)
{
	if (!ws_addr_overlap(held, want))
		return false;
	if (fh.exclusive || fw.exclusive)
		return true;
	return !fw.reuseaddr;
}
EXPORT_SYMBOL_IF_KUNIT(ws_bind_conflict);

static struct ws_bind_flags ws_bind_flags_of(const struct ws_sock *ws)
{
	return (struct ws_bind_flags){
		.reuseaddr = READ_ONCE(ws->reuseaddr),
		.exclusive = READ_ONCE(ws->exclusive),
	};
}

static u16 ws_addr_port_host(const union ws_addr *addr)
{
	return ntohs(addr->sa.sa_family == AF_INET ? addr->sin.sin_port :
						     addr->sin6.sin6_port);
}

/**
 * ws_bind_lower() - bind the lower socket by the Windows sharing rules
 * @ws: the socket, locked by the caller
 * @addr: the address, for the lower socket's family
 * @len: its length
 *
 * Context: process context, may sleep; the ws socket lock held.
 * Return: 0, -EADDRINUSE when the Windows rules forbid the bind, or the
 * lower bind's error.
 */
int ws_bind_lower(struct ws_sock *ws, union ws_addr *addr, int len)
{
	struct ws_bind_flags flags = ws_bind_flags_of(ws);
	struct sock *lsk = ws_lower_sk(ws);
	struct net *net = sock_net(&ws->sk);
	u16 port = ws_addr_port_host(addr);
	struct ws_sock *other;
	bool share;
	int err;

	might_sleep();
	lockdep_assert_held(&ws->sk.sk_lock);

	mutex_lock(&ws_bind_lock);
	if (port) {
		hash_for_each_possible(ws_bind_table, other, bind_node, port) {
			if (other->bind_port != port ||
			    !net_eq(sock_net(&other->sk), net) ||
			    other->sk.sk_protocol != ws->sk.sk_protocol)
				continue;
			if (ws_bind_conflict(&other->bind_addr,
					     ws_bind_flags_of(other), addr, flags)) {
				err = -EADDRINUSE;
				goto out;
			}
		}
	}

	/*
	 * An ephemeral port is never shared: Linux could otherwise pick a
	 * port another reuseport socket holds.
	 */
	share = port && !flags.exclusive;
	lock_sock(lsk);
	lsk->sk_reuse = share ? SK_CAN_REUSE : SK_NO_REUSE;
	lsk->sk_reuseport = share;
	release_sock(lsk);

	err = kernel_bind(ws->lower, &addr->sa, len);
	if (err)
		goto out;

	ws->bind_addr = *addr;
	ws->bind_port = READ_ONCE(inet_sk(lsk)->inet_num);
	hash_add(ws_bind_table, &ws->bind_node, ws->bind_port);
out:
	mutex_unlock(&ws_bind_lock);
	return err;
}

/**
 * ws_bind_forget() - drop a socket from the table
 * @ws: the socket being released
 *
 * Context: process context, may sleep.
 */
void ws_bind_forget(struct ws_sock *ws)
{
	might_sleep();
	mutex_lock(&ws_bind_lock);
	if (ws->bind_port) {
		hash_del(&ws->bind_node);
		ws->bind_port = 0;
	}
	mutex_unlock(&ws_bind_lock);
}

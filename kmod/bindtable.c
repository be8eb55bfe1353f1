// SPDX-License-Identifier: GPL-2.0
/*
 * ws: Windows address-sharing rules for bind.
 *
 * Windows decides whether a bind may share a port with the sockets already
 * bound to it by other rules than Linux (as recorded by Wine's conformance
 * tests on Windows, test_reuseaddr):
 *  - the same address (or both the wildcard): WSAEADDRINUSE, unless both
 *    sockets set SO_REUSEADDR; WSAEACCES when only the new one did; either
 *    socket holding SO_EXCLUSIVEADDRUSE makes it WSAEADDRINUSE;
 *  - the wildcard and a specific address do not conflict, except with an
 *    exclusive wildcard: binding next to one fails with WSAEACCES, and an
 *    exclusive wildcard cannot be bound next to a non-exclusive socket
 *    (WSAEADDRINUSE);
 *  - distinct specific addresses never conflict.
 *
 * This file keeps a table of the ports that ws sockets hold, per network
 * namespace and protocol, and decides by those rules. The lower sockets of
 * explicit-port binds then all carry SO_REUSEADDR and SO_REUSEPORT, so that
 * Linux accepts whatever the table allowed; sockets outside the ws family
 * are still judged by Linux's own rules. A known difference remains: when
 * two sockets on the same address both listen, Linux spreads connections
 * over its SO_REUSEPORT group, where Windows gives them to the first.
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

static bool ws_addr_any(const union ws_addr *a)
{
	if (a->sa.sa_family == AF_INET)
		return a->sin.sin_addr.s_addr == htonl(INADDR_ANY);
	return ipv6_addr_any(&a->sin6.sin6_addr);
}

static bool ws_addr_same(const union ws_addr *a, const union ws_addr *b)
{
	if (a->sa.sa_family == AF_INET)
		return a->sin.sin_addr.s_addr == b->sin.sin_addr.s_addr;
	return ipv6_addr_equal(&a->sin6.sin6_addr, &b->sin6.sin6_addr);
}

/**
 * ws_bind_conflict() - the Windows rule for two binds to the same port
 * @held: address of the socket already bound
 * @fh: its flags
 * @want: address the new socket binds to
 * @fw: the new socket's flags
 *
 * Return: 0 if the new bind may share the port, -EADDRINUSE or -EACCES.
 */
int ws_bind_conflict(const union ws_addr *held, struct ws_bind_flags fh,
		     const union ws_addr *want, struct ws_bind_flags fw)
{
	/* IPv6 sockets are IPV6_V6ONLY: the families never meet. */
	if (held->sa.sa_family != want->sa.sa_family)
		return 0;

	if (ws_addr_same(held, want)) {
		if (fh.exclusive || fw.exclusive || !fw.reuseaddr)
			return -EADDRINUSE;
		return fh.reuseaddr ? 0 : -EACCES;
	}
	if (ws_addr_any(held) && fh.exclusive)
		return -EACCES;
	if (ws_addr_any(want) && fw.exclusive && !fh.exclusive)
		return -EADDRINUSE;
	return 0;
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
 * Return: 0, -EADDRINUSE or -EACCES when the Windows rules forbid the
 * bind, or the lower bind's error.
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
			err = ws_bind_conflict(&other->bind_addr,
					       ws_bind_flags_of(other), addr, flags);
			if (err)
				goto out;
		}
	}

	/*
	 * The table decided; Linux is told to let ws sockets share. An
	 * ephemeral port is never shared: Linux could otherwise pick a port
	 * another reuseport socket holds.
	 */
	share = port;
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

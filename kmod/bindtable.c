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
 *  - distinct specific addresses never conflict;
 *  - a socket of another account never shares: where the rules above would
 *    let the two overlap, the bind fails with WSAEACCES (Windows' "enhanced
 *    socket security" checks the second socket against the first one's
 *    owner; a different account is denied);
 *  - an IPv6 socket without IPV6_V6ONLY (dual-stack) meets IPv4 sockets:
 *    its v4-mapped addresses are those IPv4 addresses, under the rules
 *    above; its wildcard keeps IPv4 binds of the port off only when it is
 *    exclusive (WSAEACCES), and is kept off by a specific IPv4 bind only
 *    when it is exclusive itself (WSAEADDRINUSE), while the two wildcards
 *    otherwise coexist (Wine test_reuseaddr, tests_exclusive).
 *
 * This file keeps, per network namespace, a table of the ports that ws
 * sockets hold and decides by those rules. Linux must then let the sockets
 * the table allowed share the port, and nobody else: the sock of an
 * explicit-port bind gets SO_REUSEPORT only, never SO_REUSEADDR. Linux lets
 * two SO_REUSEPORT sockets share a port only when they belong to the same
 * user, and refuses a native socket that asks with SO_REUSEADDR alone, so
 * sockets outside the ws family (and ws sockets of other users) are judged
 * by Linux's own rules, its uid check included. When two sockets on the
 * same address both listen, Windows gives the connections to the first;
 * Linux would spread them over its SO_REUSEPORT group by hash, so the
 * group gets a classic BPF program that picks its first member
 * (ws_bind_listen_first()).
 *
 * A bind is permanent, as on Windows: the sock of an explicit bind keeps its
 * port (SOCK_BINDPORT_LOCK, even for port 0, set before the inet bind so
 * that a disconnect on another thread cannot race it) when a datagram
 * socket's association is dissolved or a connect fails, which would
 * otherwise return an ephemeral port to Linux while the table still holds
 * it; and a bound socket cannot be bound again (WSAEINVAL). Whether a
 * socket is in the table is whether its bind_node is hashed.
 *
 * Locking: each namespace's table has a mutex (process context only) that
 * protects it, each entry's bind_node, bind_port and bind_addr, and the
 * reuseaddr and exclusive flags and the sock's IPV6_V6ONLY of every ws
 * socket of the namespace (so that bind sees them stable). It nests
 * outside the socket lock (the inet bind takes that). Entries are removed by ws_bind_forget() from
 * ws_release(), so an entry never outlives its socket, and a namespace's
 * table is empty when the namespace goes (its sockets hold it).
 */
#include <linux/filter.h>
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sock_reuseport.h>

#include "ws.h"

struct ws_bind_table {
	struct mutex		lock;		/* the table, and see above */
	DECLARE_HASHTABLE(ports, 8);	/* ws_sock.bind_node by port */
};

static unsigned int ws_bind_net_id __read_mostly;

static struct ws_bind_table *ws_bind_table_of(const struct ws_sock *ws)
{
	return net_generic(sock_net(ws->sk), ws_bind_net_id);
}

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

/* The rule for two addresses of one family: the same, or which is any. */
static int ws_bind_rule(bool same, bool held_any, bool want_any,
			struct ws_bind_flags fh, struct ws_bind_flags fw)
{
	if (same) {
		if (fh.exclusive || fw.exclusive || !fw.reuseaddr)
			return -EADDRINUSE;
		return fh.reuseaddr ? 0 : -EACCES;
	}
	if (held_any && fh.exclusive)
		return -EACCES;
	if (want_any && fw.exclusive && !fh.exclusive)
		return -EADDRINUSE;
	return 0;
}

/* What an address covers of the IPv4 port space. */
enum ws_v4_view {
	WS_V4_NONE,	/* nothing: an IPv6-only socket, or ::1 */
	WS_V4_ADDR,	/* one IPv4 address (or 0.0.0.0), in *v4 */
	WS_V4_ALL,	/* a dual-stack IPv6 socket's :: */
};

static enum ws_v4_view ws_v4_view_of(const union ws_addr *a,
				     struct ws_bind_flags f, __be32 *v4)
{
	if (a->sa.sa_family == AF_INET) {
		*v4 = a->sin.sin_addr.s_addr;
		return WS_V4_ADDR;
	}
	if (!f.dual)
		return WS_V4_NONE;
	if (ipv6_addr_v4mapped(&a->sin6.sin6_addr)) {
		*v4 = a->sin6.sin6_addr.s6_addr32[3];
		return WS_V4_ADDR;
	}
	return ipv6_addr_any(&a->sin6.sin6_addr) ? WS_V4_ALL : WS_V4_NONE;
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
	enum ws_v4_view vh, vw;
	__be32 h4 = 0, w4 = 0;

	if (held->sa.sa_family == want->sa.sa_family)
		return ws_bind_rule(ws_addr_same(held, want), ws_addr_any(held),
				    ws_addr_any(want), fh, fw);

	/* An IPv4 socket and an IPv6 one: only a dual-stack one meets it. */
	vh = ws_v4_view_of(held, fh, &h4);
	vw = ws_v4_view_of(want, fw, &w4);
	if (vh == WS_V4_NONE || vw == WS_V4_NONE)
		return 0;
	if (vh == WS_V4_ADDR && vw == WS_V4_ADDR)
		return ws_bind_rule(h4 == w4, h4 == htonl(INADDR_ANY),
				    w4 == htonl(INADDR_ANY), fh, fw);
	/* A dual-stack wildcard next to an IPv4 bind. */
	if (vh == WS_V4_ALL || h4 == htonl(INADDR_ANY))
		return fh.exclusive ? -EACCES : 0;
	return fw.exclusive && !fh.exclusive ? -EADDRINUSE : 0;
}
EXPORT_SYMBOL_IF_KUNIT(ws_bind_conflict);

static struct ws_bind_flags ws_bind_flags_of(const struct ws_sock *ws)
{
	return (struct ws_bind_flags){
		.reuseaddr = READ_ONCE(ws->reuseaddr),
		.exclusive = READ_ONCE(ws->exclusive),
		.dual = ws->sk->sk_family == AF_INET6 &&
			!ws->sk->sk_ipv6only,
	};
}

static u16 ws_addr_port_host(const union ws_addr *addr)
{
	return ntohs(addr->sa.sa_family == AF_INET ? addr->sin.sin_port :
						     addr->sin6.sin6_port);
}

/* Do the two binds cover a common address (same, or a wildcard)? */
static bool ws_addr_overlap(const union ws_addr *a, struct ws_bind_flags fa,
			    const union ws_addr *b, struct ws_bind_flags fb)
{
	enum ws_v4_view va, vb;
	__be32 a4 = 0, b4 = 0;

	if (a->sa.sa_family == b->sa.sa_family)
		return ws_addr_any(a) || ws_addr_any(b) || ws_addr_same(a, b);
	va = ws_v4_view_of(a, fa, &a4);
	vb = ws_v4_view_of(b, fb, &b4);
	if (va == WS_V4_NONE || vb == WS_V4_NONE)
		return false;
	return va == WS_V4_ALL || vb == WS_V4_ALL || a4 == b4 ||
	       a4 == htonl(INADDR_ANY) || b4 == htonl(INADDR_ANY);
}

/* May @ws bind @addr:@port next to the table's sockets? */
static int ws_bind_check(struct ws_bind_table *t, struct ws_sock *ws,
			 const union ws_addr *addr, u16 port)
{
	struct ws_bind_flags flags = ws_bind_flags_of(ws);
	kuid_t uid = sock_i_uid(ws->sk);
	struct ws_sock *other;
	int err;

	lockdep_assert_held(&t->lock);
	hash_for_each_possible(t->ports, other, bind_node, port) {
		struct ws_bind_flags oflags;

		if (other->bind_port != port ||
		    other->sk->sk_protocol != ws->sk->sk_protocol)
			continue;
		oflags = ws_bind_flags_of(other);
		err = ws_bind_conflict(&other->bind_addr, oflags, addr, flags);
		if (err)
			return err;
		if (ws_addr_overlap(&other->bind_addr, oflags, addr, flags) &&
		    !uid_eq(uid, sock_i_uid(other->sk)))
			return -EACCES;
	}
	return 0;
}

/**
 * ws_bind_lower() - bind the socket's sock by the Windows sharing rules
 * @ws: the socket
 * @addr: the address, of the socket's family
 * @len: its length
 *
 * Context: process context, may sleep.
 * Return: 0; -EINVAL if the socket is bound already; -EADDRINUSE or -EACCES
 * when the Windows rules forbid the bind; or the inet bind's error.
 */
int ws_bind_lower(struct ws_sock *ws, union ws_addr *addr, int len)
{
	struct ws_bind_table *t = ws_bind_table_of(ws);
	u16 port = ws_addr_port_host(addr);
	struct sock *sk = ws->sk;
	u8 reuse, reuseport, userlocks;
	int err;

	might_sleep();
	mutex_lock(&t->lock);
	/* Winsock: bind on a bound socket, even one bound implicitly. */
	if (!hlist_unhashed(&ws->bind_node) || ws_lower_is_bound(ws)) {
		err = -EINVAL;
		goto out;
	}
	if (port) {
		err = ws_bind_check(t, ws, addr, port);
		if (err)
			goto out;
	}

	/*
	 * The table decided among ws sockets; Linux is told to let them share
	 * an explicit port, by SO_REUSEPORT alone. An ephemeral port is never
	 * shared: Linux could otherwise pick a port another reuseport socket
	 * of the same user holds. SOCK_BINDPORT_LOCK is set before the bind,
	 * so that no disconnect racing it on another thread can give the
	 * port back between the bind and the table entry.
	 */
	lock_sock(sk);
	reuse = sk->sk_reuse;
	reuseport = sk->sk_reuseport;
	userlocks = sk->sk_userlocks;
	sk->sk_reuse = SK_NO_REUSE;
	sk->sk_reuseport = !!port;
	sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	release_sock(sk);

	err = ws->inet_ops->bind(ws->sock, &addr->sa, len);

	lock_sock(sk);
	if (!err && !inet_sk(sk)->inet_num)
		err = -EINVAL;	/* cannot happen with the port locked */
	if (err) {
		/* A failed inet bind changed none of these. */
		sk->sk_reuse = reuse;
		sk->sk_reuseport = reuseport;
		sk->sk_userlocks = userlocks;
	} else {
		ws->bind_port = inet_sk(sk)->inet_num;
	}
	release_sock(sk);
	if (err)
		goto out;
	ws->bind_addr = *addr;
	hash_add(t->ports, &ws->bind_node, ws->bind_port);
out:
	mutex_unlock(&t->lock);
	return err;
}

/**
 * ws_bind_listen_first() - connections to the first listener of a group
 * @ws: a stream socket that now listens
 *
 * Windows delivers a connection to the first of the sockets listening on
 * one address (Wine test_reuseaddr: "The connection is delivered to the
 * first socket"). The lower listeners sharing the address form a Linux
 * SO_REUSEPORT group, in the order they started listening; once it has
 * two, it gets a program that always picks member 0 (a member that goes
 * is replaced by the last one). A failure to attach it leaves Linux's
 * choice by hash.
 *
 * Context: process context, after a successful listen.
 */
void ws_bind_listen_first(struct ws_sock *ws)
{
	static const struct sock_filter first[] = {
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog_kern fprog = {
		.len = ARRAY_SIZE(first),
		.filter = (struct sock_filter *)first,
	};
	struct sock_reuseport *reuse;
	struct sock *sk = ws->sk;
	struct bpf_prog *prog;
	bool need;

	if (!sk->sk_reuseport)
		return;
	rcu_read_lock();
	reuse = rcu_dereference(sk->sk_reuseport_cb);
	need = reuse && READ_ONCE(reuse->num_socks) > 1 &&
	       !rcu_access_pointer(reuse->prog);
	rcu_read_unlock();
	if (!need || bpf_prog_create(&prog, &fprog))
		return;
	lock_sock(sk);
	if (reuseport_attach_prog(sk, prog))
		bpf_prog_destroy(prog);
	release_sock(sk);
}

/**
 * ws_bind_set_flags() - set SO_REUSEADDR or SO_EXCLUSIVEADDRUSE
 * @ws: the socket
 * @optname: WS_SO_REUSEADDR or WS_SO_EXCLUSIVEADDRUSE
 * @on: the value
 *
 * The two exclude each other (WSAEINVAL); SO_EXCLUSIVEADDRUSE cannot change
 * once the socket is bound (WSAEINVAL).
 *
 * Context: process context, may sleep.
 * Return: 0 or -EINVAL.
 */
int ws_bind_set_flags(struct ws_sock *ws, int optname, bool on)
{
	struct ws_bind_table *t = ws_bind_table_of(ws);
	int err = 0;

	mutex_lock(&t->lock);
	if (optname == WS_SO_REUSEADDR) {
		if (on && ws->exclusive)
			err = -EINVAL;
		else
			WRITE_ONCE(ws->reuseaddr, on);
	} else {
		if ((on && ws->reuseaddr) || ws_lower_is_bound(ws))
			err = -EINVAL;
		else
			WRITE_ONCE(ws->exclusive, on);
	}
	mutex_unlock(&t->lock);
	return err;
}

/**
 * ws_bind_set_v6only() - set IPV6_V6ONLY of an IPv6 socket
 * @ws: the socket
 * @on: the value
 *
 * Under the table's mutex, so that a bind sees the value its sock gets
 * (the rule for IPv4 neighbours depends on it); Linux refuses a change once
 * the socket is bound (EINVAL), as Windows does.
 *
 * Context: process context, may sleep.
 * Return: 0 or the sock's setsockopt error.
 */
int ws_bind_set_v6only(struct ws_sock *ws, bool on)
{
	struct ws_bind_table *t = ws_bind_table_of(ws);
	int val = on, err;

	mutex_lock(&t->lock);
	err = ws->inet_ops->setsockopt(ws->sock, SOL_IPV6, IPV6_V6ONLY,
				       KERNEL_SOCKPTR(&val), sizeof(val));
	mutex_unlock(&t->lock);
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
	struct ws_bind_table *t = ws_bind_table_of(ws);

	might_sleep();
	mutex_lock(&t->lock);
	if (!hlist_unhashed(&ws->bind_node)) {
		hash_del(&ws->bind_node);
		ws->bind_port = 0;
	}
	mutex_unlock(&t->lock);
}

static int __net_init ws_bind_net_init(struct net *net)
{
	struct ws_bind_table *t = net_generic(net, ws_bind_net_id);

	mutex_init(&t->lock);
	hash_init(t->ports);
	return 0;
}

static void __net_exit ws_bind_net_exit(struct net *net)
{
	struct ws_bind_table *t = net_generic(net, ws_bind_net_id);

	WARN_ON_ONCE(!hash_empty(t->ports));
	mutex_destroy(&t->lock);
}

static struct pernet_operations ws_bind_net_ops = {
	.init	= ws_bind_net_init,
	.exit	= ws_bind_net_exit,
	.id	= &ws_bind_net_id,
	.size	= sizeof(struct ws_bind_table),
};

int ws_bind_init(void)
{
	return register_pernet_subsys(&ws_bind_net_ops);
}

void ws_bind_exit(void)
{
	unregister_pernet_subsys(&ws_bind_net_ops);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the ws module's internal logic.
 *
 * Suites:
 *  ws_addr    - the Winsock checks of socket addresses
 *  ws_bind    - the Windows address-sharing rule
 *  ws_sockopt - how option values are read and written, and their
 *               conversions
 *  ws_socket  - whole ws sockets over real kernel TCP/UDP sockets on
 *               loopback, driven through their proto_ops
 *  ws_netevent - the WSAEventSelect record's state machine: record,
 *               report, re-enable, mask change
 *  ws_port    - a completion port's queue: order, batches, the newest
 *               waiter first, concurrency, closing
 *  ws_ovq     - the overlapped request queue through its ioctls: posting
 *               order, completion at once, zero-length receives,
 *               cancellation, close, datagram overflow, the limits
 *  ws_catalog - the protocol catalog's entries, and which multipoint roles
 *               (WSASocket's WSA_FLAG_MULTIPOINT_*) an entry admits
 *  ws_event   - auto-reset event objects: who takes a set, through the
 *               waits of WS_IOC_WAIT run by kernel threads
 *  ws_rooted  - rooted multipoint's frame header parser and the sequence
 *               of frames a connection accepts
 *
 * Expected values come from the Winsock 2 specification (the page is named
 * beside each case) or from observed Windows behaviour.
 */
#include <kunit/test.h>
#include <linux/net.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/delay.h>
#include <linux/inet.h>
#include <linux/kthread.h>
#include <linux/sockios.h>
#include <linux/uio.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "../../kmod/ws.h"

WS_IMPORT_KUNIT_NS();

/* --- ws_addr ------------------------------------------------------------- */

/* A ws_sock over a bare sock of @family and @type, for the address checks. */
static struct ws_sock *ws_kunit_fake(struct kunit *test, int family, int type)
{
	struct ws_sock *ws = kunit_kzalloc(test, sizeof(*ws), GFP_KERNEL);
	struct sock *sk = kunit_kzalloc(test, sizeof(*sk), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ws);
	KUNIT_ASSERT_NOT_NULL(test, sk);
	sk->sk_family = family;
	sk->sk_type = type;
	ws->sk = sk;
	return ws;
}

static void ws_addr_check_inet(struct kunit *test)
{
	struct ws_sock *ws = ws_kunit_fake(test, AF_INET, SOCK_STREAM);
	struct sockaddr_in in = {
		.sin_family = AF_INET,
		.sin_port = htons(80),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};

	KUNIT_EXPECT_EQ(test, ws_addr_check(ws, (struct sockaddr *)&in,
					    sizeof(in)),
			(int)sizeof(struct sockaddr_in));
	/* A longer buffer is fine; the address is the family's size. */
	KUNIT_EXPECT_EQ(test, ws_addr_check(ws, (struct sockaddr *)&in, 128),
			(int)sizeof(struct sockaddr_in));
}

/*
 * IPv6 addresses cross the kernel boundary in Linux's numbering, so that
 * the LSMs see an AF_INET6 address; Winsock's 23 is libws's to convert.
 */
static void ws_addr_check_inet6_linux_numbering(struct kunit *test)
{
	struct ws_sock *ws = ws_kunit_fake(test, AF_INET6, SOCK_DGRAM);
	struct sockaddr_in6 in6 = {
		.sin6_family = AF_INET6,
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};
	struct sockaddr_in6 win6 = { .sin6_family = WS_AF_INET6 };

	KUNIT_EXPECT_EQ(test, ws_addr_check(ws, (struct sockaddr *)&in6,
					    sizeof(in6)),
			(int)sizeof(struct sockaddr_in6));
	KUNIT_EXPECT_EQ(test, ws_addr_check(ws, (struct sockaddr *)&win6,
					    sizeof(win6)), -EAFNOSUPPORT);
}

/* bind/connect pages: a namelen too small for the family is WSAEFAULT. */
static void ws_addr_check_short_is_efault(struct kunit *test)
{
	struct ws_sock *ws = ws_kunit_fake(test, AF_INET6, SOCK_STREAM);
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };

	KUNIT_EXPECT_EQ(test, ws_addr_check(ws, (struct sockaddr *)&in6,
					    sizeof(in6) - 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, ws_addr_check(ws, (struct sockaddr *)&in6, 1),
			-EFAULT);
}

/* connect page: "Addresses in the specified family cannot be used". */
static void ws_addr_check_wrong_family(struct kunit *test)
{
	struct ws_sock *ws = ws_kunit_fake(test, AF_INET, SOCK_STREAM);
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };

	KUNIT_EXPECT_EQ(test, ws_addr_check(ws, (struct sockaddr *)&in6,
					    sizeof(in6)), -EAFNOSUPPORT);
}

static struct kunit_case ws_addr_cases[] = {
	KUNIT_CASE(ws_addr_check_inet),
	KUNIT_CASE(ws_addr_check_inet6_linux_numbering),
	KUNIT_CASE(ws_addr_check_short_is_efault),
	KUNIT_CASE(ws_addr_check_wrong_family),
	{}
};

static struct kunit_suite ws_addr_suite = {
	.name = "ws_addr",
	.test_cases = ws_addr_cases,
};

/* --- ws_bind ------------------------------------------------------------- */

static void ws_kunit_in(union ws_addr *a, u32 host_addr)
{
	memset(a, 0, sizeof(*a));
	a->sin.sin_family = AF_INET;
	a->sin.sin_port = htons(5000);
	a->sin.sin_addr.s_addr = htonl(host_addr);
}

static const struct ws_bind_flags ws_plain = { };
static const struct ws_bind_flags ws_reuse = { .reuseaddr = true };
static const struct ws_bind_flags ws_excl = { .exclusive = true };

/*
 * Expected values: Wine's test_reuseaddr, which records Windows' answers.
 * The same address twice is WSAEADDRINUSE unless the new socket set
 * SO_REUSEADDR.
 */
static void ws_bind_conflict_plain_second_bind(struct kunit *test)
{
	union ws_addr lo;

	ws_kunit_in(&lo, INADDR_LOOPBACK);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo, ws_plain, &lo, ws_plain), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo, ws_reuse, &lo, ws_plain), -EADDRINUSE);
}

/* SO_REUSEADDR on the second socket only: WSAEACCES; on both: shared. */
static void ws_bind_conflict_reuseaddr_second_bind(struct kunit *test)
{
	union ws_addr lo;

	ws_kunit_in(&lo, INADDR_LOOPBACK);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo, ws_plain, &lo, ws_reuse), -EACCES);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo, ws_reuse, &lo, ws_reuse), 0);
}

/* SO_EXCLUSIVEADDRUSE on the same address: nobody shares. */
static void ws_bind_conflict_exclusive(struct kunit *test)
{
	union ws_addr lo;

	ws_kunit_in(&lo, INADDR_LOOPBACK);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo, ws_excl, &lo, ws_reuse), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo, ws_plain, &lo, ws_excl), -EADDRINUSE);
}

/* The wildcard and a specific address coexist, but for an exclusive wildcard. */
static void ws_bind_conflict_wildcard(struct kunit *test)
{
	union ws_addr any, lo, lo2;

	ws_kunit_in(&any, INADDR_ANY);
	ws_kunit_in(&lo, INADDR_LOOPBACK);
	ws_kunit_in(&lo2, INADDR_LOOPBACK + 1);

	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any, ws_plain, &lo, ws_plain), 0);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo, ws_plain, &any, ws_plain), 0);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any, ws_excl, &lo, ws_plain), -EACCES);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any, ws_excl, &lo, ws_excl), -EACCES);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any, ws_plain, &lo, ws_excl), 0);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo, ws_excl, &any, ws_plain), 0);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo, ws_plain, &any, ws_excl), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo, ws_plain, &lo2, ws_plain), 0);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any, ws_plain, &any, ws_plain), -EADDRINUSE);
}

static void ws_kunit_in6(union ws_addr *a, const char *text)
{
	memset(a, 0, sizeof(*a));
	a->sin6.sin6_family = AF_INET6;
	a->sin6.sin6_port = htons(5000);
	in6_pton(text, -1, a->sin6.sin6_addr.s6_addr, -1, NULL);
}

static const struct ws_bind_flags ws_dual = { .dual = true };
static const struct ws_bind_flags ws_dual_excl = { .dual = true, .exclusive = true };

/*
 * An IPv6 socket without IPV6_V6ONLY next to an IPv4 one: the rows of Wine
 * test_reuseaddr's tests_exclusive with an AF_INET6 socket (all of which
 * clear IPV6_V6ONLY), in their order.
 */
static void ws_bind_conflict_dual_stack(struct kunit *test)
{
	union ws_addr any4, lo4, any6, lo6, lo_mapped, any_mapped;

	ws_kunit_in(&any4, INADDR_ANY);
	ws_kunit_in(&lo4, INADDR_LOOPBACK);
	ws_kunit_in6(&any6, "::");
	ws_kunit_in6(&lo6, "::1");
	ws_kunit_in6(&lo_mapped, "::ffff:127.0.0.1");
	ws_kunit_in6(&any_mapped, "::ffff:0.0.0.0");

	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any6, ws_dual_excl, &lo4, ws_plain), -EACCES);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo4, ws_plain, &any6, ws_dual_excl), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo6, ws_dual, &any4, ws_excl), 0);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo6, ws_dual_excl, &lo4, ws_excl), 0);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo_mapped, ws_dual, &any4, ws_excl), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any6, ws_dual_excl, &any4, ws_plain), -EACCES);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any6, ws_dual, &any4, ws_excl), 0);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any6, ws_dual, &any4, ws_plain), 0);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any_mapped, ws_dual, &any4, ws_plain), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo_mapped, ws_dual, &lo4, ws_plain), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo4, ws_plain, &lo_mapped, ws_dual), -EADDRINUSE);
	/* An IPV6_V6ONLY socket never meets an IPv4 one. */
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&any6, ws_excl, &lo4, ws_plain), 0);
	KUNIT_EXPECT_EQ(test, ws_bind_conflict(&lo4, ws_plain, &any6, ws_excl), 0);
}

static struct kunit_case ws_bind_cases[] = {
	KUNIT_CASE(ws_bind_conflict_plain_second_bind),
	KUNIT_CASE(ws_bind_conflict_reuseaddr_second_bind),
	KUNIT_CASE(ws_bind_conflict_exclusive),
	KUNIT_CASE(ws_bind_conflict_wildcard),
	KUNIT_CASE(ws_bind_conflict_dual_stack),
	{}
};

static struct kunit_suite ws_bind_suite = {
	.name = "ws_bind",
	.test_cases = ws_bind_cases,
};

/* --- ws_sockopt ---------------------------------------------------------- */

/*
 * Expected values: Wine's test_set_getsockopt (its test_optsize table and
 * the TCP_NODELAY and IP_MULTICAST_TTL sequences), which record how Windows
 * reads a value of each form.
 */
static void ws_opt_read_sbool(struct kunit *test)
{
	u8 bytes[8] = { 0, 1, 0, 0, 1, 0, 0, 0 };
	int four = 0x100;	/* nonzero only in its second byte */
	u32 v;

	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&four), 4, WS_IN_SBOOL, &v), 0);
	KUNIT_EXPECT_NE(test, v, 0U);
	/* Two bytes 01 00 are TRUE, one byte 00 is FALSE. */
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(bytes + 1), 2, WS_IN_SBOOL, &v), 0);
	KUNIT_EXPECT_NE(test, v, 0U);
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(bytes), 1, WS_IN_SBOOL, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0U);
	/* optlen 0 succeeds and reads nothing: FALSE. */
	v = 0xdead;
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&four), 0, WS_IN_SBOOL, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0U);
	/* A huge optlen (a negative one) reads four bytes. */
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(bytes + 4), U32_MAX >> 1,
					  WS_IN_SBOOL, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 1U);
}

static void ws_opt_read_bool1(struct kunit *test)
{
	int four = 0x100;
	u32 v;

	/* SO_KEEPALIVE, TCP_NODELAY: the first byte only ("should be 0"). */
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&four), 4, WS_IN_BOOL1, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0U);
	four = 1;
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&four), 42, WS_IN_BOOL1, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 1U);
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&four), 0, WS_IN_BOOL1, &v), -EFAULT);
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&four), WS_OPTLEN_MAX + 1,
					  WS_IN_BOOL1, &v), -ENOBUFS);
}

static void ws_opt_read_short(struct kunit *test)
{
	int ttl[] = { 0xffffff0a, 0xffff000b, 0xff00000c, 0x0000000d };
	u32 v;

	/* IP_MULTICAST_TTL from 1, 2, 3 and 4 bytes: that many low bytes. */
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&ttl[0]), 1, WS_IN_SHORT, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x0aU);
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&ttl[1]), 2, WS_IN_SHORT, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x000bU);
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&ttl[2]), 3, WS_IN_SHORT, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x00000cU);
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&ttl[3]), 4, WS_IN_SHORT, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0x0dU);
	/* optlen 0: WSAEFAULT; optlen -1 at an IP level: WSAENOBUFS. */
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&ttl[3]), 0, WS_IN_SHORT, &v), -EFAULT);
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&ttl[3]), U32_MAX >> 1,
					  WS_IN_SHORT, &v), -ENOBUFS);
}

static void ws_opt_read_ints(struct kunit *test)
{
	int val = 3600;
	u32 v;

	/* TCP_KEEPALIVE, IP_PKTINFO: fewer than four bytes is WSAEFAULT. */
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&val), 2, WS_IN_INT, &v), -EFAULT);
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&val), 4, WS_IN_INT, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 3600U);
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&val), U32_MAX >> 1,
					  WS_IN_INT, &v), -ENOBUFS);
	/* SO_RCVBUF: the same, but a negative optlen reads four bytes. */
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&val), 2, WS_IN_SINT, &v), -EFAULT);
	KUNIT_EXPECT_EQ(test, ws_opt_read(KERNEL_SOCKPTR(&val), U32_MAX >> 1,
					  WS_IN_SINT, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 3600U);
}

/* Wine test_optsize: what getsockopt writes into 1, 2 and 4 bytes. */
static void ws_opt_out_plan_forms(struct kunit *test)
{
	struct ws_out_plan p;

	/* SO_BROADCAST into 2 bytes: both zeroed, one byte, optlen 1. */
	p = ws_opt_out_plan(2, 4, WS_OUT_SBOOL);
	KUNIT_EXPECT_EQ(test, p.err, 0);
	KUNIT_EXPECT_EQ(test, p.zero, 2U);
	KUNIT_EXPECT_EQ(test, p.copy, 1U);
	KUNIT_EXPECT_EQ(test, p.optlen, 1);
	/* IP_MULTICAST_LOOP into 2 bytes: one byte, the other left. */
	p = ws_opt_out_plan(2, 4, WS_OUT_SHORT);
	KUNIT_EXPECT_EQ(test, p.zero, 0U);
	KUNIT_EXPECT_EQ(test, p.copy, 1U);
	KUNIT_EXPECT_EQ(test, p.optlen, 1);
	/* SO_KEEPALIVE into 8 bytes: still one byte, optlen 1. */
	p = ws_opt_out_plan(8, 4, WS_OUT_BOOL1);
	KUNIT_EXPECT_EQ(test, p.copy, 1U);
	KUNIT_EXPECT_EQ(test, p.optlen, 1);
	/* SO_RCVBUF into 2 bytes: zeroed, WSAEFAULT, optlen kept. */
	p = ws_opt_out_plan(2, 4, WS_OUT_ZFAULT);
	KUNIT_EXPECT_EQ(test, p.err, -EFAULT);
	KUNIT_EXPECT_EQ(test, p.zero, 2U);
	KUNIT_EXPECT_EQ(test, p.copy, 0U);
	KUNIT_EXPECT_EQ(test, p.optlen, -1);
	/* TCP_KEEPALIVE into 1 byte: WSAEFAULT, optlen 0. */
	p = ws_opt_out_plan(1, 4, WS_OUT_FAULT0);
	KUNIT_EXPECT_EQ(test, p.err, -EFAULT);
	KUNIT_EXPECT_EQ(test, p.copy, 0U);
	KUNIT_EXPECT_EQ(test, p.optlen, 0);
	/* SO_RCVTIMEO into 2 bytes: untouched. */
	p = ws_opt_out_plan(2, 4, WS_OUT_FAULT);
	KUNIT_EXPECT_EQ(test, p.err, -EFAULT);
	KUNIT_EXPECT_EQ(test, p.zero + p.copy, 0U);
	KUNIT_EXPECT_EQ(test, p.optlen, -1);
	/* Any option into 0 bytes, or a negative room: WSAEFAULT, untouched. */
	p = ws_opt_out_plan(0, 4, WS_OUT_SBOOL);
	KUNIT_EXPECT_EQ(test, p.err, -EFAULT);
	KUNIT_EXPECT_EQ(test, p.zero + p.copy, 0U);
	p = ws_opt_out_plan(-1, 4, WS_OUT_BOOL1);
	KUNIT_EXPECT_EQ(test, p.err, -EFAULT);
	/* A room of the value's size or more: the value, optlen its size. */
	p = ws_opt_out_plan(8, 4, WS_OUT_FAULT0);
	KUNIT_EXPECT_EQ(test, p.err, 0);
	KUNIT_EXPECT_EQ(test, p.copy, 4U);
	KUNIT_EXPECT_EQ(test, p.optlen, 4);
}

static void ws_sockopt_conversions(struct kunit *test)
{
	int ifindex = 0;

	/* Wine test_optsize: TCP_KEEPCNT 256 is WSAEINVAL; Linux keeps 127. */
	KUNIT_EXPECT_EQ(test, ws_tcp_keepcnt(5), 5);
	KUNIT_EXPECT_EQ(test, ws_tcp_keepcnt(255), 127);
	KUNIT_EXPECT_EQ(test, ws_tcp_keepcnt(256), -EINVAL);
	KUNIT_EXPECT_EQ(test, ws_tcp_keepcnt(0), -EINVAL);
	/* Wine test_sockopt_validity: IP_MTU_DISCOVER's default cannot be set. */
	KUNIT_EXPECT_EQ(test, ws_pmtudisc_to_ws(IP_PMTUDISC_WANT), (u32)WS_IP_PMTUDISC_NOT_SET);
	KUNIT_EXPECT_EQ(test, ws_pmtudisc_from_ws(WS_IP_PMTUDISC_NOT_SET), -EINVAL);
	KUNIT_EXPECT_EQ(test, ws_pmtudisc_from_ws(WS_IP_PMTUDISC_DO), IP_PMTUDISC_DO);
	KUNIT_EXPECT_EQ(test, ws_pmtudisc_from_ws(WS_IP_PMTUDISC_DONT), IP_PMTUDISC_DONT);
	KUNIT_EXPECT_EQ(test, ws_pmtudisc_to_ws(IP_PMTUDISC_DONT), (u32)WS_IP_PMTUDISC_DONT);
	KUNIT_EXPECT_EQ(test, ws_pmtudisc_from_ws(4), -EINVAL);
	/* IP_MULTICAST_IF: 0.0.0.x is interface x; anything else an address. */
	KUNIT_EXPECT_TRUE(test, ws_mcast_if_index(htonl(7), &ifindex));
	KUNIT_EXPECT_EQ(test, ifindex, 7);
	KUNIT_EXPECT_FALSE(test, ws_mcast_if_index(htonl(INADDR_LOOPBACK), &ifindex));
	KUNIT_EXPECT_FALSE(test, ws_mcast_if_index(htonl(INADDR_ANY), &ifindex));
	/* SO_CONNECT_TIME: whole seconds (Wine test_connect_time: 0 at once). */
	KUNIT_EXPECT_EQ(test, ws_connect_time_secs(1000, 1000), 0U);
	KUNIT_EXPECT_EQ(test, ws_connect_time_secs(1000, 1000 + HZ - 1), 0U);
	KUNIT_EXPECT_EQ(test, ws_connect_time_secs(1000, 1000 + 3 * HZ), 3U);
	KUNIT_EXPECT_EQ(test, ws_connect_time_secs(1, U64_MAX), U32_MAX - 1);
}

/*
 * SIO_IDEAL_SEND_BACKLOG_QUERY: twice the window's bytes, 64 KiB at least
 * (Wine test_backlog_query: loopback reads 0x10000), tcp_wmem[2] at most.
 */
static void ws_ideal_send_backlog_bounds(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ws_ideal_send_backlog(10, 65483, 4194304), 1309660U);
	KUNIT_EXPECT_EQ(test, ws_ideal_send_backlog(10, 1448, 4194304), 65536U);
	KUNIT_EXPECT_EQ(test, ws_ideal_send_backlog(0, 0, 4194304), 65536U);
	KUNIT_EXPECT_EQ(test, ws_ideal_send_backlog(100000, 65483, 4194304), 4194304U);
	/* No product overflow, and a maximum below the minimum gives it. */
	KUNIT_EXPECT_EQ(test, ws_ideal_send_backlog(U32_MAX, U32_MAX, 4194304), 4194304U);
	KUNIT_EXPECT_EQ(test, ws_ideal_send_backlog(100, 1448, 4096), 65536U);
}

/* UDP over IPv4: 65535 - 20 (IP) - 8 (UDP); over IPv6: 65535 - 8. */
static void ws_max_msg_size_udp(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ws_max_msg_size(SOCK_DGRAM, WS_AF_INET), 65507U);
	KUNIT_EXPECT_EQ(test, ws_max_msg_size(SOCK_DGRAM, WS_AF_INET6), 65527U);
}

static struct kunit_case ws_sockopt_cases[] = {
	KUNIT_CASE(ws_opt_read_sbool),
	KUNIT_CASE(ws_opt_read_bool1),
	KUNIT_CASE(ws_opt_read_short),
	KUNIT_CASE(ws_opt_read_ints),
	KUNIT_CASE(ws_opt_out_plan_forms),
	KUNIT_CASE(ws_sockopt_conversions),
	KUNIT_CASE(ws_ideal_send_backlog_bounds),
	KUNIT_CASE(ws_max_msg_size_udp),
	{}
};

static struct kunit_suite ws_sockopt_suite = {
	.name = "ws_sockopt",
	.test_cases = ws_sockopt_cases,
};

/* --- ws_socket ----------------------------------------------------------- */

static void ws_kunit_release(void *sock)
{
	sock_release(sock);
}

static struct socket *ws_kunit_socket(struct kunit *test, int type, int af)
{
	struct socket *sock;
	int err;

	err = sock_create_kern(&init_net, ws_family, type,
			       WS_PROTOCOL(af, 0), &sock);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ws_kunit_release,
							sock), 0);
	return sock;
}

static int ws_kunit_bind_lo(struct socket *sock, int af)
{
	struct sockaddr_in6 in6 = {
		.sin6_family = AF_INET6,
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};
	struct sockaddr_in in = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};

	if (af == WS_AF_INET6)
		return kernel_bind(sock, (struct sockaddr *)&in6, sizeof(in6));
	return kernel_bind(sock, (struct sockaddr *)&in, sizeof(in));
}

/* A connected pair over loopback: *a connected to the accepted *b. */
static void ws_kunit_pair(struct kunit *test, int af, struct socket **a,
			  struct socket **b)
{
	struct socket *l = ws_kunit_socket(test, SOCK_STREAM, af);
	struct sockaddr_storage name;
	int len;

	KUNIT_ASSERT_EQ(test, ws_kunit_bind_lo(l, af), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(l, 4), 0);
	len = kernel_getsockname(l, (struct sockaddr *)&name);
	KUNIT_ASSERT_GT(test, len, 0);

	*a = ws_kunit_socket(test, SOCK_STREAM, af);
	KUNIT_ASSERT_EQ(test, kernel_connect(*a, (struct sockaddr *)&name, len, 0), 0);
	KUNIT_ASSERT_EQ(test, kernel_accept(l, b, 0), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ws_kunit_release,
							*b), 0);
}

static int ws_kunit_send(struct socket *sock, const char *buf, size_t len)
{
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { };

	return kernel_sendmsg(sock, &msg, &iov, 1, len);
}

static int ws_kunit_recv(struct socket *sock, char *buf, size_t len, int flags)
{
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { };

	return kernel_recvmsg(sock, &msg, &iov, 1, len, flags);
}

static void ws_socket_stream_echo_inet6(struct kunit *test)
{
	struct sockaddr_storage name;
	struct socket *a, *b;
	char buf[8] = "poison";

	ws_kunit_pair(test, WS_AF_INET6, &a, &b);
	KUNIT_EXPECT_EQ(test, ws_kunit_send(a, "hello", 5), 5);
	KUNIT_EXPECT_EQ(test, ws_kunit_recv(b, buf, sizeof(buf), 0), 5);
	KUNIT_EXPECT_MEMEQ(test, buf, "hello", 5);

	/* getpeername: an IPv6 address, in the kernel's numbering. */
	KUNIT_EXPECT_EQ(test, kernel_getpeername(b, (struct sockaddr *)&name),
			(int)sizeof(struct sockaddr_in6));
	KUNIT_EXPECT_EQ(test, name.ss_family, AF_INET6);
}

/* shutdown page: after SD_SEND, send fails with WSAESHUTDOWN. */
static void ws_socket_send_after_sd_send(struct kunit *test)
{
	struct socket *a, *b;
	char buf[4];

	ws_kunit_pair(test, WS_AF_INET, &a, &b);
	KUNIT_ASSERT_EQ(test, kernel_sock_shutdown(a, SHUT_WR), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_send(a, "x", 1), -ESHUTDOWN);
	/* The peer sees the graceful close: recv returns 0. */
	KUNIT_EXPECT_EQ(test, ws_kunit_recv(b, buf, sizeof(buf), 0), 0);
}

/* recv page: a datagram larger than the buffer is WSAEMSGSIZE. */
static void ws_socket_dgram_truncated(struct kunit *test)
{
	struct socket *s = ws_kunit_socket(test, SOCK_DGRAM, WS_AF_INET);
	struct sockaddr_storage name;
	char buf[4];
	int len;

	KUNIT_ASSERT_EQ(test, ws_kunit_bind_lo(s, WS_AF_INET), 0);
	len = kernel_getsockname(s, (struct sockaddr *)&name);
	KUNIT_ASSERT_EQ(test, len, (int)sizeof(struct sockaddr_in));
	KUNIT_ASSERT_EQ(test, kernel_connect(s, (struct sockaddr *)&name, len, 0), 0);
	KUNIT_ASSERT_EQ(test, ws_kunit_send(s, "truncated", 9), 9);
	KUNIT_EXPECT_EQ(test, ws_kunit_recv(s, buf, sizeof(buf), 0), -EMSGSIZE);
	KUNIT_EXPECT_MEMEQ(test, buf, "truncated", sizeof(buf));
}

/* listen page: listen on an unbound socket is WSAEINVAL. */
static void ws_socket_listen_unbound(struct kunit *test)
{
	struct socket *s = ws_kunit_socket(test, SOCK_STREAM, WS_AF_INET);

	KUNIT_EXPECT_EQ(test, kernel_listen(s, 1), -EINVAL);
}

/* bind page: a second bind of the same socket is WSAEINVAL. */
static void ws_socket_bind_twice(struct kunit *test)
{
	struct socket *s = ws_kunit_socket(test, SOCK_DGRAM, WS_AF_INET6);

	KUNIT_ASSERT_EQ(test, ws_kunit_bind_lo(s, WS_AF_INET6), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_bind_lo(s, WS_AF_INET6), -EINVAL);
}

/*
 * A datagram socket bound to port 0 keeps its port when its association is
 * dissolved (Linux would give an ephemeral port back), so it stays bound:
 * a second bind is WSAEINVAL (bind page) and the port is unchanged.
 */
static void ws_socket_bind_kept_after_disconnect(struct kunit *test)
{
	struct socket *s = ws_kunit_socket(test, SOCK_DGRAM, WS_AF_INET);
	struct sockaddr_storage name, after;
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	int len;

	KUNIT_ASSERT_EQ(test, ws_kunit_bind_lo(s, WS_AF_INET), 0);
	len = kernel_getsockname(s, (struct sockaddr *)&name);
	KUNIT_ASSERT_EQ(test, len, (int)sizeof(struct sockaddr_in));
	KUNIT_ASSERT_EQ(test, kernel_connect(s, (struct sockaddr *)&name, len, 0), 0);
	KUNIT_ASSERT_EQ(test, kernel_connect(s, &unspec, sizeof(unspec), 0), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_bind_lo(s, WS_AF_INET), -EINVAL);
	KUNIT_ASSERT_EQ(test, kernel_getsockname(s, (struct sockaddr *)&after), len);
	KUNIT_EXPECT_EQ(test, ((struct sockaddr_in *)&after)->sin_port,
			((struct sockaddr_in *)&name)->sin_port);
}

static struct kunit_case ws_socket_cases[] = {
	KUNIT_CASE(ws_socket_stream_echo_inet6),
	KUNIT_CASE(ws_socket_send_after_sd_send),
	KUNIT_CASE(ws_socket_dgram_truncated),
	KUNIT_CASE(ws_socket_listen_unbound),
	KUNIT_CASE(ws_socket_bind_twice),
	KUNIT_CASE(ws_socket_bind_kept_after_disconnect),
	{}
};

static struct kunit_suite ws_socket_suite = {
	.name = "ws_socket",
	.test_cases = ws_socket_cases,
};

/* --- ws_event ------------------------------------------------------------ */

static void ws_kunit_fput(void *file)
{
	fput(file);
}

/* An event object with its file, as WS_IOC_CREATE_EVENT makes them. */
static struct file *ws_kunit_event_file(struct kunit *test, u32 flags)
{
	struct ws_event *ev = ws_event_new(flags);
	struct file *file;

	KUNIT_ASSERT_NOT_NULL(test, ev);
	file = ws_event_file(ev);
	if (IS_ERR(file))
		ws_event_put(ev);
	KUNIT_ASSERT_FALSE(test, IS_ERR(file));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ws_kunit_fput,
							file), 0);
	return file;
}

static struct ws_event *ws_kunit_ev(struct file *file)
{
	return file->private_data;
}

struct ws_kunit_evwait {
	struct file		*files[2];
	unsigned int		count;
	u32			flags;
	int			err;
	u32			index;
	struct completion	done;
};

static int ws_kunit_evwait_fn(void *arg)
{
	struct ws_kunit_evwait *w = arg;

	w->err = ws_event_wait_kernel(w->files, w->count, w->flags,
				      ktime_get_ns() + 5 * NSEC_PER_SEC,
				      &w->index);
	complete(&w->done);
	return 0;
}

/* Start a wait in a kernel thread; it ends within five seconds. */
static void ws_kunit_wait_start(struct kunit *test, struct ws_kunit_evwait *w)
{
	struct task_struct *t;

	init_completion(&w->done);
	w->err = -EINPROGRESS;
	t = kthread_run(ws_kunit_evwait_fn, w, "ws_kunit_wait");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
}

/* How many of @n waits ended; each done at most once. */
static int ws_kunit_ended(struct ws_kunit_evwait *w, int n, bool *seen)
{
	int i, ended = 0;

	for (i = 0; i < n; i++) {
		if (!seen[i] && completion_done(&w[i].done))
			seen[i] = true;
		ended += seen[i];
	}
	return ended;
}

/* Let the waits started queue themselves (TCG is slow). */
static void ws_kunit_settle(void)
{
	msleep(200);
}

/*
 * SetEvent: an auto-reset event "remains signaled until a single waiting
 * thread is released, at which time the system automatically sets the
 * state to nonsignaled"; a manual-reset one stays signalled.
 */
static void ws_event_auto_taken_once(struct kunit *test)
{
	struct ws_event *a = ws_kunit_ev(ws_kunit_event_file(test, WS_EVENT_AUTO_RESET));
	struct ws_event *m = ws_kunit_ev(ws_kunit_event_file(test, 0));

	KUNIT_EXPECT_FALSE(test, ws_event_take(a));
	ws_event_set(a);
	ws_event_set(a);	/* not counted: one take empties it */
	KUNIT_EXPECT_TRUE(test, ws_event_is_set(a));
	KUNIT_EXPECT_TRUE(test, ws_event_take(a));
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(a));
	KUNIT_EXPECT_FALSE(test, ws_event_take(a));

	ws_event_set(m);
	KUNIT_EXPECT_TRUE(test, ws_event_take(m));
	KUNIT_EXPECT_TRUE(test, ws_event_take(m));
	KUNIT_EXPECT_TRUE(test, ws_event_is_set(m));

	/* Created signalled, and reset by ResetEvent. */
	a = ws_kunit_ev(ws_kunit_event_file(test, WS_EVENT_AUTO_RESET |
					    WS_EVENT_SIGNALED));
	KUNIT_EXPECT_TRUE(test, ws_event_is_set(a));
	ws_event_reset(a);
	KUNIT_EXPECT_FALSE(test, ws_event_take(a));
}

/*
 * Four waits on one auto-reset event: each set ends exactly one, and
 * leaves the event unsignalled (SetEvent; ntsync's selftest
 * test_wake_any: one event set wakes one waiter of an auto event).
 */
static void ws_event_auto_set_ends_one_wait(struct kunit *test)
{
	struct file *f = ws_kunit_event_file(test, WS_EVENT_AUTO_RESET);
	struct ws_kunit_evwait w[4] = {};
	bool seen[4] = {};
	int i, n;

	for (i = 0; i < 4; i++) {
		w[i].files[0] = f;
		w[i].count = 1;
		ws_kunit_wait_start(test, &w[i]);
	}
	ws_kunit_settle();
	KUNIT_EXPECT_EQ(test, ws_kunit_ended(w, 4, seen), 0);
	for (n = 1; n <= 4; n++) {
		ws_event_set(ws_kunit_ev(f));
		ws_kunit_settle();
		KUNIT_EXPECT_EQ(test, ws_kunit_ended(w, 4, seen), n);
		KUNIT_EXPECT_FALSE(test, ws_event_is_set(ws_kunit_ev(f)));
	}
	for (i = 0; i < 4; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].err, 0);
		KUNIT_EXPECT_EQ(test, w[i].index, 0U);
	}
}

/*
 * WaitForMultipleObjects with bWaitAll: "the function modifies the states
 * of all objects" only when all are signalled; an auto-reset event set
 * alone stays signalled (Wine's sync.c test_WaitForMultipleObjects and
 * ntsync's test_wait_all observe the same).
 */
static void ws_event_wait_all_takes_at_once(struct kunit *test)
{
	struct file *a = ws_kunit_event_file(test, WS_EVENT_AUTO_RESET);
	struct file *m = ws_kunit_event_file(test, 0);
	struct ws_kunit_evwait w = { .files = { a, m }, .count = 2,
				     .flags = WS_WAIT_ALL };

	ws_kunit_wait_start(test, &w);
	ws_kunit_settle();
	ws_event_set(ws_kunit_ev(a));
	ws_kunit_settle();
	KUNIT_EXPECT_FALSE(test, completion_done(&w.done));
	KUNIT_EXPECT_TRUE(test, ws_event_is_set(ws_kunit_ev(a)));
	ws_event_set(ws_kunit_ev(m));
	wait_for_completion(&w.done);
	KUNIT_EXPECT_EQ(test, w.err, 0);
	KUNIT_EXPECT_EQ(test, w.index, 0U);
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(ws_kunit_ev(a)));
	KUNIT_EXPECT_TRUE(test, ws_event_is_set(ws_kunit_ev(m)));
}

/*
 * One set of an auto-reset event watched by a wait-any and by a wait-all
 * that it completes: exactly one of them has it.
 */
static void ws_event_auto_any_and_all_share_one_set(struct kunit *test)
{
	struct file *a = ws_kunit_event_file(test, WS_EVENT_AUTO_RESET);
	struct file *m = ws_kunit_event_file(test, WS_EVENT_SIGNALED);
	struct ws_kunit_evwait w[2] = {
		{ .files = { a }, .count = 1 },
		{ .files = { a, m }, .count = 2, .flags = WS_WAIT_ALL },
	};
	bool seen[2] = {};

	ws_kunit_wait_start(test, &w[0]);
	ws_kunit_wait_start(test, &w[1]);
	ws_kunit_settle();
	ws_event_set(ws_kunit_ev(a));
	ws_kunit_settle();
	KUNIT_EXPECT_EQ(test, ws_kunit_ended(w, 2, seen), 1);
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(ws_kunit_ev(a)));
	ws_event_set(ws_kunit_ev(a));
	wait_for_completion(&w[0].done);
	wait_for_completion(&w[1].done);
	KUNIT_EXPECT_EQ(test, w[0].err, 0);
	KUNIT_EXPECT_EQ(test, w[1].err, 0);
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(ws_kunit_ev(a)));
}

/*
 * PulseEvent: a manual-reset event releases every thread waiting, an
 * auto-reset one a single thread; either is left nonsignalled, and with
 * nobody waiting nothing is released.
 */
static void ws_event_pulse_releases_waiting(struct kunit *test)
{
	struct file *a = ws_kunit_event_file(test, WS_EVENT_AUTO_RESET);
	struct file *m = ws_kunit_event_file(test, 0);
	struct ws_kunit_evwait w[4] = {
		{ .files = { m }, .count = 1 },
		{ .files = { m }, .count = 1 },
		{ .files = { a }, .count = 1 },
		{ .files = { a }, .count = 1 },
	};
	bool seen[4] = {};
	int i;

	ws_event_pulse(ws_kunit_ev(a));
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(ws_kunit_ev(a)));
	for (i = 0; i < 4; i++)
		ws_kunit_wait_start(test, &w[i]);
	ws_kunit_settle();
	ws_event_pulse(ws_kunit_ev(m));
	ws_event_pulse(ws_kunit_ev(a));
	ws_kunit_settle();
	KUNIT_EXPECT_EQ(test, ws_kunit_ended(w, 4, seen), 3);
	KUNIT_EXPECT_TRUE(test, seen[0] && seen[1]);
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(ws_kunit_ev(a)));
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(ws_kunit_ev(m)));
	ws_event_set(ws_kunit_ev(a));
	for (i = 0; i < 4; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].err, 0);
	}
}

/*
 * WSASetEvent: a manual-reset event releases every thread waiting on it;
 * more of them than a set wakes after dropping the event's lock (the rest
 * it wakes under the lock). None is left behind.
 */
static void ws_event_manual_set_ends_every_wait(struct kunit *test)
{
	struct file *f = ws_kunit_event_file(test, 0);
	struct ws_kunit_evwait *w;
	bool *seen;
	int i, n = 20;

	w = kunit_kcalloc(test, n, sizeof(*w), GFP_KERNEL);
	seen = kunit_kcalloc(test, n, sizeof(*seen), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	for (i = 0; i < n; i++) {
		w[i].files[0] = f;
		w[i].count = 1;
		ws_kunit_wait_start(test, &w[i]);
	}
	ws_kunit_settle();
	KUNIT_EXPECT_EQ(test, ws_kunit_ended(w, n, seen), 0);
	ws_event_set(ws_kunit_ev(f));
	for (i = 0; i < n; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].err, 0);
		KUNIT_EXPECT_EQ(test, w[i].index, 0U);
	}
	KUNIT_EXPECT_TRUE(test, ws_event_is_set(ws_kunit_ev(f)));
}

static struct kunit_case ws_event_cases[] = {
	KUNIT_CASE(ws_event_auto_taken_once),
	KUNIT_CASE(ws_event_auto_set_ends_one_wait),
	KUNIT_CASE(ws_event_wait_all_takes_at_once),
	KUNIT_CASE(ws_event_auto_any_and_all_share_one_set),
	KUNIT_CASE(ws_event_pulse_releases_waiting),
	KUNIT_CASE(ws_event_manual_set_ends_every_wait),
	{}
};

static struct kunit_suite ws_event_suite = {
	.name = "ws_event",
	.test_cases = ws_event_cases,
};

/* --- ws_netevent --------------------------------------------------------- */

#define WS_FD(bit)	BIT(WS_FD_##bit##_BIT)

static void ws_kunit_event_put(void *ev)
{
	ws_event_put(ev);
}

static struct ws_event *ws_kunit_event(struct kunit *test)
{
	struct ws_event *ev = ws_event_alloc(false);

	KUNIT_ASSERT_NOT_NULL(test, ev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ws_kunit_event_put,
							ev), 0);
	return ev;
}

/* Loopback delivers in softirq; give it up to a second. */
static bool ws_kunit_wait_set(struct ws_event *ev)
{
	int i;

	for (i = 0; i < 1000 && !ws_event_is_set(ev); i++)
		usleep_range(1000, 2000);
	return ws_event_is_set(ev);
}

static u32 ws_kunit_enum(struct socket *sock, struct ws_event *ev)
{
	struct ws_network_events ne;

	ws_ev_enum(ws_sk(sock), ev, &ne);
	return ne.events;
}

/*
 * Recorded once, not again until recv re-enables it (WSAEventSelect page),
 * except that new data records it again (Windows, Wine test_read_events).
 */
static void ws_netevent_read_once_until_reenabled(struct kunit *test)
{
	struct ws_event *ev = ws_kunit_event(test);
	struct socket *a, *b;
	char buf[4];

	ws_kunit_pair(test, WS_AF_INET, &a, &b);
	KUNIT_ASSERT_EQ(test, ws_ev_event_select(b, ev, WS_FD(READ)), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(b, ev), 0U);

	KUNIT_ASSERT_EQ(test, ws_kunit_send(a, "abcd", 4), 4);
	KUNIT_ASSERT_TRUE(test, ws_kunit_wait_set(ev));
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(b, ev), WS_FD(READ));
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(ev));

	/* Nothing new: nothing recorded. */
	msleep(20);
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(ev));
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(b, NULL), 0U);

	/* New data before the recv: recorded again, once. */
	KUNIT_ASSERT_EQ(test, ws_kunit_send(a, "ef", 2), 2);
	KUNIT_ASSERT_TRUE(test, ws_kunit_wait_set(ev));
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(b, ev), WS_FD(READ));
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(b, NULL), 0U);

	/* Level-triggered: a partial recv re-records while data remains. */
	KUNIT_ASSERT_EQ(test, ws_kunit_recv(b, buf, 2, MSG_DONTWAIT), 2);
	KUNIT_EXPECT_TRUE(test, ws_event_is_set(ev));
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(b, ev), WS_FD(READ));
	KUNIT_ASSERT_EQ(test, ws_kunit_recv(b, buf, 4, MSG_DONTWAIT), 4);
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(b, ev), 0U);
}

/* Observed: the accepted side reports FD_WRITE only, never FD_CONNECT. */
static void ws_netevent_accepted_write_only(struct kunit *test)
{
	struct ws_event *ev = ws_kunit_event(test);
	struct socket *a, *b;

	ws_kunit_pair(test, WS_AF_INET6, &a, &b);
	KUNIT_ASSERT_EQ(test, ws_ev_event_select(b, ev, WS_FD(CONNECT) |
						 WS_FD(WRITE)), 0);
	KUNIT_EXPECT_TRUE(test, ws_event_is_set(ev));
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(b, ev), WS_FD(WRITE));
	/* The connecting side: FD_CONNECT and FD_WRITE. */
	KUNIT_ASSERT_EQ(test, ws_ev_event_select(a, ev, WS_FD(CONNECT) |
						 WS_FD(WRITE)), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(a, ev),
			WS_FD(CONNECT) | WS_FD(WRITE));
}

/* Mask 0 cancels: nothing is recorded or signalled afterwards. */
static void ws_netevent_mask_zero_cancels(struct kunit *test)
{
	struct ws_event *ev = ws_kunit_event(test);
	struct socket *a, *b;

	ws_kunit_pair(test, WS_AF_INET, &a, &b);
	KUNIT_ASSERT_EQ(test, ws_ev_event_select(b, ev, WS_FD(READ)), 0);
	KUNIT_ASSERT_EQ(test, ws_ev_event_select(b, NULL, 0), 0);
	KUNIT_ASSERT_EQ(test, ws_kunit_send(a, "x", 1), 1);
	msleep(20);
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(ev));
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(b, NULL), 0U);
	/* A mask without an event is invalid; unknown bits too. */
	KUNIT_EXPECT_EQ(test, ws_ev_event_select(b, NULL, WS_FD(READ)), -EINVAL);
	KUNIT_EXPECT_EQ(test, ws_ev_event_select(b, ev, BIT(12)), -EINVAL);
}

/* Re-selecting with a new mask: a held condition newly selected records. */
static void ws_netevent_mask_change(struct kunit *test)
{
	struct ws_event *ev = ws_kunit_event(test);
	struct socket *a, *b;

	ws_kunit_pair(test, WS_AF_INET, &a, &b);
	KUNIT_ASSERT_EQ(test, ws_ev_event_select(b, ev, WS_FD(CLOSE)), 0);
	KUNIT_ASSERT_EQ(test, ws_kunit_send(a, "x", 1), 1);
	msleep(20);
	KUNIT_EXPECT_FALSE(test, ws_event_is_set(ev));
	KUNIT_ASSERT_EQ(test, ws_ev_event_select(b, ev, WS_FD(CLOSE) |
						 WS_FD(READ)), 0);
	KUNIT_EXPECT_TRUE(test, ws_event_is_set(ev));
	KUNIT_EXPECT_EQ(test, ws_kunit_enum(b, ev), WS_FD(READ));
}

static struct kunit_case ws_netevent_cases[] = {
	KUNIT_CASE(ws_netevent_read_once_until_reenabled),
	KUNIT_CASE(ws_netevent_accepted_write_only),
	KUNIT_CASE(ws_netevent_mask_zero_cancels),
	KUNIT_CASE(ws_netevent_mask_change),
	{}
};

static struct kunit_suite ws_netevent_suite = {
	.name = "ws_netevent",
	.test_cases = ws_netevent_cases,
};

/* --- ws_port ------------------------------------------------------------- */

struct ws_kunit_pkt {
	struct ws_packet	pkt;
	atomic_t		*freed;
};

static void ws_kunit_pkt_free(struct ws_packet *pkt)
{
	struct ws_kunit_pkt *p = container_of(pkt, struct ws_kunit_pkt, pkt);

	atomic_inc(p->freed);
	kfree(p);
}

static void ws_kunit_post(struct kunit *test, struct ws_port *port, u64 key,
			  atomic_t *freed)
{
	struct ws_kunit_pkt *p = kzalloc(sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->pkt.key = key;
	p->pkt.ov = key * 10;
	p->pkt.bytes = key * 100;
	p->pkt.free = ws_kunit_pkt_free;
	p->freed = freed;
	ws_port_post(port, &p->pkt);
}

static void ws_kunit_port_put(void *port)
{
	ws_port_close(port);
	ws_port_put(port);
}

static struct ws_port *ws_kunit_port(struct kunit *test, u32 concurrency)
{
	struct ws_port *port = ws_port_alloc(concurrency);

	KUNIT_ASSERT_FALSE(test, IS_ERR(port));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ws_kunit_port_put,
							port), 0);
	return port;
}

/* Dequeue up to @max at once (0: poll); the keys into @keys; how many. */
static int ws_kunit_take(struct ws_port *port, unsigned int max, u64 deadline,
			 u64 *keys)
{
	struct ws_packet *pkt, *next;
	LIST_HEAD(taken);
	bool apc;
	int n, i = 0;

	n = ws_port_dequeue(port, max, deadline, NULL, &taken, &apc);
	list_for_each_entry_safe(pkt, next, &taken, node) {
		keys[i++] = pkt->key;
		list_del(&pkt->node);
		pkt->free(pkt);
	}
	return n;
}

/*
 * Wine ntdll (test_set_io_completion, the fork's sync.c): packets leave
 * oldest first, several in one dequeue, and an empty port times out.
 */
static void ws_port_fifo_and_batches(struct kunit *test)
{
	struct ws_port *port = ws_kunit_port(test, 0);
	atomic_t freed = ATOMIC_INIT(0);
	u64 keys[8];
	int i;

	for (i = 1; i <= 5; i++)
		ws_kunit_post(test, port, i, &freed);
	KUNIT_EXPECT_EQ(test, ws_port_depth(port), 5);
	KUNIT_ASSERT_EQ(test, ws_kunit_take(port, 3, 0, keys), 3);
	KUNIT_EXPECT_EQ(test, keys[0], 1);
	KUNIT_EXPECT_EQ(test, keys[1], 2);
	KUNIT_EXPECT_EQ(test, keys[2], 3);
	KUNIT_ASSERT_EQ(test, ws_kunit_take(port, 8, 0, keys), 2);
	KUNIT_EXPECT_EQ(test, keys[0], 4);
	KUNIT_EXPECT_EQ(test, keys[1], 5);
	KUNIT_EXPECT_EQ(test, ws_kunit_take(port, 1, 0, keys), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, atomic_read(&freed), 5);
}

/*
 * Wine ntdll test_completion_port_scheduling: closing the port ends the
 * waits (ERROR_ABANDONED_WAIT_0); queued packets go, and one posted
 * afterwards is dropped at once.
 */
static void ws_port_close_drops(struct kunit *test)
{
	struct ws_port *port = ws_kunit_port(test, 0);
	atomic_t freed = ATOMIC_INIT(0);
	u64 keys[2];

	ws_kunit_post(test, port, 1, &freed);
	ws_kunit_post(test, port, 2, &freed);
	ws_port_close(port);
	KUNIT_EXPECT_EQ(test, atomic_read(&freed), 2);
	KUNIT_EXPECT_EQ(test, ws_kunit_take(port, 1, 0, keys), -EPIPE);
	ws_kunit_post(test, port, 3, &freed);
	KUNIT_EXPECT_EQ(test, atomic_read(&freed), 3);
	KUNIT_EXPECT_EQ(test, ws_port_depth(port), 0);
}

struct ws_kunit_waiter {
	struct ws_port	*port;
	u64		key;
	int		ret;
	struct completion done;
};

static int ws_kunit_waiter_fn(void *arg)
{
	struct ws_kunit_waiter *w = arg;

	w->ret = ws_kunit_take(w->port, 1,
			       ktime_get_ns() + 10ULL * NSEC_PER_SEC, &w->key);
	complete(&w->done);
	return 0;
}

/* Start a thread waiting in the port; returns once it waits there. */
static void ws_kunit_start_waiter(struct kunit *test, struct ws_kunit_waiter *w,
				  struct ws_port *port, unsigned int waiting)
{
	struct task_struct *t;
	int i;

	w->port = port;
	init_completion(&w->done);
	t = kthread_run(ws_kunit_waiter_fn, w, "ws_kunit_port");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	for (i = 0; i < 1000 && ws_port_waiters(port) < waiting; i++)
		usleep_range(1000, 2000);
	KUNIT_ASSERT_EQ(test, ws_port_waiters(port), waiting);
}

/*
 * Wine ntdll test_completion_port_scheduling: with B waiting, then A,
 * posts go to A first (the newest waiter), then B.
 */
static void ws_port_newest_waiter_first(struct kunit *test)
{
	struct ws_port *port = ws_kunit_port(test, 4);
	struct ws_kunit_waiter a = { }, b = { };
	atomic_t freed = ATOMIC_INIT(0);

	ws_kunit_start_waiter(test, &b, port, 1);
	ws_kunit_start_waiter(test, &a, port, 2);
	ws_kunit_post(test, port, 3, &freed);
	ws_kunit_post(test, port, 4, &freed);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&a.done, 10 * HZ));
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&b.done, 10 * HZ));
	KUNIT_EXPECT_EQ(test, a.ret, 1);
	KUNIT_EXPECT_EQ(test, a.key, 3);
	KUNIT_EXPECT_EQ(test, b.ret, 1);
	KUNIT_EXPECT_EQ(test, b.key, 4);
}

/*
 * CreateIoCompletionPort page, NumberOfConcurrentThreads: with 1, while
 * the thread that took a packet runs, a waiting thread gets none; the
 * packet stays queued, and the running thread takes it when it comes
 * back. Closing the port then ends the other wait.
 */
static void ws_port_concurrency(struct kunit *test)
{
	struct ws_port *port = ws_kunit_port(test, 1);
	struct ws_kunit_waiter w = { };
	atomic_t freed = ATOMIC_INIT(0);
	u64 key;

	ws_kunit_post(test, port, 1, &freed);
	KUNIT_ASSERT_EQ(test, ws_kunit_take(port, 1, 0, &key), 1);
	/* This thread now runs a completion. */
	ws_kunit_start_waiter(test, &w, port, 1);
	ws_kunit_post(test, port, 2, &freed);
	KUNIT_EXPECT_EQ(test, ws_port_depth(port), 1);
	KUNIT_EXPECT_EQ(test, ws_port_waiters(port), 1);
	KUNIT_ASSERT_EQ(test, ws_kunit_take(port, 1, 0, &key), 1);
	KUNIT_EXPECT_EQ(test, key, 2);
	ws_port_close(port);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&w.done, 10 * HZ));
	KUNIT_EXPECT_EQ(test, w.ret, -EPIPE);
}

static struct kunit_case ws_port_cases[] = {
	KUNIT_CASE(ws_port_fifo_and_batches),
	KUNIT_CASE(ws_port_close_drops),
	KUNIT_CASE(ws_port_newest_waiter_first),
	KUNIT_CASE(ws_port_concurrency),
	{}
};

static struct kunit_suite ws_port_suite = {
	.name = "ws_port",
	.test_cases = ws_port_cases,
};

/* --- ws_catalog ---------------------------------------------------------- */

#define C_ROOT	WS_PROTOCOL_MP_C_ROOT
#define C_LEAF	WS_PROTOCOL_MP_C_LEAF
#define D_ROOT	WS_PROTOCOL_MP_D_ROOT
#define D_LEAF	WS_PROTOCOL_MP_D_LEAF

/* The id of the entry ws_catalog_find() picks, or its error. */
static long ws_catalog_pick_nth(int af, int type, int proto, u32 role, u32 nth)
{
	const struct ws_catalog_entry *e = ws_catalog_find(af, type, proto, role,
							   nth);

	return IS_ERR(e) ? PTR_ERR(e) : ws_catalog_info(e)->catalog_entry_id;
}

static long ws_catalog_pick(int af, int type, int proto, u32 role)
{
	return ws_catalog_pick_nth(af, type, proto, role, 0);
}

/*
 * Wine test_WSAEnumProtocols: Windows' TCP and UDP entries, their service
 * flags (XP1_QOS_SUPPORTED aside) and a name each; the WSAPROTOCOL_INFO
 * page: a base protocol has a chain of length 1, dwMessageSize 0 is a
 * stream; SO_MAX_MSG_SIZE is the datagram's size.
 */
static void ws_catalog_entries(struct kunit *test)
{
	const u32 tcp = WS_XP1_GUARANTEED_DELIVERY | WS_XP1_GUARANTEED_ORDER |
			WS_XP1_GRACEFUL_CLOSE | WS_XP1_EXPEDITED_DATA |
			WS_XP1_IFS_HANDLES;
	const u32 udp = WS_XP1_CONNECTIONLESS | WS_XP1_MESSAGE_ORIENTED |
			WS_XP1_SUPPORT_BROADCAST | WS_XP1_SUPPORT_MULTIPOINT |
			WS_XP1_IFS_HANDLES;
	/* The brief of the rooted entries, uapi "The protocol catalog". */
	const u32 rooted = WS_XP1_GUARANTEED_DELIVERY | WS_XP1_GUARANTEED_ORDER |
			   WS_XP1_MESSAGE_ORIENTED | WS_XP1_GRACEFUL_CLOSE |
			   WS_XP1_CONNECT_DATA | WS_XP1_SUPPORT_MULTIPOINT |
			   WS_XP1_MULTIPOINT_CONTROL_PLANE |
			   WS_XP1_MULTIPOINT_DATA_PLANE | WS_XP1_IFS_HANDLES;
	unsigned int i, j, n = ws_catalog_count();

	KUNIT_ASSERT_EQ(test, n, 6U);
	KUNIT_EXPECT_NULL(test, ws_catalog_at(n));
	for (i = 0; i < n; i++) {
		const struct ws_protocol_info *info = ws_catalog_at(i);
		bool v6 = info->address_family == WS_AF_INET6;
		int size = v6 ? sizeof(struct sockaddr_in6) :
				sizeof(struct sockaddr_in);

		KUNIT_EXPECT_EQ(test, info->chain_len, 1);
		KUNIT_EXPECT_EQ(test, info->version, 2);
		KUNIT_EXPECT_EQ(test, info->min_sockaddr, size);
		KUNIT_EXPECT_EQ(test, info->max_sockaddr, size);
		KUNIT_EXPECT_TRUE(test, info->provider_flags &
				  WS_PFL_MATCHES_PROTOCOL_ZERO);
		KUNIT_EXPECT_GT(test, strnlen(info->name, sizeof(info->name)), 0);
		KUNIT_EXPECT_LT(test, strnlen(info->name, sizeof(info->name)),
				sizeof(info->name));
		if (info->socket_type == SOCK_STREAM) {
			KUNIT_EXPECT_EQ(test, info->protocol, IPPROTO_TCP);
			KUNIT_EXPECT_EQ(test, info->service_flags[0], tcp);
			KUNIT_EXPECT_EQ(test, info->message_size, 0U);
		} else if (info->socket_type == SOCK_SEQPACKET) {
			KUNIT_EXPECT_EQ(test, info->protocol, IPPROTO_TCP);
			KUNIT_EXPECT_EQ(test, info->service_flags[0], rooted);
			KUNIT_EXPECT_EQ(test, info->message_size, WS_RT_MAX_MSG);
		} else {
			KUNIT_EXPECT_EQ(test, info->protocol, IPPROTO_UDP);
			KUNIT_EXPECT_EQ(test, info->service_flags[0], udp);
			KUNIT_EXPECT_EQ(test, info->message_size,
					ws_max_msg_size(SOCK_DGRAM,
							info->address_family));
		}
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, info->catalog_entry_id,
					ws_catalog_at(j)->catalog_entry_id);
	}
}

/*
 * The WSASocket page: exactly one of C_ROOT and C_LEAF and one of D_ROOT
 * and D_LEAF; the leaf roles need XP1_SUPPORT_MULTIPOINT (UDP has it, TCP
 * does not), the root roles a rooted plane (IP multicast has none).
 */
static void ws_catalog_roles(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET, SOCK_STREAM,
					      IPPROTO_TCP, 0), 1001);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET, SOCK_DGRAM,
					      IPPROTO_UDP, C_LEAF | D_LEAF), 1002);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET6, SOCK_DGRAM,
					      IPPROTO_UDP, C_LEAF | D_LEAF), 1004);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET, SOCK_STREAM,
					      IPPROTO_TCP, C_LEAF | D_LEAF),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET, SOCK_DGRAM,
					      IPPROTO_UDP, C_LEAF), -EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET, SOCK_DGRAM,
					      IPPROTO_UDP, D_LEAF), -EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET, SOCK_DGRAM,
					      IPPROTO_UDP, C_ROOT | D_LEAF),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET, SOCK_DGRAM,
					      IPPROTO_UDP, C_LEAF | D_ROOT),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET, SOCK_DGRAM, IPPROTO_UDP,
					      C_ROOT | C_LEAF | D_LEAF), -EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET, SOCK_DGRAM, IPPROTO_UDP,
					      C_LEAF | D_ROOT | D_LEAF), -EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET6, SOCK_RAW, 0, 0),
			-EPROTONOSUPPORT);
	/* Both planes rooted: roots and leaves (the WSASocket page). */
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET, SOCK_SEQPACKET,
					      IPPROTO_TCP, C_ROOT | D_ROOT), 1005);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick(WS_AF_INET6, SOCK_SEQPACKET,
					      IPPROTO_TCP, C_LEAF | D_LEAF), 1006);
}

/*
 * uapi WS_PROTOCOL_ENTRY(n): the n-th entry of the address family, type and
 * protocol, which must exist and admit the role.
 */
static void ws_catalog_nth(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ws_catalog_pick_nth(WS_AF_INET6, SOCK_STREAM,
						  IPPROTO_TCP, 0, 1), 1003);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick_nth(WS_AF_INET, SOCK_DGRAM,
						  IPPROTO_UDP, C_LEAF | D_LEAF, 1),
			1002);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick_nth(WS_AF_INET, SOCK_DGRAM,
						  IPPROTO_UDP, 0, 2),
			-EPROTONOSUPPORT);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick_nth(WS_AF_INET, SOCK_STREAM,
						  IPPROTO_TCP, C_LEAF | D_LEAF, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_pick_nth(WS_AF_INET, SOCK_STREAM,
						  IPPROTO_TCP, 0, 15),
			-EPROTONOSUPPORT);
}

/* Entries with rooted planes, as later ones may have: their roots. */
static void ws_catalog_roles_rooted(struct kunit *test)
{
	struct ws_protocol_info both = {
		.service_flags = { WS_XP1_SUPPORT_MULTIPOINT |
				   WS_XP1_MULTIPOINT_CONTROL_PLANE |
				   WS_XP1_MULTIPOINT_DATA_PLANE },
	};
	struct ws_protocol_info control = {
		.service_flags = { WS_XP1_SUPPORT_MULTIPOINT |
				   WS_XP1_MULTIPOINT_CONTROL_PLANE },
	};
	struct ws_protocol_info none = { };

	KUNIT_EXPECT_EQ(test, ws_catalog_role_check(&both, C_ROOT | D_ROOT), 0);
	KUNIT_EXPECT_EQ(test, ws_catalog_role_check(&both, C_ROOT | D_LEAF), 0);
	KUNIT_EXPECT_EQ(test, ws_catalog_role_check(&both, C_LEAF | D_ROOT), 0);
	KUNIT_EXPECT_EQ(test, ws_catalog_role_check(&both, C_LEAF | D_LEAF), 0);
	KUNIT_EXPECT_EQ(test, ws_catalog_role_check(&both, C_ROOT), -EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_role_check(&both, C_ROOT | C_LEAF |
						    D_ROOT), -EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_role_check(&control, C_ROOT | D_LEAF), 0);
	KUNIT_EXPECT_EQ(test, ws_catalog_role_check(&control, C_ROOT | D_ROOT),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ws_catalog_role_check(&none, 0), 0);
	KUNIT_EXPECT_EQ(test, ws_catalog_role_check(&none, C_LEAF | D_LEAF),
			-EINVAL);
}

static struct kunit_case ws_catalog_cases[] = {
	KUNIT_CASE(ws_catalog_entries),
	KUNIT_CASE(ws_catalog_roles),
	KUNIT_CASE(ws_catalog_nth),
	KUNIT_CASE(ws_catalog_roles_rooted),
	{}
};

static struct kunit_suite ws_catalog_suite = {
	.name = "ws_catalog",
	.test_cases = ws_catalog_cases,
};

/* --- ws_rooted -------------------------------------------------------------- */

/*
 * The rooted multipoint frame format and its state machine (uapi/linux/ws.h,
 * "Rooted multipoint", the design of the wire format: an 8-byte big-endian
 * header, magic 0x5752, version 1, type, length).
 */
static void ws_rt_put_hdr(u8 *b, u16 magic, u8 version, u8 type, u32 len)
{
	b[0] = magic >> 8;
	b[1] = magic & 0xff;
	b[2] = version;
	b[3] = type;
	b[4] = len >> 24;
	b[5] = len >> 16;
	b[6] = len >> 8;
	b[7] = len;
}

/* Every type with its smallest and largest length, and one past it. */
static void ws_rooted_parse_hdr_every_type(struct kunit *test)
{
	static const struct { u8 type; u32 min, max; } t[] = {
		{ WS_RT_JOIN, 4, 4 + WS_RT_MAX_CONNDATA },
		{ WS_RT_ADMIT, 0, WS_RT_MAX_CONNDATA },
		{ WS_RT_REJECT, 0, 0 },
		{ WS_RT_DATA, 0, WS_RT_MAX_MSG },
		{ WS_RT_LEAVE, 0, 0 },
	};
	struct ws_rt_frame f;
	unsigned int i;
	u8 b[WS_RT_HDR_LEN];

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		ws_rt_put_hdr(b, 0x5752, 1, t[i].type, t[i].min);
		memset(&f, 0xa5, sizeof(f));
		KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f), 8);
		KUNIT_EXPECT_EQ(test, f.type, t[i].type);
		KUNIT_EXPECT_EQ(test, f.len, t[i].min);
		ws_rt_put_hdr(b, 0x5752, 1, t[i].type, t[i].max);
		KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f), 8);
		KUNIT_EXPECT_EQ(test, f.len, t[i].max);
		/* "a length over its type's maximum" is a protocol error */
		ws_rt_put_hdr(b, 0x5752, 1, t[i].type, t[i].max + 1);
		KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f), -EPROTO);
		/* a length of 0: JOIN needs its role and flags */
		ws_rt_put_hdr(b, 0x5752, 1, t[i].type, 0);
		KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f),
				t[i].min ? -EPROTO : 8);
		/* the top byte of the length counts (big-endian) */
		ws_rt_put_hdr(b, 0x5752, 1, t[i].type, 0x01000000 | t[i].min);
		KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f), -EPROTO);
	}
	/* The header is what the wire carries: a struct ws_rt_hdr. */
	KUNIT_EXPECT_EQ(test, sizeof(struct ws_rt_hdr), (size_t)WS_RT_HDR_LEN);
}

/* A header cut short at each length 0..7 needs more, even if bad so far. */
static void ws_rooted_parse_hdr_truncated(struct kunit *test)
{
	struct ws_rt_frame f = { .type = 0x5a, .len = 0x5a5a };
	u8 good[WS_RT_HDR_LEN], bad[WS_RT_HDR_LEN];
	size_t n;

	ws_rt_put_hdr(good, 0x5752, 1, WS_RT_DATA, 3);
	ws_rt_put_hdr(bad, 0x5257, 9, 77, 0xffffffff);
	for (n = 0; n < WS_RT_HDR_LEN; n++) {
		KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(good, n, &f), 0);
		KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(bad, n, &f), 0);
	}
	/* f is not touched until a whole header is there */
	KUNIT_EXPECT_EQ(test, f.type, 0x5a);
	KUNIT_EXPECT_EQ(test, f.len, 0x5a5aU);
	/* more than a header: only the header is read */
	KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(good, WS_RT_HDR_LEN + 100, &f), 8);
	KUNIT_EXPECT_EQ(test, f.len, 3U);
}

/* Bad magic (either byte, or swapped), version, type. */
static void ws_rooted_parse_hdr_bad(struct kunit *test)
{
	struct ws_rt_frame f;
	u8 b[WS_RT_HDR_LEN];
	unsigned int type;

	ws_rt_put_hdr(b, 0x5257, 1, WS_RT_DATA, 0);
	KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f), -EPROTO);
	ws_rt_put_hdr(b, 0x5750, 1, WS_RT_DATA, 0);
	KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f), -EPROTO);
	ws_rt_put_hdr(b, 0x0052, 1, WS_RT_DATA, 0);
	KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f), -EPROTO);
	ws_rt_put_hdr(b, 0x5752, 0, WS_RT_DATA, 0);
	KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f), -EPROTO);
	ws_rt_put_hdr(b, 0x5752, 2, WS_RT_DATA, 0);
	KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f), -EPROTO);
	for (type = 0; type < 256; type++) {
		if (type >= WS_RT_JOIN && type <= WS_RT_LEAVE)
			continue;
		ws_rt_put_hdr(b, 0x5752, 1, type, 0);
		KUNIT_EXPECT_EQ(test, ws_rt_parse_hdr(b, sizeof(b), &f), -EPROTO);
	}
}

/* JOIN's payload: role, reserved 0, WS_JL_* flags. */
static void ws_rooted_parse_join(struct kunit *test)
{
	u8 p[4] = { WS_RT_ROLE_LEAF, 0, 0, WS_JL_BOTH };
	u32 flags = 0;
	u8 role = 0;

	KUNIT_EXPECT_EQ(test, ws_rt_parse_join(p, 4, &role, &flags), 0);
	KUNIT_EXPECT_EQ(test, role, WS_RT_ROLE_LEAF);
	KUNIT_EXPECT_EQ(test, flags, WS_JL_BOTH);
	p[0] = WS_RT_ROLE_ROOT;
	p[3] = WS_JL_SENDER_ONLY | WS_JL_RECEIVER_ONLY;
	KUNIT_EXPECT_EQ(test, ws_rt_parse_join(p, 4, &role, &flags), 0);
	KUNIT_EXPECT_EQ(test, role, WS_RT_ROLE_ROOT);
	KUNIT_EXPECT_EQ(test, flags, WS_JL_SENDER_ONLY | WS_JL_RECEIVER_ONLY);
	KUNIT_EXPECT_EQ(test, ws_rt_parse_join(p, 3, &role, &flags), -EPROTO);
	p[0] = 0;
	KUNIT_EXPECT_EQ(test, ws_rt_parse_join(p, 4, &role, &flags), -EPROTO);
	p[0] = 3;
	KUNIT_EXPECT_EQ(test, ws_rt_parse_join(p, 4, &role, &flags), -EPROTO);
	p[0] = WS_RT_ROLE_LEAF;
	p[1] = 1;	/* reserved */
	KUNIT_EXPECT_EQ(test, ws_rt_parse_join(p, 4, &role, &flags), -EPROTO);
	p[1] = 0;
	p[3] = 0;	/* no flags */
	KUNIT_EXPECT_EQ(test, ws_rt_parse_join(p, 4, &role, &flags), -EPROTO);
	p[3] = 8;	/* unknown flag */
	KUNIT_EXPECT_EQ(test, ws_rt_parse_join(p, 4, &role, &flags), -EPROTO);
	p[2] = 1;	/* the high byte of the flags */
	p[3] = WS_JL_BOTH;
	KUNIT_EXPECT_EQ(test, ws_rt_parse_join(p, 4, &role, &flags), -EPROTO);
}

/*
 * The sequence: JOIN first and only there, ADMIT or REJECT answers it,
 * DATA and LEAVE only after ADMIT, nothing after LEAVE or at an answer's
 * wait.
 */
static void ws_rooted_sequence(struct kunit *test)
{
	static const int states[] = {
		WS_RTS_IDLE, WS_RTS_WAIT_JOIN, WS_RTS_JOINING, WS_RTS_PENDING,
		WS_RTS_OPEN, WS_RTS_LEFT, WS_RTS_DEAD,
	};
	unsigned int i;
	u8 type;

	KUNIT_EXPECT_EQ(test, ws_rt_next_state(WS_RTS_WAIT_JOIN, WS_RT_JOIN),
			WS_RTS_PENDING);
	KUNIT_EXPECT_EQ(test, ws_rt_next_state(WS_RTS_JOINING, WS_RT_ADMIT),
			WS_RTS_OPEN);
	KUNIT_EXPECT_EQ(test, ws_rt_next_state(WS_RTS_JOINING, WS_RT_REJECT),
			WS_RTS_DEAD);
	KUNIT_EXPECT_EQ(test, ws_rt_next_state(WS_RTS_OPEN, WS_RT_DATA),
			WS_RTS_OPEN);
	KUNIT_EXPECT_EQ(test, ws_rt_next_state(WS_RTS_OPEN, WS_RT_LEAVE),
			WS_RTS_LEFT);
	/* Everything else is out of sequence. */
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		for (type = WS_RT_JOIN; type <= WS_RT_LEAVE; type++) {
			bool ok = (states[i] == WS_RTS_WAIT_JOIN &&
				   type == WS_RT_JOIN) ||
				  (states[i] == WS_RTS_JOINING &&
				   (type == WS_RT_ADMIT || type == WS_RT_REJECT)) ||
				  (states[i] == WS_RTS_OPEN &&
				   (type == WS_RT_DATA || type == WS_RT_LEAVE));

			if (!ok)
				KUNIT_EXPECT_EQ(test,
						ws_rt_next_state(states[i], type),
						-EPROTO);
		}
	}
	/* DATA before ADMIT, a second JOIN, DATA after LEAVE: named cases. */
	KUNIT_EXPECT_EQ(test, ws_rt_next_state(WS_RTS_JOINING, WS_RT_DATA),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, ws_rt_next_state(WS_RTS_PENDING, WS_RT_JOIN),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, ws_rt_next_state(WS_RTS_LEFT, WS_RT_DATA),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, ws_rt_next_state(WS_RTS_OPEN, WS_RT_JOIN),
			-EPROTO);
}

static struct kunit_case ws_rooted_cases[] = {
	KUNIT_CASE(ws_rooted_parse_hdr_every_type),
	KUNIT_CASE(ws_rooted_parse_hdr_truncated),
	KUNIT_CASE(ws_rooted_parse_hdr_bad),
	KUNIT_CASE(ws_rooted_parse_join),
	KUNIT_CASE(ws_rooted_sequence),
	{}
};

static struct kunit_suite ws_rooted_suite = {
	.name = "ws_rooted",
	.test_cases = ws_rooted_cases,
};

/* --- ws_ovq -------------------------------------------------------------- */

/*
 * The overlapped request queue, driven through WS_IOC_SUBMIT, WS_IOC_CANCEL
 * and WS_IOC_OV_WAIT on ws sockets over loopback, as libws drives it. The
 * operations' buffers and WSAOVERLAPPEDs are user memory: a mapping in an mm
 * KUnit gives the test's thread (kunit_vm_mmap, Linux 6.11 and later).
 */
#ifdef WS_HAVE_KUNIT_VM_MMAP
#include <linux/mman.h>

#define WS_KUNIT_NOV	4
#define WS_KUNIT_BUF	64

/* What the test keeps in user memory. */
struct ws_kunit_uarea {
	struct ws_io		io;
	struct ws_iovec		iov;
	struct ws_cancel	cancel;
	struct ws_ov_wait	wait;
	u64			ov[WS_KUNIT_NOV][4];	/* WSAOVERLAPPED */
	char			buf[WS_KUNIT_NOV][WS_KUNIT_BUF];
};

static struct ws_kunit_uarea __user *ws_kunit_uarea(struct kunit *test)
{
	unsigned long addr;

	addr = kunit_vm_mmap(test, NULL, 0, PAGE_ALIGN(sizeof(struct ws_kunit_uarea)),
			     PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, addr, 0, "no user memory for the test");
	return (struct ws_kunit_uarea __user *)addr;
}

static long ws_kunit_ioctl(struct socket *sock, unsigned int cmd,
			   void __user *arg)
{
	return sock->ops->ioctl(sock, cmd, (unsigned long)arg);
}

/*
 * Submit @op with buffer @i (its first @len bytes) and WSAOVERLAPPED @i,
 * Internal set to STATUS_PENDING first, as libws does; no event, no routine.
 */
static long ws_kunit_submit(struct kunit *test, struct socket *sock,
			    struct ws_kunit_uarea __user *ua, u32 op,
			    unsigned int i, u32 len)
{
	struct ws_iovec iov = {
		.len = len,
		.buf = (u64)(uintptr_t)ua->buf[i],
	};
	struct ws_io io = {
		.op = op,
		.bufs = (u64)(uintptr_t)&ua->iov,
		.nbufs = 1,
		.event_fd = -1,
		.ov = (u64)(uintptr_t)ua->ov[i],
		.dev_fd = -1,
	};
	u64 pending = WS_STATUS_PENDING;

	KUNIT_ASSERT_EQ(test, copy_to_user(&ua->iov, &iov, sizeof(iov)), 0);
	KUNIT_ASSERT_EQ(test, copy_to_user(&ua->ov[i][0], &pending,
					   sizeof(pending)), 0);
	KUNIT_ASSERT_EQ(test, copy_to_user(&ua->io, &io, sizeof(io)), 0);
	return ws_kunit_ioctl(sock, WS_IOC_SUBMIT, &ua->io);
}

/* WSAOVERLAPPED @i's Internal (an NTSTATUS) and InternalHigh (bytes). */
static u64 ws_kunit_status(struct kunit *test, struct ws_kunit_uarea __user *ua,
			   unsigned int i, u64 *bytes)
{
	u64 ov[2];

	KUNIT_ASSERT_EQ(test, copy_from_user(ov, ua->ov[i], sizeof(ov)), 0);
	if (bytes)
		*bytes = ov[1];
	return ov[0];
}

/* Internal of WSAOVERLAPPED @i once it is no longer STATUS_PENDING (10 s). */
static u64 ws_kunit_final(struct kunit *test, struct ws_kunit_uarea __user *ua,
			  unsigned int i, u64 *bytes)
{
	u64 status;
	int n;

	for (n = 0; n < 500; n++) {
		status = ws_kunit_status(test, ua, i, bytes);
		if (status != WS_STATUS_PENDING)
			break;
		msleep(20);
	}
	return status;
}

/* WSAGetOverlappedResult(fWait TRUE) without an event, bounded: 0 when done. */
static long ws_kunit_ov_wait(struct kunit *test, struct socket *sock,
			     struct ws_kunit_uarea __user *ua, unsigned int i)
{
	struct ws_ov_wait w = {
		.ov = (u64)(uintptr_t)ua->ov[i],
		.timeout = ktime_get_ns() + 10 * NSEC_PER_SEC,
	};

	KUNIT_ASSERT_EQ(test, copy_to_user(&ua->wait, &w, sizeof(w)), 0);
	return ws_kunit_ioctl(sock, WS_IOC_OV_WAIT, &ua->wait);
}

static long ws_kunit_cancel(struct kunit *test, struct socket *sock,
			    struct ws_kunit_uarea __user *ua, int i)
{
	struct ws_cancel c = { .ov = i < 0 ? 0 : (u64)(uintptr_t)ua->ov[i] };

	KUNIT_ASSERT_EQ(test, copy_to_user(&ua->cancel, &c, sizeof(c)), 0);
	return ws_kunit_ioctl(sock, WS_IOC_CANCEL, &ua->cancel);
}

static void ws_kunit_get_buf(struct kunit *test, struct ws_kunit_uarea __user *ua,
			     unsigned int i, char *out, size_t len)
{
	KUNIT_ASSERT_EQ(test, copy_from_user(out, ua->buf[i], len), 0);
}

/* Until the receive queue of @sock holds @n bytes (loopback is quick). */
static void ws_kunit_wait_inq(struct kunit *test, struct socket *sock, int n)
{
	int i;

	for (i = 0; i < 500; i++) {
		if (tcp_inq(ws_sk(sock)->sk) >= n)
			return;
		msleep(20);
	}
	KUNIT_FAIL(test, "%d bytes never arrived", n);
}

/*
 * Two receives pending before data arrives are filled in posting order: one
 * 32-byte send completes the first 16-byte receive with bytes 0-15 and the
 * second with bytes 16-31 (Wine's sock.c test_simultaneous_async_recv, run
 * on Windows).
 */
static void ws_ovq_receives_in_posting_order(struct kunit *test)
{
	struct ws_kunit_uarea __user *ua = ws_kunit_uarea(test);
	char data[32], got[16];
	struct socket *a, *b;
	u64 bytes;
	int i;

	for (i = 0; i < 32; i++)
		data[i] = i;
	ws_kunit_pair(test, WS_AF_INET, &a, &b);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 0, 16),
			-EINPROGRESS);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 1, 16),
			-EINPROGRESS);
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 0, NULL),
			(u64)WS_STATUS_PENDING);
	KUNIT_ASSERT_EQ(test, ws_kunit_send(a, data, 32), 32);
	KUNIT_ASSERT_EQ(test, ws_kunit_ov_wait(test, b, ua, 1), 0);
	KUNIT_ASSERT_EQ(test, ws_kunit_ov_wait(test, b, ua, 0), 0);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, i, &bytes),
				(u64)WS_STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, bytes, 16);
		ws_kunit_get_buf(test, ua, i, got, sizeof(got));
		KUNIT_EXPECT_MEMEQ(test, got, data + 16 * i, sizeof(got));
	}
}

/*
 * A receive with data already there completes at once (WSARecv returns 0)
 * and its result is stored all the same (WSARecv page: "the completion
 * indication occurs" even for an immediate success).
 */
static void ws_ovq_completes_at_once(struct kunit *test)
{
	struct ws_kunit_uarea __user *ua = ws_kunit_uarea(test);
	struct socket *a, *b;
	struct ws_io io;
	char got[5];
	u64 bytes;

	ws_kunit_pair(test, WS_AF_INET6, &a, &b);
	KUNIT_ASSERT_EQ(test, ws_kunit_send(a, "hello", 5), 5);
	ws_kunit_wait_inq(test, b, 5);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 0, 16), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(&io, &ua->io, sizeof(io)), 0);
	KUNIT_EXPECT_EQ(test, io.status, WS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, io.bytes, 5);
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 0, &bytes),
			(u64)WS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, bytes, 5);
	ws_kunit_get_buf(test, ua, 0, got, sizeof(got));
	KUNIT_EXPECT_MEMEQ(test, got, "hello", sizeof(got));
}

/*
 * A zero-length receive pends, completes with 0 bytes when data arrives and
 * leaves the data to the next receive (sock.c test_empty_recv, on Windows).
 */
static void ws_ovq_zero_length_receive(struct kunit *test)
{
	struct ws_kunit_uarea __user *ua = ws_kunit_uarea(test);
	struct socket *a, *b;
	char got[3];
	u64 bytes;

	ws_kunit_pair(test, WS_AF_INET, &a, &b);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 0, 0),
			-EINPROGRESS);
	KUNIT_ASSERT_EQ(test, ws_kunit_send(a, "abc", 3), 3);
	KUNIT_ASSERT_EQ(test, ws_kunit_ov_wait(test, b, ua, 0), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 0, &bytes),
			(u64)WS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, bytes, 0);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 1, 16), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 1, &bytes),
			(u64)WS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, bytes, 3);
	ws_kunit_get_buf(test, ua, 1, got, sizeof(got));
	KUNIT_EXPECT_MEMEQ(test, got, "abc", sizeof(got));
}

/*
 * CancelIoEx(s, &ov) completes that operation with STATUS_CANCELLED and no
 * other; a second one finds nothing (ERROR_NOT_FOUND, CancelIoEx page; sock.c
 * test_send_buffering on Windows). The next receive still gets the data.
 */
static void ws_ovq_cancel_one(struct kunit *test)
{
	struct ws_kunit_uarea __user *ua = ws_kunit_uarea(test);
	struct socket *a, *b;
	char got[4];
	u64 bytes;

	ws_kunit_pair(test, WS_AF_INET, &a, &b);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 0, 16),
			-EINPROGRESS);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 1, 16),
			-EINPROGRESS);
	KUNIT_EXPECT_EQ(test, ws_kunit_cancel(test, b, ua, 0), 1);
	KUNIT_ASSERT_EQ(test, ws_kunit_ov_wait(test, b, ua, 0), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 0, &bytes),
			(u64)WS_STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, bytes, 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_cancel(test, b, ua, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 1, NULL),
			(u64)WS_STATUS_PENDING);

	KUNIT_ASSERT_EQ(test, ws_kunit_send(a, "data", 4), 4);
	KUNIT_ASSERT_EQ(test, ws_kunit_ov_wait(test, b, ua, 1), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 1, &bytes),
			(u64)WS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, bytes, 4);
	ws_kunit_get_buf(test, ua, 1, got, sizeof(got));
	KUNIT_EXPECT_MEMEQ(test, got, "data", sizeof(got));
	/* Nothing pending: cancelling everything cancels nothing. */
	KUNIT_EXPECT_EQ(test, ws_kunit_cancel(test, b, ua, -1), 0);
}

/*
 * Closing the socket completes a pending stream receive with
 * STATUS_CONNECTION_ABORTED, not STATUS_CANCELLED (sock.c
 * iocp_async_read_closesocket on Windows), and a pending datagram receive
 * with STATUS_CANCELLED (afd.c test_recv).
 */
static void ws_ovq_close_completes_pending(struct kunit *test)
{
	struct ws_kunit_uarea __user *ua = ws_kunit_uarea(test);
	struct socket *a, *b, *u;
	u64 bytes;
	int err;

	ws_kunit_pair(test, WS_AF_INET, &a, &b);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 0, 16),
			-EINPROGRESS);
	err = sock_create_kern(&init_net, ws_family, SOCK_DGRAM,
			       WS_PROTOCOL(WS_AF_INET, 0), &u);
	KUNIT_ASSERT_EQ(test, err, 0);
	if (ws_kunit_bind_lo(u, WS_AF_INET) ||
	    ws_kunit_submit(test, u, ua, WS_OP_RECV, 1, 16) != -EINPROGRESS) {
		sock_release(u);
		KUNIT_FAIL(test, "no pending datagram receive");
		return;
	}
	sock_release(u);
	KUNIT_EXPECT_EQ(test, ws_kunit_final(test, ua, 1, &bytes),
			(u64)WS_STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, bytes, 0);

	/* b goes at the end of the test: complete its receive by hand. */
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 0, NULL),
			(u64)WS_STATUS_PENDING);
	kunit_release_action(test, ws_kunit_release, b);
	KUNIT_EXPECT_EQ(test, ws_kunit_final(test, ua, 0, &bytes),
			(u64)WS_STATUS_CONNECTION_ABORTED);
	KUNIT_EXPECT_EQ(test, bytes, 0);
}

/*
 * A datagram longer than the buffer fills it and completes with
 * STATUS_BUFFER_OVERFLOW (WSAEMSGSIZE) and the bytes copied; the rest is
 * discarded (afd.c test_recv on Windows; WSARecv page).
 */
static void ws_ovq_datagram_overflow(struct kunit *test)
{
	struct ws_kunit_uarea __user *ua = ws_kunit_uarea(test);
	struct socket *s = ws_kunit_socket(test, SOCK_DGRAM, WS_AF_INET);
	struct sockaddr_storage name;
	char got[4];
	u64 bytes;
	int len;

	KUNIT_ASSERT_EQ(test, ws_kunit_bind_lo(s, WS_AF_INET), 0);
	len = kernel_getsockname(s, (struct sockaddr *)&name);
	KUNIT_ASSERT_EQ(test, len, (int)sizeof(struct sockaddr_in));
	KUNIT_ASSERT_EQ(test, kernel_connect(s, (struct sockaddr *)&name, len, 0), 0);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, s, ua, WS_OP_RECV, 0, 4),
			-EINPROGRESS);
	KUNIT_ASSERT_EQ(test, ws_kunit_send(s, "datagram", 8), 8);
	KUNIT_ASSERT_EQ(test, ws_kunit_send(s, "ok", 2), 2);
	KUNIT_ASSERT_EQ(test, ws_kunit_ov_wait(test, s, ua, 0), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 0, &bytes),
			(u64)WS_STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, bytes, 4);
	ws_kunit_get_buf(test, ua, 0, got, sizeof(got));
	KUNIT_EXPECT_MEMEQ(test, got, "data", sizeof(got));

	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, s, ua, WS_OP_RECV, 1, 16), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 1, &bytes),
			(u64)WS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, bytes, 2);
}

struct ws_kunit_limits {
	unsigned int reqs, kb;
};

static void ws_kunit_limits_restore(void *p)
{
	struct ws_kunit_limits *l = p;

	WRITE_ONCE(ws_max_reqs_per_socket, l->reqs);
	WRITE_ONCE(ws_max_pinned_kb_per_socket, l->kb);
}

/*
 * Past max_reqs_per_socket a new operation fails at once with EWOULDBLOCK
 * (WSAEWOULDBLOCK: "too many outstanding overlapped I/O requests", WSARecv
 * page); one completing makes room again. Past max_pinned_kb_per_socket
 * likewise.
 */
static void ws_ovq_limits(struct kunit *test)
{
	struct ws_kunit_uarea __user *ua = ws_kunit_uarea(test);
	struct ws_kunit_limits *saved;
	struct socket *a, *b;

	saved = kunit_kzalloc(test, sizeof(*saved), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, saved);
	saved->reqs = READ_ONCE(ws_max_reqs_per_socket);
	saved->kb = READ_ONCE(ws_max_pinned_kb_per_socket);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ws_kunit_limits_restore,
							saved), 0);

	ws_kunit_pair(test, WS_AF_INET, &a, &b);
	WRITE_ONCE(ws_max_reqs_per_socket, 2);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 0, 16),
			-EINPROGRESS);
	KUNIT_ASSERT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 1, 16),
			-EINPROGRESS);
	KUNIT_EXPECT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 2, 16),
			-EWOULDBLOCK);
	/* Failed at once: nothing stored. */
	KUNIT_EXPECT_EQ(test, ws_kunit_status(test, ua, 2, NULL),
			(u64)WS_STATUS_PENDING);
	KUNIT_ASSERT_EQ(test, ws_kunit_cancel(test, b, ua, 0), 1);
	KUNIT_ASSERT_EQ(test, ws_kunit_ov_wait(test, b, ua, 0), 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 2, 16),
			-EINPROGRESS);

	/* No page may be held: a receive into a buffer is refused. */
	KUNIT_ASSERT_EQ(test, ws_kunit_cancel(test, b, ua, -1), 2);
	WRITE_ONCE(ws_max_reqs_per_socket, saved->reqs);
	WRITE_ONCE(ws_max_pinned_kb_per_socket, 0);
	KUNIT_EXPECT_EQ(test, ws_kunit_submit(test, b, ua, WS_OP_RECV, 3, 16),
			-EWOULDBLOCK);
}

static struct kunit_case ws_ovq_cases[] = {
	KUNIT_CASE(ws_ovq_receives_in_posting_order),
	KUNIT_CASE(ws_ovq_completes_at_once),
	KUNIT_CASE(ws_ovq_zero_length_receive),
	KUNIT_CASE(ws_ovq_cancel_one),
	KUNIT_CASE(ws_ovq_close_completes_pending),
	KUNIT_CASE(ws_ovq_datagram_overflow),
	KUNIT_CASE(ws_ovq_limits),
	{}
};

static struct kunit_suite ws_ovq_suite = {
	.name = "ws_ovq",
	.test_cases = ws_ovq_cases,
};

kunit_test_suite(ws_ovq_suite);
#endif /* WS_HAVE_KUNIT_VM_MMAP */

kunit_test_suites(&ws_addr_suite, &ws_bind_suite, &ws_sockopt_suite,
		  &ws_socket_suite, &ws_netevent_suite, &ws_port_suite,
		  &ws_catalog_suite, &ws_event_suite, &ws_rooted_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the ws socket family");

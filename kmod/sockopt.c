// SPDX-License-Identifier: GPL-2.0
/*
 * ws: Winsock socket options.
 *
 * setsockopt/getsockopt on a ws socket take Winsock's levels, option names
 * and value layouts (uapi/linux/ws.h, "Socket options") and apply them to
 * the TCP or UDP sock, through the sock's own setsockopt (so Linux's checks
 * and locking apply) with the value converted to Linux's layout. Values are
 * read back from the sock, so there is one source of truth, except those
 * Windows reports exactly as they were set (buffer sizes, timeouts in
 * milliseconds, l_onoff) and those Linux has no place for (IPV6_V6ONLY of
 * an IPv4 socket, SO_RANDOMIZE_PORT, ...), which the ws socket remembers.
 *
 * Windows reads and writes each value in one of a few forms (enum
 * ws_opt_in, enum ws_opt_out), which decide what a short or long optlen
 * does; ws_opt_read() and ws_opt_out_plan() hold those rules, as Wine's
 * test_set_getsockopt records them on Windows.
 *
 * Locking: SO_REUSEADDR, SO_EXCLUSIVEADDRUSE and IPV6_V6ONLY change under
 * the address table's mutex, which bind holds (bindtable.c). Fields of the
 * sock are changed through the sock's setsockopt or under the socket lock,
 * and read with READ_ONCE; the values ws remembers are written with
 * WRITE_ONCE.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/dst.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "ws.h"

#define WS_IPPROTO_UDP		17
#define WS_IP_OPTIONS_MAX	40	/* bytes of IPv4 options */
#define WS_IDEAL_SEND_BACKLOG_MIN 0x10000

void ws_sockopt_init(struct ws_sock *ws)
{
	ws->rcvbuf_set = -1;
	ws->sndbuf_set = -1;
	ws->v6only = true;
	ws->protection_level = WS_PROTECTION_LEVEL_UNRESTRICTED;
}

/**
 * ws_sockopt_connected() - note that the socket's connection is established
 * @ws: the socket
 *
 * Called when a connect completes and for an accepted socket; SO_CONNECT_TIME
 * counts from here.
 *
 * Context: any, including the sock's callbacks in softirq context.
 */
void ws_sockopt_connected(struct ws_sock *ws)
{
	WRITE_ONCE(ws->connect_time, max_t(u64, get_jiffies_64(), 1));
}

/* --- value forms ---------------------------------------------------------- */

/**
 * ws_opt_read() - read a setsockopt value as Windows reads it
 * @optval: the value
 * @optlen: its length; above WS_OPTLEN_MAX for a negative Winsock optlen
 * @form: how Windows reads this option (enum ws_opt_in)
 * @val: the value: its first bytes as a host-order int (the low bytes on
 *	the little-endian machines Windows runs on), 0 when none were read
 *
 * Return: 0; -EFAULT if @optlen is too short for @form or the copy faults;
 * -ENOBUFS for a length beyond WS_OPTLEN_MAX where Windows hands the length
 * to its driver (Wine test_set_getsockopt: optlen -1).
 */
int ws_opt_read(sockptr_t optval, unsigned int optlen, enum ws_opt_in form,
		u32 *val)
{
	unsigned int min, n;
	u8 buf[sizeof(u32)] = { 0 };

	*val = 0;
	switch (form) {
	case WS_IN_SBOOL:
		min = 0;
		n = min_t(unsigned int, optlen, sizeof(buf));
		break;
	case WS_IN_SINT:
		min = sizeof(buf);
		n = sizeof(buf);
		break;
	case WS_IN_BOOL1:
		min = 1;
		n = 1;
		break;
	case WS_IN_SHORT:
		min = 1;
		n = min_t(unsigned int, optlen, sizeof(buf));
		break;
	default:
		min = sizeof(buf);
		n = sizeof(buf);
		break;
	}
	if (form != WS_IN_SBOOL && form != WS_IN_SINT && optlen > WS_OPTLEN_MAX)
		return -ENOBUFS;
	if (optlen < min)
		return -EFAULT;
	if (n && copy_from_sockptr(buf, optval, n))
		return -EFAULT;
	memcpy(val, buf, sizeof(buf));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ws_opt_read);

/**
 * ws_opt_out_plan() - what getsockopt writes, as Windows writes it
 * @room: the caller's *optlen
 * @size: the size of the value
 * @form: what Windows does with a room shorter than @size (enum ws_opt_out)
 *
 * Return: the bytes to zero, to copy (the value's first bytes: its low
 * bytes on the little-endian machines Windows runs on), the new *optlen,
 * and the error (Wine test_set_getsockopt, test_optsize: an int option
 * read into 1 or 2 bytes).
 */
struct ws_out_plan ws_opt_out_plan(int room, unsigned int size,
				   enum ws_opt_out form)
{
	struct ws_out_plan p = { .optlen = -1 };

	if (room <= 0) {
		p.err = -EFAULT;
		return p;
	}
	if (form == WS_OUT_BOOL1) {
		p.copy = 1;
		p.optlen = 1;
		return p;
	}
	if ((unsigned int)room >= size) {
		p.copy = size;
		p.optlen = size;
		return p;
	}
	switch (form) {
	case WS_OUT_ZFAULT:
		p.zero = room;
		p.err = -EFAULT;
		break;
	case WS_OUT_FAULT0:
		p.optlen = 0;
		p.err = -EFAULT;
		break;
	case WS_OUT_SBOOL:
		p.zero = room;
		p.copy = 1;
		p.optlen = 1;
		break;
	case WS_OUT_SHORT:
		p.copy = 1;
		p.optlen = 1;
		break;
	default:
		p.err = -EFAULT;
		break;
	}
	return p;
}
EXPORT_SYMBOL_IF_KUNIT(ws_opt_out_plan);

/* A TTL or hop count in the SHORT form: 0..255 (Wine test_optsize: 0x100). */
static int ws_opt_read_byte(sockptr_t optval, unsigned int optlen, int *val)
{
	u32 v;
	int err = ws_opt_read(optval, optlen, WS_IN_SHORT, &v);

	if (err)
		return err;
	if (v > 255)
		return -EINVAL;
	*val = v;
	return 0;
}

/* A BOOL of @form, as the int 0 or 1 Linux's options take. */
static int ws_opt_read_bool(sockptr_t optval, unsigned int optlen,
			    enum ws_opt_in form, int *val)
{
	u32 v;
	int err = ws_opt_read(optval, optlen, form, &v);

	if (err)
		return err;
	*val = !!v;
	return 0;
}

/* A structure at the IP levels: its full size, or EFAULT. */
static int ws_opt_read_struct(sockptr_t optval, unsigned int optlen,
			      void *dst, size_t size)
{
	if (optlen > WS_OPTLEN_MAX)
		return -ENOBUFS;
	if (optlen < size)
		return -EFAULT;
	return copy_from_sockptr(dst, optval, size) ? -EFAULT : 0;
}

/* --- conversions ---------------------------------------------------------- */

/**
 * ws_max_msg_size() - SO_MAX_MSG_SIZE for a socket type and address family
 * @type: SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET (rooted multipoint)
 * @af: WS_AF_INET or WS_AF_INET6
 *
 * Return: the largest message one send can carry.
 */
u32 ws_max_msg_size(int type, int af)
{
	if (type == SOCK_STREAM)
		return WS_STREAM_MAX_MSG;
	if (type == SOCK_SEQPACKET)
		return WS_RT_MAX_MSG;
	return af == WS_AF_INET6 ? WS_UDP6_MAX_MSG : WS_UDP4_MAX_MSG;
}
EXPORT_SYMBOL_IF_KUNIT(ws_max_msg_size);

/**
 * ws_connect_time_secs() - SO_CONNECT_TIME of a connection
 * @start: jiffies64 when it was established
 * @now: jiffies64 now
 *
 * Return: whole seconds since @start, at most 0xfffffffe (0xffffffff means
 * "not connected").
 */
u32 ws_connect_time_secs(u64 start, u64 now)
{
	u64 secs = now > start ? div_u64(now - start, HZ) : 0;

	return min_t(u64, secs, U32_MAX - 1);
}
EXPORT_SYMBOL_IF_KUNIT(ws_connect_time_secs);

/**
 * ws_tcp_keepcnt() - Linux's TCP_KEEPCNT for Windows' value
 * @val: the Winsock value
 *
 * Windows takes 1 to 255 probes (Wine test_optsize: 256 is WSAEINVAL);
 * Linux keeps at most MAX_TCP_KEEPCNT.
 *
 * Return: the count for Linux, or -EINVAL.
 */
int ws_tcp_keepcnt(u32 val)
{
	if (val < 1 || val > 255)
		return -EINVAL;
	return min_t(u32, val, MAX_TCP_KEEPCNT);
}
EXPORT_SYMBOL_IF_KUNIT(ws_tcp_keepcnt);

/**
 * ws_ideal_send_backlog() - the send backlog that keeps a connection busy
 * @cwnd: its congestion window, in segments
 * @mss: its segment size
 * @wmem_max: the largest send buffer TCP grows to (tcp_wmem[2])
 *
 * What Linux sizes an autotuned send buffer to (twice the congestion
 * window's bytes), between Windows' 64 KiB (Wine test_backlog_query: a
 * loopback connection's value) and @wmem_max, above which a program's
 * SO_SNDBUF would not grow the buffer either.
 *
 * Return: the ideal send backlog, bytes.
 */
u32 ws_ideal_send_backlog(u32 cwnd, u32 mss, int wmem_max)
{
	u64 bytes = 2ULL * cwnd * mss;
	u32 max = max_t(int, wmem_max, WS_IDEAL_SEND_BACKLOG_MIN);

	return clamp_t(u64, bytes, WS_IDEAL_SEND_BACKLOG_MIN, max);
}
EXPORT_SYMBOL_IF_KUNIT(ws_ideal_send_backlog);

/**
 * ws_pmtudisc_from_ws() - Linux's IP(V6)_PMTUDISC_* for Windows' value
 * @val: WS_IP_PMTUDISC_DO, _DONT or _PROBE
 *
 * Return: the Linux value (the same for IPv4 and IPv6), or -EINVAL for
 * anything else, WS_IP_PMTUDISC_NOT_SET included (Wine
 * test_sockopt_validity: the default read back cannot be set).
 */
int ws_pmtudisc_from_ws(u32 val)
{
	switch (val) {
	case WS_IP_PMTUDISC_DO:
		return IP_PMTUDISC_DO;
	case WS_IP_PMTUDISC_DONT:
		return IP_PMTUDISC_DONT;
	case WS_IP_PMTUDISC_PROBE:
		return IP_PMTUDISC_PROBE;
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL_IF_KUNIT(ws_pmtudisc_from_ws);

/**
 * ws_pmtudisc_to_ws() - Windows' IP_MTU_DISCOVER for Linux's value
 * @pmtudisc: IP(V6)_PMTUDISC_*
 *
 * Return: WS_IP_PMTUDISC_*; Linux's default (WANT) and the modes Windows
 * has no name for read as WS_IP_PMTUDISC_NOT_SET.
 */
u32 ws_pmtudisc_to_ws(int pmtudisc)
{
	switch (pmtudisc) {
	case IP_PMTUDISC_DO:
		return WS_IP_PMTUDISC_DO;
	case IP_PMTUDISC_DONT:
		return WS_IP_PMTUDISC_DONT;
	case IP_PMTUDISC_PROBE:
		return WS_IP_PMTUDISC_PROBE;
	default:
		return WS_IP_PMTUDISC_NOT_SET;
	}
}
EXPORT_SYMBOL_IF_KUNIT(ws_pmtudisc_to_ws);

/**
 * ws_mcast_if_index() - is an IPv4 interface value an interface index?
 * @val: IP_MULTICAST_IF's value, or an ip_mreq's imr_interface
 * @ifindex: the index, if so
 *
 * Windows takes an interface index in the form 0.0.0.index (network order)
 * where it takes an IPv4 address of an interface.
 *
 * Return: true for an index (0.0.0.1 to 0.255.255.255).
 */
bool ws_mcast_if_index(__be32 val, int *ifindex)
{
	u32 v = ntohl(val);

	if (!v || v > 0x00ffffff)
		return false;
	*ifindex = v;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(ws_mcast_if_index);

/* --- helpers -------------------------------------------------------------- */

/* A Linux option set on the sock, through its own setsockopt. */
static int ws_lower_set(struct ws_sock *ws, int level, int optname,
			const void *val, unsigned int len)
{
	return ws->inet_ops->setsockopt(ws->sock, level, optname,
					KERNEL_SOCKPTR((void *)val), len);
}

static int ws_lower_set_int(struct ws_sock *ws, int level, int optname,
			    int val)
{
	return ws_lower_set(ws, level, optname, &val, sizeof(val));
}

/*
 * Turn the receive option @bit of ws->rxopts on or off, and Linux's option
 * @level/@optname, which gives the control message of all of @group, on
 * while any of them is. Two threads changing options of one group at once
 * cannot leave Linux's off while one is on: each sets Linux's again until
 * what it set agrees with the bits.
 */
static int ws_rx_set(struct ws_sock *ws, u16 bit, u16 group, int level,
		     int optname, bool on)
{
	u16 old, new;
	bool want;
	int err;

	do {
		old = READ_ONCE(ws->rxopts);
		new = on ? old | bit : old & ~bit;
	} while (cmpxchg(&ws->rxopts, old, new) != old);
	do {
		want = READ_ONCE(ws->rxopts) & group;
		err = ws_lower_set_int(ws, level, optname, want);
	} while (!err && want != !!(READ_ONCE(ws->rxopts) & group));
	if (err && old != new) {
		/* Linux refused: the option keeps its value. */
		do {
			old = READ_ONCE(ws->rxopts);
			new = on ? old & ~bit : old | bit;
		} while (cmpxchg(&ws->rxopts, old, new) != old);
	}
	return err;
}

static bool ws_rx_on(struct ws_sock *ws, u16 bit)
{
	return READ_ONCE(ws->rxopts) & bit;
}

/*
 * A Linux SOL_SOCKET option set on the sock with an int value, with the
 * socket layer's own checks (capabilities, bounds).
 */
static int ws_sock_set_int(struct ws_sock *ws, int optname, int val)
{
	return sock_setsockopt(ws->sock, SOL_SOCKET, optname,
			       KERNEL_SOCKPTR(&val), sizeof(val));
}

static int ws_set_linger(struct ws_sock *ws, bool onoff, unsigned int secs)
{
	struct linger l = { .l_onoff = onoff, .l_linger = secs };

	return sock_setsockopt(ws->sock, SOL_SOCKET, SO_LINGER,
			       KERNEL_SOCKPTR(&l), sizeof(l));
}

static unsigned int ws_linger_secs(struct sock *sk)
{
	return READ_ONCE(sk->sk_lingertime) / HZ;
}

static void ws_set_timeo(struct sock *sk, long *timeo, u32 ms)
{
	lock_sock(sk);
	WRITE_ONCE(*timeo, ms ? (long)msecs_to_jiffies(ms) : MAX_SCHEDULE_TIMEOUT);
	release_sock(sk);
}

static bool ws_is_inet6(const struct ws_sock *ws)
{
	return ws->sk->sk_family == AF_INET6;
}

/* A TCP connection that exists (for SO_CONNECT_TIME). */
static bool ws_tcp_connected(struct sock *sk)
{
	return (1 << READ_ONCE(sk->sk_state)) &
	       (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_FIN_WAIT1 |
		TCPF_FIN_WAIT2 | TCPF_CLOSING | TCPF_LAST_ACK);
}

/* The path MTU of a connected socket (IP_MTU, IPV6_MTU). */
static int ws_path_mtu(struct sock *sk, u32 *val)
{
	struct dst_entry *dst = sk_dst_get(sk);

	*val = 0;
	if (dst) {
		*val = dst_mtu(dst);
		dst_release(dst);
	}
	return *val ? 0 : -ENOTCONN;
}

/* --- level SOL_SOCKET ----------------------------------------------------- */

/* Options that do not apply to the socket's type: WSAENOPROTOOPT. */
static bool ws_opt_applies(const struct ws_sock *ws, int optname)
{
	switch (optname) {
	case WS_SO_LINGER:
	case WS_SO_DONTLINGER:
	case WS_SO_OOBINLINE:
	case WS_SO_KEEPALIVE:
	case WS_SO_CONDITIONAL_ACCEPT:
		return ws_is_stream(ws);
	default:
		return true;
	}
}

static int ws_set_socket(struct ws_sock *ws, int optname, sockptr_t optval,
			 unsigned int optlen)
{
	struct sock *sk = ws->sk;
	struct ws_linger wl;
	int on, err;
	u32 val;

	if (!ws_opt_applies(ws, optname))
		return -ENOPROTOOPT;

	switch (optname) {
	case WS_SO_DEBUG:
		err = ws_opt_read_bool(optval, optlen, WS_IN_SBOOL, &on);
		if (err)
			return err;
		/*
		 * Any Windows user may set SO_DEBUG, and reads it back. Linux's
		 * SOCK_DBG follows only for a caller Linux itself would let set
		 * it (CAP_NET_ADMIN, as sk_setsockopt checks).
		 */
		WRITE_ONCE(ws->debug, on);
		if (!on || capable(CAP_NET_ADMIN)) {
			lock_sock(sk);
			sock_valbool_flag(sk, SOCK_DBG, on);
			release_sock(sk);
		}
		return 0;
	case WS_SO_KEEPALIVE:
	case WS_SO_DONTROUTE:
		/* Windows reads these from their first byte only. */
		err = ws_opt_read_bool(optval, optlen, WS_IN_BOOL1, &on);
		if (err)
			return err;
		return ws_sock_set_int(ws, optname == WS_SO_KEEPALIVE ?
				       SO_KEEPALIVE : SO_DONTROUTE, on);
	case WS_SO_BROADCAST:
		err = ws_opt_read_bool(optval, optlen, WS_IN_SBOOL, &on);
		if (err)
			return err;
		ws_bcast_set(ws, on);
		return 0;
	case WS_SO_OOBINLINE:
		err = ws_opt_read_bool(optval, optlen, WS_IN_SBOOL, &on);
		if (err)
			return err;
		return ws_sock_set_int(ws, SO_OOBINLINE, on);
	case WS_SO_REUSEADDR:
	case WS_SO_EXCLUSIVEADDRUSE:
		err = ws_opt_read_bool(optval, optlen, WS_IN_SBOOL, &on);
		if (err)
			return err;
		return ws_bind_set_flags(ws, optname, on);
	case WS_SO_LINGER:
		err = ws_opt_read(optval, optlen, WS_IN_SINT, &val);
		if (err)
			return err;
		wl.l_onoff = val & 0xffff;
		wl.l_linger = val >> 16;
		err = ws_set_linger(ws, wl.l_onoff, wl.l_linger);
		if (!err)
			WRITE_ONCE(ws->linger_onoff, wl.l_onoff);
		return err;
	case WS_SO_DONTLINGER:
		err = ws_opt_read_bool(optval, optlen, WS_IN_SBOOL, &on);
		if (err)
			return err;
		err = ws_set_linger(ws, !on, ws_linger_secs(sk));
		if (!err)
			WRITE_ONCE(ws->linger_onoff, !on);
		return err;
	case WS_SO_RCVBUF:
	case WS_SO_SNDBUF:
		err = ws_opt_read(optval, optlen, WS_IN_SINT, &val);
		if (err)
			return err;
		if ((int)val < 0)
			return -EINVAL;
		err = ws_sock_set_int(ws, optname == WS_SO_RCVBUF ?
				      SO_RCVBUF : SO_SNDBUF, val);
		if (err)
			return err;
		if (optname == WS_SO_RCVBUF)
			WRITE_ONCE(ws->rcvbuf_set, val);
		else
			WRITE_ONCE(ws->sndbuf_set, val);
		return 0;
	case WS_SO_ERROR:
		/* Windows lets SO_ERROR be set; getsockopt then reports it. */
		err = ws_opt_read(optval, optlen, WS_IN_SINT, &val);
		if (err)
			return err;
		WRITE_ONCE(ws->so_error, val);
		return 0;
	case WS_SO_RCVTIMEO:
	case WS_SO_SNDTIMEO:
		err = ws_opt_read(optval, optlen, WS_IN_SINT, &val);
		if (err)
			return err;
		if (optname == WS_SO_RCVTIMEO) {
			ws_set_timeo(sk, &sk->sk_rcvtimeo, val);
			WRITE_ONCE(ws->rcvtimeo_ms, val);
		} else {
			ws_set_timeo(sk, &sk->sk_sndtimeo, val);
			WRITE_ONCE(ws->sndtimeo_ms, val);
		}
		return 0;
	case WS_SO_RANDOMIZE_PORT:
	case WS_SO_PORT_SCALABILITY:
		/* Linux does both whatever is said: remembered only. */
		err = ws_opt_read_bool(optval, optlen, WS_IN_SBOOL, &on);
		if (err)
			return err;
		if (optname == WS_SO_RANDOMIZE_PORT)
			WRITE_ONCE(ws->randomize_port, on);
		else
			WRITE_ONCE(ws->port_scalability, on);
		return 0;
	case WS_SO_CONDITIONAL_ACCEPT:
		err = ws_opt_read_bool(optval, optlen, WS_IN_SBOOL, &on);
		if (err)
			return err;
		/*
		 * Taken into account by listen (synhold.c): not after it, nor
		 * after a listen that failed (its SYN hold stays in place).
		 */
		if (READ_ONCE(sk->sk_state) == TCP_LISTEN || READ_ONCE(ws->synq))
			return -EINVAL;
		WRITE_ONCE(ws->cond_accept, on);
		return 0;
	default:
		/* Unknown, get-only, or unsupported (SO_SNDLOWAT, ...). */
		return -ENOPROTOOPT;
	}
}

/* A getsockopt value, in the layout its caller sees, and its form. */
struct ws_optval {
	union {
		u32		u;
		struct ws_linger l;
		u8		bytes[WS_IP_OPTIONS_MAX];
	};
	unsigned int		size;
	enum ws_opt_out		form;
	bool			trunc;	/* a variable-length value: room or less */
};

static void ws_val(struct ws_optval *v, u32 val, enum ws_opt_out form)
{
	v->u = val;
	v->size = sizeof(u32);
	v->form = form;
}

static int ws_get_socket(struct socket *sock, int optname, struct ws_optval *v)
{
	struct ws_sock *ws = ws_sk(sock);
	struct sock *sk = ws->sk;
	u16 onoff;
	u64 start;
	int val;

	if (!ws_opt_applies(ws, optname))
		return -ENOPROTOOPT;

	switch (optname) {
	case WS_SO_DEBUG:
		ws_val(v, READ_ONCE(ws->debug), WS_OUT_SBOOL);
		return 0;
	case WS_SO_ACCEPTCONN:
		ws_val(v, READ_ONCE(sk->sk_state) == TCP_LISTEN, WS_OUT_FAULT);
		return 0;
	case WS_SO_REUSEADDR:
		ws_val(v, READ_ONCE(ws->reuseaddr), WS_OUT_SBOOL);
		return 0;
	case WS_SO_EXCLUSIVEADDRUSE:
		ws_val(v, READ_ONCE(ws->exclusive), WS_OUT_SBOOL);
		return 0;
	case WS_SO_KEEPALIVE:
		ws_val(v, sock_flag(sk, SOCK_KEEPOPEN), WS_OUT_BOOL1);
		return 0;
	case WS_SO_DONTROUTE:
		ws_val(v, sock_flag(sk, SOCK_LOCALROUTE), WS_OUT_BOOL1);
		return 0;
	case WS_SO_BROADCAST:
		/* As set: not the association's (ws_bcast_set()). */
		ws_val(v, READ_ONCE(ws->bcast_user), WS_OUT_SBOOL);
		return 0;
	case WS_SO_OOBINLINE:
		ws_val(v, sock_flag(sk, SOCK_URGINLINE), WS_OUT_SBOOL);
		return 0;
	case WS_SO_LINGER:
		/* l_onoff as it was set (Wine test_optsize: 0x100 stays). */
		onoff = READ_ONCE(ws->linger_onoff);
		ws_val(v, 0, WS_OUT_ZFAULT);
		v->l.l_onoff = sock_flag(sk, SOCK_LINGER) ? (onoff ?: 1) : 0;
		v->l.l_linger = min_t(unsigned int, ws_linger_secs(sk), U16_MAX);
		return 0;
	case WS_SO_DONTLINGER:
		ws_val(v, !sock_flag(sk, SOCK_LINGER), WS_OUT_SBOOL);
		return 0;
	case WS_SO_RCVBUF:
		val = READ_ONCE(ws->rcvbuf_set);
		ws_val(v, val >= 0 ? val : READ_ONCE(sk->sk_rcvbuf) / 2,
		       WS_OUT_ZFAULT);
		return 0;
	case WS_SO_SNDBUF:
		val = READ_ONCE(ws->sndbuf_set);
		ws_val(v, val >= 0 ? val : READ_ONCE(sk->sk_sndbuf) / 2,
		       WS_OUT_ZFAULT);
		return 0;
	case WS_SO_RCVTIMEO:
		ws_val(v, READ_ONCE(ws->rcvtimeo_ms), WS_OUT_FAULT);
		return 0;
	case WS_SO_SNDTIMEO:
		ws_val(v, READ_ONCE(ws->sndtimeo_ms), WS_OUT_FAULT);
		return 0;
	case WS_SO_ERROR:
		/* Windows keeps a failed connect's error until SO_ERROR is set
		 * or a connection succeeds; Linux clears it on read.
		 */
		val = -sock_error(sk);
		if (val && !READ_ONCE(ws->was_connected))
			WRITE_ONCE(ws->so_error, val);
		ws_val(v, val ? val : READ_ONCE(ws->so_error), WS_OUT_FAULT);
		return 0;
	case WS_SO_TYPE:
		ws_val(v, sock->type, WS_OUT_FAULT);
		return 0;
	case WS_SO_MAX_MSG_SIZE:
		ws_val(v, ws_max_msg_size(sock->type, ws_af(ws)), WS_OUT_FAULT);
		return 0;
	case WS_SO_GROUP_ID:
		ws_val(v, 0, WS_OUT_FAULT);	/* no socket group */
		return 0;
	case WS_SO_RANDOMIZE_PORT:
		ws_val(v, READ_ONCE(ws->randomize_port), WS_OUT_SBOOL);
		return 0;
	case WS_SO_PORT_SCALABILITY:
		ws_val(v, READ_ONCE(ws->port_scalability), WS_OUT_SBOOL);
		return 0;
	case WS_SO_CONDITIONAL_ACCEPT:
		ws_val(v, READ_ONCE(ws->cond_accept), WS_OUT_SBOOL);
		return 0;
	case WS_SO_CONNECT_TIME:
		/* Wine test_connect_time: ~0 unless a TCP connection exists. */
		if (ws_is_stream(ws) && ws_tcp_connected(sk)) {
			start = READ_ONCE(ws->connect_time);
			ws_val(v, start ? ws_connect_time_secs(start,
							       get_jiffies_64()) : 0,
			       WS_OUT_FAULT);
		} else {
			ws_val(v, U32_MAX, WS_OUT_FAULT);
		}
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

/*
 * IP(V6)_MTU_DISCOVER reads IP_PMTUDISC_NOT_SET until it is set: setting
 * IP_DONTFRAGMENT, which moves Linux's pmtudisc too, does not change that
 * (Wine test_sockopt_validity: after IP_DONTFRAGMENT is set, the value
 * IP_MTU_DISCOVER reads still cannot be set).
 */
static u32 ws_mtu_discover(struct ws_sock *ws, int pmtudisc)
{
	if (!READ_ONCE(ws->pmtudisc_set))
		return WS_IP_PMTUDISC_NOT_SET;
	return ws_pmtudisc_to_ws(pmtudisc);
}

/* --- level IPPROTO_IP ------------------------------------------------------ */

/* The (source) group membership options, which can only be set. */
static bool ws_ip_membership(int optname)
{
	switch (optname) {
	case WS_IP_ADD_MEMBERSHIP:
	case WS_IP_DROP_MEMBERSHIP:
	case WS_IP_ADD_SOURCE_MEMBERSHIP:
	case WS_IP_DROP_SOURCE_MEMBERSHIP:
	case WS_IP_BLOCK_SOURCE:
	case WS_IP_UNBLOCK_SOURCE:
		return true;
	default:
		return false;
	}
}

/*
 * IPv4 options of UDP only: on TCP they fail with WSAEINVAL (Wine
 * test_sockopt_validity, ipv4_tcp_tests). That holds too for the
 * datagram options Windows has and ws does not carry, which fail with
 * WSAENOPROTOOPT on UDP only.
 */
static bool ws_ip_udp_only(int optname)
{
	if (ws_ip_membership(optname))
		return true;
	switch (optname) {
	case WS_IP_MULTICAST_IF:
	case WS_IP_MULTICAST_TTL:
	case WS_IP_MULTICAST_LOOP:
	case WS_IP_PKTINFO:
	case WS_IP_RECVTTL:
	case WS_IP_RECVTOS:
	case WS_IP_RECEIVE_BROADCAST:
	case WS_IP_RECVIF:
	case WS_IP_RECVDSTADDR:
	case WS_IP_RECVRTHDR:
	case WS_IP_ORIGINAL_ARRIVAL_IF:
	case WS_IP_ECN:
	case WS_IP_PKTINFO_EX:
	case WS_IP_WFP_REDIRECT_RECORDS:
	case WS_IP_WFP_REDIRECT_CONTEXT:
	case WS_IP_RECVERR:
		return true;
	default:
		return false;
	}
}

/* An interface given as Windows gives it, into Linux's ip_mreqn. */
static void ws_mreqn_if(struct ip_mreqn *m, __be32 interface)
{
	int ifindex;

	if (ws_mcast_if_index(interface, &ifindex))
		m->imr_ifindex = ifindex;
	else
		m->imr_address.s_addr = interface;
}

static int ws_set_ip_membership(struct ws_sock *ws, int optname,
				sockptr_t optval, unsigned int optlen)
{
	struct ws_ip_mreq_source ws_src;
	struct ip_mreq_source src = { 0 };
	struct group_source_req gsr = { 0 };
	struct ws_ip_mreq ws_mreq;
	struct ip_mreqn mreqn = { 0 };
	struct sockaddr_in *sin;
	int err, ifindex, name;

	if (optname == WS_IP_ADD_MEMBERSHIP || optname == WS_IP_DROP_MEMBERSHIP) {
		err = ws_opt_read_struct(optval, optlen, &ws_mreq,
					 sizeof(ws_mreq));
		if (err)
			return err;
		mreqn.imr_multiaddr.s_addr = ws_mreq.imr_multiaddr;
		ws_mreqn_if(&mreqn, ws_mreq.imr_interface);
		return ws_lower_set(ws, SOL_IP, optname == WS_IP_ADD_MEMBERSHIP ?
				    IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP,
				    &mreqn, sizeof(mreqn));
	}

	err = ws_opt_read_struct(optval, optlen, &ws_src, sizeof(ws_src));
	if (err)
		return err;
	if (ws_mcast_if_index(ws_src.imr_interface, &ifindex)) {
		/* Linux's ip_mreq_source takes addresses only. */
		gsr.gsr_interface = ifindex;
		sin = (struct sockaddr_in *)&gsr.gsr_group;
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = ws_src.imr_multiaddr;
		sin = (struct sockaddr_in *)&gsr.gsr_source;
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = ws_src.imr_sourceaddr;
		name = optname == WS_IP_ADD_SOURCE_MEMBERSHIP ? MCAST_JOIN_SOURCE_GROUP :
		       optname == WS_IP_DROP_SOURCE_MEMBERSHIP ? MCAST_LEAVE_SOURCE_GROUP :
		       optname == WS_IP_BLOCK_SOURCE ? MCAST_BLOCK_SOURCE :
		       MCAST_UNBLOCK_SOURCE;
		return ws_lower_set(ws, SOL_IP, name, &gsr, sizeof(gsr));
	}
	/* Windows' member order is multiaddr, sourceaddr, interface. */
	src.imr_multiaddr = ws_src.imr_multiaddr;
	src.imr_interface = ws_src.imr_interface;
	src.imr_sourceaddr = ws_src.imr_sourceaddr;
	name = optname == WS_IP_ADD_SOURCE_MEMBERSHIP ? IP_ADD_SOURCE_MEMBERSHIP :
	       optname == WS_IP_DROP_SOURCE_MEMBERSHIP ? IP_DROP_SOURCE_MEMBERSHIP :
	       optname == WS_IP_BLOCK_SOURCE ? IP_BLOCK_SOURCE : IP_UNBLOCK_SOURCE;
	return ws_lower_set(ws, SOL_IP, name, &src, sizeof(src));
}

static int ws_set_ip(struct ws_sock *ws, int optname, sockptr_t optval,
		     unsigned int optlen)
{
	struct ip_mreqn mreqn = { 0 };
	int val, err;
	u32 v;

	if (ws_ip_udp_only(optname) && ws_is_stream(ws))
		return -EINVAL;

	switch (optname) {
	case WS_IP_OPTIONS:
		if (optlen > WS_OPTLEN_MAX)
			return -ENOBUFS;
		return ws->inet_ops->setsockopt(ws->sock, SOL_IP, IP_OPTIONS,
						optval, optlen);
	case WS_IP_HDRINCL:
		/* Wine test_set_getsockopt: only raw sockets have it. */
		return -EINVAL;
	case WS_IP_TOS:
	case WS_IP_TTL:
	case WS_IP_MULTICAST_TTL:
		err = ws_opt_read_byte(optval, optlen, &val);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_IP, optname == WS_IP_TOS ? IP_TOS :
					optname == WS_IP_TTL ? IP_TTL :
					IP_MULTICAST_TTL, val);
	case WS_IP_MULTICAST_IF:
		err = ws_opt_read(optval, optlen, WS_IN_INT, &v);
		if (err)
			return err;
		ws_mreqn_if(&mreqn, (__force __be32)v);
		return ws_lower_set(ws, SOL_IP, IP_MULTICAST_IF, &mreqn,
				    sizeof(mreqn));
	case WS_IP_MULTICAST_LOOP:
		err = ws_opt_read_bool(optval, optlen, WS_IN_SHORT, &val);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_IP, IP_MULTICAST_LOOP, val);
	case WS_IP_ADD_MEMBERSHIP:
	case WS_IP_DROP_MEMBERSHIP:
	case WS_IP_ADD_SOURCE_MEMBERSHIP:
	case WS_IP_DROP_SOURCE_MEMBERSHIP:
	case WS_IP_BLOCK_SOURCE:
	case WS_IP_UNBLOCK_SOURCE:
		return ws_set_ip_membership(ws, optname, optval, optlen);
	case WS_IP_DONTFRAGMENT:
		err = ws_opt_read_bool(optval, optlen, WS_IN_SHORT, &val);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_IP, IP_MTU_DISCOVER,
					val ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT);
	case WS_IP_RECVTTL:
		err = ws_opt_read_bool(optval, optlen, WS_IN_INT, &val);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_IP, IP_RECVTTL, val);
	case WS_IP_PKTINFO:
	case WS_IP_RECVDSTADDR:
	case WS_IP_RECVIF:
		/* All three from Linux's IP_PKTINFO. */
		err = ws_opt_read_bool(optval, optlen, WS_IN_INT, &val);
		if (err)
			return err;
		return ws_rx_set(ws, optname == WS_IP_PKTINFO ? WS_RX_PKTINFO :
				 optname == WS_IP_RECVDSTADDR ? WS_RX_DSTADDR :
				 WS_RX_IF,
				 WS_RX_PKTINFO | WS_RX_DSTADDR | WS_RX_IF,
				 SOL_IP, IP_PKTINFO, val);
	case WS_IP_RECEIVE_BROADCAST:
		/*
		 * TRUE, Windows' default, is what Linux does; it has no way to
		 * keep broadcasts from a UDP socket, so FALSE is refused as the
		 * option was before, not accepted to no effect.
		 */
		err = ws_opt_read_bool(optval, optlen, WS_IN_INT, &val);
		if (err)
			return err;
		return val ? 0 : -ENOPROTOOPT;
	case WS_IP_RECVTOS:
	case WS_IP_ECN:
		/* Both from Linux's IP_RECVTOS. */
		err = ws_opt_read_bool(optval, optlen, WS_IN_INT, &val);
		if (err)
			return err;
		return ws_rx_set(ws, optname == WS_IP_RECVTOS ? WS_RX_TOS :
				 WS_RX_ECN, WS_RX_TOS | WS_RX_ECN, SOL_IP,
				 IP_RECVTOS, val);
	case WS_IP_UNICAST_IF:
		/* Network order on both sides. */
		err = ws_opt_read(optval, optlen, WS_IN_INT, &v);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_IP, IP_UNICAST_IF, v);
	case WS_IP_MTU_DISCOVER:
		err = ws_opt_read(optval, optlen, WS_IN_INT, &v);
		if (err)
			return err;
		val = ws_pmtudisc_from_ws(v);
		if (val < 0)
			return val;
		err = ws_lower_set_int(ws, SOL_IP, IP_MTU_DISCOVER, val);
		if (!err)
			WRITE_ONCE(ws->pmtudisc_set, true);
		return err;
	default:
		/* Unknown, or get-only (IP_MTU). */
		return -ENOPROTOOPT;
	}
}

/* IPv4 options as set (IP_OPTIONS), or none. */
static void ws_get_ip_options(struct sock *sk, struct ws_optval *v)
{
	struct ip_options_rcu *opt;

	v->size = 0;
	rcu_read_lock();
	opt = rcu_dereference(inet_sk(sk)->inet_opt);
	if (opt && opt->opt.optlen <= sizeof(v->bytes)) {
		memcpy(v->bytes, opt->opt.__data, opt->opt.optlen);
		v->size = opt->opt.optlen;
	}
	rcu_read_unlock();
	v->trunc = true;
}

static int ws_get_ip(struct ws_sock *ws, int optname, struct ws_optval *v)
{
	struct inet_sock *inet = inet_sk(ws->sk);
	struct sock *sk = ws->sk;
	__be32 addr;
	u32 mtu;
	int val, err;

	/*
	 * The membership options cannot be read, on TCP either (Wine
	 * test_sockopt_validity: WSAENOPROTOOPT, not WSAEINVAL).
	 */
	if (ws_ip_membership(optname))
		return -ENOPROTOOPT;
	if (ws_ip_udp_only(optname) && ws_is_stream(ws))
		return -EINVAL;

	switch (optname) {
	case WS_IP_OPTIONS:
		ws_get_ip_options(sk, v);
		return 0;
	case WS_IP_HDRINCL:
		return -EINVAL;
	case WS_IP_TOS:
		ws_val(v, READ_ONCE(inet->tos), WS_OUT_SHORT);
		return 0;
	case WS_IP_TTL:
		val = READ_ONCE(inet->uc_ttl);
		if (val < 0)
			val = READ_ONCE(sock_net(sk)->ipv4.sysctl_ip_default_ttl);
		ws_val(v, val, WS_OUT_SHORT);
		return 0;
	case WS_IP_MULTICAST_IF:
		addr = READ_ONCE(inet->mc_addr);
		val = READ_ONCE(inet->mc_index);
		ws_val(v, addr ? (__force u32)addr : (__force u32)htonl(val),
		       WS_OUT_FAULT0);
		return 0;
	case WS_IP_MULTICAST_TTL:
		ws_val(v, READ_ONCE(inet->mc_ttl), WS_OUT_SHORT);
		return 0;
	case WS_IP_MULTICAST_LOOP:
		ws_val(v, ws_compat_inet_mc_loop(sk), WS_OUT_SHORT);
		return 0;
	case WS_IP_DONTFRAGMENT:
		/*
		 * Wine test_set_getsockopt: TRUE by default on TCP (which sets
		 * DF under Linux's default IP_PMTUDISC_WANT too), FALSE on UDP.
		 */
		val = READ_ONCE(inet->pmtudisc);
		ws_val(v, ws_is_stream(ws) ? val != IP_PMTUDISC_DONT :
		       val == IP_PMTUDISC_DO || val == IP_PMTUDISC_PROBE,
		       WS_OUT_SHORT);
		return 0;
	case WS_IP_PKTINFO:
		ws_val(v, ws_rx_on(ws, WS_RX_PKTINFO), WS_OUT_FAULT0);
		return 0;
	case WS_IP_RECVDSTADDR:
		ws_val(v, ws_rx_on(ws, WS_RX_DSTADDR), WS_OUT_FAULT0);
		return 0;
	case WS_IP_RECVIF:
		ws_val(v, ws_rx_on(ws, WS_RX_IF), WS_OUT_FAULT0);
		return 0;
	case WS_IP_RECVTTL:
		ws_val(v, ws_compat_inet_cmsg(sk, IP_CMSG_TTL), WS_OUT_FAULT0);
		return 0;
	case WS_IP_RECEIVE_BROADCAST:
		ws_val(v, 1, WS_OUT_FAULT0);	/* always, see ws_set_ip() */
		return 0;
	case WS_IP_RECVTOS:
		ws_val(v, ws_rx_on(ws, WS_RX_TOS), WS_OUT_FAULT0);
		return 0;
	case WS_IP_ECN:
		ws_val(v, ws_rx_on(ws, WS_RX_ECN), WS_OUT_FAULT0);
		return 0;
	case WS_IP_UNICAST_IF:
		ws_val(v, (__force u32)htonl(READ_ONCE(inet->uc_index)),
		       WS_OUT_FAULT0);
		return 0;
	case WS_IP_MTU_DISCOVER:
		ws_val(v, ws_mtu_discover(ws, READ_ONCE(inet->pmtudisc)),
		       WS_OUT_FAULT0);
		return 0;
	case WS_IP_MTU:
		err = ws_path_mtu(sk, &mtu);
		if (err)
			return err;
		ws_val(v, mtu, WS_OUT_FAULT0);
		return 0;
	case WS_IP_GET_IFLIST:
		/*
		 * Wine test_sockopt_validity: WSAEINVAL on TCP and UDP, the
		 * interface list being off (ws has no IP_IFLIST to turn it on).
		 */
		return -EINVAL;
	default:
		/* Unknown, or set-only (the membership options). */
		return -ENOPROTOOPT;
	}
}

/* --- level IPPROTO_IPV6 ---------------------------------------------------- */

/*
 * IPv6 options of UDP only: EINVAL on TCP (Wine test_sockopt_validity),
 * those ws does not carry too (ENOPROTOOPT on UDP), as at IPPROTO_IP.
 */
static bool ws_ipv6_udp_only(int optname)
{
	switch (optname) {
	case WS_IPV6_MULTICAST_IF:
	case WS_IPV6_MULTICAST_HOPS:
	case WS_IPV6_MULTICAST_LOOP:
	case WS_IPV6_ADD_MEMBERSHIP:
	case WS_IPV6_DROP_MEMBERSHIP:
	case WS_IPV6_PKTINFO:
	case WS_IPV6_HOPLIMIT:
	case WS_IPV6_RECVTCLASS:
	case WS_IPV6_RECVIF:
	case WS_IPV6_RECVDSTADDR:
	case WS_IPV6_RECVRTHDR:
	case WS_IPV6_ORIGINAL_ARRIVAL_IF:
	case WS_IPV6_ECN:
	case WS_IPV6_PKTINFO_EX:
	case WS_IPV6_WFP_REDIRECT_RECORDS:
	case WS_IPV6_WFP_REDIRECT_CONTEXT:
	case WS_IPV6_RECVERR:
		return true;
	default:
		return false;
	}
}

/*
 * IPV6_V6ONLY on an IPv4 socket: Windows keeps it (Wine test_ipv6only, on
 * Windows only): TRUE by default, settable until the socket is bound.
 */
static int ws_set_v4_v6only(struct ws_sock *ws, sockptr_t optval,
			    unsigned int optlen)
{
	int on, err = ws_opt_read_bool(optval, optlen, WS_IN_BOOL1, &on);

	if (err)
		return err;
	if (ws_lower_is_bound(ws))
		return -EINVAL;
	WRITE_ONCE(ws->v6only, on);
	return 0;
}

static int ws_set_ipv6(struct ws_sock *ws, int optname, sockptr_t optval,
		       unsigned int optlen)
{
	struct ws_ipv6_mreq ws_mreq;
	struct ipv6_mreq mreq;
	int val, err;
	u32 v;

	if (!ws_is_inet6(ws))
		return optname == WS_IPV6_V6ONLY ?
		       ws_set_v4_v6only(ws, optval, optlen) : -ENOPROTOOPT;
	if (ws_ipv6_udp_only(optname) && ws_is_stream(ws))
		return -EINVAL;

	switch (optname) {
	case WS_IPV6_HDRINCL:
		return -EINVAL;
	case WS_IPV6_UNICAST_HOPS:
	case WS_IPV6_MULTICAST_HOPS:
		err = ws_opt_read_byte(optval, optlen, &val);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_IPV6,
					optname == WS_IPV6_UNICAST_HOPS ?
					IPV6_UNICAST_HOPS : IPV6_MULTICAST_HOPS,
					val);
	case WS_IPV6_MULTICAST_IF:
		err = ws_opt_read(optval, optlen, WS_IN_INT, &v);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_IPV6, IPV6_MULTICAST_IF, v);
	case WS_IPV6_MULTICAST_LOOP:
		err = ws_opt_read_bool(optval, optlen, WS_IN_SHORT, &val);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_IPV6, IPV6_MULTICAST_LOOP, val);
	case WS_IPV6_ADD_MEMBERSHIP:
	case WS_IPV6_DROP_MEMBERSHIP:
		err = ws_opt_read_struct(optval, optlen, &ws_mreq,
					 sizeof(ws_mreq));
		if (err)
			return err;
		memcpy(&mreq.ipv6mr_multiaddr, ws_mreq.ipv6mr_multiaddr,
		       sizeof(mreq.ipv6mr_multiaddr));
		mreq.ipv6mr_ifindex = ws_mreq.ipv6mr_interface;
		return ws_lower_set(ws, SOL_IPV6,
				    optname == WS_IPV6_ADD_MEMBERSHIP ?
				    IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP,
				    &mreq, sizeof(mreq));
	case WS_IPV6_DONTFRAG:
		err = ws_opt_read_bool(optval, optlen, WS_IN_SHORT, &val);
		if (err)
			return err;
		if (!ws_is_stream(ws))
			return ws_lower_set_int(ws, SOL_IPV6, IPV6_DONTFRAG, val);
		/* TCP segments to the path MTU: only "may fragment" differs. */
		return ws_lower_set_int(ws, SOL_IPV6, IPV6_MTU_DISCOVER,
					val ? IPV6_PMTUDISC_WANT :
					IPV6_PMTUDISC_DONT);
	case WS_IPV6_HOPLIMIT:
		err = ws_opt_read_bool(optval, optlen, WS_IN_INT, &val);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_IPV6, IPV6_RECVHOPLIMIT, val);
	case WS_IPV6_PKTINFO:
	case WS_IPV6_RECVDSTADDR:
	case WS_IPV6_RECVIF:
		/* All three from Linux's IPV6_RECVPKTINFO. */
		err = ws_opt_read_bool(optval, optlen, WS_IN_INT, &val);
		if (err)
			return err;
		return ws_rx_set(ws, optname == WS_IPV6_PKTINFO ? WS_RX6_PKTINFO :
				 optname == WS_IPV6_RECVDSTADDR ?
				 WS_RX6_DSTADDR : WS_RX6_IF,
				 WS_RX6_PKTINFO | WS_RX6_DSTADDR | WS_RX6_IF,
				 SOL_IPV6, IPV6_RECVPKTINFO, val);
	case WS_IPV6_RECVTCLASS:
	case WS_IPV6_ECN:
		/* Both from Linux's IPV6_RECVTCLASS. */
		err = ws_opt_read_bool(optval, optlen, WS_IN_INT, &val);
		if (err)
			return err;
		return ws_rx_set(ws, optname == WS_IPV6_RECVTCLASS ?
				 WS_RX6_TCLASS : WS_RX6_ECN,
				 WS_RX6_TCLASS | WS_RX6_ECN, SOL_IPV6,
				 IPV6_RECVTCLASS, val);
	case WS_IPV6_USER_MTU:
		/*
		 * A cap on the MTU of the socket's datagrams: Linux's
		 * IPV6_MTU, whose 0 is Windows' IP_UNSPECIFIED_USER_MTU
		 * (MAXULONG), the default; below IPv6's minimum MTU (1280)
		 * it is EINVAL. UDP's: on TCP, Linux's caps no segment.
		 */
		if (ws_is_stream(ws))
			return -ENOPROTOOPT;
		err = ws_opt_read(optval, optlen, WS_IN_INT, &v);
		if (err)
			return err;
		if (v > INT_MAX && v != U32_MAX)
			return -EINVAL;
		return ws_lower_set_int(ws, SOL_IPV6, IPV6_MTU,
					v == U32_MAX ? 0 : v);
	case WS_IPV6_PROTECTION_LEVEL:
		/* Remembered: Linux has no edge traversal to restrict. */
		err = ws_opt_read(optval, optlen, WS_IN_INT, &v);
		if (err)
			return err;
		if (v != WS_PROTECTION_LEVEL_UNRESTRICTED &&
		    v != WS_PROTECTION_LEVEL_EDGERESTRICTED &&
		    v != WS_PROTECTION_LEVEL_RESTRICTED &&
		    v != WS_PROTECTION_LEVEL_DEFAULT)
			return -EINVAL;
		WRITE_ONCE(ws->protection_level, v);
		return 0;
	case WS_IPV6_V6ONLY:
		err = ws_opt_read_bool(optval, optlen, WS_IN_BOOL1, &val);
		if (err)
			return err;
		return ws_bind_set_v6only(ws, val);
	case WS_IPV6_UNICAST_IF:
		/* Windows: host order; Linux's IPV6_UNICAST_IF: network. */
		err = ws_opt_read(optval, optlen, WS_IN_INT, &v);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_IPV6, IPV6_UNICAST_IF,
					(__force int)htonl(v));
	case WS_IPV6_MTU_DISCOVER:
		err = ws_opt_read(optval, optlen, WS_IN_INT, &v);
		if (err)
			return err;
		val = ws_pmtudisc_from_ws(v);
		if (val < 0)
			return val;
		err = ws_lower_set_int(ws, SOL_IPV6, IPV6_MTU_DISCOVER, val);
		if (!err)
			WRITE_ONCE(ws->pmtudisc_set, true);
		return err;
	default:
		return -ENOPROTOOPT;
	}
}

static int ws_get_ipv6(struct ws_sock *ws, int optname, struct ws_optval *v)
{
	struct sock *sk = ws->sk;
	struct ipv6_pinfo *np;
	u32 mtu;
	int val, err;

	if (!ws_is_inet6(ws)) {
		if (optname != WS_IPV6_V6ONLY)
			return -ENOPROTOOPT;
		ws_val(v, READ_ONCE(ws->v6only), WS_OUT_BOOL1);
		return 0;
	}
	/* Set-only, on TCP too (Wine test_sockopt_validity). */
	if (optname == WS_IPV6_ADD_MEMBERSHIP ||
	    optname == WS_IPV6_DROP_MEMBERSHIP)
		return -ENOPROTOOPT;
	if (ws_ipv6_udp_only(optname) && ws_is_stream(ws))
		return -EINVAL;
	np = inet6_sk(sk);
	if (!np)
		return -ENOPROTOOPT;

	switch (optname) {
	case WS_IPV6_HDRINCL:
		return -EINVAL;
	case WS_IPV6_UNICAST_HOPS:
		val = ws_compat_np_hop_limit(np);
		if (val < 0)
			val = READ_ONCE(sock_net(sk)->ipv6.devconf_all->hop_limit);
		ws_val(v, val, WS_OUT_SHORT);
		return 0;
	case WS_IPV6_MULTICAST_IF:
		ws_val(v, READ_ONCE(np->mcast_oif), WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_MULTICAST_HOPS:
		val = ws_compat_np_mcast_hops(np);
		ws_val(v, val < 0 ? IPV6_DEFAULT_MCASTHOPS : val, WS_OUT_SHORT);
		return 0;
	case WS_IPV6_MULTICAST_LOOP:
		ws_val(v, ws_compat_inet6_mc_loop(sk), WS_OUT_SHORT);
		return 0;
	case WS_IPV6_DONTFRAG:
		if (ws_is_stream(ws))
			val = ws_compat_np_pmtudisc(np) != IPV6_PMTUDISC_DONT;
		else
			val = ws_compat_inet6_dontfrag(sk);
		ws_val(v, val, WS_OUT_SHORT);
		return 0;
	case WS_IPV6_PKTINFO:
		ws_val(v, ws_rx_on(ws, WS_RX6_PKTINFO), WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_RECVDSTADDR:
		ws_val(v, ws_rx_on(ws, WS_RX6_DSTADDR), WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_RECVIF:
		ws_val(v, ws_rx_on(ws, WS_RX6_IF), WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_HOPLIMIT:
		ws_val(v, np->rxopt.bits.rxhlim, WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_RECVTCLASS:
		ws_val(v, ws_rx_on(ws, WS_RX6_TCLASS), WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_ECN:
		ws_val(v, ws_rx_on(ws, WS_RX6_ECN), WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_PROTECTION_LEVEL:
		ws_val(v, READ_ONCE(ws->protection_level), WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_USER_MTU:
		if (ws_is_stream(ws))
			return -ENOPROTOOPT;
		mtu = READ_ONCE(np->frag_size);
		ws_val(v, mtu ? mtu : U32_MAX, WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_V6ONLY:
		ws_val(v, sk->sk_ipv6only, WS_OUT_BOOL1);
		return 0;
	case WS_IPV6_UNICAST_IF:
		ws_val(v, READ_ONCE(np->ucast_oif), WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_MTU_DISCOVER:
		ws_val(v, ws_mtu_discover(ws, ws_compat_np_pmtudisc(np)),
		       WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_MTU:
		err = ws_path_mtu(sk, &mtu);
		if (err)
			return err;
		ws_val(v, mtu, WS_OUT_FAULT0);
		return 0;
	case WS_IPV6_GET_IFLIST:
		return -EINVAL;		/* as WS_IP_GET_IFLIST */
	default:
		return -ENOPROTOOPT;
	}
}

/* --- level IPPROTO_TCP ----------------------------------------------------- */

static int ws_set_tcp(struct ws_sock *ws, int optname, sockptr_t optval,
		      unsigned int optlen)
{
	int val, err;
	u32 v;

	if (!ws_is_stream(ws))
		return -ENOPROTOOPT;

	switch (optname) {
	case WS_TCP_NODELAY:
		err = ws_opt_read_bool(optval, optlen, WS_IN_BOOL1, &val);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_TCP, TCP_NODELAY, val);
	case WS_TCP_KEEPALIVE:
	case WS_TCP_KEEPINTVL:
		err = ws_opt_read(optval, optlen, WS_IN_INT, &v);
		if (err)
			return err;
		if (v > INT_MAX)
			return -EINVAL;
		return ws_lower_set_int(ws, SOL_TCP, optname == WS_TCP_KEEPALIVE ?
					TCP_KEEPIDLE : TCP_KEEPINTVL, v);
	case WS_TCP_KEEPCNT:
		err = ws_opt_read(optval, optlen, WS_IN_INT, &v);
		if (err)
			return err;
		val = ws_tcp_keepcnt(v);
		if (val < 0)
			return val;
		return ws_lower_set_int(ws, SOL_TCP, TCP_KEEPCNT, val);
	case WS_TCP_FASTOPEN:
		err = ws_opt_read_bool(optval, optlen, WS_IN_INT, &val);
		if (err)
			return err;
		return ws_lower_set_int(ws, SOL_TCP, TCP_FASTOPEN,
					val ? WS_TCP_FASTOPEN_QLEN : 0);
	default:
		/* Unknown, or get-only (TCP_MAXSEG). */
		return -ENOPROTOOPT;
	}
}

static int ws_get_tcp(struct ws_sock *ws, int optname, struct ws_optval *v)
{
	struct sock *sk = ws->sk;
	struct tcp_sock *tp = tcp_sk(sk);
	int val;

	if (!ws_is_stream(ws))
		return -ENOPROTOOPT;

	switch (optname) {
	case WS_TCP_NODELAY:
		ws_val(v, !!(tp->nonagle & TCP_NAGLE_OFF), WS_OUT_BOOL1);
		return 0;
	case WS_TCP_KEEPALIVE:
		ws_val(v, keepalive_time_when(tp) / HZ, WS_OUT_FAULT0);
		return 0;
	case WS_TCP_KEEPINTVL:
		ws_val(v, keepalive_intvl_when(tp) / HZ, WS_OUT_FAULT0);
		return 0;
	case WS_TCP_KEEPCNT:
		ws_val(v, keepalive_probes(tp), WS_OUT_FAULT0);
		return 0;
	case WS_TCP_MAXSEG:
		/* As Linux's own TCP_MAXSEG reads it. */
		lock_sock(sk);
		val = tp->mss_cache;
		if (tp->rx_opt.user_mss &&
		    ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			val = tp->rx_opt.user_mss;
		release_sock(sk);
		ws_val(v, val, WS_OUT_FAULT0);
		return 0;
	case WS_TCP_FASTOPEN:
		ws_val(v, READ_ONCE(inet_csk(sk)->icsk_accept_queue.fastopenq.max_qlen) != 0,
		       WS_OUT_FAULT0);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

/* --- level SOL_WS ------------------------------------------------------------ */

static int ws_set_ws(struct ws_sock *ws, int optname, sockptr_t optval,
		     unsigned int optlen)
{
	int on, err;

	if (optname != WS_WSO_UDP_CONNRESET || ws_is_stream(ws))
		return -ENOPROTOOPT;
	err = ws_opt_read_bool(optval, optlen, WS_IN_INT, &on);
	if (err)
		return err;
	WRITE_ONCE(ws->udp_connreset_off, !on);
	return 0;
}

/*
 * WS_WSO_IDEAL_SEND_BACKLOG: Wine test_backlog_query records Windows'
 * WSAENOTCONN on an unconnected TCP socket and WSAEOPNOTSUPP on UDP.
 */
static int ws_get_send_backlog(struct ws_sock *ws, struct ws_optval *v)
{
	struct sock *sk = ws->sk;
	struct tcp_sock *tp;
	u32 isb;

	if (!ws_is_stream(ws))
		return -EOPNOTSUPP;
	lock_sock(sk);
	if (!ws_tcp_connected(sk)) {
		release_sock(sk);
		return -ENOTCONN;
	}
	tp = tcp_sk(sk);
	isb = ws_ideal_send_backlog(tcp_snd_cwnd(tp), tp->mss_cache,
				    READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_wmem[2]));
	release_sock(sk);
	ws_val(v, isb, WS_OUT_FAULT0);
	return 0;
}

static int ws_get_ws(struct ws_sock *ws, int optname, struct ws_optval *v)
{
	if (optname == WS_WSO_IDEAL_SEND_BACKLOG)
		return ws_get_send_backlog(ws, v);
	if (optname == WS_WSO_MP_ROLE) {
		ws_val(v, ws->mp_role, WS_OUT_FAULT0);	/* constant */
		return 0;
	}
	if (optname != WS_WSO_UDP_CONNRESET || ws_is_stream(ws))
		return -ENOPROTOOPT;
	ws_val(v, !READ_ONCE(ws->udp_connreset_off), WS_OUT_FAULT0);
	return 0;
}

/* --- entry points -------------------------------------------------------------- */

/**
 * ws_setsockopt() - proto_ops.setsockopt of ws sockets
 * @sock: the socket
 * @level: a Winsock level: WS_SOL_SOCKET, WS_IPPROTO_IP, WS_IPPROTO_IPV6,
 *	WS_IPPROTO_TCP, or ws's own WS_SOL_WS
 * @optname: a Winsock option name
 * @optval: the value
 * @optlen: its length
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno, see uapi/linux/ws.h.
 */
int ws_setsockopt(struct socket *sock, int level, int optname,
		  sockptr_t optval, unsigned int optlen)
{
	struct ws_sock *ws = ws_sk(sock);

	might_sleep();
	switch (level) {
	case WS_SOL_SOCKET:
		return ws_set_socket(ws, optname, optval, optlen);
	case WS_IPPROTO_IP:
		return ws_set_ip(ws, optname, optval, optlen);
	case WS_IPPROTO_IPV6:
		return ws_set_ipv6(ws, optname, optval, optlen);
	case WS_IPPROTO_TCP:
		return ws_set_tcp(ws, optname, optval, optlen);
	case WS_IPPROTO_UDP:
		return -ENOPROTOOPT;	/* a level Windows has, no option here */
	case WS_SOL_WS:
		return ws_set_ws(ws, optname, optval, optlen);
	default:
		return -EINVAL;	/* Winsock: an unknown level is WSAEINVAL */
	}
}

/*
 * WS_WSO_PROTOCOL_INFO: the socket's catalog entry (SO_PROTOCOL_INFO). A
 * short room is EFAULT with *optlen the size needed, so that the caller
 * can report it as Windows does.
 */
static int ws_get_protocol_info(struct ws_sock *ws, int len,
				char __user *optval, int __user *optlen)
{
	const struct ws_protocol_info *info = ws_catalog_info(ws->entry);
	int size = sizeof(*info);

	if (len < size) {
		if (put_user(size, optlen))
			return -EFAULT;
		return -EFAULT;
	}
	if (copy_to_user(optval, info, size) || put_user(size, optlen))
		return -EFAULT;
	return 0;
}

/* Write @v as its form says, for a room of @len bytes. */
static int ws_put_optval(const struct ws_optval *v, int len,
			 char __user *optval, int __user *optlen)
{
	struct ws_out_plan p;

	if (v->trunc) {
		if (len <= 0)
			return -EFAULT;
		p = (struct ws_out_plan){ .copy = min_t(unsigned int, len, v->size) };
		p.optlen = p.copy;
	} else {
		p = ws_opt_out_plan(len, v->size, v->form);
	}
	if (p.zero && clear_user(optval, p.zero))
		return -EFAULT;
	/* A short copy takes the value's first bytes, as on Windows. */
	if (p.copy && copy_to_user(optval, v->bytes, p.copy))
		return -EFAULT;
	if (p.optlen >= 0 && put_user(p.optlen, optlen))
		return -EFAULT;
	return p.err;
}

/**
 * ws_getsockopt() - proto_ops.getsockopt of ws sockets
 * @sock: the socket
 * @level: a Winsock level (see ws_setsockopt())
 * @optname: a Winsock option name
 * @optval: where the value goes
 * @optlen: in: the room at @optval; out: the size of the value
 *
 * Context: process context, may sleep.
 * Return: 0, -EFAULT if the room is too small for the value's form (see
 * uapi/linux/ws.h), -ENOPROTOOPT for an unknown option, -EINVAL for an
 * unknown level, or the option's own error.
 */
int ws_getsockopt(struct socket *sock, int level, int optname,
		  char __user *optval, int __user *optlen)
{
	struct ws_sock *ws = ws_sk(sock);
	struct ws_optval v = { 0 };
	int len, err;

	might_sleep();
	if (get_user(len, optlen))
		return -EFAULT;
	if (level == WS_SOL_WS && optname == WS_WSO_PROTOCOL_INFO)
		return ws_get_protocol_info(ws, len, optval, optlen);

	switch (level) {
	case WS_SOL_SOCKET:
		err = ws_get_socket(sock, optname, &v);
		break;
	case WS_IPPROTO_IP:
		err = ws_get_ip(ws, optname, &v);
		break;
	case WS_IPPROTO_IPV6:
		err = ws_get_ipv6(ws, optname, &v);
		break;
	case WS_IPPROTO_TCP:
		err = ws_get_tcp(ws, optname, &v);
		break;
	case WS_IPPROTO_UDP:
		err = -ENOPROTOOPT;
		break;
	case WS_SOL_WS:
		err = ws_get_ws(ws, optname, &v);
		break;
	default:
		err = -EINVAL;	/* Winsock: an unknown level is WSAEINVAL */
		break;
	}
	if (err)
		return err;
	return ws_put_optval(&v, len, optval, optlen);
}

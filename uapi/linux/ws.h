/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ws: Winsock 2 semantics as a Linux socket family.
 *
 * This header is shared by the kernel module (kmod/), libws and the tests.
 * It only uses fixed-size types; pointers travel as __u64.
 *
 * Creating a socket
 * -----------------
 * The family number is a module parameter (default WS_FAMILY_DEFAULT),
 * readable at WS_FAMILY_PARAM_PATH. A socket is created with
 *
 *	socket(family, type, WS_PROTOCOL(af, protocol))
 *
 * type:     SOCK_STREAM or SOCK_DGRAM, optionally with SOCK_NONBLOCK and
 *           SOCK_CLOEXEC. Anything else fails with ESOCKTNOSUPPORT.
 * af:       the Winsock address family of the lower socket: WS_AF_INET (2)
 *           or WS_AF_INET6 (23). Anything else fails with EAFNOSUPPORT.
 * protocol: 0 (the default for the type), IPPROTO_TCP for SOCK_STREAM or
 *           IPPROTO_UDP for SOCK_DGRAM. Anything else fails with
 *           EPROTONOSUPPORT.
 *
 * The ws socket owns a kernel TCP or UDP socket created in the caller's
 * network namespace.
 *
 * Addresses
 * ---------
 * Every socket address crossing this interface (bind, connect, accept,
 * getsockname, getpeername, sendto, recvfrom) is a Winsock SOCKADDR_IN or
 * SOCKADDR_IN6: the same layout as Linux's sockaddr_in (16 bytes) and
 * sockaddr_in6 (28 bytes), with sin_family WS_AF_INET (2) or WS_AF_INET6
 * (23). A sockaddr whose family does not match the socket's fails with
 * EAFNOSUPPORT; one shorter than its family's size fails with EINVAL
 * (Winsock: WSAEFAULT, mapped by libws).
 *
 * Errors
 * ------
 * Calls return negative errnos, as every socket call does. Where Winsock
 * differs from Berkeley, the module returns the errno that corresponds to the
 * Winsock code, so libws can map errnos one to one:
 *  - a nonblocking connect that is under way fails with EWOULDBLOCK
 *    (WSAEWOULDBLOCK), not EINPROGRESS;
 *  - send after shutdown(SD_SEND) and recv after shutdown(SD_RECEIVE) fail
 *    with ESHUTDOWN (WSAESHUTDOWN); no SIGPIPE is ever raised;
 *  - a datagram larger than the receive buffer is truncated to the buffer and
 *    the call fails with EMSGSIZE (WSAEMSGSIZE);
 *  - listen on an unbound socket, and recv/recvfrom on an unbound datagram
 *    socket, fail with EINVAL (WSAEINVAL);
 *  - SO_ERROR (WS_SO_ERROR) reads a positive errno, which libws maps.
 */
#ifndef _UAPI_LINUX_WS_H
#define _UAPI_LINUX_WS_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Default socket family number: AF_NETBEUI, which no Linux module implements. */
#define WS_FAMILY_DEFAULT	13
#define WS_FAMILY_PARAM_PATH	"/sys/module/ws/parameters/family"

/* Winsock address families (sin_family values). */
#define WS_AF_UNSPEC		0
#define WS_AF_INET		2
#define WS_AF_INET6		23

/* The third argument of socket(2) for the ws family. */
#define WS_PROTOCOL(af, proto)	((int)(((__u32)(af) & 0xff) << 16 | ((__u32)(proto) & 0xffff)))
#define WS_PROTOCOL_AF(p)	(((__u32)(p) >> 16) & 0xff)
#define WS_PROTOCOL_PROTO(p)	((__u32)(p) & 0xffff)
#define WS_PROTOCOL_RESERVED	0xff000000u	/* must be zero */

/*
 * Socket options
 * --------------
 * setsockopt/getsockopt take Winsock levels, option names and value layouts:
 *
 * level WS_SOL_SOCKET (0xffff):
 *   WS_SO_DEBUG, WS_SO_KEEPALIVE, WS_SO_DONTROUTE, WS_SO_BROADCAST,
 *   WS_SO_OOBINLINE       BOOL (__u32; any nonzero is TRUE)
 *   WS_SO_REUSEADDR       BOOL; Windows semantics: a socket with it set may
 *                         bind to an address and port already bound by
 *                         another ws socket, unless that socket holds
 *                         WS_SO_EXCLUSIVEADDRUSE. Without it, bind to a port
 *                         in use fails with EADDRINUSE. Setting it while
 *                         WS_SO_EXCLUSIVEADDRUSE is set fails with EINVAL.
 *   WS_SO_EXCLUSIVEADDRUSE BOOL; no other socket may bind the same port, even
 *                         with WS_SO_REUSEADDR. EINVAL while WS_SO_REUSEADDR
 *                         is set; EINVAL once bound.
 *   WS_SO_LINGER          struct ws_linger (4 bytes)
 *   WS_SO_DONTLINGER      BOOL; TRUE clears l_onoff, FALSE sets it
 *   WS_SO_RCVBUF, WS_SO_SNDBUF  int, bytes
 *   WS_SO_RCVTIMEO, WS_SO_SNDTIMEO  DWORD (__u32), milliseconds, 0 = never
 *   get only: WS_SO_ACCEPTCONN (BOOL), WS_SO_ERROR (int errno, cleared),
 *   WS_SO_TYPE (int), WS_SO_MAX_MSG_SIZE (__u32; 65507 for UDP over IPv4,
 *   65527 for UDP over IPv6, 0xffffffff for TCP)
 * level IPPROTO_TCP (6): WS_TCP_NODELAY BOOL.
 *
 * BOOL values are read from an int; a shorter optlen fails with EINVAL
 * (libws maps WSAEFAULT). getsockopt writes the value and sets *optlen to
 * its size; a buffer shorter than the value fails with EINVAL. Unknown
 * levels or names fail with ENOPROTOOPT; set of a get-only option fails with
 * ENOPROTOOPT.
 */
#define WS_SOL_SOCKET		0xffff

#define WS_SO_DEBUG		0x0001
#define WS_SO_ACCEPTCONN	0x0002
#define WS_SO_REUSEADDR		0x0004
#define WS_SO_KEEPALIVE		0x0008
#define WS_SO_DONTROUTE		0x0010
#define WS_SO_BROADCAST		0x0020
#define WS_SO_USELOOPBACK	0x0040
#define WS_SO_LINGER		0x0080
#define WS_SO_OOBINLINE		0x0100
#define WS_SO_DONTLINGER	((int)(~WS_SO_LINGER))
#define WS_SO_EXCLUSIVEADDRUSE	((int)(~WS_SO_REUSEADDR))
#define WS_SO_SNDBUF		0x1001
#define WS_SO_RCVBUF		0x1002
#define WS_SO_SNDLOWAT		0x1003
#define WS_SO_RCVLOWAT		0x1004
#define WS_SO_SNDTIMEO		0x1005
#define WS_SO_RCVTIMEO		0x1006
#define WS_SO_ERROR		0x1007
#define WS_SO_TYPE		0x1008
#define WS_SO_MAX_MSG_SIZE	0x2003

#define WS_IPPROTO_TCP		6
#define WS_TCP_NODELAY		0x0001

/* Winsock's struct linger: two u_shorts. */
struct ws_linger {
	__u16	l_onoff;
	__u16	l_linger;	/* seconds */
};

/*
 * ioctls
 * ------
 * FIONREAD (Linux's 0x541B, int): bytes that can be read. For a stream
 *   socket, the bytes queued; for a datagram socket, the total payload of
 *   all queued datagrams (Winsock: "the amount of pending data in the
 *   network buffer").
 * SIOCATMARK (Linux's 0x8905, int): Winsock semantics, the opposite of
 *   Berkeley's: 1 when no out-of-band data is waiting to be read, 0 when
 *   some is. EINVAL on a datagram socket.
 * FIONBIO is the generic one of the VFS.
 *
 * WS_IOC_CLOSECHECK (no argument): asks whether closing now would have to
 *   block. Fails with EWOULDBLOCK if the socket is nonblocking, lingers with
 *   a nonzero timeout and has unsent data (closesocket then fails with
 *   WSAEWOULDBLOCK and the socket stays open); 0 otherwise.
 */
#define WS_IOC_MAGIC		'W'
#define WS_IOC_CLOSECHECK	_IO(WS_IOC_MAGIC, 0x80)

#endif /* _UAPI_LINUX_WS_H */

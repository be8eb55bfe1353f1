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
 * type:     SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET (rooted multipoint,
 *           see "Rooted multipoint"), optionally with SOCK_NONBLOCK and
 *           SOCK_CLOEXEC. Anything else fails with ESOCKTNOSUPPORT.
 * af:       the Winsock address family of the lower socket: WS_AF_INET (2)
 *           or WS_AF_INET6 (23). Anything else fails with EAFNOSUPPORT.
 * protocol: 0 (the default for the type), IPPROTO_TCP for SOCK_STREAM and
 *           SOCK_SEQPACKET or IPPROTO_UDP for SOCK_DGRAM. Anything else
 *           fails with EPROTONOSUPPORT.
 * The top byte of the third argument says which entry of the protocol
 * catalog the socket belongs to (see "The protocol catalog") and its
 * multipoint role:
 *  - bits 24-27, WS_PROTOCOL_MP_*: WSASocket's WSA_FLAG_MULTIPOINT_* flags,
 *    0 for an ordinary point-to-point socket. A multipoint socket has
 *    exactly one control-plane role (C_ROOT or C_LEAF) and exactly one
 *    data-plane role (D_ROOT or D_LEAF); a root role needs an entry whose
 *    plane is rooted (WS_XP1_MULTIPOINT_CONTROL_PLANE, _DATA_PLANE), a leaf
 *    role an entry with WS_XP1_SUPPORT_MULTIPOINT. Anything else fails
 *    with EINVAL.
 *  - bits 28-31, WS_PROTOCOL_ENTRY(n): 0 makes the socket the first entry
 *    of its address family, type and protocol that admits its role (none
 *    admits it: EINVAL); n (1-15) the n-th entry of its address family,
 *    type and protocol, in catalog order (WSASocket with a
 *    WSAPROTOCOL_INFO), which must exist (EPROTONOSUPPORT) and admit the
 *    role (EINVAL).
 *
 * The ws socket's sock is an ordinary kernel TCP or UDP sock, created in the
 * caller's network namespace with the caller's credentials: Linux's
 * SO_DOMAIN and SO_PROTOCOL report AF_INET or AF_INET6 and IPPROTO_TCP or
 * IPPROTO_UDP, ss and /proc/net list it with its owner, and the security
 * modules (Landlock, AppArmor, TOMOYO, Smack, ...) check every socket call
 * on it as they check a native TCP or UDP socket's. SELinux is the
 * exception: it labels a socket by the family it was created in, so a ws
 * socket is of class socket, not tcp_socket or udp_socket; the rules of
 * those classes, and SELinux's name_connect check, do not apply to it, and
 * a policy grants ws sockets by class socket. WS_IOC_GET_ID, which fails with
 * ENOTTY on other sockets, tells a ws socket from a native one. Linux's own
 * SOL_SOCKET level (1) reaches the sock directly, with Linux's rules; the
 * Winsock options are at WS_SOL_SOCKET.
 *
 * Addresses
 * ---------
 * Every socket address crossing this interface (bind, connect, accept,
 * getsockname, getpeername, sendto, recvfrom) is a Linux sockaddr_in
 * (16 bytes) or sockaddr_in6 (28 bytes), with sin_family AF_INET (2) or
 * AF_INET6 (10): the security modules check the addresses of socket calls,
 * and they know Linux's numbering only. The layouts are Winsock's
 * SOCKADDR_IN and SOCKADDR_IN6; libws turns Winsock's AF_INET6 (23) into 10
 * and back. Winsock's 23 is refused like any other foreign family. A
 * sockaddr shorter than its family's size fails with EFAULT (WSAEFAULT);
 * one whose family is not the socket's fails with EAFNOSUPPORT, except in
 * bind, where Winsock calls that WSAEFAULT too.
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
 *  - bind on a bound socket fails with EINVAL (WSAEINVAL), also after the
 *    socket was bound implicitly; a bind is permanent, as on Windows: a
 *    socket keeps its port (even one bind picked for port 0) when a datagram
 *    association is dissolved or a connect fails;
 *  - bind of an IPv6 address takes its scope id as Windows does (Wine
 *    test_bind): a nonzero scope id that names no interface fails with
 *    EADDRNOTAVAIL (WSAEADDRNOTAVAIL), also for an address that needs no
 *    scope (Linux ignores it there) and for a link-local one (Linux:
 *    ENODEV); a link-local address with scope id 0 binds on the interface
 *    that has it (Linux: EINVAL), and fails with EADDRNOTAVAIL when none
 *    has it. Which nonzero scope ids of existing interfaces Windows takes
 *    for an address that needs no scope is not recorded; they are taken;
 *  - listen on an unbound socket, and recv/recvfrom on an unbound datagram
 *    socket, fail with EINVAL (WSAEINVAL);
 *  - connect on a connected stream socket fails with EISCONN, every time,
 *    except on one that a ConnectEx connected: EINVAL (WSAEINVAL), as on
 *    Windows (Wine test_connect, todo_wine there);
 *  - after a reset, every recv and send on the stream fails with
 *    ECONNRESET; an ICMP error on a connected datagram socket fails the
 *    next recv with ECONNRESET and no send;
 *  - a datagram to port 0 is accepted and dropped; connect to an AF_UNSPEC
 *    or all-zero address dissolves a datagram socket's association;
 *  - a datagram socket connects to a broadcast address without
 *    SO_BROADCAST (see WS_SO_BROADCAST);
 *  - closesocket with SO_LINGER {1, t} on a blocking socket waits up to t
 *    seconds for the data to be acknowledged, then resets the connection;
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
#define WS_PROTOCOL_MP_C_ROOT	0x01000000u	/* WSA_FLAG_MULTIPOINT_C_ROOT */
#define WS_PROTOCOL_MP_C_LEAF	0x02000000u	/* WSA_FLAG_MULTIPOINT_C_LEAF */
#define WS_PROTOCOL_MP_D_ROOT	0x04000000u	/* WSA_FLAG_MULTIPOINT_D_ROOT */
#define WS_PROTOCOL_MP_D_LEAF	0x08000000u	/* WSA_FLAG_MULTIPOINT_D_LEAF */
#define WS_PROTOCOL_MP_MASK	0x0f000000u
#define WS_PROTOCOL_ENTRY(n)	((int)(((__u32)(n) & 0xf) << 28))
#define WS_PROTOCOL_ENTRY_OF(p)	((__u32)(p) >> 28)

/*
 * Socket options
 * --------------
 * setsockopt/getsockopt take Winsock levels, option names and value layouts
 * (Windows' numbers, which differ from Linux's), and apply them to the TCP
 * or UDP sock. Where Windows and the specification disagree, Windows is
 * followed (as Wine's conformance tests record it: test_set_getsockopt,
 * test_sockopt_validity, test_ipv6only, test_reuseaddr, test_connect_time).
 *
 * Lengths. Windows reads and writes a value in one of these forms:
 *   BOOL    at WS_SOL_SOCKET: read from the first 1 to 4 bytes given (any
 *           nonzero byte is TRUE; optlen 0 reads as FALSE and succeeds);
 *           written as 4 bytes, or into a room of 1 to 3 bytes as one byte
 *           (the rest of the room zeroed) with *optlen 1.
 *   BOOL1   read from the first byte only (an int 0x100 is FALSE) and
 *           written as one byte with *optlen 1; optlen 0 fails with EFAULT.
 *   SHORT   at the IP levels: read from the first 1 to 4 bytes given as an
 *           integer (a BOOL: nonzero is TRUE; a TTL or hop count: 0..255,
 *           else EINVAL); written as 4 bytes, or into a room of 1 to 3 bytes
 *           as one byte with *optlen 1; optlen 0 fails with EFAULT.
 *   INT     4 bytes, or EFAULT. At the IP and TCP levels a getsockopt room
 *           under 4 bytes also sets *optlen to 0; SO_RCVBUF, SO_SNDBUF and
 *           SO_LINGER zero the short room they fail on.
 * A getsockopt room of 0 (or one the value does not fit, for the INT form)
 * fails with EFAULT. An optlen above WS_OPTLEN_MAX, which libws passes for
 * a negative Winsock optlen (a ULONG of 4 GiB to Windows' driver), fails
 * with ENOBUFS, except for the WS_SOL_SOCKET options of the BOOL and INT
 * forms, which Windows reads itself: those take their value as usual.
 * An unknown level fails with EINVAL; an unknown name at a known level, an
 * option of another socket type than the ones listed, and setting a
 * get-only or getting a set-only option fail with ENOPROTOOPT, except
 * where EINVAL is listed below.
 *
 * level WS_SOL_SOCKET (0xffff):
 *   WS_SO_DEBUG           BOOL; reads back as set. Linux's SOCK_DBG on the
 *                         sock follows only for a caller with CAP_NET_ADMIN
 *                         (the rule of Linux's own SO_DEBUG).
 *   WS_SO_KEEPALIVE       BOOL1; TCP only
 *   WS_SO_DONTROUTE       BOOL1
 *   WS_SO_BROADCAST       BOOL (TCP and UDP; it matters to UDP only):
 *                         without it, a sendto a broadcast address fails
 *                         with EACCES, but connect to one succeeds (Linux:
 *                         EACCES) and sends then go there, as on Windows
 *                         (Wine test_broadcast); the option reads back as
 *                         set, 0 all along in that case.
 *   WS_SO_OOBINLINE       BOOL; TCP only
 *   WS_SO_REUSEADDR       BOOL, with Windows' sharing rules for bind among
 *                         ws sockets: the same address twice fails with
 *                         EADDRINUSE unless both sockets set it, and with
 *                         EACCES when only the new one did; the wildcard and
 *                         a specific address coexist. A socket of another
 *                         user never shares an address (EACCES, Windows'
 *                         enhanced socket security). Setting it while
 *                         WS_SO_EXCLUSIVEADDRUSE is set fails with EINVAL.
 *                         Sockets outside the ws family are judged by
 *                         Linux's rules: the sock of an explicit-port bind
 *                         carries SO_REUSEPORT only, so only the same user's
 *                         SO_REUSEPORT sockets can share its port. An IPv6
 *                         socket without IPV6_V6ONLY holds the IPv4 port
 *                         too, by Windows' rules for the pair: its
 *                         v4-mapped addresses are those IPv4 addresses, and
 *                         its wildcard keeps IPv4 binds of the port off
 *                         only when it is exclusive (EACCES), while an
 *                         exclusive IPv6 wildcard cannot join a specific
 *                         IPv4 bind (EADDRINUSE).
 *   WS_SO_EXCLUSIVEADDRUSE BOOL; nobody shares the address (EADDRINUSE); an
 *                         exclusive wildcard also keeps specific addresses
 *                         of its port off (EACCES). EINVAL while
 *                         WS_SO_REUSEADDR is set, and once bound.
 *   WS_SO_LINGER          struct ws_linger (4 bytes; INT form); TCP only.
 *                         l_onoff reads back as it was set (0x100 stays
 *                         0x100), l_linger in seconds.
 *   WS_SO_DONTLINGER      BOOL; TRUE clears l_onoff, FALSE sets it; TCP only
 *   WS_SO_RCVBUF, WS_SO_SNDBUF  int, bytes; read back as set
 *   WS_SO_RCVTIMEO, WS_SO_SNDTIMEO  DWORD (__u32), milliseconds, 0 = never
 *   WS_SO_ERROR           int: the pending socket error as a positive
 *                         errno; a failed connect's error is kept (as
 *                         Windows does) until set or until a connection
 *                         succeeds. Setting stores the value given, which
 *                         reads back unchanged.
 *   WS_SO_RANDOMIZE_PORT, WS_SO_PORT_SCALABILITY  BOOL; read back as set.
 *                         Linux picks ephemeral ports at random and lets
 *                         connections of different destinations share one
 *                         whatever they say.
 *   get only: WS_SO_ACCEPTCONN (BOOL, INT form), WS_SO_TYPE (int),
 *   WS_SO_MAX_MSG_SIZE (__u32; 65507 for UDP over IPv4, 65527 for UDP over
 *   IPv6, 0xffffffff for TCP), WS_SO_GROUP_ID (__u32, 0: ws sockets belong
 *   to no group), WS_SO_CONNECT_TIME (__u32: whole seconds since a TCP
 *   connection was established, 0xffffffff when not connected and for UDP).
 *   Not options of the module: SO_OPENTYPE (per thread) and SO_BSP_STATE
 *   (pointers into the caller's buffer) are libws's.
 *
 * level WS_IPPROTO_IP (0), on IPv4 and IPv6 sockets (the latter for their
 * v4-mapped traffic):
 *   WS_IP_OPTIONS         up to 40 bytes of IPv4 options; optlen 0 clears
 *                         them; getsockopt returns what was set (a room
 *                         shorter than that gets its first bytes)
 *   WS_IP_HDRINCL         EINVAL: TCP and UDP sockets have no IP header
 *   WS_IP_TOS             SHORT, 0..255
 *   WS_IP_TTL             SHORT, 1..255; reads the system default until set
 *   WS_IP_MULTICAST_IF    __u32: an IPv4 address (network order), or an
 *                         interface index as 0.0.0.index (network order)
 *   WS_IP_MULTICAST_TTL   SHORT, 0..255
 *   WS_IP_MULTICAST_LOOP  SHORT BOOL
 *   WS_IP_ADD_MEMBERSHIP, WS_IP_DROP_MEMBERSHIP  set only, struct
 *                         ws_ip_mreq; the interface as in IP_MULTICAST_IF
 *   WS_IP_ADD_SOURCE_MEMBERSHIP, WS_IP_DROP_SOURCE_MEMBERSHIP,
 *   WS_IP_BLOCK_SOURCE, WS_IP_UNBLOCK_SOURCE  set only, struct
 *                         ws_ip_mreq_source
 *   WS_IP_DONTFRAGMENT    SHORT BOOL, Linux's IP_MTU_DISCOVER: TRUE is
 *                         IP_PMTUDISC_DO, FALSE IP_PMTUDISC_DONT. Reads TRUE
 *                         by default on TCP, FALSE on UDP (Linux's default
 *                         IP_PMTUDISC_WANT, which Windows has no name for)
 *   WS_IP_PKTINFO, WS_IP_RECVTTL, WS_IP_RECVTOS  INT BOOL: ask for the
 *                         control message of the received datagrams
 *   WS_IP_RECVDSTADDR, WS_IP_RECVIF, WS_IP_ECN  INT BOOL: the same, for
 *                         the destination address, the arrival interface
 *                         and the ECN codepoint (from Linux's IP_PKTINFO
 *                         and IP_RECVTOS, on while any option needs them)
 *   WS_IP_RECEIVE_BROADCAST INT BOOL: reads TRUE; TRUE is taken, FALSE
 *                         fails with ENOPROTOOPT (Linux cannot keep
 *                         broadcasts from a socket)
 *   WS_IP_UNICAST_IF      __u32: the interface index of unicast sends, in
 *                         network order; 0: any
 *   WS_IP_MTU_DISCOVER    INT: 1 IP_PMTUDISC_DO, 2 _DONT, 3 _PROBE (Windows'
 *                         numbers); reads 0 (not set) until set, whatever
 *                         WS_IP_DONTFRAGMENT did; 0 cannot be set (EINVAL)
 *   WS_IP_MTU             get only, INT: the path MTU of a connected
 *                         socket; ENOTCONN otherwise
 *   The multicast options and the receive options above are UDP's:
 *   on a TCP socket they fail with EINVAL, but reading a set-only option
 *   fails with ENOPROTOOPT on both. So do the datagram options of Windows
 *   ws does not carry (WS_IP_RECVRTHDR, ... below):
 *   EINVAL on TCP, ENOPROTOOPT on UDP. Reading WS_IP_GET_IFLIST fails with
 *   EINVAL on both, as on Windows while its interface list is off (ws has
 *   no IP_IFLIST to turn it on). Any other name is ENOPROTOOPT.
 *
 * level WS_IPPROTO_IPV6 (41), on IPv6 sockets:
 *   WS_IPV6_HDRINCL       EINVAL
 *   WS_IPV6_UNICAST_HOPS  SHORT, 0..255; reads the system default until set
 *   WS_IPV6_MULTICAST_IF  __u32 interface index (host order)
 *   WS_IPV6_MULTICAST_HOPS SHORT, 0..255
 *   WS_IPV6_MULTICAST_LOOP SHORT BOOL
 *   WS_IPV6_ADD_MEMBERSHIP, WS_IPV6_DROP_MEMBERSHIP  set only, struct
 *                         ws_ipv6_mreq
 *   WS_IPV6_DONTFRAG      SHORT BOOL: on UDP, Linux's IPV6_DONTFRAG (no
 *                         local fragmentation, EMSGSIZE instead); on TCP,
 *                         FALSE is IPV6_MTU_DISCOVER IPV6_PMTUDISC_DONT, and
 *                         it reads TRUE until then, as on Windows
 *   WS_IPV6_PKTINFO, WS_IPV6_HOPLIMIT, WS_IPV6_RECVTCLASS  INT BOOL: the
 *                         control messages of received datagrams (Linux's
 *                         IPV6_RECVPKTINFO, _RECVHOPLIMIT, _RECVTCLASS)
 *   WS_IPV6_RECVDSTADDR, WS_IPV6_RECVIF, WS_IPV6_ECN  as at WS_IPPROTO_IP
 *                         (from IPV6_RECVPKTINFO and IPV6_RECVTCLASS)
 *   WS_IPV6_USER_MTU      __u32, UDP only (ENOPROTOOPT on TCP): a cap on
 *                         the MTU datagrams are fragmented to, or refused
 *                         at under WS_IPV6_DONTFRAG (Linux's IPV6_MTU);
 *                         0xffffffff (no cap) by default; below 1280, or
 *                         above 0x7fffffff but 0xffffffff, EINVAL
 *   WS_IPV6_PROTECTION_LEVEL INT: WS_PROTECTION_LEVEL_*, read back as set
 *                         (UNRESTRICTED by default); no effect, Linux has
 *                         no edge traversal to restrict
 *   WS_IPV6_V6ONLY        BOOL1, TRUE by default; EINVAL once bound
 *   WS_IPV6_UNICAST_IF    __u32 interface index (host order); 0: any
 *   WS_IPV6_MTU_DISCOVER, WS_IPV6_MTU  as WS_IP_MTU_DISCOVER, WS_IP_MTU
 *   The multicast options and the receive options above are UDP's:
 *   EINVAL on TCP (ENOPROTOOPT reading a set-only one); the
 *   options ws does not carry and WS_IPV6_GET_IFLIST as at WS_IPPROTO_IP
 *   (WS_IPV6_RECVRTHDR, ... below). On an
 *   IPv4 socket this level has WS_IPV6_V6ONLY alone, which Windows keeps
 *   there too: TRUE by default, settable until bound (EINVAL after),
 *   without effect.
 *
 * level WS_IPPROTO_TCP (6), on TCP sockets (ENOPROTOOPT on UDP):
 *   WS_TCP_NODELAY        BOOL1
 *   WS_TCP_KEEPALIVE      INT, seconds before the first keepalive probe
 *                         (Linux's TCP_KEEPIDLE, 1..32767)
 *   WS_TCP_KEEPINTVL      INT, seconds between probes (1..32767)
 *   WS_TCP_KEEPCNT        INT, probes before the connection is dropped:
 *                         1..255, of which Linux keeps at most 127 (larger
 *                         values act and read back as 127); 256 and more
 *                         fail with EINVAL, as on Windows
 *   WS_TCP_MAXSEG         get only, INT: the maximum segment size
 *   WS_TCP_FASTOPEN       INT BOOL: a listening socket takes data in SYNs
 *                         (Linux's TCP_FASTOPEN, with a queue of
 *                         WS_TCP_FASTOPEN_QLEN); set before listen
 *   The keepalive values are Linux's until set: the system's 7200 s, 75 s
 *   and 9 probes, where Windows has 7200 s, 1 s and 10.
 *
 * level WS_SOL_WS (0x7773), ws's own:
 *   WS_WSO_UDP_CONNRESET  INT BOOL, TRUE by default: an ICMP error on a
 *                         connected UDP socket fails the next recv with
 *                         ECONNRESET; FALSE drops such errors
 *                         (WSAIoctl SIO_UDP_CONNRESET). UDP only.
 *   WS_WSO_IDEAL_SEND_BACKLOG  get only, __u32: the bytes a connected TCP
 *                         socket should have queued to keep the path busy
 *                         (WSAIoctl SIO_IDEAL_SEND_BACKLOG_QUERY): twice
 *                         the congestion window, at least 64 KiB, at most
 *                         net.ipv4.tcp_wmem's maximum. ENOTCONN unless
 *                         connected; EOPNOTSUPP on UDP.
 *   WS_WSO_PROTOCOL_INFO  get only, struct ws_protocol_info: the catalog
 *                         entry of the socket (getsockopt SO_PROTOCOL_INFO;
 *                         see "The protocol catalog"). A room shorter than
 *                         the structure fails with EFAULT and sets *optlen
 *                         to its size; a longer one gets the structure and
 *                         *optlen its size.
 *   WS_WSO_MP_ROLE        get only, INT: the socket's multipoint role,
 *                         the WS_PROTOCOL_MP_* bits it was created with
 *                         (C_LEAF | D_LEAF for a rooted root's membership
 *                         sockets, see "Rooted multipoint"), 0 for none.
 *                         A process that received the socket
 *                         (WSADuplicateSocket, SCM_RIGHTS) learns from it
 *                         whether it holds a root.
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
#define WS_SO_BSP_STATE		0x1009	/* libws */
#define WS_SO_GROUP_ID		0x2001
#define WS_SO_GROUP_PRIORITY	0x2002
#define WS_SO_MAX_MSG_SIZE	0x2003
#define WS_SO_CONDITIONAL_ACCEPT 0x3002
#define WS_SO_RANDOMIZE_PORT	0x3005
#define WS_SO_PORT_SCALABILITY	0x3006
#define WS_SO_OPENTYPE		0x7008	/* libws */
#define WS_SO_CONNECT_TIME	0x700c

#define WS_IPPROTO_IP			0
#define WS_IP_OPTIONS			1
#define WS_IP_HDRINCL			2
#define WS_IP_TOS			3
#define WS_IP_TTL			4
#define WS_IP_MULTICAST_IF		9
#define WS_IP_MULTICAST_TTL		10
#define WS_IP_MULTICAST_LOOP		11
#define WS_IP_ADD_MEMBERSHIP		12
#define WS_IP_DROP_MEMBERSHIP		13
#define WS_IP_DONTFRAGMENT		14
#define WS_IP_ADD_SOURCE_MEMBERSHIP	15
#define WS_IP_DROP_SOURCE_MEMBERSHIP	16
#define WS_IP_BLOCK_SOURCE		17
#define WS_IP_UNBLOCK_SOURCE		18
#define WS_IP_PKTINFO			19
#define WS_IP_RECVTTL			21
#define WS_IP_UNICAST_IF		31
#define WS_IP_RECEIVE_BROADCAST		22
#define WS_IP_RECVIF			24
#define WS_IP_RECVDSTADDR		25
#define WS_IP_RECVTOS			40
#define WS_IP_ECN			50
#define WS_IP_MTU_DISCOVER		71
#define WS_IP_MTU			73

/*
 * Windows' datagram options ws does not carry: EINVAL on TCP, ENOPROTOOPT
 * on UDP; WS_IP_GET_IFLIST (get) fails with EINVAL on both.
 */
#define WS_IP_GET_IFLIST		33
#define WS_IP_RECVRTHDR			38
#define WS_IP_ORIGINAL_ARRIVAL_IF	47
#define WS_IP_PKTINFO_EX		51
#define WS_IP_WFP_REDIRECT_RECORDS	60
#define WS_IP_WFP_REDIRECT_CONTEXT	70
#define WS_IP_RECVERR			75

/* WS_IP_MTU_DISCOVER and WS_IPV6_MTU_DISCOVER values (Windows'). */
#define WS_IP_PMTUDISC_NOT_SET		0
#define WS_IP_PMTUDISC_DO		1
#define WS_IP_PMTUDISC_DONT		2
#define WS_IP_PMTUDISC_PROBE		3

#define WS_IPPROTO_IPV6			41
#define WS_IPV6_HDRINCL			2
#define WS_IPV6_UNICAST_HOPS		4
#define WS_IPV6_MULTICAST_IF		9
#define WS_IPV6_MULTICAST_HOPS		10
#define WS_IPV6_MULTICAST_LOOP		11
#define WS_IPV6_ADD_MEMBERSHIP		12
#define WS_IPV6_DROP_MEMBERSHIP		13
#define WS_IPV6_DONTFRAG		14
#define WS_IPV6_PKTINFO			19
#define WS_IPV6_HOPLIMIT		21
#define WS_IPV6_PROTECTION_LEVEL	23
#define WS_IPV6_V6ONLY			27
#define WS_IPV6_UNICAST_IF		31
#define WS_IPV6_RECVIF			24
#define WS_IPV6_RECVDSTADDR		25
#define WS_IPV6_RECVTCLASS		40
#define WS_IPV6_ECN			50
#define WS_IPV6_MTU_DISCOVER		71
#define WS_IPV6_MTU			72
#define WS_IPV6_USER_MTU		76

/* As the WS_IP_ ones above: EINVAL on TCP, ENOPROTOOPT on UDP. */
#define WS_IPV6_GET_IFLIST		33
#define WS_IPV6_RECVRTHDR		38
#define WS_IPV6_ORIGINAL_ARRIVAL_IF	47
#define WS_IPV6_PKTINFO_EX		51
#define WS_IPV6_WFP_REDIRECT_RECORDS	60
#define WS_IPV6_WFP_REDIRECT_CONTEXT	70
#define WS_IPV6_RECVERR			75

/* WS_IPV6_PROTECTION_LEVEL values (Windows'). */
#define WS_PROTECTION_LEVEL_UNRESTRICTED	10
#define WS_PROTECTION_LEVEL_EDGERESTRICTED	20
#define WS_PROTECTION_LEVEL_RESTRICTED		30
#define WS_PROTECTION_LEVEL_DEFAULT		0xffffffff

#define WS_IPPROTO_TCP		6
#define WS_TCP_NODELAY		0x0001
#define WS_TCP_KEEPALIVE	3
#define WS_TCP_MAXSEG		4
#define WS_TCP_FASTOPEN		15
#define WS_TCP_KEEPCNT		16
#define WS_TCP_KEEPINTVL	17

#define WS_TCP_FASTOPEN_QLEN	128

#define WS_SOL_WS		0x7773
#define WS_WSO_UDP_CONNRESET	1
#define WS_WSO_IDEAL_SEND_BACKLOG	2
#define WS_WSO_PROTOCOL_INFO	3
#define WS_WSO_MP_ROLE		4

/* The largest optlen taken as a length; see "Lengths" above. */
#define WS_OPTLEN_MAX		0x10000

/* Winsock's struct linger: two u_shorts. */
struct ws_linger {
	__u16	l_onoff;
	__u16	l_linger;	/* seconds */
};

/* Winsock's struct ip_mreq; addresses in network order. */
struct ws_ip_mreq {
	__be32	imr_multiaddr;
	__be32	imr_interface;	/* an address, or 0.0.0.index */
};

/* Winsock's struct ip_mreq_source (another order than Linux's). */
struct ws_ip_mreq_source {
	__be32	imr_multiaddr;
	__be32	imr_sourceaddr;
	__be32	imr_interface;
};

/* Winsock's struct ipv6_mreq. */
struct ws_ipv6_mreq {
	__u8	ipv6mr_multiaddr[16];
	__u32	ipv6mr_interface;	/* interface index */
};

/*
 * Socket ioctls
 * -------------
 * FIONREAD (Linux's 0x541B, int): bytes that can be read. For a stream
 *   socket, the bytes queued; for a datagram socket, the total payload of
 *   all queued datagrams (Winsock: "the amount of pending data in the
 *   network buffer").
 * SIOCATMARK (Linux's 0x8905, int): Winsock semantics, the opposite of
 *   Berkeley's: 1 when no out-of-band data is waiting to be read, 0 when
 *   some is. EINVAL on a datagram socket.
 * FIONBIO is the VFS's; WS_IOC_SET_NONBLOCK is the Winsock one.
 *
 * WS_IOC_CLOSECHECK (no argument): asks whether closing now would have to
 *   block. Fails with EWOULDBLOCK if the socket is nonblocking, lingers with
 *   a nonzero timeout and has unsent data (closesocket then fails with
 *   WSAEWOULDBLOCK and the socket stays open); 0 otherwise.
 *
 * WS_IOC_CANCEL_BLOCKING (no argument): closesocket is about to close the
 *   socket: the calls that threads of the calling process are blocked in
 *   on it (accept, connect, recv, send) return EINTR (WSAEINTR), as the
 *   closesocket page wants, and so does any later call of that process on
 *   it. Other processes sharing the socket (after fork) are not affected.
 *   Nothing is sent or shut down by this; the close does what SO_LINGER
 *   says.
 *
 * WS_IOC_SET_NONBLOCK (__u32, nonzero: nonblocking): ioctlsocket(FIONBIO).
 *   Clearing it while WSAEventSelect or WSAAsyncSelect is in effect fails
 *   with EINVAL (Winsock: WSAEINVAL).
 *
 * WS_IOC_GET_ID (__u64 out): the socket's id, its inode number (st_ino of
 *   fstat, unique among live sockets); the wParam of WSAAsyncSelect messages
 *   (see struct ws_msg).
 *
 * WS_IOC_EVENT_SELECT (struct ws_event_select): WSAEventSelect. Associates
 *   the event object event_fd with the network events in mask, makes the
 *   socket nonblocking and replaces any previous WSAEventSelect or
 *   WSAAsyncSelect. As Windows does (the specification says the record is
 *   cleared), events recorded and not yet enumerated stay in the record and
 *   signal the new event if the new mask selects them, and events reported
 *   since their re-enabling call are not recorded again; events that
 *   already hold and were not reported are recorded at once. mask 0
 *   cancels the selection (event_fd is then ignored).
 *   Errors: EINVAL for unknown mask bits, or an event_fd that is not a ws
 *   event object.
 *
 * WS_IOC_ASYNC_SELECT (struct ws_async_select): WSAAsyncSelect. The same
 *   record, delivered as messages posted to the message queue msgq_fd:
 *   { hwnd, message, wparam = the socket id, lparam = event | errno << 16,
 *   flags = WS_MSG_FROM_SOCKET }. Replaces any previous selection and, unlike
 *   WSAEventSelect, forgets what was reported, so conditions that still hold
 *   are posted again. mask 0 cancels. Errors: EINVAL as above, or a msgq_fd
 *   that is not a ws message queue.
 *
 * WS_IOC_ENUM_NETWORK_EVENTS (struct ws_network_events): WSAEnumNetworkEvents.
 *   Atomically copies the record of the selected events to events/errors[]
 *   (a positive errno, or 0, per reported bit; 0 for the others), clears
 *   those and resets event_fd
 *   unless it is -1. Errors: EINVAL if event_fd is not -1 and not an event
 *   object; nothing is cleared then.
 *
 * Network-event rules (the Winsock 2 WSAEventSelect page, plus observed
 * Windows behaviour): once recorded, an event is not recorded again until
 * its re-enabling call (recv* for FD_READ and FD_OOB, send* for FD_WRITE,
 * accept for FD_ACCEPT, none for FD_CONNECT and FD_CLOSE), even one that
 * fails; except that, with WS_IOC_EVENT_SELECT on a TCP socket, new data, a
 * new urgent byte or a new connection records FD_READ, FD_OOB or FD_ACCEPT
 * again before that call, as Windows does (the specification says
 * otherwise; WSAAsyncSelect follows it). FD_READ, FD_OOB and FD_ACCEPT are
 * level-triggered: after the re-enabling call they are recorded again if
 * their condition still holds.
 * FD_WRITE is recorded when the socket connects or is accepted (or a
 * datagram socket is bound), and then only after a send failed with
 * EWOULDBLOCK and space came back; a send does not take a recorded FD_WRITE
 * out of the record. A socket connected by connect reports FD_CONNECT (with
 * the connect error, if any) and FD_WRITE; WS_IOC_EVENT_SELECT on a
 * connected socket records FD_CONNECT too, WS_IOC_ASYNC_SELECT does not,
 * and posts FD_WRITE alone (again) when a datagram socket connects. An
 * accepted socket reports FD_WRITE only, and inherits the listener's
 * selection.
 * FD_CLOSE is recorded when the peer's FIN arrives, even with data before
 * it still unread (error 0; Windows does so, the specification waits for
 * the data to be read), or on reset (ECONNABORTED).
 */
#define WS_IOC_MAGIC		'W'
#define WS_IOC_CLOSECHECK	_IO(WS_IOC_MAGIC, 0x80)

/* Network events: the Winsock FD_* bits. */
#define WS_FD_READ_BIT				0
#define WS_FD_WRITE_BIT				1
#define WS_FD_OOB_BIT				2
#define WS_FD_ACCEPT_BIT			3
#define WS_FD_CONNECT_BIT			4
#define WS_FD_CLOSE_BIT				5
#define WS_FD_QOS_BIT				6
#define WS_FD_GROUP_QOS_BIT			7
#define WS_FD_ROUTING_INTERFACE_CHANGE_BIT	8
#define WS_FD_ADDRESS_LIST_CHANGE_BIT		9
#define WS_FD_MAX_EVENTS			10
#define WS_FD_ALL_EVENTS			((1u << WS_FD_MAX_EVENTS) - 1)

struct ws_event_select {
	__s32	event_fd;
	__u32	mask;
};

struct ws_async_select {
	__s32	msgq_fd;
	__u32	message;
	__u64	hwnd;
	__u32	mask;
	__u32	pad;
};

struct ws_network_events {
	__s32	event_fd;			/* in: -1 or an event to reset */
	__u32	events;				/* out: FD_* bits */
	__s32	errors[WS_FD_MAX_EVENTS];	/* out: errno per bit */
};

#define WS_IOC_SET_NONBLOCK	_IOW(WS_IOC_MAGIC, 0x81, __u32)
#define WS_IOC_GET_ID		_IOR(WS_IOC_MAGIC, 0x82, __u64)
#define WS_IOC_EVENT_SELECT	_IOW(WS_IOC_MAGIC, 0x83, struct ws_event_select)
#define WS_IOC_ASYNC_SELECT	_IOW(WS_IOC_MAGIC, 0x84, struct ws_async_select)
#define WS_IOC_ENUM_NETWORK_EVENTS \
	_IOWR(WS_IOC_MAGIC, 0x85, struct ws_network_events)
#define WS_IOC_CANCEL_BLOCKING	_IO(WS_IOC_MAGIC, 0x86)

/*
 * Overlapped I/O
 * --------------
 * WS_IOC_SUBMIT (struct ws_io) starts one overlapped operation on the
 * socket; the module carries it out and completes it, from the socket's own
 * callbacks or a worker, with no thread of the caller's involved. op:
 *   WS_OP_RECV      WSARecv, WSARecvFrom: receive into bufs[nbufs]
 *   WS_OP_SEND      WSASend, WSASendTo: send bufs[nbufs] (to addr)
 *   WS_OP_COMPLETE  an operation the caller finished itself (WSAIoctl):
 *                   only the completion below, with status ctx[0] and byte
 *                   count ctx[1]
 *   WS_OP_ACCEPT    AcceptEx, on the listening socket (see "AcceptEx")
 *   WS_OP_CONNECT   ConnectEx (see "ConnectEx")
 *   WS_OP_TRANSMIT  TransmitFile (see "TransmitFile")
 * bufs is an array of nbufs (0..WS_MAX_IOV) struct ws_iovec, Winsock's
 * 64-bit WSABUF (struct { __u32 len; __u32 buf; } from a 32-bit caller);
 * it is captured at submission: the caller may reuse the array at once. The
 * buffers themselves stay the caller's until the operation completes, as on
 * Windows; while it is pending the module holds their pages (and the
 * pages of the result fields below), so unmapping or freeing them cannot
 * hurt the kernel: the results go to the pages that were there.
 *
 * flags are Winsock MSG_* flags: RECV takes MSG_PEEK, MSG_OOB and
 * MSG_WAITALL (0x8, complete only when the buffers are full); SEND takes
 * MSG_OOB and MSG_DONTROUTE. For RECV, addr/addrlen is where the sender's
 * address goes (room addrlen, Winsock numbering: AF_INET6 is 23, since the
 * caller reads it directly) and addrlen_out, if not 0, an int that receives
 * its length; flags_out, if not 0, a __u32 that receives the result flags
 * (MSG_OOB for urgent data; a truncated datagram shows in the status) when the
 * operation completes at once; a pending one reports them only in its
 * completion routine's APC (Windows does not write lpFlags later: callers
 * pass a local variable that is gone by then). For SEND, addr/addrlen is
 * the destination (Linux numbering, as for sendto).
 *
 * WSARecvMsg: a RECV with ctx[2] != 0 also returns control data: ctx[0]
 * and ctx[1] are the caller's control buffer and its length (at most
 * 256 bytes of it are used), ctx[2] a __u32 receiving the control data's
 * length (WSAMSG.Control.len) and ctx[3], if not 0, a __u32 receiving the
 * message flags (WSAMSG.dwFlags: 0x0100 MSG_TRUNC, 0x0200 MSG_CTRUNC when
 * the buffer was too short). The control messages are Windows' (a
 * WSACMSGHDR of the caller's pointer size; IP_PKTINFO 19 as IN_PKTINFO,
 * IP_TTL 4, IP_TOS 3, IP_RECVIF 24 (a __u32 interface index),
 * IP_RECVDSTADDR 25 (4 bytes), IP_ECN 50 (an int), IPV6_PKTINFO 19,
 * IPV6_HOPLIMIT 21, IPV6_TCLASS 39, IPV6_RECVIF 24, IPV6_RECVDSTADDR 25
 * (16 bytes), IPV6_ECN 50; each only when its option is on),
 * written when the receive completes, pending or not, as Windows writes
 * them. WSASendMsg: a SEND with ctx[1] != 0 passes the ctx[1] bytes at
 * ctx[0] (at most 256) as control data in Linux's layout and numbering
 * (libws converts them), checked by the protocol as sendmsg checks them.
 *
 * Completion: the module stores the result in the caller's WSAOVERLAPPED
 * at ov: InternalHigh (the byte count) then Internal (an NTSTATUS: 0
 * STATUS_SUCCESS, 0x80000005 STATUS_BUFFER_OVERFLOW for a truncated
 * datagram, 0xC0000120 STATUS_CANCELLED, 0xC000020D
 * STATUS_CONNECTION_RESET, 0xC0000241 STATUS_CONNECTION_ABORTED, ...; see
 * WS_STATUS_*), each a pointer-sized field at offsets 0 and 8 (0 and 4 for
 * a 32-bit caller); the caller stores STATUS_PENDING (0x103) in Internal
 * before submitting, so Internal changes last. Then, in this order of
 * preference:
 *  - routine != 0: an APC { func = routine, args[0] = ov, args[1] = bytes |
 *    flags << 32, args[2] = WS_APC_IO | status << 32, pad = tag } is queued
 *    to the submitting thread on the /dev/ws open dev_fd (see
 *    WS_IOC_DEQUEUE_APC); event_fd is not signalled (as on Windows);
 *  - else event_fd >= 0: that event object is set (it is reset when the
 *    operation is submitted, as Windows resets an I/O's event when the I/O
 *    starts);
 * and the socket's waiters in WS_IOC_OV_WAIT are woken. Without a routine,
 * if the socket is associated with a completion port (WS_IOC_ASSOCIATE)
 * and ioflags has no WS_IO_NO_PORT, a completion packet { the socket's key,
 * ov, bytes, status } is also queued to the port (see "Completion ports").
 *
 * Return: 0 if the operation completed at once: ws_io.bytes and
 * ws_io.status hold its result and the completion above happened too (as
 * on Windows, where an immediate success still signals the event or queues
 * the routine); -EINPROGRESS if it is pending; any other error means it
 * failed at once and nothing was stored or signalled: EBADF (an event_fd
 * that is not an event object, a dev_fd that is not /dev/ws), EINVAL (op,
 * flags, padding, nbufs),
 * EFAULT, ENOTCONN (a stream not connected), ESHUTDOWN (after
 * shutdown(SD_RECEIVE) for RECV, SD_SEND for SEND), ECONNRESET (a reset
 * connection), EOPNOTSUPP, EWOULDBLOCK (too many operations outstanding on
 * the socket, or too many pages held: the limits below; the Winsock
 * specification's "too many outstanding overlapped I/O requests"),
 * EDQUOT (the user's limits), ENOMEM.
 *
 * Order: receives are filled, and sends go out, in the order they were
 * submitted; a receive pending on a stream completes as soon as data
 * arrives (with what there is, up to its size), the next one gets what
 * follows. A zero-length receive completes with 0 bytes when data arrives
 * and does not consume it. A datagram longer than the buffers fills them
 * and completes with STATUS_BUFFER_OVERFLOW; the rest is discarded. A
 * pending send completes when all its bytes were accepted. Data a pending
 * receive takes is not recorded as FD_READ. shutdown(SD_RECEIVE) fails new
 * receives (ESHUTDOWN) but lets pending ones complete.
 *
 * Cancellation and lifetime: closing the last reference to the socket
 * completes every pending operation: a stream receive with
 * STATUS_CONNECTION_ABORTED, everything else with STATUS_CANCELLED (what
 * Windows does; the specification says WSA_OPERATION_ABORTED for all).
 * Operations survive the thread that submitted them; an APC for a thread
 * that has exited is never run. WS_IOC_CANCEL (struct ws_cancel) completes
 * the pending operations whose WSAOVERLAPPED is ov (0: all) with
 * STATUS_CANCELLED; with WS_CANCEL_THREAD only those the calling thread
 * submitted (CancelIo). Returns the number cancelled, or ENOENT if ov was
 * given and none matched (CancelIoEx's ERROR_NOT_FOUND). An operation
 * already being carried out completes with its result instead.
 *
 * AcceptEx
 * --------
 * WS_OP_ACCEPT is submitted on a listening stream socket: ctx[0] is the
 * accept socket's fd (a stream ws socket of the same family, never bound or
 * connected, with no other AcceptEx aimed at it), addr the output buffer,
 * ctx[1] the length of its receive part (dwReceiveDataLength), ctx[2] and
 * ctx[3] the lengths of the local and remote address areas that follow it.
 * Errors at once: EINVAL (not listening; the accept socket unsuitable, or
 * already the target of an AcceptEx), ENOTSOCK (ctx[0] is not a ws
 * socket), EFAULT (remote length 0, or a receive part with no buffer).
 * Registration: the operation is not armed until the submitting thread
 * calls accept(2) (accept4) on the listening socket, which then returns
 * EINPROGRESS at once without taking a connection: so the socket layer's
 * accept hook of the security modules checks the caller as it would a
 * native accept. Another error of that call (the hook refused) leaves the
 * operation registered: WS_IOC_CANCEL with WS_CANCEL_DROP removes it
 * without completing it.
 * Armed operations take the connections the listener accepts, oldest
 * operation first; a connection they take records no FD_ACCEPT. If an
 * address area is shorter than the family's address plus 16 bytes (an
 * area of length 0 is allowed for the local address), the operation
 * completes with STATUS_BUFFER_TOO_SMALL when a connection arrives and
 * leaves the connection queued. Otherwise the connection is accepted (as
 * accept() would: a new ws socket with the listener's properties) and each
 * area of nonzero length receives a __u32 length followed by the address
 * (Winsock numbering). With a receive part, the operation then waits for
 * the first data and completes with what arrived (possibly less than the
 * part, 0 if the client closed); otherwise it completes at once. Its
 * completion is the listener's (CancelIo on the listener cancels it,
 * closing the listener completes it with STATUS_CANCELLED); closing the
 * accept socket cancels it too.
 * WS_IOC_ACCEPT_TAKE (no argument), on the accept socket, after the
 * AcceptEx completed successfully: returns a new fd (close-on-exec) of the
 * accepted socket, which the caller puts in place of the accept socket
 * (dup3); EINPROGRESS while the AcceptEx is pending, ENOENT if there is
 * nothing to take. Closing the accept socket before that closes the
 * accepted connection.
 *
 * ConnectEx
 * ---------
 * WS_OP_CONNECT is submitted on a bound, unconnected stream socket; bufs
 * is the data to send once connected. Errors at once: EINVAL (not a
 * stream, not bound, listening, a connect or ConnectEx under way, the
 * target of an AcceptEx), EISCONN. The operation is registered; the
 * submitting thread then calls connect(2) with the destination, so that
 * the security modules check it as a native connect, and that call returns
 * EINPROGRESS when it started the connection for the operation (any other
 * error: drop the operation with WS_CANCEL_DROP). It completes when the
 * connection is made and the data sent (bytes: the data sent), or with
 * the connection's failure (STATUS_CONNECTION_REFUSED, ...). While it is
 * pending connect() fails with EINVAL and getpeername with ENOTCONN.
 *
 * TransmitFile
 * ------------
 * WS_OP_TRANSMIT is submitted on a connected stream socket: bufs[0] the
 * head and bufs[1] the tail (nbufs 0..2), ctx[0] the fd of a regular file
 * open for reading (-1: none), ctx[1] the file offset, ctx[2] how many
 * bytes of the file (0: to its end), ctx[3] WS_TF_DISCONNECT to shut the
 * sending side down after the tail. It sends head, file part and tail in
 * that order and completes with the number of bytes sent. Errors at once:
 * ENOTCONN, EINVAL (the file is not a regular file open for reading, bad
 * flags), EBADF.
 *
 * WS_IOC_OV_WAIT (struct ws_ov_wait) waits until no operation with
 * WSAOVERLAPPED ov is pending on the socket (WSAGetOverlappedResult with
 * fWait and no hEvent: Windows waits on the socket handle): 0, ETIMEDOUT
 * (absolute CLOCK_MONOTONIC timeout, or WS_TIMEOUT_INFINITE), ERESTARTSYS.
 *
 * Limits (module parameters): max_reqs_per_socket (operations pending on
 * one socket, default 4096), max_pinned_kb_per_socket (pages held for one
 * socket, default 16384 KiB), and per user max_reqs_per_user (65536) and
 * max_pinned_kb_per_user (262144 KiB); the held pages are the caller's own
 * memory, already charged to its memory cgroup.
 */
#define WS_OP_RECV		1
#define WS_OP_SEND		2
#define WS_OP_COMPLETE		3
#define WS_OP_ACCEPT		4
#define WS_OP_CONNECT		5
#define WS_OP_TRANSMIT		6

#define WS_TF_DISCONNECT	0x1u

/*
 * ws_io.ioflags: WS_IO_NO_PORT, hEvent's low bit was set: queue no
 * completion packet; WS_IO_REPORTED_PENDING, a WS_OP_COMPLETE the caller
 * reports as pending (WS_SKIP_PORT_ON_SUCCESS does not apply to it).
 */
#define WS_IO_NO_PORT		0x1u
#define WS_IO_REPORTED_PENDING	0x2u

#define WS_MAX_IOV		1024

/* Winsock's WSABUF on 64-bit: ULONG len; CHAR *buf. */
struct ws_iovec {
	__u32	len;
	__u32	pad;
	__u64	buf;
};

struct ws_io {
	__u32	op;
	__u32	flags;		/* Winsock MSG_* */
	__u64	bufs;		/* struct ws_iovec[nbufs] */
	__u32	nbufs;
	__s32	event_fd;	/* -1: none */
	__u64	ov;		/* the caller's WSAOVERLAPPED */
	__u64	routine;	/* completion routine, 0: none */
	__s32	dev_fd;		/* with a routine: the caller's /dev/ws */
	__u32	tag;		/* returned in the routine's APC */
	__u64	addr;		/* SEND: destination; RECV: the source goes here */
	__u32	addrlen;	/* its length / room */
	__u32	ioflags;	/* WS_IO_* */
	__u64	addrlen_out;	/* RECV: int receiving the source's length */
	__u64	flags_out;	/* RECV: __u32 receiving the result flags */
	__u64	ctx[4];		/* per op */
	__u64	bytes;		/* out, when completed at once */
	__u32	status;		/* out, when completed at once: NTSTATUS */
	__u32	pad2;
};

/* NTSTATUS values the module stores (Windows' numbers). */
#define WS_STATUS_SUCCESS			0x00000000u
#define WS_STATUS_PENDING			0x00000103u
#define WS_STATUS_BUFFER_OVERFLOW		0x80000005u
#define WS_STATUS_INVALID_PARAMETER		0xC000000Du
#define WS_STATUS_BUFFER_TOO_SMALL		0xC0000023u
#define WS_STATUS_NO_MEMORY			0xC0000017u
#define WS_STATUS_INSUFFICIENT_RESOURCES	0xC000009Au
#define WS_STATUS_PIPE_DISCONNECTED		0xC00000B0u
#define WS_STATUS_IO_TIMEOUT			0xC00000B5u
#define WS_STATUS_NOT_SUPPORTED			0xC00000BBu
#define WS_STATUS_CANCELLED			0xC0000120u
#define WS_STATUS_INVALID_CONNECTION		0xC0000140u
#define WS_STATUS_ADDRESS_ALREADY_EXISTS	0xC000020Au
#define WS_STATUS_CONNECTION_RESET		0xC000020Du
#define WS_STATUS_CONNECTION_REFUSED		0xC0000236u
#define WS_STATUS_NETWORK_UNREACHABLE		0xC000023Cu
#define WS_STATUS_HOST_UNREACHABLE		0xC000023Du
#define WS_STATUS_CONNECTION_ABORTED		0xC0000241u
#define WS_STATUS_HOST_DOWN			0xC0000350u
#define WS_STATUS_UNSUCCESSFUL			0xC0000001u

/* args[2] of a dequeued APC: its kind (low byte). */
#define WS_APC_USER		0x0u	/* QueueUserAPC */
#define WS_APC_IO		0x1u	/* an overlapped completion routine */

#define WS_CANCEL_THREAD	0x1u
/* Remove a registered, unarmed operation of the calling thread, uncompleted. */
#define WS_CANCEL_DROP		0x2u

struct ws_cancel {
	__u64	ov;		/* 0: every operation */
	__u32	flags;
	__u32	pad;
};

struct ws_ov_wait {
	__u64	ov;
	__u64	timeout;
};

#define WS_IOC_SUBMIT		_IOWR(WS_IOC_MAGIC, 0x87, struct ws_io)
#define WS_IOC_CANCEL		_IOW(WS_IOC_MAGIC, 0x88, struct ws_cancel)
#define WS_IOC_OV_WAIT		_IOW(WS_IOC_MAGIC, 0x89, struct ws_ov_wait)
#define WS_IOC_ACCEPT_TAKE	_IO(WS_IOC_MAGIC, 0x8a)

/*
 * Completion ports
 * ----------------
 * WS_IOC_CREATE_PORT (on /dev/ws, struct ws_port_args) creates an I/O
 * completion port as a new fd (close-on-exec), readable (EPOLLIN) while
 * packets are queued. concurrency (0: the number of CPUs) is how many
 * threads it lets run completions at once: a thread that dequeued counts
 * until it waits on the port again, exits, or sleeps in the kernel (the
 * module looks at its state, since it cannot hook the scheduler as Windows
 * does). Waiters are woken newest first (LIFO); packets leave oldest first.
 *
 * WS_IOC_ASSOCIATE (on a socket, struct ws_associate) associates the
 * socket with a port, for the socket's life, with a completion key; a
 * second association fails with EINVAL, a port fd that is not a port with
 * EBADF. Windows keeps an association with the handle, which in ws can
 * get a new socket: a socket AcceptEx accepts takes over the accept
 * socket's association, and WS_IOC_INHERIT_PORT (on a socket, a __s32 fd)
 * gives a socket the association of the one whose place it takes (libws's
 * DisconnectEx with TF_REUSE_SOCKET). Completions of its operations are then queued
 * to the port (see WS_IOC_SUBMIT), including those of operations already
 * pending. WS_IOC_NOTIFY_MODES (on a socket, __u32) adds notification
 * modes, which cannot be removed (unknown bits are ignored):
 * WS_SKIP_PORT_ON_SUCCESS queues no packet for an operation that
 * completed at once (WS_IOC_SUBMIT returned 0); WS_SKIP_SET_EVENT_ON_HANDLE
 * is recorded (ws sockets have no handle event to skip).
 *
 * WS_IOC_PORT_WAIT (on /dev/ws, struct ws_port_wait): GetQueuedCompletion-
 * Status(Ex). port_fd is the port; entries points to max (1..
 * WS_PORT_MAX_BATCH) struct ws_port_entry, filled oldest first; count
 * receives how many. A packet queued while threads wait goes straight to
 * the newest waiter. timeout is an absolute CLOCK_MONOTONIC time, or
 * WS_TIMEOUT_INFINITE; 0 polls. WS_WAIT_ALERTABLE in flags ends the wait
 * with count 0 and apc 1 when an APC is queued for the thread (through
 * this /dev/ws open). Errors: ETIMEDOUT, EPIPE (the port was closed, before
 * or during the wait: ERROR_ABANDONED_WAIT_0), EBADF (not a port), EINVAL,
 * EFAULT (the packets stay queued), ERESTARTSYS.
 *
 * WS_IOC_PORT_POST (on the port, struct ws_port_entry):
 * PostQueuedCompletionStatus; EPIPE if closed, EDQUOT past the user's
 * max_reqs_per_user (a packet counts as an operation until dequeued).
 * WS_IOC_PORT_CLOSE (on the port): closes it now, as CloseHandle does on
 * Windows even while other threads wait on it: waiters end with EPIPE,
 * queued packets are dropped, later completions are discarded. Closing the
 * last fd does the same. A packet of an operation stays counted against
 * its user until it is dequeued or dropped.
 */
#define WS_PORT_MAX_BATCH	1024

#define WS_SKIP_PORT_ON_SUCCESS		0x1u
#define WS_SKIP_SET_EVENT_ON_HANDLE	0x2u

struct ws_port_args {
	__u32	concurrency;
	__s32	fd;		/* out */
};

struct ws_associate {
	__s32	port_fd;
	__u32	pad;
	__u64	key;
};

struct ws_port_entry {
	__u64	key;
	__u64	ov;
	__u64	bytes;
	__u32	status;		/* NTSTATUS */
	__u32	pad;
};

struct ws_port_wait {
	__u64	entries;	/* struct ws_port_entry[max] */
	__u64	timeout;
	__s32	port_fd;
	__u32	max;
	__u32	flags;		/* WS_WAIT_ALERTABLE */
	__u32	count;		/* out */
	__u32	apc;		/* out: 1 if an APC ended the wait */
	__u32	pad;
};

#define WS_IOC_ASSOCIATE	_IOW(WS_IOC_MAGIC, 0x8b, struct ws_associate)
#define WS_IOC_NOTIFY_MODES	_IOW(WS_IOC_MAGIC, 0x8c, __u32)
#define WS_IOC_INHERIT_PORT	_IOW(WS_IOC_MAGIC, 0x8d, __s32)

/*
 * The protocol catalog
 * --------------------
 * The module is one Winsock service provider. Its catalog has an entry
 * (struct ws_protocol_info: WSAPROTOCOL_INFO's fields in fixed-size types,
 * with Winsock's numbers) for each kind of socket it makes, in this order:
 *
 *   id    name             af  type         protocol  dwServiceFlags1
 *   1001  "ws [TCP/IP]"     2  SOCK_STREAM  TCP       WS_XP1_STREAM
 *   1002  "ws [UDP/IP]"     2  SOCK_DGRAM   UDP       WS_XP1_DGRAM
 *   1003  "ws [TCP/IPv6]"  23  SOCK_STREAM  TCP       WS_XP1_STREAM
 *   1004  "ws [UDP/IPv6]"  23  SOCK_DGRAM   UDP       WS_XP1_DGRAM
 *   1005  "ws [rooted multipoint over TCP/IP]"
 *                           2  SOCK_SEQPACKET TCP     WS_XP1_ROOTED
 *   1006  "ws [rooted multipoint over TCP/IPv6]"
 *                          23  SOCK_SEQPACKET TCP     WS_XP1_ROOTED
 *
 * WS_XP1_STREAM is GUARANTEED_DELIVERY | GUARANTEED_ORDER | GRACEFUL_CLOSE
 * | EXPEDITED_DATA | IFS_HANDLES and WS_XP1_DGRAM CONNECTIONLESS |
 * MESSAGE_ORIENTED | SUPPORT_BROADCAST | SUPPORT_MULTIPOINT | IFS_HANDLES:
 * the flags Windows reports for its TCP and UDP entries (Wine's
 * protocol.c test_WSAEnumProtocols). UDP is multipoint with both planes
 * non-rooted (IP multicast: CONTROL_PLANE and DATA_PLANE clear), so its
 * sockets may be c_leaf/d_leaf, and WS_IOC_JOIN_LEAF joins them to IP
 * multicast groups. Every entry has provider_flags MATCHES_PROTOCOL_ZERO,
 * the same provider GUID (WS_PROVIDER_GUID), chain_len 1 (a base
 * protocol), version 2, min_sockaddr = max_sockaddr = the size of the
 * family's sockaddr, network_byte_order 0 (big-endian), security_scheme 0
 * (none); message_size is 0 for TCP (a stream) and SO_MAX_MSG_SIZE's
 * value for UDP (65507 over IPv4, 65527 over IPv6).
 * WS_XP1_ROOTED is GUARANTEED_DELIVERY | GUARANTEED_ORDER |
 * MESSAGE_ORIENTED | GRACEFUL_CLOSE | CONNECT_DATA | SUPPORT_MULTIPOINT |
 * MULTIPOINT_CONTROL_PLANE | MULTIPOINT_DATA_PLANE | IFS_HANDLES: both
 * planes rooted, messages framed over TCP (see "Rooted multipoint"); its
 * message_size is WS_RT_MAX_MSG (also SO_MAX_MSG_SIZE's value).
 * Entries are only ever added, at the end, with new ids; an entry with
 * rooted planes would share its type and protocol with an entry above and
 * be told apart by the socket's multipoint role.
 *
 * WS_IOC_PROTOCOLS (struct ws_protocols), on /dev/ws or on any ws socket:
 * copies the first min(max, number of entries) entries to entries, sets
 * count to the number of entries (max 0 only counts). Errors: EFAULT.
 */
#define WS_XP1_CONNECTIONLESS		0x00000001u
#define WS_XP1_GUARANTEED_DELIVERY	0x00000002u
#define WS_XP1_GUARANTEED_ORDER		0x00000004u
#define WS_XP1_MESSAGE_ORIENTED		0x00000008u
#define WS_XP1_PSEUDO_STREAM		0x00000010u
#define WS_XP1_GRACEFUL_CLOSE		0x00000020u
#define WS_XP1_EXPEDITED_DATA		0x00000040u
#define WS_XP1_CONNECT_DATA		0x00000080u
#define WS_XP1_DISCONNECT_DATA		0x00000100u
#define WS_XP1_SUPPORT_BROADCAST	0x00000200u
#define WS_XP1_SUPPORT_MULTIPOINT	0x00000400u
#define WS_XP1_MULTIPOINT_CONTROL_PLANE	0x00000800u	/* set: rooted */
#define WS_XP1_MULTIPOINT_DATA_PLANE	0x00001000u	/* set: rooted */
#define WS_XP1_QOS_SUPPORTED		0x00002000u
#define WS_XP1_UNI_SEND			0x00008000u
#define WS_XP1_UNI_RECV			0x00010000u
#define WS_XP1_IFS_HANDLES		0x00020000u
#define WS_XP1_PARTIAL_MESSAGE		0x00040000u

#define WS_PFL_MULTIPLE_PROTO_ENTRIES	0x00000001u
#define WS_PFL_RECOMMENDED_PROTO_ENTRY	0x00000002u
#define WS_PFL_HIDDEN			0x00000004u
#define WS_PFL_MATCHES_PROTOCOL_ZERO	0x00000008u

/* {210d2eee-1d20-49a2-ad1e-e4173f1893bc} */
#define WS_PROVIDER_GUID { 0x210d2eee, 0x1d20, 0x49a2, \
	{ 0xad, 0x1e, 0xe4, 0x17, 0x3f, 0x18, 0x93, 0xbc } }

#define WS_MAX_PROTOCOL_CHAIN	7
#define WS_PROTOCOL_NAME_LEN	64	/* bytes of name, the NUL included */

/* A GUID as Windows declares it; the fields in host byte order. */
struct ws_guid {
	__u32	data1;
	__u16	data2;
	__u16	data3;
	__u8	data4[8];
};

struct ws_protocol_info {
	__u32	service_flags[4];	/* dwServiceFlags1..4: WS_XP1_* in [0] */
	__u32	provider_flags;		/* WS_PFL_* */
	struct ws_guid provider_id;
	__u32	catalog_entry_id;
	__s32	chain_len;
	__u32	chain_entries[WS_MAX_PROTOCOL_CHAIN];
	__s32	version;
	__s32	address_family;		/* WS_AF_INET, WS_AF_INET6 */
	__s32	max_sockaddr;
	__s32	min_sockaddr;
	__s32	socket_type;
	__s32	protocol;
	__s32	protocol_max_offset;
	__s32	network_byte_order;
	__s32	security_scheme;
	__u32	message_size;
	__u32	provider_reserved;
	char	name[WS_PROTOCOL_NAME_LEN];	/* ASCII, NUL-terminated */
};

struct ws_protocols {
	__u64	entries;	/* struct ws_protocol_info[max] */
	__u32	max;
	__u32	count;		/* out */
};

/*
 * WSAJoinLeaf
 * -----------
 * A join is carried out by two calls of the same thread, so that the
 * security modules check it as they check a connect (their socket hooks
 * run in the socket layer, on the system calls): WS_IOC_JOIN_LEAF (struct
 * ws_join_leaf) registers it, and the thread's next connect(2) on the
 * socket carries it out, with the session's address as connect's address.
 * The socket layer's connect hook sees that call with the caller's
 * credentials and the group, as for a native connect to it; a hook that
 * refuses it fails connect, and the registration stays until it is
 * dropped (WS_IOC_JOIN_LEAF with flags 0, which drops the calling
 * thread's registration and otherwise does nothing) or the thread exits.
 *
 * WS_IOC_JOIN_LEAF, flags WS_JL_SENDER_ONLY, WS_JL_RECEIVER_ONLY or
 * WS_JL_BOTH (bits: SENDER_ONLY | RECEIVER_ONLY is BOTH), reserved 0, on a
 * c_leaf socket of an entry with non-rooted planes (UDP). Errors: EINVAL
 * (unknown flags, reserved not 0, not a multipoint socket), EOPNOTSUPP (a
 * root, or a rooted control plane), EISCONN (joined already, or
 * connected), EALREADY (another thread's join of the socket is registered
 * or under way), EFAULT.
 *
 * connect(2) then joins the IP multicast group addr (a sockaddr of the
 * socket's family, Linux numbering) for the socket's life:
 *  - RECEIVER_ONLY or BOTH: the socket becomes a member of the group
 *    (IP_ADD_MEMBERSHIP, IPV6_JOIN_GROUP) on the interface of
 *    IP_MULTICAST_IF (IPV6_MULTICAST_IF) if set, else the one the route to
 *    the group leaves by; closing the socket leaves the group;
 *  - SENDER_ONLY or BOTH: sends without a destination (send, WSASend, ...)
 *    go to addr, and getpeername returns it; SENDER_ONLY joins nothing (no
 *    IGMP or MLD message is sent);
 *  - RECEIVER_ONLY: the socket cannot send any more (ESHUTDOWN, as after
 *    shutdown(SD_SEND)).
 * The sock is not connected (it receives from any source). An unbound
 * socket is bound to the wildcard address and an ephemeral port first
 * (and stays bound if the join fails). The join is complete when connect
 * returns, blocking or not: FD_CONNECT (error 0) is recorded, and FD_WRITE
 * unless the socket is receiver-only. The registration ends with that
 * connect, whatever its result. A joined socket cannot connect (EISCONN).
 * Errors of that connect: EFAULT (addr shorter than the family's sockaddr),
 * EAFNOSUPPORT (another family), EADDRNOTAVAIL (not a multicast address),
 * EISCONN, ENETUNREACH (no interface to join on), ENOBUFS (too many
 * memberships), and bind's errors. While another thread's join is
 * registered, connect(2) on the socket fails with EALREADY.
 */
#define WS_JL_SENDER_ONLY	0x1u
#define WS_JL_RECEIVER_ONLY	0x2u
#define WS_JL_BOTH		0x4u

struct ws_join_leaf {
	__u32	flags;		/* WS_JL_*; 0 drops the registration */
	__u32	reserved;	/* must be 0 */
};

#define WS_IOC_JOIN_LEAF	_IOW(WS_IOC_MAGIC, 0x8e, struct ws_join_leaf)

/*
 * Conditional accept (WSAAccept)
 * ------------------------------
 * WSAAccept with a condition function shows the next connection of a
 * listening stream socket to the function, which accepts it, rejects it or
 * defers its decision (CF_DEFER: the connection stays, first in line). The
 * listener keeps such connections, "held" ones, for every process sharing
 * it: each is claimed by the thread whose condition function runs, or
 * unclaimed (deferred). Without WS_SO_CONDITIONAL_ACCEPT the TCP
 * handshake is complete when the function runs; a rejected peer sees a
 * reset.
 *
 * With WS_SO_CONDITIONAL_ACCEPT (set on a stream socket before listen;
 * EINVAL on a listening one) the listener holds the peers' SYNs instead,
 * unanswered, and what is claimed and described is a SYN (its cookie has
 * bit 63 set): WS_CF_ACCEPT has TCP answer it and takes the connection
 * once established (waiting for it unless the listener is nonblocking;
 * EINPROGRESS, with no descriptor, when it is not established: a later
 * accept(2) takes it), WS_CF_REJECT has TCP answer it with a reset,
 * WS_CF_DEFER keeps it held. The registered accept(2) returns a
 * connection already queued (one a verdict accepted) as a plain accept
 * does, the registration being used; accept(2) without a registration
 * accepts the oldest unclaimed SYN first when no connection is queued (a
 * blocking accept(2) already waiting does not see SYNs held meanwhile).
 * A listener holds at most its backlog + 1 SYNs and SO_RCVBUF bytes of
 * them; one unclaimed for 180 s is dropped.
 *
 * WS_IOC_ACCEPT_COND (struct ws_accept_cond), on the listener: registers
 *   the calling thread's conditional accept; info points to the caller's
 *   struct ws_accept_info. The thread then calls accept(2) on the listener,
 *   so that the security modules check it as a native accept; that accept
 *   takes the oldest unclaimed held connection or, if there is none, a new
 *   connection (blocking or not as accept(2) would, cancelled as accept(2)
 *   is by WS_IOC_CANCEL_BLOCKING), claims it for the thread, writes info
 *   and fails with EINPROGRESS; with any other error nothing is claimed.
 *   A registration serves one accept(2) of the thread; registering again
 *   replaces it, and info 0 drops it: an accept(2) that failed before the
 *   module saw it (EMFILE, a security module's refusal) leaves it, and
 *   the thread's next accept(2) would otherwise be a conditional one.
 *   EINVAL: not a listening stream socket, pad not 0. ENOBUFS:
 *   registrations of WS_COND_MAX_ARMS live threads are pending, or (from
 *   the accept) as many connections as the listener's backlog (at least
 *   WS_COND_MIN_HELD) are held. EFAULT (from the accept): info is not
 *   writable; the connection is then unclaimed, first in line.
 *   A claim lasts until the thread's verdict, its next WS_IOC_ACCEPT_COND
 *   on the listener, or its exit: a held connection claimed by a thread
 *   that has exited is unclaimed. Only the claiming thread can give the
 *   verdict.
 * WS_IOC_ACCEPT_VERDICT (struct ws_accept_verdict), on the listener: the
 *   calling thread's verdict on the connection it claimed with cookie.
 *   WS_CF_ACCEPT returns in fd a new descriptor of it (a ws socket with the
 *   listener's properties, nonblocking if the listener is; flags may have
 *   O_CLOEXEC); WS_CF_REJECT resets it; WS_CF_DEFER unclaims it, leaving
 *   it first in line. ENOENT: the thread holds no claim with that cookie.
 *   EINVAL: bad verdict, flags or pad. EMFILE: no descriptor (the claim
 *   stays). EFAULT: fd could not be written (the connection is closed).
 *
 * accept(2) on the listener (when the thread has no registration) returns
 * the oldest unclaimed held connection before any new one; an AcceptEx
 * never takes one. While one exists the listener is readable (EPOLLIN)
 * and FD_ACCEPT is recorded. An accept(2) already waiting for a new
 * connection when one is deferred goes on waiting for a new one; one held
 * for a thread that exited is noticed (and made readable) at the next
 * search of the list, not when the thread exits. Closing the listener
 * resets its held connections.
 */
struct ws_accept_cond {
	__u64	info;		/* in: struct ws_accept_info *; 0: drop */
	__u64	pad;		/* must be 0 */
};

struct ws_accept_info {
	__u64	cookie;		/* names the claim for WS_IOC_ACCEPT_VERDICT */
	__u32	peer_len;	/* bytes of peer; 0: not known (reset) */
	__u32	local_len;	/* bytes of local */
	__u8	peer[28];	/* the caller: sockaddr_in or sockaddr_in6 */
	__u8	local[28];	/* the listener's side of the connection */
};

#define WS_CF_ACCEPT		0
#define WS_CF_REJECT		1
#define WS_CF_DEFER		2

struct ws_accept_verdict {
	__u64	cookie;
	__u32	verdict;	/* WS_CF_* */
	__u32	flags;		/* 0 or O_CLOEXEC */
	__s32	fd;		/* out: WS_CF_ACCEPT's descriptor */
	__u32	pad;		/* must be 0 */
};

#define WS_COND_MAX_ARMS	4096
#define WS_COND_MIN_HELD	64

#define WS_IOC_ACCEPT_COND	_IOW(WS_IOC_MAGIC, 0x8f, struct ws_accept_cond)
#define WS_IOC_ACCEPT_VERDICT	_IOWR(WS_IOC_MAGIC, 0xc0, struct ws_accept_verdict)

/*
 * Rooted multipoint
 * -----------------
 * The catalog entries 1005 and 1006 (SOCK_SEQPACKET over TCP) are
 * multipoint with a rooted control plane and a rooted data plane (the
 * Winsock 2 specification, "Multipoint and Multicast Semantics"): one
 * c_root/d_root socket, the root, and leaves (c_leaf/d_leaf) each joined
 * to it by a TCP connection of its own that carries the frames below.
 * Every socket of these entries is created with a role, one of
 *   WS_PROTOCOL_MP_C_ROOT | WS_PROTOCOL_MP_D_ROOT   (a root)
 *   WS_PROTOCOL_MP_C_LEAF | WS_PROTOCOL_MP_D_LEAF   (a leaf)
 * Without a role, or with a mixed one (C_ROOT | D_LEAF: a rooted control
 * plane over a non-rooted data plane; C_LEAF | D_ROOT), socket(2) fails
 * with EINVAL. The socket's sock is a TCP sock of the family, so the
 * security modules check bind, connect, listen and accept as they check a
 * native TCP socket's.
 *
 * Wire format. Every frame is an 8-byte header, in network byte order,
 * then its payload (struct ws_rt_hdr):
 *   __be16 magic   WS_RT_MAGIC, 0x5752 ("WR")
 *   __u8 version   WS_RT_VERSION, 1
 *   __u8 type      WS_RT_*, below
 *   __be32 len     bytes of payload that follow
 * Types:
 *   WS_RT_JOIN (1)   initiator -> acceptor, the first frame of a
 *                    connection and only there: struct ws_rt_join_hdr
 *                    (__u8 role of the initiator, WS_RT_ROLE_ROOT 1 or
 *                    WS_RT_ROLE_LEAF 2; __u8 reserved 0; __be16 the
 *                    join's WS_JL_* flags), then the caller data, 0 to
 *                    WS_RT_MAX_CONNDATA bytes (len 4 to 4 +
 *                    WS_RT_MAX_CONNDATA).
 *   WS_RT_ADMIT (2)  acceptor -> initiator, the answer: the callee data
 *                    (len 0 to WS_RT_MAX_CONNDATA).
 *   WS_RT_REJECT (3) acceptor -> initiator, the answer: len 0. The
 *                    initiator's join fails with ECONNREFUSED and the
 *                    connection is closed.
 *   WS_RT_DATA (4)   either way after ADMIT: one message (len 0 to
 *                    WS_RT_MAX_MSG).
 *   WS_RT_LEAVE (5)  either way after ADMIT: len 0; the sender leaves; a
 *                    FIN follows, and nothing else.
 * Anything else is a protocol error: a bad magic, version or type, a
 * length over its type's maximum (or under JOIN's 4), a nonzero reserved
 * byte or unknown WS_JL_* bits in JOIN, a frame out of sequence (anything
 * but JOIN first, a second JOIN, ADMIT or REJECT at a root-side acceptor,
 * DATA or LEAVE before ADMIT, anything after LEAVE). The connection is
 * then reset and the ws socket it belongs to records FD_CLOSE with
 * ECONNABORTED (WSAECONNABORTED); its later sends and receives fail with
 * ECONNABORTED. A root receiving a JOIN whose role is root, or a leaf a
 * JOIN whose role is leaf, answers REJECT. A connection that has not sent
 * its whole JOIN WS_RT_JOIN_TIMEOUT seconds after the TCP handshake is
 * reset (the default; module parameter rt_join_timeout, 1-3600 s, for
 * connections accepted after a change).
 *
 * Leaf-initiated join (WSAJoinLeaf on a leaf, root bound and listening):
 *  - WS_IOC_RT_JOIN (struct ws_rt_join) on the leaf registers the join
 *    for the calling thread: flags (WS_JL_*, as WS_IOC_JOIN_LEAF's; 0
 *    drops the thread's registration and does nothing else), the caller
 *    data (caller_len bytes at caller_data, copied now), root_fd -1, pad
 *    0. Errors: EINVAL (not a leaf of a rooted entry, a listening leaf,
 *    unknown flags, pad wrong, caller_len over WS_RT_MAX_CONNDATA), EISCONN
 *    (joined already), EALREADY (the join under way, or another live
 *    thread's registration pending), EFAULT.
 *  - The thread's next connect(2) on the leaf, with the root's address,
 *    carries it out (the security modules see that connect): it connects
 *    TCP, sends JOIN (role leaf) and the join ends when ADMIT or REJECT
 *    arrives. Blocking: connect returns then: 0 (admitted), ECONNREFUSED
 *    (REJECT, or TCP refused), or ECONNABORTED, ECONNRESET, ETIMEDOUT,
 *    ENETUNREACH, EHOSTUNREACH as a TCP connect would; EINTR if
 *    interrupted or cancelled (WS_IOC_CANCEL_BLOCKING: the join is then
 *    abandoned and the connection reset). Nonblocking: EWOULDBLOCK at
 *    once (WSAEWOULDBLOCK); FD_CONNECT is recorded when the join ends,
 *    with error 0 or the errno above; poll(2) reports EPOLLOUT once
 *    admitted, EPOLLERR once failed, and SO_ERROR (WS_SO_ERROR) reads the
 *    error. A failed join leaves the socket unconnected; a new
 *    registration and connect may retry it (a new TCP connection, from
 *    the same local address if the socket was bound). connect(2) on a
 *    leaf without a registration fails with EINVAL; while a join is under
 *    way, WS_IOC_RT_JOIN and connect(2) fail with EALREADY; once
 *    admitted, with EISCONN.
 *  - WS_IOC_RT_CONNDATA (struct ws_rt_conndata) on the admitted leaf reads
 *    the callee data of the ADMIT: min(max, len) bytes to buf, len set to
 *    its length (0 if none). ENOTCONN before the join ended with ADMIT.
 *  - On the root, FD_ACCEPT is recorded and poll(2) reports EPOLLIN only
 *    once a connection's JOIN has arrived whole (not at the TCP
 *    handshake); the root holds at most backlog + 1 connections that are
 *    not accepted yet, complete or not (TCP's backlog holds the others).
 *  - accept(2) on the root takes the oldest complete join that no thread
 *    claimed (below), sends ADMIT without callee data and returns the
 *    leaf's membership socket: a new c_leaf/d_leaf socket of the entry
 *    (nonblocking if the root is), peer the leaf's address. Blocking, it
 *    waits for a complete join; nonblocking, EWOULDBLOCK.
 *    WS_IOC_RT_CONNDATA on it reads the leaf's caller data.
 *  - WSAAccept with a condition function: WS_IOC_RT_PEEK (struct
 *    ws_rt_join_info) on the root describes the oldest complete join not
 *    claimed by another live thread: cookie, the leaf's address (peer,
 *    peer_len), the root's address of that connection (local, local_len:
 *    the address the leaf connected to), its WS_JL_* flags, its caller data (min(caller_max,
 *    caller_len) bytes to caller_data; caller_len set to its length). It
 *    never waits (EWOULDBLOCK: none; wait with poll(2) or FD_ACCEPT).
 *    WS_IOC_RT_VERDICT (struct ws_rt_verdict) then gives the condition's
 *    answer for cookie: WS_CF_ACCEPT claims the join for the calling
 *    thread with the callee data (callee_len bytes at callee_data, copied
 *    now): the thread's next accept(2) on the root takes that join,
 *    sends ADMIT with the callee data and returns its membership socket;
 *    WS_CF_REJECT sends REJECT and closes the connection (the leaf's join
 *    fails with ECONNREFUSED); WS_CF_DEFER leaves the join pending, first
 *    in line (the leaf goes on waiting). Errors: ENOENT (no such join any
 *    more: it was taken, or the leaf went), EBUSY (claimed by another live
 *    thread), EINVAL (bad verdict, pad, callee_len over
 *    WS_RT_MAX_CONNDATA, not a listening root), EFAULT. A thread claims
 *    at most one join of a root; a new claim drops the old one. A claim of
 *    a thread that exited lapses.
 *
 * Root-initiated join (WSAJoinLeaf on a root, a leaf bound and listening):
 *  - the leaf listens: bind(2) and listen(2) on a leaf socket that has not
 *    joined (EISCONN otherwise). Its listener holds the roots' joins as a
 *    root holds leaves' (FD_ACCEPT and EPOLLIN once a JOIN, role root, is
 *    whole; at most backlog + 1; WS_RT_JOIN_TIMEOUT), and WS_IOC_RT_PEEK,
 *    WS_IOC_RT_VERDICT and accept(2) work on it as on a root: accept(2)
 *    sends ADMIT and returns the leaf's socket of that session, on which
 *    the leaf sends to the root and receives the root's messages
 *    (WS_IOC_RT_CONNDATA: the root's caller data). A listening leaf
 *    cannot join (connect(2): EINVAL).
 *  - the root makes a new leaf socket (c_leaf/d_leaf, the one WSAJoinLeaf
 *    returns) and registers the join on it with WS_IOC_RT_JOIN, root_fd
 *    the root (a root socket of the same address family: EINVAL
 *    otherwise; EBADF if not a descriptor), flags how the leaf takes part
 *    (WS_JL_SENDER_ONLY: the leaf only sends, the root sends it nothing;
 *    WS_JL_RECEIVER_ONLY: it only receives), caller data for the leaf.
 *    The socket becomes the root's membership socket for that leaf, for
 *    good (a refused join may be retried, for the same root; another
 *    root: EINVAL), and takes the root's WSAEventSelect or WSAAsyncSelect
 *    selection (the WSAJoinLeaf page: "the same properties as s including
 *    asynchronous events registered"). The thread's connect(2) to the leaf's address carries
 *    the join out as a leaf's is (JOIN, role root; blocking or not, the
 *    same results). When it ends, the root records FD_CONNECT with the
 *    same error; admitted, the membership socket is in the root's
 *    fan-out, its sends go to its leaf (ESHUTDOWN if the leaf joined
 *    sender-only), its leaf's messages arrive at the root, and
 *    WS_IOC_RT_CONNDATA reads the leaf's callee data.
 *  - a root has at most one root-initiated join under way (the
 *    WSAJoinLeaf page: until the join completes, further calls on the
 *    socket fail with WSAEALREADY): from the connect(2) that starts it
 *    until it ends, WS_IOC_RT_JOIN naming the root on another socket,
 *    and connect(2) of another socket registered for it, fail with
 *    EALREADY. A root shut down for sending (shutdown(2) SHUT_WR or
 *    SHUT_RDWR) invites no one: ESHUTDOWN; a join under way then that
 *    its leaf admits is let go at once (LEAVE and FIN to the leaf,
 *    FD_CLOSE on the membership socket), as the root's shutdown does to
 *    every membership socket.
 *
 * A root's listen(2) is TCP's without TCP Fast Open (a JOIN never rides
 * on a SYN) and without BPF's listen callback.
 *
 * Data plane:
 *  - send on the root (d_root) sends one DATA frame to every admitted leaf
 *    that receives (not WS_JL_SENDER_ONLY), in one call and all or
 *    nothing: the frame is queued whole on every connection or on none.
 *    What TCP cannot take at once waits in the kernel, per connection, in
 *    order, each connection's queue bounded by the root's SO_SNDBUF (a
 *    frame is always taken by an empty queue). A send that does not fit
 *    on every receiving connection fails with EWOULDBLOCK before anything
 *    is sent
 *    (nonblocking) or waits for room (blocking, SO_SNDTIMEO: ETIMEDOUT);
 *    FD_WRITE is recorded again when there is room. A send while no leaf
 *    is admitted succeeds and sends nothing.
 *  - send on a leaf goes to the root only; send on a membership socket to
 *    its leaf only, with the same queueing (bounded by that socket's
 *    SO_SNDBUF). A leaf that joined WS_JL_RECEIVER_ONLY cannot send
 *    (ESHUTDOWN). Sends before the join ended: ENOTCONN. More than
 *    WS_RT_MAX_MSG bytes: EMSGSIZE. msg_name is ignored. MSG_OOB:
 *    EOPNOTSUPP.
 *  - recv on the root returns one message from any leaf, msg_name its
 *    address; recv on a leaf one message from the root (fan-out, or its
 *    membership socket), msg_name the root's address. Message boundaries
 *    are kept: a buffer shorter than the message receives its start and
 *    the call fails with EMSGSIZE (WSAEMSGSIZE), the rest dropped
 *    (MSG_PEEK keeps the message). A zero-length message reads as 0
 *    bytes. A leaf's recv returns 0 once the root left (LEAVE or FIN) and
 *    every message before was read. Blocking, recv waits for a message
 *    (SO_RCVTIMEO: ETIMEDOUT); nonblocking, EWOULDBLOCK. recv on a
 *    membership socket fails with EOPNOTSUPP: its leaf's messages arrive
 *    at the root.
 *    MSG_WAITALL: EOPNOTSUPP. FIONREAD: the length of the first message.
 *    Messages queued on a socket are charged to its SO_RCVBUF; when they
 *    fill it the connections are not read (TCP's flow control pushes the
 *    senders back) until recv makes room.
 *  - Network events: FD_READ when a whole message is queued, FD_WRITE
 *    once joined and after a send failed with EWOULDBLOCK when room comes,
 *    FD_ACCEPT (root), FD_CONNECT (leaf, the join's end), FD_CLOSE (a
 *    leaf when the root left or its membership socket was closed; a
 *    membership socket when its leaf left or its root was shut down or
 *    closed; error 0 for LEAVE or FIN, ECONNABORTED for a protocol error
 *    or a reset). poll(2) agrees.
 *  - Overlapped operations (WS_IOC_SUBMIT), AcceptEx, ConnectEx,
 *    TransmitFile, WS_IOC_ACCEPT_COND and WS_IOC_JOIN_LEAF fail with
 *    EOPNOTSUPP on these sockets; SO_CONDITIONAL_ACCEPT has no effect on
 *    a root (joins always wait for accept(2) or a verdict).
 *
 * Teardown: a leaf's close (LEAVE then FIN, or the connection dying)
 * records FD_CLOSE on its membership socket and takes it out of the
 * fan-out; closing a membership socket sends LEAVE and FIN to its leaf
 * (FD_CLOSE there); shutdown(SD_SEND or SD_BOTH) or close of the root
 * does that on every membership socket, which records FD_CLOSE itself
 * (error 0; poll(2) reports EPOLLHUP and EPOLLRDHUP) as the spec's
 * "all of the associated c_leaf sockets, including those returned from
 * WSAJoinLeaf" do, and rejects the joins not yet accepted.
 * shutdown(SD_SEND) of a leaf sends LEAVE and FIN.
 */
#define WS_RT_MAGIC		0x5752
#define WS_RT_VERSION		1

#define WS_RT_JOIN		1
#define WS_RT_ADMIT		2
#define WS_RT_REJECT		3
#define WS_RT_DATA		4
#define WS_RT_LEAVE		5

#define WS_RT_ROLE_ROOT		1
#define WS_RT_ROLE_LEAF		2

#define WS_RT_HDR_LEN		8
#define WS_RT_MAX_MSG		65536	/* payload of DATA */
#define WS_RT_MAX_CONNDATA	1024	/* caller or callee data */
#define WS_RT_JOIN_TIMEOUT	180	/* seconds, by default */

/* A frame's header, on the wire (big-endian fields). */
struct ws_rt_hdr {
	__be16	magic;		/* WS_RT_MAGIC */
	__u8	version;	/* WS_RT_VERSION */
	__u8	type;		/* WS_RT_* */
	__be32	len;		/* bytes of payload */
};

/* The start of JOIN's payload; the caller data follows. */
struct ws_rt_join_hdr {
	__u8	role;		/* WS_RT_ROLE_* of the initiator */
	__u8	reserved;	/* 0 */
	__be16	flags;		/* WS_JL_* */
};

struct ws_rt_join {
	__u64	caller_data;	/* in: caller_len bytes */
	__u32	caller_len;	/* 0..WS_RT_MAX_CONNDATA */
	__u32	flags;		/* WS_JL_*; 0 drops the registration */
	__s32	root_fd;	/* -1, or the root (a root-initiated join) */
	__u32	pad;		/* must be 0 */
};

struct ws_rt_conndata {
	__u64	buf;		/* out: min(max, len) bytes */
	__u32	max;
	__u32	len;		/* out: bytes of the connection data */
};

struct ws_rt_join_info {
	__u64	cookie;		/* out: names the join for WS_IOC_RT_VERDICT */
	__u64	caller_data;	/* out: min(caller_max, caller_len) bytes */
	__u32	caller_max;
	__u32	caller_len;	/* out */
	__u32	flags;		/* out: the leaf's WS_JL_* */
	__u32	peer_len;	/* out: bytes of peer */
	__u8	peer[28];	/* out: sockaddr_in or sockaddr_in6 */
	__u32	local_len;	/* out: bytes of local */
	__u8	local[28];	/* out: the listener's side of the connection */
	__u32	pad;		/* must be 0 */
};

struct ws_rt_verdict {
	__u64	cookie;
	__u64	callee_data;	/* in: callee_len bytes (WS_CF_ACCEPT) */
	__u32	callee_len;	/* 0..WS_RT_MAX_CONNDATA */
	__u32	verdict;	/* WS_CF_* */
};

#define WS_IOC_RT_JOIN		_IOW(WS_IOC_MAGIC, 0xc1, struct ws_rt_join)
#define WS_IOC_RT_CONNDATA	_IOWR(WS_IOC_MAGIC, 0xc2, struct ws_rt_conndata)
#define WS_IOC_RT_PEEK		_IOWR(WS_IOC_MAGIC, 0xc3, struct ws_rt_join_info)
#define WS_IOC_RT_VERDICT	_IOW(WS_IOC_MAGIC, 0xc4, struct ws_rt_verdict)

/*
 * The ws device, /dev/ws
 * ----------------------
 * A misc device; each process opens it once. Its ioctls create the kernel
 * objects that are not sockets and wait on them. The module creates it
 * root-only (0600); the system's policy gives it to users (udev/60-ws.rules
 * makes it 0666). Nothing done through it reaches beyond the caller's own
 * objects (which it can only name by its own descriptors) and the threads
 * of its own process (a socket duplication is claimed only by the process
 * it was made for). Every ioctl of the device, of sockets and of the
 * objects below has one argument layout for 64-bit and 32-bit callers.
 *
 * Objects are counted per user (effective uid) against module parameters:
 * max_events_per_user (65536), max_msgqs_per_user (1024),
 * max_apcs_per_user (65536 queued), max_msgs_per_user (100000 messages
 * in the user's queues) and max_dups_per_user (1024 pending socket
 * duplications); past them a creation fails with EDQUOT and a
 * message to post is dropped. They are also charged to the creator's
 * memory cgroup. A call that creates a descriptor installs it only after
 * its result was copied back: EFAULT leaves no descriptor behind.
 *
 * WS_IOC_CREATE_EVENT (struct ws_event_args): an event object
 *   (WSACreateEvent, CreateEvent), returned as a new file descriptor
 *   (close-on-exec) in fd. flags: WS_EVENT_SIGNALED for an initially
 *   signalled event; WS_EVENT_AUTO_RESET for an auto-reset one (without
 *   it, manual-reset: what WSACreateEvent makes). A wait that an
 *   auto-reset event satisfies resets it, atomically with its claim, so
 *   one set ends at most one wait; with no wait to end, the event stays
 *   signalled until a wait takes it. A wait-all takes its auto-reset
 *   events only when all its events are signalled at once. The fd is
 *   pollable: readable (EPOLLIN) while the event is signalled; poll takes
 *   nothing. Its own ioctls: WS_IOC_EVENT_SET, WS_IOC_EVENT_RESET,
 *   WS_IOC_EVENT_PULSE (PulseEvent: ends the waits a set would end now and
 *   leaves the event unsignalled), WS_IOC_EVENT_READ (__u32 out: 1 if
 *   signalled; takes nothing). Closing it is WSACloseEvent; a socket
 *   selected on it and any waiter keep the object alive. Errors: EINVAL
 *   for unknown flags (a module without auto-reset events refuses
 *   WS_EVENT_AUTO_RESET so), EDQUOT, EMFILE/ENOMEM, EFAULT.
 *
 * WS_IOC_WAIT (struct ws_wait_args): WSAWaitForMultipleEvents. objs points
 *   to count (1..WS_MAX_WAIT_OBJECTS) __s32 event fds. Without WS_WAIT_ALL,
 *   returns when any is signalled, with index the lowest index signalled
 *   when the call returns (the event whose set ended the wait, or a lower
 *   one set meanwhile), as Windows' waits do;
 *   with WS_WAIT_ALL, when all are signalled at the same moment (decided
 *   under one lock that every set and reset of those events takes while
 *   the wait lasts), index 0. Manual-reset events are not modified; the
 *   auto-reset events that satisfy the wait are reset (see
 *   WS_IOC_CREATE_EVENT): a wait-any returns the lowest index signalled
 *   but keeps an auto-reset event it took. timeout is an
 *   absolute CLOCK_MONOTONIC time in ns, or WS_TIMEOUT_INFINITE; a time
 *   in the past polls. With WS_WAIT_ALERTABLE the wait also ends, with
 *   index WS_WAIT_APC, when an APC is queued for the calling thread (see
 *   WS_IOC_QUEUE_APC); APCs already queued end it at once. Errors:
 *   ETIMEDOUT, EINVAL (count, flags, padding, the same event twice with
 *   WS_WAIT_ALL), EBADF (a fd that is not an open event object), EFAULT,
 *   and ERESTARTSYS-restarts on signals (the timeout is absolute).
 *
 * WS_IOC_QUEUE_APC (struct ws_apc_args): queues the APC apc to thread tid
 *   of the calling process (QueueUserAPC). The queues belong to the open
 *   of /dev/ws (a thread waits alertably and dequeues through the same
 *   open) and go when it is closed; APCs queued to a thread that exited
 *   are given back then, or when the user's limit is reached. ESRCH if
 *   there is no such thread; EAGAIN if it already has WS_MAX_APCS queued;
 *   EDQUOT.
 * WS_IOC_DEQUEUE_APC (struct ws_apc_args, out): takes the oldest APC queued
 *   for the calling thread (tid is set to it); EAGAIN if none; EFAULT, and
 *   the APC stays queued. libws runs it. args[2]'s low byte tells what it
 *   is: WS_APC_USER (queued by WS_IOC_QUEUE_APC, passed through as given)
 *   or WS_APC_IO (an overlapped operation's completion routine, see
 *   WS_IOC_SUBMIT; pad then holds the operation's tag).
 *
 * WS_IOC_CREATE_MSGQ (struct ws_msgq_args): a message queue (a Windows
 *   thread message queue) as a new fd, readable (EPOLLIN) while it holds a
 *   message. Its ioctls: WS_IOC_MSGQ_POST (struct ws_msg: appends it, EAGAIN
 *   when WS_MAX_MSGS are queued, EDQUOT) and WS_IOC_MSGQ_GET (struct
 *   ws_msgq_get: the oldest message whose hwnd matches (0: any) and whose
 *   message number lies in [min, max] (both 0: any); WS_MSGQ_REMOVE removes
 *   it; WS_MSGQ_WAIT blocks until one arrives or the absolute
 *   CLOCK_MONOTONIC timeout passes (ETIMEDOUT); otherwise EAGAIN when there
 *   is none; EFAULT, and the message stays queued).
 *
 * WS_IOC_POLL (struct ws_poll_args): WSAPoll. fds points to count
 *   (1..WS_MAX_POLL_FDS) struct ws_poll_fd; an entry whose fd is negative
 *   is skipped (revents 0). events and revents are Winsock's bits
 *   (WS_POLLRDNORM, WS_POLLRDBAND, WS_POLLWRNORM asked for; WS_POLLHUP,
 *   WS_POLLERR and WS_POLLNVAL reported whether asked or not); other bits
 *   in events: EINVAL. What a socket reports (Windows, as observed by
 *   Wine's test_WSAPoll):
 *   - a listening socket: WS_POLLRDNORM while a connection waits;
 *   - a connected stream socket: WS_POLLRDNORM while data can be read,
 *     WS_POLLRDBAND while out-of-band data waits (SO_OOBINLINE off; with
 *     it on, the byte is normal data), WS_POLLWRNORM while a send would
 *     not block (and after shutdown(SD_SEND)); WS_POLLHUP once the peer
 *     shut down or closed, or the connection was reset: a shutdown of
 *     this side's receiving is not reported; nothing while connecting;
 *   - a stream socket whose connect failed: WS_POLLWRNORM | WS_POLLHUP |
 *     WS_POLLERR; one that was never connected: nothing;
 *   - a datagram socket: WS_POLLRDNORM while a datagram waits (or an
 *     ICMP error that SIO_UDP_CONNRESET makes the next recv's),
 *     WS_POLLWRNORM while a send would not block (bound or not);
 *   - a descriptor that is not a ws socket: WS_POLLNVAL.
 *   The call returns the number of entries whose revents is not 0, as soon
 *   as that is not 0, or when the absolute CLOCK_MONOTONIC timeout passes
 *   (0 then; WS_TIMEOUT_INFINITE: never; a time in the past polls). It
 *   also returns, with what is ready so far (possibly 0), when wake_fd
 *   (if not negative; libws gives the thread's eventfd that closesocket in
 *   another thread writes) is readable, result then having
 *   WS_POLL_WOKEN_FD, or, with WS_POLL_ALERTABLE, when an APC is queued for
 *   the calling thread or one already is (WS_POLL_WOKEN_APC: the caller
 *   runs the APCs and polls again; WSAPoll is alertable). With
 *   WS_POLL_LINUX, events and revents are poll(2)'s bits instead, revents
 *   what poll(2) would report (libws's select, which decides Winsock's
 *   readiness from them, waits this way to be alertable). Errors: EINVAL
 *   (count 0, above WS_MAX_POLL_FDS or above RLIMIT_NOFILE, as poll(2);
 *   flags; events), EBADF (wake_fd), EFAULT, ENOMEM, and
 *   ERESTARTSYS-restarts on signals (the timeout is absolute; a call that
 *   does not wait is not interrupted).
 *
 * WS_IOC_DUPLICATE (struct ws_dup_args): WSADuplicateSocket. Makes the ws
 *   socket fd of the caller available to the process pid (a process id,
 *   the thread group's, in the caller's pid namespace; the caller itself
 *   may be the target) and returns a nonzero token for it, which the
 *   caller passes to the target by any IPC (libws: in
 *   WSAPROTOCOL_INFO.dwProviderReserved, 0 in every catalog entry). Until
 *   it is claimed the pending duplication holds the socket's file: the
 *   socket stays open, and works, when the caller closes its descriptor,
 *   and a later reuse of the number does not matter. It is given up when
 *   the target process has exited (lazily, on the next duplication or
 *   within about a second; a target that lives and never claims keeps it
 *   as long as it lives, as the handle a Windows target never closes).
 *   Pending duplications are counted against the giving user's
 *   max_dups_per_user (1024). Errors: EBADF (fd not open), EINVAL (fd is
 *   not a ws socket, reserved not 0), ESRCH (no process pid: none, only a
 *   thread of another process, an exited one, a kernel thread, or one
 *   outside the caller's pid namespace), EDQUOT, ENOMEM, EFAULT (then nothing stays pending).
 * WS_IOC_CLAIM (struct ws_claim_args): WSASocket with a duplication's
 *   WSAPROTOCOL_INFO. Installs a new descriptor (O_CLOEXEC with flags
 *   O_CLOEXEC; other flags, or pad not 0: EINVAL) of the socket of the pending
 *   duplication token, if the calling process is its target, and forgets
 *   the duplication: a token is claimed once. The descriptor shares the
 *   file with the giver's (one socket: its state, options, nonblocking
 *   mode, event selection and pending overlapped operations); each is
 *   closed on its own and the socket is released with the last. ENOENT
 *   when there is no such duplication for the caller (whether it exists
 *   for another process is not told); EMFILE, EFAULT, or a security
 *   module's refusal of the file (its file_receive hook runs, as for a
 *   descriptor passed over a UNIX socket): the duplication stays pending.
 */
#define WS_DEVICE_PATH		"/dev/ws"

#define WS_EVENT_SIGNALED	0x1u
#define WS_EVENT_AUTO_RESET	0x2u

struct ws_event_args {
	__u32	flags;
	__s32	fd;	/* out */
};

#define WS_MAX_WAIT_OBJECTS	64
#define WS_TIMEOUT_INFINITE	(~(__u64)0)
#define WS_WAIT_ALL		0x1u
#define WS_WAIT_ALERTABLE	0x2u
#define WS_WAIT_APC		0xffffffffu

struct ws_wait_args {
	__u64	timeout;
	__u64	objs;
	__u32	count;
	__u32	flags;
	__u32	index;	/* out */
	__u32	pad;
};

#define WS_MAX_APCS		1024

struct ws_apc_args {
	__u64	func;
	__u64	args[3];
	__u32	tid;
	__u32	pad;
};

#define WS_MAX_MSGS		10000
#define WS_MSG_FROM_SOCKET	0x1u	/* wparam: a socket id; lparam: event | errno << 16 */

struct ws_msg {
	__u64	hwnd;
	__u32	message;
	__u32	flags;
	__u64	wparam;
	__u64	lparam;
};

struct ws_msgq_args {
	__u32	flags;	/* must be 0 */
	__s32	fd;	/* out */
};

#define WS_MSGQ_REMOVE		0x1u
#define WS_MSGQ_WAIT		0x2u

struct ws_msgq_get {
	struct ws_msg	msg;	/* out */
	__u64	hwnd;
	__u64	timeout;
	__u32	min;
	__u32	max;
	__u32	flags;
	__u32	pad;
};

#define WS_MAX_POLL_FDS		65536

/* Winsock's WSAPoll bits (winsock2.h's POLL* values). */
#define WS_POLLERR		0x0001
#define WS_POLLHUP		0x0002
#define WS_POLLNVAL		0x0004
#define WS_POLLWRNORM		0x0010
#define WS_POLLRDNORM		0x0100
#define WS_POLLRDBAND		0x0200

#define WS_POLL_ALERTABLE	0x1u	/* flags */
#define WS_POLL_LINUX		0x2u
#define WS_POLL_WOKEN_FD	0x1u	/* result */
#define WS_POLL_WOKEN_APC	0x2u

struct ws_poll_fd {
	__s32	fd;
	__s16	events;
	__s16	revents;	/* out */
};

struct ws_poll_args {
	__u64	timeout;
	__u64	fds;
	__u32	count;
	__s32	wake_fd;
	__u32	flags;
	__u32	result;	/* out */
};

struct ws_dup_args {
	__s32	fd;		/* the socket */
	__u32	pid;		/* the target process */
	__u32	token;		/* out: nonzero */
	__u32	reserved;	/* must be 0 */
};

struct ws_claim_args {
	__u32	token;		/* from WS_IOC_DUPLICATE */
	__u32	flags;		/* 0 or O_CLOEXEC */
	__s32	fd;		/* out */
	__u32	pad;		/* must be 0 */
};

#define WS_IOC_CREATE_EVENT	_IOWR(WS_IOC_MAGIC, 0x90, struct ws_event_args)
#define WS_IOC_WAIT		_IOWR(WS_IOC_MAGIC, 0x91, struct ws_wait_args)
#define WS_IOC_QUEUE_APC	_IOW(WS_IOC_MAGIC, 0x92, struct ws_apc_args)
#define WS_IOC_DEQUEUE_APC	_IOR(WS_IOC_MAGIC, 0x93, struct ws_apc_args)
#define WS_IOC_CREATE_MSGQ	_IOWR(WS_IOC_MAGIC, 0x94, struct ws_msgq_args)
#define WS_IOC_CREATE_PORT	_IOWR(WS_IOC_MAGIC, 0x95, struct ws_port_args)
#define WS_IOC_PORT_WAIT	_IOWR(WS_IOC_MAGIC, 0x96, struct ws_port_wait)
#define WS_IOC_PROTOCOLS	_IOWR(WS_IOC_MAGIC, 0x97, struct ws_protocols)
#define WS_IOC_POLL		_IOWR(WS_IOC_MAGIC, 0x98, struct ws_poll_args)
#define WS_IOC_DUPLICATE	_IOWR(WS_IOC_MAGIC, 0x99, struct ws_dup_args)
#define WS_IOC_CLAIM		_IOWR(WS_IOC_MAGIC, 0x9a, struct ws_claim_args)

#define WS_IOC_EVENT_SET	_IO(WS_IOC_MAGIC, 0xa0)
#define WS_IOC_EVENT_RESET	_IO(WS_IOC_MAGIC, 0xa1)
#define WS_IOC_EVENT_READ	_IOR(WS_IOC_MAGIC, 0xa2, __u32)
#define WS_IOC_EVENT_PULSE	_IO(WS_IOC_MAGIC, 0xa3)

#define WS_IOC_MSGQ_POST	_IOW(WS_IOC_MAGIC, 0xa8, struct ws_msg)
#define WS_IOC_MSGQ_GET		_IOWR(WS_IOC_MAGIC, 0xa9, struct ws_msgq_get)

#define WS_IOC_PORT_POST	_IOW(WS_IOC_MAGIC, 0xb0, struct ws_port_entry)
#define WS_IOC_PORT_CLOSE	_IO(WS_IOC_MAGIC, 0xb1)

/*
 * Observing ws: the socket list and the counters
 * ----------------------------------------------
 * The module registers a sock_diag handler for its family number, so that
 * the ws sockets of a network namespace can be listed as ss lists inet
 * sockets: a NETLINK_SOCK_DIAG socket sends a SOCK_DIAG_BY_FAMILY request
 * with NLM_F_DUMP (NLM_F_REQUEST | NLM_F_DUMP) carrying a struct
 * ws_diag_req whose sdiag_family is the family number. The answer is one
 * struct ws_diag_msg per socket of the netlink socket's network namespace,
 * each followed by the attributes below, then NLMSG_DONE. Any user of the
 * namespace may ask, as for inet sockets; the sockets of other namespaces
 * are never listed. Errors: EINVAL (a short request, sdiag_protocol or pad
 * not 0), EOPNOTSUPP (no NLM_F_DUMP).
 *
 * wdiag_states selects the sockets by state (1 << state, the sock's state
 * in TCP_* numbering, as inet_diag has it); 0 selects every state.
 * wdiag_ino, when not 0, selects the one socket with that id.
 *
 * Attributes (struct nlattr, NLA_ALIGNed), each present as described:
 *   WS_DIAG_LOCAL    the bound address, a Linux sockaddr_in or sockaddr_in6
 *                    as getsockname returns it (all zero before bind)
 *   WS_DIAG_REMOTE   the peer's address, the same way; only when the sock
 *                    has a peer (connected stream, or datagram association)
 *   WS_DIAG_EVENTS   struct ws_diag_events, while WSAEventSelect or
 *                    WSAAsyncSelect is in effect: the selected FD_* mask,
 *                    the record (events recorded and not yet enumerated,
 *                    with their errors, positive errnos) and the events
 *                    recorded since their re-enabling call
 *   WS_DIAG_ASYNC    struct ws_diag_async, while WSAAsyncSelect is in
 *                    effect: its hwnd and message
 *   WS_DIAG_OVERLAPPED struct ws_diag_overlapped, always: the overlapped
 *                    operations pending on the socket (AcceptEx ones on the
 *                    listener), and the pages their buffers hold
 *   WS_DIAG_PORT     struct ws_diag_port, while the socket is associated
 *                    with a completion port: the completion key and the
 *                    WS_SKIP_* notification modes
 *   WS_DIAG_MULTIPOINT struct ws_diag_multipoint, for a multipoint socket
 *                    (a WS_PROTOCOL_MP_* role): the role, the catalog
 *                    entry (catalog_entry_id of its struct
 *                    ws_protocol_info), and what WSAJoinLeaf did:
 *                    WS_DIAG_MP_JOINED once the leaf joined its session,
 *                    WS_DIAG_MP_SEND if sends go to the group (SENDER_ONLY,
 *                    BOTH), WS_DIAG_MP_RECV if it is a member of the group
 *                    (RECEIVER_ONLY, BOTH)
 *   WS_DIAG_GROUP    the session (multicast group) a leaf joined, a Linux
 *                    sockaddr as for WS_DIAG_LOCAL; once it joined
 *
 * /proc/net/ws_stat shows the counters of the reader's network namespace,
 * one line per object kind, "name: field value ...":
 *   sockets: inuse N created N
 *   events: inuse N created N       (event objects)
 *   ports: inuse N created N        (completion ports)
 *   overlapped: pending N completed N
 *   waits: active N total N timeouts N        (WS_IOC_WAIT)
 *   portwaits: active N total N timeouts N    (WS_IOC_PORT_WAIT)
 * "inuse", "pending" and "active" are what exists now; "created",
 * "completed", "total" and "timeouts" count since the namespace was
 * created (or the module loaded). Event objects and ports belong to the
 * namespace of the process that created them, waits to the waiter's.
 */
struct ws_diag_req {
	__u8	sdiag_family;	/* the ws family number */
	__u8	sdiag_protocol;	/* 0 */
	__u16	pad;		/* 0 */
	__u32	wdiag_states;	/* 1 << state; 0: all */
	__u64	wdiag_ino;	/* a socket id; 0: all */
};

struct ws_diag_msg {
	__u8	wdiag_family;	/* the ws family number */
	__u8	wdiag_af;	/* the sock's: AF_INET (2) or AF_INET6 (10) */
	__u8	wdiag_type;	/* SOCK_STREAM or SOCK_DGRAM */
	__u8	wdiag_state;	/* TCP_* (datagram: CLOSE or ESTABLISHED) */
	__u32	wdiag_uid;	/* the owner, in the requester's user namespace */
	__u64	wdiag_ino;	/* the socket id (WS_IOC_GET_ID) */
};

enum {
	WS_DIAG_UNSPEC,
	WS_DIAG_LOCAL,
	WS_DIAG_REMOTE,
	WS_DIAG_EVENTS,
	WS_DIAG_ASYNC,
	WS_DIAG_OVERLAPPED,
	WS_DIAG_PORT,
	WS_DIAG_PAD,		/* alignment padding, to skip */
	WS_DIAG_MULTIPOINT,
	WS_DIAG_GROUP,
	__WS_DIAG_MAX,
};

#define WS_DIAG_MAX		(__WS_DIAG_MAX - 1)

struct ws_diag_events {
	__u32	mask;				/* FD_* selected */
	__u32	pending;			/* the record */
	__u32	reported;			/* recorded since re-enabled */
	__u32	pad;
	__s32	errors[WS_FD_MAX_EVENTS];	/* of the record's events */
};

struct ws_diag_async {
	__u64	hwnd;
	__u32	message;
	__u32	pad;
};

struct ws_diag_overlapped {
	__u32	pending;
	__u32	pages;
};

struct ws_diag_port {
	__u64	key;
	__u32	notify_modes;	/* WS_SKIP_* */
	__u32	pad;
};

#define WS_DIAG_MP_JOINED	0x1u
#define WS_DIAG_MP_SEND		0x2u
#define WS_DIAG_MP_RECV		0x4u

struct ws_diag_multipoint {
	__u32	role;		/* WS_PROTOCOL_MP_* */
	__u32	state;		/* WS_DIAG_MP_* */
	__u32	catalog_entry_id;
	__u32	pad;
};

#endif /* _UAPI_LINUX_WS_H */

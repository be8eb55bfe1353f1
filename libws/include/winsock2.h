/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winsock2.h for libws: the Windows Sockets 2 API on Linux, over the ws
 * socket family (uapi/linux/ws.h).
 *
 * Windows socket code includes this header and compiles unchanged. Many
 * Winsock names are also glibc names with another meaning (socket, select,
 * fd_set, FD_SET, u_long, ...). They are kept apart like this:
 *
 *  - The glibc headers that Windows code pulls in indirectly (sys/types.h,
 *    sys/select.h, sys/time.h, stdlib.h, string.h) are included first, so
 *    that their declarations are complete before anything below is
 *    declared, and so that including them again later is a no-op. Not
 *    unistd.h: it defines socklen_t, which Windows code often defines
 *    itself after winsock2.h. libws's unistd.h wrapper hides glibc's
 *    gethostname and socklen_t when it comes after this header.
 *  - Winsock functions keep their Winsock names in C and C++ and are bound
 *    to libws's symbols (ws_socket, ws_bind, ..., ws_select,
 *    ws_gethostname) with an asm label, not with a macro, so C++ names
 *    such as std::bind or a member called connect or select are not
 *    touched, and glibc's own socket() keeps working for any other code in
 *    the process. In C++, select and gethostname are overloads beside
 *    glibc's (they take other types). In C, where a name has one type, the
 *    glibc declarations of select and gethostname are kept out of the
 *    headers this one includes; only when the program included glibc's
 *    <sys/select.h> (through <stdlib.h>, <sys/types.h>, ...) or <unistd.h>
 *    before winsock2.h is the Winsock one renamed with a macro (select
 *    then is ws_select in that C file).
 *  - fd_set is a macro for ws_fd_set, since glibc's fd_set is declared
 *    whenever <stdlib.h> is; FD_SETSIZE and the FD_* macros are replaced.
 *  - u_long is 32 bits everywhere libws's include directory is used: its
 *    <sys/types.h> wrapper defines it before glibc would (see there), so a
 *    structure with a u_long member has one size in every translation
 *    unit of a program, with or without winsock2.h.
 *  - struct timeval is glibc's: Winsock declares it as two longs, the same
 *    member names, types and meaning, so sharing it keeps every glibc
 *    structure that embeds a timeval (rusage, itimerval, ...) consistent.
 *  - glibc's own socket headers (sys/socket.h, netinet/in.h, arpa/inet.h,
 *    netdb.h) cannot be combined with this header in one translation
 *    unit. Including one before it is an error; including one after it
 *    is a no-op (Winsock declares their API here), so that headers that
 *    include them, such as <net/if.h> and <ifaddrs.h>, compile after it
 *    (with Winsock's struct sockaddr, of the same layout; the address
 *    families they report are Linux's).
 *
 * Sizes follow 64-bit Windows: SOCKET is pointer-sized, u_long, DWORD and
 * LONG are 32 bits, WSADATA and servent have the Win64 member order.
 *
 * FD_SETSIZE (default 64) may be defined before this header is included,
 * in the source or with -DFD_SETSIZE=n, as on Windows. glibc's
 * <sys/select.h> would overwrite such a definition when <stdlib.h> or
 * <sys/types.h> come first; libws's include directory has a <sys/select.h>
 * wrapper that puts it back (include/sys/select.h).
 *
 * Functions that need WSAStartup fail with WSANOTINITIALISED before it; the
 * byte-order and address-text functions (htonl, inet_addr, inet_pton, ...)
 * work at any time.
 */
#ifndef _WINSOCK2API_
#define _WINSOCK2API_
#define _WINSOCKAPI_	/* Winsock 1.1's winsock.h is this header too */

#if defined(_SYS_SOCKET_H) || defined(_NETINET_IN_H) || \
	defined(_ARPA_INET_H) || defined(_NETDB_H)
#error "winsock2.h (libws) cannot be used together with glibc's socket headers (sys/socket.h, netinet/in.h, arpa/inet.h, netdb.h) in one source file"
#endif

/*
 * The glibc headers Windows code gets indirectly, before anything is
 * declared. In C, glibc's select is declared under another name if
 * <sys/select.h> comes in here for the first time (see the top).
 */
#if !defined(__cplusplus) && !defined(_SYS_SELECT_H)
#define __WS_SELECT_ASM
#pragma push_macro("select")
#undef select
#define select	__ws_glibc_select
#endif
#pragma push_macro("FD_SETSIZE")
#undef FD_SETSIZE
#include <sys/types.h>
#include <sys/select.h>
#include <sys/time.h>
#include <stdlib.h>
#include <string.h>
#undef FD_SETSIZE
#pragma pop_macro("FD_SETSIZE")
#ifdef __WS_SELECT_ASM
#pragma pop_macro("select")
#endif

/*
 * An FD_SETSIZE defined now is either the application's or glibc's, left
 * by a <sys/select.h> included before this header. glibc defines it as
 * __FD_SETSIZE: tell the two apart by giving __FD_SETSIZE a value no
 * application would use.
 */
#ifdef FD_SETSIZE
#pragma push_macro("__FD_SETSIZE")
#undef __FD_SETSIZE
#define __FD_SETSIZE (-0x7ffffffe)
#if (FD_SETSIZE) == (-0x7ffffffe)
#undef FD_SETSIZE
#endif
#pragma pop_macro("__FD_SETSIZE")
#endif
#ifndef FD_SETSIZE
#define FD_SETSIZE	64
#endif

#include <windows.h>
#include <qos.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WSAAPI
#ifndef WINSOCK_API_LINKAGE
#define WINSOCK_API_LINKAGE	extern
#endif
/* Binds a Winsock function to its libws symbol (see above). */
#define __WS_SYMBOL(sym)	__asm__(#sym)

/*
 * Basic types. u_long is 32 bits, as on Windows: from libws's
 * <sys/types.h> (see the top), or here when glibc defines no BSD names
 * (strict ISO C).
 */
#ifndef __u_char_defined
typedef unsigned char	u_char;
typedef unsigned short	u_short;
typedef unsigned int	u_int;
typedef unsigned int	u_long;
#define __u_char_defined
#define __WS_U_LONG_32
#endif
#ifndef __WS_U_LONG_32
#error "u_long is glibc's 64-bit type here: libws's include directory must come before the system's (pkg-config --cflags libws)"
#endif
typedef ULONGLONG	u_int64;

typedef UINT_PTR	SOCKET;
typedef unsigned int	GROUP;
typedef USHORT		ADDRESS_FAMILY;

#define INVALID_SOCKET	((SOCKET)(~0))
#define SOCKET_ERROR	(-1)

/*
 * fd_set: an array of SOCKETs with a count. FD_SET ignores a socket that is
 * already in the set and one that does not fit; FD_CLR keeps the order of
 * the remaining sockets.
 */
#define fd_set		ws_fd_set
typedef struct fd_set {
	u_int	fd_count;
	SOCKET	fd_array[FD_SETSIZE];
} fd_set, FD_SET, *PFD_SET, FAR *LPFD_SET;

WINSOCK_API_LINKAGE int WSAAPI __WSAFDIsSet(SOCKET fd, fd_set FAR *set);

#undef FD_CLR
#undef FD_SET
#undef FD_ISSET
#undef FD_ZERO
#define FD_CLR(fd, set) do {						\
	u_int __ws_i;							\
	for (__ws_i = 0; __ws_i < ((fd_set FAR *)(set))->fd_count;	\
	     __ws_i++) {						\
		if (((fd_set FAR *)(set))->fd_array[__ws_i] ==		\
		    (SOCKET)(fd)) {					\
			while (__ws_i <					\
			       ((fd_set FAR *)(set))->fd_count - 1) {	\
				((fd_set FAR *)(set))->fd_array[__ws_i] = \
				((fd_set FAR *)(set))->fd_array[__ws_i + 1]; \
				__ws_i++;				\
			}						\
			((fd_set FAR *)(set))->fd_count--;		\
			break;						\
		}							\
	}								\
} while (0)

#define FD_SET(fd, set) do {						\
	u_int __ws_i;							\
	for (__ws_i = 0; __ws_i < ((fd_set FAR *)(set))->fd_count;	\
	     __ws_i++) {						\
		if (((fd_set FAR *)(set))->fd_array[__ws_i] ==		\
		    (SOCKET)(fd))					\
			break;						\
	}								\
	if (__ws_i == ((fd_set FAR *)(set))->fd_count &&		\
	    ((fd_set FAR *)(set))->fd_count < (u_int)FD_SETSIZE) {	\
		((fd_set FAR *)(set))->fd_array[__ws_i] = (SOCKET)(fd);	\
		((fd_set FAR *)(set))->fd_count++;			\
	}								\
} while (0)

#define FD_ZERO(set)		(((fd_set FAR *)(set))->fd_count = 0)
#define FD_ISSET(fd, set)	__WSAFDIsSet((SOCKET)(fd), (fd_set FAR *)(set))

/* struct timeval is glibc's (see the top of this file). */
typedef struct timeval	TIMEVAL, *PTIMEVAL, FAR *LPTIMEVAL;
#ifndef timerisset
#define timerisset(tvp)		((tvp)->tv_sec || (tvp)->tv_usec)
#define timercmp(tvp, uvp, cmp)						\
	((tvp)->tv_sec cmp (uvp)->tv_sec ||				\
	 ((tvp)->tv_sec == (uvp)->tv_sec && (tvp)->tv_usec cmp (uvp)->tv_usec))
#define timerclear(tvp)		((tvp)->tv_sec = (tvp)->tv_usec = 0)
#endif

/*
 * ioctlsocket commands, with their Windows values (_IOR/_IOW encoding of
 * 'f' 127, 'f' 126 and 's' 7).
 */
#undef FIONREAD
#undef FIONBIO
#undef SIOCATMARK
#define IOCPARM_MASK	0x7f
#define FIONREAD	((long)0x4004667f)
#define FIONBIO		((long)0x8004667e)
#define SIOCATMARK	((long)0x40047307)
#define FIOASYNC	((long)0x8004667d)
#define SIOCSHIWAT	((long)0x80047300)
#define SIOCGHIWAT	((long)0x40047301)
#define SIOCSLOWAT	((long)0x80047302)
#define SIOCGLOWAT	((long)0x40047303)

/*
 * WSAIoctl codes: the Winsock 2 encoding (direction bits, a family of
 * codes, a number). Windows' _IO/_IOR/_IOW are not defined: Linux's
 * <sys/ioctl.h> has other macros of those names.
 */
#define IOC_VOID	0x20000000
#define IOC_OUT		0x40000000
#define IOC_IN		0x80000000
#define IOC_INOUT	(IOC_IN | IOC_OUT)
#define IOC_UNIX	0x00000000
#define IOC_WS2		0x08000000
#define IOC_PROTOCOL	0x10000000
#define IOC_VENDOR	0x18000000
#define IOC_WSK		(IOC_WS2 | 0x07000000)
#define _WSAIO(x, y)	(IOC_VOID | (x) | (y))
#define _WSAIOR(x, y)	(IOC_OUT | (x) | (y))
#define _WSAIOW(x, y)	(IOC_IN | (x) | (y))
#define _WSAIORW(x, y)	(IOC_INOUT | (x) | (y))

#define SIO_ASSOCIATE_HANDLE		_WSAIOW(IOC_WS2, 1)
#define SIO_ENABLE_CIRCULAR_QUEUEING	_WSAIO(IOC_WS2, 2)
#define SIO_FIND_ROUTE			_WSAIOR(IOC_WS2, 3)
#define SIO_FLUSH			_WSAIO(IOC_WS2, 4)
#define SIO_GET_BROADCAST_ADDRESS	_WSAIOR(IOC_WS2, 5)
#define SIO_GET_EXTENSION_FUNCTION_POINTER _WSAIORW(IOC_WS2, 6)
#define SIO_GET_QOS			_WSAIORW(IOC_WS2, 7)
#define SIO_GET_GROUP_QOS		_WSAIORW(IOC_WS2, 8)
#define SIO_MULTIPOINT_LOOPBACK		_WSAIOW(IOC_WS2, 9)
#define SIO_MULTICAST_SCOPE		_WSAIOW(IOC_WS2, 10)
#define SIO_SET_QOS			_WSAIOW(IOC_WS2, 11)
#define SIO_SET_GROUP_QOS		_WSAIOW(IOC_WS2, 12)
#define SIO_TRANSLATE_HANDLE		_WSAIORW(IOC_WS2, 13)
#define SIO_ROUTING_INTERFACE_QUERY	_WSAIORW(IOC_WS2, 20)
#define SIO_ROUTING_INTERFACE_CHANGE	_WSAIOW(IOC_WS2, 21)
#define SIO_ADDRESS_LIST_QUERY		_WSAIOR(IOC_WS2, 22)
#define SIO_ADDRESS_LIST_CHANGE		_WSAIO(IOC_WS2, 23)
#define SIO_QUERY_TARGET_PNP_HANDLE	_WSAIOR(IOC_WS2, 24)
#define SIO_ADDRESS_LIST_SORT		_WSAIORW(IOC_WS2, 25)
#define SIO_RESERVED_1			_WSAIOW(IOC_WS2, 26)
#define SIO_BSP_HANDLE			_WSAIOR(IOC_WS2, 27)
#define SIO_BSP_HANDLE_SELECT		_WSAIOR(IOC_WS2, 28)
#define SIO_BSP_HANDLE_POLL		_WSAIOR(IOC_WS2, 29)
#define SIO_EXT_SELECT			_WSAIORW(IOC_WS2, 30)
#define SIO_EXT_POLL			_WSAIORW(IOC_WS2, 31)
#define SIO_EXT_SENDMSG			_WSAIORW(IOC_WS2, 32)
#define SIO_RESERVED_2			_WSAIOW(IOC_WS2, 33)
#define SIO_BASE_HANDLE			_WSAIOR(IOC_WS2, 34)
#define SIO_GET_MULTIPLE_EXTENSION_FUNCTION_POINTER _WSAIORW(IOC_WS2, 36)
#define SIO_QUERY_RSS_PROCESSOR_INFO	_WSAIOR(IOC_WS2, 37)

/* Internet addresses. */
typedef struct in_addr {
	union {
		struct {
			UCHAR s_b1, s_b2, s_b3, s_b4;
		} S_un_b;
		struct {
			USHORT s_w1, s_w2;
		} S_un_w;
		ULONG S_addr;
	} S_un;
} IN_ADDR, *PIN_ADDR, FAR *LPIN_ADDR;
#define s_addr		S_un.S_addr
#define s_host		S_un.S_un_b.s_b2
#define s_net		S_un.S_un_b.s_b1
#define s_imp		S_un.S_un_w.s_w2
#define s_impno		S_un.S_un_b.s_b4
#define s_lh		S_un.S_un_b.s_b3

typedef struct in6_addr {
	union {
		UCHAR	Byte[16];
		USHORT	Word[8];
	} u;
} IN6_ADDR, *PIN6_ADDR, FAR *LPIN6_ADDR;
#define in_addr6	in6_addr
#define _S6_un		u
#define _S6_u8		Byte
#define s6_addr		_S6_un._S6_u8
#define s6_bytes	u.Byte
#define s6_words	u.Word

#define IN_CLASSA(i)		(((LONG)(i) & 0x80000000) == 0)
#define IN_CLASSA_NET		0xff000000
#define IN_CLASSA_NSHIFT	24
#define IN_CLASSA_HOST		0x00ffffff
#define IN_CLASSA_MAX		128
#define IN_CLASSB(i)		(((LONG)(i) & 0xc0000000) == 0x80000000)
#define IN_CLASSB_NET		0xffff0000
#define IN_CLASSB_NSHIFT	16
#define IN_CLASSB_HOST		0x0000ffff
#define IN_CLASSB_MAX		65536
#define IN_CLASSC(i)		(((LONG)(i) & 0xe0000000) == 0xc0000000)
#define IN_CLASSC_NET		0xffffff00
#define IN_CLASSC_NSHIFT	8
#define IN_CLASSC_HOST		0x000000ff
#define IN_CLASSD(i)		(((LONG)(i) & 0xf0000000) == 0xe0000000)
#define IN_MULTICAST(i)		IN_CLASSD(i)

#define INADDR_ANY		((ULONG)0x00000000)
#define INADDR_LOOPBACK		0x7f000001
#define INADDR_BROADCAST	((ULONG)0xffffffff)
#define INADDR_NONE		0xffffffff
#define ADDR_ANY		INADDR_ANY

/* Socket addresses: the layouts of uapi/linux/ws.h. */
typedef struct sockaddr {
	ADDRESS_FAMILY	sa_family;
	CHAR		sa_data[14];
} SOCKADDR, *PSOCKADDR, FAR *LPSOCKADDR;

typedef struct sockaddr_in {
	ADDRESS_FAMILY	sin_family;
	USHORT		sin_port;
	IN_ADDR		sin_addr;
	CHAR		sin_zero[8];
} SOCKADDR_IN, *PSOCKADDR_IN, FAR *LPSOCKADDR_IN;

typedef struct sockaddr_in6 {
	ADDRESS_FAMILY	sin6_family;
	USHORT		sin6_port;
	ULONG		sin6_flowinfo;
	IN6_ADDR	sin6_addr;
	ULONG		sin6_scope_id;
} SOCKADDR_IN6, SOCKADDR_IN6_LH, *PSOCKADDR_IN6, FAR *LPSOCKADDR_IN6;

#define _SS_MAXSIZE	128
#define _SS_ALIGNSIZE	(sizeof(LONGLONG))
#define _SS_PAD1SIZE	(_SS_ALIGNSIZE - sizeof(USHORT))
#define _SS_PAD2SIZE	(_SS_MAXSIZE - (sizeof(USHORT) + _SS_PAD1SIZE + _SS_ALIGNSIZE))
typedef struct sockaddr_storage {
	ADDRESS_FAMILY	ss_family;
	CHAR		__ss_pad1[_SS_PAD1SIZE];
	LONGLONG	__ss_align;
	CHAR		__ss_pad2[_SS_PAD2SIZE];
} SOCKADDR_STORAGE, *PSOCKADDR_STORAGE, FAR *LPSOCKADDR_STORAGE;

/* Linger on close: two u_shorts, seconds. */
struct linger {
	u_short	l_onoff;
	u_short	l_linger;
};
typedef struct linger LINGER, *PLINGER, FAR *LPLINGER;

/* Database entries. Pointers point to per-thread storage in libws. */
struct hostent {
	char FAR	*h_name;
	char FAR * FAR	*h_aliases;
	short		h_addrtype;
	short		h_length;
	char FAR * FAR	*h_addr_list;
#define h_addr		h_addr_list[0]
};
typedef struct hostent HOSTENT, *PHOSTENT, FAR *LPHOSTENT;

struct servent {
	char FAR	*s_name;
	char FAR * FAR	*s_aliases;
#ifdef __LP64__
	char FAR	*s_proto;
	short		s_port;
#else
	short		s_port;
	char FAR	*s_proto;
#endif
};
typedef struct servent SERVENT, *PSERVENT, FAR *LPSERVENT;

struct protoent {
	char FAR	*p_name;
	char FAR * FAR	*p_aliases;
	short		p_proto;
};
typedef struct protoent PROTOENT, *PPROTOENT, FAR *LPPROTOENT;

/* Address families (Winsock numbering: AF_INET6 is 23). */
#define AF_UNSPEC	0
#define AF_UNIX		1
#define AF_INET		2
#define AF_IMPLINK	3
#define AF_PUP		4
#define AF_CHAOS	5
#define AF_NS		6
#define AF_IPX		AF_NS
#define AF_ISO		7
#define AF_OSI		AF_ISO
#define AF_ECMA		8
#define AF_DATAKIT	9
#define AF_CCITT	10
#define AF_SNA		11
#define AF_DECnet	12
#define AF_DLI		13
#define AF_LAT		14
#define AF_HYLINK	15
#define AF_APPLETALK	16
#define AF_NETBIOS	17
#define AF_VOICEVIEW	18
#define AF_FIREFOX	19
#define AF_UNKNOWN1	20
#define AF_BAN		21
#define AF_ATM		22
#define AF_INET6	23
#define AF_CLUSTER	24
#define AF_12844	25
#define AF_IRDA		26
#define AF_NETDES	28
#define AF_MAX		29

#define PF_UNSPEC	AF_UNSPEC
#define PF_UNIX		AF_UNIX
#define PF_INET		AF_INET
#define PF_IMPLINK	AF_IMPLINK
#define PF_PUP		AF_PUP
#define PF_CHAOS	AF_CHAOS
#define PF_NS		AF_NS
#define PF_IPX		AF_IPX
#define PF_ISO		AF_ISO
#define PF_OSI		AF_OSI
#define PF_ECMA		AF_ECMA
#define PF_DATAKIT	AF_DATAKIT
#define PF_CCITT	AF_CCITT
#define PF_SNA		AF_SNA
#define PF_DECnet	AF_DECnet
#define PF_DLI		AF_DLI
#define PF_LAT		AF_LAT
#define PF_HYLINK	AF_HYLINK
#define PF_APPLETALK	AF_APPLETALK
#define PF_VOICEVIEW	AF_VOICEVIEW
#define PF_FIREFOX	AF_FIREFOX
#define PF_UNKNOWN1	AF_UNKNOWN1
#define PF_BAN		AF_BAN
#define PF_ATM		AF_ATM
#define PF_INET6	AF_INET6
#define PF_MAX		AF_MAX

/* Socket types. */
#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3
#define SOCK_RDM	4
#define SOCK_SEQPACKET	5

/* Protocols. */
#define IPPROTO_IP		0
#define IPPROTO_HOPOPTS		0
#define IPPROTO_ICMP		1
#define IPPROTO_IGMP		2
#define IPPROTO_GGP		3
#define IPPROTO_IPV4		4
#define IPPROTO_ST		5
#define IPPROTO_TCP		6
#define IPPROTO_CBT		7
#define IPPROTO_EGP		8
#define IPPROTO_IGP		9
#define IPPROTO_PUP		12
#define IPPROTO_UDP		17
#define IPPROTO_IDP		22
#define IPPROTO_RDP		27
#define IPPROTO_IPV6		41
#define IPPROTO_ROUTING		43
#define IPPROTO_FRAGMENT	44
#define IPPROTO_ESP		50
#define IPPROTO_AH		51
#define IPPROTO_ICMPV6		58
#define IPPROTO_NONE		59
#define IPPROTO_DSTOPTS		60
#define IPPROTO_ND		77
#define IPPROTO_ICLFXBM		78
#define IPPROTO_PIM		103
#define IPPROTO_PGM		113
#define IPPROTO_L2TP		115
#define IPPROTO_SCTP		132
#define IPPROTO_RAW		255
#define IPPROTO_MAX		256

#define IPPORT_ECHO		7
#define IPPORT_DISCARD		9
#define IPPORT_SYSTAT		11
#define IPPORT_DAYTIME		13
#define IPPORT_NETSTAT		15
#define IPPORT_FTP		21
#define IPPORT_TELNET		23
#define IPPORT_SMTP		25
#define IPPORT_TIMESERVER	37
#define IPPORT_NAMESERVER	42
#define IPPORT_WHOIS		43
#define IPPORT_MTP		57
#define IPPORT_TFTP		69
#define IPPORT_RJE		77
#define IPPORT_FINGER		79
#define IPPORT_TTYLINK		87
#define IPPORT_SUPDUP		95
#define IPPORT_EXECSERVER	512
#define IPPORT_LOGINSERVER	513
#define IPPORT_CMDSERVER	514
#define IPPORT_EFSSERVER	520
#define IPPORT_BIFFUDP		512
#define IPPORT_WHOSERVER	513
#define IPPORT_ROUTESERVER	520
#define IPPORT_RESERVED		1024

/* Socket options: level SOL_SOCKET is 0xffff (values as in uapi/linux/ws.h). */
#define SOL_SOCKET		0xffff

#define SO_DEBUG		0x0001
#define SO_ACCEPTCONN		0x0002
#define SO_REUSEADDR		0x0004
#define SO_KEEPALIVE		0x0008
#define SO_DONTROUTE		0x0010
#define SO_BROADCAST		0x0020
#define SO_USELOOPBACK		0x0040
#define SO_LINGER		0x0080
#define SO_OOBINLINE		0x0100
#define SO_DONTLINGER		((int)(~SO_LINGER))
#define SO_EXCLUSIVEADDRUSE	((int)(~SO_REUSEADDR))
#define SO_SNDBUF		0x1001
#define SO_RCVBUF		0x1002
#define SO_SNDLOWAT		0x1003
#define SO_RCVLOWAT		0x1004
#define SO_SNDTIMEO		0x1005
#define SO_RCVTIMEO		0x1006
#define SO_ERROR		0x1007
#define SO_TYPE			0x1008
#define SO_GROUP_ID		0x2001
#define SO_GROUP_PRIORITY	0x2002
#define SO_MAX_MSG_SIZE		0x2003
#define SO_PROTOCOL_INFOA	0x2004
#define SO_PROTOCOL_INFOW	0x2005
#ifdef UNICODE
#define SO_PROTOCOL_INFO	SO_PROTOCOL_INFOW
#else
#define SO_PROTOCOL_INFO	SO_PROTOCOL_INFOA
#endif
#define PVD_CONFIG		0x3001
#define SO_CONDITIONAL_ACCEPT	0x3002

#define TCP_NODELAY		0x0001

/* send/recv flags. */
#define MSG_OOB			0x1
#define MSG_PEEK		0x2
#define MSG_DONTROUTE		0x4
#define MSG_WAITALL		0x8
#define MSG_PARTIAL		0x8000
#define MSG_INTERRUPT		0x10
#define MSG_MAXIOVLEN		16

/* shutdown. */
#define SD_RECEIVE		0x00
#define SD_SEND			0x01
#define SD_BOTH			0x02

#define SOMAXCONN		0x7fffffff
#define SOMAXCONN_HINT(b)	(-(b))

#define MAXGETHOSTSTRUCT	1024

/* WSASocket flags and groups. */
#define WSA_FLAG_OVERLAPPED		0x01
#define WSA_FLAG_MULTIPOINT_C_ROOT	0x02
#define WSA_FLAG_MULTIPOINT_C_LEAF	0x04
#define WSA_FLAG_MULTIPOINT_D_ROOT	0x08
#define WSA_FLAG_MULTIPOINT_D_LEAF	0x10
#define WSA_FLAG_ACCESS_SYSTEM_SECURITY	0x40
#define WSA_FLAG_NO_HANDLE_INHERIT	0x80
#define SG_UNCONSTRAINED_GROUP		0x01
#define SG_CONSTRAINED_GROUP		0x02
#define FROM_PROTOCOL_INFO		(-1)

/* WSAJoinLeaf's dwFlags. */
#define JL_SENDER_ONLY			0x01
#define JL_RECEIVER_ONLY		0x02
#define JL_BOTH				0x04

/* Network events (WSAAsyncSelect, WSAEventSelect). */
#define FD_READ_BIT			0
#define FD_READ				(1 << FD_READ_BIT)
#define FD_WRITE_BIT			1
#define FD_WRITE			(1 << FD_WRITE_BIT)
#define FD_OOB_BIT			2
#define FD_OOB				(1 << FD_OOB_BIT)
#define FD_ACCEPT_BIT			3
#define FD_ACCEPT			(1 << FD_ACCEPT_BIT)
#define FD_CONNECT_BIT			4
#define FD_CONNECT			(1 << FD_CONNECT_BIT)
#define FD_CLOSE_BIT			5
#define FD_CLOSE			(1 << FD_CLOSE_BIT)
#define FD_QOS_BIT			6
#define FD_QOS				(1 << FD_QOS_BIT)
#define FD_GROUP_QOS_BIT		7
#define FD_GROUP_QOS			(1 << FD_GROUP_QOS_BIT)
#define FD_ROUTING_INTERFACE_CHANGE_BIT	8
#define FD_ROUTING_INTERFACE_CHANGE	(1 << FD_ROUTING_INTERFACE_CHANGE_BIT)
#define FD_ADDRESS_LIST_CHANGE_BIT	9
#define FD_ADDRESS_LIST_CHANGE		(1 << FD_ADDRESS_LIST_CHANGE_BIT)
#define FD_MAX_EVENTS			10
#define FD_ALL_EVENTS			((1 << FD_MAX_EVENTS) - 1)

/*
 * WSAEnumNetworkEvents's record. The specification names the array
 * iErrorCodes, the Windows SDK iErrorCode: both names work.
 */
typedef struct _WSANETWORKEVENTS {
	LONG	lNetworkEvents;
#ifdef __cplusplus
	union {
		int	iErrorCode[FD_MAX_EVENTS];
		int	iErrorCodes[FD_MAX_EVENTS];
	};
#else
	__extension__ union {
		int	iErrorCode[FD_MAX_EVENTS];
		int	iErrorCodes[FD_MAX_EVENTS];
	};
#endif
} WSANETWORKEVENTS, *PWSANETWORKEVENTS, FAR *LPWSANETWORKEVENTS;

/* WSAAsyncSelect messages: the event in the low word of lParam, the
 * error in the high word. */
#define WSAMAKEASYNCREPLY(buflen, error)	MAKELONG(buflen, error)
#define WSAMAKESELECTREPLY(event, error)	MAKELONG(event, error)
#define WSAGETASYNCBUFLEN(lParam)		LOWORD(lParam)
#define WSAGETASYNCERROR(lParam)		HIWORD(lParam)
#define WSAGETSELECTEVENT(lParam)		LOWORD(lParam)
#define WSAGETSELECTERROR(lParam)		HIWORD(lParam)

/*
 * Event objects: a WSAEVENT is a HANDLE, the event's file descriptor
 * (pollable: readable while signalled). Manual reset, in the ws module.
 */
typedef HANDLE		WSAEVENT, *LPWSAEVENT;
#define WSA_INVALID_EVENT		((WSAEVENT)NULL)
#define WSA_MAXIMUM_WAIT_EVENTS		(MAXIMUM_WAIT_OBJECTS)
#define WSA_WAIT_FAILED			(WAIT_FAILED)
#define WSA_WAIT_EVENT_0		(WAIT_OBJECT_0)
#define WSA_WAIT_IO_COMPLETION		(WAIT_IO_COMPLETION)
#define WSA_WAIT_TIMEOUT		(WAIT_TIMEOUT)
#define WSA_INFINITE			(INFINITE)

/* Name resolution errors under their Berkeley names, and h_errno. */
#define HOST_NOT_FOUND		WSAHOST_NOT_FOUND
#define TRY_AGAIN		WSATRY_AGAIN
#define NO_RECOVERY		WSANO_RECOVERY
#define NO_DATA			WSANO_DATA
#define NO_ADDRESS		WSANO_ADDRESS
#define h_errno			WSAGetLastError()

/* WSAStartup. */
#define WSADESCRIPTION_LEN	256
#define WSASYS_STATUS_LEN	128

typedef struct WSAData {
	WORD		wVersion;
	WORD		wHighVersion;
#ifdef __LP64__
	unsigned short	iMaxSockets;
	unsigned short	iMaxUdpDg;
	char FAR	*lpVendorInfo;
	char		szDescription[WSADESCRIPTION_LEN + 1];
	char		szSystemStatus[WSASYS_STATUS_LEN + 1];
#else
	char		szDescription[WSADESCRIPTION_LEN + 1];
	char		szSystemStatus[WSASYS_STATUS_LEN + 1];
	unsigned short	iMaxSockets;
	unsigned short	iMaxUdpDg;
	char FAR	*lpVendorInfo;
#endif
} WSADATA, FAR *LPWSADATA;

/* Protocol descriptions (WSASocket, WSAStringToAddress, ...). */
#define MAX_PROTOCOL_CHAIN	7
#define BASE_PROTOCOL		1
#define LAYERED_PROTOCOL	0
#define WSAPROTOCOL_LEN		255

typedef struct _WSAPROTOCOLCHAIN {
	int	ChainLen;
	DWORD	ChainEntries[MAX_PROTOCOL_CHAIN];
} WSAPROTOCOLCHAIN, FAR *LPWSAPROTOCOLCHAIN;

typedef struct _WSAPROTOCOL_INFOA {
	DWORD			dwServiceFlags1;
	DWORD			dwServiceFlags2;
	DWORD			dwServiceFlags3;
	DWORD			dwServiceFlags4;
	DWORD			dwProviderFlags;
	GUID			ProviderId;
	DWORD			dwCatalogEntryId;
	WSAPROTOCOLCHAIN	ProtocolChain;
	int			iVersion;
	int			iAddressFamily;
	int			iMaxSockAddr;
	int			iMinSockAddr;
	int			iSocketType;
	int			iProtocol;
	int			iProtocolMaxOffset;
	int			iNetworkByteOrder;
	int			iSecurityScheme;
	DWORD			dwMessageSize;
	DWORD			dwProviderReserved;
	CHAR			szProtocol[WSAPROTOCOL_LEN + 1];
} WSAPROTOCOL_INFOA, FAR *LPWSAPROTOCOL_INFOA;

typedef struct _WSAPROTOCOL_INFOW {
	DWORD			dwServiceFlags1;
	DWORD			dwServiceFlags2;
	DWORD			dwServiceFlags3;
	DWORD			dwServiceFlags4;
	DWORD			dwProviderFlags;
	GUID			ProviderId;
	DWORD			dwCatalogEntryId;
	WSAPROTOCOLCHAIN	ProtocolChain;
	int			iVersion;
	int			iAddressFamily;
	int			iMaxSockAddr;
	int			iMinSockAddr;
	int			iSocketType;
	int			iProtocol;
	int			iProtocolMaxOffset;
	int			iNetworkByteOrder;
	int			iSecurityScheme;
	DWORD			dwMessageSize;
	DWORD			dwProviderReserved;
	WCHAR			szProtocol[WSAPROTOCOL_LEN + 1];
} WSAPROTOCOL_INFOW, FAR *LPWSAPROTOCOL_INFOW;

#ifdef UNICODE
typedef WSAPROTOCOL_INFOW	WSAPROTOCOL_INFO;
typedef LPWSAPROTOCOL_INFOW	LPWSAPROTOCOL_INFO;
#else
typedef WSAPROTOCOL_INFOA	WSAPROTOCOL_INFO;
typedef LPWSAPROTOCOL_INFOA	LPWSAPROTOCOL_INFO;
#endif

/* WSAPROTOCOL_INFO's dwServiceFlags1. */
#define XP1_CONNECTIONLESS		0x00000001
#define XP1_GUARANTEED_DELIVERY		0x00000002
#define XP1_GUARANTEED_ORDER		0x00000004
#define XP1_MESSAGE_ORIENTED		0x00000008
#define XP1_PSEUDO_STREAM		0x00000010
#define XP1_GRACEFUL_CLOSE		0x00000020
#define XP1_EXPEDITED_DATA		0x00000040
#define XP1_CONNECT_DATA		0x00000080
#define XP1_DISCONNECT_DATA		0x00000100
#define XP1_SUPPORT_BROADCAST		0x00000200
#define XP1_SUPPORT_MULTIPOINT		0x00000400
#define XP1_MULTIPOINT_CONTROL_PLANE	0x00000800
#define XP1_MULTIPOINT_DATA_PLANE	0x00001000
#define XP1_QOS_SUPPORTED		0x00002000
#define XP1_INTERRUPT			0x00004000
#define XP1_UNI_SEND			0x00008000
#define XP1_UNI_RECV			0x00010000
#define XP1_IFS_HANDLES			0x00020000
#define XP1_PARTIAL_MESSAGE		0x00040000
#define XP1_SAN_SUPPORT_SDP		0x00080000

/* Its dwProviderFlags. */
#define PFL_MULTIPLE_PROTO_ENTRIES	0x00000001
#define PFL_RECOMMENDED_PROTO_ENTRY	0x00000002
#define PFL_HIDDEN			0x00000004
#define PFL_MATCHES_PROTOCOL_ZERO	0x00000008
#define PFL_NETWORKDIRECT_PROVIDER	0x00000010

/* Its iNetworkByteOrder and iSecurityScheme. */
#define BIGENDIAN			0x0000
#define LITTLEENDIAN			0x0001
#define SECURITY_PROTOCOL_NONE		0x0000

/*
 * The functions. Each renamed one is bound to its ws_ symbol; the WSA*
 * functions, closesocket and ioctlsocket have their own names.
 */
WINSOCK_API_LINKAGE int WSAAPI WSAStartup(WORD wVersionRequested,
					  LPWSADATA lpWSAData);
WINSOCK_API_LINKAGE int WSAAPI WSACleanup(void);
WINSOCK_API_LINKAGE int WSAAPI WSAGetLastError(void);
WINSOCK_API_LINKAGE void WSAAPI WSASetLastError(int iError);

WINSOCK_API_LINKAGE SOCKET WSAAPI socket(int af, int type, int protocol)
	__WS_SYMBOL(ws_socket);
WINSOCK_API_LINKAGE SOCKET WSAAPI WSASocketA(int af, int type, int protocol,
					     LPWSAPROTOCOL_INFOA lpProtocolInfo,
					     GROUP g, DWORD dwFlags);
WINSOCK_API_LINKAGE SOCKET WSAAPI WSASocketW(int af, int type, int protocol,
					     LPWSAPROTOCOL_INFOW lpProtocolInfo,
					     GROUP g, DWORD dwFlags);
#ifdef UNICODE
#define WSASocket	WSASocketW
#else
#define WSASocket	WSASocketA
#endif
WINSOCK_API_LINKAGE int WSAAPI WSADuplicateSocketA(
	SOCKET s, DWORD dwProcessId, LPWSAPROTOCOL_INFOA lpProtocolInfo);
WINSOCK_API_LINKAGE int WSAAPI WSADuplicateSocketW(
	SOCKET s, DWORD dwProcessId, LPWSAPROTOCOL_INFOW lpProtocolInfo);
#ifdef UNICODE
#define WSADuplicateSocket	WSADuplicateSocketW
#else
#define WSADuplicateSocket	WSADuplicateSocketA
#endif
WINSOCK_API_LINKAGE int WSAAPI closesocket(SOCKET s);
WINSOCK_API_LINKAGE int WSAAPI bind(SOCKET s, const struct sockaddr FAR *name,
				    int namelen)
	__WS_SYMBOL(ws_bind);
WINSOCK_API_LINKAGE int WSAAPI listen(SOCKET s, int backlog)
	__WS_SYMBOL(ws_listen);
WINSOCK_API_LINKAGE SOCKET WSAAPI accept(SOCKET s, struct sockaddr FAR *addr,
					 int FAR *addrlen)
	__WS_SYMBOL(ws_accept);
WINSOCK_API_LINKAGE int WSAAPI connect(SOCKET s,
				       const struct sockaddr FAR *name,
				       int namelen)
	__WS_SYMBOL(ws_connect);
WINSOCK_API_LINKAGE int WSAAPI send(SOCKET s, const char FAR *buf, int len,
				    int flags)
	__WS_SYMBOL(ws_send);
WINSOCK_API_LINKAGE int WSAAPI sendto(SOCKET s, const char FAR *buf, int len,
				      int flags,
				      const struct sockaddr FAR *to, int tolen)
	__WS_SYMBOL(ws_sendto);
WINSOCK_API_LINKAGE int WSAAPI recv(SOCKET s, char FAR *buf, int len,
				    int flags)
	__WS_SYMBOL(ws_recv);
WINSOCK_API_LINKAGE int WSAAPI recvfrom(SOCKET s, char FAR *buf, int len,
					int flags, struct sockaddr FAR *from,
					int FAR *fromlen)
	__WS_SYMBOL(ws_recvfrom);
WINSOCK_API_LINKAGE int WSAAPI shutdown(SOCKET s, int how)
	__WS_SYMBOL(ws_shutdown);

#if defined(__cplusplus)
extern "C++" int WSAAPI select(int nfds, fd_set FAR *readfds,
			      fd_set FAR *writefds, fd_set FAR *exceptfds,
			      const struct timeval FAR *timeout)
	__WS_SYMBOL(ws_select);
#elif defined(__WS_SELECT_ASM)
WINSOCK_API_LINKAGE int WSAAPI select(int nfds, fd_set FAR *readfds,
				      fd_set FAR *writefds,
				      fd_set FAR *exceptfds,
				      const struct timeval FAR *timeout)
	__WS_SYMBOL(ws_select);
#else
/* C, glibc's select declared before this header: see the top. */
#define select		ws_select
WINSOCK_API_LINKAGE int WSAAPI select(int nfds, fd_set FAR *readfds,
				      fd_set FAR *writefds,
				      fd_set FAR *exceptfds,
				      const struct timeval FAR *timeout);
#endif

WINSOCK_API_LINKAGE int WSAAPI ioctlsocket(SOCKET s, long cmd,
					   u_long FAR *argp);
WINSOCK_API_LINKAGE int WSAAPI getsockopt(SOCKET s, int level, int optname,
					  char FAR *optval, int FAR *optlen)
	__WS_SYMBOL(ws_getsockopt);
WINSOCK_API_LINKAGE int WSAAPI setsockopt(SOCKET s, int level, int optname,
					  const char FAR *optval, int optlen)
	__WS_SYMBOL(ws_setsockopt);
WINSOCK_API_LINKAGE int WSAAPI getsockname(SOCKET s,
					   struct sockaddr FAR *name,
					   int FAR *namelen)
	__WS_SYMBOL(ws_getsockname);
WINSOCK_API_LINKAGE int WSAAPI getpeername(SOCKET s,
					   struct sockaddr FAR *name,
					   int FAR *namelen)
	__WS_SYMBOL(ws_getpeername);

WINSOCK_API_LINKAGE u_long WSAAPI htonl(u_long hostlong)
	__WS_SYMBOL(ws_htonl);
WINSOCK_API_LINKAGE u_short WSAAPI htons(u_short hostshort)
	__WS_SYMBOL(ws_htons);
WINSOCK_API_LINKAGE u_long WSAAPI ntohl(u_long netlong)
	__WS_SYMBOL(ws_ntohl);
WINSOCK_API_LINKAGE u_short WSAAPI ntohs(u_short netshort)
	__WS_SYMBOL(ws_ntohs);
WINSOCK_API_LINKAGE int WSAAPI WSAHtonl(SOCKET s, u_long hostlong,
					u_long FAR *lpnetlong);
WINSOCK_API_LINKAGE int WSAAPI WSAHtons(SOCKET s, u_short hostshort,
					u_short FAR *lpnetshort);
WINSOCK_API_LINKAGE int WSAAPI WSANtohl(SOCKET s, u_long netlong,
					u_long FAR *lphostlong);
WINSOCK_API_LINKAGE int WSAAPI WSANtohs(SOCKET s, u_short netshort,
					u_short FAR *lphostshort);

WINSOCK_API_LINKAGE u_long WSAAPI inet_addr(const char FAR *cp)
	__WS_SYMBOL(ws_inet_addr);
WINSOCK_API_LINKAGE char FAR *WSAAPI inet_ntoa(struct in_addr in)
	__WS_SYMBOL(ws_inet_ntoa);

#if defined(__cplusplus)
extern "C++" int WSAAPI gethostname(char FAR *name, int namelen)
	__WS_SYMBOL(ws_gethostname);
#elif !defined(_UNISTD_H)
WINSOCK_API_LINKAGE int WSAAPI gethostname(char FAR *name, int namelen)
	__WS_SYMBOL(ws_gethostname);
#else
/* C, glibc's <unistd.h> included before this header: see the top. */
#define gethostname	ws_gethostname
WINSOCK_API_LINKAGE int WSAAPI gethostname(char FAR *name, int namelen);
#endif
WINSOCK_API_LINKAGE struct hostent FAR *WSAAPI gethostbyname(
	const char FAR *name)
	__WS_SYMBOL(ws_gethostbyname);
WINSOCK_API_LINKAGE struct hostent FAR *WSAAPI gethostbyaddr(
	const char FAR *addr, int len, int type)
	__WS_SYMBOL(ws_gethostbyaddr);
WINSOCK_API_LINKAGE struct servent FAR *WSAAPI getservbyname(
	const char FAR *name, const char FAR *proto)
	__WS_SYMBOL(ws_getservbyname);
WINSOCK_API_LINKAGE struct servent FAR *WSAAPI getservbyport(
	int port, const char FAR *proto)
	__WS_SYMBOL(ws_getservbyport);
WINSOCK_API_LINKAGE struct protoent FAR *WSAAPI getprotobyname(
	const char FAR *name)
	__WS_SYMBOL(ws_getprotobyname);
WINSOCK_API_LINKAGE struct protoent FAR *WSAAPI getprotobynumber(int number)
	__WS_SYMBOL(ws_getprotobynumber);

WINSOCK_API_LINKAGE INT WSAAPI WSAStringToAddressA(
	LPSTR AddressString, INT AddressFamily,
	LPWSAPROTOCOL_INFOA lpProtocolInfo, LPSOCKADDR lpAddress,
	LPINT lpAddressLength);
WINSOCK_API_LINKAGE INT WSAAPI WSAStringToAddressW(
	LPWSTR AddressString, INT AddressFamily,
	LPWSAPROTOCOL_INFOW lpProtocolInfo, LPSOCKADDR lpAddress,
	LPINT lpAddressLength);
WINSOCK_API_LINKAGE INT WSAAPI WSAAddressToStringA(
	LPSOCKADDR lpsaAddress, DWORD dwAddressLength,
	LPWSAPROTOCOL_INFOA lpProtocolInfo, LPSTR lpszAddressString,
	LPDWORD lpdwAddressStringLength);
WINSOCK_API_LINKAGE INT WSAAPI WSAAddressToStringW(
	LPSOCKADDR lpsaAddress, DWORD dwAddressLength,
	LPWSAPROTOCOL_INFOW lpProtocolInfo, LPWSTR lpszAddressString,
	LPDWORD lpdwAddressStringLength);
#ifdef UNICODE
#define WSAStringToAddress	WSAStringToAddressW
#define WSAAddressToString	WSAAddressToStringW
#else
#define WSAStringToAddress	WSAStringToAddressA
#define WSAAddressToString	WSAAddressToStringA
#endif

WINSOCK_API_LINKAGE WSAEVENT WSAAPI WSACreateEvent(void);
WINSOCK_API_LINKAGE BOOL WSAAPI WSASetEvent(WSAEVENT hEvent);
WINSOCK_API_LINKAGE BOOL WSAAPI WSAResetEvent(WSAEVENT hEvent);
WINSOCK_API_LINKAGE BOOL WSAAPI WSACloseEvent(WSAEVENT hEvent);
WINSOCK_API_LINKAGE DWORD WSAAPI WSAWaitForMultipleEvents(
	DWORD cEvents, const WSAEVENT FAR *lphEvents, BOOL fWaitAll,
	DWORD dwTimeout, BOOL fAlertable);
WINSOCK_API_LINKAGE int WSAAPI WSAEventSelect(SOCKET s, WSAEVENT hEventObject,
					      long lNetworkEvents);
WINSOCK_API_LINKAGE int WSAAPI WSAEnumNetworkEvents(
	SOCKET s, WSAEVENT hEventObject, LPWSANETWORKEVENTS lpNetworkEvents);
WINSOCK_API_LINKAGE int WSAAPI WSAAsyncSelect(SOCKET s, HWND hWnd,
					      u_int wMsg, long lEvent);

/*
 * Scatter/gather and overlapped I/O. A WSAOVERLAPPED is an OVERLAPPED
 * (windows.h); its completion is stored by the ws module. See
 * WSARecv(3ws) and WSAGetOverlappedResult(3ws).
 */
typedef struct _WSABUF {
	ULONG		len;
	CHAR FAR	*buf;
} WSABUF, FAR *LPWSABUF;

/* Quality of service (qos.h's FLOWSPEC): no provider of libws's has it. */
typedef struct _QualityOfService {
	FLOWSPEC	SendingFlowspec;
	FLOWSPEC	ReceivingFlowspec;
	WSABUF		ProviderSpecific;
} QOS, FAR *LPQOS;

#define WSAOVERLAPPED		OVERLAPPED
typedef struct _OVERLAPPED	*LPWSAOVERLAPPED;

typedef void (CALLBACK *LPWSAOVERLAPPED_COMPLETION_ROUTINE)(
	DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED lpOverlapped,
	DWORD dwFlags);

#ifndef MSG_PARTIAL
#define MSG_PARTIAL		0x8000
#endif
#ifndef MSG_INTERRUPT
#define MSG_INTERRUPT		0x10
#endif
#ifndef MSG_MAXIOVLEN
#define MSG_MAXIOVLEN		16
#endif

WINSOCK_API_LINKAGE int WSAAPI WSASend(
	SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
	LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
	LPWSAOVERLAPPED lpOverlapped,
	LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
WINSOCK_API_LINKAGE int WSAAPI WSASendTo(
	SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
	LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
	const struct sockaddr FAR *lpTo, int iTolen,
	LPWSAOVERLAPPED lpOverlapped,
	LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
WINSOCK_API_LINKAGE int WSAAPI WSARecv(
	SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
	LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
	LPWSAOVERLAPPED lpOverlapped,
	LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
WINSOCK_API_LINKAGE int WSAAPI WSARecvFrom(
	SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
	LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
	struct sockaddr FAR *lpFrom, LPINT lpFromlen,
	LPWSAOVERLAPPED lpOverlapped,
	LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
WINSOCK_API_LINKAGE BOOL WSAAPI WSAGetOverlappedResult(
	SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer,
	BOOL fWait, LPDWORD lpdwFlags);

/*
 * WSAPoll, with Windows' values, which are not Linux's. A file that
 * included <poll.h> first keeps Linux's struct pollfd and POLL* (for
 * poll(2) on an event object's descriptor, say); WSAPOLLFD is then a
 * struct of its own and WSAPoll takes Windows' values, which that file
 * has to spell out. <poll.h> after this header does not compile.
 */
#ifndef _SYS_POLL_H
#define POLLRDNORM		0x0100
#define POLLRDBAND		0x0200
#define POLLIN			(POLLRDNORM | POLLRDBAND)
#define POLLPRI			0x0400
#define POLLWRNORM		0x0010
#define POLLOUT			(POLLWRNORM)
#define POLLWRBAND		0x0020
#define POLLERR			0x0001
#define POLLHUP			0x0002
#define POLLNVAL		0x0004

typedef struct pollfd {
#else
typedef struct ws_wsapollfd {
#endif
	SOCKET	fd;
	SHORT	events;
	SHORT	revents;
} WSAPOLLFD, *PWSAPOLLFD, FAR *LPWSAPOLLFD;

WINSOCK_API_LINKAGE int WSAAPI WSAPoll(LPWSAPOLLFD fdArray, ULONG fds,
				       INT timeout);

/*
 * Socket and protocol controls, with or without an OVERLAPPED: see
 * WSAIoctl(3ws) for the codes libws carries out.
 */
WINSOCK_API_LINKAGE int WSAAPI WSAIoctl(
	SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer,
	LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned,
	LPWSAOVERLAPPED lpOverlapped,
	LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);

/*
 * The protocol catalog and multipoint sessions: see WSAEnumProtocolsA(3ws)
 * and WSAJoinLeaf(3ws).
 */
WINSOCK_API_LINKAGE int WSAAPI WSAEnumProtocolsA(
	LPINT lpiProtocols, LPWSAPROTOCOL_INFOA lpProtocolBuffer,
	LPDWORD lpdwBufferLength);
WINSOCK_API_LINKAGE int WSAAPI WSAEnumProtocolsW(
	LPINT lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer,
	LPDWORD lpdwBufferLength);
#ifdef UNICODE
#define WSAEnumProtocols	WSAEnumProtocolsW
#else
#define WSAEnumProtocols	WSAEnumProtocolsA
#endif
WINSOCK_API_LINKAGE SOCKET WSAAPI WSAJoinLeaf(
	SOCKET s, const struct sockaddr FAR *name, int namelen,
	LPWSABUF lpCallerData, LPWSABUF lpCalleeData, LPQOS lpSQOS,
	LPQOS lpGQOS, DWORD dwFlags);

/*
 * WSAAccept's condition function and its return values. See WSAAccept(3ws).
 */
typedef int (CALLBACK *LPCONDITIONPROC)(
	LPWSABUF lpCallerId, LPWSABUF lpCallerData, LPQOS lpSQOS,
	LPQOS lpGQOS, LPWSABUF lpCalleeId, LPWSABUF lpCalleeData,
	GROUP FAR *g, DWORD_PTR dwCallbackData);

#define CF_ACCEPT	0x0000
#define CF_REJECT	0x0001
#define CF_DEFER	0x0002

WINSOCK_API_LINKAGE SOCKET WSAAPI WSAAccept(SOCKET s,
	struct sockaddr FAR *addr, LPINT addrlen,
	LPCONDITIONPROC lpfnCondition, DWORD_PTR dwCallbackData);

/*
 * Connect data and disconnect data: no protocol of libws's carries them
 * (XP1_CONNECT_DATA, XP1_DISCONNECT_DATA), nor QOS. See WSAConnect(3ws),
 * WSASendDisconnect(3ws), WSARecvDisconnect(3ws).
 */
WINSOCK_API_LINKAGE int WSAAPI WSAConnect(SOCKET s,
	const struct sockaddr FAR *name, int namelen, LPWSABUF lpCallerData,
	LPWSABUF lpCalleeData, LPQOS lpSQOS, LPQOS lpGQOS);
WINSOCK_API_LINKAGE int WSAAPI WSASendDisconnect(SOCKET s,
	LPWSABUF lpOutboundDisconnectData);
WINSOCK_API_LINKAGE int WSAAPI WSARecvDisconnect(SOCKET s,
	LPWSABUF lpInboundDisconnectData);

#ifdef __cplusplus
}
#endif

/* The rest of Windows' ws2def.h (which winsock2.h includes on Windows). */
#include <ws2def.h>

/*
 * glibc's socket headers after this one are no-ops: Winsock declares
 * their API (see the top).
 */
#define _SYS_SOCKET_H	1
#define _NETINET_IN_H	1
#define _ARPA_INET_H	1
#define _NETDB_H	1

#endif /* _WINSOCK2API_ */

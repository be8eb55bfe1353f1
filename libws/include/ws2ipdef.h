/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ws2ipdef.h for libws: the IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP and
 * IPPROTO_UDP option names and structures of Windows' ws2ipdef.h, with
 * Windows' numbers (which differ from Linux's: these are what the ws module
 * takes). ws2tcpip.h includes it, as on Windows.
 *
 * Which options libws and the ws module implement, and how: the "Socket
 * options" section of uapi/linux/ws.h, and libws(7). The others are named
 * here so that Windows code compiles; setting or getting them fails with
 * WSAENOPROTOOPT, as on a Windows version that lacks them, or with
 * WSAEINVAL, as on Windows, for those of datagram sockets on a TCP socket
 * (IP_RECVRTHDR, IP_PKTINFO_EX, ...) and for reading IP_GET_IFLIST.
 *
 * INTERFACE_INFO's IFF_* flags are Windows' values. <net/if.h>, which has
 * Linux's (different) ones under the same names, still compiles after this
 * header (libws's include directory wraps it); in such a file the names
 * keep Windows' values.
 */
#ifndef _WS2IPDEF_
#define _WS2IPDEF_

#include <winsock2.h>

#ifdef __cplusplus
extern "C" {
#endif

/* level IPPROTO_IP */
#define IP_OPTIONS			1
#define IP_HDRINCL			2
#define IP_TOS				3
#define IP_TTL				4
#define IP_MULTICAST_IF			9
#define IP_MULTICAST_TTL		10
#define IP_MULTICAST_LOOP		11
#define IP_ADD_MEMBERSHIP		12
#define IP_DROP_MEMBERSHIP		13
#define IP_DONTFRAGMENT			14
#define IP_ADD_SOURCE_MEMBERSHIP	15
#define IP_DROP_SOURCE_MEMBERSHIP	16
#define IP_BLOCK_SOURCE			17
#define IP_UNBLOCK_SOURCE		18
#define IP_PKTINFO			19
#define IP_HOPLIMIT			21
#define IP_RECVTTL			21
#define IP_RECEIVE_BROADCAST		22
#define IP_RECVIF			24
#define IP_RECVDSTADDR			25
#define IP_IFLIST			28
#define IP_ADD_IFLIST			29
#define IP_DEL_IFLIST			30
#define IP_UNICAST_IF			31
#define IP_RTHDR			32
#define IP_GET_IFLIST			33
#define IP_RECVRTHDR			38
#define IP_TCLASS			39
#define IP_RECVTCLASS			40
#define IP_RECVTOS			40
#define IP_ORIGINAL_ARRIVAL_IF		47
#define IP_ECN				50
#define IP_PKTINFO_EX			51
#define IP_WFP_REDIRECT_RECORDS		60
#define IP_WFP_REDIRECT_CONTEXT		70
#define IP_MTU_DISCOVER			71
#define IP_MTU				73
#define IP_NRT_INTERFACE		74
#define IP_RECVERR			75
#define IP_USER_MTU			76

#define IP_UNSPECIFIED_TYPE_OF_SERVICE	(-1)
#define IP_DEFAULT_MULTICAST_TTL	1
#define IP_DEFAULT_MULTICAST_LOOP	1
#define IP_MAX_MEMBERSHIPS		20

/* IP_MTU_DISCOVER, IPV6_MTU_DISCOVER */
typedef enum _PMTUD_STATE {
	IP_PMTUDISC_NOT_SET,
	IP_PMTUDISC_DO,
	IP_PMTUDISC_DONT,
	IP_PMTUDISC_PROBE,
	IP_PMTUDISC_MAX
} PMTUD_STATE, *PPMTUD_STATE;

/* level IPPROTO_IPV6 */
#define IPV6_HOPOPTS			1
#define IPV6_HDRINCL			2
#define IPV6_UNICAST_HOPS		4
#define IPV6_MULTICAST_IF		9
#define IPV6_MULTICAST_HOPS		10
#define IPV6_MULTICAST_LOOP		11
#define IPV6_ADD_MEMBERSHIP		12
#define IPV6_JOIN_GROUP			IPV6_ADD_MEMBERSHIP
#define IPV6_DROP_MEMBERSHIP		13
#define IPV6_LEAVE_GROUP		IPV6_DROP_MEMBERSHIP
#define IPV6_DONTFRAG			14
#define IPV6_PKTINFO			19
#define IPV6_HOPLIMIT			21
#define IPV6_PROTECTION_LEVEL		23
#define IPV6_RECVIF			24
#define IPV6_RECVDSTADDR		25
#define IPV6_CHECKSUM			26
#define IPV6_V6ONLY			27
#define IPV6_IFLIST			28
#define IPV6_ADD_IFLIST			29
#define IPV6_DEL_IFLIST			30
#define IPV6_UNICAST_IF			31
#define IPV6_RTHDR			32
#define IPV6_GET_IFLIST			33
#define IPV6_RECVRTHDR			38
#define IPV6_TCLASS			39
#define IPV6_RECVTCLASS			40
#define IPV6_ECN			50
#define IPV6_PKTINFO_EX			51
#define IPV6_WFP_REDIRECT_RECORDS	60
#define IPV6_WFP_REDIRECT_CONTEXT	70
#define IPV6_MTU_DISCOVER		71
#define IPV6_MTU			72
#define IPV6_NRT_INTERFACE		74
#define IPV6_RECVERR			75
#define IPV6_USER_MTU			76

#define PROTECTION_LEVEL_UNRESTRICTED	10
#define PROTECTION_LEVEL_EDGERESTRICTED	20
#define PROTECTION_LEVEL_RESTRICTED	30
#define PROTECTION_LEVEL_DEFAULT	((UINT)-1)

/* Protocol-independent multicast (at IPPROTO_IP and IPPROTO_IPV6). */
#define MCAST_JOIN_GROUP		41
#define MCAST_LEAVE_GROUP		42
#define MCAST_BLOCK_SOURCE		43
#define MCAST_UNBLOCK_SOURCE		44
#define MCAST_JOIN_SOURCE_GROUP		45
#define MCAST_LEAVE_SOURCE_GROUP	46

/* level IPPROTO_UDP */
#define UDP_NOCHECKSUM			1
#define UDP_SEND_MSG_SIZE		2
#define UDP_RECV_MAX_COALESCED_SIZE	3
#define UDP_CHECKSUM_COVERAGE		20

/* level IPPROTO_TCP (TCP_NODELAY is winsock2.h's) */
#define TCP_EXPEDITED_1122		0x0002
#define TCP_KEEPALIVE			3
#define TCP_MAXSEG			4
#define TCP_MAXRT			5
#define TCP_STDURG			6
#define TCP_NOURG			7
#define TCP_ATMARK			8
#define TCP_NOSYNRETRIES		9
#define TCP_TIMESTAMPS			10
#define TCP_OFFLOAD_PREFERENCE		11
#define TCP_CONGESTION_ALGORITHM	12
#define TCP_DELAY_FIN_ACK		13
#define TCP_MAXRTMS			14
#define TCP_FASTOPEN			15
#define TCP_KEEPCNT			16
#define TCP_KEEPIDLE			TCP_KEEPALIVE
#define TCP_KEEPINTVL			17
#define TCP_FAIL_CONNECT_ON_ICMP_ERROR	18
#define TCP_ICMP_ERROR_INFO		19

/* IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP */
typedef struct ip_mreq {
	IN_ADDR		imr_multiaddr;
	IN_ADDR		imr_interface;	/* an address, or 0.0.0.index */
} IP_MREQ, *PIP_MREQ;

/* IP_ADD_SOURCE_MEMBERSHIP & co. (another member order than Linux's) */
typedef struct ip_mreq_source {
	IN_ADDR		imr_multiaddr;
	IN_ADDR		imr_sourceaddr;
	IN_ADDR		imr_interface;
} IP_MREQ_SOURCE, *PIP_MREQ_SOURCE;

/* IPV6_ADD_MEMBERSHIP, IPV6_DROP_MEMBERSHIP */
typedef struct ipv6_mreq {
	IN6_ADDR	ipv6mr_multiaddr;
	ULONG		ipv6mr_interface;	/* interface index */
} IPV6_MREQ, *PIPV6_MREQ;

/* The MCAST_* options. */
typedef struct group_req {
	ULONG			gr_interface;
	SOCKADDR_STORAGE	gr_group;
} GROUP_REQ, *PGROUP_REQ;

typedef struct group_source_req {
	ULONG			gsr_interface;
	SOCKADDR_STORAGE	gsr_group;
	SOCKADDR_STORAGE	gsr_source;
} GROUP_SOURCE_REQ, *PGROUP_SOURCE_REQ;

/* The IP_PKTINFO and IPV6_PKTINFO control messages. */
typedef struct in_pktinfo {
	IN_ADDR		ipi_addr;
	ULONG		ipi_ifindex;
} IN_PKTINFO, *PIN_PKTINFO;

typedef struct in6_pktinfo {
	IN6_ADDR	ipi6_addr;
	ULONG		ipi6_ifindex;
} IN6_PKTINFO, *PIN6_PKTINFO;

/* WSAIoctl(SIO_GET_INTERFACE_LIST): IPv4 interfaces. */
#define SIO_GET_INTERFACE_LIST		0x4004747f	/* _IOR('t', 127, ULONG) */
#define SIO_GET_INTERFACE_LIST_EX	0x4004747e	/* _IOR('t', 126, ULONG) */
#define SIO_SET_MULTICAST_FILTER	0x8004747d	/* _IOW('t', 125, ULONG) */
#define SIO_GET_MULTICAST_FILTER	0x800474fc	/* _IOW('t', 124 | IOC_IN, ULONG) */
#define SIO_IDEAL_SEND_BACKLOG_QUERY	0x4004747b	/* _IOR('t', 123, ULONG) */
#define SIO_IDEAL_SEND_BACKLOG_CHANGE	0x2000747a	/* _IO('t', 122) */
#define IDEAL_SEND_BACKLOG_IOCTLS

struct sockaddr_in6_old {
	SHORT		sin6_family;
	USHORT		sin6_port;
	ULONG		sin6_flowinfo;
	IN6_ADDR	sin6_addr;
};

typedef union sockaddr_gen {
	struct sockaddr		Address;
	struct sockaddr_in	AddressIn;
	struct sockaddr_in6_old	AddressIn6;
} sockaddr_gen;

typedef struct _INTERFACE_INFO {
	ULONG		iiFlags;
	sockaddr_gen	iiAddress;
	sockaddr_gen	iiBroadcastAddress;
	sockaddr_gen	iiNetmask;
} INTERFACE_INFO, FAR *LPINTERFACE_INFO;

#undef IFF_UP
#undef IFF_BROADCAST
#undef IFF_LOOPBACK
#undef IFF_POINTTOPOINT
#undef IFF_MULTICAST
#define IFF_UP			0x00000001
#define IFF_BROADCAST		0x00000002
#define IFF_LOOPBACK		0x00000004
#define IFF_POINTTOPOINT	0x00000008
#define IFF_MULTICAST		0x00000010

#ifdef __cplusplus
}
#endif

#endif /* _WS2IPDEF_ */

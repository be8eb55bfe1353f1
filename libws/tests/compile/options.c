// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Compile test: the option, ioctl and structure names of Windows'
 * ws2def.h, ws2ipdef.h and mstcpip.h, included under the spellings Windows
 * code uses, with the layouts and values of 64-bit Windows; <net/if.h>
 * after them keeps Windows' IFF_* values. Built as C and C++.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <Ws2def.h>
#include <Ws2ipdef.h>
#include <MSTcpIP.h>
#include <Mstcpip.h>
#include <mstcpip.h>
#include <net/if.h>

#define CHECK(name, cond) typedef char check_##name[(cond) ? 1 : -1]

/* Values of the Windows SDK headers. */
CHECK(sio_get_extension, SIO_GET_EXTENSION_FUNCTION_POINTER == 0xc8000006);
CHECK(sio_address_list_query, SIO_ADDRESS_LIST_QUERY == 0x48000016);
CHECK(sio_routing_interface_query, SIO_ROUTING_INTERFACE_QUERY == 0xc8000014);
CHECK(sio_base_handle, SIO_BASE_HANDLE == 0x48000022);
CHECK(sio_keepalive_vals, SIO_KEEPALIVE_VALS == 0x98000004);
CHECK(sio_udp_connreset, SIO_UDP_CONNRESET == 0x9800000c);
CHECK(sio_get_interface_list, SIO_GET_INTERFACE_LIST == 0x4004747f);
CHECK(fioasync, (unsigned long)FIOASYNC == 0x8004667dul);
CHECK(ip_pktinfo, IP_PKTINFO == 19 && IPV6_PKTINFO == 19);
CHECK(ipv6_v6only, IPV6_V6ONLY == 27);
CHECK(tcp_keepcnt, TCP_KEEPCNT == 16 && TCP_KEEPIDLE == TCP_KEEPALIVE);
CHECK(so_bsp_state, SO_BSP_STATE == 0x1009);
CHECK(iff_loopback, IFF_LOOPBACK == 4 && IFF_MULTICAST == 0x10);

/* Layouts. */
CHECK(interface_info, sizeof(INTERFACE_INFO) == 76);
CHECK(ip_mreq_source_order, offsetof(IP_MREQ_SOURCE, imr_sourceaddr) == 4);
CHECK(ipv6_mreq, sizeof(IPV6_MREQ) == 20);
CHECK(tcp_keepalive, sizeof(struct tcp_keepalive) == 12);
CHECK(csaddr_info, sizeof(CSADDR_INFO) == 2 * sizeof(SOCKET_ADDRESS) + 8);
CHECK(socket_address_list,
      offsetof(SOCKET_ADDRESS_LIST, Address) == sizeof(void *));
CHECK(group_req, offsetof(GROUP_REQ, gr_group) == 8);

int use_options(SOCKET s);

int use_options(SOCKET s)
{
	struct tcp_keepalive ka = { 1, 60000, 1000 };
	IP_MREQ mreq;
	IN_PKTINFO pi;
	INTERFACE_INFO ii[4];
	DWORD bytes = 0;
	int ttl = 64, r;

	memset(&mreq, 0, sizeof(mreq));
	memset(&pi, 0, sizeof(pi));
	memset(ii, 0, sizeof(ii));
	r = setsockopt(s, IPPROTO_IP, IP_TTL, (const char *)&ttl, sizeof(ttl));
	r |= setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, (const char *)&mreq,
			sizeof(mreq));
	r |= (int)(ii[0].iiFlags & IFF_UP) + (int)pi.ipi_ifindex;
	r |= WSAIoctl(s, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0, &bytes,
		      NULL, NULL);
	r |= WSAIoctl(s, SIO_GET_INTERFACE_LIST, NULL, 0, ii, sizeof(ii),
		      &bytes, NULL, NULL);
	return r;
}

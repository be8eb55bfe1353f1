/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Winsock layouts of the database structures, under other names, for the
 * Linux side (resolve.c) that fills them and cannot see winsock2.h.
 * netdb.c asserts that each mirror matches its winsock2.h/ws2tcpip.h
 * original member by member, and that the constants below are Windows'.
 */
#ifndef LIBWS_LAYOUT_H
#define LIBWS_LAYOUT_H

#include <stddef.h>

struct wsl_hostent {
	char	*h_name;
	char	**h_aliases;
	short	h_addrtype;
	short	h_length;
	char	**h_addr_list;
};

struct wsl_servent {
	char	*s_name;
	char	**s_aliases;
#ifdef __LP64__
	char	*s_proto;
	short	s_port;
#else
	short	s_port;
	char	*s_proto;
#endif
};

struct wsl_protoent {
	char	*p_name;
	char	**p_aliases;
	short	p_proto;
};

struct wsl_addrinfo {
	int			ai_flags;
	int			ai_family;
	int			ai_socktype;
	int			ai_protocol;
	size_t			ai_addrlen;
	char			*ai_canonname;
	void			*ai_addr;
	struct wsl_addrinfo	*ai_next;
};

/*
 * WSAIoctl's interface lists (ws2def.h, ws2ipdef.h), for netif.c; ioctl.c
 * asserts they match SOCKET_ADDRESS_LIST and INTERFACE_INFO.
 */
struct wsl_socket_address {
	void	*lpSockaddr;
	int	iSockaddrLength;
};

struct wsl_socket_address_list {
	int				iAddressCount;
	struct wsl_socket_address	Address[1];
};

#define WSL_SOCKADDR_GEN_LEN		24
struct wsl_interface_info {
	unsigned int	iiFlags;
	unsigned char	iiAddress[WSL_SOCKADDR_GEN_LEN];
	unsigned char	iiBroadcastAddress[WSL_SOCKADDR_GEN_LEN];
	unsigned char	iiNetmask[WSL_SOCKADDR_GEN_LEN];
};

#define WSL_IFF_UP			0x01
#define WSL_IFF_BROADCAST		0x02
#define WSL_IFF_LOOPBACK		0x04
#define WSL_IFF_POINTTOPOINT		0x08
#define WSL_IFF_MULTICAST		0x10

/* Windows values (ws2tcpip.h). */
#define WSL_AF_UNSPEC			0
#define WSL_AF_INET			2
#define WSL_AF_INET6			23
#define WSL_SOCKADDR_IN_LEN		16
#define WSL_SOCKADDR_IN6_LEN		28

#define WSL_AI_PASSIVE			0x00000001
#define WSL_AI_CANONNAME		0x00000002
#define WSL_AI_NUMERICHOST		0x00000004
#define WSL_AI_NUMERICSERV		0x00000008
#define WSL_AI_DNS_ONLY			0x00000010
#define WSL_AI_ALL			0x00000100
#define WSL_AI_ADDRCONFIG		0x00000400
#define WSL_AI_V4MAPPED			0x00000800
#define WSL_AI_NON_AUTHORITATIVE	0x00004000
#define WSL_AI_SECURE			0x00008000
#define WSL_AI_RETURN_PREFERRED_NAMES	0x00010000
#define WSL_AI_FQDN			0x00020000
#define WSL_AI_FILESERVER		0x00040000
#define WSL_AI_DISABLE_IDN_ENCODING	0x00080000

#define WSL_NI_NOFQDN			0x01
#define WSL_NI_NUMERICHOST		0x02
#define WSL_NI_NAMEREQD			0x04
#define WSL_NI_NUMERICSERV		0x08
#define WSL_NI_DGRAM			0x10

#endif /* LIBWS_LAYOUT_H */

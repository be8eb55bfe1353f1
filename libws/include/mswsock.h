/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mswsock.h for libws: the Microsoft-specific socket options and flags.
 * Only constants are provided; the Microsoft extension functions (AcceptEx,
 * TransmitFile, WSARecvEx, ...) are not part of libws, and setting one of
 * these options fails with WSAENOPROTOOPT until the ws module supports it.
 */
#ifndef _MSWSOCK_
#define _MSWSOCK_

#include <winsock2.h>

#define SO_CONNDATA			0x7000
#define SO_CONNOPT			0x7001
#define SO_DISCDATA			0x7002
#define SO_DISCOPT			0x7003
#define SO_CONNDATALEN			0x7004
#define SO_CONNOPTLEN			0x7005
#define SO_DISCDATALEN			0x7006
#define SO_DISCOPTLEN			0x7007
#define SO_OPENTYPE			0x7008
#define SO_SYNCHRONOUS_ALERT		0x10
#define SO_SYNCHRONOUS_NONALERT		0x20
#define SO_MAXDG			0x7009
#define SO_MAXPATHDG			0x700A
#define SO_UPDATE_ACCEPT_CONTEXT	0x700B
#define SO_CONNECT_TIME			0x700C
#define SO_UPDATE_CONNECT_CONTEXT	0x7010
#define TCP_BSDURGENT			0x7000

#endif /* _MSWSOCK_ */

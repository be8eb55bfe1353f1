/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ws2def.h for libws: the Windows Sockets definitions of Windows' ws2def.h
 * that winsock2.h does not already give (on Windows, winsock2.h includes
 * ws2def.h; here winsock2.h includes this header, and this header
 * includes winsock2.h, so either order works).
 *
 * SO_BSP_STATE's CSADDR_INFO and SIO_ADDRESS_LIST_QUERY's
 * SOCKET_ADDRESS_LIST have 64-bit Windows' layouts: a pointer, then an
 * INT, padded to 16 bytes.
 */
#ifndef _WS2DEF_
#define _WS2DEF_

#include <winsock2.h>

#ifdef __cplusplus
extern "C" {
#endif

/* SOL_SOCKET options Windows added after the specification. */
#define SO_BSP_STATE		0x1009
#define SO_PAUSE_ACCEPT		0x3003
#define SO_COMPARTMENT_ID	0x3004
#define SO_RANDOMIZE_PORT	0x3005
#define SO_PORT_SCALABILITY	0x3006
#define SO_REUSE_UNICASTPORT	0x3007
#define SO_REUSE_MULTICASTPORT	0x3008

/* An address and its length, as the address lists give them. */
typedef struct _SOCKET_ADDRESS {
	LPSOCKADDR	lpSockaddr;
	INT		iSockaddrLength;
} SOCKET_ADDRESS, *PSOCKET_ADDRESS, FAR *LPSOCKET_ADDRESS;

/* WSAIoctl(SIO_ADDRESS_LIST_QUERY)'s output; the addresses follow it. */
typedef struct _SOCKET_ADDRESS_LIST {
	INT		iAddressCount;
	SOCKET_ADDRESS	Address[1];
} SOCKET_ADDRESS_LIST, *PSOCKET_ADDRESS_LIST, FAR *LPSOCKET_ADDRESS_LIST;

#define SIZEOF_SOCKET_ADDRESS_LIST(AddressCount) \
	(offsetof(SOCKET_ADDRESS_LIST, Address) + \
	 (AddressCount) * sizeof(SOCKET_ADDRESS))

/* getsockopt(SO_BSP_STATE)'s output; the addresses follow it. */
typedef struct _CSADDR_INFO {
	SOCKET_ADDRESS	LocalAddr;
	SOCKET_ADDRESS	RemoteAddr;
	INT		iSocketType;
	INT		iProtocol;
} CSADDR_INFO, *PCSADDR_INFO, FAR *LPCSADDR_INFO;

/* WSARecvMsg's and WSASendMsg's message (mswsock.h's LPFN_WSARECVMSG). */
typedef struct _WSAMSG {
	LPSOCKADDR	name;
	INT		namelen;
	LPWSABUF	lpBuffers;
	ULONG		dwBufferCount;
	WSABUF		Control;
	ULONG		dwFlags;
} WSAMSG, *PWSAMSG, FAR *LPWSAMSG;

/* Flags WSARecvMsg returns in WSAMSG.dwFlags. */
#ifndef MSG_TRUNC
#define MSG_TRUNC		0x0100
#endif
#ifndef MSG_CTRUNC
#define MSG_CTRUNC		0x0200
#endif
#define MSG_BCAST		0x0400
#define MSG_MCAST		0x0800

/* A control message header; its data follows, aligned. */
typedef struct _WSACMSGHDR {
	SIZE_T		cmsg_len;
	INT		cmsg_level;
	INT		cmsg_type;
} WSACMSGHDR, *PWSACMSGHDR, FAR *LPWSACMSGHDR;

#define WSA_CMSGHDR_ALIGN(length) \
	(((length) + sizeof(SIZE_T) - 1) & ~(sizeof(SIZE_T) - 1))
#define WSA_CMSGDATA_ALIGN(length) \
	(((length) + sizeof(SIZE_T) - 1) & ~(sizeof(SIZE_T) - 1))
#define WSA_CMSG_FIRSTHDR(msg) \
	(((msg)->Control.len >= sizeof(WSACMSGHDR)) ? \
	 (LPWSACMSGHDR)(msg)->Control.buf : (LPWSACMSGHDR)NULL)
#define WSA_CMSG_NXTHDR(msg, cmsg) \
	(!(cmsg) ? WSA_CMSG_FIRSTHDR(msg) : \
	 (((PUCHAR)(cmsg) + WSA_CMSGHDR_ALIGN((cmsg)->cmsg_len) + \
	   sizeof(WSACMSGHDR) > (PUCHAR)((msg)->Control.buf) + \
	   (msg)->Control.len) ? (LPWSACMSGHDR)NULL : \
	  (LPWSACMSGHDR)((PUCHAR)(cmsg) + WSA_CMSGHDR_ALIGN((cmsg)->cmsg_len))))
#define WSA_CMSG_DATA(cmsg) \
	((PUCHAR)(cmsg) + WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)))
#define WSA_CMSG_SPACE(length) \
	(WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR) + WSA_CMSGHDR_ALIGN(length)))
#define WSA_CMSG_LEN(length) \
	(WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)) + (length))

#ifdef __cplusplus
}
#endif

#endif /* _WS2DEF_ */

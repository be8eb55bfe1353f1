/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mswsock.h for libws: the Microsoft extensions to Windows Sockets.
 *
 * The extension functions are obtained as Windows code obtains them, from
 * WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) with their GUIDs; those
 * mswsock.dll also exports by name (AcceptEx, GetAcceptExSockaddrs,
 * TransmitFile, WSARecvEx) are declared here as functions too. ConnectEx,
 * DisconnectEx and WSARecvMsg have only their pointer types here, as in
 * Windows' header (programs often name their pointer variables after them).
 * See AcceptEx(3ws).
 */
#ifndef _MSWSOCK_
#define _MSWSOCK_

#include <winsock2.h>
#include <ws2def.h>

#ifdef __cplusplus
extern "C" {
#endif

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

/* TransmitFile and DisconnectEx flags. */
#define TF_DISCONNECT			0x01
#define TF_REUSE_SOCKET			0x02
#define TF_WRITE_BEHIND			0x04
#define TF_USE_DEFAULT_WORKER		0x00
#define TF_USE_SYSTEM_THREAD		0x10
#define TF_USE_KERNEL_APC		0x20

typedef struct _TRANSMIT_FILE_BUFFERS {
	LPVOID	Head;
	DWORD	HeadLength;
	LPVOID	Tail;
	DWORD	TailLength;
} TRANSMIT_FILE_BUFFERS, *PTRANSMIT_FILE_BUFFERS, FAR *LPTRANSMIT_FILE_BUFFERS;

typedef BOOL (PASCAL FAR *LPFN_ACCEPTEX)(
	SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer,
	DWORD dwReceiveDataLength, DWORD dwLocalAddressLength,
	DWORD dwRemoteAddressLength, LPDWORD lpdwBytesReceived,
	LPOVERLAPPED lpOverlapped);
typedef VOID (PASCAL FAR *LPFN_GETACCEPTEXSOCKADDRS)(
	PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
	DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength,
	struct sockaddr **LocalSockaddr, LPINT LocalSockaddrLength,
	struct sockaddr **RemoteSockaddr, LPINT RemoteSockaddrLength);
typedef BOOL (PASCAL FAR *LPFN_CONNECTEX)(
	SOCKET s, const struct sockaddr FAR *name, int namelen,
	PVOID lpSendBuffer, DWORD dwSendDataLength, LPDWORD lpdwBytesSent,
	LPOVERLAPPED lpOverlapped);
typedef BOOL (PASCAL FAR *LPFN_DISCONNECTEX)(
	SOCKET s, LPOVERLAPPED lpOverlapped, DWORD dwFlags, DWORD dwReserved);
typedef INT (PASCAL FAR *LPFN_WSARECVMSG)(
	SOCKET s, LPWSAMSG lpMsg, LPDWORD lpdwNumberOfBytesRecvd,
	LPWSAOVERLAPPED lpOverlapped,
	LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
typedef INT (PASCAL FAR *LPFN_WSASENDMSG)(
	SOCKET s, LPWSAMSG lpMsg, DWORD dwFlags, LPDWORD lpNumberOfBytesSent,
	LPWSAOVERLAPPED lpOverlapped,
	LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
typedef BOOL (PASCAL FAR *LPFN_TRANSMITFILE)(
	SOCKET hSocket, HANDLE hFile, DWORD nNumberOfBytesToWrite,
	DWORD nNumberOfBytesPerSend, LPOVERLAPPED lpOverlapped,
	LPTRANSMIT_FILE_BUFFERS lpTransmitBuffers, DWORD dwReserved);

#define WSAID_ACCEPTEX \
	{ 0xb5367df1, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }
#define WSAID_GETACCEPTEXSOCKADDRS \
	{ 0xb5367df2, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }
#define WSAID_TRANSMITFILE \
	{ 0xb5367df0, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }
#define WSAID_CONNECTEX \
	{ 0x25a207b9, 0xddf3, 0x4660, { 0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e } }
#define WSAID_DISCONNECTEX \
	{ 0x7fda2e11, 0x8630, 0x436f, { 0xa0, 0x31, 0xf5, 0x36, 0xa6, 0xee, 0xc1, 0x57 } }
#define WSAID_TRANSMITPACKETS \
	{ 0xd9689da0, 0x1f90, 0x11d3, { 0x99, 0x71, 0x00, 0xc0, 0x4f, 0x68, 0xc8, 0x76 } }
#define WSAID_WSARECVMSG \
	{ 0xf689d7c8, 0x6f1f, 0x436b, { 0x8a, 0x53, 0xe5, 0x4f, 0xe3, 0x51, 0xc3, 0x22 } }
#define WSAID_WSASENDMSG \
	{ 0xa441e712, 0x754f, 0x43ca, { 0x84, 0xa7, 0x0d, 0xee, 0x44, 0xcf, 0x60, 0x6d } }
#define WSAID_WSAPOLL \
	{ 0x18c76f85, 0xdc66, 0x4964, { 0x97, 0x2e, 0x23, 0xc2, 0x72, 0x38, 0x31, 0x2b } }

/* Flags of WSARecvEx: MSG_PARTIAL comes back for part of a message. */
WINSOCK_API_LINKAGE int PASCAL FAR WSARecvEx(SOCKET s, char FAR *buf, int len,
					     int FAR *flags);

WINSOCK_API_LINKAGE BOOL PASCAL FAR AcceptEx(
	SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer,
	DWORD dwReceiveDataLength, DWORD dwLocalAddressLength,
	DWORD dwRemoteAddressLength, LPDWORD lpdwBytesReceived,
	LPOVERLAPPED lpOverlapped);
WINSOCK_API_LINKAGE VOID PASCAL FAR GetAcceptExSockaddrs(
	PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
	DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength,
	struct sockaddr **LocalSockaddr, LPINT LocalSockaddrLength,
	struct sockaddr **RemoteSockaddr, LPINT RemoteSockaddrLength);
WINSOCK_API_LINKAGE BOOL PASCAL FAR TransmitFile(
	SOCKET hSocket, HANDLE hFile, DWORD nNumberOfBytesToWrite,
	DWORD nNumberOfBytesPerSend, LPOVERLAPPED lpOverlapped,
	LPTRANSMIT_FILE_BUFFERS lpTransmitBuffers, DWORD dwReserved);

#ifdef __cplusplus
}
#endif

#endif /* _MSWSOCK_ */

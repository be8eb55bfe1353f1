// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * WSAJoinLeaf: a multipoint leaf joins its session.
 *
 * The multipoint sockets libws makes are UDP's c_leaf/d_leaf sockets
 * (WSASocket with WSA_FLAG_MULTIPOINT_C_LEAF | WSA_FLAG_MULTIPOINT_D_LEAF),
 * IP multicast's non-rooted control and data planes: their session is a
 * multicast group, and the module joins it (uapi/linux/ws.h, "WSAJoinLeaf":
 * registered by an ioctl, carried out by the connect(2) that follows, so
 * that the security modules check the join as a connect to the group; see
 * wsys_join_leaf()). This file checks the arguments the module does not
 * see: the connect data, which IP multicast does not carry, and the QOS,
 * which no protocol of libws's supports.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <winsock2.h>

#include "internal.h"

static SOCKET join_fail(int err)
{
	ws_fail(err == -EBADF ? -WSAENOTSOCK : err);
	return INVALID_SOCKET;
}

/*
 * The WSAJoinLeaf page: "the same parameters and semantics as WSAConnect
 * except that it returns a socket descriptor"; a c_leaf's is "the same as
 * the input socket descriptor". Errors: WSAEFAULT for name or namelen
 * (shorter than the socket's family's sockaddr) and for unreadable connect
 * data; WSAEPROTONOSUPPORT for connect data ("the lpCallerData augment is
 * not supported by the service provider"); WSAEOPNOTSUPP for a QOS ("the
 * flow specifications ... cannot be satisfied"); the module's for the rest.
 * lpCalleeData->len is set to 0: no data comes back.
 */
LIBWS_EXPORT SOCKET WSAAPI WSAJoinLeaf(SOCKET s, const struct sockaddr FAR *name,
				       int namelen, LPWSABUF lpCallerData,
				       LPWSABUF lpCalleeData, LPQOS lpSQOS,
				       LPQOS lpGQOS, DWORD dwFlags)
{
	SOCKADDR_STORAGE addr;
	unsigned int ent;
	WSABUF caller, callee;
	int fd = ws_sock_fd((uintptr_t)s, &ent), size, r;
	ULONG none = 0;

	if (fd < 0)
		return join_fail(fd);
	size = ent & WS_ENT_INET6 ? (int)sizeof(SOCKADDR_IN6) :
				    (int)sizeof(SOCKADDR_IN);
	if (!name || namelen < size)
		return join_fail(-WSAEFAULT);
	memset(&addr, 0, sizeof(addr));
	if (wsys_copy_in(&addr, name, (size_t)size) < 0)
		return join_fail(-WSAEFAULT);
	if (lpCallerData) {
		if (wsys_copy_in(&caller, lpCallerData, sizeof(caller)) < 0)
			return join_fail(-WSAEFAULT);
		if (caller.len)
			return join_fail(-WSAEPROTONOSUPPORT);
	}
	/* Written after the join: make sure it can be, before. */
	if (lpCalleeData &&
	    (wsys_copy_in(&callee, lpCalleeData, sizeof(callee)) < 0 ||
	     wsys_copy_out(&lpCalleeData->len, &callee.len,
			   sizeof(callee.len)) < 0))
		return join_fail(-WSAEFAULT);
	if (lpSQOS || lpGQOS)
		return join_fail(-WSAEOPNOTSUPP);

	r = wsys_join_leaf(fd, &addr, size, dwFlags);
	if (r < 0)
		return join_fail(r);
	if (lpCalleeData &&
	    wsys_copy_out(&lpCalleeData->len, &none, sizeof(none)) < 0)
		return join_fail(-WSAEFAULT);
	return s;
}

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
 *
 * The rooted multipoint sockets (catalog entries 1005 and 1006,
 * SOCK_SEQPACKET over TCP, uapi/linux/ws.h "Rooted multipoint") carry
 * connect data: a c_leaf's WSAJoinLeaf asks the root (listening on a
 * c_root) to admit it, with the caller data, and a blocking one gets the
 * root's callee data back (rt_join_leaf()). A c_root's WSAJoinLeaf
 * invites a leaf listening on a c_leaf socket: libws makes a new c_leaf
 * socket, the root's membership socket for that leaf, and the module
 * carries the join out on it, linked to the root (rt_root_join()).
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

/* The callee data of the join of @fd to lpCalleeData (@callee, @cb). */
static int rt_callee_data(int fd, LPWSABUF callee, const WSABUF *cb)
{
	static __thread char data[WSL_RT_MAX_CONNDATA];
	uint32_t len = 0;
	ULONG n;
	int r;

	if (!callee)
		return 0;
	r = wsys_rt_conndata(fd, data, sizeof(data), &len);
	if (r < 0)
		return r;
	n = len < cb->len ? len : cb->len;
	if (wsys_copy_out(cb->buf, data, n) < 0 ||
	    wsys_copy_out(&callee->len, &n, sizeof(n)) < 0)
		return -WSAEFAULT;
	return 0;
}

/*
 * A root's join of the leaf at @addr (uapi/linux/ws.h, "Root-initiated
 * join"): a new c_leaf/d_leaf socket of the root's family, the root's
 * membership socket for that leaf, nonblocking and close-on-exec as the
 * root is, registered with the root's descriptor and carried out by
 * connect(2). The WSAJoinLeaf page: "the returned socket descriptor is a
 * c_leaf socket corresponding to the newly added leaf node"; "With a
 * nonblocking socket, successful initiation of a join operation is
 * indicated by a return of a valid socket descriptor. Subsequently, an
 * FD_CONNECT indication will be given" (on the root): a nonblocking
 * root's call returns the new socket at once. A blocking one returns it
 * once the leaf admitted the root, with lpCalleeData filled; a failed
 * join closes it.
 */
static SOCKET rt_root_join(int fd, unsigned int ent,
			   const SOCKADDR_STORAGE *addr, int size,
			   const char *caller, uint32_t caller_len,
			   LPWSABUF callee, const WSABUF *cb, DWORD dwFlags)
{
	unsigned int nent = WS_ENT_ROOTED |
			    (ent & (WS_ENT_INET6 | WS_ENT_CLOEXEC | WS_ENT_SYNC));
	int nfd, r;

	nfd = wsys_socket_mp(ws_family(), SOCK_SEQPACKET,
			     ent & WS_ENT_INET6 ? AF_INET6 : AF_INET,
			     IPPROTO_TCP, WSL_MP_C_LEAF | WSL_MP_D_LEAF,
			     !!(ent & WS_ENT_CLOEXEC));
	if (nfd < 0)
		return join_fail(nfd);
	r = ws_table_add(nfd, nent);
	if (r < 0) {
		wsys_close(nfd);
		return join_fail(r);
	}
	if (ent & WS_ENT_NONBLOCK) {
		r = ws_set_nonblocking(nfd, 1);
		if (r < 0)
			goto fail;
		nent |= WS_ENT_NONBLOCK;
	}
	r = ws_rt_join_connect(nfd, nent, addr, size, dwFlags, caller,
			       caller_len, fd);
	if (r == -EWOULDBLOCK) {
		ws_set_error(0);
		return (SOCKET)nfd;
	}
	if (r == 0)
		r = rt_callee_data(nfd, callee, cb);
	if (r < 0)
		goto fail;
	ws_set_error(0);
	return (SOCKET)nfd;
fail:
	ws_table_remove(nfd);
	wsys_close(nfd);
	return join_fail(r);
}

/*
 * The join of a rooted multipoint socket @fd (@ent), the arguments' memory
 * checked: @caller_len bytes of caller data in @caller (already copied),
 * lpCalleeData as the caller gave it (@callee, its WSABUF in @cb).
 * A c_leaf joins its root and WSAJoinLeaf returns it; a blocking join
 * fills lpCalleeData with the callee data of the admission (min(len,
 * its length) bytes; len the bytes written), a nonblocking one fails with
 * WSAEWOULDBLOCK and ends with FD_CONNECT (the callee data, valid "after
 * the FD_CONNECT notification", is then read with getsockopt SO_CONNDATA).
 * A c_root's join makes a new c_leaf socket for the invited leaf
 * (rt_root_join()).
 */
static SOCKET rt_join_leaf(SOCKET s, int fd, unsigned int ent,
			   const SOCKADDR_STORAGE *addr, int size,
			   const char *caller, uint32_t caller_len,
			   LPWSABUF callee, const WSABUF *cb, DWORD dwFlags)
{
	int r;

	/* JL_*: the module takes 0 as "drop the registration". */
	if (!dwFlags)
		return join_fail(-WSAEINVAL);
	if (ent & WS_ENT_C_ROOT)
		return rt_root_join(fd, ent, addr, size, caller, caller_len,
				    callee, cb, dwFlags);
	r = ws_rt_join_connect(fd, ent, addr, size, dwFlags, caller,
			       caller_len, -1);
	if (r == 0)
		r = rt_callee_data(fd, callee, cb);
	if (r < 0)
		return join_fail(r);
	ws_set_error(0);
	return s;
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
	static __thread char data[WSL_RT_MAX_CONNDATA];
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
		if (caller.len && !(ent & WS_ENT_ROOTED))
			return join_fail(-WSAEPROTONOSUPPORT);
		/* "the buffer length for lpCallerData is too large" */
		if (caller.len > WSL_RT_MAX_CONNDATA)
			return join_fail(-WSAEFAULT);
		if (caller.len &&
		    wsys_copy_in(data, caller.buf, caller.len) < 0)
			return join_fail(-WSAEFAULT);
	} else {
		caller.len = 0;
	}
	/* Written after the join: make sure it can be, before. */
	if (lpCalleeData &&
	    (wsys_copy_in(&callee, lpCalleeData, sizeof(callee)) < 0 ||
	     wsys_copy_out(&lpCalleeData->len, &callee.len,
			   sizeof(callee.len)) < 0))
		return join_fail(-WSAEFAULT);
	if (lpSQOS || lpGQOS)
		return join_fail(-WSAEOPNOTSUPP);
	if (ent & WS_ENT_ROOTED)
		return rt_join_leaf(s, fd, ent, &addr, size, data, caller.len,
				    lpCalleeData, &callee, dwFlags);

	r = wsys_join_leaf(fd, &addr, size, dwFlags);
	if (r < 0)
		return join_fail(r);
	if (lpCalleeData &&
	    wsys_copy_out(&lpCalleeData->len, &none, sizeof(none)) < 0)
		return join_fail(-WSAEFAULT);
	return s;
}

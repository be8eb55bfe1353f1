// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * WSADuplicateSocket, and WSASocket with the structure it returns.
 *
 * The module does the sharing (uapi/linux/ws.h, WS_IOC_DUPLICATE and
 * WS_IOC_CLAIM): WSADuplicateSocket asks it to hold the socket for the
 * target process and fills the WSAPROTOCOL_INFO as SO_PROTOCOL_INFO fills
 * it, with the module's token in dwProviderReserved, which is 0 in every
 * catalog entry. The target's WSASocket sees the token and claims the
 * socket: only the target process can, and only once (spec
 * WSADuplicateSocket: "the special WSAPROTOCOL_INFO structure may only be
 * used once by the target process"). The new SOCKET is a descriptor of the
 * same socket, as fork shares one: its address family, type and
 * nonblocking mode are the socket's, read from the module, whatever the
 * structure says. Both entries are marked WS_ENT_SHARED: WSACleanup closes
 * them without the reset it gives the process's own sockets (table.c).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <winsock2.h>

#include "internal.h"

/* The A and W structures agree up to szProtocol (catalog.c). */
#define INFO_HEAD	offsetof(WSAPROTOCOL_INFOA, szProtocol)

/*
 * The spec's errors: WSAEINVAL for a parameter that is not valid (a
 * process that does not exist), WSAENOTSOCK, and a structure that cannot
 * be written is WSAEFAULT, found before anything is left pending. In
 * Windows' order (Wine test_WSADuplicateSocket): the socket, then a
 * process id that cannot be one (0), then the structure, then whether the
 * process exists (the module's answer).
 */
static int duplicate_socket(SOCKET s, DWORD pid, void *user, int wide)
{
	union {
		WSAPROTOCOL_INFOA	a;
		WSAPROTOCOL_INFOW	w;
	} info;
	int size = wide ? (int)sizeof(info.w) : (int)sizeof(info.a);
	int optlen = size, fd, r;
	uint32_t token;

	fd = ws_sock_fd(s, NULL);
	if (fd < 0)
		return ws_fail(fd);
	if (pid == 0 || pid > INT32_MAX)
		return ws_fail(-WSAEINVAL);
	if (!user)
		return ws_fail(-WSAEFAULT);
	r = ws_protocol_info_get(fd, wide, &info, size, &optlen);
	if (r < 0)
		return ws_fail(r == -EBADF || r == -ENOTTY ? -WSAENOTSOCK : r);
	if (wsys_copy_out(user, &info, (size_t)size) < 0)
		return ws_fail(-WSAEFAULT);
	r = wsdev_duplicate(fd, pid, &token);
	if (r == -ESRCH)
		r = -WSAEINVAL;
	else if (r == -EBADF || r == -EINVAL)
		r = -WSAENOTSOCK;	/* closed meanwhile */
	if (r < 0)
		return ws_fail(r);
	/* WSACleanup here must not reset what the target may use. */
	ws_table_set_bits(fd, WS_ENT_SHARED);
	info.a.dwProviderReserved = token;
	if (wsys_copy_out(user, &info, INFO_HEAD) < 0)
		return ws_fail(-WSAEFAULT);
	ws_set_error(0);
	return 0;
}

LIBWS_EXPORT int WSAAPI WSADuplicateSocketA(SOCKET s, DWORD dwProcessId,
					    LPWSAPROTOCOL_INFOA lpProtocolInfo)
{
	return duplicate_socket(s, dwProcessId, lpProtocolInfo, 0);
}

LIBWS_EXPORT int WSAAPI WSADuplicateSocketW(SOCKET s, DWORD dwProcessId,
					    LPWSAPROTOCOL_INFOW lpProtocolInfo)
{
	return duplicate_socket(s, dwProcessId, lpProtocolInfo, 1);
}

int ws_dup_token(const void *user, uint32_t *token)
{
	WSAPROTOCOL_INFOA a;

	if (wsys_copy_in(&a, user, INFO_HEAD) < 0)
		return -WSAEFAULT;
	*token = a.dwProviderReserved;
	return 0;
}

/*
 * A token that is not one of this process's duplications (already
 * claimed, made for another process, or made up) is WSAEINVAL, the
 * structure not being valid.
 */
uintptr_t ws_dup_claim(uint32_t token)
{
	struct wsl_protocol_info e;
	unsigned int ent;
	int fd, r, role;

	fd = wsdev_claim(token, 0);
	if (fd < 0) {
		ws_fail(fd == -ENOENT ? -WSAEINVAL : fd);
		return INVALID_SOCKET;
	}
	r = wsys_protocol_info(fd, &e);
	/* A rooted root stays one (WSAJoinLeaf on it invites a leaf). */
	role = r == 0 && e.socket_type == SOCK_SEQPACKET ? wsys_mp_role(fd) : 0;
	if (role < 0)
		r = role;
	if (r == 0)
		r = wsys_is_nonblocking(fd);
	if (r >= 0) {
		ent = (e.address_family == AF_INET6 ? WS_ENT_INET6 : 0) |
		      (e.socket_type == SOCK_STREAM ? WS_ENT_STREAM : 0) |
		      (e.socket_type == SOCK_SEQPACKET ? WS_ENT_ROOTED : 0) |
		      (role & WSL_MP_C_ROOT ? WS_ENT_C_ROOT : 0) |
		      (r ? WS_ENT_NONBLOCK : 0) | WS_ENT_SHARED;
		r = ws_table_add(fd, ent);
	}
	if (r < 0) {
		wsys_close(fd);
		ws_fail(r);
		return INVALID_SOCKET;
	}
	ws_set_error(0);
	return (uintptr_t)fd;
}

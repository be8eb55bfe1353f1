// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Microsoft extensions (mswsock.h): AcceptEx, GetAcceptExSockaddrs,
 * ConnectEx, DisconnectEx, TransmitFile, SO_UPDATE_ACCEPT_CONTEXT and
 * SO_UPDATE_CONNECT_CONTEXT, and the table behind
 * WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER).
 *
 * AcceptEx is an overlapped operation of the listening socket, carried out
 * by the module (WS_OP_ACCEPT): it accepts the connection into a new socket
 * of its own, since a socket cannot change its connection under a file
 * descriptor, and keeps it for the accept socket. libws then puts that
 * socket in place of the accept socket's descriptor (dup3), so the SOCKET
 * the application passed becomes the connected socket, as on Windows. It
 * does so the first time the application uses the accept socket after the
 * AcceptEx completed (sock_fd() sees WS_ENT_ACCEPTING and calls
 * ws_accept_collect()): setsockopt(SO_UPDATE_ACCEPT_CONTEXT), a WSARecv,
 * getpeername, closesocket, anything.
 *
 * AcceptEx and ConnectEx are registered with WS_IOC_SUBMIT and armed by an
 * accept(2) or connect(2) of the same thread, so that the system's
 * security modules check them as they check those calls.
 *
 * DisconnectEx is shutdown(SD_SEND) (what Windows does, Wine's
 * test_DisconnectEx); with TF_REUSE_SOCKET the descriptor then gets a
 * fresh socket of the same kind, ready for AcceptEx or ConnectEx, and the
 * old connection closes gracefully behind it. TransmitFile is carried out
 * by the module (WS_OP_TRANSMIT): head, file, tail, from the module's
 * worker; a HANDLE hFile is a file descriptor.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <winsock2.h>
#include <mswsock.h>

#include "internal.h"

#define NT_SUCCESS(st)	(((st) & 0x80000000u) == 0)

/* BOOL-returning functions fail with a Winsock or Win32 code. */
static BOOL fail_bool(int neg)
{
	if (neg == -WSA_INVALID_HANDLE)	/* a Win32 code, not an errno */
		ws_set_error(WSA_INVALID_HANDLE);
	else
		ws_fail(neg);
	return FALSE;
}

/* Register an operation that completes through hEvent (no routine). */
static int register_op(int fd, struct wsl_io *io, LPOVERLAPPED ov)
{
	int r;

	io->ov = (uintptr_t)ov;
	io->dev_fd = -1;
	r = ws_ov_event(ov, io);
	if (r < 0)
		return r;
	r = wsys_submit(fd, io);
	/* The module's EBADF for an hEvent that is not an event object. */
	return r == -EBADF && io->event_fd >= 0 ? -WSA_INVALID_HANDLE : r;
}

/* --- AcceptEx ------------------------------------------------------------ */

/* One collection at a time, so no thread uses a half-swapped socket. */
static pthread_mutex_t collect_lock = PTHREAD_MUTEX_INITIALIZER;

/**
 * ws_accept_collect() - put the connection an AcceptEx made in place
 * @fd: an accept socket (WS_ENT_ACCEPTING)
 *
 * If the AcceptEx completed successfully, the accepted socket replaces the
 * descriptor (keeping its close-on-exec flag and the entry's blocking
 * mode); if it failed, the socket is left as it was. While it is pending
 * nothing changes.
 *
 * Return: the entry's flags now.
 */
unsigned int ws_accept_collect(int fd)
{
	unsigned int flags;
	uint64_t id;
	int nfd;

	pthread_mutex_lock(&collect_lock);
	flags = ws_table_get(fd);
	if (!(flags & WS_ENT_ACCEPTING))
		goto out;
	nfd = wsys_accept_take(fd);
	if (nfd == -EINPROGRESS || (nfd < 0 && nfd != -ENOENT))
		goto out;	/* pending; or no descriptor now: next time */
	if (nfd >= 0) {
		if (wsys_replace_fd(nfd, fd) < 0) {
			wsys_close(nfd);
			goto out;
		}
		wsys_set_nonblock(fd, !!(flags & WS_ENT_NONBLOCK));
		ws_table_refresh(fd);
		/*
		 * It has the listener's WSAAsyncSelect, if any: its
		 * messages name it by its kernel id.
		 */
		if (wsys_get_id(fd, &id) == 0) {
			ws_ids_lock();
			if (ws_table_set_id_locked(fd, id) == 0)
				ws_table_set_bits(fd, WS_ENT_ASYNC);
			ws_ids_unlock();
		}
	}
	ws_table_clear_bits(fd, WS_ENT_ACCEPTING);
	flags = ws_table_get(fd);
out:
	pthread_mutex_unlock(&collect_lock);
	return flags;
}

static BOOL PASCAL accept_ex(SOCKET sListenSocket, SOCKET sAcceptSocket,
			     PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
			     DWORD dwLocalAddressLength,
			     DWORD dwRemoteAddressLength,
			     LPDWORD lpdwBytesReceived, LPOVERLAPPED lpOverlapped)
{
	struct wsl_io io = { .op = WSL_OP_ACCEPT };
	unsigned int lflags, aflags;
	int lfd, afd, r;

	(void)lpdwBytesReceived;	/* an AcceptEx always pends here */
	lfd = ws_sock_fd((uintptr_t)sListenSocket, &lflags);
	if (lfd < 0)
		return fail_bool(lfd);
	afd = ws_sock_fd((uintptr_t)sAcceptSocket, &aflags);
	if (afd < 0)
		return fail_bool(afd);
	if (!lpOverlapped) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	/* Windows stores STATUS_PENDING first: a failure leaves it there. */
	lpOverlapped->Internal = STATUS_PENDING;
	if (!dwRemoteAddressLength)
		return fail_bool(-WSAEFAULT);
	if (!(lflags & WS_ENT_STREAM) || !(aflags & WS_ENT_STREAM))
		return fail_bool(-WSAEINVAL);

	io.addr = (uintptr_t)lpOutputBuffer;
	io.ctx[0] = (uint64_t)afd;
	io.ctx[1] = dwReceiveDataLength;
	io.ctx[2] = dwLocalAddressLength;
	io.ctx[3] = dwRemoteAddressLength;
	/*
	 * Marked first: the AcceptEx may complete, and another thread use
	 * the accept socket, before this call returns.
	 */
	ws_table_set_bits(afd, WS_ENT_ACCEPTING);
	r = register_op(lfd, &io, lpOverlapped);
	if (r == -EINPROGRESS) {
		/* Armed by accept(2), which the security modules check. */
		r = wsys_accept(lfd, NULL, NULL, 1, 1);
		if (r == -EINPROGRESS) {
			ws_set_error(WSA_IO_PENDING);
			return FALSE;
		}
		wsys_cancel_drop(lfd, (uintptr_t)lpOverlapped);
		if (r >= 0) {		/* cannot happen: nothing registered */
			wsys_close(r);
			r = -WSAEINVAL;
		}
	} else if (r >= 0) {
		r = -WSAEINVAL;
	}
	/* Another AcceptEx may still be aimed at it: the mark stays then. */
	if (!(aflags & WS_ENT_ACCEPTING))
		ws_table_clear_bits(afd, WS_ENT_ACCEPTING);
	return fail_bool(r);
}
WS_EXPORT_ALIAS(AcceptEx, accept_ex);

/* An address area as the module writes it: a 32-bit length, the address. */
static void area_addr(char *area, DWORD len, struct sockaddr **addr,
		      LPINT addrlen)
{
	uint32_t n = 0;

	if (len >= sizeof(n))
		memcpy(&n, area, sizeof(n));
	if (n > len - sizeof(n) || len < sizeof(n))
		n = 0;
	if (addr)
		*addr = (struct sockaddr *)(area + sizeof(n));
	if (addrlen)
		*addrlen = (int)n;
}

static VOID PASCAL get_accept_ex_sockaddrs(PVOID lpOutputBuffer,
					   DWORD dwReceiveDataLength,
					   DWORD dwLocalAddressLength,
					   DWORD dwRemoteAddressLength,
					   struct sockaddr **LocalSockaddr,
					   LPINT LocalSockaddrLength,
					   struct sockaddr **RemoteSockaddr,
					   LPINT RemoteSockaddrLength)
{
	char *buf = lpOutputBuffer;

	if (!buf)
		return;
	/* An area of length 0 was not filled: its results are untouched. */
	if (dwLocalAddressLength)
		area_addr(buf + dwReceiveDataLength, dwLocalAddressLength,
			  LocalSockaddr, LocalSockaddrLength);
	if (dwRemoteAddressLength)
		area_addr(buf + dwReceiveDataLength + dwLocalAddressLength,
			  dwRemoteAddressLength, RemoteSockaddr,
			  RemoteSockaddrLength);
}
WS_EXPORT_ALIAS(GetAcceptExSockaddrs, get_accept_ex_sockaddrs);

/* --- ConnectEx ------------------------------------------------------------- */

static BOOL PASCAL connect_ex(SOCKET s, const struct sockaddr *name,
				int namelen, PVOID lpSendBuffer,
				DWORD dwSendDataLength, LPDWORD lpdwBytesSent,
				LPOVERLAPPED lpOverlapped)
{
	struct wsl_io io = { .op = WSL_OP_CONNECT };
	struct wsl_iovec buf;
	unsigned int flags;
	int fd = ws_sock_fd((uintptr_t)s, &flags), r;

	(void)lpdwBytesSent;	/* a ConnectEx always pends */
	if (fd < 0)
		return fail_bool(fd);
	if (!lpOverlapped) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	lpOverlapped->Internal = STATUS_PENDING;
	if (!name || namelen < (flags & WS_ENT_INET6 ? 28 : 16))
		return fail_bool(-WSAEFAULT);
	if (!(flags & WS_ENT_STREAM))
		return fail_bool(-WSAEINVAL);
	if (dwSendDataLength) {
		if (!lpSendBuffer)
			return fail_bool(-WSAEFAULT);
		buf.len = dwSendDataLength;
		buf.pad = 0;
		buf.buf = (uintptr_t)lpSendBuffer;
		io.bufs = (uintptr_t)&buf;
		io.nbufs = 1;
	}
	r = register_op(fd, &io, lpOverlapped);
	if (r != -EINPROGRESS)
		return fail_bool(r < 0 ? r : -WSAEINVAL);
	/* Started by connect(2), which the security modules check. */
	r = wsys_connect(fd, name, namelen);
	if (r != -EINPROGRESS) {
		wsys_cancel_drop(fd, (uintptr_t)lpOverlapped);
		return fail_bool(r < 0 ? r : -WSAEINVAL);
	}
	ws_set_error(WSA_IO_PENDING);
	return FALSE;
}

/* --- DisconnectEx ---------------------------------------------------------- */

/* Give @fd a fresh socket of its kind (TF_REUSE_SOCKET). */
static int reuse_socket(int fd, unsigned int flags)
{
	int nfd, r;

	nfd = wsys_socket(ws_family(), flags & WS_ENT_STREAM ? 1 : 2,
			  flags & WS_ENT_INET6 ? AF_INET6 : AF_INET, 0,
			  !!(flags & WS_ENT_NONBLOCK), 1);
	if (nfd < 0)
		return nfd;
	/* Windows keeps the completion port association with the handle. */
	wsys_inherit_port(nfd, fd);
	r = wsys_replace_fd(nfd, fd);
	if (r < 0) {
		wsys_close(nfd);
		return r;
	}
	ws_table_refresh(fd);
	ws_table_clear_bits(fd, WS_ENT_CONNECTING | WS_ENT_CONNFAILED |
			    WS_ENT_ASYNC);
	return 0;
}

static BOOL PASCAL disconnect_ex(SOCKET s, LPOVERLAPPED lpOverlapped,
				 DWORD dwFlags, DWORD dwReserved)
{
	unsigned int flags;
	int fd = ws_sock_fd((uintptr_t)s, &flags), r;

	if (fd < 0)
		return fail_bool(fd);
	if (dwReserved || (dwFlags & ~(DWORD)TF_REUSE_SOCKET))
		return fail_bool(-WSAEINVAL);
	if (!(flags & WS_ENT_STREAM) || !wsys_is_connected(fd))
		return fail_bool(-WSAENOTCONN);
	r = wsys_shutdown(fd, SD_SEND);
	if (r < 0)
		return fail_bool(r);
	/* Windows pends it (Wine test_DisconnectEx); it is complete already. */
	if (lpOverlapped) {
		r = ws_ov_complete_pending(fd, (uintptr_t)lpOverlapped, 0, 0, 0);
		if (r != 0)
			return FALSE;
	}
	if (dwFlags & TF_REUSE_SOCKET) {
		r = reuse_socket(fd, flags);
		if (r < 0 && !lpOverlapped)
			return fail_bool(r);
	}
	if (!lpOverlapped) {
		ws_set_error(0);
		return TRUE;
	}
	ws_set_error(WSA_IO_PENDING);
	return FALSE;
}

/* --- TransmitFile ----------------------------------------------------------- */

static BOOL PASCAL transmit_file(SOCKET hSocket, HANDLE hFile,
				 DWORD nNumberOfBytesToWrite,
				 DWORD nNumberOfBytesPerSend,
				 LPOVERLAPPED lpOverlapped,
				 LPTRANSMIT_FILE_BUFFERS lpTransmitBuffers,
				 DWORD dwReserved)
{
	struct wsl_io io = { .op = WSL_OP_TRANSMIT };
	struct wsl_iovec b[2];
	OVERLAPPED own;
	LPOVERLAPPED ov = lpOverlapped;
	unsigned int flags;
	int fd = ws_sock_fd((uintptr_t)hSocket, &flags), r;
	int64_t pos;

	(void)nNumberOfBytesPerSend;	/* how big each send is: the module's choice */
	if (fd < 0)
		return fail_bool(fd);
	if (dwReserved & ~(DWORD)(TF_DISCONNECT | TF_REUSE_SOCKET |
				  TF_WRITE_BEHIND | TF_USE_SYSTEM_THREAD |
				  TF_USE_KERNEL_APC))
		return fail_bool(-WSAEINVAL);
	/* Reusing the socket after an overlapped TransmitFile: not here. */
	if ((dwReserved & TF_REUSE_SOCKET) &&
	    (lpOverlapped || !(dwReserved & TF_DISCONNECT)))
		return fail_bool(-WSAEOPNOTSUPP);
	if (!(flags & WS_ENT_STREAM) || !wsys_is_connected(fd))
		return fail_bool(-WSAENOTCONN);

	io.ctx[0] = (uint64_t)(int64_t)-1;
	if (hFile) {
		/* A file's HANDLE is its descriptor (NULL: no file). */
		if ((uintptr_t)hFile > INT_MAX)
			return fail_bool(-WSAEINVAL);
		r = (int)(uintptr_t)hFile;
		io.ctx[0] = (uint64_t)r;
		if (lpOverlapped) {
			io.ctx[1] = lpOverlapped->Offset |
				    (uint64_t)lpOverlapped->OffsetHigh << 32;
		} else {
			/* The file's current position, as Windows reads it. */
			pos = wsys_file_pos(r);
			if (pos < 0)
				return fail_bool(-WSAEINVAL);
			io.ctx[1] = (uint64_t)pos;
		}
		io.ctx[2] = nNumberOfBytesToWrite;
	}
	io.ctx[3] = dwReserved & TF_DISCONNECT ? WSL_TF_DISCONNECT : 0;
	if (lpTransmitBuffers) {
		b[0].len = lpTransmitBuffers->HeadLength;
		b[0].pad = 0;
		b[0].buf = (uintptr_t)lpTransmitBuffers->Head;
		b[1].len = lpTransmitBuffers->TailLength;
		b[1].pad = 0;
		b[1].buf = (uintptr_t)lpTransmitBuffers->Tail;
		if ((b[0].len && !b[0].buf) || (b[1].len && !b[1].buf))
			return fail_bool(-WSAEFAULT);
		io.bufs = (uintptr_t)b;
		io.nbufs = 2;
	}
	if (!ov) {
		memset(&own, 0, sizeof(own));
		own.hEvent = (HANDLE)1;	/* libws's own: no completion packet */
		ov = &own;
	}
	r = register_op(fd, &io, ov);
	if (r != -EINPROGRESS && r != 0)
		return fail_bool(r == -EBADF ? -WSAEINVAL : r);
	if (lpOverlapped) {
		ws_set_error(WSA_IO_PENDING);
		return FALSE;
	}
	/* Synchronous: wait for it (closesocket from another thread ends it). */
	r = wsys_ov_wait(fd, (uintptr_t)&own, WS_DEADLINE_INFINITE);
	if (r < 0)
		return fail_bool(r);
	r = ws_ntstatus_to_wsa((uint32_t)own.Internal);
	if (r)
		return fail_bool(-r);
	if (dwReserved & TF_REUSE_SOCKET) {
		r = reuse_socket(fd, flags);
		if (r < 0)
			return fail_bool(r);
	}
	ws_set_error(0);
	return TRUE;
}
WS_EXPORT_ALIAS(TransmitFile, transmit_file);

/* --- WSARecvMsg, WSASendMsg ---------------------------------------------- */

/*
 * Carry out @io through the module as an overlapped operation of libws's
 * own, for a call without an OVERLAPPED: wait for it on a blocking socket;
 * on a nonblocking one, cancel it if it would wait (WSAEWOULDBLOCK).
 * Return: 0 or -WSA code (-errno for a refused submission); *@bytes the
 * byte count, also for WSAEMSGSIZE.
 */
static int sync_op(int fd, unsigned int flags, struct wsl_io *io,
		   uint64_t *bytes)
{
	OVERLAPPED own;
	uint32_t st;
	int r;

	memset(&own, 0, sizeof(own));
	*bytes = 0;
	io->ov = (uintptr_t)&own;
	io->event_fd = -1;
	io->dev_fd = -1;
	io->ioflags |= WSL_IO_NO_PORT;	/* libws's own: no packet for it */
	r = wsys_submit(fd, io);
	if (r == 0) {
		*bytes = io->bytes;
		return -ws_ntstatus_to_wsa(io->status);
	}
	if (r != -EINPROGRESS)
		return r;
	if ((flags & WS_ENT_NONBLOCK) && wsys_cancel(fd, (uintptr_t)&own, 0) > 0) {
		/* Cancelled: wait until the module is done with @own. */
		wsys_ov_wait(fd, (uintptr_t)&own, WS_DEADLINE_INFINITE);
		if ((uint32_t)own.Internal == 0xC0000120u)	/* CANCELLED */
			return -WSAEWOULDBLOCK;
	}
	r = wsys_ov_wait(fd, (uintptr_t)&own, WS_DEADLINE_INFINITE);
	if (r < 0)
		return r;
	st = (uint32_t)own.Internal;
	*bytes = own.InternalHigh;
	return -ws_ntstatus_to_wsa(st);
}

static INT PASCAL wsa_recv_msg(SOCKET s, LPWSAMSG lpMsg,
			       LPDWORD lpdwNumberOfBytesRecvd,
			       LPWSAOVERLAPPED lpOverlapped,
			       LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
	struct wsl_io io = { .op = WSL_OP_RECV };
	unsigned int flags;
	int fd = ws_sock_fd((uintptr_t)s, &flags), r;
	uint64_t n;

	if (fd < 0)
		return ws_fail(fd);
	if (!lpMsg)
		return ws_fail(-WSAEFAULT);	/* Wine test_ip_pktinfo */
	if ((!lpMsg->lpBuffers && lpMsg->dwBufferCount) ||
	    (!lpMsg->Control.buf && lpMsg->Control.len))
		return ws_fail(-WSAEFAULT);
	if (lpMsg->dwBufferCount > 1024)
		return ws_fail(-WSAEINVAL);
	io.flags = lpMsg->dwFlags;
	io.bufs = (uintptr_t)lpMsg->lpBuffers;
	io.nbufs = lpMsg->dwBufferCount;
	if (!(flags & WS_ENT_STREAM) && lpMsg->name) {
		if (lpMsg->namelen < (flags & WS_ENT_INET6 ? 28 : 16))
			return ws_fail(-WSAEFAULT);
		io.addr = (uintptr_t)lpMsg->name;
		io.addrlen = (uint32_t)lpMsg->namelen;
		io.addrlen_out = (uintptr_t)&lpMsg->namelen;
	}
	io.ctx[0] = (uintptr_t)lpMsg->Control.buf;
	io.ctx[1] = lpMsg->Control.len;
	io.ctx[2] = (uintptr_t)&lpMsg->Control.len;
	io.ctx[3] = (uintptr_t)&lpMsg->dwFlags;
	if (lpOverlapped && !(flags & WS_ENT_SYNC))
		return ws_ov_submit(fd, &io, lpOverlapped, lpCompletionRoutine,
				    lpdwNumberOfBytesRecvd);
	r = sync_op(fd, flags, &io, &n);
	if (r < 0 && r != -WSAEMSGSIZE)
		return ws_fail(r);
	/* Wine test_ip_pktinfo: the count even with WSAEMSGSIZE. */
	if (lpdwNumberOfBytesRecvd)
		*lpdwNumberOfBytesRecvd = (DWORD)n;
	if (lpOverlapped)	/* a non-overlapped socket: complete it too */
		return ws_ov_complete(fd, (uintptr_t)lpOverlapped,
				      (uintptr_t)lpCompletionRoutine,
				      r < 0 ? 0x80000005u : 0, n);
	if (r < 0)
		return ws_fail(r);
	ws_set_error(0);
	return 0;
}

/*
 * Wine test_WSASendMsg (todo_wine there): on Windows a call with a message
 * that fails for want of both a count and an OVERLAPPED still binds an
 * unbound datagram socket, to the wildcard address and a port of its own,
 * as the send would have. A NULL message binds nothing.
 */
static void send_msg_bind(int fd, unsigned int flags)
{
	SOCKADDR_STORAGE ss;
	int len = sizeof(ss);

	if (!wsys_getsockname(fd, &ss, &len))
		return;
	memset(&ss, 0, sizeof(ss));
	if (flags & WS_ENT_INET6) {
		ss.ss_family = AF_INET6;
		len = sizeof(SOCKADDR_IN6);
	} else {
		ss.ss_family = AF_INET;
		len = sizeof(SOCKADDR_IN);
	}
	wsys_bind(fd, &ss, len);
}

static INT PASCAL wsa_send_msg(SOCKET s, LPWSAMSG lpMsg, DWORD dwFlags,
			       LPDWORD lpNumberOfBytesSent,
			       LPWSAOVERLAPPED lpOverlapped,
			       LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
	struct wsl_io io = { .op = WSL_OP_SEND };
	struct sockaddr_storage to;
	unsigned char ctl[256];
	unsigned int flags;
	int fd = ws_sock_fd((uintptr_t)s, &flags), r;
	uint64_t n;

	if (fd < 0)
		return ws_fail(fd);
	if (!lpMsg)
		return ws_fail(-WSAEFAULT);
	if ((!lpMsg->lpBuffers && lpMsg->dwBufferCount) ||
	    (!lpMsg->Control.buf && lpMsg->Control.len))
		return ws_fail(-WSAEFAULT);
	if (lpMsg->dwBufferCount > 1024)
		return ws_fail(-WSAEINVAL);
	if (!lpOverlapped && !lpNumberOfBytesSent) {
		if (!(flags & WS_ENT_STREAM))
			send_msg_bind(fd, flags);
		return ws_fail(-WSAEFAULT);
	}
	if (flags & WS_ENT_STREAM)
		return ws_fail(-WSAEINVAL);	/* Wine test_WSASendMsg */
	io.flags = dwFlags;
	io.bufs = (uintptr_t)lpMsg->lpBuffers;
	io.nbufs = lpMsg->dwBufferCount;
	if (!(flags & WS_ENT_STREAM) && lpMsg->name) {
		r = wsys_addr_in(lpMsg->name, lpMsg->namelen, &to, sizeof(to));
		if (r < 0)
			return ws_fail(r);
		io.addr = (uintptr_t)&to;
		io.addrlen = (uint32_t)r;
	}
	if (lpMsg->Control.len) {
		r = wsys_ctl_to_linux(lpMsg->Control.buf, lpMsg->Control.len,
				      ctl, sizeof(ctl));
		if (r < 0)
			return ws_fail(r == -ENOBUFS ? -WSAENOBUFS : -WSAEINVAL);
		io.ctx[0] = (uintptr_t)ctl;
		io.ctx[1] = (uint64_t)r;
	}
	if (lpOverlapped && !(flags & WS_ENT_SYNC))
		return ws_ov_submit(fd, &io, lpOverlapped, lpCompletionRoutine,
				    lpNumberOfBytesSent);
	r = sync_op(fd, flags, &io, &n);
	if (r < 0)
		return ws_fail(r);
	if (lpNumberOfBytesSent)
		*lpNumberOfBytesSent = (DWORD)n;
	if (lpOverlapped)
		return ws_ov_complete(fd, (uintptr_t)lpOverlapped,
				      (uintptr_t)lpCompletionRoutine, 0, n);
	ws_set_error(0);
	return 0;
}

/* --- options --------------------------------------------------------------- */

/**
 * ws_mswsock_setsockopt() - the SOL_SOCKET options of mswsock.h
 * @fd: the socket
 * @optname: the option
 * @optval: its value
 * @optlen: its length
 *
 * SO_UPDATE_ACCEPT_CONTEXT (the listening SOCKET): the accepted socket
 * already has the listener's properties (the module gives them at accept,
 * as accept() does); the option checks its argument. SO_UPDATE_CONNECT_CONTEXT
 * has nothing to update either.
 *
 * Return: 0 or -WSA code; 1 if @optname is not one of these.
 */
int ws_mswsock_setsockopt(int fd, int optname, const char *optval, int optlen)
{
	unsigned int flags;
	SOCKET l;
	int lfd;

	switch (optname) {
	case SO_UPDATE_ACCEPT_CONTEXT:
		if (!optval || optlen < (int)sizeof(SOCKET))
			return -WSAEFAULT;
		memcpy(&l, optval, sizeof(l));
		lfd = ws_sock_fd((uintptr_t)l, &flags);
		if (lfd < 0)
			return lfd;
		if (!(flags & WS_ENT_STREAM))
			return -WSAEINVAL;
		return wsys_is_connected(fd) ? 0 : -WSAENOTCONN;
	case SO_UPDATE_CONNECT_CONTEXT:
		return wsys_is_connected(fd) ? 0 : -WSAENOTCONN;
	default:
		return 1;
	}
}

/* --- extension functions ------------------------------------------------ */

struct ext_fn {
	GUID		guid;
	uintptr_t	fn;
};

static const struct ext_fn ext_fns[] = {
	{ WSAID_ACCEPTEX, (uintptr_t)accept_ex },
	{ WSAID_GETACCEPTEXSOCKADDRS, (uintptr_t)get_accept_ex_sockaddrs },
	{ WSAID_CONNECTEX, (uintptr_t)connect_ex },
	{ WSAID_DISCONNECTEX, (uintptr_t)disconnect_ex },
	{ WSAID_TRANSMITFILE, (uintptr_t)transmit_file },
	{ WSAID_WSARECVMSG, (uintptr_t)wsa_recv_msg },
	{ WSAID_WSASENDMSG, (uintptr_t)wsa_send_msg },
};

/**
 * ws_extension_function() - WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)
 * @guid: the 16 bytes of the function's GUID (mswsock.h's WSAID_*)
 *
 * Return: the function, or 0 for a GUID libws does not know (WSAIoctl then
 * fails with WSAEINVAL, as Windows does for an unknown GUID).
 */
uintptr_t ws_extension_function(const void *guid)
{
	size_t i;

	for (i = 0; i < sizeof(ext_fns) / sizeof(ext_fns[0]); i++)
		if (!memcmp(&ext_fns[i].guid, guid, sizeof(GUID)))
			return ext_fns[i].fn;
	return 0;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Scatter/gather and overlapped I/O: WSASend, WSASendTo, WSARecv,
 * WSARecvFrom, WSAGetOverlappedResult, and kernel32's GetOverlappedResult,
 * GetOverlappedResultEx, CancelIo and CancelIoEx on sockets.
 *
 * Without an OVERLAPPED these are send/recv with several buffers. With one,
 * the operation goes to the ws module (WS_IOC_SUBMIT), which carries it out
 * and completes it by itself: it stores the result in the OVERLAPPED
 * (Internal, an NTSTATUS; InternalHigh, the byte count), then sets hEvent
 * or queues the completion routine to the calling thread as an APC, which
 * runs at the thread's next alertable wait (ws_run_io_apc, from
 * ws_run_apcs). No thread of libws's takes part. An operation that
 * completes at once returns 0 and still signals or queues, as on Windows.
 *
 * A socket made by WSASocket without WSA_FLAG_OVERLAPPED is not an
 * overlapped socket: an overlapped call on it blocks until the operation is
 * done, even on a nonblocking socket, and then completes as above; that is
 * what Windows does (Wine's test_nonblocking_async_recv), where the
 * specification would refuse the call.
 *
 * A HANDLE hEvent is an event object's descriptor (event.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include <winsock2.h>

#include "internal.h"

#define NT_SUCCESS(st)	(((st) & 0x80000000u) == 0)

static int fail(int neg)
{
	/* A Win32 code below WSABASEERR, which ws_fail would take for an errno. */
	if (neg == -WSA_INVALID_HANDLE) {
		ws_set_error(WSA_INVALID_HANDLE);
		return SOCKET_ERROR;
	}
	return ws_fail(neg);
}

/* The socket's descriptor and flags, with WSANOTINITIALISED/WSAENOTSOCK. */
static int sock_of(SOCKET s, unsigned int *ent)
{
	return ws_sock_fd((uintptr_t)s, ent);
}

/*
 * The descriptor an event HANDLE names; -1 for none. Its low bit is not
 * part of it: set, it asks for no completion packet (see ws_ov_submit()).
 */
static int event_fd_of(HANDLE h)
{
	uintptr_t v = (uintptr_t)h & ~(uintptr_t)1;

	return v && v <= INT_MAX ? (int)v : -1;
}

/**
 * ws_ov_event() - how an operation without a routine notifies
 * @ov: its OVERLAPPED
 * @io: its event_fd and ioflags are set
 *
 * hEvent is the event object's descriptor; its low bit set means, as on
 * Windows, that the completion queues no packet on a completion port.
 *
 * Return: 0, or -WSA_INVALID_HANDLE.
 */
int ws_ov_event(const OVERLAPPED *ov, struct wsl_io *io)
{
	uintptr_t h = (uintptr_t)ov->hEvent;

	io->event_fd = -1;
	if (h & 1)
		io->ioflags |= WSL_IO_NO_PORT;
	if (h > 1) {
		io->event_fd = event_fd_of(ov->hEvent);
		if (io->event_fd < 0)
			return -WSA_INVALID_HANDLE;
	}
	return 0;
}

/*
 * Start an overlapped operation. Return: 0 (completed at once, *bytes
 * set, WSAGetLastError 0), or SOCKET_ERROR with WSA_IO_PENDING or the
 * error. Inline in WSASend and WSARecv; ws_ov_submit() for the others.
 */
static inline int ov_submit(int fd, struct wsl_io *io, LPWSAOVERLAPPED ov,
			    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine,
			    LPDWORD bytes)
{
	int r;

	io->ov = (uintptr_t)ov;
	io->event_fd = -1;
	io->dev_fd = -1;
	if (routine) {
		io->routine = (uintptr_t)routine;
		io->dev_fd = wsdev_get();
		if (io->dev_fd < 0)
			return fail(io->dev_fd);
		io->tag = (uint32_t)fd;
	} else {
		r = ws_ov_event(ov, io);
		if (r < 0)
			return fail(r);
	}
	r = wsys_submit(fd, io);
	if (r == 0) {
		if (bytes)
			*bytes = (DWORD)io->bytes;
		if (NT_SUCCESS(io->status)) {
			ws_set_error(0);
			return 0;
		}
		/* Completed with an error (a truncated datagram): reported
		 * through the completion, as Windows reports it. */
		ws_set_error(WSA_IO_PENDING);
		return SOCKET_ERROR;
	}
	if (r == -EINPROGRESS) {
		ws_set_error(WSA_IO_PENDING);
		return SOCKET_ERROR;
	}
	if (r == -EBADF)	/* hEvent is not an event object */
		r = -WSA_INVALID_HANDLE;
	return fail(r);
}

int ws_ov_submit(int fd, struct wsl_io *io, LPWSAOVERLAPPED ov,
		 LPWSAOVERLAPPED_COMPLETION_ROUTINE routine, LPDWORD bytes)
{
	return ov_submit(fd, io, ov, routine, bytes);
}

/*
 * An operation libws carried out itself (an overlapped call on a socket
 * that is not overlapped, an ioctl that completes at once): complete the
 * OVERLAPPED through the module, as any operation completes.
 */
static int complete_ov(int fd, LPWSAOVERLAPPED ov,
		       LPWSAOVERLAPPED_COMPLETION_ROUTINE routine,
		       uint32_t status, uint64_t bytes, uint32_t ioflags)
{
	struct wsl_io io = { .op = WSL_OP_COMPLETE, .ioflags = ioflags };

	io.ctx[0] = status;
	io.ctx[1] = bytes;
	return ws_ov_submit(fd, &io, ov, routine, NULL);
}

static int complete_sync(int fd, LPWSAOVERLAPPED ov,
			 LPWSAOVERLAPPED_COMPLETION_ROUTINE routine,
			 uint32_t status, uint64_t bytes)
{
	return complete_ov(fd, ov, routine, status, bytes, 0);
}

/**
 * ws_ov_complete_pending() - complete an operation the caller reports pending
 * @fd: the socket
 * @ov: its OVERLAPPED
 * @routine: its completion routine, or 0
 * @status: the NTSTATUS
 * @bytes: the byte count
 *
 * As ws_ov_complete(), for an operation whose call returns WSA_IO_PENDING
 * although libws finished it: a completion port gets its packet even with
 * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS.
 *
 * Return: as ws_ov_complete().
 */
int ws_ov_complete_pending(int fd, uintptr_t ov, uintptr_t routine,
			   uint32_t status, uint64_t bytes)
{
	return complete_ov(fd, (LPWSAOVERLAPPED)ov,
			   (LPWSAOVERLAPPED_COMPLETION_ROUTINE)routine, status,
			   bytes, WSL_IO_REPORTED_PENDING);
}

/**
 * ws_ov_complete() - complete an overlapped operation libws finished
 * @fd: the socket
 * @ov: its OVERLAPPED
 * @routine: its completion routine, or 0
 * @status: the NTSTATUS
 * @bytes: the byte count stored in the OVERLAPPED
 *
 * The OVERLAPPED gets the result, then the event is set or the routine
 * queued, exactly as for an operation the module carried out.
 *
 * Return: 0 (WSAGetLastError 0) for a success status; SOCKET_ERROR with
 * WSA_IO_PENDING for a failure status (the caller reports it through the
 * completion, as Windows does); SOCKET_ERROR with the error if the
 * completion itself failed.
 */
int ws_ov_complete(int fd, uintptr_t ov, uintptr_t routine, uint32_t status,
		   uint64_t bytes)
{
	return complete_sync(fd, (LPWSAOVERLAPPED)ov,
			     (LPWSAOVERLAPPED_COMPLETION_ROUTINE)routine,
			     status, bytes);
}

static uint64_t total_len(const WSABUF *bufs, DWORD count)
{
	uint64_t sum = 0;
	DWORD i;

	for (i = 0; i < count; i++)
		sum += bufs[i].len;
	return sum;
}

static int check_bufs(LPWSABUF bufs, DWORD count)
{
	if (!bufs || !count)
		return -WSAEINVAL;	/* Wine test_empty_recv */
	if (count > 1024)
		return -WSAEINVAL;
	return 0;
}

/* The NTSTATUS of a blocking call's result. */
static uint32_t status_of(int r)
{
	switch (r) {
	case 0:			return 0;
	case -EMSGSIZE:		return 0x80000005u;	/* BUFFER_OVERFLOW */
	case -ECONNRESET:	return 0xC000020Du;
	case -ECONNABORTED:	return 0xC0000241u;
	case -ESHUTDOWN:	return 0xC00000B0u;
	case -ENOTCONN:		return 0xC0000140u;
	case -ETIMEDOUT:	return 0xC00000B5u;
	case -EINTR:		return 0xC0000120u;	/* CANCELLED */
	default:		return 0xC0000001u;	/* UNSUCCESSFUL */
	}
}

static int do_recv(SOCKET s, LPWSABUF bufs, DWORD count, LPDWORD recvd,
		   LPDWORD flags, struct sockaddr *from, LPINT fromlen,
		   LPWSAOVERLAPPED ov,
		   LPWSAOVERLAPPED_COMPLETION_ROUTINE routine)
{
	struct wsl_io io = { .op = WSL_OP_RECV };
	unsigned int ent;
	int fd = sock_of(s, &ent), r, len = 0;
	ssize_t n;
	DWORD in;

	if (fd < 0)
		return fail(fd);
	r = check_bufs(bufs, count);
	if (r < 0)
		return fail(r);
	if (!flags)
		return fail(-WSAEFAULT);
	in = *flags;
	if (ent & WS_ENT_STREAM) {
		from = NULL;	/* ignored on a connection-oriented socket */
		fromlen = NULL;
	} else if (from) {
		if (!fromlen)
			return fail(-WSAEFAULT);
		len = *fromlen;
		if (len < (ent & WS_ENT_INET6 ? 28 : 16))
			return fail(-WSAEFAULT);
	}

	if (!ov || (ent & WS_ENT_SYNC)) {
		uint32_t out = 0;
		uint64_t got;

		if (!ov && !recvd)
			return fail(-WSAEFAULT);
		/* Without an OVERLAPPED, as recv; a non-overlapped socket's
		 * overlapped call blocks even when nonblocking. */
		if (!ov)
			n = ws_recv_bufs(fd, ent, (const struct wsl_iovec *)bufs,
					 count, (int)in, from, fromlen, &out);
		else
			n = wsys_recvmsg(fd, (const struct wsl_iovec *)bufs, count,
					 (int)in, from, fromlen, 1, &out);
		if (n < 0 && n != -EMSGSIZE)
			return fail((int)n);
		/* A truncated datagram fills every buffer. */
		got = n >= 0 ? (uint64_t)n : total_len(bufs, count);
		*flags = out;
		if (recvd)
			*recvd = (DWORD)got;
		if (!ov) {
			if (n < 0)
				return fail((int)n);
			ws_set_error(0);
			return 0;
		}
		return complete_sync(fd, ov, routine,
				     status_of(n < 0 ? (int)n : 0), got);
	}

	io.flags = in;
	io.bufs = (uintptr_t)bufs;
	io.nbufs = count;
	io.flags_out = (uintptr_t)flags;
	if (from) {
		io.addr = (uintptr_t)from;
		io.addrlen = (uint32_t)len;
		io.addrlen_out = (uintptr_t)fromlen;
	}
	return ov_submit(fd, &io, ov, routine, recvd);
}

LIBWS_EXPORT int WSAAPI WSARecv(SOCKET s, LPWSABUF lpBuffers,
				DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
				LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
				LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
	return do_recv(s, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd,
		       lpFlags, NULL, NULL, lpOverlapped, lpCompletionRoutine);
}

LIBWS_EXPORT int WSAAPI WSARecvFrom(SOCKET s, LPWSABUF lpBuffers,
				    DWORD dwBufferCount,
				    LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
				    struct sockaddr *lpFrom, LPINT lpFromlen,
				    LPWSAOVERLAPPED lpOverlapped,
				    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
	return do_recv(s, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd,
		       lpFlags, lpFrom, lpFromlen, lpOverlapped,
		       lpCompletionRoutine);
}

static int do_send(SOCKET s, LPWSABUF bufs, DWORD count, LPDWORD sent,
		   DWORD flags, const struct sockaddr *to, int tolen,
		   LPWSAOVERLAPPED ov,
		   LPWSAOVERLAPPED_COMPLETION_ROUTINE routine)
{
	struct wsl_io io = { .op = WSL_OP_SEND };
	struct sockaddr_storage tmp;
	unsigned int ent;
	int fd = sock_of(s, &ent), r;
	ssize_t n;

	if (fd < 0)
		return fail(fd);
	if (!bufs && count)
		return fail(-WSAEFAULT);
	if (count > 1024)
		return fail(-WSAEINVAL);
	if (!ov && !sent)
		return fail(-WSAEFAULT);	/* Wine test_WSASendTo */
	if (ent & (WS_ENT_STREAM | WS_ENT_ROOTED)) {
		to = NULL;	/* ignored on a connection-oriented socket */
	} else if (to && tolen < (ent & WS_ENT_INET6 ? 28 : 16)) {
		return fail(-WSAEFAULT);
	}

	if (!ov || (ent & WS_ENT_SYNC)) {
		if (!ov)	/* as send */
			n = ws_send_bufs(fd, ent, (const struct wsl_iovec *)bufs,
					 count, (int)flags, to, tolen);
		else
			n = wsys_sendmsg(fd, (const struct wsl_iovec *)bufs, count,
					 (int)flags, to, tolen, 1);
		if (!ov) {
			if (n < 0)
				return fail((int)n);
			*sent = (DWORD)n;
			ws_set_error(0);
			return 0;
		}
		if (n < 0)
			return fail((int)n);
		if (sent)
			*sent = (DWORD)n;
		return complete_sync(fd, ov, routine, 0, (uint64_t)n);
	}

	io.flags = flags;
	io.bufs = (uintptr_t)bufs;
	io.nbufs = count;
	if (to) {
		r = wsys_addr_in(to, tolen, &tmp, sizeof(tmp));
		if (r < 0)
			return fail(r);
		io.addr = (uintptr_t)&tmp;
		io.addrlen = (uint32_t)r;
	}
	return ov_submit(fd, &io, ov, routine, sent);
}

LIBWS_EXPORT int WSAAPI WSASend(SOCKET s, LPWSABUF lpBuffers,
				DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent,
				DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped,
				LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
	return do_send(s, lpBuffers, dwBufferCount, lpNumberOfBytesSent,
		       dwFlags, NULL, 0, lpOverlapped, lpCompletionRoutine);
}

LIBWS_EXPORT int WSAAPI WSASendTo(SOCKET s, LPWSABUF lpBuffers,
				  DWORD dwBufferCount,
				  LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
				  const struct sockaddr *lpTo, int iTolen,
				  LPWSAOVERLAPPED lpOverlapped,
				  LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
	return do_send(s, lpBuffers, dwBufferCount, lpNumberOfBytesSent,
		       dwFlags, lpTo, iTolen, lpOverlapped,
		       lpCompletionRoutine);
}

/* --- results ------------------------------------------------------------- */

/*
 * Wait for an operation: on its event if it has one (Windows waits on
 * hEvent only, then reports whatever Internal holds: Wine's
 * test_WSAGetOverlappedResult), else on the socket. Not alertable.
 */
static int wait_op(int fd, LPOVERLAPPED ov, uint64_t deadline)
{
	unsigned int index;
	int32_t ev;

	if ((DWORD)ov->Internal != STATUS_PENDING)
		return 0;
	if ((uintptr_t)ov->hEvent > 1) {
		ev = event_fd_of(ov->hEvent);
		if (ev < 0)
			return -WSA_INVALID_HANDLE;
		return wsdev_wait(&ev, 1, 0, deadline, &index);
	}
	return wsys_ov_wait(fd, (uintptr_t)ov, deadline);
}

LIBWS_EXPORT BOOL WSAAPI WSAGetOverlappedResult(SOCKET s,
						LPWSAOVERLAPPED lpOverlapped,
						LPDWORD lpcbTransfer,
						BOOL fWait, LPDWORD lpdwFlags)
{
	int fd = sock_of(s, NULL), r;
	uint32_t status;

	(void)lpdwFlags;	/* Windows leaves it alone (see the man page) */
	if (fd < 0) {
		fail(fd);
		return FALSE;
	}
	if (!lpOverlapped || !lpcbTransfer) {
		ws_set_error(WSAEFAULT);
		return FALSE;
	}
	if (fWait) {
		r = wait_op(fd, lpOverlapped, WS_DEADLINE_INFINITE);
		if (r < 0 && r != -ETIMEDOUT) {
			fail(r);
			return FALSE;
		}
	}
	status = (uint32_t)__atomic_load_n(&lpOverlapped->Internal,
					   __ATOMIC_ACQUIRE);
	/* Written even on failure (Wine test_ip_pktinfo: 6 with WSAEMSGSIZE). */
	*lpcbTransfer = (DWORD)lpOverlapped->InternalHigh;
	if (status == STATUS_PENDING && !fWait) {
		ws_set_error(WSA_IO_INCOMPLETE);
		return FALSE;
	}
	if (NT_SUCCESS(status)) {
		ws_set_error(status ? ws_ntstatus_to_win32(status) : 0);
		return TRUE;
	}
	ws_set_error(ws_ntstatus_to_wsa(status));
	return FALSE;
}

/*
 * kernel32's, on a socket: Win32 codes (RtlNtStatusToDosError). @ms: how
 * long to wait (0: not at all).
 */
static BOOL get_result(HANDLE h, LPOVERLAPPED ov, LPDWORD bytes, DWORD ms,
		       BOOL alertable)
{
	int fd = ws_sock_fd((uintptr_t)h, NULL), r = 0;
	uint32_t status;
	DWORD w;

	if (fd < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	if (!ov || !bytes) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	if (ms && (DWORD)ov->Internal == STATUS_PENDING) {
		if ((uintptr_t)ov->hEvent > 1) {
			w = ws_wait_one((uintptr_t)ov->hEvent & ~(uintptr_t)1,
					ms, alertable);
			if (w == WAIT_IO_COMPLETION || w == WAIT_TIMEOUT) {
				ws_set_error(w);
				return FALSE;
			}
			if (w == WAIT_FAILED)
				return FALSE;
		} else {
			r = wsys_ov_wait(fd, (uintptr_t)ov,
					 ms == INFINITE ? WS_DEADLINE_INFINITE :
					 ws_deadline_ms(wsys_now_ns(), ms));
		}
		if (r == -ETIMEDOUT) {
			ws_set_error(WAIT_TIMEOUT);
			return FALSE;
		}
		if (r < 0) {
			ws_set_error(ERROR_INVALID_HANDLE);
			return FALSE;
		}
	}
	status = (uint32_t)__atomic_load_n(&ov->Internal, __ATOMIC_ACQUIRE);
	*bytes = (DWORD)ov->InternalHigh;
	if (status == STATUS_PENDING) {
		ws_set_error(ERROR_IO_INCOMPLETE);
		return FALSE;
	}
	ws_set_error(ws_ntstatus_to_win32(status));
	return NT_SUCCESS(status);
}

LIBWS_EXPORT BOOL WINAPI GetOverlappedResult(HANDLE hFile,
					     LPOVERLAPPED lpOverlapped,
					     LPDWORD lpNumberOfBytesTransferred,
					     BOOL bWait)
{
	return get_result(hFile, lpOverlapped, lpNumberOfBytesTransferred,
			  bWait ? INFINITE : 0, FALSE);
}

LIBWS_EXPORT BOOL WINAPI GetOverlappedResultEx(HANDLE hFile,
					       LPOVERLAPPED lpOverlapped,
					       LPDWORD lpNumberOfBytesTransferred,
					       DWORD dwMilliseconds,
					       BOOL bAlertable)
{
	return get_result(hFile, lpOverlapped, lpNumberOfBytesTransferred,
			  dwMilliseconds, bAlertable);
}

/* --- cancellation ---------------------------------------------------------- */

LIBWS_EXPORT BOOL WINAPI CancelIo(HANDLE hFile)
{
	int fd = ws_sock_fd((uintptr_t)hFile, NULL), r;

	if (fd < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	r = wsys_cancel(fd, 0, 1);
	if (r < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	ws_set_error(0);
	return TRUE;
}

LIBWS_EXPORT BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)
{
	int fd = ws_sock_fd((uintptr_t)hFile, NULL), r;

	if (fd < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	r = wsys_cancel(fd, (uintptr_t)lpOverlapped, 0);
	if (r == 0 || r == -ENOENT) {
		/* Nothing to cancel (Wine test_send_buffering). */
		ws_set_error(ERROR_NOT_FOUND);
		return FALSE;
	}
	if (r < 0) {
		ws_set_error(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	ws_set_error(0);
	return TRUE;
}

/* --- completion routines ---------------------------------------------------- */

/*
 * The specification's WSARecv page: "for a given socket, I/O completion
 * routines will not be nested". A routine that waits alertably runs the
 * routines of other sockets; those of its own socket wait until it
 * returns. Per thread: the sockets whose routine is running, and the
 * routines held back.
 */
struct held_apc {
	struct held_apc	*next;
	uint64_t	routine;
	uint64_t	args[3];
	uint32_t	tag;
};

#define MAX_NESTED	16

static __thread uint32_t running[MAX_NESTED];
static __thread int nrunning;
static __thread struct held_apc *held;

static int is_running(uint32_t tag)
{
	int i;

	for (i = 0; i < nrunning; i++)
		if (running[i] == tag)
			return 1;
	return 0;
}

static void call_routine(uint64_t routine, const uint64_t args[3])
{
	uint32_t status = (uint32_t)(args[2] >> 32);

	((LPWSAOVERLAPPED_COMPLETION_ROUTINE)(uintptr_t)routine)(
		(DWORD)ws_ntstatus_to_wsa(status), (DWORD)args[1],
		(LPWSAOVERLAPPED)(uintptr_t)args[0], (DWORD)(args[1] >> 32));
}

static void hold(uint64_t routine, const uint64_t args[3], uint32_t tag)
{
	struct held_apc *h = malloc(sizeof(*h)), **p;

	if (!h) {
		call_routine(routine, args);	/* nesting beats losing it */
		return;
	}
	h->next = NULL;
	h->routine = routine;
	h->args[0] = args[0];
	h->args[1] = args[1];
	h->args[2] = args[2];
	h->tag = tag;
	for (p = &held; *p; p = &(*p)->next)
		;
	*p = h;
}

/* Take the first held routine of socket @tag, or NULL. */
static struct held_apc *take_held(uint32_t tag)
{
	struct held_apc **p, *h;

	for (p = &held; *p; p = &(*p)->next) {
		if ((*p)->tag == tag) {
			h = *p;
			*p = h->next;
			return h;
		}
	}
	return NULL;
}

/**
 * ws_run_io_apc() - run an overlapped operation's completion routine
 * @routine: the routine
 * @args: the APC's arguments: the OVERLAPPED, bytes | flags << 32,
 *	WS_APC_IO | NTSTATUS << 32
 * @tag: the socket's descriptor
 *
 * The routine gets the Winsock error code (0 on success), the byte count,
 * the OVERLAPPED and the flags, as ws2_32 calls it.
 */
void ws_run_io_apc(uint64_t routine, const uint64_t args[3], uint32_t tag)
{
	struct held_apc *h;

	if (is_running(tag) || nrunning == MAX_NESTED) {
		hold(routine, args, tag);
		return;
	}
	running[nrunning++] = tag;
	call_routine(routine, args);
	while ((h = take_held(tag))) {
		call_routine(h->routine, h->args);
		free(h);
	}
	nrunning--;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The socket functions of Windows Sockets over the ws family.
 *
 * Each function checks, in this order: WSAStartup done (else
 * WSANOTINITIALISED), the SOCKET is a ws socket of this process (else
 * WSAENOTSOCK, without a system call), the caller's pointers and lengths
 * (else WSAEFAULT, before the socket call, so that nothing is consumed),
 * then makes the system call and converts its error once. A blocking call
 * interrupted by a signal is made again, or finished, as described under
 * "Blocking calls and signals"; closesocket checks the descriptor is still
 * libws's socket before it closes it.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>
#include <mswsock.h>

#include "internal.h"

/* ioctlsocket commands also accepted under their Linux numbers, in case a
 * Linux header redefined FIONBIO & co. after winsock2.h. */
#define LINUX_FIONREAD		0x541b
#define LINUX_FIONBIO		0x5421
#define LINUX_SIOCATMARK	0x8905

/* Linux's flag, which the module takes beside Winsock's. */
#define LINUX_MSG_DONTWAIT	0x40

#define SEND_FLAGS		(MSG_OOB | MSG_DONTROUTE)
#define RECV_FLAGS		(MSG_OOB | MSG_PEEK | MSG_WAITALL)

/* The descriptor of a SOCKET: ws_sock_fd() (internal.h). */
static int sock_fd(SOCKET s, unsigned int *flags)
{
	return ws_sock_fd((uintptr_t)s, flags);
}

/* Size of the socket addresses of a socket's family. */
static int sockaddr_size(unsigned int flags)
{
	return flags & WS_ENT_INET6 ? (int)sizeof(SOCKADDR_IN6) :
				      (int)sizeof(SOCKADDR_IN);
}

static ADDRESS_FAMILY sock_af(unsigned int flags)
{
	return flags & WS_ENT_INET6 ? AF_INET6 : AF_INET;
}

/* Reads an int the caller points to (a length argument). */
static int get_int(const int *p, int *val)
{
	if (!p)
		return -WSAEFAULT;
	return wsys_copy_in(val, p, sizeof(*val));
}

/*
 * Blocking calls and signals
 * --------------------------
 * accept, connect, send and recv on a blocking socket may wait. While one
 * runs it is counted in the table (ws_table_enter), so that closesocket
 * and WSACleanup know this process has a call to cancel.
 *
 * Windows has no signals; on Linux a signal interrupts the wait. The kernel
 * restarts the call itself under SA_RESTART, except on a socket with
 * SO_RCVTIMEO or SO_SNDTIMEO (Linux's sock_intr_errno), and fails it with
 * EINTR otherwise. WSAEINTR is Winsock's code for a call cancelled by
 * closesocket, so after EINTR libws looks at the table: if this process
 * closed the socket meanwhile (ws_table_closed), the call fails with
 * WSAEINTR; if not, a signal interrupted it, and the call goes on:
 *  - on a socket without the call's timeout (SO_RCVTIMEO for recv and
 *    accept, SO_SNDTIMEO for send and connect, as the module applies them)
 *    the same blocking call is made again;
 *  - with a timeout, what is left of it is waited for in ws_table_poll(),
 *    which closesocket ends too, and the call is then made without
 *    waiting (MSG_DONTWAIT); when the time is up it fails as the module
 *    fails it (WSAETIMEDOUT for recv and send, WSAEWOULDBLOCK for accept
 *    and connect);
 *  - an interrupted connect is always finished that way: the kernel goes on
 *    connecting, the socket is marked as connecting (so that select
 *    reports the outcome if the call ends before it), and the outcome is
 *    SO_ERROR once the socket is writable or in error.
 * A blocking send, and a blocking recv with MSG_WAITALL, that an
 * interruption cut short go on with the rest: on Windows a blocking send
 * returns when all the data is buffered, and MSG_WAITALL when the buffer
 * is full, the connection closed, or an error occurred.
 *
 * A nonblocking call is never interrupted by a signal: EINTR is the
 * module's cancellation. It is tried once more, in case it came from
 * another process (a module that cancels calls for every process sharing
 * the socket), then reported as WSAEINTR. The same bound protects a
 * blocking call against such a module: EINTR returned at once, many times
 * in a row, is a cancellation, not signals.
 *
 * send and recv make a nonblocking call's first attempt before they set
 * the call up: a program driven by WSAEventSelect or select makes them in
 * every turn of its loop, and only an EINTR needs the rest
 * (call_begin_after()).
 */
#define CALL_SPIN_MAX		100		/* immediate EINTRs in a row */
#define CALL_SPIN_NS		50000

struct call {
	int		fd;
	int		counted;	/* in the table's busy count */
	uint64_t	token;		/* ws_table_enter()'s */
	int		timeo_name;	/* SO_RCVTIMEO or SO_SNDTIMEO */
	int64_t		timeout_ns;	/* -2: not known yet; -1: none */
	uint64_t	start_ns;
	int		polling;	/* waiting in ws_table_poll() */
	int		alertable;	/* ... alertably */
	short		events;		/* what ws_table_poll() waits for */
	short		revents;	/* what it saw last */
	int		spins;
	int		attempts;	/* of a counted call, started so far */
};

/* Return: 0, or -WSAENOTSOCK (closed meanwhile). */
static int call_begin(struct call *c, int fd, unsigned int flags,
		      int timeo_name, short events)
{
	int r;

	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->timeo_name = timeo_name;
	c->timeout_ns = -2;
	c->events = events;
	if (flags & WS_ENT_NONBLOCK)
		return 0;
	r = ws_table_enter(fd, &c->token);
	if (r < 0)
		return r;
	c->counted = 1;
	c->start_ns = wsys_now_ns();
	return 0;
}

/*
 * The start of an attempt, for call_interrupted(): only a counted
 * (blocking) call times its attempts, and its first starts when the call
 * does. A nonblocking call, the common case of an event-driven program,
 * reads no clock at all.
 */
static uint64_t call_attempt(struct call *c)
{
	if (!c->counted)
		return 0;
	if (!c->attempts++)
		return c->start_ns;
	return wsys_now_ns();
}

/*
 * call_begin() for a call whose first attempt, made without it, failed
 * with EINTR: that attempt counts as the nonblocking call's first
 * interruption.
 */
static int call_begin_after(struct call *c, int fd, unsigned int flags,
			    int timeo_name, short events, int interrupted)
{
	int r = call_begin(c, fd, flags, timeo_name, events);

	c->spins = interrupted;
	return r;
}

static void call_end(struct call *c)
{
	if (c->counted)
		ws_table_leave(c->fd);
}

/* The call's timeout in ns (-1: none), asked of the module once. */
static int64_t call_timeout(struct call *c)
{
	DWORD ms = 0;
	int len = sizeof(ms);

	if (c->timeout_ns == -2) {
		if (wsys_getsockopt(c->fd, SOL_SOCKET, c->timeo_name, &ms,
				    &len) < 0)
			ms = 0;
		c->timeout_ns = ms ? (int64_t)ms * 1000000 : -1;
	}
	return c->timeout_ns;
}

/* What is left of the call's timeout: -1 (none), or >= 0 ns. */
static int64_t call_left(struct call *c)
{
	int64_t t = call_timeout(c), left;

	if (t < 0)
		return -1;
	left = (int64_t)(c->start_ns + (uint64_t)t - wsys_now_ns());
	return left > 0 ? left : 0;
}

/*
 * After an attempt of the call returned EINTR: -WSAEINTR when the call
 * was cancelled, else 0 and the call goes on (c->polling says how).
 * @repeat: the call may simply be made again when there is no timeout.
 */
static int call_interrupted(struct call *c, uint64_t attempt_start, int repeat)
{
	if (!c->counted)
		return c->spins++ ? -WSAEINTR : 0;
	if (ws_table_closed(c->fd, c->token))
		return -WSAEINTR;
	if (wsys_now_ns() - attempt_start < CALL_SPIN_NS) {
		if (++c->spins >= CALL_SPIN_MAX)
			return -WSAEINTR;
	} else {
		c->spins = 0;
	}
	if (!repeat || call_timeout(c) >= 0)
		c->polling = 1;
	return 0;
}

/*
 * Waits in ws_table_poll() for what is left of the timeout. Return: 1
 * (ready: make the call without waiting), 0 (the time is up), -WSAEINTR
 * (closed), -errno.
 */
static int call_wait(struct call *c)
{
	int64_t left = call_left(c);
	int r;

	if (left == 0)
		return 0;
	r = ws_table_poll_ex(c->fd, c->token, c->events, left, c->alertable);
	if (r <= 0)
		return r;
	c->revents = (short)r;
	return 1;
}

/*
 * An attempt's error: EBADF on a socket this process closed during the
 * call is the call cancelled by closesocket (the descriptor went before
 * the attempt reached the kernel).
 */
static int call_error(struct call *c, int r)
{
	if (r == -EBADF && c->counted && ws_table_closed(c->fd, c->token))
		return -WSAEINTR;
	return r;
}

static SOCKET fail_socket(int neg)
{
	ws_fail(neg == -EBADF ? -WSAENOTSOCK : neg);	/* see result() */
	return INVALID_SOCKET;
}

/*
 * The result of a call on a SOCKET. EBADF means its descriptor is gone (a
 * closesocket in another thread won the race, or a close(2) behind libws's
 * back): the SOCKET is no socket any more, WSAENOTSOCK (spec closesocket).
 */
/*
 * A call's result: SOCKET_ERROR with the WSA code, or the value with the
 * last error set to 0, as Windows' Winsock functions set it when they
 * succeed (Wine test_shutdown, test_WSASendMsg, test_get_extension_func).
 */
static int result(int r)
{
	if (r == -EBADF)
		r = -WSAENOTSOCK;
	if (r < 0)
		return ws_fail(r);
	ws_set_error(0);
	return r;
}

/*
 * @role: WSL_MP_* bits; @entry: the catalog entry WSASocket was given, or
 * NULL. The socket belongs to that entry if it is of the socket's address
 * family, type and protocol; else, as always without one, to the first
 * entry of those that admits the role (the module's choice).
 */
static SOCKET create_socket(int af, int type, int protocol, int cloexec,
			    uint32_t role, const struct ws_protocol_entry *entry)
{
	unsigned int ent;
	int family, fd, r;

	if (!ws_started())
		return fail_socket(-WSANOTINITIALISED);
	/* Wine test_WSASocket: af 0 needs a protocol to find the entry. */
	if (af == AF_UNSPEC && protocol == 0)
		return fail_socket(-WSAEINVAL);
	/* The kernel gets af and protocol packed (WS_PROTOCOL) and type with
	 * room for Linux flags: refuse what would not survive the packing. */
	if (af < 0 || af > 0xff)
		return fail_socket(-WSAEAFNOSUPPORT);
	if (type & ~0xf)
		return fail_socket(-WSAESOCKTNOSUPPORT);
	if (protocol < 0 || protocol > 0xffff)
		return fail_socket(-WSAEPROTONOSUPPORT);
	/* Type 0: the type of the protocol, as Windows' catalog lookup
	 * finds it (Wine test_WSASocket): TCP and 0 stream, UDP datagram. */
	if (type == 0 && (protocol == 0 || protocol == IPPROTO_TCP))
		type = SOCK_STREAM;
	else if (type == 0 && protocol == IPPROTO_UDP)
		type = SOCK_DGRAM;
	/* af 0: the family of the protocol's first entry in the catalog. */
	if (af == AF_UNSPEC) {
		r = ws_protocol_find_af(&af, &type, protocol);
		if (r < 0)
			return fail_socket(r);
	}
	family = ws_family();
	if (family < 0)
		return fail_socket(family);

	if (entry && entry->info.address_family == af &&
	    entry->info.socket_type == type &&
	    (entry->info.protocol == protocol ||
	     (!protocol && (entry->info.provider_flags & PFL_MATCHES_PROTOCOL_ZERO))) &&
	    entry->nth <= WSL_PROTOCOL_ENTRY_MAX)
		role |= WSL_PROTOCOL_ENTRY(entry->nth);
	fd = wsys_socket_mp(family, type, af, protocol, role, cloexec);
	if (fd < 0)
		return fail_socket(fd);
	ent = (af == AF_INET6 ? WS_ENT_INET6 : 0) |
	      (type == SOCK_STREAM ? WS_ENT_STREAM : 0) |
	      (type == SOCK_SEQPACKET ? WS_ENT_ROOTED : 0) |
	      ((type == SOCK_SEQPACKET && (role & WSL_MP_C_ROOT)) ?
	       WS_ENT_C_ROOT : 0) |
	      (cloexec ? WS_ENT_CLOEXEC : 0);
	r = ws_table_add(fd, ent);
	if (r < 0) {
		wsys_close(fd);
		return fail_socket(r);
	}
	ws_set_error(0);
	return (SOCKET)fd;
}

/*
 * SO_OPENTYPE: a per-thread setting, not a socket's (Wine test_so_opentype,
 * check_so_opentype: a new thread reads 0). Nonzero (SO_SYNCHRONOUS_ALERT,
 * SO_SYNCHRONOUS_NONALERT, or any other value, which Windows takes as
 * well) makes socket() create sockets that are not overlapped, as
 * WSASocket without WSA_FLAG_OVERLAPPED does.
 */
static __thread int opentype;

LIBWS_EXPORT SOCKET WSAAPI socket(int af, int type, int protocol)
{
	SOCKET s = create_socket(af, type, protocol, 0, 0, NULL);

	if (s != INVALID_SOCKET && opentype)
		ws_table_set_bits((int)s, WS_ENT_SYNC);
	return s;
}

/*
 * WSASocket: WSA_FLAG_OVERLAPPED makes an overlapped socket, as socket()
 * always does; without it the socket is not overlapped, and an overlapped
 * call on it blocks until done (overlapped.c), as on Windows. A
 * WSAPROTOCOL_INFO names an entry of the protocol catalog and gives the
 * af, type and protocol passed as FROM_PROTOCOL_INFO or 0 (catalog.c);
 * the socket belongs to that entry when it is of the resulting af, type
 * and protocol (Windows' provider makes a socket of the arguments even
 * when they are another entry's, Wine test_WSASocket).
 * The WSA_FLAG_MULTIPOINT_* flags are the socket's multipoint role, which
 * the module checks against the socket's catalog entry (exactly one
 * control-plane and one data-plane role, roots only on rooted planes,
 * leaves only on multipoint protocols: WSAEINVAL otherwise). Socket groups
 * fail with WSAEINVAL. WSA_FLAG_NO_HANDLE_INHERIT gives a close-on-exec
 * descriptor; WSA_FLAG_ACCESS_SYSTEM_SECURITY has no meaning without
 * Windows security descriptors and is ignored.
 */
static SOCKET wsasocket(int af, int type, int protocol, const void *info,
			GROUP g, DWORD dwFlags)
{
	const DWORD known = WSA_FLAG_OVERLAPPED | WSA_FLAG_MULTIPOINT_C_ROOT |
			    WSA_FLAG_MULTIPOINT_C_LEAF |
			    WSA_FLAG_MULTIPOINT_D_ROOT |
			    WSA_FLAG_MULTIPOINT_D_LEAF |
			    WSA_FLAG_ACCESS_SYSTEM_SECURITY |
			    WSA_FLAG_NO_HANDLE_INHERIT;
	struct ws_protocol_entry entry;
	uint32_t role = 0;
	SOCKET s;
	int r;

	if (!ws_started())
		return fail_socket(-WSANOTINITIALISED);
	/* WSADuplicateSocket's structure: g and dwFlags are ignored
	 * (spec WSASocket, "Shared Sockets"). */
	if (info) {
		uint32_t token;

		r = ws_dup_token(info, &token);
		if (r < 0)
			return fail_socket(r);
		if (token)
			return (SOCKET)ws_dup_claim(token);
	}
	if (g || (dwFlags & ~known))
		return fail_socket(-WSAEINVAL);
	if (info) {
		r = ws_protocol_info_apply(info, &af, &type, &protocol, &entry);
		if (r < 0)
			return fail_socket(r);
		/* The entry's provider makes the socket: no catalog lookup
		 * for af 0 (Wine test_WSASocket). */
		if (af == AF_UNSPEC)
			return fail_socket(-WSAEAFNOSUPPORT);
	}
	if (dwFlags & WSA_FLAG_MULTIPOINT_C_ROOT)
		role |= WSL_MP_C_ROOT;
	if (dwFlags & WSA_FLAG_MULTIPOINT_C_LEAF)
		role |= WSL_MP_C_LEAF;
	if (dwFlags & WSA_FLAG_MULTIPOINT_D_ROOT)
		role |= WSL_MP_D_ROOT;
	if (dwFlags & WSA_FLAG_MULTIPOINT_D_LEAF)
		role |= WSL_MP_D_LEAF;
	s = create_socket(af, type, protocol,
			  !!(dwFlags & WSA_FLAG_NO_HANDLE_INHERIT), role,
			  info ? &entry : NULL);
	if (s != INVALID_SOCKET && !(dwFlags & WSA_FLAG_OVERLAPPED))
		ws_table_set_bits((int)s, WS_ENT_SYNC);
	return s;
}

LIBWS_EXPORT SOCKET WSAAPI WSASocketA(int af, int type, int protocol,
				      LPWSAPROTOCOL_INFOA lpProtocolInfo,
				      GROUP g, DWORD dwFlags)
{
	return wsasocket(af, type, protocol, lpProtocolInfo, g, dwFlags);
}

LIBWS_EXPORT SOCKET WSAAPI WSASocketW(int af, int type, int protocol,
				      LPWSAPROTOCOL_INFOW lpProtocolInfo,
				      GROUP g, DWORD dwFlags)
{
	return wsasocket(af, type, protocol, lpProtocolInfo, g, dwFlags);
}

/*
 * closesocket first makes sure the descriptor is still the socket libws
 * created (a program may have closed it with close(2), and the number may
 * have been reused by a file or a socket libws did not make: WSAENOTSOCK,
 * "further references to s will fail with the error WSAENOTSOCK", and the
 * descriptor is left alone). It asks the module whether closing would have
 * to block a nonblocking socket that lingers (WSAEWOULDBLOCK, socket kept
 * open; ENOTTY here means it is no ws socket at all), then forgets the
 * descriptor, cancels the calls other threads of this process are blocked
 * in on it ("any pending blocking ... calls issued by any thread in this
 * process are canceled": they fail with WSAEINTR; ws_table_cancel()) and
 * closes it; a blocking lingering close blocks in close(2). Other
 * processes sharing the socket (fork) keep using it.
 */
LIBWS_EXPORT int WSAAPI closesocket(SOCKET s)
{
	int fd = sock_fd(s, NULL), r;

	if (fd < 0)
		return ws_fail(fd);
	r = ws_table_verify(fd);
	if (r == 0) {
		r = wsys_closecheck(fd);
		if (r == -EWOULDBLOCK)
			return ws_fail(r);
		if (r == -ENOTTY || r == -EBADF)
			r = -WSAENOTSOCK;
	}
	if (r < 0) {
		/* Not (any longer) libws's socket: forget it, close nothing. */
		ws_table_remove(fd);
		return ws_fail(-WSAENOTSOCK);
	}
	if (ws_table_remove(fd))
		ws_table_cancel(fd);
	return result(wsys_close(fd));
}

/* A sockaddr argument: present, long enough for the socket's family. */
static int check_name(const struct sockaddr *name, int namelen,
		      unsigned int flags)
{
	if (!name || namelen < sockaddr_size(flags))
		return -WSAEFAULT;
	return 0;
}

LIBWS_EXPORT int WSAAPI bind(SOCKET s, const struct sockaddr FAR *name,
			     int namelen)
{
	ADDRESS_FAMILY family;
	unsigned int flags;
	int fd = sock_fd(s, &flags), r;

	if (fd < 0)
		return ws_fail(fd);
	r = check_name(name, namelen, flags);
	if (r < 0)
		return ws_fail(r);
	r = wsys_copy_in(&family, &name->sa_family, sizeof(family));
	if (r < 0)
		return ws_fail(r);
	/* A family that is not an IP one is WSAEAFNOSUPPORT (Wine test_bind);
	 * the other IP family is "the first two bytes ... does not match the
	 * address family associated with the socket": WSAEFAULT. */
	if (family != AF_INET && family != AF_INET6)
		return ws_fail(-WSAEAFNOSUPPORT);
	if (family != sock_af(flags))
		return ws_fail(-WSAEFAULT);
	return result(wsys_bind(fd, name, namelen));
}

LIBWS_EXPORT int WSAAPI listen(SOCKET s, int backlog)
{
	int fd = sock_fd(s, NULL), r;

	if (fd < 0)
		return ws_fail(fd);
	if (backlog < 0) {
		/* SOMAXCONN_HINT(n): n, kept within 200..65535. */
		backlog = backlog == INT_MIN ? 65535 : -backlog;
		if (backlog < 200)
			backlog = 200;
		if (backlog > 65535)
			backlog = 65535;
	}
	r = wsys_listen(fd, backlog);
	if (r == 0)
		ws_table_set_bits(fd, WS_ENT_LISTENING);
	return result(r);
}

/* accept(2), going on after signals (see "Blocking calls and signals"). */
static int accept_call(struct call *c, void *addr, int *addrlen,
		       unsigned int flags)
{
	uint64_t t;
	int r;

	for (;;) {
		if (c->polling) {
			r = call_wait(c);
			if (r == 0)
				return -EWOULDBLOCK;	/* SO_RCVTIMEO ran out */
			if (r < 0)
				return r;
		}
		t = call_attempt(c);
		/* Blocking: after the wait a connection is there, unless
		 * another process took it; the loop then waits again. */
		r = wsys_accept(c->fd, addr, addrlen,
				!!(flags & WS_ENT_NONBLOCK),
				!!(flags & WS_ENT_CLOEXEC));
		if (r == -EWOULDBLOCK && c->polling)
			continue;
		if (r != -EINTR)
			return call_error(c, r);
		r = call_interrupted(c, t, 1);
		if (r < 0)
			return r;
	}
}

/*
 * The result of accept and WSAAccept: @nfd (or -errno) is entered in the
 * table with the listener's @flags and, for a WSAAsyncSelect listener
 * (@async, ws_ids_lock() held since before the accept), its id; a
 * descriptor the table cannot take is closed.
 */
static SOCKET accepted(int nfd, unsigned int flags, int async)
{
	uint64_t id;
	int r;

	r = nfd < 0 ? nfd :
	    ws_table_add(nfd, flags & (WS_ENT_INET6 | WS_ENT_STREAM |
				       WS_ENT_ROOTED | WS_ENT_NONBLOCK |
				       WS_ENT_CLOEXEC));
	if (r == 0 && async && wsys_get_id(nfd, &id) == 0)
		r = ws_table_set_id_locked(nfd, id);
	if (async)
		ws_ids_unlock();
	if (nfd >= 0 && r < 0) {
		ws_table_remove(nfd);
		wsys_close(nfd);
	}
	if (r < 0)
		return fail_socket(r);
	ws_set_error(0);
	return (SOCKET)nfd;
}

static SOCKET do_accept(SOCKET s, struct sockaddr *addr, int *addrlen)
{
	unsigned int flags;
	int fd = sock_fd(s, &flags), nfd, r, len, async;
	struct call c;

	if (fd < 0)
		return fail_socket(fd);
	/* "If addr and/or addrlen are equal to NULL, then no information
	 * about the remote address ... is returned." */
	if (addr && addrlen) {
		r = get_int(addrlen, &len);
		if (r < 0 || len < sockaddr_size(flags))
			return fail_socket(-WSAEFAULT);
	} else {
		addr = NULL;
		addrlen = NULL;
	}

	/*
	 * The accepted socket has the listening socket's properties,
	 * including its WSAAsyncSelect: its messages may be posted during
	 * accept(2), so its id is registered before anyone can look it up
	 * (ws_ids_lock, see internal.h). Such a listener is nonblocking (the
	 * module refuses blocking mode while it is selected), so the lock is
	 * not held across a wait.
	 */
	async = (flags & WS_ENT_ASYNC) && (flags & WS_ENT_NONBLOCK);
	r = call_begin(&c, fd, flags, SO_RCVTIMEO, WSYS_POLLIN);
	if (r < 0)
		return fail_socket(r);
	/*
	 * A blocking accept is alertable (Wine test_accept: an APC queued
	 * before it runs while it waits, and it still returns the
	 * connection): on a socket that listens, it waits in the module's
	 * poll first. (Any other socket fails at once.)
	 */
	if ((flags & (WS_ENT_NONBLOCK | WS_ENT_LISTENING)) == WS_ENT_LISTENING)
		c.polling = c.alertable = 1;
	if (async)
		ws_ids_lock();
	nfd = accept_call(&c, addr, addrlen, flags);
	call_end(&c);
	return accepted(nfd, flags, async);
}

LIBWS_EXPORT SOCKET WSAAPI accept(SOCKET s, struct sockaddr FAR *addr,
				  int FAR *addrlen)
{
	return do_accept(s, addr, addrlen);
}

/* A conditional accept's accept(2), going on after signals as accept_call. */
static int cond_accept_call(struct call *c, struct wsl_accept_cond *ac)
{
	uint64_t t;
	int r;

	for (;;) {
		if (c->polling) {
			r = call_wait(c);
			if (r == 0)
				return -EWOULDBLOCK;	/* SO_RCVTIMEO ran out */
			if (r < 0)
				return r;
		}
		t = call_attempt(c);
		/* Registered again each time: an attempt consumes it. */
		r = wsys_accept_cond(c->fd, ac);
		if (r == -EWOULDBLOCK && c->polling)
			continue;
		if (r != -EINTR)
			return call_error(c, r);
		r = call_interrupted(c, t, 1);
		if (r < 0)
			return r;
	}
}

/* The verdict on a connection not accepted; @err is the call's error. */
static SOCKET cond_refuse(int fd, uint64_t cookie, int verdict, int err)
{
	int r = wsys_accept_verdict(fd, cookie, verdict, 0);

	return fail_socket(r < 0 ? r : err);
}

/*
 * WSAAccept on a rooted multipoint root (uapi/linux/ws.h, "Rooted
 * multipoint"): the next complete join request that no other thread
 * claimed is described (WS_IOC_RT_PEEK, which never waits: a blocking
 * WSAAccept waits for FD_ACCEPT's poll(2) condition, alertably, as accept
 * does), the condition function sees the leaf's address (lpCallerId), its
 * caller data (lpCallerData, NULL if it sent none: "If no caller ID or
 * caller data is available, the corresponding parameters will be NULL"),
 * the root's address of that connection (lpCalleeId) and a
 * WSL_RT_MAX_CONNDATA-byte lpCalleeData for the data that goes back with
 * the admission. The
 * verdict goes to the module (WS_IOC_RT_VERDICT): CF_ACCEPT claims the
 * join for this thread, whose accept(2) then admits the leaf and returns
 * its membership socket; CF_REJECT refuses it (the leaf's join fails with
 * WSAECONNREFUSED) and fails with WSAECONNREFUSED; CF_DEFER leaves it
 * pending, first in line, and fails with WSATRY_AGAIN; any other value
 * rejects it and fails with WSAEINVAL. A join whose leaf went meanwhile
 * is WSAEACCES ("The connection request that was offered has timed out
 * or been withdrawn"); one another thread claimed meanwhile is left to
 * that thread, and the call looks for the next one.
 */
static SOCKET rt_accept(int fd, unsigned int flags, struct sockaddr *addr,
			int *addrlen, int len, LPCONDITIONPROC cond,
			DWORD_PTR data)
{
	static __thread char caller[WSL_RT_MAX_CONNDATA];
	static __thread char callee[WSL_RT_MAX_CONNDATA];
	WSABUF caller_id, caller_data, callee_id, callee_data;
	struct wsl_rt_join_info ji;
	int r, nfd, verdict, async;
	uint32_t n;
	GROUP g = 0;
	struct call c;

again:
	r = call_begin(&c, fd, flags, SO_RCVTIMEO, WSYS_POLLIN);
	if (r < 0)
		return fail_socket(r);
	c.alertable = 1;
	for (;;) {
		r = call_error(&c, wsys_rt_peek(fd, &ji, caller,
						sizeof(caller)));
		if (r != -EWOULDBLOCK || !c.counted)
			break;
		/* Blocking: wait for a complete join (FD_ACCEPT). */
		r = call_wait(&c);
		if (r == 0) {
			r = -EWOULDBLOCK;	/* SO_RCVTIMEO ran out */
			break;
		}
		if (r < 0)
			break;
	}
	call_end(&c);
	if (r < 0)
		return fail_socket(r);

	if (addr && ji.peer_len &&
	    (wsys_copy_out(addr, ji.peer,
			   (size_t)(ji.peer_len < len ? ji.peer_len : len)) < 0 ||
	     wsys_copy_out(addrlen, &ji.peer_len, sizeof(ji.peer_len)) < 0))
		return fail_socket(-WSAEFAULT);	/* the join stays pending */

	caller_id.len = (ULONG)ji.peer_len;
	caller_id.buf = (CHAR *)ji.peer;
	n = ji.caller_len < sizeof(caller) ? ji.caller_len : sizeof(caller);
	caller_data.len = n;
	caller_data.buf = caller;
	callee_id.len = (ULONG)ji.local_len;
	callee_id.buf = (CHAR *)ji.local;
	callee_data.len = sizeof(callee);
	callee_data.buf = callee;
	verdict = cond(ji.peer_len ? &caller_id : NULL, n ? &caller_data : NULL,
		       NULL, NULL, ji.local_len ? &callee_id : NULL, &callee_data,
		       &g, data);
	switch (verdict) {
	case CF_ACCEPT:
		break;
	case CF_REJECT:
		r = wsys_rt_verdict(fd, ji.cookie, WSL_CF_REJECT, NULL, 0);
		if (r == -EBUSY)
			goto again;
		return fail_socket(r == -ENOENT ? -WSAEACCES :
				   r < 0 ? r : -WSAECONNREFUSED);
	case CF_DEFER:
		r = wsys_rt_verdict(fd, ji.cookie, WSL_CF_DEFER, NULL, 0);
		if (r == -EBUSY)
			goto again;
		return fail_socket(r == -ENOENT ? -WSAEACCES :
				   r < 0 ? r : -WSATRY_AGAIN);
	default:
		wsys_rt_verdict(fd, ji.cookie, WSL_CF_REJECT, NULL, 0);
		return fail_socket(-WSAEINVAL);
	}
	/* "copy up to lpCalleeData->len bytes ... and then update
	 * lpCalleeData->len": no more than the buffer it was given. */
	if (callee_data.len > sizeof(callee))
		callee_data.len = sizeof(callee);
	r = wsys_rt_verdict(fd, ji.cookie, WSL_CF_ACCEPT,
			    callee_data.len ? callee_data.buf : NULL,
			    callee_data.len);
	if (r == -EBUSY)
		goto again;
	if (r < 0)
		return fail_socket(r == -ENOENT ? -WSAEACCES : r);
	/* As accept: the id is known before a message can name it. */
	async = (flags & WS_ENT_ASYNC) && (flags & WS_ENT_NONBLOCK);
	if (async)
		ws_ids_lock();
	nfd = wsys_accept(fd, NULL, NULL, !!(flags & WS_ENT_NONBLOCK),
			  !!(flags & WS_ENT_CLOEXEC));
	if (nfd == -EWOULDBLOCK)
		nfd = -WSAEACCES;	/* the leaf went after the verdict */
	return accepted(nfd, flags, async);
}

/*
 * WSAAccept. The module holds the connection while the condition function
 * runs (uapi/linux/ws.h, "Conditional accept"): the handshake is complete
 * by then, as on Windows without SO_CONDITIONAL_ACCEPT, so a rejected peer
 * sees a reset. The function gets the caller's and the listener's side of
 * the connection (lpCallerId, lpCalleeId), no connect data (lpCallerData
 * NULL: "If no caller ID or caller data is available, the corresponding
 * parameters will be NULL"), no QOS (NULL), lpCalleeData with len 0 ("A
 * value of zero means passing user data back to the caller is not
 * supported") and g 0, which it may change: socket groups do not exist,
 * so g is not looked at. CF_REJECT: WSAECONNREFUSED; CF_DEFER:
 * WSATRY_AGAIN, the connection staying first in line for the next accept
 * or WSAAccept (Wine test_accept); any other value: WSAEINVAL ("the return
 * value of the condition function is not a valid one"), the connection
 * being rejected. addr and addrlen are checked as accept checks them (Wine
 * test_accept: WSAEFAULT, nothing taken) and "filled in regardless of
 * whether the condition function is specified or what it returns".
 */
LIBWS_EXPORT SOCKET WSAAPI WSAAccept(SOCKET s, struct sockaddr FAR *addr,
				     LPINT addrlen,
				     LPCONDITIONPROC lpfnCondition,
				     DWORD_PTR dwCallbackData)
{
	WSABUF caller_id, callee_id, callee_data = { .len = 0, .buf = NULL };
	struct wsl_accept_cond ac;
	unsigned int flags;
	int fd, nfd, r, len = 0, verdict, async;
	GROUP g = 0;
	struct call c;

	if (!lpfnCondition)
		return do_accept(s, addr, addrlen);
	fd = sock_fd(s, &flags);
	if (fd < 0)
		return fail_socket(fd);
	if (addr && addrlen) {
		r = get_int(addrlen, &len);
		if (r < 0 || len < sockaddr_size(flags))
			return fail_socket(-WSAEFAULT);
	} else {
		addr = NULL;
		addrlen = NULL;
	}
	if (flags & WS_ENT_ROOTED)
		return rt_accept(fd, flags, addr, addrlen, len, lpfnCondition,
				 dwCallbackData);

	r = call_begin(&c, fd, flags, SO_RCVTIMEO, WSYS_POLLIN);
	if (r < 0)
		return fail_socket(r);
	/* Alertable as accept's wait (see do_accept()). */
	if ((flags & (WS_ENT_NONBLOCK | WS_ENT_LISTENING)) == WS_ENT_LISTENING)
		c.polling = c.alertable = 1;
	/* As accept: the accept(2) may hand out a connection (see below). */
	async = (flags & WS_ENT_ASYNC) && (flags & WS_ENT_NONBLOCK);
	if (async)
		ws_ids_lock();
	ac.cloexec = !!(flags & WS_ENT_CLOEXEC);
	r = cond_accept_call(&c, &ac);
	call_end(&c);
	if (r == 0 && ac.fd >= 0) {
		/*
		 * SO_CONDITIONAL_ACCEPT: a connection whose SYN a condition
		 * function accepted before (its WSAAccept could not wait for
		 * the handshake) is not shown to one again.
		 */
		if (addr)
			wsys_getpeername(ac.fd, addr, addrlen);
		return accepted(ac.fd, flags, async);
	}
	if (async)
		ws_ids_unlock();
	if (r < 0)
		return fail_socket(r);

	if (addr && ac.peer_len &&
	    (wsys_copy_out(addr, ac.peer,
			   (size_t)(ac.peer_len < len ? ac.peer_len : len)) < 0 ||
	     wsys_copy_out(addrlen, &ac.peer_len, sizeof(ac.peer_len)) < 0))
		return cond_refuse(fd, ac.cookie, WSL_CF_DEFER, -WSAEFAULT);

	caller_id.len = (ULONG)ac.peer_len;
	caller_id.buf = (CHAR *)ac.peer;
	callee_id.len = (ULONG)ac.local_len;
	callee_id.buf = (CHAR *)ac.local;
	verdict = lpfnCondition(ac.peer_len ? &caller_id : NULL, NULL, NULL,
				NULL, ac.local_len ? &callee_id : NULL,
				&callee_data, &g, dwCallbackData);
	switch (verdict) {
	case CF_ACCEPT:
		break;
	case CF_REJECT:
		return cond_refuse(fd, ac.cookie, WSL_CF_REJECT,
				   -WSAECONNREFUSED);
	case CF_DEFER:
		return cond_refuse(fd, ac.cookie, WSL_CF_DEFER, -WSATRY_AGAIN);
	default:
		return cond_refuse(fd, ac.cookie, WSL_CF_REJECT, -WSAEINVAL);
	}

	/* As accept: the id is known before a message can name it. */
	if (async)
		ws_ids_lock();
	nfd = wsys_accept_verdict(fd, ac.cookie, WSL_CF_ACCEPT,
				  !!(flags & WS_ENT_CLOEXEC));
	/*
	 * SO_CONDITIONAL_ACCEPT on a nonblocking listener: the peer was
	 * answered, its connection is not established yet; the next accept
	 * or WSAAccept returns it (without the condition function).
	 */
	if (nfd == -EINPROGRESS)
		nfd = -WSAEWOULDBLOCK;
	return accepted(nfd, flags, async);
}

/* Errors of a connection attempt (not of the arguments). */
static int connect_failure(int r)
{
	switch (r) {
	case -ECONNREFUSED:
	case -ETIMEDOUT:
	case -ENETUNREACH:
	case -EHOSTUNREACH:
	case -ENETDOWN:
	case -EHOSTDOWN:
	case -ECONNRESET:
	case -ECONNABORTED:
		return 1;
	default:
		return 0;
	}
}

/*
 * connect(2); an interrupted blocking connect is finished by waiting for
 * its outcome (see "Blocking calls and signals").
 */
static int connect_call(struct call *c, const struct sockaddr *name,
			int namelen)
{
	uint64_t t = call_attempt(c);
	int r, err, len;

	r = call_error(c, wsys_connect(c->fd, name, namelen));
	while (r == -EINTR) {
		r = call_interrupted(c, t, 0);
		if (r < 0)
			return r;
		if (!c->polling) {		/* nonblocking: once more */
			t = call_attempt(c);
			r = call_error(c, wsys_connect(c->fd, name, namelen));
			continue;
		}
		/* The kernel goes on connecting: select can see that. */
		ws_table_set_bits(c->fd, WS_ENT_CONNECTING);
		r = call_wait(c);
		if (r == 0)
			return -EWOULDBLOCK;	/* SO_SNDTIMEO ran out */
		if (r < 0)
			return r;
		err = 0;
		len = sizeof(err);
		r = wsys_getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (r < 0)
			return call_error(c, r);
		ws_table_clear_bits(c->fd, WS_ENT_CONNECTING);
		return err > 0 ? -err : 0;
	}
	return r;
}

static int do_connect(SOCKET s, const struct sockaddr *name, int namelen)
{
	unsigned int flags;
	int fd = sock_fd(s, &flags), r;
	struct call c;

	if (fd < 0)
		return ws_fail(fd);
	r = check_name(name, namelen, flags);
	if (r < 0)
		return ws_fail(r);
	r = call_begin(&c, fd, flags, SO_SNDTIMEO, WSYS_POLLOUT);
	if (r < 0)
		return ws_fail(r);
	ws_table_clear_bits(fd, WS_ENT_CONNECTING | WS_ENT_CONNFAILED);
	r = connect_call(&c, name, namelen);
	call_end(&c);
	/* Remember a nonblocking connect under way, and a failed attempt:
	 * select reports the first in writefds (success) or exceptfds
	 * (failure), the second in exceptfds (Wine test_select). */
	if (r == -EWOULDBLOCK || r == -EALREADY)
		ws_table_set_bits(fd, WS_ENT_CONNECTING);
	else if ((flags & WS_ENT_STREAM) && connect_failure(r))
		ws_table_set_bits(fd, WS_ENT_CONNFAILED);
	return result(r);
}

/**
 * ws_rt_join_connect() - a rooted multipoint join (WSAJoinLeaf)
 * @fd: the leaf, or the new membership socket of a root's join
 * @ent: its table entry's flags
 * @name: the root's address (Winsock sockaddr, checked)
 * @namelen: its length
 * @jl: the JL_* flags of the join (not 0)
 * @caller: the caller data, copied by the module at registration
 * @caller_len: its length (at most WSL_RT_MAX_CONNDATA)
 * @root_fd: -1 (a leaf's join), or the root that invites a leaf
 *
 * uapi/linux/ws.h, "Rooted multipoint": WS_IOC_RT_JOIN registers the
 * join for this thread, and connect(2) carries it out, so that the
 * security modules see a connect to the root. A blocking join returns
 * when the root admitted (0) or refused (-ECONNREFUSED) it; a signal
 * abandons a join in the module, so libws registers and joins again (a
 * new connection), unless closesocket cancelled the call (WSAEINTR). A
 * nonblocking join returns -EWOULDBLOCK and ends with FD_CONNECT; the
 * socket is marked as connecting, as for connect, so that select reports
 * its end. A failed registration or connect drops the registration.
 *
 * Return: 0 or a negative code.
 */
int ws_rt_join_connect(int fd, unsigned int ent, const void *name,
		       int namelen, uint32_t jl, const void *caller,
		       uint32_t caller_len, int root_fd)
{
	uint64_t t;
	struct call c;
	int r;

	r = call_begin(&c, fd, ent, SO_SNDTIMEO, WSYS_POLLOUT);
	if (r < 0)
		return r;
	ws_table_clear_bits(fd, WS_ENT_CONNECTING | WS_ENT_CONNFAILED);
	for (;;) {
		t = call_attempt(&c);
		r = call_error(&c, wsys_rt_register(fd, jl, caller, caller_len,
						     root_fd));
		if (r < 0)
			break;
		r = call_error(&c, wsys_connect(fd, name, namelen));
		if (r == -EINTR) {
			r = call_interrupted(&c, t, 1);
			if (r == 0)
				continue;
		}
		break;
	}
	/* A registration the connect did not take is dropped. */
	if (r < 0 && r != -EWOULDBLOCK && r != -EALREADY && r != -EISCONN)
		wsys_rt_register(fd, 0, NULL, 0, root_fd);
	call_end(&c);
	if (r == -EWOULDBLOCK)
		ws_table_set_bits(fd, WS_ENT_CONNECTING);
	else if (connect_failure(r))
		ws_table_set_bits(fd, WS_ENT_CONNFAILED);
	return r;
}

LIBWS_EXPORT int WSAAPI connect(SOCKET s, const struct sockaddr FAR *name,
				int namelen)
{
	return do_connect(s, name, namelen);
}

/*
 * send(2), going on after signals; a blocking stream send goes on until
 * everything is sent, an error comes, or SO_SNDTIMEO runs out (see
 * "Blocking calls and signals").
 */
static int send_call(struct call *c, const char *buf, int len, int flags,
		     const struct sockaddr *to, int tolen, int stream)
{
	int done = 0, r;
	uint64_t t;

	for (;;) {
		if (c->polling) {
			r = call_wait(c);
			if (r == 0) {
				r = -ETIMEDOUT;		/* SO_SNDTIMEO ran out */
				break;
			}
			if (r < 0)
				break;
		}
		t = call_attempt(c);
		r = (int)wsys_send(c->fd, buf + done, (size_t)(len - done),
				   flags | (c->polling ? LINUX_MSG_DONTWAIT : 0),
				   to, tolen);
		if (r == -EWOULDBLOCK && c->polling)
			continue;
		if (r == -EINTR) {
			r = call_interrupted(c, t, 1);
			if (r < 0)
				break;
			continue;
		}
		if (r < 0) {
			r = call_error(c, r);
			break;
		}
		done += r;
		if (!c->counted || !stream || done == len ||
		    call_left(c) == 0)
			return done;
	}
	/* An error after some data went: the data counts, the error shows
	 * on the next call; a cancelled call is cancelled. */
	return done && r != -WSAEINTR ? done : r;
}

static int do_sendto(SOCKET s, const char *buf, int len, int flags,
		     const struct sockaddr *to, int tolen)
{
	unsigned int ent;
	int fd = sock_fd(s, &ent), r;
	struct call c;

	if (fd < 0)
		return ws_fail(fd);
	if (len < 0 || (!buf && len))
		return ws_fail(-WSAEFAULT);
	if (flags & ~SEND_FLAGS)
		return ws_fail(-WSAEINVAL);
	/* "On a connection-oriented socket, the to and tolen parameters are
	 * ignored" (a rooted multipoint socket's too: its sends go to its
	 * leaves or its root); on a datagram socket, no address means the
	 * connected one. */
	if (ent & (WS_ENT_STREAM | WS_ENT_ROOTED)) {
		to = NULL;
	} else if (to) {
		r = check_name(to, tolen, ent);
		if (r < 0)
			return ws_fail(r);
	}
	if (ent & WS_ENT_NONBLOCK) {
		/* One attempt is the whole call, unless it was interrupted. */
		r = (int)wsys_send(fd, buf, (size_t)len, flags, to, tolen);
		if (r != -EINTR)
			return result(r);
	}
	r = call_begin_after(&c, fd, ent, SO_SNDTIMEO, WSYS_POLLOUT,
			     !!(ent & WS_ENT_NONBLOCK));
	if (r < 0)
		return ws_fail(r);
	r = send_call(&c, buf, len, flags, to, tolen, !!(ent & WS_ENT_STREAM));
	call_end(&c);
	return result(r);
}

LIBWS_EXPORT int WSAAPI send(SOCKET s, const char FAR *buf, int len, int flags)
{
	return do_sendto(s, buf, len, flags, NULL, 0);
}

LIBWS_EXPORT int WSAAPI sendto(SOCKET s, const char FAR *buf, int len,
			       int flags, const struct sockaddr FAR *to,
			       int tolen)
{
	return do_sendto(s, buf, len, flags, to, tolen);
}

/*
 * recv(2), going on after signals; a blocking stream recv with MSG_WAITALL
 * goes on until the buffer is full, the connection is closed, an error
 * comes, or SO_RCVTIMEO runs out (see "Blocking calls and signals").
 */
static int recv_call(struct call *c, char *buf, int len, int flags,
		     struct sockaddr *from, int *fromlen, int stream)
{
	int waitall = stream && (flags & MSG_WAITALL) && !(flags & MSG_PEEK);
	int got = 0, r;
	uint64_t t;

	for (;;) {
		if (c->polling) {
			r = call_wait(c);
			if (r == 0) {
				r = -ETIMEDOUT;		/* SO_RCVTIMEO ran out */
				break;
			}
			if (r < 0)
				break;
		}
		t = call_attempt(c);
		r = (int)wsys_recv(c->fd, buf + got, (size_t)(len - got),
				   flags | (c->polling ? LINUX_MSG_DONTWAIT : 0),
				   from, fromlen);
		if (r == -EWOULDBLOCK && c->polling)
			continue;
		if (r == -EINTR) {
			r = call_interrupted(c, t, 1);
			if (r < 0)
				break;
			continue;
		}
		if (r <= 0) {
			r = call_error(c, r);
			break;
		}
		got += r;
		if (!waitall || !c->counted || got == len || call_left(c) == 0)
			return got;
	}
	/* The end of the stream or an error after some data: the data
	 * counts, the rest shows on the next call; a cancelled call is
	 * cancelled. */
	return got && r != -WSAEINTR ? got : r;
}

static int do_recvfrom(SOCKET s, char *buf, int buflen, int flags,
		       struct sockaddr *from, int *fromlen)
{
	unsigned int ent;
	int fd = sock_fd(s, &ent), len, r;
	struct call c;

	if (fd < 0)
		return ws_fail(fd);
	/* A negative length: WSAEFAULT (Wine test_read_events). */
	if (buflen < 0 || (!buf && buflen))
		return ws_fail(-WSAEFAULT);
	if (flags & ~RECV_FLAGS)
		return ws_fail(-WSAEINVAL);
	/* "The from and fromlen parameters are ignored for
	 * connection-oriented sockets." A rooted multipoint socket is one,
	 * but its root receives from every leaf: from gets the leaf's
	 * address (a leaf's, the root's), as for a datagram. */
	if ((ent & WS_ENT_STREAM) || !from) {
		from = NULL;
		fromlen = NULL;
	} else if (get_int(fromlen, &len) < 0 || len < sockaddr_size(ent)) {
		return ws_fail(-WSAEFAULT);
	}
	if (ent & WS_ENT_NONBLOCK) {
		/* One attempt is the whole call, unless it was interrupted. */
		r = (int)wsys_recv(fd, buf, (size_t)buflen, flags, from,
				   fromlen);
		if (r != -EINTR)
			return result(r);
	}
	r = call_begin_after(&c, fd, ent, SO_RCVTIMEO,
			     (flags & MSG_OOB) ? WSYS_POLLPRI :
						 WSYS_POLLIN | WSYS_POLLRDHUP,
			     !!(ent & WS_ENT_NONBLOCK));
	if (r < 0)
		return ws_fail(r);
	r = recv_call(&c, buf, buflen, flags, from, fromlen,
		      !!(ent & WS_ENT_STREAM));
	call_end(&c);
	return result(r);
}

/**
 * ws_recv_bufs() - WSARecv and WSARecvFrom without an OVERLAPPED
 * @fd: the socket
 * @ent: its table entry's flags
 * @bufs: the WSABUF array (struct wsl_iovec layout)
 * @n: its length
 * @flags: Winsock MSG_* flags
 * @from: where the sender's address goes, or NULL
 * @fromlen: its room in, its length out
 * @flags_out: the result flags
 *
 * recvmsg over the buffers, with recv's handling of signals, SO_RCVTIMEO
 * and closesocket (see "Blocking calls and signals").
 *
 * Return: the bytes received, or -errno / -WSA code.
 */
ssize_t ws_recv_bufs(int fd, unsigned int ent, const struct wsl_iovec *bufs,
		     unsigned int n, int flags, void *from, int *fromlen,
		     uint32_t *flags_out)
{
	int room = from && fromlen ? *fromlen : 0;
	struct call c;
	ssize_t r;
	uint64_t t;

	r = call_begin(&c, fd, ent, SO_RCVTIMEO,
		       (flags & MSG_OOB) ? WSYS_POLLPRI :
					   WSYS_POLLIN | WSYS_POLLRDHUP);
	if (r < 0)
		return r;
	for (;;) {
		if (c.polling) {
			r = call_wait(&c);
			if (r == 0) {
				r = -ETIMEDOUT;		/* SO_RCVTIMEO ran out */
				break;
			}
			if (r < 0)
				break;
		}
		t = call_attempt(&c);
		if (from && fromlen)
			*fromlen = room;
		r = wsys_recvmsg(fd, bufs, n,
				 flags | (c.polling ? LINUX_MSG_DONTWAIT : 0),
				 from, fromlen, 0, flags_out);
		if (r == -EWOULDBLOCK && c.polling)
			continue;
		if (r == -EINTR) {
			r = call_interrupted(&c, t, 1);
			if (r < 0)
				break;
			continue;
		}
		if (r < 0)
			r = call_error(&c, (int)r);
		break;
	}
	call_end(&c);
	return r;
}

/**
 * ws_send_bufs() - WSASend and WSASendTo without an OVERLAPPED
 * @fd: the socket
 * @ent: its table entry's flags
 * @bufs: the WSABUF array (struct wsl_iovec layout)
 * @n: its length
 * @flags: Winsock MSG_* flags
 * @to: the destination, or NULL
 * @tolen: its length
 *
 * sendmsg of the buffers, with send's handling of signals, SO_SNDTIMEO and
 * closesocket; a blocking stream send returns when all is sent.
 *
 * Return: the bytes sent, or -errno / -WSA code.
 */
ssize_t ws_send_bufs(int fd, unsigned int ent, const struct wsl_iovec *bufs,
		     unsigned int n, int flags, const void *to, int tolen)
{
	struct wsl_iovec stack[8], *v = stack;
	unsigned int i = 0;
	ssize_t done = 0, r;
	struct call c;
	uint64_t t;

	if (n > 8) {
		v = malloc(n * sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	memcpy(v, bufs, n * sizeof(*v));
	r = call_begin(&c, fd, ent, SO_SNDTIMEO, WSYS_POLLOUT);
	if (r < 0)
		goto out;
	for (;;) {
		if (c.polling) {
			r = call_wait(&c);
			if (r == 0) {
				r = -ETIMEDOUT;		/* SO_SNDTIMEO ran out */
				break;
			}
			if (r < 0)
				break;
		}
		t = call_attempt(&c);
		r = wsys_sendmsg(fd, v + i, n - i,
				 flags | (c.polling ? LINUX_MSG_DONTWAIT : 0),
				 to, tolen, 0);
		if (r == -EWOULDBLOCK && c.polling)
			continue;
		if (r == -EINTR) {
			r = call_interrupted(&c, t, 1);
			if (r < 0)
				break;
			continue;
		}
		if (r < 0) {
			r = call_error(&c, (int)r);
			break;
		}
		done += r;
		/* Past what went. */
		while (i < n && (uint64_t)r >= v[i].len) {
			r -= v[i].len;
			i++;
		}
		if (i < n) {
			v[i].buf += (uint64_t)r;
			v[i].len -= (uint32_t)r;
		}
		if (!c.counted || !(ent & WS_ENT_STREAM) || i == n ||
		    call_left(&c) == 0) {
			r = done;
			break;
		}
	}
	call_end(&c);
	/* An error after some data went: the data counts (see send_call). */
	if (r < 0 && done && r != -WSAEINTR)
		r = done;
out:
	if (v != stack)
		free(v);
	return r;
}

LIBWS_EXPORT int WSAAPI recv(SOCKET s, char FAR *buf, int len, int flags)
{
	return do_recvfrom(s, buf, len, flags, NULL, NULL);
}

/*
 * mswsock.h's WSARecvEx: recv, except that a datagram longer than the
 * buffer fills it and sets MSG_PARTIAL in *flags instead of failing with
 * WSAEMSGSIZE (the rest of the datagram is lost, as for recv); *flags is
 * 0 otherwise.
 */
LIBWS_EXPORT int PASCAL WSARecvEx(SOCKET s, char FAR *buf, int len,
				  int FAR *flags)
{
	int in, r;

	if (!flags || wsys_copy_in(&in, flags, sizeof(in)) < 0)
		return ws_fail(-WSAEFAULT);
	/* MSG_PARTIAL is what comes back, not a request. */
	r = do_recvfrom(s, buf, len, in & ~MSG_PARTIAL, NULL, NULL);
	if (r == SOCKET_ERROR && ws_get_error() == WSAEMSGSIZE) {
		*flags = MSG_PARTIAL;
		ws_set_error(0);
		return len;
	}
	if (r >= 0)
		*flags = 0;
	return r;
}

LIBWS_EXPORT int WSAAPI recvfrom(SOCKET s, char FAR *buf, int buflen,
				 int flags, struct sockaddr FAR *from,
				 int FAR *fromlen)
{
	return do_recvfrom(s, buf, buflen, flags, from, fromlen);
}

LIBWS_EXPORT int WSAAPI shutdown(SOCKET s, int how)
{
	int fd = sock_fd(s, NULL);

	if (fd < 0)
		return ws_fail(fd);
	return result(wsys_shutdown(fd, how));
}

/*
 * WSAConnect: connect, with the connect data and QOS arguments checked as
 * the WSAConnect page says for a provider without them (no catalog entry
 * of libws's has XP1_CONNECT_DATA or XP1_QOS_SUPPORTED), as WSAJoinLeaf
 * does: caller data (len > 0) is WSAEPROTONOSUPPORT ("the lpCallerData
 * argument is not supported by the service provider"), a QOS is
 * WSAEOPNOTSUPP ("the flow specifications ... cannot be satisfied"),
 * lpCalleeData->len is set to 0 ("if no user data has been passed back")
 * once the call succeeded. "On connectionless sockets, exchange of user
 * to user data is not possible and the corresponding parameters will be
 * silently ignored." The rest, blocking or not, is connect's.
 */
LIBWS_EXPORT int WSAAPI WSAConnect(SOCKET s, const struct sockaddr FAR *name,
				   int namelen, LPWSABUF lpCallerData,
				   LPWSABUF lpCalleeData, LPQOS lpSQOS,
				   LPQOS lpGQOS)
{
	unsigned int flags;
	int fd = sock_fd(s, &flags), r, stream;
	WSABUF caller, callee;
	ULONG none = 0;

	if (fd < 0)
		return ws_fail(fd);
	r = check_name(name, namelen, flags);
	if (r < 0)
		return ws_fail(r);
	stream = !!(flags & WS_ENT_STREAM);
	if (stream && lpCallerData) {
		if (wsys_copy_in(&caller, lpCallerData, sizeof(caller)) < 0)
			return ws_fail(-WSAEFAULT);
		if (caller.len)
			return ws_fail(-WSAEPROTONOSUPPORT);
	}
	/* Written after the connect: make sure it can be, before. */
	if (stream && lpCalleeData &&
	    (wsys_copy_in(&callee, lpCalleeData, sizeof(callee)) < 0 ||
	     wsys_copy_out(&lpCalleeData->len, &callee.len,
			   sizeof(callee.len)) < 0))
		return ws_fail(-WSAEFAULT);
	if (lpSQOS || lpGQOS)
		return ws_fail(-WSAEOPNOTSUPP);

	r = do_connect(s, name, namelen);
	if (r != 0)
		return r;	/* connect's error is set */
	if (stream && lpCalleeData &&
	    wsys_copy_out(&lpCalleeData->len, &none, sizeof(none)) < 0)
		return ws_fail(-WSAEFAULT);
	ws_set_error(0);
	return 0;
}

/*
 * WSASendDisconnect: shutdown(SD_SEND). Disconnect data is refused: "The
 * parameter lpOutboundDisconnectData is not NULL, and the disconnect data
 * is not supported by the service provider" is WSAENOPROTOOPT.
 */
LIBWS_EXPORT int WSAAPI WSASendDisconnect(SOCKET s,
					  LPWSABUF lpOutboundDisconnectData)
{
	int fd = sock_fd(s, NULL);

	if (fd < 0)
		return ws_fail(fd);
	if (lpOutboundDisconnectData)
		return ws_fail(-WSAENOPROTOOPT);
	return result(wsys_shutdown(fd, SD_SEND));
}

/*
 * WSARecvDisconnect: shutdown(SD_RECEIVE). No protocol of libws's carries
 * disconnect data, so lpInboundDisconnectData, if given, gets len 0 (the
 * buffer is checked first: WSAEFAULT, "the buffer referenced by the
 * parameter lpInboundDisconnectData is too small" or not writable).
 */
LIBWS_EXPORT int WSAAPI WSARecvDisconnect(SOCKET s,
					  LPWSABUF lpInboundDisconnectData)
{
	int fd = sock_fd(s, NULL), r;
	WSABUF in;
	ULONG none = 0;

	if (fd < 0)
		return ws_fail(fd);
	if (lpInboundDisconnectData &&
	    (wsys_copy_in(&in, lpInboundDisconnectData, sizeof(in)) < 0 ||
	     wsys_copy_out(&lpInboundDisconnectData->len, &in.len,
			   sizeof(in.len)) < 0))
		return ws_fail(-WSAEFAULT);
	r = wsys_shutdown(fd, SD_RECEIVE);
	if (r < 0)
		return result(r);
	if (lpInboundDisconnectData &&
	    wsys_copy_out(&lpInboundDisconnectData->len, &none,
			  sizeof(none)) < 0)
		return ws_fail(-WSAEFAULT);
	return result(0);
}

/* FIONBIO: the module's mode (it refuses blocking under WSAEventSelect). */
int ws_set_nonblocking(int fd, int on)
{
	int r = wsys_set_nonblock(fd, on);

	if (r < 0)
		return r;
	if (on)
		ws_table_set_bits(fd, WS_ENT_NONBLOCK);
	else
		ws_table_clear_bits(fd, WS_ENT_NONBLOCK);
	return 0;
}

LIBWS_EXPORT int WSAAPI ioctlsocket(SOCKET s, long cmd, u_long FAR *argp)
{
	int fd = sock_fd(s, NULL), val, r;
	u_long arg;

	if (fd < 0)
		return ws_fail(fd);
	if (!argp)
		return ws_fail(-WSAEFAULT);
	switch ((uint32_t)cmd) {
	case (uint32_t)FIONBIO:
	case LINUX_FIONBIO:
		r = wsys_copy_in(&arg, argp, sizeof(arg));
		if (r < 0)
			return ws_fail(r);
		r = ws_set_nonblocking(fd, arg != 0);
		if (r < 0)
			return ws_fail(r);
		return 0;
	case (uint32_t)FIONREAD:
	case LINUX_FIONREAD:
		r = wsys_nread(fd, &val);
		if (r < 0)
			return ws_fail(r);
		arg = (u_long)val;
		break;
	case (uint32_t)SIOCATMARK:
	case LINUX_SIOCATMARK:
		/* The module answers with Winsock's sense: TRUE when no
		 * out-of-band data is waiting. */
		r = wsys_atmark(fd, &val);
		if (r < 0)
			return ws_fail(r);
		arg = val ? TRUE : FALSE;
		break;
	default:
		return ws_fail(-WSAEINVAL);
	}
	return result(wsys_copy_out(argp, &arg, sizeof(arg)));
}

/*
 * getsockopt and setsockopt pass the caller's optlen to the module, which
 * applies Windows' length rules (uapi/linux/ws.h, "Lengths"): too short
 * for the option's value is EFAULT (WSAEFAULT), an unknown level EINVAL
 * (WSAEINVAL), an unknown name ENOPROTOOPT. A negative setsockopt optlen
 * is a length of 4 GiB to Windows: the module gets one above
 * WSL_OPTLEN_MAX. SO_OPENTYPE (per thread, even on INVALID_SOCKET) and
 * SO_BSP_STATE (pointers into the caller's buffer) are libws's own;
 * SO_PROTOCOL_INFOA/W format the module's catalog entry of the socket
 * (catalog.c). A call that succeeds sets the last error to 0, as Windows
 * does (Wine test_set_getsockopt).
 */

/* SO_BSP_STATE's room: CSADDR_INFO and a local and a remote address. */
static int bsp_state_size(unsigned int flags)
{
	return (int)sizeof(CSADDR_INFO) + 2 * sockaddr_size(flags);
}

/*
 * getsockopt(SO_BSP_STATE): a CSADDR_INFO whose addresses follow it in the
 * caller's buffer; an address the socket does not have (not bound, not
 * connected) is NULL with length 0. *optlen is left as it was (Wine
 * test_set_getsockopt).
 */
static int get_bsp_state(int fd, unsigned int flags, char *optval, int len)
{
	struct {
		CSADDR_INFO		info;
		SOCKADDR_STORAGE	addr[2];
	} out;
	int addrlen = sockaddr_size(flags), n, r;
	char *local = optval + sizeof(CSADDR_INFO);

	if (len < bsp_state_size(flags))
		return -WSAEFAULT;
	memset(&out, 0, sizeof(out));
	n = addrlen;
	r = wsys_getsockname(fd, &out.addr[0], &n);
	if (r == 0) {
		out.info.LocalAddr.lpSockaddr = (LPSOCKADDR)local;
		out.info.LocalAddr.iSockaddrLength = addrlen;
	} else if (r != -EINVAL) {
		return r;
	}
	n = addrlen;
	r = wsys_getpeername(fd, &out.addr[1], &n);
	if (r == 0) {
		out.info.RemoteAddr.lpSockaddr = (LPSOCKADDR)(local + addrlen);
		out.info.RemoteAddr.iSockaddrLength = addrlen;
	} else if (r != -ENOTCONN) {
		return r;
	}
	out.info.iSocketType = flags & WS_ENT_STREAM ? SOCK_STREAM :
			       flags & WS_ENT_ROOTED ? SOCK_SEQPACKET :
			       SOCK_DGRAM;
	out.info.iProtocol = flags & (WS_ENT_STREAM | WS_ENT_ROOTED) ?
			     IPPROTO_TCP : IPPROTO_UDP;
	r = wsys_copy_out(optval, &out.info, sizeof(out.info));
	if (r == 0)
		r = wsys_copy_out(local, &out.addr[0], addrlen);
	if (r == 0)
		r = wsys_copy_out(local + addrlen, &out.addr[1], addrlen);
	return r;
}

/*
 * getsockopt(SO_CONNDATA) on a rooted multipoint socket: the connect data
 * of its join (uapi WS_IOC_RT_CONNDATA): on a leaf, the callee data the
 * root admitted it with (what a nonblocking WSAJoinLeaf could not return:
 * "valid ... after the FD_CONNECT notification"); on a membership socket,
 * the leaf's caller data. min(room, length) bytes, *optlen the bytes
 * written. WSAENOTCONN before the join ended with an admission.
 */
static int get_conndata(int fd, char *optval, int room, int *optlen)
{
	static __thread char data[WSL_RT_MAX_CONNDATA];
	uint32_t len = 0;
	int r, n;

	r = wsys_rt_conndata(fd, data, sizeof(data), &len);
	if (r < 0)
		return r;
	n = (int)len < room ? (int)len : room;
	r = wsys_copy_out(optval, data, (size_t)n);
	if (r == 0)
		r = wsys_copy_out(optlen, &n, sizeof(n));
	return r;
}

static int ok_clear(void)
{
	ws_set_error(0);
	return 0;
}

LIBWS_EXPORT int WSAAPI getsockopt(SOCKET s, int level, int optname,
				   char FAR *optval, int FAR *optlen)
{
	unsigned int flags;
	int fd, r, err, len, size = sizeof(opentype);

	if (level == SOL_SOCKET && optname == SO_OPENTYPE) {
		/* A negative room is a huge one to Windows (Wine test_optsize). */
		if (!ws_started())
			return ws_fail(-WSANOTINITIALISED);
		if (!optval || get_int(optlen, &len) < 0 ||
		    (len >= 0 && len < size))
			return ws_fail(-WSAEFAULT);
		r = wsys_copy_out(optval, &opentype, sizeof(opentype));
		if (r == 0)
			r = wsys_copy_out(optlen, &size, sizeof(size));
		return r < 0 ? ws_fail(r) : ok_clear();
	}
	fd = sock_fd(s, &flags);
	if (fd < 0)
		return ws_fail(fd);
	if (!optval || get_int(optlen, &len) < 0 || len < 0)
		return ws_fail(-WSAEFAULT);
	if (level == SOL_SOCKET && optname == SO_BSP_STATE) {
		r = get_bsp_state(fd, flags, optval, len);
		return r < 0 ? result(r) : ok_clear();
	}
	if (level == SOL_SOCKET &&
	    (optname == SO_PROTOCOL_INFOA || optname == SO_PROTOCOL_INFOW)) {
		r = ws_protocol_info_get(fd, optname == SO_PROTOCOL_INFOW,
					 optval, len, optlen);
		return r < 0 ? result(r) : ok_clear();
	}
	if (level == SOL_SOCKET && optname == SO_CONNDATA &&
	    (flags & WS_ENT_ROOTED)) {
		r = get_conndata(fd, optval, len, optlen);
		return r < 0 ? result(r) : ok_clear();
	}
	r = wsys_getsockopt(fd, level, optname, optval, optlen);
	if (r < 0)
		return result(r);
	/* The module reports the socket's pending errno: give its WSA code
	 * (a value that is no errno, set by the application, stays). */
	if (level == SOL_SOCKET && optname == SO_ERROR) {
		memcpy(&err, optval, sizeof(err));
		err = ws_so_error_to_wsa(err);
		memcpy(optval, &err, sizeof(err));
	}
	return ok_clear();
}

LIBWS_EXPORT int WSAAPI setsockopt(SOCKET s, int level, int optname,
				   const char FAR *optval, int optlen)
{
	int fd, r, val;

	if (level == SOL_SOCKET && optname == SO_OPENTYPE) {
		if (!ws_started())
			return ws_fail(-WSANOTINITIALISED);
		if (!optval || (optlen >= 0 && optlen < (int)sizeof(int)))
			return ws_fail(-WSAEFAULT);
		r = wsys_copy_in(&val, optval, sizeof(val));
		if (r < 0)
			return ws_fail(r);
		opentype = val;
		return ok_clear();
	}
	fd = sock_fd(s, NULL);
	if (fd < 0)
		return ws_fail(fd);
	/* mswsock.h's: SO_UPDATE_CONNECT_CONTEXT takes no value. */
	if (level == SOL_SOCKET) {
		r = ws_mswsock_setsockopt(fd, optname, optval, optlen);
		if (r < 0)
			return result(r);
		if (r == 0)
			return ok_clear();
	}
	if (!optval)
		return ws_fail(-WSAEFAULT);
	r = wsys_setsockopt(fd, level, optname, optval,
			    optlen < 0 ? WSL_OPTLEN_HUGE : optlen);
	return r < 0 ? result(r) : ok_clear();
}

static int get_name(SOCKET s, struct sockaddr *name, int *namelen, int peer)
{
	unsigned int flags;
	int fd = sock_fd(s, &flags), len;

	if (fd < 0)
		return ws_fail(fd);
	if (!name || get_int(namelen, &len) < 0 ||
	    len < sockaddr_size(flags))
		return ws_fail(-WSAEFAULT);
	if (peer)
		return result(wsys_getpeername(fd, name, namelen));
	return result(wsys_getsockname(fd, name, namelen));
}

LIBWS_EXPORT int WSAAPI getsockname(SOCKET s, struct sockaddr FAR *name,
				    int FAR *namelen)
{
	return get_name(s, name, namelen, 0);
}

LIBWS_EXPORT int WSAAPI getpeername(SOCKET s, struct sockaddr FAR *name,
				    int FAR *namelen)
{
	return get_name(s, name, namelen, 1);
}

/* Byte order. TCP/IP's network order is big-endian; so is every socket's. */
#define to_net32(v)	ws_net32(v)
#define to_net16(v)	ws_net16(v)

LIBWS_EXPORT u_long WSAAPI htonl(u_long hostlong)
{
	return to_net32(hostlong);
}

LIBWS_EXPORT u_short WSAAPI htons(u_short hostshort)
{
	return to_net16(hostshort);
}

LIBWS_EXPORT u_long WSAAPI ntohl(u_long netlong)
{
	return to_net32(netlong);
}

LIBWS_EXPORT u_short WSAAPI ntohs(u_short netshort)
{
	return to_net16(netshort);
}

/* The WSA variants check the socket ("the network byte order associated
 * with socket s"), then store through the caller's pointer. */
static int order_store(SOCKET s, void *out, const void *val, size_t size)
{
	int fd = sock_fd(s, NULL);

	if (fd < 0)
		return ws_fail(fd);
	if (!out)
		return ws_fail(-WSAEFAULT);
	return result(wsys_copy_out(out, val, size));
}

LIBWS_EXPORT int WSAAPI WSAHtonl(SOCKET s, u_long hostlong,
				 u_long FAR *lpnetlong)
{
	u_long v = to_net32(hostlong);

	return order_store(s, lpnetlong, &v, sizeof(v));
}

LIBWS_EXPORT int WSAAPI WSAHtons(SOCKET s, u_short hostshort,
				 u_short FAR *lpnetshort)
{
	u_short v = to_net16(hostshort);

	return order_store(s, lpnetshort, &v, sizeof(v));
}

LIBWS_EXPORT int WSAAPI WSANtohl(SOCKET s, u_long netlong,
				 u_long FAR *lphostlong)
{
	u_long v = to_net32(netlong);

	return order_store(s, lphostlong, &v, sizeof(v));
}

LIBWS_EXPORT int WSAAPI WSANtohs(SOCKET s, u_short netshort,
				 u_short FAR *lphostshort)
{
	u_short v = to_net16(netshort);

	return order_store(s, lphostshort, &v, sizeof(v));
}

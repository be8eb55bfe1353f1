// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The system calls libws makes on ws sockets (uapi/linux/ws.h). Socket
 * addresses, option levels, names and values, and send/recv flags are
 * Winsock's and go to the kernel unchanged: the ws family takes them as
 * they are. Each function returns its result or -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <netinet/in.h>

#include <linux/ws.h>

#include "internal.h"

_Static_assert(sizeof(struct wsys_pollfd) == sizeof(struct pollfd) &&
	       offsetof(struct wsys_pollfd, fd) == offsetof(struct pollfd, fd) &&
	       offsetof(struct wsys_pollfd, events) ==
	       offsetof(struct pollfd, events) &&
	       offsetof(struct wsys_pollfd, revents) ==
	       offsetof(struct pollfd, revents), "struct wsys_pollfd");
_Static_assert(WSYS_POLLIN == POLLIN && WSYS_POLLPRI == POLLPRI &&
	       WSYS_POLLOUT == POLLOUT && WSYS_POLLERR == POLLERR &&
	       WSYS_POLLHUP == POLLHUP && WSYS_POLLNVAL == POLLNVAL &&
	       WSYS_POLLRDHUP == POLLRDHUP, "WSYS_POLL*");
_Static_assert(sizeof(socklen_t) == sizeof(int), "socklen_t");
_Static_assert(sizeof(struct wsl_protocol_info) ==
	       sizeof(struct ws_protocol_info) &&
	       offsetof(struct wsl_protocol_info, provider_id) ==
	       offsetof(struct ws_protocol_info, provider_id) &&
	       offsetof(struct wsl_protocol_info, catalog_entry_id) ==
	       offsetof(struct ws_protocol_info, catalog_entry_id) &&
	       offsetof(struct wsl_protocol_info, address_family) ==
	       offsetof(struct ws_protocol_info, address_family) &&
	       offsetof(struct wsl_protocol_info, provider_reserved) ==
	       offsetof(struct ws_protocol_info, provider_reserved) &&
	       offsetof(struct wsl_protocol_info, name) ==
	       offsetof(struct ws_protocol_info, name) &&
	       WSL_PROTOCOL_NAME_LEN == WS_PROTOCOL_NAME_LEN &&
	       WSL_MAX_PROTOCOL_CHAIN == WS_MAX_PROTOCOL_CHAIN,
	       "struct wsl_protocol_info");
_Static_assert(WSL_PROTOCOL_ENTRY(3) == (uint32_t)WS_PROTOCOL_ENTRY(3) &&
	       WSL_PROTOCOL_ENTRY_MAX == WS_PROTOCOL_ENTRY_OF(0xffffffffu),
	       "WSL_PROTOCOL_ENTRY");
_Static_assert(WSL_MP_C_ROOT == WS_PROTOCOL_MP_C_ROOT &&
	       WSL_MP_C_LEAF == WS_PROTOCOL_MP_C_LEAF &&
	       WSL_MP_D_ROOT == WS_PROTOCOL_MP_D_ROOT &&
	       WSL_MP_D_LEAF == WS_PROTOCOL_MP_D_LEAF, "WSL_MP_*");
_Static_assert(WSL_OPTLEN_HUGE > WS_OPTLEN_MAX && WSL_SOL_WS == WS_SOL_WS &&
	       WSL_WSO_UDP_CONNRESET == WS_WSO_UDP_CONNRESET &&
	       WSL_WSO_IDEAL_SEND_BACKLOG == WS_WSO_IDEAL_SEND_BACKLOG,
	       "WSL_ options");

/**
 * wsys_read_family() - the ws socket family number
 *
 * Reads the module parameter WS_FAMILY_PARAM_PATH.
 *
 * Return: the family, -ENOENT when the module is not loaded, -errno.
 */
int wsys_read_family(void)
{
	char buf[32], *end;
	ssize_t n;
	long val;
	int fd;

	fd = open(WS_FAMILY_PARAM_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do {
		n = read(fd, buf, sizeof(buf) - 1);
	} while (n < 0 && errno == EINTR);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EINVAL;
	buf[n] = '\0';
	errno = 0;
	val = strtol(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') ||
	    val <= 0 || val > 255)
		return -EINVAL;
	return (int)val;
}

int wsys_socket(int family, int type, int af, int protocol, int nonblock,
		int cloexec)
{
	int fd;

	if (nonblock)
		type |= SOCK_NONBLOCK;
	if (cloexec)
		type |= SOCK_CLOEXEC;
	fd = socket(family, type, WS_PROTOCOL(af, protocol));
	return fd < 0 ? -errno : fd;
}

int wsys_socket_mp(int family, int type, int af, int protocol, uint32_t role,
		   int cloexec)
{
	int fd;

	if (cloexec)
		type |= SOCK_CLOEXEC;
	fd = socket(family, type,
		    (int)((uint32_t)WS_PROTOCOL(af, protocol) |
			  (role & (WS_PROTOCOL_MP_MASK |
				   (uint32_t)WS_PROTOCOL_ENTRY(0xf)))));
	return fd < 0 ? -errno : fd;
}

/*
 * The catalog from /dev/ws, which the process keeps open anyway once it
 * used an event object; else from a socket of its own, which any user can
 * make (the device may be root's, see README.md).
 */
int wsys_protocols(struct wsl_protocol_info *out, unsigned int max)
{
	struct ws_protocols args = { .entries = (uintptr_t)out, .max = max };
	int fd = wsdev_get(), tmp = -1, family, r;

	if (fd < 0) {
		family = ws_family();
		if (family < 0)
			return 0;	/* no module: no provider */
		tmp = socket(family, SOCK_DGRAM | SOCK_CLOEXEC,
			     WS_PROTOCOL(WS_AF_INET, 0));
		if (tmp < 0)
			tmp = socket(family, SOCK_DGRAM | SOCK_CLOEXEC,
				     WS_PROTOCOL(WS_AF_INET6, 0));
		if (tmp < 0)
			return -errno;
		fd = tmp;
	}
	r = ioctl(fd, WS_IOC_PROTOCOLS, &args) ? -errno : (int)args.count;
	if (tmp >= 0)
		close(tmp);
	return r;
}

/* The WSL_MP_* role @fd was created with, or a negative errno. */
int wsys_mp_role(int fd)
{
	uint32_t role = 0;
	socklen_t len = sizeof(role);

	if (getsockopt(fd, WS_SOL_WS, WS_WSO_MP_ROLE, &role, &len))
		return -errno;
	return (int)(role & (WSL_MP_C_ROOT | WSL_MP_C_LEAF | WSL_MP_D_ROOT |
			     WSL_MP_D_LEAF));
}

int wsys_protocol_info(int fd, struct wsl_protocol_info *out)
{
	socklen_t len = sizeof(*out);

	return getsockopt(fd, WS_SOL_WS, WS_WSO_PROTOCOL_INFO, out, &len) ?
	       -errno : 0;
}

/*
 * Socket addresses cross the kernel boundary in Linux's numbering, so that
 * the kernel's security modules see an ordinary IPv6 address: Winsock's
 * AF_INET6 (23) goes in as Linux's (10), and comes back out as 23. The
 * Winsock callers have checked the pointer and the length.
 */
static const void *addr_in(const void *addr, int len,
			   struct sockaddr_storage *tmp)
{
	const struct sockaddr *sa = addr;

	if (!addr || len < (int)sizeof(sa->sa_family) || len > (int)sizeof(*tmp) ||
	    sa->sa_family != WS_AF_INET6)
		return addr;
	memcpy(tmp, addr, len);
	tmp->ss_family = AF_INET6;
	return tmp;
}

/* @room: the caller's buffer size; the kernel wrote min(room, *len) bytes. */
static void addr_out(void *addr, int room)
{
	struct sockaddr *sa = addr;

	if (addr && room >= (int)sizeof(sa->sa_family) &&
	    sa->sa_family == AF_INET6)
		sa->sa_family = WS_AF_INET6;
}

int wsys_bind(int fd, const void *addr, int len)
{
	struct sockaddr_storage tmp;

	return bind(fd, addr_in(addr, len, &tmp), (socklen_t)len) ? -errno : 0;
}

int wsys_connect(int fd, const void *addr, int len)
{
	struct sockaddr_storage tmp;

	return connect(fd, addr_in(addr, len, &tmp), (socklen_t)len) ? -errno : 0;
}

/*
 * The join is registered, then carried out by connect(2), whose hooks the
 * security modules run (uapi/linux/ws.h, "WSAJoinLeaf"); a connect that
 * failed before the module saw it leaves the registration, which goes.
 */
int wsys_join_leaf(int fd, const void *addr, int len, uint32_t flags)
{
	struct ws_join_leaf args = { .flags = flags };
	struct sockaddr_storage tmp;
	int err;

	if (!flags)
		return -EINVAL;
	if (ioctl(fd, WS_IOC_JOIN_LEAF, &args))
		return -errno;
	if (!connect(fd, addr_in(addr, len, &tmp), (socklen_t)len))
		return 0;
	err = -errno;
	args.flags = 0;
	ioctl(fd, WS_IOC_JOIN_LEAF, &args);
	return err;
}

/*
 * Rooted multipoint (uapi/linux/ws.h, "Rooted multipoint"): a leaf's join
 * is registered by WS_IOC_RT_JOIN and carried out by the thread's next
 * connect(2) (the caller makes it, see ws_rt_join_connect()); flags 0
 * drops the registration.
 */
int wsys_rt_register(int fd, uint32_t flags, const void *caller,
		     uint32_t caller_len, int root_fd)
{
	struct ws_rt_join args = {
		.caller_data = (uintptr_t)caller,
		.caller_len = caller_len,
		.flags = flags,
		.root_fd = root_fd,
	};

	return ioctl(fd, WS_IOC_RT_JOIN, &args) ? -errno : 0;
}

int wsys_rt_conndata(int fd, void *buf, uint32_t max, uint32_t *len)
{
	struct ws_rt_conndata args = { .buf = (uintptr_t)buf, .max = max };

	if (ioctl(fd, WS_IOC_RT_CONNDATA, &args))
		return -errno;
	*len = args.len;
	return 0;
}

int wsys_rt_peek(int fd, struct wsl_rt_join_info *out, void *caller,
		 uint32_t caller_max)
{
	struct ws_rt_join_info info;

	_Static_assert(sizeof(out->peer) == sizeof(info.peer), "peer");
	_Static_assert(WSL_RT_MAX_CONNDATA == WS_RT_MAX_CONNDATA &&
		       WSL_RT_MAX_MSG == WS_RT_MAX_MSG, "WSL_RT_*");
	memset(&info, 0, sizeof(info));
	info.caller_data = (uintptr_t)caller;
	info.caller_max = caller_max;
	if (ioctl(fd, WS_IOC_RT_PEEK, &info))
		return -errno;
	out->cookie = info.cookie;
	out->flags = info.flags;
	out->caller_len = info.caller_len;
	out->peer_len = (int)(info.peer_len > sizeof(out->peer) ?
			      sizeof(out->peer) : info.peer_len);
	memcpy(out->peer, info.peer, sizeof(out->peer));
	addr_out(out->peer, out->peer_len);
	_Static_assert(sizeof(out->local) == sizeof(info.local), "local");
	out->local_len = (int)(info.local_len > sizeof(out->local) ?
			       sizeof(out->local) : info.local_len);
	memcpy(out->local, info.local, sizeof(out->local));
	addr_out(out->local, out->local_len);
	return 0;
}

int wsys_rt_verdict(int fd, uint64_t cookie, int verdict, const void *callee,
		    uint32_t callee_len)
{
	struct ws_rt_verdict v = {
		.cookie = cookie,
		.callee_data = (uintptr_t)callee,
		.callee_len = callee_len,
		.verdict = (uint32_t)verdict,
	};

	return ioctl(fd, WS_IOC_RT_VERDICT, &v) ? -errno : 0;
}

int wsys_listen(int fd, int backlog)
{
	return listen(fd, backlog) ? -errno : 0;
}

int wsys_accept(int fd, void *addr, int *len, int nonblock, int cloexec)
{
	int flags = (nonblock ? SOCK_NONBLOCK : 0) | (cloexec ? SOCK_CLOEXEC : 0);
	int room = addr && len ? *len : 0;
	int nfd = accept4(fd, addr, (socklen_t *)len, flags);

	if (nfd < 0)
		return -errno;
	addr_out(addr, room);
	return nfd;
}

/*
 * The conditional accept is registered, then carried out by accept(2), so
 * that the security modules check it as a native accept; that accept
 * claims a connection for this thread and fails with EINPROGRESS, any
 * other error being the accept's (uapi/linux/ws.h, "Conditional accept").
 */
int wsys_accept_cond(int fd, struct wsl_accept_cond *out)
{
	struct ws_accept_info info;
	struct ws_accept_cond arg = { .info = (uintptr_t)&info };
	int nfd;

	_Static_assert(sizeof(out->peer) == sizeof(info.peer), "peer");
	_Static_assert(sizeof(out->local) == sizeof(info.local), "local");
	memset(&info, 0, sizeof(info));
	out->fd = -1;
	if (ioctl(fd, WS_IOC_ACCEPT_COND, &arg))
		return -errno;
	nfd = accept4(fd, NULL, NULL, out->cloexec ? SOCK_CLOEXEC : 0);
	if (nfd >= 0) {
		/*
		 * SO_CONDITIONAL_ACCEPT: a connection whose SYN a condition
		 * function already accepted (uapi: the registration is used).
		 */
		out->fd = nfd;
		return 0;
	}
	if (errno != EINPROGRESS) {
		int err = -errno;

		/* An accept the module did not see leaves the registration. */
		arg.info = 0;
		ioctl(fd, WS_IOC_ACCEPT_COND, &arg);
		return err;
	}
	out->cookie = info.cookie;
	out->peer_len = (int)info.peer_len;
	out->local_len = (int)info.local_len;
	memcpy(out->peer, info.peer, sizeof(out->peer));
	memcpy(out->local, info.local, sizeof(out->local));
	addr_out(out->peer, out->peer_len);
	addr_out(out->local, out->local_len);
	return 0;
}

/*
 * The verdict on the claimed connection: WSL_CF_ACCEPT returns its fd, or
 * -EINPROGRESS for a held SYN whose connection is not established yet.
 */
int wsys_accept_verdict(int fd, uint64_t cookie, int verdict, int cloexec)
{
	struct ws_accept_verdict v = {
		.cookie = cookie,
		.verdict = (uint32_t)verdict,
		.flags = cloexec ? O_CLOEXEC : 0,
	};

	if (ioctl(fd, WS_IOC_ACCEPT_VERDICT, &v))
		return -errno;
	return verdict == WSL_CF_ACCEPT ? v.fd : 0;
}

ssize_t wsys_send(int fd, const void *buf, size_t len, int flags,
		  const void *to, int tolen)
{
	struct sockaddr_storage tmp;
	ssize_t n;

	if (to)
		n = sendto(fd, buf, len, flags, addr_in(to, tolen, &tmp),
			   (socklen_t)tolen);
	else
		n = send(fd, buf, len, flags);
	return n < 0 ? -errno : n;
}

ssize_t wsys_recv(int fd, void *buf, size_t len, int flags, void *from,
		  int *fromlen)
{
	int room = from && fromlen ? *fromlen : 0;
	ssize_t n = recvfrom(fd, buf, len, flags, from, (socklen_t *)fromlen);

	/* A truncated datagram (EMSGSIZE) has its sender's address too. */
	if (n >= 0 || errno == EMSGSIZE)
		addr_out(from, room);
	return n < 0 ? -errno : n;
}

/*
 * The Winsock address @addr for a call that takes one in: its length, and
 * in @out the address in the kernel's numbering.
 */
int wsys_addr_in(const void *addr, int len, void *out, size_t size)
{
	struct sockaddr_storage tmp;
	const void *a;

	if (len < 0 || (size_t)len > size || (size_t)len > sizeof(tmp))
		return -EINVAL;
	a = addr_in(addr, len, &tmp);
	memcpy(out, a, len);
	return len;
}

/* Block until @fd is ready for @events (a socket made nonblocking). */
static int wait_ready(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	do
		r = poll(&p, 1, -1);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

#define WSYS_STACK_IOV	16

/* WSABUFs as iovecs: @iov holds WSYS_STACK_IOV, else one is allocated. */
static struct iovec *to_iov(const struct wsl_iovec *bufs, unsigned int n,
			    struct iovec *iov, size_t *total)
{
	unsigned int i;

	*total = 0;
	if (n > WSYS_STACK_IOV) {
		iov = malloc(n * sizeof(*iov));
		if (!iov)
			return NULL;
	}
	for (i = 0; i < n; i++) {
		iov[i].iov_base = (void *)(uintptr_t)bufs[i].buf;
		iov[i].iov_len = bufs[i].len;
		*total += bufs[i].len;
	}
	return iov;
}

/**
 * wsys_recvmsg() - WSARecv(From) without an OVERLAPPED: recvmsg
 * @fd: the socket
 * @bufs: the WSABUF array (struct wsl_iovec layout)
 * @n: its length
 * @flags: Winsock MSG_* flags (Linux's values)
 * @from: where the source goes (Winsock numbering), or NULL
 * @fromlen: in: its room; out: its length
 * @force_block: block even if the socket is nonblocking
 * @flags_out: the result flags (MSG_OOB)
 *
 * Return: the bytes received; -EMSGSIZE for a truncated datagram (the
 * buffers are full: the caller reports their total); or -errno.
 */
ssize_t wsys_recvmsg(int fd, const struct wsl_iovec *bufs, unsigned int n,
		     int flags, void *from, int *fromlen, int force_block,
		     uint32_t *flags_out)
{
	struct iovec stack[WSYS_STACK_IOV], *iov;
	struct msghdr msg = { };
	int room = from && fromlen ? *fromlen : 0;
	size_t total;
	ssize_t r;

	iov = to_iov(bufs, n, stack, &total);
	if (!iov)
		return -ENOMEM;
	msg.msg_iov = iov;
	msg.msg_iovlen = n;
	msg.msg_name = from;
	msg.msg_namelen = room;
	for (;;) {
		r = recvmsg(fd, &msg, flags);
		if (r >= 0 || errno != EAGAIN || !force_block)
			break;
		r = wait_ready(fd, POLLIN);
		if (r < 0)
			break;
	}
	if (r < 0)
		r = -errno;
	if (r >= 0 || r == -EMSGSIZE) {
		addr_out(from, room);
		if (fromlen && from)
			*fromlen = msg.msg_namelen;
		if (r == -EMSGSIZE)
			r = -EMSGSIZE;
	}
	*flags_out = msg.msg_flags & MSG_OOB;
	if (iov != stack)
		free(iov);
	(void)total;
	return r;
}

/**
 * wsys_sendmsg() - WSASend(To) without an OVERLAPPED: sendmsg
 * @fd: the socket
 * @bufs: the WSABUF array
 * @n: its length
 * @flags: Winsock MSG_* flags
 * @to: the destination (Winsock numbering), or NULL
 * @tolen: its length
 * @force_block: block even if the socket is nonblocking
 *
 * Return: the bytes sent, or -errno.
 */
ssize_t wsys_sendmsg(int fd, const struct wsl_iovec *bufs, unsigned int n,
		     int flags, const void *to, int tolen, int force_block)
{
	struct iovec stack[WSYS_STACK_IOV], *iov;
	struct sockaddr_storage tmp;
	struct msghdr msg = { };
	size_t total, done = 0;
	ssize_t r;

	iov = to_iov(bufs, n, stack, &total);
	if (!iov)
		return -ENOMEM;
	msg.msg_iov = iov;
	msg.msg_iovlen = n;
	if (to) {
		msg.msg_name = (void *)addr_in(to, tolen, &tmp);
		msg.msg_namelen = tolen;
	}
	for (;;) {
		r = sendmsg(fd, &msg, flags);
		if (r >= 0) {
			done += r;
			if (!force_block || done == total)
				break;
			/* Go on after what was sent. */
			while (r > 0 && msg.msg_iovlen) {
				size_t k = (size_t)r < msg.msg_iov->iov_len ?
					   (size_t)r : msg.msg_iov->iov_len;

				msg.msg_iov->iov_base = (char *)msg.msg_iov->iov_base + k;
				msg.msg_iov->iov_len -= k;
				r -= k;
				if (!msg.msg_iov->iov_len) {
					msg.msg_iov++;
					msg.msg_iovlen--;
				}
			}
			continue;
		}
		if (errno != EAGAIN || !force_block)
			break;
		r = wait_ready(fd, POLLOUT);
		if (r < 0)
			break;
	}
	if (iov != stack)
		free(iov);
	if (r < 0 && !done)
		return -errno;
	return done;
}

int wsys_shutdown(int fd, int how)
{
	return shutdown(fd, how) ? -errno : 0;
}

int wsys_getsockopt(int fd, int level, int name, void *val, int *len)
{
	return getsockopt(fd, level, name, val, (socklen_t *)len) ? -errno : 0;
}

int wsys_setsockopt(int fd, int level, int name, const void *val, int len)
{
	return setsockopt(fd, level, name, val, (socklen_t)len) ? -errno : 0;
}

int wsys_getsockname(int fd, void *addr, int *len)
{
	int room = addr && len ? *len : 0;

	if (getsockname(fd, addr, (socklen_t *)len))
		return -errno;
	addr_out(addr, room);
	return 0;
}

int wsys_getpeername(int fd, void *addr, int *len)
{
	int room = addr && len ? *len : 0;

	if (getpeername(fd, addr, (socklen_t *)len))
		return -errno;
	addr_out(addr, room);
	return 0;
}

/*
 * ioctlsocket(FIONBIO) goes through the module's own ioctl, not the VFS's
 * FIONBIO: the module refuses blocking mode while WSAEventSelect or
 * WSAAsyncSelect is in effect (EINVAL, WSAEINVAL).
 */
int wsys_set_nonblock(int fd, int on)
{
	__u32 val = !!on;

	return ioctl(fd, WS_IOC_SET_NONBLOCK, &val) ? -errno : 0;
}

/* Wakes the calls blocked on the socket in other threads (closesocket). */
int wsys_cancel_blocking(int fd)
{
	return ioctl(fd, WS_IOC_CANCEL_BLOCKING) ? -errno : 0;
}

int wsys_get_id(int fd, uint64_t *id)
{
	__u64 val;

	if (ioctl(fd, WS_IOC_GET_ID, &val))
		return -errno;
	*id = val;
	return 0;
}

int wsys_event_select(int fd, int event_fd, uint32_t mask)
{
	struct ws_event_select a = { .event_fd = event_fd, .mask = mask };

	return ioctl(fd, WS_IOC_EVENT_SELECT, &a) ? -errno : 0;
}

int wsys_async_select(int fd, int msgq_fd, uint32_t message, uint64_t hwnd,
		      uint32_t mask)
{
	struct ws_async_select a = {
		.msgq_fd = msgq_fd,
		.message = message,
		.hwnd = hwnd,
		.mask = mask,
	};

	return ioctl(fd, WS_IOC_ASYNC_SELECT, &a) ? -errno : 0;
}

_Static_assert(WSL_FD_MAX_EVENTS == WS_FD_MAX_EVENTS, "WSL_FD_MAX_EVENTS");

_Static_assert(sizeof(struct wsl_io) == sizeof(struct ws_io) &&
	       offsetof(struct wsl_io, ov) == offsetof(struct ws_io, ov) &&
	       offsetof(struct wsl_io, dev_fd) == offsetof(struct ws_io, dev_fd) &&
	       offsetof(struct wsl_io, addr) == offsetof(struct ws_io, addr) &&
	       offsetof(struct wsl_io, flags_out) ==
	       offsetof(struct ws_io, flags_out) &&
	       offsetof(struct wsl_io, ctx) == offsetof(struct ws_io, ctx) &&
	       offsetof(struct wsl_io, bytes) == offsetof(struct ws_io, bytes) &&
	       offsetof(struct wsl_io, status) == offsetof(struct ws_io, status),
	       "struct wsl_io");
_Static_assert(sizeof(struct wsl_iovec) == sizeof(struct ws_iovec),
	       "struct wsl_iovec");
_Static_assert(WSL_OP_RECV == WS_OP_RECV && WSL_OP_SEND == WS_OP_SEND &&
	       WSL_OP_COMPLETE == WS_OP_COMPLETE && WSL_OP_ACCEPT == WS_OP_ACCEPT &&
	       WSL_OP_CONNECT == WS_OP_CONNECT &&
	       WSL_OP_TRANSMIT == WS_OP_TRANSMIT &&
	       WSL_TF_DISCONNECT == WS_TF_DISCONNECT && WSL_APC_IO == WS_APC_IO &&
	       WSL_IO_NO_PORT == WS_IO_NO_PORT &&
	       WSL_IO_REPORTED_PENDING == WS_IO_REPORTED_PENDING &&
	       WSL_APC_USER == WS_APC_USER &&
	       WSL_STATUS_PENDING == WS_STATUS_PENDING, "WSL_OP_*");

int wsys_submit(int fd, struct wsl_io *io)
{
	return ioctl(fd, WS_IOC_SUBMIT, io) ? -errno : 0;
}

int wsys_cancel(int fd, uint64_t ov, int this_thread)
{
	struct ws_cancel c = {
		.ov = ov,
		.flags = this_thread ? WS_CANCEL_THREAD : 0,
	};
	int r = ioctl(fd, WS_IOC_CANCEL, &c);

	return r < 0 ? -errno : r;
}

int wsys_associate(int fd, int port, uint64_t key)
{
	struct ws_associate a = { .port_fd = port, .key = key };

	return ioctl(fd, WS_IOC_ASSOCIATE, &a) ? -errno : 0;
}

int wsys_inherit_port(int fd, int from)
{
	int32_t f = from;

	return ioctl(fd, WS_IOC_INHERIT_PORT, &f) ? -errno : 0;
}

int wsys_notify_modes(int fd, uint32_t modes)
{
	return ioctl(fd, WS_IOC_NOTIFY_MODES, &modes) ? -errno : 0;
}

/* Remove a registered AcceptEx or ConnectEx whose arming call failed. */
int wsys_cancel_drop(int fd, uint64_t ov)
{
	struct ws_cancel c = { .ov = ov, .flags = WS_CANCEL_DROP };

	return ioctl(fd, WS_IOC_CANCEL, &c) < 0 ? -errno : 0;
}

/* The socket an AcceptEx accepted for @fd, as a new descriptor. */
int wsys_accept_take(int fd)
{
	int r = ioctl(fd, WS_IOC_ACCEPT_TAKE);

	return r < 0 ? -errno : r;
}

/* Put @nfd's file at @fd, keeping @fd's close-on-exec flag; closes @nfd. */
int wsys_replace_fd(int nfd, int fd)
{
	int fl = fcntl(fd, F_GETFD), r;

	if (fl < 0)
		return -errno;
	r = dup3(nfd, fd, fl & FD_CLOEXEC ? O_CLOEXEC : 0);
	if (r < 0)
		return -errno;
	close(nfd);
	return 0;
}

/*
 * WSASendMsg's control data, from Windows' layout and numbers (a
 * WSACMSGHDR has the same layout as a struct cmsghdr) into Linux's, into
 * @out: IP_PKTINFO (IN_PKTINFO: the source address, the interface), IP_TTL,
 * IP_TOS, IPV6_PKTINFO, IPV6_HOPLIMIT, IPV6_TCLASS.
 *
 * Return: the length of the Linux control data, or -EINVAL (a message
 * libws does not know, or a bad length), -ENOBUFS.
 */
int wsys_ctl_to_linux(const void *win, size_t wlen, void *out, size_t room)
{
	struct msghdr wm = { .msg_control = (void *)win, .msg_controllen = wlen };
	struct msghdr lm = { .msg_control = out, .msg_controllen = room };
	struct cmsghdr *w, *l = NULL;
	size_t used = 0;

	memset(out, 0, room);
	for (w = CMSG_FIRSTHDR(&wm); w; w = CMSG_NXTHDR(&wm, w)) {
		const unsigned char *d = CMSG_DATA(w);
		size_t dlen = w->cmsg_len - CMSG_LEN(0);
		struct in_pktinfo pi;
		int level, type, v;
		const void *data = d;
		size_t len = 4;

		if (w->cmsg_len < CMSG_LEN(0))
			return -EINVAL;
		if (w->cmsg_level == 0 && w->cmsg_type == 19 && dlen >= 8) {
			memset(&pi, 0, sizeof(pi));
			memcpy(&pi.ipi_spec_dst, d, 4);
			memcpy(&pi.ipi_ifindex, d + 4, 4);
			level = SOL_IP;
			type = IP_PKTINFO;
			data = &pi;
			len = sizeof(pi);
		} else if (w->cmsg_level == 0 && (w->cmsg_type == 4 ||
						  w->cmsg_type == 3) && dlen >= 4) {
			level = SOL_IP;
			type = w->cmsg_type == 4 ? IP_TTL : IP_TOS;
		} else if (w->cmsg_level == 41 && w->cmsg_type == 19 && dlen >= 20) {
			level = SOL_IPV6;
			type = IPV6_PKTINFO;
			len = 20;
		} else if (w->cmsg_level == 41 && (w->cmsg_type == 21 ||
						   w->cmsg_type == 39) && dlen >= 4) {
			level = SOL_IPV6;
			type = w->cmsg_type == 21 ? IPV6_HOPLIMIT : IPV6_TCLASS;
		} else {
			return -EINVAL;
		}
		if (len == 4) {
			memcpy(&v, d, 4);
			data = &v;
		}
		if (used + CMSG_SPACE(len) > room)
			return -ENOBUFS;
		l = l ? (struct cmsghdr *)((char *)l + CMSG_SPACE(l->cmsg_len - CMSG_LEN(0)))
		      : CMSG_FIRSTHDR(&lm);
		l->cmsg_len = CMSG_LEN(len);
		l->cmsg_level = level;
		l->cmsg_type = type;
		memcpy(CMSG_DATA(l), data, len);
		used += CMSG_SPACE(len);
	}
	return (int)used;
}

/* The file offset of @fd (TransmitFile without an OVERLAPPED). */
int64_t wsys_file_pos(int fd)
{
	off_t pos = lseek(fd, 0, SEEK_CUR);

	return pos < 0 ? -errno : (int64_t)pos;
}

/* The file's nonblocking mode (the module keeps FIONBIO in O_NONBLOCK). */
int wsys_is_nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -errno : !!(fl & O_NONBLOCK);
}

int wsys_is_connected(int fd)
{
	struct sockaddr_storage a;
	socklen_t len = sizeof(a);

	return getpeername(fd, (struct sockaddr *)&a, &len) == 0;
}

int wsys_ov_wait(int fd, uint64_t ov, uint64_t deadline_ns)
{
	struct ws_ov_wait w = { .ov = ov, .timeout = deadline_ns };
	int r;

	/* The deadline is absolute: a signal just restarts the wait. */
	do
		r = ioctl(fd, WS_IOC_OV_WAIT, &w);
	while (r && errno == EINTR);
	return r ? -errno : 0;
}

/* WSAEnumNetworkEvents: the record (errno per reported event), cleared. */
int wsys_enum_events(int fd, int event_fd, uint32_t *events,
		     int32_t errors[WSL_FD_MAX_EVENTS])
{
	struct ws_network_events a = { .event_fd = event_fd };

	if (ioctl(fd, WS_IOC_ENUM_NETWORK_EVENTS, &a))
		return -errno;
	*events = a.events;
	memcpy(errors, a.errors, sizeof(a.errors));
	return 0;
}

int wsys_nread(int fd, int *val)
{
	return ioctl(fd, FIONREAD, val) ? -errno : 0;
}

int wsys_atmark(int fd, int *val)
{
	return ioctl(fd, SIOCATMARK, val) ? -errno : 0;
}

/* 0 if closing now would not have to block; -EWOULDBLOCK if it would. */
int wsys_closecheck(int fd)
{
	return ioctl(fd, WS_IOC_CLOSECHECK) ? -errno : 0;
}

int wsys_close(int fd)
{
	/* On Linux the descriptor is gone even when close reports EINTR. */
	if (close(fd) && errno != EINTR)
		return -errno;
	return 0;
}

int wsys_gethostname(char *buf, size_t size)
{
	return gethostname(buf, size) ? -errno : 0;
}

/*
 * Access to memory the caller handed in, for the pointers libws itself
 * reads or writes (fd_sets, length arguments, WSADATA, ...): the kernel
 * copies, so that a bad pointer is -EFAULT (WSAEFAULT) instead of a crash,
 * as it is for the buffers the socket system calls see.
 *
 * The copy is process_vm_readv/writev on the own process: one system call
 * for any number of pointers (wsys_copy_in_spans(), used by select for its
 * three sets and its timeout at once). The process id it needs is kept in
 * a page that fork wipes in the child (MADV_WIPEONFORK), so it is asked
 * for once per process, not once per copy, and a child never copies from
 * its parent, even after a fork that skipped the atfork handlers.
 *
 * Where process_vm_readv/writev are not available (a seccomp filter, a
 * kernel without them: ENOSYS, EPERM), the copy goes through a pipe
 * instead: write(2) from the source, read(2) into the destination, each of
 * which fails with EFAULT on a bad pointer. Never a plain memcpy: a bad
 * pointer must not crash the caller. The pipe is the process's (a child
 * closes the one it inherited: wsys_fork()), nonblocking, used under a
 * mutex, in chunks no larger than PIPE_BUF, and drained after a failed
 * copy.
 */
static int vm_access_ok = 1;

static pthread_mutex_t copy_pipe_lock = PTHREAD_MUTEX_INITIALIZER;
static int copy_pipe[2] = { -1, -1 };	/* under copy_pipe_lock */

#define PID_NO_CACHE	((pid_t *)-1)
static pid_t *pid_slot;			/* atomic; NULL until set up */

void wsys_copy_force_pipe(int on)
{
	__atomic_store_n(&vm_access_ok, !on, __ATOMIC_RELAXED);
}

/* The page that holds the cached process id, or PID_NO_CACHE. */
static pid_t *pid_slot_setup(void)
{
	pid_t *slot, *expected = NULL;
	void *page;

	page = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return PID_NO_CACHE;
	if (madvise(page, (size_t)sysconf(_SC_PAGESIZE), MADV_WIPEONFORK)) {
		munmap(page, (size_t)sysconf(_SC_PAGESIZE));
		slot = PID_NO_CACHE;
	} else {
		slot = page;
	}
	if (!__atomic_compare_exchange_n(&pid_slot, &expected, slot, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		if (slot != PID_NO_CACHE)
			munmap(page, (size_t)sysconf(_SC_PAGESIZE));
		slot = expected;
	}
	return slot;
}

/* getpid(), asked once per process (see above). */
static pid_t self_pid(void)
{
	pid_t *slot = __atomic_load_n(&pid_slot, __ATOMIC_ACQUIRE), pid;

	if (!slot)
		slot = pid_slot_setup();
	if (slot == PID_NO_CACHE)
		return getpid();
	pid = __atomic_load_n(slot, __ATOMIC_RELAXED);
	if (!pid) {		/* first use, or a child: the page was wiped */
		pid = getpid();
		__atomic_store_n(slot, pid, __ATOMIC_RELAXED);
	}
	return pid;
}

/* Empties the pipe after a failed copy. */
static void pipe_drain(int fd)
{
	char scratch[512];

	while (read(fd, scratch, sizeof(scratch)) > 0)
		;
}

static int pipe_copy(void *dst, const void *src, size_t n)
{
	size_t done = 0;
	ssize_t w, r;
	int err = 0;

	if (!n)
		return 0;
	if (!dst || !src)
		return -EFAULT;
	pthread_mutex_lock(&copy_pipe_lock);
	if (copy_pipe[0] < 0 && pipe2(copy_pipe, O_CLOEXEC | O_NONBLOCK))
		err = -errno;
	while (!err && done < n) {
		size_t chunk = n - done < PIPE_BUF ? n - done : PIPE_BUF;

		w = write(copy_pipe[1], (const char *)src + done, chunk);
		if (w != (ssize_t)chunk) {
			err = w < 0 && errno != EFAULT ? -errno : -EFAULT;
			break;
		}
		r = read(copy_pipe[0], (char *)dst + done, chunk);
		if (r != (ssize_t)chunk) {
			err = r < 0 && errno != EFAULT ? -errno : -EFAULT;
			break;
		}
		done += chunk;
	}
	if (err && copy_pipe[0] >= 0)
		pipe_drain(copy_pipe[0]);
	pthread_mutex_unlock(&copy_pipe_lock);
	return err;
}

static int vm_copy(const struct wsys_span *sp, unsigned int n, int out)
{
	struct iovec local[WSYS_SPANS_MAX], remote[WSYS_SPANS_MAX];
	size_t total = 0;
	unsigned int i, k = 0;
	ssize_t r;
	int err;

	if (n > WSYS_SPANS_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!sp[i].len)
			continue;
		/* NULL is never the caller's memory (and would be the
		 * process's zero page if mapped). */
		if (!(out ? sp[i].dst : sp[i].src))
			return -EFAULT;
		local[k].iov_base = out ? (void *)sp[i].src : sp[i].dst;
		remote[k].iov_base = out ? sp[i].dst : (void *)sp[i].src;
		local[k].iov_len = remote[k].iov_len = sp[i].len;
		total += sp[i].len;
		k++;
	}
	if (!k)
		return 0;
	if (__atomic_load_n(&vm_access_ok, __ATOMIC_RELAXED)) {
		if (out)
			r = process_vm_writev(self_pid(), local, k, remote, k, 0);
		else
			r = process_vm_readv(self_pid(), local, k, remote, k, 0);
		if (r == (ssize_t)total)
			return 0;
		if (r >= 0 || errno == EFAULT)
			return -EFAULT;
		if (errno == ENOMEM || errno == EINTR)
			return -errno;
		/* ENOSYS, EPERM: not allowed here; from now on, the pipe. */
		__atomic_store_n(&vm_access_ok, 0, __ATOMIC_RELAXED);
	}
	for (i = 0; i < n; i++) {
		err = pipe_copy(sp[i].dst, sp[i].src, sp[i].len);
		if (err)
			return err;
	}
	return 0;
}

/**
 * wsys_copy_in_spans() - copy from several of the caller's pointers at once
 * @sp: the copies: each from the caller's @src to libws's @dst
 * @n: how many, at most WSYS_SPANS_MAX
 *
 * One system call for all of them (process_vm_readv).
 *
 * Return: 0, or -EFAULT if any source is not readable.
 */
int wsys_copy_in_spans(const struct wsys_span *sp, unsigned int n)
{
	return vm_copy(sp, n, 0);
}

/**
 * wsys_copy_out_spans() - copy to several of the caller's pointers at once
 * @sp: the copies: each from libws's @src to the caller's @dst
 * @n: how many, at most WSYS_SPANS_MAX
 *
 * Return: 0, or -EFAULT if any destination is not writable.
 */
int wsys_copy_out_spans(const struct wsys_span *sp, unsigned int n)
{
	return vm_copy(sp, n, 1);
}

/**
 * wsys_copy_in() - copy from a caller's pointer
 * @dst: libws's buffer
 * @src: the caller's pointer
 * @n: bytes
 *
 * Return: 0, or -EFAULT if @src is not readable.
 */
int wsys_copy_in(void *dst, const void *src, size_t n)
{
	struct wsys_span sp = { .dst = dst, .src = src, .len = n };

	return vm_copy(&sp, 1, 0);
}

/**
 * wsys_copy_out() - copy to a caller's pointer
 * @dst: the caller's pointer
 * @src: libws's buffer
 * @n: bytes
 *
 * Return: 0, or -EFAULT if @dst is not writable.
 */
int wsys_copy_out(void *dst, const void *src, size_t n)
{
	struct wsys_span sp = { .dst = dst, .src = src, .len = n };

	return vm_copy(&sp, 1, 1);
}

/**
 * wsys_fork() - sys.c's part of fork()
 * @phase: before the fork, after it in the parent, or in the child
 *
 * The copy pipe's lock is held across the fork; a child closes the pipe it
 * inherited (shared with the parent) and makes its own when it needs one.
 */
void wsys_fork(enum ws_fork_phase phase)
{
	switch (phase) {
	case WS_FORK_PREPARE:
		pthread_mutex_lock(&copy_pipe_lock);
		break;
	case WS_FORK_PARENT:
		pthread_mutex_unlock(&copy_pipe_lock);
		break;
	case WS_FORK_CHILD:
		if (copy_pipe[0] >= 0) {
			close(copy_pipe[0]);
			close(copy_pipe[1]);
			copy_pipe[0] = copy_pipe[1] = -1;
		}
		pthread_mutex_unlock(&copy_pipe_lock);
		break;
	}
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

uint64_t wsys_now_ns(void)
{
	return (uint64_t)now_ns();
}

/**
 * wsys_sleep_until() - sleep until a CLOCK_MONOTONIC deadline
 * @deadline_ns: the deadline; WS_DEADLINE_INFINITE sleeps for ever
 *
 * Signals do not end the sleep (Windows has none).
 *
 * Return: 0, or -errno.
 */
int wsys_sleep_until(uint64_t deadline_ns)
{
	struct timespec ts;
	int r;

	for (;;) {
		if (deadline_ns == WS_DEADLINE_INFINITE) {
			ts.tv_sec = 1000000000;	/* ~30 years at a time */
			ts.tv_nsec = 0;
			r = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
		} else {
			ts.tv_sec = (time_t)(deadline_ns / 1000000000);
			ts.tv_nsec = (long)(deadline_ns % 1000000000);
			r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					    &ts, NULL);
			if (r == 0)
				return 0;
		}
		if (r && r != EINTR)
			return -r;
	}
}

uint32_t wsys_gettid(void)
{
	return (uint32_t)syscall(SYS_gettid);
}

/* 1 if @tid is a thread of this process, 0 if not. */
int wsys_thread_alive(uint32_t tid)
{
	if (!tid || tid > INT_MAX)
		return 0;
	return syscall(SYS_tgkill, self_pid(), (pid_t)tid, 0) == 0;
}

/**
 * wsys_poll() - wait for events on descriptors
 * @fds: the descriptors, events in, revents out
 * @n: how many
 * @timeout_ns: longest wait; negative waits forever
 *
 * Windows has no signals, so a wait interrupted by one is resumed for the
 * time that is left.
 *
 * Return: the number of descriptors with events, 0 on timeout, -errno.
 */
int wsys_poll(struct wsys_pollfd *fds, unsigned int n, int64_t timeout_ns)
{
	int64_t deadline = 0, left = timeout_ns;
	struct timespec ts;
	int r;

	if (timeout_ns > 0)
		deadline = now_ns() + timeout_ns;
	for (;;) {
		if (left >= 0) {
			ts.tv_sec = left / 1000000000;
			ts.tv_nsec = left % 1000000000;
		}
		r = ppoll((struct pollfd *)fds, n, left >= 0 ? &ts : NULL,
			  NULL);
		if (r >= 0)
			return r;
		if (errno != EINTR)
			return -errno;
		if (timeout_ns > 0) {
			left = deadline - now_ns();
			if (left < 0)
				left = 0;
		}
	}
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ws device, /dev/ws (uapi/linux/ws.h): the kernel objects that are not
 * sockets. Event objects (WSAEVENT), the waits on them, the per-thread APC
 * queues and the message queues behind window messages all live in the
 * module; this file only makes the system calls.
 *
 * The device is opened once per process, the first time something needs
 * it, and stays open: its descriptor is close-on-exec and is never handed
 * to the application. A child after fork opens its own
 * (wsdev_fork_child()). Objects are file descriptors of their own (the
 * event's descriptor is its WSAEVENT), created close-on-exec by the module.
 * Each function returns >= 0 or -errno; when the module is not loaded the
 * device is missing and every function fails with the errno of open(2)
 * (ENOENT, or ENXIO/ENODEV while the module goes away).
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include <linux/ws.h>

#include "internal.h"

_Static_assert(sizeof(struct wsl_msg) == sizeof(struct ws_msg) &&
	       offsetof(struct wsl_msg, hwnd) == offsetof(struct ws_msg, hwnd) &&
	       offsetof(struct wsl_msg, message) ==
	       offsetof(struct ws_msg, message) &&
	       offsetof(struct wsl_msg, flags) == offsetof(struct ws_msg, flags) &&
	       offsetof(struct wsl_msg, wparam) ==
	       offsetof(struct ws_msg, wparam) &&
	       offsetof(struct wsl_msg, lparam) ==
	       offsetof(struct ws_msg, lparam), "struct wsl_msg");
_Static_assert(WSL_MSG_FROM_SOCKET == WS_MSG_FROM_SOCKET &&
	       WSDEV_MSGQ_REMOVE == WS_MSGQ_REMOVE &&
	       WSDEV_MSGQ_WAIT == WS_MSGQ_WAIT, "WSDEV_MSGQ_*");
_Static_assert(WSDEV_WAIT_ALL == WS_WAIT_ALL &&
	       WSDEV_WAIT_ALERTABLE == WS_WAIT_ALERTABLE &&
	       WSDEV_WAIT_APC == WS_WAIT_APC, "WSDEV_WAIT_*");
_Static_assert(WS_DEADLINE_INFINITE == WS_TIMEOUT_INFINITE,
	       "WS_DEADLINE_INFINITE");
_Static_assert(sizeof(struct wsl_port_entry) == sizeof(struct ws_port_entry) &&
	       offsetof(struct wsl_port_entry, key) == offsetof(struct ws_port_entry, key) &&
	       offsetof(struct wsl_port_entry, ov) == offsetof(struct ws_port_entry, ov) &&
	       offsetof(struct wsl_port_entry, bytes) ==
	       offsetof(struct ws_port_entry, bytes) &&
	       offsetof(struct wsl_port_entry, status) ==
	       offsetof(struct ws_port_entry, status) &&
	       WSL_PORT_MAX_BATCH == WS_PORT_MAX_BATCH, "struct wsl_port_entry");

static int dev_fd = -1;		/* atomic; -1 until opened */

/*
 * The first dev_get() (wsdev_get()) opens the device. Two threads racing
 * here may both open it; one descriptor is kept and the other closed.
 */
static int dev_open(void)
{
	int fd, expected = -1;

	fd = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!__atomic_compare_exchange_n(&dev_fd, &expected, fd, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		close(fd);
		fd = expected;
	}
	return fd;
}

/**
 * wsdev_get() - the process's descriptor of /dev/ws
 *
 * Opens the device the first time (dev_open()); after that, one load.
 *
 * Return: the descriptor, or -errno of open(2).
 */
static inline int dev_get(void)
{
	int fd = __atomic_load_n(&dev_fd, __ATOMIC_ACQUIRE);

	return fd >= 0 ? fd : dev_open();
}

int wsdev_get(void)
{
	return dev_get();
}

/*
 * In a child after fork: the descriptor of /dev/ws is the parent's open of
 * the device, whose per-open objects (APC queues) the parent's threads
 * use. The child opens its own the next time it needs one.
 */
void wsdev_fork_child(void)
{
	int fd = __atomic_exchange_n(&dev_fd, -1, __ATOMIC_ACQ_REL);

	if (fd >= 0)
		close(fd);
}

/*
 * An object's HANDLE is its descriptor, which must be even and not 0:
 * Windows handles are multiples of 4, and programs set the low bit of an
 * OVERLAPPED's hEvent to say "no completion packet". Moves @fd to the
 * lowest even descriptor from 2 on if it is not one already.
 */
static int even_handle(int fd)
{
	int from = 2, nfd;

	if (fd > 0 && !(fd & 1))
		return fd;
	for (;;) {
		nfd = fcntl(fd, F_DUPFD_CLOEXEC, from);
		if (nfd < 0 || !(nfd & 1))
			break;
		close(nfd);
		from = nfd + 1;
	}
	/* F_DUPFD says EINVAL once it searches past RLIMIT_NOFILE. */
	if (nfd < 0)
		nfd = errno == EINVAL ? -EMFILE : -errno;
	close(fd);
	return nfd;
}

/**
 * wsdev_event_create() - a new event object
 * @signaled: its initial state
 * @auto_reset: auto-reset (a wait that it satisfies resets it), else
 *              manual-reset
 *
 * A WSAEVENT is the event's descriptor, even and never 0 (see
 * even_handle()); WSA_INVALID_EVENT is NULL.
 *
 * Return: the event's descriptor (>= 2), or -errno (-EINVAL for an
 * auto-reset event from a module that has none).
 */
int wsdev_event_create(int signaled, int auto_reset)
{
	struct ws_event_args a = {
		.flags = (signaled ? WS_EVENT_SIGNALED : 0) |
			 (auto_reset ? WS_EVENT_AUTO_RESET : 0),
		.fd = -1,
	};
	int dev = dev_get();

	if (dev < 0)
		return dev;
	if (ioctl(dev, WS_IOC_CREATE_EVENT, &a))
		return -errno;
	return even_handle(a.fd);
}

/**
 * wsdev_port_create() - a new I/O completion port
 * @concurrency: its concurrency value (0: the number of CPUs)
 *
 * Return: its descriptor (even, >= 2: its HANDLE), or -errno.
 */
int wsdev_port_create(uint32_t concurrency)
{
	struct ws_port_args a = { .concurrency = concurrency, .fd = -1 };
	int dev = dev_get();

	if (dev < 0)
		return dev;
	if (ioctl(dev, WS_IOC_CREATE_PORT, &a))
		return -errno;
	return even_handle(a.fd);
}

/**
 * wsdev_port_wait() - take completion packets from a port
 * @port: its descriptor
 * @ents: room for @max packets
 * @max: 1..WS_PORT_MAX_BATCH
 * @deadline_ns: absolute CLOCK_MONOTONIC, or WS_DEADLINE_INFINITE; 0 polls
 * @alertable: end when an APC is queued to the thread
 * @apc: set to 1 if an APC ended it
 *
 * Signals restart the wait (the deadline is absolute).
 *
 * Return: how many packets (>= 1), 0 if an APC ended the wait, or -errno
 * (-ETIMEDOUT, -EPIPE for a closed port, -EBADF).
 */
int wsdev_port_wait(int port, struct wsl_port_entry *ents, unsigned int max,
		    uint64_t deadline_ns, int alertable)
{
	struct ws_port_wait w = {
		.entries = (uintptr_t)ents,
		.timeout = deadline_ns,
		.port_fd = port,
		.max = max,
		.flags = alertable ? WS_WAIT_ALERTABLE : 0,
	};
	int dev = dev_get(), r;

	if (dev < 0)
		return dev;
	do
		r = ioctl(dev, WS_IOC_PORT_WAIT, &w);
	while (r && errno == EINTR);
	if (r)
		return -errno;
	return w.apc ? 0 : (int)w.count;
}

int wsdev_port_post(int port, const struct wsl_port_entry *e)
{
	return ioctl(port, WS_IOC_PORT_POST, e) ? -errno : 0;
}

int wsdev_port_close(int port)
{
	return ioctl(port, WS_IOC_PORT_CLOSE) ? -errno : 0;
}

/* WS_IOC_EVENT_SET (@on) or WS_IOC_EVENT_RESET. */
int wsdev_event_set(int fd, int on)
{
	return ioctl(fd, on ? WS_IOC_EVENT_SET : WS_IOC_EVENT_RESET) ? -errno : 0;
}

/* WS_IOC_EVENT_PULSE: -ENOTTY from a module without it, or another file. */
int wsdev_event_pulse(int fd)
{
	return ioctl(fd, WS_IOC_EVENT_PULSE) ? -errno : 0;
}

/* Whether @fd is an event object (ENOTTY, EBADF if not), and its state. */
int wsdev_event_read(int fd, int *signaled)
{
	__u32 val = 0;

	if (ioctl(fd, WS_IOC_EVENT_READ, &val))
		return -errno;
	*signaled = !!val;
	return 0;
}

/**
 * wsdev_wait() - WS_IOC_WAIT
 * @fds: the event descriptors
 * @n: how many (1..64)
 * @flags: WSDEV_WAIT_ALL, WSDEV_WAIT_ALERTABLE
 * @deadline_ns: absolute CLOCK_MONOTONIC deadline, WS_DEADLINE_INFINITE
 * @index: the index that ended the wait, or WSDEV_WAIT_APC
 *
 * The deadline is absolute, so a wait interrupted by a signal is simply
 * made again.
 *
 * Return: 0, -ETIMEDOUT, -EBADF (not an event), -EINVAL, -errno.
 */
int wsdev_wait(const int32_t *fds, unsigned int n, unsigned int flags,
	       uint64_t deadline_ns, unsigned int *index)
{
	struct ws_wait_args a = {
		.timeout = deadline_ns,
		.objs = (__u64)(uintptr_t)fds,
		.count = n,
		.flags = flags,
	};
	int dev = dev_get();

	if (dev < 0)
		return dev;
	while (ioctl(dev, WS_IOC_WAIT, &a)) {
		if (errno != EINTR)
			return -errno;
	}
	*index = a.index;
	return 0;
}

_Static_assert(sizeof(struct wsys_pollfd) == sizeof(struct ws_poll_fd) &&
	       offsetof(struct wsys_pollfd, fd) == offsetof(struct ws_poll_fd, fd) &&
	       offsetof(struct wsys_pollfd, events) ==
	       offsetof(struct ws_poll_fd, events) &&
	       offsetof(struct wsys_pollfd, revents) ==
	       offsetof(struct ws_poll_fd, revents), "struct ws_poll_fd");
_Static_assert(WSDEV_POLL_ALERTABLE == WS_POLL_ALERTABLE &&
	       WSDEV_POLL_LINUX == WS_POLL_LINUX &&
	       WSDEV_POLL_WOKEN_FD == WS_POLL_WOKEN_FD &&
	       WSDEV_POLL_WOKEN_APC == WS_POLL_WOKEN_APC &&
	       WSDEV_MAX_POLL_FDS == WS_MAX_POLL_FDS, "WSDEV_POLL_*");

/**
 * wsdev_poll() - WS_IOC_POLL: WSAPoll's wait
 * @fds: the sockets, their events in Winsock's bits; revents written
 * @n: how many (1..WSDEV_MAX_POLL_FDS)
 * @wake_fd: a descriptor whose readability ends the wait, or -1
 * @flags: WSDEV_POLL_ALERTABLE, WSDEV_POLL_LINUX (poll(2)'s bits)
 * @deadline_ns: absolute CLOCK_MONOTONIC deadline, WS_DEADLINE_INFINITE
 * @result: WSDEV_POLL_WOKEN_* that ended the wait
 *
 * The deadline is absolute, so a wait interrupted by a signal is simply
 * made again.
 *
 * Return: the number of entries with revents, or -errno.
 */
int wsdev_poll(struct wsys_pollfd *fds, unsigned int n, int wake_fd,
	       unsigned int flags, uint64_t deadline_ns, unsigned int *result)
{
	struct ws_poll_args a = {
		.timeout = deadline_ns,
		.fds = (__u64)(uintptr_t)fds,
		.count = n,
		.wake_fd = wake_fd,
		.flags = flags,
	};
	int dev = dev_get();
	int r;

	if (dev < 0)
		return dev;
	while ((r = ioctl(dev, WS_IOC_POLL, &a)) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	*result = a.result;
	return r;
}

/* See internal.h. */
int wsdev_poll_missing(int err)
{
	return err == -ENOENT || err == -EACCES || err == -EPERM ||
	       err == -ENXIO || err == -ENODEV || err == -ENOTTY ||
	       err == -EINVAL;
}

/* QueueUserAPC: -ESRCH (no such thread in this process), -EAGAIN (full). */
int wsdev_queue_apc(uint32_t tid, uint64_t func, const uint64_t args[3])
{
	struct ws_apc_args a = {
		.func = func,
		.args = { args[0], args[1], args[2] },
		.tid = tid,
	};
	int dev = dev_get();

	if (dev < 0)
		return dev;
	return ioctl(dev, WS_IOC_QUEUE_APC, &a) ? -errno : 0;
}

/* The calling thread's oldest APC; -EAGAIN if it has none. */
int wsdev_dequeue_apc(uint64_t *func, uint64_t args[3], uint32_t *tag)
{
	struct ws_apc_args a;
	int dev = dev_get();

	if (dev < 0)
		return dev;
	memset(&a, 0, sizeof(a));
	if (ioctl(dev, WS_IOC_DEQUEUE_APC, &a))
		return -errno;
	*func = a.func;
	memcpy(args, a.args, sizeof(a.args));
	*tag = a.pad;
	return 0;
}

/* A new message queue; its descriptor. */
int wsdev_msgq_create(void)
{
	struct ws_msgq_args a = { .flags = 0, .fd = -1 };
	int dev = dev_get();

	if (dev < 0)
		return dev;
	return ioctl(dev, WS_IOC_CREATE_MSGQ, &a) ? -errno : a.fd;
}

/* Appends @msg (flags 0) to queue @q; -EAGAIN when the queue is full. */
int wsdev_msgq_post(int q, const struct wsl_msg *msg)
{
	struct ws_msg m;

	memcpy(&m, msg, sizeof(m));
	return ioctl(q, WS_IOC_MSGQ_POST, &m) ? -errno : 0;
}

/**
 * wsdev_msgq_get() - WS_IOC_MSGQ_GET
 * @q: the queue
 * @msg: the message, out
 * @hwnd: only messages for this window (0: any)
 * @min: lowest message number (@min and @max 0: any)
 * @max: highest message number
 * @flags: WSDEV_MSGQ_REMOVE, WSDEV_MSGQ_WAIT
 * @deadline_ns: with WSDEV_MSGQ_WAIT, the absolute deadline
 *
 * Restarted after signals (the deadline is absolute).
 *
 * Return: 0, -EAGAIN (none, without WSDEV_MSGQ_WAIT), -ETIMEDOUT, -errno.
 */
int wsdev_msgq_get(int q, struct wsl_msg *msg, uint64_t hwnd, uint32_t min,
		   uint32_t max, unsigned int flags, uint64_t deadline_ns)
{
	struct ws_msgq_get g = {
		.hwnd = hwnd,
		.timeout = deadline_ns,
		.min = min,
		.max = max,
		.flags = flags,
	};

	while (ioctl(q, WS_IOC_MSGQ_GET, &g)) {
		if (errno != EINTR)
			return -errno;
	}
	memcpy(msg, &g.msg, sizeof(*msg));
	return 0;
}

/**
 * wsdev_duplicate() - WS_IOC_DUPLICATE: socket @fd for process @pid
 * @fd: a ws socket
 * @pid: the target process
 * @token: out: the token the target claims it with
 *
 * Return: 0, or -errno (ESRCH: no such process).
 */
int wsdev_duplicate(int fd, uint32_t pid, uint32_t *token)
{
	struct ws_dup_args a = { .fd = fd, .pid = pid };
	int dev = dev_get();

	if (dev < 0)
		return dev;
	if (ioctl(dev, WS_IOC_DUPLICATE, &a))
		return -errno;
	*token = a.token;
	return 0;
}

/**
 * wsdev_claim() - WS_IOC_CLAIM: the socket duplicated for this process
 * @token: from wsdev_duplicate() in the giving process
 * @cloexec: make the descriptor close-on-exec
 *
 * Return: the new descriptor, or -errno (ENOENT: no duplication of that
 * token for this process).
 */
int wsdev_claim(uint32_t token, int cloexec)
{
	struct ws_claim_args a = {
		.token = token,
		.flags = cloexec ? O_CLOEXEC : 0,
		.fd = -1,
	};
	int dev = dev_get();

	if (dev < 0)
		return dev;
	if (ioctl(dev, WS_IOC_CLAIM, &a))
		return -errno;
	return a.fd;
}

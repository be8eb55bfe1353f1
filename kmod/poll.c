// SPDX-License-Identifier: GPL-2.0
/*
 * ws: WSAPoll (WS_IOC_POLL on /dev/ws).
 *
 * One call polls a set of ws sockets and reports each in Winsock's terms,
 * which differ from poll(2)'s: a peer that shut down is POLLHUP, not
 * readable; a local shutdown(SD_RECEIVE) is nothing; out-of-band data is
 * POLLRDBAND unless SO_OOBINLINE makes it normal data; a failed connect is
 * POLLWRNORM | POLLHUP | POLLERR. The facts are Windows' as Wine's
 * test_WSAPoll observed them (uapi/linux/ws.h lists them).
 *
 * The wait is poll(2)'s own machinery (poll_initwait/poll_freewait): each
 * socket's wait queue, the caller's wake-up file (libws's eventfd, written
 * when closesocket in another thread closes a polled socket) and, for an
 * alertable wait, the calling thread's APC queue (event.c), whose
 * wait queue it watches through the /dev/ws file the call came in on.
 *
 * Lifetimes: every file is held (fget) from the start of the call to its
 * end, and the thread's APC queue is attached (ws_dev_alert_attach) for as
 * long; poll_freewait() removes every wait-queue entry before either is
 * let go. Nothing outlives the call and no lock is held across it: the
 * sockets' own poll functions take what they need.
 */
#include <linux/file.h>
#include <linux/hrtimer.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/tcp.h>

#include "ws.h"

/* Polls of this many sockets or fewer need no allocation. */
#define WS_POLL_ONSTACK	8

/* Can a recv take normal data now (not only learn of the peer's FIN)? */
static bool ws_poll_readable(struct sock *sk)
{
	if (!(READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN))
		return true;	/* EPOLLIN without a shutdown: data */
	return tcp_inq(sk) > 0;
}

/*
 * Winsock's revents for a ws socket whose poll(2) mask is @mask, before
 * the caller keeps what was asked for.
 */
static u16 ws_poll_revents(struct ws_sock *ws, __poll_t mask)
{
	struct sock *sk = ws->sk;
	u16 r = 0;
	int state;

	if (READ_ONCE(ws->rt)) {
		/* Rooted multipoint: ws_rt_poll()'s mask follows the messages. */
		if (mask & EPOLLIN)
			r |= WS_POLLRDNORM;
		if (mask & EPOLLOUT)
			r |= WS_POLLWRNORM;
		if (mask & EPOLLHUP)
			r |= WS_POLLHUP;
		/* A failed join as a refused connect: test_WSAPoll. */
		if (mask & EPOLLERR)
			r |= WS_POLLERR | WS_POLLHUP | WS_POLLWRNORM;
		return r;
	}
	if (!ws_is_stream(ws)) {
		/* An ICMP error SIO_UDP_CONNRESET keeps for the next recv. */
		if ((mask & EPOLLIN) || READ_ONCE(ws->dgram_connreset))
			r |= WS_POLLRDNORM;
		if (mask & EPOLLOUT)
			r |= WS_POLLWRNORM;
		return r;
	}

	state = READ_ONCE(sk->sk_state);
	if (state == TCP_LISTEN)
		return (mask & EPOLLIN) ? WS_POLLRDNORM : 0;
	if (state == TCP_SYN_SENT || state == TCP_SYN_RECV)
		return 0;	/* connecting */
	if (!READ_ONCE(ws->was_connected)) {
		/* test_WSAPoll: a refused connect, even after SO_ERROR. */
		if (state == TCP_CLOSE &&
		    (READ_ONCE(sk->sk_err) || READ_ONCE(ws->so_error) ||
		     READ_ONCE(ws->ev_conn_err)))
			return WS_POLLWRNORM | WS_POLLHUP | WS_POLLERR;
		return 0;	/* never connected */
	}

	if ((mask & EPOLLIN) && ws_poll_readable(sk))
		r |= WS_POLLRDNORM;
	if ((mask & EPOLLPRI) && !sock_flag(sk, SOCK_URGINLINE))
		r |= WS_POLLRDBAND;
	if (mask & EPOLLOUT)
		r |= WS_POLLWRNORM;
	switch (state) {
	case TCP_CLOSE_WAIT:
	case TCP_LAST_ACK:
	case TCP_CLOSING:
	case TCP_TIME_WAIT:
	case TCP_CLOSE:
		r |= WS_POLLHUP;	/* the peer shut down, or a reset */
		break;
	}
	return r;
}

struct ws_poller {
	struct ws_poll_fd	*fds;
	struct file		**files;	/* NULL: skipped, or not a socket */
	unsigned int		count;
	struct file		*wake;		/* or NULL */
	struct file		*devfile;
	struct ws_thread	*thread;	/* alertable: the caller's queue */
	bool			linux_bits;	/* WS_POLL_LINUX */
	u32			result;		/* WS_POLL_WOKEN_* */
};

/*
 * What the sockets' wait queues need to wake the call for, as poll(2)
 * tells them (do_pollfd): the asked-for events, and what the Winsock
 * mapping reads besides (a shutdown, an error).
 */
static __poll_t ws_poll_key(const struct ws_poller *p,
			    const struct ws_poll_fd *e)
{
	__poll_t key = EPOLLERR | EPOLLHUP;

	if (p->linux_bits)
		return key | demangle_poll((u16)e->events);
	key |= EPOLLRDHUP;
	if (e->events & WS_POLLRDNORM)
		key |= EPOLLIN | EPOLLRDNORM;
	if (e->events & WS_POLLRDBAND)
		key |= EPOLLPRI | EPOLLRDBAND;
	if (e->events & WS_POLLWRNORM)
		key |= EPOLLOUT | EPOLLWRNORM;
	return key;
}

/* One pass over the sockets; the number of entries with revents. */
static unsigned int ws_poll_scan(struct ws_poller *p, poll_table *pt)
{
	unsigned int i, ready = 0;

	for (i = 0; i < p->count; i++) {
		struct ws_poll_fd *e = &p->fds[i];
		struct ws_sock *ws;
		__poll_t mask;
		u16 r;

		if (!p->files[i]) {
			if (e->revents)
				ready++;	/* WS_POLLNVAL */
			continue;
		}
		pt->_key = ws_poll_key(p, e);
		mask = vfs_poll(p->files[i], pt);
		ws = ws_sock_of_file(p->files[i]);
		if (p->linux_bits) {
			/* As poll(2) reports it; a kept ICMP error reads. */
			if (!ws_is_stream(ws) && READ_ONCE(ws->dgram_connreset))
				mask |= EPOLLIN | EPOLLRDNORM;
			mask &= demangle_poll((u16)e->events) | EPOLLERR |
				EPOLLHUP;
			r = mangle_poll(mask);
		} else {
			r = ws_poll_revents(ws, mask);
			r &= (u16)e->events | WS_POLLHUP | WS_POLLERR;
		}
		e->revents = (s16)r;
		if (r)
			ready++;
	}
	pt->_key = EPOLLIN | EPOLLERR | EPOLLHUP;
	if (p->wake && (vfs_poll(p->wake, pt) & EPOLLIN))
		p->result |= WS_POLL_WOKEN_FD;
	if (p->thread) {
		if (pt && pt->_qproc)
			poll_wait(p->devfile, ws_thread_waitq(p->thread), pt);
		if (ws_thread_apc_pending(p->thread))
			p->result |= WS_POLL_WOKEN_APC;
	}
	return ready;
}

static int ws_poll_wait(struct ws_poller *p, u64 timeout)
{
	struct poll_wqueues table;
	poll_table *pt = &table.pt;
	ktime_t expires = ns_to_ktime(min_t(u64, timeout, KTIME_MAX));
	unsigned int ready;
	bool timed_out;
	int err = 0;

	/* A time in the past polls: one pass, no wait (and no signal). */
	timed_out = timeout != WS_TIMEOUT_INFINITE &&
		    ktime_compare(ktime_get(), expires) >= 0;
	poll_initwait(&table);
	for (;;) {
		ready = ws_poll_scan(p, pt);
		pt->_qproc = NULL;	/* registered once, as poll(2) does */
		if (ready || p->result || timed_out)
			break;
		if (table.error) {
			err = table.error;
			break;
		}
		if (signal_pending(current)) {
			err = -ERESTARTSYS;	/* the timeout is absolute */
			break;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (!table.triggered &&
		    !schedule_hrtimeout_range(timeout == WS_TIMEOUT_INFINITE ?
					      NULL : &expires,
					      current->timer_slack_ns,
					      HRTIMER_MODE_ABS))
			timed_out = true;	/* one more pass, then done */
		__set_current_state(TASK_RUNNING);
		/*
		 * As poll(2): clear the flag before the next pass reads the
		 * sockets, pairing with the barrier in pollwake's wake-up, so
		 * a wake-up after that pass is not lost.
		 */
		smp_store_mb(table.triggered, 0);
	}
	poll_freewait(&table);
	return err ? err : (int)ready;
}

/**
 * ws_wsapoll() - WS_IOC_POLL: WSAPoll
 * @dev: the /dev/ws open the call came in on
 * @devfile: its file, whose poll table entry watches the APC queue
 * @argp: struct ws_poll_args
 *
 * Context: process context, may sleep.
 * Return: the number of entries with revents, or -errno.
 */
int ws_wsapoll(struct ws_dev *dev, struct file *devfile, void __user *argp)
{
	struct ws_poll_fd fds_onstack[WS_POLL_ONSTACK];
	struct file *files_onstack[WS_POLL_ONSTACK];
	struct ws_poll_args __user *uargs = argp;
	struct ws_poll_args args;
	struct ws_poller p = { .devfile = devfile };
	void *heap = NULL;
	unsigned int i;
	int ret;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	/* As poll(2): no more entries than the caller may have files. */
	if (!args.count || args.count > WS_MAX_POLL_FDS ||
	    args.count > rlimit(RLIMIT_NOFILE) ||
	    (args.flags & ~(WS_POLL_ALERTABLE | WS_POLL_LINUX)))
		return -EINVAL;
	p.linux_bits = args.flags & WS_POLL_LINUX;
	p.count = args.count;
	p.fds = fds_onstack;
	p.files = files_onstack;
	if (p.count > WS_POLL_ONSTACK) {
		heap = kvmalloc_array(p.count, sizeof(*p.fds) + sizeof(*p.files),
				      GFP_KERNEL_ACCOUNT);
		if (!heap)
			return -ENOMEM;
		p.files = heap;
		p.fds = (struct ws_poll_fd *)(p.files + p.count);
	}
	if (copy_from_user(p.fds, u64_to_user_ptr(args.fds),
			   array_size(p.count, sizeof(*p.fds)))) {
		ret = -EFAULT;
		goto out_free;
	}
	for (i = 0; i < p.count && !p.linux_bits; i++) {
		if (p.fds[i].events & ~(WS_POLLRDNORM | WS_POLLRDBAND |
					WS_POLLWRNORM)) {
			ret = -EINVAL;
			goto out_free;
		}
	}

	ret = 0;
	if (args.wake_fd >= 0) {
		p.wake = fget(args.wake_fd);
		if (!p.wake) {
			ret = -EBADF;
			goto out_free;
		}
	}
	for (i = 0; i < p.count; i++) {
		struct file *file = NULL;

		p.fds[i].revents = 0;
		if (p.fds[i].fd >= 0) {
			file = fget(p.fds[i].fd);
			if (file && !ws_sock_of_file(file)) {
				fput(file);
				file = NULL;
			}
			if (!file)
				p.fds[i].revents = p.linux_bits ?
					mangle_poll(EPOLLNVAL) : WS_POLLNVAL;
		}
		p.files[i] = file;
	}
	if (args.flags & WS_POLL_ALERTABLE) {
		p.thread = ws_dev_alert_attach(dev);
		if (IS_ERR(p.thread)) {
			ret = PTR_ERR(p.thread);
			p.thread = NULL;
		}
	}

	if (!ret)
		ret = ws_poll_wait(&p, args.timeout);

	ws_dev_alert_detach(dev, p.thread);
	for (i = 0; i < p.count; i++)
		if (p.files[i])
			fput(p.files[i]);
	if (p.wake)
		fput(p.wake);
	if (ret >= 0) {
		/* Only revents is written back: each entry's last 2 bytes. */
		for (i = 0; i < p.count; i++) {
			struct ws_poll_fd __user *u =
				(struct ws_poll_fd __user *)u64_to_user_ptr(args.fds) + i;

			if (put_user(p.fds[i].revents, &u->revents)) {
				ret = -EFAULT;
				break;
			}
		}
		if (ret >= 0 && put_user(p.result, &uargs->result))
			ret = -EFAULT;
	}
out_free:
	kvfree(heap);
	return ret;
}

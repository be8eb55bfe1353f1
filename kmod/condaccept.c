// SPDX-License-Identifier: GPL-2.0
/*
 * ws: conditional accept (WSAAccept with a condition function).
 *
 * The interface is uapi/linux/ws.h's "Conditional accept". A listener's
 * held connections are connections taken from the TCP listener's accept
 * queue, as accept(2) takes them (__ws_do_accept(): a ws socket with the
 * listener's properties; its WSAEventSelect/WSAAsyncSelect selection only
 * when handed out, ws_accept_handout()), into a kernel-internal struct socket
 * made by sock_alloc(), without a file. They stay with the listener, so
 * that every process sharing it sees them, until a verdict or an accept(2)
 * takes them, or the listener is released, which resets them.
 *
 * Objects and lifetimes
 * ---------------------
 * struct ws_cond: the listener's lists and counts, allocated by its first
 * registration (most sockets never have one) and published with
 * cmpxchg(); emptied by ws_cond_release() and freed with the socket, after
 * its callbacks, which read ws->cond locklessly (ws_cond_readable()), are
 * detached.
 *
 * struct ws_held: one held connection, on cond->held (oldest first). Whoever
 * takes an entry off the list under cond->lock owns it and its socket: a
 * verdict (which gives the socket a file, or releases it with linger 0), an
 * accept(2) (which moves the sock into its own socket and releases the
 * empty one), or ws_cond_release(). An entry is claimed (claimer: a
 * reference to the claiming thread's struct pid) or unclaimed (NULL); a
 * claim whose thread is gone or exiting counts as unclaimed, and is
 * dropped when the list is next searched, so that a thread killed in its
 * condition function leaves nothing claimed for good.
 *
 * struct ws_cond_arm: a thread's registration (WS_IOC_ACCEPT_COND), on
 * cond->arms until the thread's accept(2) takes it, the thread registers
 * again, or a later registration finds the thread gone; freed by
 * ws_cond_release() at the latest. It holds a reference to the thread's
 * struct pid and remembers its mm (compared, never dereferenced), so that
 * an accept(2) after an execve() does not write to the old address space.
 *
 * Locks
 * -----
 * cond->lock (a spinlock, process context only) protects held, arms,
 * held_count, arm_count, cookie and the entries' claimer and cookie;
 * held_free is written under it and read locklessly (poll, the FD_ACCEPT
 * rule). Nothing sleeps under it; only RCU (pid_task()) and put_pid() run
 * under it. It is taken under no other lock, and no other is taken under
 * it. The listener's file, which every caller here holds, keeps the
 * listener (and so the lists) alive; its release runs after every call has
 * returned.
 */
#include <linux/file.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/inet_connection_sock.h>

#include "ws.h"

struct ws_held {
	struct list_head	node;		/* on cond->held */
	struct socket		*sock;		/* no file; its ws_sock attached */
	struct pid		*claimer;	/* NULL: unclaimed */
	u64			cookie;		/* of the current claim */
};

struct ws_cond_arm {
	struct list_head	node;		/* on cond->arms */
	struct pid		*pid;		/* the registering thread */
	const struct mm_struct	*mm;		/* its address space, compared only */
	u64			info;		/* user pointer, ws_accept_info */
};

/* The listener's state, allocated on first use; NULL if that fails. */
static struct ws_cond *ws_cond_get(struct ws_sock *ws)
{
	struct ws_cond *c = READ_ONCE(ws->cond), *old;

	if (likely(c))
		return c;
	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return NULL;
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->held);
	INIT_LIST_HEAD(&c->arms);
	/* Fully ordered: whoever sees the pointer sees it initialised. */
	old = cmpxchg(&ws->cond, NULL, c);
	if (old) {
		kfree(c);
		return old;
	}
	return c;
}

/**
 * ws_cond_free() - free the state ws_cond_release() emptied
 * @ws: the socket, its callbacks detached (they read ws->cond)
 */
void ws_cond_free(struct ws_sock *ws)
{
	kfree(ws->cond);
	ws->cond = NULL;
}

/**
 * ws_pid_live() - is the thread of @pid alive and not exiting?
 * @pid: a thread's struct pid, referenced by the caller
 *
 * A claim (here, and a held SYN's in synhold.c) whose thread is gone ends.
 *
 * Context: any; takes RCU only.
 */
bool ws_pid_live(struct pid *pid)
{
	struct task_struct *task;
	bool live;

	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_PID);
	live = task && !(READ_ONCE(task->flags) & PF_EXITING);
	rcu_read_unlock();
	return live;
}

static void ws_held_unclaim(struct ws_sock *ws, struct ws_held *h)
{
	lockdep_assert_held(&ws->cond->lock);
	put_pid(h->claimer);
	h->claimer = NULL;
	WRITE_ONCE(ws->cond->held_free, ws->cond->held_free + 1);
}

/* The oldest unclaimed entry; a dead thread's claim ends here. */
static struct ws_held *ws_held_first_free(struct ws_sock *ws)
{
	struct ws_held *h;

	lockdep_assert_held(&ws->cond->lock);
	list_for_each_entry(h, &ws->cond->held, node) {
		if (h->claimer && !ws_pid_live(h->claimer))
			ws_held_unclaim(ws, h);
		if (!h->claimer)
			return h;
	}
	return NULL;
}

/* Claim unclaimed @h for the calling thread. */
static void ws_held_claim(struct ws_sock *ws, struct ws_held *h)
{
	lockdep_assert_held(&ws->cond->lock);
	h->claimer = get_pid(task_pid(current));
	h->cookie = ++ws->cond->cookie;
	WRITE_ONCE(ws->cond->held_free, ws->cond->held_free - 1);
}

/* Wake the listener's pollers and record FD_ACCEPT: a connection is free. */
static void ws_cond_ready(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;

	sk->sk_data_ready(sk);
}

/* Reset a held connection taken off the list, and free it. */
static void ws_held_abort(struct ws_held *h)
{
	sock_no_linger(h->sock->sk);
	sock_release(h->sock);
	put_pid(h->claimer);
	kfree(h);
}

static unsigned int ws_held_max(const struct ws_sock *ws)
{
	return max_t(unsigned int, READ_ONCE(ws->sk->sk_max_ack_backlog),
		     WS_COND_MIN_HELD);
}

static bool ws_is_listener(const struct ws_sock *ws)
{
	return ws_is_stream(ws) && READ_ONCE(ws->sk->sk_state) == TCP_LISTEN;
}

/* WS_IOC_ACCEPT_COND */
static int ws_cond_arm(struct ws_sock *ws, void __user *argp)
{
	struct ws_cond_arm *arm, *a, *next;
	struct pid *me = task_pid(current);
	struct ws_accept_cond arg;
	bool freed = false;
	struct ws_held *h;
	LIST_HEAD(gone);
	int err = 0;

	if (copy_from_user(&arg, argp, sizeof(arg)))
		return -EFAULT;
	if (arg.pad || !ws_is_listener(ws))
		return -EINVAL;
	if (!ws_cond_get(ws))
		return -ENOMEM;
	/* info 0: only drop the thread's registration (an accept that failed). */
	if (arg.info) {
		arm = kzalloc(sizeof(*arm), GFP_KERNEL_ACCOUNT);
		if (!arm)
			return -ENOMEM;
		arm->pid = get_pid(me);
		arm->mm = current->mm;
		arm->info = arg.info;
	} else {
		arm = NULL;
	}

	spin_lock(&ws->cond->lock);
	/* The thread's earlier registration, and those of threads gone. */
	list_for_each_entry_safe(a, next, &ws->cond->arms, node) {
		if (a->pid == me || !ws_pid_live(a->pid)) {
			list_move(&a->node, &gone);
			ws->cond->arm_count--;
		}
	}
	/* A claim ends with the thread's next registration. */
	list_for_each_entry(h, &ws->cond->held, node) {
		if (h->claimer == me) {
			ws_held_unclaim(ws, h);
			freed = true;
		}
	}
	if (arm && ws->cond->arm_count >= WS_COND_MAX_ARMS) {
		list_add(&arm->node, &gone);
		err = -ENOBUFS;
	} else if (arm) {
		list_add_tail(&arm->node, &ws->cond->arms);
		ws->cond->arm_count++;
	}
	spin_unlock(&ws->cond->lock);
	if (ws_synq_unclaim(ws, 0))
		freed = true;

	list_for_each_entry_safe(a, next, &gone, node) {
		put_pid(a->pid);
		kfree(a);
	}
	if (freed)
		ws_cond_ready(ws);
	return err;
}

/* The calling thread's registration, taken off the list; NULL if none. */
static struct ws_cond_arm *ws_cond_take_arm(struct ws_sock *ws)
{
	struct pid *me = task_pid(current);
	struct ws_cond_arm *a;

	if (!ws->cond || list_empty_careful(&ws->cond->arms))
		return NULL;
	spin_lock(&ws->cond->lock);
	list_for_each_entry(a, &ws->cond->arms, node) {
		if (a->pid == me) {
			list_del(&a->node);
			ws->cond->arm_count--;
			spin_unlock(&ws->cond->lock);
			return a;
		}
	}
	spin_unlock(&ws->cond->lock);
	return NULL;
}

/*
 * Claim a connection for the calling thread: the oldest unclaimed held
 * one, else a new one accepted as accept(2) with @flags would.
 */
static int ws_cond_claim(struct ws_sock *ws, int flags, struct ws_held **hp)
{
	struct socket *nsock;
	struct ws_held *h;
	int err;

	spin_lock(&ws->cond->lock);
	h = ws_held_first_free(ws);
	if (h) {
		ws_held_claim(ws, h);
		spin_unlock(&ws->cond->lock);
		*hp = h;
		return 0;
	}
	if (ws->cond->held_count >= ws_held_max(ws)) {
		spin_unlock(&ws->cond->lock);
		return -ENOBUFS;
	}
	ws->cond->held_count++;	/* reserved for the connection accepted below */
	spin_unlock(&ws->cond->lock);

	err = -ENOMEM;
	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		goto err_unreserve;
	err = -ENFILE;
	nsock = sock_alloc();
	if (!nsock)
		goto err_free;
	nsock->type = ws->sock->type;
	nsock->ops = ws->sock->ops;
	__module_get(THIS_MODULE);	/* sock_release() puts it */
	err = ws_accept_hold(ws, nsock, flags);
	if (err) {
		sock_release(nsock);
		goto err_free;
	}
	h->sock = nsock;

	spin_lock(&ws->cond->lock);
	h->claimer = get_pid(task_pid(current));
	h->cookie = ++ws->cond->cookie;
	list_add_tail(&h->node, &ws->cond->held);
	spin_unlock(&ws->cond->lock);
	*hp = h;
	return 0;

err_free:
	kfree(h);
err_unreserve:
	spin_lock(&ws->cond->lock);
	ws->cond->held_count--;
	spin_unlock(&ws->cond->lock);
	return err;
}

/**
 * ws_sock_name() - a socket's peer or local address, for a description
 * @sock: the socket
 * @peer: nonzero for the peer's address
 * @out: where to, @room bytes
 * @room: its size
 *
 * Context: process context; takes the sock's lock.
 * Return: the address's length in Linux's form, 0 if it has none or it
 * does not fit.
 */
u32 ws_sock_name(struct socket *sock, int peer, u8 *out, size_t room)
{
	union ws_addr a = { };
	int len;

	len = peer ? kernel_getpeername(sock, &a.sa) :
		     kernel_getsockname(sock, &a.sa);
	if (len <= 0 || len > room)
		return 0;
	memcpy(out, &a, len);
	return len;
}

/*
 * The registered accept(2) of a listener with SO_CONDITIONAL_ACCEPT: a
 * connection already queued (its SYN accepted by a verdict) is accepted
 * without a condition (-EISCONN tells ws_do_accept() to take it); else the
 * oldest unclaimed held SYN is claimed and described (-EINPROGRESS), or
 * the call waits for one as accept(2) waits.
 */
static int ws_cond_syn_probe(struct ws_sock *ws, int flags, u64 uinfo)
{
	struct ws_accept_info info = { };
	struct sock *sk = ws->sk;
	long timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);
	int err;

	for (;;) {
		if (!reqsk_queue_empty(&inet_csk(sk)->icsk_accept_queue))
			return -EISCONN;
		if (READ_ONCE(sk->sk_state) != TCP_LISTEN)
			return -EINVAL;
		if (!ws_synq_claim(ws, &info))
			break;
		err = ws_cond_wait(ws, &timeo);
		if (err)
			return err;
	}
	if (copy_to_user(u64_to_user_ptr(uinfo), &info, sizeof(info))) {
		if (ws_synq_unclaim(ws, info.cookie))
			ws_cond_ready(ws);
		return -EFAULT;
	}
	return -EINPROGRESS;
}

/**
 * ws_cond_accept_probe() - the accept(2) of a registered conditional accept
 * @ws: the listener
 * @flags: accept(2)'s flags (O_NONBLOCK: do not wait)
 *
 * The socket layer ran the security modules' accept hook for the caller.
 *
 * Context: process context, from the socket's accept, the listener's file
 * held.
 * Return: -EINPROGRESS when a connection was claimed and described, -ENOENT
 * if the calling thread registered none, or the error of the accept.
 */
int ws_cond_accept_probe(struct ws_sock *ws, int flags)
{
	struct ws_accept_info info = { };
	struct ws_cond_arm *arm;
	struct ws_held *h;
	u64 uinfo;
	bool same_mm;
	int err;

	arm = ws_cond_take_arm(ws);
	if (!arm)
		return -ENOENT;
	uinfo = arm->info;
	same_mm = arm->mm == current->mm;
	put_pid(arm->pid);
	kfree(arm);
	/* Registered before an execve(): not this program's. */
	if (!same_mm)
		return -ENOENT;

	if (READ_ONCE(ws->synq))
		return ws_cond_syn_probe(ws, flags, uinfo);

	err = ws_cond_claim(ws, flags, &h);
	if (err)
		return err;
	/* Only this thread's verdict or registration ends the claim. */
	info.cookie = h->cookie;
	info.peer_len = ws_sock_name(h->sock, 1, info.peer, sizeof(info.peer));
	info.local_len = ws_sock_name(h->sock, 0, info.local,
				      sizeof(info.local));
	if (copy_to_user(u64_to_user_ptr(uinfo), &info, sizeof(info))) {
		spin_lock(&ws->cond->lock);
		ws_held_unclaim(ws, h);
		spin_unlock(&ws->cond->lock);
		ws_cond_ready(ws);
		return -EFAULT;
	}
	return -EINPROGRESS;
}

/* Is the listener's file nonblocking (its accepted sockets are)? */
static bool ws_cond_nonblock(const struct ws_sock *ws)
{
	return ws->sock->file &&
	       (READ_ONCE(ws->sock->file->f_flags) & O_NONBLOCK);
}

/*
 * Give an accepted connection's socket a file and install it at @fd (from
 * get_unused_fd_flags()), storing @fd in the verdict's argument. On
 * failure the socket is released and @fd put back.
 */
static int ws_cond_install(struct socket *sock, bool nonblock, int fd,
			   struct ws_accept_verdict __user *argp)
{
	/* On failure this releases the socket, and its module reference. */
	struct file *file = sock_alloc_file(sock, nonblock ? O_NONBLOCK : 0,
					    NULL);

	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	if (put_user(fd, &argp->fd)) {
		fput(file);
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, file);
	return 0;
}

/*
 * The verdict on a held SYN (synhold.c). CF_ACCEPT answers it and takes
 * the connection when it is established (ws_accept_replayed()):
 * -EINPROGRESS if that is not yet, and a later accept(2) takes it.
 */
static int ws_cond_syn_verdict(struct ws_sock *ws,
			       const struct ws_accept_verdict *v,
			       struct ws_accept_verdict __user *argp)
{
	bool nonblock = ws_cond_nonblock(ws);
	struct socket *nsock = NULL;
	int fd = -1, err;

	/* Before the verdict: no descriptor leaves the SYN claimed. */
	if (v->verdict == WS_CF_ACCEPT) {
		fd = get_unused_fd_flags(v->flags);
		if (fd < 0)
			return fd;
		nsock = sock_alloc();
		if (!nsock) {
			put_unused_fd(fd);
			return -ENFILE;
		}
		nsock->type = ws->sock->type;
		nsock->ops = ws->sock->ops;
		__module_get(THIS_MODULE);	/* sock_release() puts it */
	}
	err = ws_synq_verdict(ws, v->cookie, v->verdict);
	if (!err && v->verdict == WS_CF_DEFER)
		return 0;
	if (!err && v->verdict == WS_CF_ACCEPT)
		err = ws_accept_replayed(ws, nsock, nonblock);
	if (err) {
		if (nsock)
			sock_release(nsock);
		if (fd >= 0)
			put_unused_fd(fd);
		return err;
	}
	if (v->verdict == WS_CF_REJECT)
		return 0;

	ws_accept_handout(ws, nsock);
	return ws_cond_install(nsock, nonblock, fd, argp);
}

/* WS_IOC_ACCEPT_VERDICT */
static int ws_cond_verdict(struct ws_sock *ws,
			   struct ws_accept_verdict __user *argp)
{
	struct pid *me = task_pid(current);
	struct ws_accept_verdict v;
	struct ws_held *h, *found = NULL;
	struct socket *sock;
	int fd = -1;

	if (copy_from_user(&v, argp, sizeof(v)))
		return -EFAULT;
	if (v.pad || (v.flags & ~O_CLOEXEC) || v.verdict > WS_CF_DEFER)
		return -EINVAL;
	if (v.cookie & WS_SYN_COOKIE_BIT)
		return ws_cond_syn_verdict(ws, &v, argp);
	/* Before the entry is taken: no descriptor leaves it claimed. */
	if (v.verdict == WS_CF_ACCEPT) {
		fd = get_unused_fd_flags(v.flags);
		if (fd < 0)
			return fd;
	}

	if (!ws->cond) {
		if (fd >= 0)
			put_unused_fd(fd);
		return -ENOENT;
	}
	spin_lock(&ws->cond->lock);
	list_for_each_entry(h, &ws->cond->held, node) {
		if (h->claimer == me && h->cookie == v.cookie) {
			found = h;
			break;
		}
	}
	if (!found) {
		spin_unlock(&ws->cond->lock);
		if (fd >= 0)
			put_unused_fd(fd);
		return -ENOENT;
	}
	if (v.verdict == WS_CF_DEFER) {
		ws_held_unclaim(ws, found);
		spin_unlock(&ws->cond->lock);
		ws_cond_ready(ws);
		return 0;
	}
	list_del(&found->node);
	ws->cond->held_count--;
	spin_unlock(&ws->cond->lock);

	if (v.verdict == WS_CF_REJECT) {
		ws_held_abort(found);
		return 0;
	}
	ws_accept_handout(ws, found->sock);
	sock = found->sock;
	put_pid(found->claimer);
	kfree(found);
	return ws_cond_install(sock, ws_cond_nonblock(ws), fd, argp);
}

/**
 * ws_cond_accept_held() - accept(2) takes the oldest unclaimed held connection
 * @ws: the listener
 * @newsock: accept(2)'s new socket, which gets the connection's sock
 *
 * Context: process context, the listener's file held.
 * Return: 0, or -ENOENT if there is none.
 */
int ws_cond_accept_held(struct ws_sock *ws, struct socket *newsock)
{
	struct ws_held *h;

	if (!ws->cond || list_empty_careful(&ws->cond->held))
		return -ENOENT;
	spin_lock(&ws->cond->lock);
	h = ws_held_first_free(ws);
	if (h) {
		list_del(&h->node);
		ws->cond->held_count--;
		WRITE_ONCE(ws->cond->held_free, ws->cond->held_free - 1);
	}
	spin_unlock(&ws->cond->lock);
	if (!h)
		return -ENOENT;
	ws_sock_move(h->sock, newsock);
	/* The empty socket: its release finds no sock. */
	sock_release(h->sock);
	kfree(h);
	return 0;
}

/**
 * ws_cond_readable() - does the listener have an unclaimed held connection
 * or SYN?
 * @ws: the socket
 *
 * Context: any; a lockless hint, as poll's.
 */
bool ws_cond_readable(const struct ws_sock *ws)
{
	const struct ws_cond *c = READ_ONCE(ws->cond);

	/* A socket no longer listening answers no SYN it still holds. */
	return (c && READ_ONCE(c->held_free) != 0) ||
	       (READ_ONCE(ws->syn_free) != 0 &&
		READ_ONCE(ws->sk->sk_state) == TCP_LISTEN);
}

/**
 * ws_cond_release() - the listener is released: reset what it holds
 * @ws: the socket
 *
 * Context: process context, from ws_release(); no other call runs on it.
 */
void ws_cond_release(struct ws_sock *ws)
{
	struct ws_cond_arm *a, *anext;
	struct ws_held *h, *hnext;
	LIST_HEAD(held);
	LIST_HEAD(arms);

	/* SO_CONDITIONAL_ACCEPT: TCP's ops back, the held SYNs dropped. */
	ws_synq_stop(ws);
	if (!ws->cond)
		return;
	spin_lock(&ws->cond->lock);
	list_splice_init(&ws->cond->held, &held);
	list_splice_init(&ws->cond->arms, &arms);
	ws->cond->held_count = 0;
	ws->cond->arm_count = 0;
	WRITE_ONCE(ws->cond->held_free, 0);
	spin_unlock(&ws->cond->lock);

	list_for_each_entry_safe(h, hnext, &held, node)
		ws_held_abort(h);
	list_for_each_entry_safe(a, anext, &arms, node) {
		put_pid(a->pid);
		kfree(a);
	}
}

int ws_cond_ioctl(struct ws_sock *ws, unsigned int cmd, void __user *argp)
{
	switch (cmd) {
	case WS_IOC_ACCEPT_COND:
		return ws_cond_arm(ws, argp);
	case WS_IOC_ACCEPT_VERDICT:
		return ws_cond_verdict(ws, argp);
	default:
		return -ENOIOCTLCMD;
	}
}

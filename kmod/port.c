// SPDX-License-Identifier: GPL-2.0
/*
 * ws: I/O completion ports (CreateIoCompletionPort, GetQueuedCompletion-
 * Status(Ex), PostQueuedCompletionStatus), fed directly by the overlapped
 * engine.
 *
 * Objects and lifetimes
 * ---------------------
 * A port (struct ws_port) is reference counted: its file holds one
 * reference, and each socket associated with it one, until the socket is
 * released. Closing the port (WS_IOC_PORT_CLOSE, or the file's release)
 * marks it closed: waiters leave, queued packets are freed, and packets
 * posted later are freed at once; the object goes with the last reference.
 *
 * A packet (struct ws_packet) is either a completed overlapped operation's
 * (embedded in its struct ws_req, which stays allocated, and counted
 * against its user's operations, until the packet is dequeued or freed;
 * overlapped.c) or one posted by PostQueuedCompletionStatus (allocated
 * here, counted the same way). Whoever takes a packet off the queue frees
 * it through its ->free, which works in any context.
 *
 * Concurrency: a thread that dequeued is "running" on the port until it
 * waits on the port again, exits, or is found asleep: the module cannot
 * hook the scheduler as Windows does, so when it must decide whether to
 * release another waiter it looks at the running threads' states, and one
 * that sleeps (blocked in some other call) no longer counts. A waiter held
 * back only by the concurrency limit looks again every WS_PORT_RECHECK_MS.
 *
 * Locks
 * -----
 * port->lock (IRQ-safe; completions post from softirq context, or any
 * context) protects the queue, the waiters, the running threads and
 * closed; waking a waiter and the poll wait queue nest inside it. It nests
 * inside a socket's ovs->lock (a completion may post with it held).
 *
 * A socket's port_lock (process context only, ws_acc_lock may be held)
 * makes its association happen once and orders the key before the port;
 * completions read the port without it (smp_load_acquire).
 */
#include <linux/anon_inodes.h>
#include <linux/cpumask.h>
#include <linux/file.h>
#include <linux/hrtimer.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ws.h"
#include "ws_trace.h"

#define WS_PORT_RECHECK_MS	10
#define WS_PORT_MAX_CONCURRENCY	1024

struct ws_port {
	refcount_t		ref;
	spinlock_t		lock;		/* all below; see "Locks" */
	struct list_head	queue;		/* ws_packet, oldest first */
	unsigned int		depth;
	struct list_head	waiters;	/* ws_port_waiter, newest first */
	bool			closed;
	unsigned int		concurrency;
	unsigned int		nrunning;
	struct pid		**running;	/* [concurrency], references held */
	wait_queue_head_t	poll_wq;
	struct ws_user		*user;		/* charged for it */
	struct ws_stats		*stats;		/* counted in; NULL in tests */
};

struct ws_port_waiter {
	struct list_head	node;		/* on port->waiters while waiting */
	struct task_struct	*task;
	struct pid		*pid;
	struct ws_packet	*got;		/* handed over by a post */
};

static const struct file_operations ws_port_fops;

/* A PostQueuedCompletionStatus packet. */
struct ws_posted {
	struct ws_packet	pkt;
	struct ws_user		*user;
};

static void ws_posted_free(struct ws_packet *pkt)
{
	struct ws_posted *p = container_of(pkt, struct ws_posted, pkt);

	ws_user_uncharge(p->user, WS_LIMIT_REQS, 1);
	ws_user_put(p->user);
	kfree(p);
}

/* --- running threads -------------------------------------------------------- */

/* Forget running threads that exited or sleep; how many are left. */
static unsigned int ws_port_running(struct ws_port *port)
{
	struct task_struct *task;
	unsigned int i = 0;
	bool gone;

	lockdep_assert_held(&port->lock);
	while (i < port->nrunning) {
		rcu_read_lock();
		task = pid_task(port->running[i], PIDTYPE_PID);
		gone = !task || (READ_ONCE(task->flags) & PF_EXITING) ||
		       !task_is_running(task);
		rcu_read_unlock();
		if (!gone) {
			i++;
			continue;
		}
		put_pid(port->running[i]);
		port->running[i] = port->running[--port->nrunning];
	}
	return port->nrunning;
}

static bool ws_port_may_release(struct ws_port *port)
{
	return port->nrunning < port->concurrency ||
	       ws_port_running(port) < port->concurrency;
}

static void ws_port_run(struct ws_port *port, struct pid *pid)
{
	unsigned int i;

	lockdep_assert_held(&port->lock);
	for (i = 0; i < port->nrunning; i++)
		if (port->running[i] == pid)
			return;
	if (port->nrunning == port->concurrency &&
	    ws_port_running(port) == port->concurrency)
		return;		/* over the limit: a blocked one woke up */
	port->running[port->nrunning++] = get_pid(pid);
}

static void ws_port_unrun(struct ws_port *port, struct pid *pid)
{
	unsigned int i;

	lockdep_assert_held(&port->lock);
	for (i = 0; i < port->nrunning; i++) {
		if (port->running[i] == pid) {
			put_pid(pid);
			port->running[i] = port->running[--port->nrunning];
			return;
		}
	}
}

/* --- the object ------------------------------------------------------------- */

static void ws_port_get(struct ws_port *port)
{
	refcount_inc(&port->ref);
}

void ws_port_put(struct ws_port *port)
{
	unsigned int i;

	if (!port || !refcount_dec_and_test(&port->ref))
		return;
	WARN_ON_ONCE(!list_empty(&port->queue) || !list_empty(&port->waiters));
	for (i = 0; i < port->nrunning; i++)
		put_pid(port->running[i]);
	kfree(port->running);
	ws_user_uncharge(port->user, WS_LIMIT_EVENTS, 1);
	ws_user_put(port->user);
	ws_stats_object_put(port->stats, WS_STAT_PORTS);
	kfree(port);
}
EXPORT_SYMBOL_IF_KUNIT(ws_port_put);

/**
 * ws_port_close() - close the port: waiters leave with EPIPE, packets go
 * @port: the port
 *
 * Context: any context.
 */
void ws_port_close(struct ws_port *port)
{
	struct ws_packet *pkt, *next;
	struct ws_port_waiter *w;
	unsigned long flags;
	LIST_HEAD(drop);

	spin_lock_irqsave(&port->lock, flags);
	port->closed = true;
	list_splice_init(&port->queue, &drop);
	port->depth = 0;
	list_for_each_entry(w, &port->waiters, node)
		wake_up_process(w->task);
	wake_up_all(&port->poll_wq);
	spin_unlock_irqrestore(&port->lock, flags);
	list_for_each_entry_safe(pkt, next, &drop, node)
		pkt->free(pkt);
}
EXPORT_SYMBOL_IF_KUNIT(ws_port_close);

/**
 * ws_port_post() - queue a completion packet
 * @port: the port
 * @pkt: the packet; the port owns it from now on
 *
 * The newest waiter gets it if the concurrency limit allows, else it is
 * queued; a closed port frees it.
 *
 * Context: any context.
 */
void ws_port_post(struct ws_port *port, struct ws_packet *pkt)
{
	struct ws_port_waiter *w;
	unsigned long flags;

	trace_ws_port_post(port, pkt->key, pkt->ov, pkt->status, pkt->bytes);
	spin_lock_irqsave(&port->lock, flags);
	if (port->closed) {
		spin_unlock_irqrestore(&port->lock, flags);
		pkt->free(pkt);
		return;
	}
	w = list_first_entry_or_null(&port->waiters, struct ws_port_waiter, node);
	if (w && ws_port_may_release(port)) {
		list_del_init(&w->node);
		/* Oldest first: a packet held back goes before this one. */
		if (port->depth) {
			w->got = list_first_entry(&port->queue, struct ws_packet, node);
			list_del(&w->got->node);
			list_add_tail(&pkt->node, &port->queue);
		} else {
			w->got = pkt;
		}
		ws_port_run(port, w->pid);
		wake_up_process(w->task);
	} else {
		list_add_tail(&pkt->node, &port->queue);
		port->depth++;
		wake_up_interruptible_poll(&port->poll_wq, EPOLLIN | EPOLLRDNORM);
	}
	spin_unlock_irqrestore(&port->lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(ws_port_post);

static int ws_port_release(struct inode *inode, struct file *file)
{
	struct ws_port *port = file->private_data;

	ws_port_close(port);
	ws_port_put(port);
	return 0;
}

static __poll_t ws_port_poll(struct file *file, poll_table *wait)
{
	struct ws_port *port = file->private_data;

	poll_wait(file, &port->poll_wq, wait);
	return READ_ONCE(port->depth) || READ_ONCE(port->closed) ?
	       EPOLLIN | EPOLLRDNORM : 0;
}

static long ws_port_post_ioctl(struct ws_port *port, void __user *argp)
{
	struct ws_port_entry e;
	struct ws_posted *p;
	int err;

	if (copy_from_user(&e, argp, sizeof(e)))
		return -EFAULT;
	if (e.pad)
		return -EINVAL;
	if (READ_ONCE(port->closed))
		return -EPIPE;
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return -ENOMEM;
	p->user = ws_user_get();
	if (!p->user) {
		kfree(p);
		return -ENOMEM;
	}
	err = ws_user_charge(p->user, WS_LIMIT_REQS, 1);
	if (err) {
		ws_user_put(p->user);
		kfree(p);
		return err;
	}
	p->pkt.key = e.key;
	p->pkt.ov = e.ov;
	p->pkt.bytes = e.bytes;
	p->pkt.status = e.status;
	p->pkt.free = ws_posted_free;
	ws_port_post(port, &p->pkt);
	return 0;
}

static long ws_port_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ws_port *port = file->private_data;

	switch (cmd) {
	case WS_IOC_PORT_POST:
		return ws_port_post_ioctl(port, (void __user *)arg);
	case WS_IOC_PORT_CLOSE:
		ws_port_close(port);
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ws_port_fops = {
	.owner		= THIS_MODULE,
	.release	= ws_port_release,
	.poll		= ws_port_poll,
	.unlocked_ioctl	= ws_port_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/**
 * ws_port_alloc() - a new port, counted against the caller's user
 * @concurrency: its concurrency value (0: the number of CPUs)
 *
 * Return: the port, with one reference, or an ERR_PTR.
 */
struct ws_port *ws_port_alloc(u32 concurrency)
{
	unsigned int conc = concurrency ? concurrency : num_online_cpus();
	struct ws_port *port;
	int err;

	conc = min_t(unsigned int, conc, WS_PORT_MAX_CONCURRENCY);
	port = kzalloc(sizeof(*port), GFP_KERNEL_ACCOUNT);
	if (!port)
		return ERR_PTR(-ENOMEM);
	port->running = kcalloc(conc, sizeof(*port->running), GFP_KERNEL_ACCOUNT);
	port->user = ws_user_get();
	err = -ENOMEM;
	if (!port->running || !port->user)
		goto err;
	/* A port is an object like an event: the same per-user limit. */
	err = ws_user_charge(port->user, WS_LIMIT_EVENTS, 1);
	if (err)
		goto err;
	refcount_set(&port->ref, 1);
	spin_lock_init(&port->lock);
	INIT_LIST_HEAD(&port->queue);
	INIT_LIST_HEAD(&port->waiters);
	init_waitqueue_head(&port->poll_wq);
	port->concurrency = conc;
	return port;
err:
	kfree(port->running);
	ws_user_put(port->user);
	kfree(port);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_IF_KUNIT(ws_port_alloc);

/**
 * ws_port_create() - WS_IOC_CREATE_PORT
 * @argp: struct ws_port_args
 *
 * Return: 0 (the fd in args.fd), or -errno.
 */
int ws_port_create(void __user *argp)
{
	struct ws_port_args args;
	struct ws_port *port;
	struct file *file;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	port = ws_port_alloc(args.concurrency);
	if (IS_ERR(port))
		return PTR_ERR(port);
	port->stats = ws_stats_object_new(WS_STAT_PORTS, WS_STAT_PORTS_CREATED);
	file = ws_new_file("[ws-port]", &ws_port_fops, port, &args.fd);
	if (IS_ERR(file)) {
		ws_port_put(port);
		return PTR_ERR(file);
	}
	return ws_publish_fd(file, args.fd, argp, &args, sizeof(args));
}

/**
 * ws_port_depth() - how many packets are queued (for the tests)
 * @port: the port
 */
unsigned int ws_port_depth(struct ws_port *port)
{
	return READ_ONCE(port->depth);
}
EXPORT_SYMBOL_IF_KUNIT(ws_port_depth);

/**
 * ws_port_waiters() - how many threads wait in the port (for the tests)
 * @port: the port
 */
unsigned int ws_port_waiters(struct ws_port *port)
{
	struct ws_port_waiter *w;
	unsigned int n = 0;

	spin_lock_irq(&port->lock);
	list_for_each_entry(w, &port->waiters, node)
		n++;
	spin_unlock_irq(&port->lock);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(ws_port_waiters);

/* The port of fd @fd, with a reference; NULL if it is none. */
static struct ws_port *ws_port_fget(int fd, int *err)
{
	struct ws_port *port = NULL;
	struct file *file = fget(fd);

	if (!file) {
		*err = -EBADF;
		return NULL;
	}
	if (file->f_op == &ws_port_fops) {
		port = file->private_data;
		ws_port_get(port);
	} else {
		*err = -EINVAL;
	}
	fput(file);
	return port;
}

/* --- GetQueuedCompletionStatus ------------------------------------------------ */

/* Take up to @max queued packets onto @out. */
static unsigned int ws_port_take(struct ws_port *port, unsigned int max,
				 struct list_head *out)
{
	struct ws_packet *pkt, *next;
	unsigned int n = 0;

	lockdep_assert_held(&port->lock);
	list_for_each_entry_safe(pkt, next, &port->queue, node) {
		if (n == max)
			break;
		list_move_tail(&pkt->node, out);
		port->depth--;
		n++;
	}
	return n;
}

/**
 * ws_port_dequeue() - take packets, waiting for them
 * @port: the port
 * @max: at most this many (1..WS_PORT_MAX_BATCH)
 * @deadline: absolute CLOCK_MONOTONIC ns, WS_TIMEOUT_INFINITE, or 0 to poll
 * @alert: the calling thread's APC queue for an alertable wait, or NULL
 * @taken: receives the packets, oldest first; the caller frees them
 *	(->free) or gives them back (ws_port_requeue())
 * @apc: set if an APC ended the wait
 *
 * Context: process context, may sleep.
 * Return: how many packets, or -ETIMEDOUT, -EPIPE (closed), -ERESTARTSYS;
 * 0 with *@apc set.
 */
int ws_port_dequeue(struct ws_port *port, unsigned int max, u64 deadline,
		    struct ws_thread *alert, struct list_head *taken, bool *apc)
{
	struct ws_port_waiter w = { .task = current, .pid = task_pid(current) };
	wait_queue_entry_t alert_wqe;
	ktime_t timeout, until;
	unsigned int n = 0;
	bool held_back;
	int err = 0;

	*apc = false;
	if (alert) {
		init_waitqueue_entry(&alert_wqe, current);
		add_wait_queue(ws_thread_waitq(alert), &alert_wqe);
	}
	timeout = deadline > KTIME_MAX ? KTIME_MAX : (ktime_t)deadline;
	INIT_LIST_HEAD(&w.node);

	spin_lock_irq(&port->lock);
	/* Back for more: no longer running. */
	ws_port_unrun(port, w.pid);
	for (;;) {
		if (w.got)
			break;
		if (port->closed) {
			err = -EPIPE;
			break;
		}
		held_back = false;
		if (port->depth) {
			if (ws_port_may_release(port))
				break;
			held_back = true;
		}
		if (!deadline || (deadline != WS_TIMEOUT_INFINITE &&
				  ktime_compare(ktime_get(), timeout) >= 0)) {
			err = -ETIMEDOUT;
			break;
		}
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		/* Newest first: the last thread to wait is the first woken. */
		list_add(&w.node, &port->waiters);
		set_current_state(TASK_INTERRUPTIBLE);
		/* After the state: an APC queued from now on wakes us. */
		if (alert && ws_thread_apc_pending(alert)) {
			list_del_init(&w.node);
			__set_current_state(TASK_RUNNING);
			*apc = true;
			break;
		}
		spin_unlock_irq(&port->lock);

		until = timeout;
		if (held_back) {
			ktime_t recheck = ktime_add_ms(ktime_get(), WS_PORT_RECHECK_MS);

			if (deadline == WS_TIMEOUT_INFINITE ||
			    ktime_compare(recheck, timeout) < 0)
				until = recheck;
		}
		schedule_hrtimeout_range_clock(deadline == WS_TIMEOUT_INFINITE &&
					       !held_back ? NULL : &until, 0,
					       HRTIMER_MODE_ABS, CLOCK_MONOTONIC);
		__set_current_state(TASK_RUNNING);
		spin_lock_irq(&port->lock);
		if (!w.got)
			list_del_init(&w.node);
	}
	/* The packet handed over, if any, first; then from the queue. */
	if (w.got) {
		list_add_tail(&w.got->node, taken);
		n = 1;
		err = 0;
	}
	if (!err && !*apc) {
		n += ws_port_take(port, max - n, taken);
		if (!w.got && n)
			ws_port_run(port, w.pid);
	}
	spin_unlock_irq(&port->lock);
	if (alert)
		remove_wait_queue(ws_thread_waitq(alert), &alert_wqe);
	return err ? err : n;
}
EXPORT_SYMBOL_IF_KUNIT(ws_port_dequeue);

/* Give back @n packets not delivered, at the head of the queue. */
static void ws_port_requeue(struct ws_port *port, struct list_head *taken,
			    unsigned int n)
{
	spin_lock_irq(&port->lock);
	if (!port->closed) {
		list_splice_init(taken, &port->queue);
		port->depth += n;
	}
	spin_unlock_irq(&port->lock);
}

/**
 * ws_port_wait() - WS_IOC_PORT_WAIT
 * @dev: the /dev/ws open the call came through (its APC queues)
 * @argp: struct ws_port_wait
 *
 * Context: process context, may sleep.
 * Return: 0 or -errno (see uapi/linux/ws.h).
 */
int ws_port_wait(struct ws_dev *dev, void __user *argp)
{
	struct ws_port_entry *ents = NULL;
	struct ws_thread *alert = NULL;
	struct ws_packet *pkt, *next;
	struct ws_port_wait args;
	struct ws_port *port;
	LIST_HEAD(taken);
	unsigned int i = 0;
	bool apc;
	int n, err = 0;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (!args.max || args.max > WS_PORT_MAX_BATCH || args.pad ||
	    (args.flags & ~WS_WAIT_ALERTABLE))
		return -EINVAL;
	port = ws_port_fget(args.port_fd, &err);
	if (!port)
		return err == -EINVAL ? -EBADF : err;
	ents = kmalloc_array(args.max, sizeof(*ents), GFP_KERNEL);
	err = -ENOMEM;
	if (!ents)
		goto out_port;
	if (args.flags & WS_WAIT_ALERTABLE) {
		alert = ws_dev_alert_attach(dev);
		if (IS_ERR(alert)) {
			err = PTR_ERR(alert);
			alert = NULL;
			goto out_port;
		}
	}

	n = ws_port_dequeue(port, args.max, args.timeout, alert, &taken, &apc);
	err = n < 0 ? n : 0;
	list_for_each_entry(pkt, &taken, node) {
		trace_ws_port_dequeue(port, pkt->key, pkt->ov, pkt->status,
				      pkt->bytes);
		ents[i].key = pkt->key;
		ents[i].ov = pkt->ov;
		ents[i].bytes = pkt->bytes;
		ents[i].status = pkt->status;
		ents[i].pad = 0;
		i++;
	}
	args.count = i;
	args.apc = apc;
	if (i && copy_to_user(u64_to_user_ptr(args.entries), ents,
			      array_size(i, sizeof(*ents))))
		err = -EFAULT;
	if (!err && copy_to_user(argp, &args, sizeof(args)))
		err = -EFAULT;
	/* Not delivered: back at the head of the queue. */
	if (err == -EFAULT && i)
		ws_port_requeue(port, &taken, i);
	list_for_each_entry_safe(pkt, next, &taken, node) {
		list_del(&pkt->node);
		pkt->free(pkt);
	}
out_port:
	ws_dev_alert_detach(dev, alert);
	kfree(ents);
	ws_port_put(port);
	return err;
}

/* --- sockets ------------------------------------------------------------------ */

/**
 * ws_port_associate() - WS_IOC_ASSOCIATE on a socket
 * @ws: the socket
 * @argp: struct ws_associate
 *
 * Return: 0, -EINVAL (already associated, not a port), -EBADF, -EFAULT.
 */
int ws_port_associate(struct ws_sock *ws, void __user *argp)
{
	struct ws_associate a;
	struct ws_port *port;
	int err = 0;

	if (copy_from_user(&a, argp, sizeof(a)))
		return -EFAULT;
	if (a.pad)
		return -EINVAL;
	port = ws_port_fget(a.port_fd, &err);
	if (!port)
		return -EBADF;	/* not a port: EINVAL is for a second association */
	spin_lock(&ws->port_lock);
	if (ws->port) {
		err = -EINVAL;
	} else {
		ws->port_key = a.key;
		/* Completions read the key after the port. */
		smp_store_release(&ws->port, port);
		port = NULL;
	}
	spin_unlock(&ws->port_lock);
	ws_port_put(port);
	return err;
}

/**
 * ws_port_inherit() - give @to the completion port association of @from
 * @to: a socket with no association yet
 * @from: the socket it takes the place of (AcceptEx's accept socket, the
 *	socket DisconnectEx(TF_REUSE_SOCKET) renews)
 *
 * Windows keeps the association with the handle: in ws the handle gets a
 * new socket, which takes over the port, the key and the notification
 * modes.
 *
 * Context: not hardirq (ws_acc_lock may be held); the caller holds both
 * sockets.
 */
void ws_port_inherit(struct ws_sock *to, struct ws_sock *from)
{
	/* Pairs with ws_port_associate(): the key before the port. */
	struct ws_port *port = smp_load_acquire(&from->port);

	if (!port)
		return;
	ws_port_get(port);
	spin_lock(&to->port_lock);
	if (to->port) {
		spin_unlock(&to->port_lock);
		ws_port_put(port);
		return;
	}
	to->port_key = READ_ONCE(from->port_key);
	WRITE_ONCE(to->notify_modes, READ_ONCE(from->notify_modes));
	/* Completions read the key after the port (ws_req_port()). */
	smp_store_release(&to->port, port);
	spin_unlock(&to->port_lock);
}

/**
 * ws_port_inherit_ioctl() - WS_IOC_INHERIT_PORT on a socket
 * @ws: the socket
 * @argp: a __s32, the fd of the socket it takes the place of
 *
 * Return: 0, -EBADF, -ENOTSOCK, -EFAULT.
 */
int ws_port_inherit_ioctl(struct ws_sock *ws, void __user *argp)
{
	struct ws_sock *from;
	struct file *f;
	s32 fd;

	if (get_user(fd, (s32 __user *)argp))
		return -EFAULT;
	f = fget(fd);
	if (!f)
		return -EBADF;
	from = ws_sock_of_file(f);
	if (from)
		ws_port_inherit(ws, from);
	fput(f);
	return from ? 0 : -ENOTSOCK;
}

/**
 * ws_port_notify_modes() - WS_IOC_NOTIFY_MODES on a socket
 * @ws: the socket
 * @argp: a __u32 of WS_SKIP_* to add
 *
 * Return: 0 or -EFAULT.
 */
int ws_port_notify_modes(struct ws_sock *ws, void __user *argp)
{
	u32 modes;

	if (get_user(modes, (u32 __user *)argp))
		return -EFAULT;
	modes &= WS_SKIP_PORT_ON_SUCCESS | WS_SKIP_SET_EVENT_ON_HANDLE;
	spin_lock(&ws->port_lock);
	WRITE_ONCE(ws->notify_modes, ws->notify_modes | modes);
	spin_unlock(&ws->port_lock);
	return 0;
}

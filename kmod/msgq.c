// SPDX-License-Identifier: GPL-2.0
/*
 * ws: message queues, the kernel side of a Windows thread message queue.
 *
 * WSAAsyncSelect delivers network events as messages. The queue they go to
 * is a kernel object, so the socket's callbacks post to it directly and no
 * thread sits between a socket and its messages; libws builds
 * GetMessage/PeekMessage/PostMessage on it.
 *
 * Objects and lifetimes: a queue (struct ws_msgq) is reference counted; its
 * file holds one reference and each socket selected on it another. Closing
 * the fd while sockets still post to it keeps the object until they stop.
 * The queue and its messages are counted against the limits of the user
 * who created the queue (limits.c), and the messages are charged to that
 * user's memory cgroup even when a socket callback posts them in softirq
 * context. A message taken by a GET that then cannot copy it out goes back
 * to the head of the queue.
 *
 * Locks: q->wq.lock (BH-safe) protects the message list and count; it is
 * also the lock of the queue's waiters, so posting and waking are one
 * critical section.
 *
 * Wake-ups: a GET that removes the first message, whatever it is (what
 * GetMessage does), waits exclusively, so that a post wakes one such reader
 * (and every poller, and every GET that filters or only peeks, which may
 * want another message than the first). A reader that was woken and leaves
 * without a message (a signal, its timeout), and a GET that puts back a
 * message it could not copy out, pass the wake-up on while messages are
 * queued, so that none waits beside a message nobody was told of.
 *
 * A message taken with WS_MSGQ_REMOVE is the taker's to free; one only
 * peeked at stays the queue's. Posting from a socket callback happens under
 * that socket's ev_lock: ev_lock -> q->wq.lock.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/hrtimer.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/memcontrol.h>
#include <linux/sched/mm.h>

#include "ws.h"

struct ws_msgq {
	refcount_t		ref;
	wait_queue_head_t	wq;
	struct list_head	msgs;	/* under wq.lock */
	unsigned int		count;	/* under wq.lock */
	struct ws_user		*user;	/* the creator: counts queue and messages */
	struct mem_cgroup	*memcg;	/* the creator's, for softirq posts */
};

struct ws_msgq_entry {
	struct list_head	node;
	struct ws_msg		msg;
};

static const struct file_operations ws_msgq_fops;

void ws_msgq_hold(struct ws_msgq *q)
{
	refcount_inc(&q->ref);
}

void ws_msgq_put(struct ws_msgq *q)
{
	struct ws_msgq_entry *e, *next;

	if (!q || !refcount_dec_and_test(&q->ref))
		return;
	list_for_each_entry_safe(e, next, &q->msgs, node)
		kfree(e);
	ws_user_uncharge(q->user, WS_LIMIT_MSGS, q->count);
	ws_user_uncharge(q->user, WS_LIMIT_MSGQS, 1);
	ws_user_put(q->user);
	mem_cgroup_put(q->memcg);
	kfree(q);
}

/**
 * ws_msgq_fget() - the message queue behind a file descriptor
 * @fd: the descriptor
 *
 * Return: the queue with a reference taken, or NULL.
 */
struct ws_msgq *ws_msgq_fget(int fd)
{
	struct ws_msgq *q = NULL;
	struct file *file = fget(fd);

	if (!file)
		return NULL;
	if (file->f_op == &ws_msgq_fops) {
		q = file->private_data;
		refcount_inc(&q->ref);
	}
	fput(file);
	return q;
}

/**
 * ws_msgq_post() - append a message and wake the queue's readers
 * @q: the queue
 * @msg: the message
 * @gfp: GFP_ATOMIC from socket callbacks, GFP_KERNEL from process context
 *
 * Context: process or softirq context.
 * Return: 0, -EAGAIN if the queue holds WS_MAX_MSGS messages (Windows drops
 * a post to a full queue too), -EDQUOT if its creator's queues hold
 * max_msgs_per_user messages, -ENOMEM.
 */
int ws_msgq_post(struct ws_msgq *q, const struct ws_msg *msg, gfp_t gfp)
{
	struct mem_cgroup *old;
	struct ws_msgq_entry *e;
	int err;

	if (READ_ONCE(q->count) >= WS_MAX_MSGS)
		return -EAGAIN;
	err = ws_user_charge(q->user, WS_LIMIT_MSGS, 1);
	if (err)
		return err;
	/*
	 * Charged to the queue's creator, whoever posts: a socket callback in
	 * softirq context (where no memcg is current) or the process that
	 * happened to re-enable the event.
	 */
	old = set_active_memcg(q->memcg);
	e = kmalloc(sizeof(*e), gfp | __GFP_ACCOUNT);
	set_active_memcg(old);
	if (!e) {
		ws_user_uncharge(q->user, WS_LIMIT_MSGS, 1);
		return -ENOMEM;
	}
	e->msg = *msg;

	spin_lock_bh(&q->wq.lock);
	if (q->count < WS_MAX_MSGS) {
		list_add_tail(&e->node, &q->msgs);
		q->count++;
		wake_up_locked_poll(&q->wq, EPOLLIN | EPOLLRDNORM);
		spin_unlock_bh(&q->wq.lock);
		return 0;
	}
	spin_unlock_bh(&q->wq.lock);
	kfree(e);
	ws_user_uncharge(q->user, WS_LIMIT_MSGS, 1);
	return -EAGAIN;
}

static bool ws_msgq_match(const struct ws_msg *m, const struct ws_msgq_get *g)
{
	if (g->hwnd && m->hwnd != g->hwnd)
		return false;
	if (!g->min && !g->max)
		return true;
	return m->message >= g->min && m->message <= g->max;
}

/* The first matching message, or NULL. */
static struct ws_msgq_entry *ws_msgq_find(struct ws_msgq *q,
					  const struct ws_msgq_get *g)
{
	struct ws_msgq_entry *e;

	lockdep_assert_held(&q->wq.lock);
	list_for_each_entry(e, &q->msgs, node)
		if (ws_msgq_match(&e->msg, g))
			return e;
	return NULL;
}

/* Wake a reader for the messages still queued, if any. */
static void ws_msgq_pass_wake(struct ws_msgq *q)
{
	spin_lock_bh(&q->wq.lock);
	if (q->count)
		wake_up_locked_poll(&q->wq, EPOLLIN | EPOLLRDNORM);
	spin_unlock_bh(&q->wq.lock);
}

/* Take (or peek at) the first message matching @g; NULL if none. */
static struct ws_msgq_entry *ws_msgq_take(struct ws_msgq *q,
					  struct ws_msgq_get *g)
{
	struct ws_msgq_entry *e;

	spin_lock_bh(&q->wq.lock);
	e = ws_msgq_find(q, g);
	if (e) {
		g->msg = e->msg;
		if (g->flags & WS_MSGQ_REMOVE) {
			list_del(&e->node);
			q->count--;
		}
	}
	spin_unlock_bh(&q->wq.lock);
	return e;
}

static int ws_msgq_ioctl_get(struct ws_msgq *q, void __user *argp)
{
	struct ws_msgq_entry *e;
	struct ws_msgq_get g;
	ktime_t timeout;
	bool excl;
	int err = 0;
	DEFINE_WAIT(wait);

	if (copy_from_user(&g, argp, sizeof(g)))
		return -EFAULT;
	if (g.pad || (g.flags & ~(WS_MSGQ_REMOVE | WS_MSGQ_WAIT)) ||
	    g.max < g.min)
		return -EINVAL;
	timeout = g.timeout > KTIME_MAX ? KTIME_MAX : (ktime_t)g.timeout;
	/* Any message will do, and it will be gone: one post, one reader. */
	excl = (g.flags & WS_MSGQ_REMOVE) && !g.hwnd && !g.min && !g.max;

	/*
	 * A message already queued is taken without going on the wait queue:
	 * one trip through its lock instead of three.
	 */
	e = READ_ONCE(q->count) ? ws_msgq_take(q, &g) : NULL;
	if (e)
		goto taken;

	for (;;) {
		if (excl)
			prepare_to_wait_exclusive(&q->wq, &wait, TASK_INTERRUPTIBLE);
		else
			prepare_to_wait(&q->wq, &wait, TASK_INTERRUPTIBLE);
		e = ws_msgq_take(q, &g);
		if (e)
			break;
		if (!(g.flags & WS_MSGQ_WAIT)) {
			err = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		if (g.timeout != WS_TIMEOUT_INFINITE &&
		    ktime_compare(ktime_get(), timeout) >= 0) {
			err = -ETIMEDOUT;
			break;
		}
		schedule_hrtimeout_range_clock(g.timeout == WS_TIMEOUT_INFINITE ?
					       NULL : &timeout, 0, HRTIMER_MODE_ABS,
					       CLOCK_MONOTONIC);
	}
	finish_wait(&q->wq, &wait);
	if (err) {
		/* A post may have woken us alone: whoever waits gets it. */
		if (excl && err != -EAGAIN)
			ws_msgq_pass_wake(q);
		return err;
	}
taken:
	if (copy_to_user(argp, &g, sizeof(g))) {
		if (g.flags & WS_MSGQ_REMOVE) {
			/* Not delivered: it goes back where it was taken. */
			spin_lock_bh(&q->wq.lock);
			list_add(&e->node, &q->msgs);
			q->count++;
			wake_up_locked_poll(&q->wq, EPOLLIN | EPOLLRDNORM);
			spin_unlock_bh(&q->wq.lock);
		}
		return -EFAULT;
	}
	if (g.flags & WS_MSGQ_REMOVE) {
		kfree(e);
		ws_user_uncharge(q->user, WS_LIMIT_MSGS, 1);
	}
	return 0;
}

static long ws_msgq_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct ws_msgq *q = file->private_data;
	void __user *argp = (void __user *)arg;
	struct ws_msg msg;

	switch (cmd) {
	case WS_IOC_MSGQ_POST:
		if (copy_from_user(&msg, argp, sizeof(msg)))
			return -EFAULT;
		/* Only the kernel posts socket messages. */
		if (msg.flags)
			return -EINVAL;
		return ws_msgq_post(q, &msg, GFP_KERNEL);
	case WS_IOC_MSGQ_GET:
		return ws_msgq_ioctl_get(q, argp);
	default:
		return -ENOTTY;
	}
}

static __poll_t ws_msgq_poll(struct file *file, poll_table *wait)
{
	struct ws_msgq *q = file->private_data;

	poll_wait(file, &q->wq, wait);
	return READ_ONCE(q->count) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int ws_msgq_release(struct inode *inode, struct file *file)
{
	ws_msgq_put(file->private_data);
	return 0;
}

static const struct file_operations ws_msgq_fops = {
	.owner		= THIS_MODULE,
	.release	= ws_msgq_release,
	.poll		= ws_msgq_poll,
	.unlocked_ioctl	= ws_msgq_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

int ws_msgq_create(void __user *argp)
{
	struct ws_msgq_args args;
	struct ws_msgq *q;
	struct file *file;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags)
		return -EINVAL;

	q = kzalloc(sizeof(*q), GFP_KERNEL_ACCOUNT);
	if (!q)
		return -ENOMEM;
	q->user = ws_user_get();
	if (!q->user) {
		kfree(q);
		return -ENOMEM;
	}
	err = ws_user_charge(q->user, WS_LIMIT_MSGQS, 1);
	if (err) {
		ws_user_put(q->user);
		kfree(q);
		return err;
	}
	refcount_set(&q->ref, 1);
	init_waitqueue_head(&q->wq);
	INIT_LIST_HEAD(&q->msgs);
	q->memcg = get_mem_cgroup_from_mm(current->mm);

	file = ws_new_file("[ws-msgq]", &ws_msgq_fops, q, &args.fd);
	if (IS_ERR(file)) {
		ws_msgq_put(q);
		return PTR_ERR(file);
	}
	return ws_publish_fd(file, args.fd, argp, &args, sizeof(args));
}

// SPDX-License-Identifier: GPL-2.0
/*
 * ws: the ws device (/dev/ws), WSA event objects, WSAWaitForMultipleEvents
 * and the per-thread APC queues that alertable waits watch.
 *
 * Objects and lifetimes
 * ---------------------
 * An event object (struct ws_event) is manual-reset and reference counted:
 * its file holds one reference, and so does each socket selected on it
 * (netevent.c) and each waiter for the duration of its wait (through the
 * file reference it took with fget). Closing the last fd is WSACloseEvent;
 * the object goes when the last reference does.
 *
 * An APC queue (struct ws_thread) exists per thread that had an APC queued
 * or waited alertably. Queues live in ws_threads, keyed by the thread's
 * struct pid (a reference is held, so a pid number reused by a later thread
 * never finds an old queue). A queue is freed when it is empty and no
 * alertable waiter uses it; a queue whose thread exited with APCs pending is
 * reclaimed by the next queueing in its hash bucket, or at module exit.
 *
 * Locks
 * -----
 * ws_event_all_lock (rwlock, BH-safe): every change of an event's state
 * holds it for reading; a wait-all check holds it for writing, so it sees all
 * its events at one moment. Waits-any read states without it.
 * ev->wq.lock: the event's waiters, taken by wake_up.
 * ws_threads_lock (spinlock, BH-safe): ws_threads, and each queue's list
 * and users count.
 * Lock order: a socket's ev_lock (netevent.c) -> ws_event_all_lock.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/miscdevice.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ws.h"

static DEFINE_RWLOCK(ws_event_all_lock);

struct ws_event {
	refcount_t		ref;
	bool			signaled;	/* under ws_event_all_lock */
	wait_queue_head_t	wq;
};

static const struct file_operations ws_event_fops;

/* --- event objects ------------------------------------------------------- */

void ws_event_hold(struct ws_event *ev)
{
	refcount_inc(&ev->ref);
}

void ws_event_put(struct ws_event *ev)
{
	if (ev && refcount_dec_and_test(&ev->ref))
		kfree(ev);
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_put);

/**
 * ws_event_set() - signal an event object and wake its waiters
 * @ev: the event
 *
 * Context: process or softirq context.
 */
void ws_event_set(struct ws_event *ev)
{
	/* Setting a set event changes nothing a wait-all could see. */
	if (READ_ONCE(ev->signaled))
		return;
	read_lock_bh(&ws_event_all_lock);
	WRITE_ONCE(ev->signaled, true);
	read_unlock_bh(&ws_event_all_lock);
	if (wq_has_sleeper(&ev->wq))
		wake_up_all(&ev->wq);
}

/**
 * ws_event_reset() - clear an event object
 * @ev: the event
 *
 * Context: process or softirq context.
 */
void ws_event_reset(struct ws_event *ev)
{
	if (!READ_ONCE(ev->signaled))
		return;
	read_lock_bh(&ws_event_all_lock);
	WRITE_ONCE(ev->signaled, false);
	read_unlock_bh(&ws_event_all_lock);
}

bool ws_event_is_set(const struct ws_event *ev)
{
	return READ_ONCE(ev->signaled);
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_is_set);

/**
 * ws_event_fget() - the event object behind a file descriptor
 * @fd: the descriptor
 *
 * Return: the event with a reference taken, or NULL if @fd is not an open
 * ws event object.
 */
struct ws_event *ws_event_fget(int fd)
{
	struct ws_event *ev = NULL;
	struct file *file = fget(fd);

	if (!file)
		return NULL;
	if (file->f_op == &ws_event_fops) {
		ev = file->private_data;
		ws_event_hold(ev);
	}
	fput(file);
	return ev;
}

static int ws_event_release(struct inode *inode, struct file *file)
{
	ws_event_put(file->private_data);
	return 0;
}

static __poll_t ws_event_poll(struct file *file, poll_table *wait)
{
	struct ws_event *ev = file->private_data;

	poll_wait(file, &ev->wq, wait);
	return ws_event_is_set(ev) ? EPOLLIN | EPOLLRDNORM : 0;
}

static long ws_event_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct ws_event *ev = file->private_data;

	switch (cmd) {
	case WS_IOC_EVENT_SET:
		ws_event_set(ev);
		return 0;
	case WS_IOC_EVENT_RESET:
		ws_event_reset(ev);
		return 0;
	case WS_IOC_EVENT_READ:
		return put_user((u32)ws_event_is_set(ev), (u32 __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ws_event_fops = {
	.owner		= THIS_MODULE,
	.release	= ws_event_release,
	.poll		= ws_event_poll,
	.unlocked_ioctl	= ws_event_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/**
 * ws_event_alloc() - a new event object, with one reference
 * @signaled: its initial state
 *
 * Return: the event, or NULL.
 */
struct ws_event *ws_event_alloc(bool signaled)
{
	struct ws_event *ev = kzalloc(sizeof(*ev), GFP_KERNEL_ACCOUNT);

	if (!ev)
		return NULL;
	refcount_set(&ev->ref, 1);
	init_waitqueue_head(&ev->wq);
	ev->signaled = signaled;
	return ev;
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_alloc);

static int ws_create_event(void __user *argp)
{
	struct ws_event_args args;
	struct ws_event *ev;
	int fd;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~WS_EVENT_SIGNALED)
		return -EINVAL;

	ev = ws_event_alloc(args.flags & WS_EVENT_SIGNALED);
	if (!ev)
		return -ENOMEM;
	fd = anon_inode_getfd("[ws-event]", &ws_event_fops, ev,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		ws_event_put(ev);
		return fd;
	}
	args.fd = fd;
	if (copy_to_user(argp, &args, sizeof(args)))
		return -EFAULT;	/* the fd stays open, as with any fd syscall */
	return 0;
}

/* --- APC queues ---------------------------------------------------------- */

struct ws_apc {
	struct list_head	node;
	struct ws_apc_args	args;
};

struct ws_thread {
	struct hlist_node	node;
	struct pid		*pid;
	struct list_head	apcs;		/* under ws_threads_lock */
	unsigned int		count;		/* under ws_threads_lock */
	unsigned int		users;		/* alertable waiters */
	wait_queue_head_t	wq;
};

static DEFINE_SPINLOCK(ws_threads_lock);
static DEFINE_HASHTABLE(ws_threads, 6);

static struct ws_thread *ws_thread_find(struct pid *pid)
{
	struct ws_thread *t;

	lockdep_assert_held(&ws_threads_lock);
	hash_for_each_possible(ws_threads, t, node, (unsigned long)pid)
		if (t->pid == pid)
			return t;
	return NULL;
}

static void ws_thread_free(struct ws_thread *t)
{
	struct ws_apc *apc, *next;

	list_for_each_entry_safe(apc, next, &t->apcs, node)
		kfree(apc);
	put_pid(t->pid);
	kfree(t);
}

/* Drop @t from the table if nothing needs it; returns it for freeing. */
static struct ws_thread *ws_thread_unhash_idle(struct ws_thread *t)
{
	lockdep_assert_held(&ws_threads_lock);
	if (t->users || t->count)
		return NULL;
	hash_del(&t->node);
	return t;
}

/*
 * The queue of @pid, created if needed; preallocated @fresh is used for that
 * (and set to NULL) or left to the caller to free.
 */
static struct ws_thread *ws_thread_lookup(struct pid *pid,
					  struct ws_thread **fresh)
{
	struct ws_thread *t;

	lockdep_assert_held(&ws_threads_lock);
	t = ws_thread_find(pid);
	if (t || !*fresh)
		return t;
	t = *fresh;
	*fresh = NULL;
	t->pid = get_pid(pid);
	INIT_LIST_HEAD(&t->apcs);
	init_waitqueue_head(&t->wq);
	hash_add(ws_threads, &t->node, (unsigned long)pid);
	return t;
}

/* Reclaim queues, in @pid's bucket, of threads that exited. */
static void ws_threads_reap(struct pid *pid, struct hlist_head *dead)
{
	struct ws_thread *t;
	struct hlist_node *tmp;

	lockdep_assert_held(&ws_threads_lock);
	hash_for_each_possible_safe(ws_threads, t, tmp, node, (unsigned long)pid) {
		if (t->pid != pid && !t->users && !pid_has_task(t->pid, PIDTYPE_PID)) {
			hash_del(&t->node);
			hlist_add_head(&t->node, dead);
		}
	}
}

static int ws_queue_apc(void __user *argp)
{
	struct ws_thread *fresh, *t;
	struct task_struct *task;
	struct ws_apc_args args;
	struct hlist_head dead = HLIST_HEAD_INIT;
	struct hlist_node *tmp;
	struct ws_apc *apc;
	struct pid *pid;
	int err = 0;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.pad)
		return -EINVAL;

	pid = find_get_pid(args.tid);
	if (!pid)
		return -ESRCH;
	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_PID);
	/* An exiting thread would never run it: refuse, as Windows does. */
	if (!task || !same_thread_group(task, current) ||
	    (task->flags & PF_EXITING))
		err = -ESRCH;
	rcu_read_unlock();
	if (err)
		goto out_pid;

	apc = kzalloc(sizeof(*apc), GFP_KERNEL_ACCOUNT);
	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	if (!apc || !fresh) {
		err = -ENOMEM;
		goto out_free;
	}
	apc->args = args;

	spin_lock_bh(&ws_threads_lock);
	ws_threads_reap(pid, &dead);
	t = ws_thread_lookup(pid, &fresh);
	if (t->count >= WS_MAX_APCS) {
		err = -EAGAIN;
	} else {
		list_add_tail(&apc->node, &t->apcs);
		t->count++;
		apc = NULL;
		wake_up_all(&t->wq);
	}
	spin_unlock_bh(&ws_threads_lock);

	hlist_for_each_entry_safe(t, tmp, &dead, node)
		ws_thread_free(t);
out_free:
	kfree(apc);
	kfree(fresh);
out_pid:
	put_pid(pid);
	return err;
}

static int ws_dequeue_apc(void __user *argp)
{
	struct ws_thread *t, *idle = NULL;
	struct ws_apc *apc = NULL;
	struct ws_apc_args args;

	spin_lock_bh(&ws_threads_lock);
	t = ws_thread_find(task_pid(current));
	if (t && t->count) {
		apc = list_first_entry(&t->apcs, struct ws_apc, node);
		list_del(&apc->node);
		t->count--;
		idle = ws_thread_unhash_idle(t);
	}
	spin_unlock_bh(&ws_threads_lock);

	if (idle)
		ws_thread_free(idle);
	if (!apc)
		return -EAGAIN;
	args = apc->args;
	args.tid = task_pid_vnr(current);
	kfree(apc);
	return copy_to_user(argp, &args, sizeof(args)) ? -EFAULT : 0;
}

/* --- WSAWaitForMultipleEvents -------------------------------------------- */

struct ws_wait_obj {
	struct ws_event		*ev;
	wait_queue_entry_t	wqe;
};

struct ws_waiter {
	struct ws_thread	*thread;	/* alertable waits */
	wait_queue_entry_t	thread_wqe;
	unsigned int		count;		/* objs[] holding a reference */
	struct ws_wait_obj	objs[];
};

/* Return: the index that satisfies the wait, or -1. */
static int ws_wait_check(struct ws_waiter *w, bool all)
{
	unsigned int i;
	bool ok = true;

	if (!all) {
		for (i = 0; i < w->count; i++)
			if (ws_event_is_set(w->objs[i].ev))
				return i;
		return -1;
	}

	write_lock_bh(&ws_event_all_lock);
	for (i = 0; i < w->count && ok; i++)
		ok = w->objs[i].ev->signaled;
	write_unlock_bh(&ws_event_all_lock);
	return ok ? 0 : -1;
}

static bool ws_wait_apc_pending(struct ws_waiter *w)
{
	return w->thread && READ_ONCE(w->thread->count);
}

static int ws_wait_get_events(struct ws_waiter *w, const struct ws_wait_args *args)
{
	s32 fds[WS_MAX_WAIT_OBJECTS];
	unsigned int i, j;

	if (copy_from_user(fds, u64_to_user_ptr(args->objs),
			   array_size(args->count, sizeof(fds[0]))))
		return -EFAULT;
	for (i = 0; i < args->count; i++) {
		w->objs[i].ev = ws_event_fget(fds[i]);
		if (!w->objs[i].ev)
			return -EBADF;
		w->count++;
		/* Windows: wait-all on the same object twice is invalid. */
		if (args->flags & WS_WAIT_ALL)
			for (j = 0; j < i; j++)
				if (w->objs[j].ev == w->objs[i].ev)
					return -EINVAL;
	}
	return 0;
}

static int ws_wait_thread_attach(struct ws_waiter *w)
{
	struct ws_thread *fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);

	if (!fresh)
		return -ENOMEM;
	spin_lock_bh(&ws_threads_lock);
	w->thread = ws_thread_lookup(task_pid(current), &fresh);
	w->thread->users++;
	spin_unlock_bh(&ws_threads_lock);
	kfree(fresh);
	return 0;
}

static void ws_wait_thread_detach(struct ws_waiter *w)
{
	struct ws_thread *idle;

	if (!w->thread)
		return;
	spin_lock_bh(&ws_threads_lock);
	w->thread->users--;
	idle = ws_thread_unhash_idle(w->thread);
	spin_unlock_bh(&ws_threads_lock);
	if (idle)
		ws_thread_free(idle);
}

/* Waits on this many events or fewer need no allocation. */
#define WS_WAIT_ONSTACK	4

static int ws_wait(void __user *argp)
{
	u8 onstack[struct_size_t(struct ws_waiter, objs, WS_WAIT_ONSTACK)]
		__aligned(__alignof__(struct ws_waiter));
	struct ws_wait_args args;
	struct ws_waiter *w;
	ktime_t timeout;
	unsigned int i;
	int index = -1, err;
	bool all;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (!args.count || args.count > WS_MAX_WAIT_OBJECTS || args.pad ||
	    (args.flags & ~(WS_WAIT_ALL | WS_WAIT_ALERTABLE)))
		return -EINVAL;
	all = args.flags & WS_WAIT_ALL;
	timeout = args.timeout > KTIME_MAX ? KTIME_MAX : (ktime_t)args.timeout;

	if (args.count <= WS_WAIT_ONSTACK) {
		w = (struct ws_waiter *)onstack;
	} else {
		w = kmalloc(struct_size(w, objs, args.count), GFP_KERNEL);
		if (!w)
			return -ENOMEM;
	}
	w->thread = NULL;
	w->count = 0;
	err = ws_wait_get_events(w, &args);
	if (err)
		goto out;
	if (args.flags & WS_WAIT_ALERTABLE) {
		err = ws_wait_thread_attach(w);
		if (err)
			goto out;
	}

	/* Satisfied already: no need to queue on anything. */
	if (ws_wait_apc_pending(w)) {
		args.index = WS_WAIT_APC;
		goto done;
	}
	index = ws_wait_check(w, all);
	if (index >= 0 || args.timeout == 0) {
		if (index < 0)
			err = -ETIMEDOUT;
		args.index = index;
		goto done;
	}

	if (w->thread) {
		init_waitqueue_entry(&w->thread_wqe, current);
		add_wait_queue(&w->thread->wq, &w->thread_wqe);
	}
	for (i = 0; i < w->count; i++) {
		init_waitqueue_entry(&w->objs[i].wqe, current);
		add_wait_queue(&w->objs[i].ev->wq, &w->objs[i].wqe);
	}

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		/* Windows runs queued APCs before testing the objects. */
		if (ws_wait_apc_pending(w)) {
			args.index = WS_WAIT_APC;
			break;
		}
		index = ws_wait_check(w, all);
		if (index >= 0) {
			args.index = index;
			break;
		}
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		if (args.timeout != WS_TIMEOUT_INFINITE &&
		    ktime_compare(ktime_get(), timeout) >= 0) {
			err = -ETIMEDOUT;
			break;
		}
		schedule_hrtimeout_range_clock(args.timeout == WS_TIMEOUT_INFINITE ?
					       NULL : &timeout, 0, HRTIMER_MODE_ABS,
					       CLOCK_MONOTONIC);
	}
	__set_current_state(TASK_RUNNING);

	for (i = 0; i < w->count; i++)
		remove_wait_queue(&w->objs[i].ev->wq, &w->objs[i].wqe);
	if (w->thread)
		remove_wait_queue(&w->thread->wq, &w->thread_wqe);

done:
	if (!err && copy_to_user(argp, &args, sizeof(args)))
		err = -EFAULT;
out:
	ws_wait_thread_detach(w);
	for (i = 0; i < w->count; i++)
		ws_event_put(w->objs[i].ev);
	if (w != (struct ws_waiter *)onstack)
		kfree(w);
	return err;
}

/* --- the device ---------------------------------------------------------- */

static long ws_dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case WS_IOC_CREATE_EVENT:
		return ws_create_event(argp);
	case WS_IOC_WAIT:
		return ws_wait(argp);
	case WS_IOC_QUEUE_APC:
		return ws_queue_apc(argp);
	case WS_IOC_DEQUEUE_APC:
		return ws_dequeue_apc(argp);
	case WS_IOC_CREATE_MSGQ:
		return ws_msgq_create(argp);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ws_dev_fops = {
	.owner		= THIS_MODULE,
	.open		= nonseekable_open,
	.unlocked_ioctl	= ws_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice ws_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ws",
	.fops	= &ws_dev_fops,
	.mode	= 0666,
};

int ws_dev_init(void)
{
	return misc_register(&ws_misc);
}

void ws_dev_exit(void)
{
	struct hlist_node *tmp;
	struct ws_thread *t;
	int bkt;

	misc_deregister(&ws_misc);
	/* No file of ours is open any more: nobody waits or queues. */
	hash_for_each_safe(ws_threads, bkt, tmp, t, node) {
		hash_del(&t->node);
		ws_thread_free(t);
	}
}

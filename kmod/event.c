// SPDX-License-Identifier: GPL-2.0
/*
 * ws: the ws device (/dev/ws), WSA event objects, WSAWaitForMultipleEvents
 * and the per-thread APC queues that alertable waits watch.
 *
 * Objects and lifetimes
 * ---------------------
 * An event object (struct ws_event) is manual-reset or auto-reset, chosen
 * at its creation, and reference counted: its file holds one reference,
 * and so does each socket selected on it (netevent.c) and each waiter for
 * the duration of its wait. Closing the
 * last fd is WSACloseEvent; the object goes when the last reference does.
 * It is counted against its creator's limit (limits.c) until then.
 *
 * Each open of /dev/ws (struct ws_dev, normally one per process) has its
 * own table of APC queues: a queue (struct ws_thread) exists per thread
 * that had an APC queued or waited alertably through that open, keyed by
 * the thread's struct pid (a reference is held, so a pid number reused by a
 * later thread never finds an old queue). A queue is freed when it is empty
 * and no alertable waiter uses it; a queue whose thread exited with APCs
 * pending is reclaimed by the next queueing in its hash bucket, and all
 * queues go with the device file, so none outlives its process.
 *
 * An object is published as a file descriptor only after its creation
 * arguments were copied back, so a fault leaves no descriptor behind.
 *
 * Waits
 * -----
 * A wait (struct ws_waiter, on the waiting thread's stack) puts an entry
 * on the wait queue of each event it waits for; an alertable one also on
 * its thread's APC queue. The entries' wake functions decide: a set of an
 * event ends a wait-any on it with the entry's index, a set that leaves all
 * of a wait-all's events signalled ends that with index 0, an APC ends an
 * alertable wait. Whoever ends a wait claims it, changing its signaled
 * from WS_WAIT_OPEN with a cmpxchg, and wakes only that thread; nothing
 * else touches the result, and the thread reads it after taking its
 * entries off. A set wakes no thread whose wait it does not end, and no
 * waiter looks at its events again once it sleeps. A set wakes the
 * threads it claimed once it dropped its locks (ws_wake_batch), and a
 * wait-any's entry that ended the wait takes itself off the queue, so
 * that the woken thread does not spin on the lock of the set that woke
 * it. poll() and epoll put their entries on the same queue.
 *
 * A wait-any looks at its events without locks first (the lowest index
 * signalled wins, and nothing is queued), then queues itself in index
 * order, testing each event under its lock as it goes; a set during the
 * wait ends it, and it returns the lowest index signalled once it is
 * ended (the event set, or a lower one set meanwhile), as Windows does.
 *
 * Auto-reset events
 * -----------------
 * A wait satisfied by an auto-reset event takes it: the event is reset in
 * the same critical section in which the wait is claimed, so one set ends
 * one wait. A wait-any takes it under the event's lock, when it finds it
 * signalled (first look, queueing, the lowest-index look at the end) or in
 * its entry's wake function, which a set calls under that lock: the first
 * entry on the queue whose wait is still open claims the wait and resets
 * the event, and the entries after it find the event unsignalled and
 * leave their waits alone. A wait-any claimed by a manual-reset event
 * returns a lower index only if it can take that event. A wait-all claimed
 * when all its events are signalled resets its auto-reset ones, under
 * ws_event_all_lock and each event's lock, nested in the one a set holds.
 * A set with nobody to take it leaves the event signalled for the next
 * wait; setting a signalled event changes nothing (Windows counts no sets).
 * poll() sees the state and takes nothing.
 *
 * Locks
 * -----
 * ev->wq.lock (BH-safe: sets come from softirq, never from a hard
 * interrupt; poll and epoll take it IRQ-safe, which does no harm): the
 * event's state and its wait queue, with its wait-all count
 * (all_waiters). Every change of the state takes it; ws_event_is_set() and
 * the first look of a wait-any read the state without it (a wait-any takes
 * an auto-reset event it sees signalled under it).
 * ws_event_all_lock (spinlock, BH-safe): serialises the wait-all tests
 * with the changes of the events they test. It is taken only for events
 * with wait-all waiters: all_waiters changes under both locks, and a set
 * or reset that finds it non-zero under the event's lock takes
 * ws_event_all_lock first; so does a wait-any taking an auto-reset event.
 * A wait-all test so reads a state that cannot change, without the
 * events' locks, and sees all its events at one moment. A wait-all that
 * takes its auto-reset events holds ws_event_all_lock and locks them one
 * at a time, nested in the event's lock a set holds.
 * dev->lock (spinlock, BH-safe): the device's table, and each queue's list,
 * count and users count; t->wq.lock inside it, when an APC wakes a wait.
 * Lock order: a socket's ev_lock (netevent.c) -> ws_event_all_lock ->
 * ev->wq.lock -> another event's wq.lock (only under ws_event_all_lock, by
 * a wait-all taking its events) -> the locks of wake functions (a waiter's
 * task's, epoll's).
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/miscdevice.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ws.h"
#include "ws_trace.h"

/* Serialises wait-all checks and the changes of events they watch. */
static DEFINE_SPINLOCK(ws_event_all_lock);

struct ws_event {
	/*
	 * wq.lock is the event's lock. On wq: poll's entries and those of
	 * waits, whose wake functions decide what a set satisfies.
	 */
	wait_queue_head_t	wq;
	refcount_t		ref;
	unsigned int		all_waiters;	/* wait-all entries on wq */
	bool			signaled;	/* see the top of the file */
	bool			manual;		/* manual-reset; set at creation */
	struct ws_user		*user;		/* charged for it; NULL in tests */
	struct ws_stats		*stats;		/* counted in; NULL in tests */
};

static struct kmem_cache *ws_event_cachep __ro_after_init;

static const struct file_operations ws_event_fops;

/* --- event objects ------------------------------------------------------- */

void ws_event_hold(struct ws_event *ev)
{
	refcount_inc(&ev->ref);
}

void ws_event_put(struct ws_event *ev)
{
	if (!ev || !refcount_dec_and_test(&ev->ref))
		return;
	if (ev->user) {
		ws_user_uncharge(ev->user, WS_LIMIT_EVENTS, 1);
		ws_user_put(ev->user);
	}
	ws_stats_object_put(ev->stats, WS_STAT_EVENTS);
	kmem_cache_free(ws_event_cachep, ev);
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_put);

/* What ws_event_change() does to an event's state. */
enum ws_event_op {
	WS_EVENT_OP_SET,
	WS_EVENT_OP_RESET,
	WS_EVENT_OP_PULSE,	/* set, then reset: only current waiters see it */
	WS_EVENT_OP_TAKE,	/* a waiter takes it if it is signalled */
};

/*
 * Apply @op to @ev, which is locked, waking the waits a set satisfies.
 * Returns whether it was signalled for a take (and resets an auto-reset
 * one), true otherwise.
 */
static bool ws_event_change_locked(struct ws_event *ev, enum ws_event_op op)
{
	lockdep_assert_held(&ev->wq.lock);
	if (ev->all_waiters)
		lockdep_assert_held(&ws_event_all_lock);
	switch (op) {
	case WS_EVENT_OP_TAKE:
		if (!ev->signaled)
			return false;
		if (!ev->manual)
			WRITE_ONCE(ev->signaled, false);
		return true;
	case WS_EVENT_OP_RESET:
		WRITE_ONCE(ev->signaled, false);
		return true;
	case WS_EVENT_OP_SET:
	case WS_EVENT_OP_PULSE:
		/* The wake functions may take an auto-reset event back. */
		WRITE_ONCE(ev->signaled, true);
		wake_up_locked_poll(&ev->wq, EPOLLIN | EPOLLRDNORM);
		if (op == WS_EVENT_OP_PULSE)
			WRITE_ONCE(ev->signaled, false);
		return true;
	}
	return false;
}

/*
 * The threads whose waits a set ended, woken once it dropped its locks: a
 * wake-up inside them (try_to_wake_up, often an IPI) would keep the woken
 * thread, which takes the event's lock to dequeue itself, spinning behind
 * the setter. A set points this CPU's ws_wake_batch at its batch while it
 * holds the locks (preemption is off, and sets do not nest); the wake
 * functions fill it, with a reference on each task, and wake directly
 * once it is full.
 */
#define WS_WAKE_BATCH	16

struct ws_wake_batch {
	unsigned int		n;
	struct task_struct	*tasks[WS_WAKE_BATCH];
};

static DEFINE_PER_CPU(struct ws_wake_batch *, ws_wake_batch);

static void ws_wake_task(struct task_struct *task)
{
	struct ws_wake_batch *b = this_cpu_read(ws_wake_batch);

	if (b && b->n < WS_WAKE_BATCH) {
		get_task_struct(task);
		b->tasks[b->n++] = task;
		return;
	}
	wake_up_process(task);
}

static void ws_wake_batch_flush(struct ws_wake_batch *b)
{
	unsigned int i;

	for (i = 0; i < b->n; i++) {
		wake_up_process(b->tasks[i]);
		put_task_struct(b->tasks[i]);
	}
}

/*
 * Apply @op to @ev under its lock, and under ws_event_all_lock too if a
 * wait-all watches it. all_waiters changes only under both locks, so its
 * value under the event's lock is the one that counts. The waits a set
 * ends are woken after the locks are dropped.
 */
static bool ws_event_change(struct ws_event *ev, enum ws_event_op op)
{
	struct ws_wake_batch batch = { .n = 0 };
	bool ret;

	if (!READ_ONCE(ev->all_waiters)) {
		spin_lock_bh(&ev->wq.lock);
		if (likely(!ev->all_waiters)) {
			this_cpu_write(ws_wake_batch, &batch);
			ret = ws_event_change_locked(ev, op);
			this_cpu_write(ws_wake_batch, NULL);
			spin_unlock_bh(&ev->wq.lock);
			ws_wake_batch_flush(&batch);
			return ret;
		}
		spin_unlock_bh(&ev->wq.lock);
	}
	spin_lock_bh(&ws_event_all_lock);
	spin_lock(&ev->wq.lock);
	this_cpu_write(ws_wake_batch, &batch);
	ret = ws_event_change_locked(ev, op);
	this_cpu_write(ws_wake_batch, NULL);
	spin_unlock(&ev->wq.lock);
	spin_unlock_bh(&ws_event_all_lock);
	ws_wake_batch_flush(&batch);
	return ret;
}

/**
 * ws_event_set() - signal an event object and wake the waits it satisfies
 * @ev: the event
 *
 * An auto-reset event ends one wait, and is reset by it; with no wait to
 * end, it stays signalled until a wait takes it.
 *
 * Context: process or softirq context.
 */
void ws_event_set(struct ws_event *ev)
{
	trace_ws_event_set(ev, READ_ONCE(ev->signaled));
	/* Setting a set event changes nothing anybody could see. */
	if (READ_ONCE(ev->signaled))
		return;
	ws_event_change(ev, WS_EVENT_OP_SET);
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_set);

/**
 * ws_event_reset() - clear an event object
 * @ev: the event
 *
 * Context: process or softirq context.
 */
void ws_event_reset(struct ws_event *ev)
{
	trace_ws_event_reset(ev, READ_ONCE(ev->signaled));
	if (!READ_ONCE(ev->signaled))
		return;
	ws_event_change(ev, WS_EVENT_OP_RESET);
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_reset);

/**
 * ws_event_pulse() - PulseEvent: set and reset an event object at once
 * @ev: the event
 *
 * Ends the waits the set satisfies at that moment (of a manual-reset
 * event, every wait-any on it; of an auto-reset one, one wait) and leaves
 * the event unsignalled, whatever its state was.
 *
 * Context: process or softirq context.
 */
void ws_event_pulse(struct ws_event *ev)
{
	trace_ws_event_set(ev, READ_ONCE(ev->signaled));
	ws_event_change(ev, WS_EVENT_OP_PULSE);
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_pulse);

/**
 * ws_event_take() - what a waiter does with an event it finds signalled
 * @ev: the event
 *
 * Return: whether @ev is signalled; if it is auto-reset, this reset it,
 * and no other waiter can have it.
 *
 * Context: process or softirq context.
 */
bool ws_event_take(struct ws_event *ev)
{
	if (!READ_ONCE(ev->signaled))
		return false;
	if (ev->manual)
		return true;
	return ws_event_change(ev, WS_EVENT_OP_TAKE);
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_take);

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
	case WS_IOC_EVENT_PULSE:
		ws_event_pulse(ev);
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
 * ws_event_new() - a new event object, with one reference
 * @flags: WS_EVENT_SIGNALED (its initial state), WS_EVENT_AUTO_RESET
 *
 * Return: the event, or NULL.
 */
struct ws_event *ws_event_new(u32 flags)
{
	struct ws_event *ev = kmem_cache_zalloc(ws_event_cachep, GFP_KERNEL);

	if (!ev)
		return NULL;
	refcount_set(&ev->ref, 1);
	init_waitqueue_head(&ev->wq);
	ev->signaled = flags & WS_EVENT_SIGNALED;
	ev->manual = !(flags & WS_EVENT_AUTO_RESET);
	return ev;
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_new);

/**
 * ws_event_alloc() - a new manual-reset event object, with one reference
 * @signaled: its initial state
 *
 * Return: the event, or NULL.
 */
struct ws_event *ws_event_alloc(bool signaled)
{
	return ws_event_new(signaled ? WS_EVENT_SIGNALED : 0);
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_alloc);

/**
 * ws_new_file() - reserve a descriptor and make the file of a new object
 * @name: the anon inode's name
 * @fops: its file operations
 * @priv: the object; the file owns the caller's reference on success
 * @fdp: the reserved descriptor (close-on-exec), not yet installed
 *
 * Return: the file, or an ERR_PTR; on failure the caller keeps @priv.
 */
struct file *ws_new_file(const char *name, const struct file_operations *fops,
			 void *priv, int *fdp)
{
	struct file *file;
	int fd = get_unused_fd_flags(O_CLOEXEC);

	if (fd < 0)
		return ERR_PTR(fd);
	file = anon_inode_getfile(name, fops, priv, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return file;
	}
	*fdp = fd;
	return file;
}

/**
 * ws_publish_fd() - copy the creation arguments back, then install the fd
 * @file: from ws_new_file()
 * @fd: its descriptor
 * @argp: where the arguments go
 * @args: the arguments, holding @fd
 * @size: their size
 *
 * Return: 0, or -EFAULT; then the descriptor was never visible and the
 * file (with the object) is released.
 */
int ws_publish_fd(struct file *file, int fd, void __user *argp,
		  const void *args, size_t size)
{
	if (copy_to_user(argp, args, size)) {
		put_unused_fd(fd);
		fput(file);
		return -EFAULT;
	}
	fd_install(fd, file);
	return 0;
}

static int ws_create_event(void __user *argp)
{
	struct ws_event_args args;
	struct ws_event *ev;
	struct file *file;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~(WS_EVENT_SIGNALED | WS_EVENT_AUTO_RESET))
		return -EINVAL;

	ev = ws_event_new(args.flags);
	if (!ev)
		return -ENOMEM;
	ev->user = ws_user_get();
	if (!ev->user) {
		ws_event_put(ev);
		return -ENOMEM;
	}
	err = ws_user_charge(ev->user, WS_LIMIT_EVENTS, 1);
	if (err) {
		ws_user_put(ev->user);
		ev->user = NULL;
		ws_event_put(ev);
		return err;
	}
	ev->stats = ws_stats_object_new(WS_STAT_EVENTS, WS_STAT_EVENTS_CREATED);
	file = ws_new_file("[ws-event]", &ws_event_fops, ev, &args.fd);
	if (IS_ERR(file)) {
		ws_event_put(ev);
		return PTR_ERR(file);
	}
	return ws_publish_fd(file, args.fd, argp, &args, sizeof(args));
}

/* --- APC queues ---------------------------------------------------------- */

struct ws_apc {
	struct list_head	node;
	struct ws_apc_args	args;
	struct ws_user		*user;		/* charged for it */
};

struct ws_thread {
	struct hlist_node	node;		/* under dev->lock */
	struct pid		*pid;
	struct list_head	apcs;		/* under dev->lock */
	unsigned int		count;		/* under dev->lock */
	unsigned int		users;		/* alertable waiters, dev->lock */
	unsigned int		reqs;		/* APC slots reserved, dev->lock */
	wait_queue_head_t	wq;
};

/* One open of /dev/ws. */
struct ws_dev {
	spinlock_t		lock;		/* threads, and each queue's fields */
	DECLARE_HASHTABLE(threads, 6);	/* ws_thread by struct pid */
	/* Queue entries for a wait on up to 64 events, kept for the next. */
	wait_queue_entry_t	*wait_spare;	/* xchg */
};

static struct ws_thread *ws_thread_find(struct ws_dev *dev, struct pid *pid)
{
	struct ws_thread *t;

	lockdep_assert_held(&dev->lock);
	hash_for_each_possible(dev->threads, t, node, (unsigned long)pid)
		if (t->pid == pid)
			return t;
	return NULL;
}

static void ws_apc_free(struct ws_apc *apc)
{
	ws_user_uncharge(apc->user, WS_LIMIT_APCS, 1);
	ws_user_put(apc->user);
	kfree(apc);
}

static void ws_thread_free(struct ws_thread *t)
{
	struct ws_apc *apc, *next;

	list_for_each_entry_safe(apc, next, &t->apcs, node)
		ws_apc_free(apc);
	put_pid(t->pid);
	kfree(t);
}

/* Drop @t from the table if nothing needs it; returns it for freeing. */
static struct ws_thread *ws_thread_unhash_idle(struct ws_dev *dev,
					       struct ws_thread *t)
{
	lockdep_assert_held(&dev->lock);
	if (t->users || t->count || t->reqs)
		return NULL;
	hash_del(&t->node);
	return t;
}

/*
 * The queue of @pid, created if needed; preallocated @fresh is used for that
 * (and set to NULL) or left to the caller to free.
 */
static struct ws_thread *ws_thread_lookup(struct ws_dev *dev, struct pid *pid,
					  struct ws_thread **fresh)
{
	struct ws_thread *t;

	lockdep_assert_held(&dev->lock);
	t = ws_thread_find(dev, pid);
	if (t || !*fresh)
		return t;
	t = *fresh;
	*fresh = NULL;
	t->pid = get_pid(pid);
	INIT_LIST_HEAD(&t->apcs);
	init_waitqueue_head(&t->wq);
	hash_add(dev->threads, &t->node, (unsigned long)pid);
	return t;
}

/* Will @t's thread never dequeue again? (It exited, or is exiting.) */
static bool ws_thread_dead(struct ws_thread *t, struct pid *pid)
{
	struct task_struct *task;
	bool dead;

	if (t->pid == pid || t->users || t->reqs)
		return false;
	rcu_read_lock();
	task = pid_task(t->pid, PIDTYPE_PID);
	dead = !task || (READ_ONCE(task->flags) & PF_EXITING);
	rcu_read_unlock();
	return dead;
}

/* Reclaim queues, in @pid's bucket, of threads that exited. */
static void ws_threads_reap(struct ws_dev *dev, struct pid *pid,
			    struct hlist_head *dead)
{
	struct ws_thread *t;
	struct hlist_node *tmp;

	lockdep_assert_held(&dev->lock);
	hash_for_each_possible_safe(dev->threads, t, tmp, node, (unsigned long)pid) {
		if (ws_thread_dead(t, pid)) {
			hash_del(&t->node);
			hlist_add_head(&t->node, dead);
		}
	}
}

/* Free the queues of every thread of @dev that exited. */
static void ws_threads_reap_all(struct ws_dev *dev)
{
	HLIST_HEAD(dead);
	struct hlist_node *tmp;
	struct ws_thread *t;
	int bkt;

	spin_lock_bh(&dev->lock);
	hash_for_each_safe(dev->threads, bkt, tmp, t, node) {
		if (ws_thread_dead(t, NULL)) {
			hash_del(&t->node);
			hlist_add_head(&t->node, &dead);
		}
	}
	spin_unlock_bh(&dev->lock);
	hlist_for_each_entry_safe(t, tmp, &dead, node)
		ws_thread_free(t);
}

static int ws_queue_apc(struct ws_dev *dev, void __user *argp)
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
	apc->user = ws_user_get();
	if (!apc->user) {
		err = -ENOMEM;
		goto out_free;
	}
	err = ws_user_charge(apc->user, WS_LIMIT_APCS, 1);
	if (err) {
		/* APCs queued to threads that exited count until reclaimed. */
		ws_threads_reap_all(dev);
		err = ws_user_charge(apc->user, WS_LIMIT_APCS, 1);
	}
	if (err) {
		ws_user_put(apc->user);
		goto out_free;
	}
	apc->args = args;

	spin_lock_bh(&dev->lock);
	ws_threads_reap(dev, pid, &dead);
	t = ws_thread_lookup(dev, pid, &fresh);
	if (t->count >= WS_MAX_APCS) {
		err = -EAGAIN;
	} else {
		list_add_tail(&apc->node, &t->apcs);
		t->count++;
		apc = NULL;
		wake_up_all(&t->wq);
	}
	spin_unlock_bh(&dev->lock);

	hlist_for_each_entry_safe(t, tmp, &dead, node)
		ws_thread_free(t);
	if (apc)
		ws_apc_free(apc);
	apc = NULL;
out_free:
	kfree(apc);
	kfree(fresh);
out_pid:
	put_pid(pid);
	return err;
}

static int ws_dequeue_apc(struct ws_dev *dev, void __user *argp)
{
	struct ws_thread *t, *idle = NULL;
	struct ws_apc *apc = NULL;
	struct ws_apc_args args;

	spin_lock_bh(&dev->lock);
	t = ws_thread_find(dev, task_pid(current));
	if (t && t->count) {
		apc = list_first_entry(&t->apcs, struct ws_apc, node);
		args = apc->args;
		args.tid = task_pid_vnr(current);
	}
	spin_unlock_bh(&dev->lock);
	if (!apc)
		return -EAGAIN;

	/*
	 * Copy out before taking it off the queue, so that a fault loses
	 * nothing: only this thread dequeues from its own queue, so the first
	 * entry is still @apc.
	 */
	if (copy_to_user(argp, &args, sizeof(args)))
		return -EFAULT;

	spin_lock_bh(&dev->lock);
	list_del(&apc->node);
	t->count--;
	idle = ws_thread_unhash_idle(dev, t);
	spin_unlock_bh(&dev->lock);

	if (idle)
		ws_thread_free(idle);
	ws_apc_free(apc);
	return 0;
}

/*
 * APC slots: the completion routine of an overlapped operation runs as an
 * APC of the thread that submitted it. Everything the APC needs is taken
 * at submission, in process context (a reference on the /dev/ws open, the
 * thread's queue, the APC itself, charged to the user), so that queueing
 * it at completion, maybe in softirq context, allocates nothing.
 */
static const struct file_operations ws_dev_fops;

/**
 * ws_apc_reserve() - reserve the APC of a completion routine
 * @dev_fd: the caller's /dev/ws descriptor
 * @slot: filled in
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL if @dev_fd is not /dev/ws, -EDQUOT, -ENOMEM.
 */
int ws_apc_reserve(int dev_fd, struct ws_apc_slot *slot)
{
	struct ws_thread *fresh;
	struct ws_dev *dev;
	struct file *file;
	int err;

	file = fget(dev_fd);
	if (!file)
		return -EBADF;
	if (file->f_op != &ws_dev_fops) {
		fput(file);
		return -EBADF;
	}
	dev = file->private_data;
	slot->apc = kzalloc(sizeof(*slot->apc), GFP_KERNEL_ACCOUNT);
	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	err = -ENOMEM;
	if (!slot->apc || !fresh)
		goto err;
	slot->apc->user = ws_user_get();
	if (!slot->apc->user)
		goto err;
	err = ws_user_charge(slot->apc->user, WS_LIMIT_APCS, 1);
	if (err == -EDQUOT) {
		/* APCs for threads that exited count until reclaimed: now. */
		ws_threads_reap_all(dev);
		err = ws_user_charge(slot->apc->user, WS_LIMIT_APCS, 1);
	}
	if (err) {
		ws_user_put(slot->apc->user);
		goto err;
	}

	spin_lock_bh(&dev->lock);
	slot->thread = ws_thread_lookup(dev, task_pid(current), &fresh);
	slot->thread->reqs++;
	spin_unlock_bh(&dev->lock);
	kfree(fresh);
	slot->dev_file = file;
	return 0;
err:
	kfree(slot->apc);
	kfree(fresh);
	fput(file);
	slot->apc = NULL;
	return err;
}

/* Give back the thread's reservation; the caller holds dev->lock. */
static struct ws_thread *ws_apc_unreserve(struct ws_dev *dev,
					  struct ws_thread *t)
{
	lockdep_assert_held(&dev->lock);
	t->reqs--;
	return ws_thread_unhash_idle(dev, t);
}

/**
 * ws_apc_fire() - queue a reserved APC to its thread
 * @slot: from ws_apc_reserve(); consumed
 * @args: the APC; its tid is ignored
 *
 * Context: any context.
 */
void ws_apc_fire(struct ws_apc_slot *slot, const struct ws_apc_args *args)
{
	struct ws_dev *dev = slot->dev_file->private_data;
	struct ws_thread *t = slot->thread;

	slot->apc->args = *args;
	spin_lock_bh(&dev->lock);
	list_add_tail(&slot->apc->node, &t->apcs);
	t->count++;
	t->reqs--;
	wake_up_all(&t->wq);
	spin_unlock_bh(&dev->lock);
	fput(slot->dev_file);
	slot->apc = NULL;
}

/**
 * ws_apc_release() - give back a reserved APC that will not be queued
 * @slot: from ws_apc_reserve(); consumed
 *
 * Context: any context.
 */
void ws_apc_release(struct ws_apc_slot *slot)
{
	struct ws_dev *dev = slot->dev_file->private_data;
	struct ws_thread *idle;

	spin_lock_bh(&dev->lock);
	idle = ws_apc_unreserve(dev, slot->thread);
	spin_unlock_bh(&dev->lock);
	if (idle)
		ws_thread_free(idle);
	ws_apc_free(slot->apc);
	fput(slot->dev_file);
	slot->apc = NULL;
}

/* --- WSAWaitForMultipleEvents -------------------------------------------- */

/**
 * ws_dev_alert_attach() - the calling thread's APC queue, for a wait
 * @dev: the /dev/ws open it waits through
 *
 * The queue stays while the wait uses it (ws_dev_alert_detach()).
 *
 * Context: process context, may sleep.
 * Return: the queue, or ERR_PTR(-ENOMEM).
 */
struct ws_thread *ws_dev_alert_attach(struct ws_dev *dev)
{
	struct ws_thread *fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	struct ws_thread *t;

	if (!fresh)
		return ERR_PTR(-ENOMEM);
	spin_lock_bh(&dev->lock);
	t = ws_thread_lookup(dev, task_pid(current), &fresh);
	t->users++;
	spin_unlock_bh(&dev->lock);
	kfree(fresh);
	return t;
}

/**
 * ws_dev_alert_detach() - the wait no longer uses the queue
 * @dev: as given to ws_dev_alert_attach()
 * @t: its result; NULL is allowed
 */
void ws_dev_alert_detach(struct ws_dev *dev, struct ws_thread *t)
{
	struct ws_thread *idle;

	if (!t)
		return;
	spin_lock_bh(&dev->lock);
	t->users--;
	idle = ws_thread_unhash_idle(dev, t);
	spin_unlock_bh(&dev->lock);
	if (idle)
		ws_thread_free(idle);
}

/* Has the queue's thread APCs to run? Any context. */
bool ws_thread_apc_pending(const struct ws_thread *t)
{
	return READ_ONCE(t->count);
}

/* Woken when an APC is queued for the thread. */
wait_queue_head_t *ws_thread_waitq(struct ws_thread *t)
{
	return &t->wq;
}

/* w->signaled: the wait goes on. */
#define WS_WAIT_OPEN	(-1)
/* w->signaled: an APC ended it. */
#define WS_WAIT_BY_APC	(-2)

/*
 * The queue entries of a wait on this many events or fewer are on the
 * stack; a larger one takes its /dev/ws open's spare set (ws_dev), or
 * allocates one that becomes the spare.
 */
#define WS_WAIT_ONSTACK	8

struct ws_waiter {
	struct task_struct	*task;
	/*
	 * WS_WAIT_OPEN until something ends the wait: a set that satisfies
	 * it (then the index it returns) or an APC (WS_WAIT_BY_APC). Whoever
	 * changes it from WS_WAIT_OPEN, with a cmpxchg, wakes the task; nobody
	 * changes it again.
	 */
	atomic_t		signaled;
	bool			all;
	unsigned int		count;		/* files[] held */
	unsigned int		queued;		/* wqes[] on their event's wq */
	struct ws_thread	*thread;	/* alertable waits */
	wait_queue_entry_t	thread_wqe;
	struct file		*files[WS_MAX_WAIT_OBJECTS];
	wait_queue_entry_t	*wqes;		/* wqes[i]: on files[i]'s event */
	wait_queue_entry_t	onstack[WS_WAIT_ONSTACK];
};

static struct ws_event *ws_wait_event(const struct ws_waiter *w, unsigned int i)
{
	return w->files[i]->private_data;
}

/* End @w with @how if nothing did yet; true if this did. */
static bool ws_wait_claim(struct ws_waiter *w, int how)
{
	int open = WS_WAIT_OPEN;

	/* Ended already: spare the locked instruction. */
	if (atomic_read(&w->signaled) != WS_WAIT_OPEN)
		return false;
	return atomic_try_cmpxchg(&w->signaled, &open, how);
}

/*
 * A wait-any's entry: a set of the event satisfies the wait, unless an
 * entry before this one took the auto-reset event back. The entry that
 * ends the wait takes itself off the queue, last (the waiter may return
 * as soon as it sees it off), so that the woken thread need not take the
 * event's lock again.
 */
static int ws_wait_any_wake(wait_queue_entry_t *wqe, unsigned int mode,
			    int sync, void *key)
{
	struct ws_waiter *w = wqe->private;
	unsigned int i = wqe - w->wqes;
	struct ws_event *ev = ws_wait_event(w, i);

	lockdep_assert_held(&ev->wq.lock);
	if (!ev->signaled)
		return 0;
	if (ws_wait_claim(w, i)) {
		if (!ev->manual)
			ws_event_change_locked(ev, WS_EVENT_OP_TAKE);
		ws_wake_task(w->task);
		list_del_init_careful(&wqe->entry);
	}
	return 0;
}

/* Are all of a wait-all's events signalled? They cannot change meanwhile. */
static bool ws_wait_all_set(const struct ws_waiter *w)
{
	unsigned int i;

	lockdep_assert_held(&ws_event_all_lock);
	for (i = 0; i < w->count; i++)
		if (!READ_ONCE(ws_wait_event(w, i)->signaled))
			return false;
	return true;
}

/*
 * A wait-all that all its events satisfy takes its auto-reset ones, each
 * under its lock; @held is the one whose lock the caller holds, or NULL.
 */
static void ws_wait_all_take(struct ws_waiter *w, struct ws_event *held)
{
	unsigned int i;

	lockdep_assert_held(&ws_event_all_lock);
	for (i = 0; i < w->count; i++) {
		struct ws_event *ev = ws_wait_event(w, i);

		if (ev->manual)
			continue;
		if (ev == held) {
			ws_event_change_locked(ev, WS_EVENT_OP_TAKE);
			continue;
		}
		/* All nesting of event locks is under ws_event_all_lock. */
		spin_lock_nested(&ev->wq.lock, SINGLE_DEPTH_NESTING);
		ws_event_change_locked(ev, WS_EVENT_OP_TAKE);
		spin_unlock(&ev->wq.lock);
	}
}

/* A wait-all's entry: a set of the event may complete the set of events. */
static int ws_wait_all_wake(wait_queue_entry_t *wqe, unsigned int mode,
			    int sync, void *key)
{
	struct ws_waiter *w = wqe->private;

	if (atomic_read(&w->signaled) == WS_WAIT_OPEN && ws_wait_all_set(w) &&
	    ws_wait_claim(w, 0)) {
		ws_wait_all_take(w, ws_wait_event(w, wqe - w->wqes));
		ws_wake_task(w->task);
	}
	return 0;
}

/* The entry on the alertable waiter's APC queue: an APC ends the wait. */
static int ws_wait_apc_wake(wait_queue_entry_t *wqe, unsigned int mode,
			    int sync, void *key)
{
	struct ws_waiter *w = wqe->private;

	if (ws_wait_claim(w, WS_WAIT_BY_APC))
		wake_up_process(w->task);
	return 0;
}

static int ws_wait_get_events(struct ws_waiter *w, const struct ws_wait_args *args)
{
	s32 fds[WS_MAX_WAIT_OBJECTS];
	unsigned int i, j;

	if (copy_from_user(fds, u64_to_user_ptr(args->objs),
			   array_size(args->count, sizeof(fds[0]))))
		return -EFAULT;
	for (i = 0; i < args->count; i++) {
		/* The file's reference keeps the event for the wait. */
		struct file *file = fget(fds[i]);

		if (!file)
			return -EBADF;
		w->files[w->count++] = file;
		if (file->f_op != &ws_event_fops)
			return -EBADF;
		/* Windows: wait-all on the same object twice is invalid. */
		if (w->all)
			for (j = 0; j < i; j++)
				if (w->files[j] == file)
					return -EINVAL;
	}
	return 0;
}

/*
 * The lowest index below @n signalled now, or -1: looked at without locks,
 * an auto-reset event taken (ws_event_take()).
 */
static int ws_wait_any_take(const struct ws_waiter *w, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ws_event_take(ws_wait_event(w, i)))
			return i;
	return -1;
}

/*
 * The queueing of a wait-any's entry @i, its event locked: a signalled
 * event ends the wait (and is taken, if auto-reset) unless it ended
 * already; else the entry is queued. Returns whether it was signalled.
 */
static bool ws_wait_any_queue_locked(struct ws_waiter *w, unsigned int i)
{
	struct ws_event *ev = ws_wait_event(w, i);

	lockdep_assert_held(&ev->wq.lock);
	if (!ev->signaled) {
		__add_wait_queue_entry_tail(&ev->wq, &w->wqes[i]);
		return false;
	}
	if (ws_wait_claim(w, i) && !ev->manual)
		ws_event_change_locked(ev, WS_EVENT_OP_TAKE);
	return true;
}

/*
 * ws_wait_any_queue_locked() under the event's lock, and under
 * ws_event_all_lock too when it may take an auto-reset event that a
 * wait-all watches (as ws_event_change()).
 */
static bool ws_wait_any_queue_one(struct ws_waiter *w, unsigned int i)
{
	struct ws_event *ev = ws_wait_event(w, i);
	bool set;

	if (ev->manual || !READ_ONCE(ev->all_waiters)) {
		spin_lock_bh(&ev->wq.lock);
		if (likely(ev->manual || !ev->all_waiters)) {
			set = ws_wait_any_queue_locked(w, i);
			spin_unlock_bh(&ev->wq.lock);
			return set;
		}
		spin_unlock_bh(&ev->wq.lock);
	}
	spin_lock_bh(&ws_event_all_lock);
	spin_lock(&ev->wq.lock);
	set = ws_wait_any_queue_locked(w, i);
	spin_unlock(&ev->wq.lock);
	spin_unlock_bh(&ws_event_all_lock);
	return set;
}

/*
 * Queue a wait-any on its events in index order, testing each under its
 * lock as it goes: the first found signalled ends the wait, unless a set
 * of one already passed ended it. From then on a set ends it.
 */
static void ws_wait_any_queue(struct ws_waiter *w)
{
	unsigned int i;

	for (i = 0; i < w->count; i++) {
		wait_queue_entry_t *wqe = &w->wqes[i];

		init_waitqueue_func_entry(wqe, ws_wait_any_wake);
		wqe->private = w;
		if (ws_wait_any_queue_one(w, i))
			break;
		w->queued++;
		if (atomic_read(&w->signaled) != WS_WAIT_OPEN)
			break;
	}
}

/* An entry the set that ended the wait took off needs no lock. */
static void ws_wait_any_dequeue(struct ws_waiter *w)
{
	unsigned int i;

	for (i = 0; i < w->queued; i++) {
		struct ws_event *ev = ws_wait_event(w, i);

		if (list_empty_careful(&w->wqes[i].entry))
			continue;
		spin_lock_bh(&ev->wq.lock);
		list_del_init(&w->wqes[i].entry);
		spin_unlock_bh(&ev->wq.lock);
	}
}

/*
 * Queue a wait-all on all its events and test them, under
 * ws_event_all_lock: from the moment an event counts the wait in
 * all_waiters, every change of its state takes that lock too, so that the
 * test, and every later one (ws_wait_all_wake()), sees the events at one
 * moment.
 */
static void ws_wait_all_queue(struct ws_waiter *w)
{
	unsigned int i;

	spin_lock_bh(&ws_event_all_lock);
	for (i = 0; i < w->count; i++) {
		struct ws_event *ev = ws_wait_event(w, i);
		wait_queue_entry_t *wqe = &w->wqes[i];

		init_waitqueue_func_entry(wqe, ws_wait_all_wake);
		wqe->private = w;
		spin_lock(&ev->wq.lock);
		ev->all_waiters++;
		__add_wait_queue_entry_tail(&ev->wq, wqe);
		spin_unlock(&ev->wq.lock);
	}
	w->queued = w->count;
	if (ws_wait_all_set(w) && ws_wait_claim(w, 0))
		ws_wait_all_take(w, NULL);
	spin_unlock_bh(&ws_event_all_lock);
}

static void ws_wait_all_dequeue(struct ws_waiter *w)
{
	unsigned int i;

	spin_lock_bh(&ws_event_all_lock);
	for (i = 0; i < w->queued; i++) {
		struct ws_event *ev = ws_wait_event(w, i);

		spin_lock(&ev->wq.lock);
		__remove_wait_queue(&ev->wq, &w->wqes[i]);
		ev->all_waiters--;
		spin_unlock(&ev->wq.lock);
	}
	spin_unlock_bh(&ws_event_all_lock);
}

/* Sleep until something ends the wait, a signal or the timeout. */
static int ws_wait_sleep(struct ws_waiter *w, const struct ws_wait_args *args)
{
	ktime_t timeout = args->timeout > KTIME_MAX ? KTIME_MAX : (ktime_t)args->timeout;
	bool infinite = args->timeout == WS_TIMEOUT_INFINITE;
	int err = 0;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (atomic_read(&w->signaled) != WS_WAIT_OPEN)
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		if (!infinite && ktime_compare(ktime_get(), timeout) >= 0) {
			err = -ETIMEDOUT;
			break;
		}
		schedule_hrtimeout_range_clock(infinite ? NULL : &timeout, 0,
					       HRTIMER_MODE_ABS, CLOCK_MONOTONIC);
	}
	__set_current_state(TASK_RUNNING);
	return err;
}

/*
 * Wait until a set satisfies the wait, an APC is queued (alertable), a
 * signal or the timeout; the result is in w->signaled.
 */
static int ws_wait_block(struct ws_dev *dev, struct ws_waiter *w,
			 const struct ws_wait_args *args)
{
	int err;

	if (w->count > WS_WAIT_ONSTACK) {
		/* The open's spare if no other thread has it, so most need none. */
		w->wqes = xchg(&dev->wait_spare, NULL);
		if (!w->wqes)
			w->wqes = kmalloc_array(WS_MAX_WAIT_OBJECTS, sizeof(*w->wqes),
						GFP_KERNEL_ACCOUNT);
		if (!w->wqes)
			return -ENOMEM;
	}
	if (w->thread) {
		init_waitqueue_func_entry(&w->thread_wqe, ws_wait_apc_wake);
		w->thread_wqe.private = w;
		add_wait_queue(&w->thread->wq, &w->thread_wqe);
		/* Queued since it was looked at: it ends the wait, as Windows does. */
		if (ws_thread_apc_pending(w->thread))
			ws_wait_claim(w, WS_WAIT_BY_APC);
	}

	if (w->all)
		ws_wait_all_queue(w);
	else if (atomic_read(&w->signaled) == WS_WAIT_OPEN)
		ws_wait_any_queue(w);

	err = ws_wait_sleep(w, args);

	if (w->all)
		ws_wait_all_dequeue(w);
	else
		ws_wait_any_dequeue(w);
	if (w->thread)
		remove_wait_queue(&w->thread->wq, &w->thread_wqe);
	if (w->wqes != w->onstack && cmpxchg(&dev->wait_spare, NULL, w->wqes))
		kfree(w->wqes);
	return err;
}

static void ws_waiter_init(struct ws_waiter *w, const struct ws_wait_args *args)
{
	w->task = current;
	atomic_set(&w->signaled, WS_WAIT_OPEN);
	/* A wait-all on one event is a wait-any on it, without the lock. */
	w->all = (args->flags & WS_WAIT_ALL) && args->count > 1;
	w->count = 0;
	w->queued = 0;
	w->thread = NULL;
	w->wqes = w->onstack;
}

/*
 * The wait of @w on its files, whose references the caller holds: the
 * result in args->index, or an error. @dev may be NULL for a wait on
 * WS_WAIT_ONSTACK events or fewer, not alertable.
 */
static int ws_wait_files(struct ws_dev *dev, struct ws_waiter *w,
			 struct ws_wait_args *args)
{
	int index, err = 0;

	if (args->flags & WS_WAIT_ALERTABLE) {
		w->thread = ws_dev_alert_attach(dev);
		if (IS_ERR(w->thread)) {
			err = PTR_ERR(w->thread);
			w->thread = NULL;
			return err;
		}
		/* Windows runs queued APCs before testing the objects. */
		if (ws_thread_apc_pending(w->thread)) {
			atomic_set(&w->signaled, WS_WAIT_BY_APC);
			goto done;
		}
	}

	/* Satisfied already: no need to queue on anything. */
	if (!w->all) {
		index = ws_wait_any_take(w, w->count);
		if (index >= 0) {
			atomic_set(&w->signaled, index);
			goto done;
		}
		if (args->timeout == 0)
			return -ETIMEDOUT;
	}
	err = ws_wait_block(dev, w, args);

done:
	index = atomic_read(&w->signaled);
	if (index == WS_WAIT_BY_APC) {
		args->index = WS_WAIT_APC;
		return 0;
	}
	if (index < 0)
		return err;
	/*
	 * Satisfied, even if a signal or the timeout came too. The set that
	 * woke the wait need not be the lowest index signalled now: Windows
	 * returns "the array index of the signaled object with the smallest
	 * index value of all the signaled objects" (WaitForMultipleObjects).
	 * A wait that took an auto-reset event returns that one: it cannot
	 * give it back. A lower auto-reset event counts only if it takes it.
	 */
	if (!w->all && ws_wait_event(w, index)->manual) {
		int lowest = ws_wait_any_take(w, index);

		if (lowest >= 0)
			index = lowest;
	}
	args->index = index;
	return 0;
}

static int ws_wait(struct ws_dev *dev, void __user *argp)
{
	struct ws_wait_args args;
	struct ws_waiter w;
	unsigned int i;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (!args.count || args.count > WS_MAX_WAIT_OBJECTS || args.pad ||
	    (args.flags & ~(WS_WAIT_ALL | WS_WAIT_ALERTABLE)))
		return -EINVAL;

	ws_waiter_init(&w, &args);
	trace_ws_wait_begin(args.count, args.flags, args.timeout);
	err = ws_wait_get_events(&w, &args);
	if (!err)
		err = ws_wait_files(dev, &w, &args);
	if (!err && copy_to_user(argp, &args, sizeof(args)))
		err = -EFAULT;
	trace_ws_wait_end(err || args.index == WS_WAIT_APC ? -1 : args.index,
			  !err && args.index == WS_WAIT_APC, err);
	ws_dev_alert_detach(dev, w.thread);
	for (i = 0; i < w.count; i++)
		fput(w.files[i]);
	return err;
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * ws_event_file() - a file for an event object, as WS_IOC_CREATE_EVENT's
 * @ev: the event; the file owns the caller's reference on success
 *
 * Return: the file, or an ERR_PTR.
 */
struct file *ws_event_file(struct ws_event *ev)
{
	return anon_inode_getfile("[ws-event]", &ws_event_fops, ev, O_RDWR);
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_file);

/**
 * ws_event_wait_kernel() - WS_IOC_WAIT on event files the caller holds
 * @files: from ws_event_file()
 * @count: 1..WS_WAIT_ONSTACK
 * @flags: WS_WAIT_ALL or 0
 * @timeout: as WS_IOC_WAIT's
 * @index: the result
 *
 * Return: 0, -ETIMEDOUT, -EINVAL or -ERESTARTSYS.
 */
int ws_event_wait_kernel(struct file **files, unsigned int count, u32 flags,
			 u64 timeout, u32 *index)
{
	struct ws_wait_args args = {
		.timeout = timeout, .count = count, .flags = flags,
	};
	struct ws_waiter w;
	int err;

	if (!count || count > WS_WAIT_ONSTACK || (flags & ~WS_WAIT_ALL))
		return -EINVAL;
	ws_waiter_init(&w, &args);
	memcpy(w.files, files, array_size(count, sizeof(*files)));
	w.count = count;
	err = ws_wait_files(NULL, &w, &args);
	*index = args.index;
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(ws_event_wait_kernel);
#endif

/* --- the device ---------------------------------------------------------- */

static int ws_dev_open(struct inode *inode, struct file *file)
{
	struct ws_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL_ACCOUNT);

	if (!dev)
		return -ENOMEM;
	spin_lock_init(&dev->lock);
	hash_init(dev->threads);
	file->private_data = dev;
	return nonseekable_open(inode, file);
}

static int ws_dev_release(struct inode *inode, struct file *file)
{
	struct ws_dev *dev = file->private_data;
	struct hlist_node *tmp;
	struct ws_thread *t;
	int bkt;

	/* No ioctl of this file runs any more: nobody waits or queues. */
	hash_for_each_safe(dev->threads, bkt, tmp, t, node) {
		hash_del(&t->node);
		ws_thread_free(t);
	}
	kfree(dev->wait_spare);
	kfree(dev);
	return 0;
}

/* WS_IOC_WAIT or WS_IOC_PORT_WAIT, counted in the caller's namespace. */
static int ws_counted_wait(struct ws_dev *dev, void __user *argp, bool port)
{
	enum ws_stat active = port ? WS_STAT_PORT_WAITS : WS_STAT_WAITS;
	struct ws_stats *stats = ws_stats_current();
	int err;

	ws_stat_inc(stats, active);
	ws_stat_inc(stats, port ? WS_STAT_PORT_WAITS_TOTAL : WS_STAT_WAITS_TOTAL);
	err = port ? ws_port_wait(dev, argp) : ws_wait(dev, argp);
	if (err == -ETIMEDOUT)
		ws_stat_inc(stats, port ? WS_STAT_PORT_WAITS_TIMEDOUT :
					  WS_STAT_WAITS_TIMEDOUT);
	ws_stat_dec(stats, active);
	return err;
}

static long ws_dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ws_dev *dev = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case WS_IOC_CREATE_EVENT:
		return ws_create_event(argp);
	case WS_IOC_WAIT:
		return ws_counted_wait(dev, argp, false);
	case WS_IOC_QUEUE_APC:
		return ws_queue_apc(dev, argp);
	case WS_IOC_DEQUEUE_APC:
		return ws_dequeue_apc(dev, argp);
	case WS_IOC_CREATE_MSGQ:
		return ws_msgq_create(argp);
	case WS_IOC_CREATE_PORT:
		return ws_port_create(argp);
	case WS_IOC_PORT_WAIT:
		return ws_counted_wait(dev, argp, true);
	case WS_IOC_PROTOCOLS:
		return ws_catalog_ioctl(argp);
	case WS_IOC_POLL:
		return ws_wsapoll(dev, file, argp);
	case WS_IOC_DUPLICATE:
		return ws_dup_duplicate(argp);
	case WS_IOC_CLAIM:
		return ws_dup_claim(argp);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ws_dev_fops = {
	.owner		= THIS_MODULE,
	.open		= ws_dev_open,
	.release	= ws_dev_release,
	.unlocked_ioctl	= ws_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

/*
 * No mode here: /dev/ws is root's (0600) until the system's policy says
 * otherwise (udev/60-ws.rules gives it to everybody, 0666). Nothing a user
 * can do through it reaches beyond that user's own objects and threads.
 */
static struct miscdevice ws_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ws",
	.fops	= &ws_dev_fops,
};

int ws_dev_init(void)
{
	int err;

	/* Its own cache: a server has one per socket, and 56 B rounds to 64. */
	ws_event_cachep = KMEM_CACHE(ws_event, SLAB_ACCOUNT);
	if (!ws_event_cachep)
		return -ENOMEM;
	err = misc_register(&ws_misc);
	if (err)
		kmem_cache_destroy(ws_event_cachep);
	return err;
}

void ws_dev_exit(void)
{
	misc_deregister(&ws_misc);
	kmem_cache_destroy(ws_event_cachep);
}

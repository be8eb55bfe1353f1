// SPDX-License-Identifier: GPL-2.0
/*
 * ws: WSADuplicateSocket, sockets shared between processes.
 *
 * WS_IOC_DUPLICATE (uapi/linux/ws.h) records a pending duplication: the
 * socket's file, the target process and a random token the giver passes to
 * the target. WS_IOC_CLAIM, called by the target with the token, installs a
 * descriptor of that file in the target and forgets the duplication. Both
 * descriptors are of one struct file, so every state of the socket is held
 * in common, each descriptor is closed on its own, and the socket is
 * released with the last reference, as the specification's "Shared
 * Sockets" has it.
 *
 * Who may claim: only a thread of the target process (its thread-group
 * struct pid, held, so a pid number reused by another process never
 * matches). The token only names the duplication among the target's: a
 * guessed or stolen token claims nothing for another process, and a claim
 * that finds nothing says ENOENT whether or not the token exists for
 * another process. The target must ask for the socket; being given one
 * costs it nothing (the giver is charged), so no permission over the
 * target is required, as none is to send a descriptor over a UNIX socket.
 *
 * Objects and lifetimes: a struct ws_dup holds a reference on the socket's
 * file (so the socket and the module stay while it is pending), on the
 * target's struct pid, and on the giving user, charged one WS_LIMIT_DUPS.
 * It is freed when claimed (the new descriptor took a reference of its
 * own), when its target process has died (ws_dup_reap(): on each
 * duplication, when a user reaches the limit, and from ws_dup_reap_work
 * about every second while any is pending), or at module exit.
 *
 * Locking: ws_dup_lock (a mutex; every path is process context) protects
 * the table, ws_dup_count and each entry's busy flag. An entry marked busy
 * belongs to the one call that marked it (a duplication copying its token
 * out, or a claim installing its descriptor): claims and the reaper skip
 * it, and only that call unlinks it or clears the mark. Files, pids and
 * users are put after the mutex is dropped. ws_dup_lock nests inside
 * nothing of ws's and no ws lock is taken under it (ws_user_charge takes
 * none; ws_users_lock is only taken by ws_user_get/put, called outside).
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "ws.h"

struct ws_dup {
	struct hlist_node	node;		/* in ws_dups, by token */
	struct file		*file;		/* the socket's, held */
	struct pid		*target;	/* the target's thread group, held */
	struct ws_user		*user;		/* the giver, charged */
	u32			token;
	bool			busy;		/* owned by one call, see above */
};

static DEFINE_MUTEX(ws_dup_lock);
static DEFINE_HASHTABLE(ws_dups, 8);
static unsigned int ws_dup_count;		/* entries, under ws_dup_lock */

static void ws_dup_reap_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(ws_dup_reap_work, ws_dup_reap_fn);

/* Every so often while duplications are pending, those of dead targets go. */
#define WS_DUP_REAP_DELAY	HZ

static void ws_dup_free(struct ws_dup *d)
{
	fput(d->file);
	put_pid(d->target);
	ws_user_uncharge(d->user, WS_LIMIT_DUPS, 1);
	ws_user_put(d->user);
	kfree(d);
}

/* Has every thread of the process @pid names exited (a zombie too)? */
static bool ws_dup_target_dead(struct pid *pid)
{
	struct task_struct *task;
	bool dead;

	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_TGID);
	/* The signal_struct goes with the task_struct, after a grace period. */
	dead = !task || !atomic_read(&task->signal->live);
	rcu_read_unlock();
	return dead;
}

/*
 * Can @pid be given a socket: a live process, not a kernel thread (which
 * never claims, so its duplications would stay until it stops)?
 */
static bool ws_dup_target_ok(struct pid *pid)
{
	struct task_struct *task;
	bool ok;

	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_TGID);
	ok = task && atomic_read(&task->signal->live) &&
	     !(task->flags & PF_KTHREAD);
	rcu_read_unlock();
	return ok;
}

static void ws_dup_unlink(struct ws_dup *d)
{
	lockdep_assert_held(&ws_dup_lock);
	hash_del(&d->node);
	ws_dup_count--;
}

/* Moves the entries of dead targets from the table to @dead. */
static void ws_dup_collect(struct hlist_head *dead)
{
	struct hlist_node *tmp;
	struct ws_dup *d;
	int bkt;

	lockdep_assert_held(&ws_dup_lock);
	hash_for_each_safe(ws_dups, bkt, tmp, d, node) {
		if (d->busy || !ws_dup_target_dead(d->target))
			continue;
		ws_dup_unlink(d);
		hlist_add_head(&d->node, dead);
	}
}

static void ws_dup_free_list(struct hlist_head *list)
{
	struct hlist_node *tmp;
	struct ws_dup *d;

	hlist_for_each_entry_safe(d, tmp, list, node) {
		hlist_del(&d->node);
		ws_dup_free(d);
	}
}

/* Frees the duplications whose target process has exited. */
static void ws_dup_reap(void)
{
	HLIST_HEAD(dead);

	mutex_lock(&ws_dup_lock);
	ws_dup_collect(&dead);
	mutex_unlock(&ws_dup_lock);
	ws_dup_free_list(&dead);
}

static void ws_dup_reap_fn(struct work_struct *work)
{
	bool more;

	ws_dup_reap();
	mutex_lock(&ws_dup_lock);
	more = ws_dup_count;
	mutex_unlock(&ws_dup_lock);
	if (more)
		schedule_delayed_work(&ws_dup_reap_work, WS_DUP_REAP_DELAY);
}

static struct ws_dup *ws_dup_find(u32 token)
{
	struct ws_dup *d;

	lockdep_assert_held(&ws_dup_lock);
	hash_for_each_possible(ws_dups, d, node, token)
		if (d->token == token)
			return d;
	return NULL;
}

/* A fresh entry for @file and @target, charged to the caller's user. */
static struct ws_dup *ws_dup_alloc(struct file *file, struct pid *target)
{
	struct ws_dup *d;
	int err;

	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d)
		return ERR_PTR(-ENOMEM);
	d->user = ws_user_get();
	if (!d->user) {
		kfree(d);
		return ERR_PTR(-ENOMEM);
	}
	err = ws_user_charge(d->user, WS_LIMIT_DUPS, 1);
	if (err) {
		/* Entries for targets that exited count no more. */
		ws_dup_reap();
		err = ws_user_charge(d->user, WS_LIMIT_DUPS, 1);
	}
	if (err) {
		ws_user_put(d->user);
		kfree(d);
		return ERR_PTR(err);
	}
	d->file = get_file(file);
	d->target = get_pid(target);
	return d;
}

/**
 * ws_dup_duplicate() - WS_IOC_DUPLICATE
 * @argp: the caller's struct ws_dup_args
 *
 * Context: process context.
 * Return: 0, or -errno (see uapi/linux/ws.h).
 */
int ws_dup_duplicate(void __user *argp)
{
	struct ws_dup_args args;
	struct pid *target;
	struct file *file;
	struct ws_dup *d;
	HLIST_HEAD(dead);
	int err = 0;
	u32 token;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.reserved)
		return -EINVAL;
	file = fget(args.fd);
	if (!file)
		return -EBADF;
	if (!ws_sock_of_file(file)) {
		fput(file);
		return -EINVAL;
	}
	/* A process id: the pid of a thread-group leader. */
	target = args.pid && args.pid <= INT_MAX ? find_get_pid(args.pid) : NULL;
	if (!target || !ws_dup_target_ok(target)) {
		put_pid(target);
		fput(file);
		return -ESRCH;
	}
	d = ws_dup_alloc(file, target);
	put_pid(target);
	fput(file);
	if (IS_ERR(d))
		return PTR_ERR(d);

	/* Busy until the token is out: nobody claims what nobody was told. */
	d->busy = true;
	mutex_lock(&ws_dup_lock);
	ws_dup_collect(&dead);
	do {
		token = get_random_u32();
	} while (!token || ws_dup_find(token));
	d->token = token;
	hash_add(ws_dups, &d->node, token);
	if (!ws_dup_count++)
		schedule_delayed_work(&ws_dup_reap_work, WS_DUP_REAP_DELAY);
	mutex_unlock(&ws_dup_lock);
	ws_dup_free_list(&dead);

	args.token = token;
	if (copy_to_user(argp, &args, sizeof(args)))
		err = -EFAULT;
	mutex_lock(&ws_dup_lock);
	if (err)
		ws_dup_unlink(d);
	else
		d->busy = false;
	mutex_unlock(&ws_dup_lock);
	if (err)
		ws_dup_free(d);
	return err;
}

/**
 * ws_dup_claim() - WS_IOC_CLAIM
 * @argp: the caller's struct ws_claim_args
 *
 * Context: process context.
 * Return: 0, or -errno (see uapi/linux/ws.h).
 */
int ws_dup_claim(void __user *argp)
{
	struct ws_claim_args __user *uargs = argp;
	struct ws_claim_args args;
	struct ws_dup *d;
	int fd;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if ((args.flags & ~O_CLOEXEC) || args.pad)
		return -EINVAL;
	if (!args.token)
		return -ENOENT;

	mutex_lock(&ws_dup_lock);
	d = ws_dup_find(args.token);
	if (d && (d->busy || d->target != task_tgid(current)))
		d = NULL;
	if (d)
		d->busy = true;
	mutex_unlock(&ws_dup_lock);
	if (!d)
		return -ENOENT;

	/* As SCM_RIGHTS installs a file: the LSMs' file_receive hook runs. */
	fd = ws_receive_fd(d->file, &uargs->fd, args.flags);
	mutex_lock(&ws_dup_lock);
	if (fd < 0)
		d->busy = false;	/* still pending */
	else
		ws_dup_unlink(d);
	mutex_unlock(&ws_dup_lock);
	if (fd < 0)
		return fd;
	ws_dup_free(d);
	return 0;
}

/*
 * Module exit: every pending duplication holds a ws socket, which holds the
 * module, so none is left by now; free any all the same.
 */
void ws_dup_exit(void)
{
	struct hlist_node *tmp;
	struct ws_dup *d;
	HLIST_HEAD(all);
	int bkt;

	cancel_delayed_work_sync(&ws_dup_reap_work);
	mutex_lock(&ws_dup_lock);
	hash_for_each_safe(ws_dups, bkt, tmp, d, node) {
		ws_dup_unlink(d);
		hlist_add_head(&d->node, &all);
	}
	mutex_unlock(&ws_dup_lock);
	WARN_ON_ONCE(!hlist_empty(&all));
	ws_dup_free_list(&all);
}

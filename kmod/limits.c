// SPDX-License-Identifier: GPL-2.0
/*
 * ws: per-user limits on the kernel objects a user can create.
 *
 * Every object a user creates through ws (event objects, message queues,
 * the messages queued in them, queued APCs, pending overlapped operations
 * and the pages of their buffers, pending socket duplications) is charged to the memory cgroup
 * of its creator (__GFP_ACCOUNT, or the creator's memcg made active for
 * allocations in softirq context), and also counted here per user, against
 * a limit that is a module parameter. A user is its effective uid; the
 * count follows the object, so an object passed to another process (an fd
 * over a UNIX socket) stays charged to the user who created it.
 *
 * Past its limit a creation fails with EDQUOT (a post of a message to a
 * full queue is dropped, as Windows drops a post to a full queue).
 *
 * Objects and lifetimes: a struct ws_user exists while any object of the
 * user exists or a caller holds it; each charged object holds a reference.
 * Locking: ws_users_lock (BH-safe: messages are charged from softirq
 * context) protects the table and the reference counts' last drop; the
 * counts themselves are atomic.
 */
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>

#include "ws.h"

struct ws_user {
	struct hlist_node	node;		/* under ws_users_lock */
	kuid_t			uid;
	refcount_t		ref;
	atomic_t		count[WS_LIMIT_COUNT];
};

static DEFINE_SPINLOCK(ws_users_lock);
static DEFINE_HASHTABLE(ws_users, 6);

static unsigned int ws_limit_max[WS_LIMIT_COUNT] = {
	[WS_LIMIT_EVENTS]	= 65536,
	[WS_LIMIT_MSGQS]	= 1024,
	[WS_LIMIT_APCS]		= 65536,
	[WS_LIMIT_MSGS]		= 100000,
	[WS_LIMIT_REQS]		= 65536,
	[WS_LIMIT_PAGES]	= 65536,	/* 256 MiB of 4 KiB pages */
	[WS_LIMIT_DUPS]		= 1024,
	[WS_LIMIT_SYNS]		= 4096,
};

module_param_named(max_events_per_user, ws_limit_max[WS_LIMIT_EVENTS], uint, 0644);
MODULE_PARM_DESC(max_events_per_user, "event objects one user may have (default 65536)");
module_param_named(max_msgqs_per_user, ws_limit_max[WS_LIMIT_MSGQS], uint, 0644);
MODULE_PARM_DESC(max_msgqs_per_user, "message queues one user may have (default 1024)");
module_param_named(max_apcs_per_user, ws_limit_max[WS_LIMIT_APCS], uint, 0644);
MODULE_PARM_DESC(max_apcs_per_user, "APCs one user may have queued (default 65536)");
module_param_named(max_msgs_per_user, ws_limit_max[WS_LIMIT_MSGS], uint, 0644);
MODULE_PARM_DESC(max_msgs_per_user, "messages one user's queues may hold (default 100000)");
module_param_named(max_reqs_per_user, ws_limit_max[WS_LIMIT_REQS], uint, 0644);
MODULE_PARM_DESC(max_reqs_per_user, "overlapped operations one user may have pending (default 65536)");
module_param_named(max_dups_per_user, ws_limit_max[WS_LIMIT_DUPS], uint, 0644);
MODULE_PARM_DESC(max_dups_per_user, "socket duplications one user may have pending (default 1024)");
module_param_named(max_syns_per_user, ws_limit_max[WS_LIMIT_SYNS], uint, 0644);
MODULE_PARM_DESC(max_syns_per_user, "SYNs one user's SO_CONDITIONAL_ACCEPT listeners may hold (default 4096)");

/* Kept in pages; set and shown in KiB. */
static int ws_param_set_kb(const char *val, const struct kernel_param *kp)
{
	unsigned int kb;
	int err = kstrtouint(val, 0, &kb);

	if (err)
		return err;
	WRITE_ONCE(*(unsigned int *)kp->arg, kb / (PAGE_SIZE / 1024));
	return 0;
}

static int ws_param_get_kb(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u\n",
			  READ_ONCE(*(unsigned int *)kp->arg) * (unsigned int)(PAGE_SIZE / 1024));
}

static const struct kernel_param_ops ws_param_kb_ops = {
	.set	= ws_param_set_kb,
	.get	= ws_param_get_kb,
};

module_param_cb(max_pinned_kb_per_user, &ws_param_kb_ops,
		&ws_limit_max[WS_LIMIT_PAGES], 0644);
MODULE_PARM_DESC(max_pinned_kb_per_user, "KiB of buffers one user's pending overlapped operations may hold (default 262144)");

static struct ws_user *ws_user_find(kuid_t uid)
{
	struct ws_user *u;

	lockdep_assert_held(&ws_users_lock);
	hash_for_each_possible(ws_users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/**
 * ws_user_get() - the calling user's counts, with a reference
 *
 * Context: process context, may sleep.
 * Return: the user, or NULL if out of memory.
 */
struct ws_user *ws_user_get(void)
{
	kuid_t uid = current_euid();
	struct ws_user *u, *fresh;

	spin_lock_bh(&ws_users_lock);
	u = ws_user_find(uid);
	if (u)
		refcount_inc(&u->ref);
	spin_unlock_bh(&ws_users_lock);
	if (u)
		return u;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	if (!fresh)
		return NULL;
	fresh->uid = uid;
	refcount_set(&fresh->ref, 1);

	spin_lock_bh(&ws_users_lock);
	u = ws_user_find(uid);
	if (u) {
		refcount_inc(&u->ref);
	} else {
		hash_add(ws_users, &fresh->node, __kuid_val(uid));
		u = fresh;
		fresh = NULL;
	}
	spin_unlock_bh(&ws_users_lock);
	kfree(fresh);
	return u;
}

/**
 * ws_user_hold() - take another reference on @u
 * @u: the user
 */
void ws_user_hold(struct ws_user *u)
{
	refcount_inc(&u->ref);
}

/**
 * ws_user_put() - drop a reference taken by ws_user_get() or ws_user_hold()
 * @u: the user, or NULL
 *
 * Context: any context.
 */
void ws_user_put(struct ws_user *u)
{
	unsigned long flags;

	if (!u || refcount_dec_not_one(&u->ref))
		return;
	/* The last reference may go in softirq context, or with BH off. */
	spin_lock_irqsave(&ws_users_lock, flags);
	if (!refcount_dec_and_test(&u->ref)) {
		spin_unlock_irqrestore(&ws_users_lock, flags);
		return;
	}
	hash_del(&u->node);
	spin_unlock_irqrestore(&ws_users_lock, flags);
	kfree(u);
}

/**
 * ws_user_charge() - count @n objects of @kind against @u's limit
 * @u: the user
 * @kind: what is created
 * @n: how many
 *
 * Context: any context.
 * Return: 0, or -EDQUOT if the user would exceed the limit.
 */
int ws_user_charge(struct ws_user *u, enum ws_limit kind, unsigned int n)
{
	unsigned int max = READ_ONCE(ws_limit_max[kind]);

	if ((unsigned int)atomic_add_return(n, &u->count[kind]) > max) {
		atomic_sub(n, &u->count[kind]);
		return -EDQUOT;
	}
	return 0;
}

/**
 * ws_user_uncharge() - the objects counted by ws_user_charge() are gone
 * @u: the user
 * @kind: what was created
 * @n: how many
 */
void ws_user_uncharge(struct ws_user *u, enum ws_limit kind, unsigned int n)
{
	atomic_sub(n, &u->count[kind]);
}

void ws_limits_exit(void)
{
	/* Every object holds its user: none is left once the module can go. */
	WARN_ON_ONCE(!hash_empty(ws_users));
}

// SPDX-License-Identifier: GPL-2.0
/*
 * ws: overlapped I/O carried out in the kernel: WSARecv, WSARecvFrom,
 * WSASend and WSASendTo with a WSAOVERLAPPED, their completion through an
 * event object or a completion routine, cancellation, and the completion of
 * operations the caller finished itself (WSAIoctl).
 *
 * Objects and lifetimes
 * ---------------------
 * An operation (struct ws_req) belongs to one socket, whose queues are in its
 * struct ws_ovs (ws->ovs), allocated by the first operation submitted on it
 * and freed by ws_ov_release(): most sockets never have one, and the
 * callbacks read ws->ovs locklessly. WS_IOC_SUBMIT creates the operation
 * in the submitter's context and first tries to carry it out at once,
 * through the socket layer (so the security modules check it as the
 * caller's recvmsg or sendmsg). What cannot be done at once is queued on
 * the socket, receives on rx_reqs and sends on tx_reqs, in submission
 * order, with everything its completion needs taken in advance: the pages
 * of its buffers and of its result fields (pinned), a reference on its
 * event object, its APC slot (event.c), the submitter's credentials. It is
 * completed
 *  - for a plain TCP receive, straight from the sock's sk_data_ready (the
 *    data is copied from the receive queue into the pinned pages with
 *    tcp_read_sock, as kTLS and sockmap read from their callbacks);
 *  - otherwise by the socket's worker, ovs->work, in process context with the
 *    submitter's credentials (UDP receives, receives with flags, sends).
 * Completion stores the result in the pinned pages and signals or queues
 * the notification; the operation then waits on ovs->dead until something
 * running in process context (the next submission, the worker, release)
 * unpins its pages, which may sleep. Release completes whatever is still
 * pending and waits for the worker, so no operation outlives its socket.
 *
 * AcceptEx belongs to the listening socket: its operations wait on
 * acc_reqs for a connection, which the listener's worker accepts into a
 * new ws socket (a file not yet installed in any process), then, with a
 * receive part, on acc_recv for the first data, woken through an entry on
 * the new socket's wait queue; the operation holds that file. The accept
 * socket is only linked to the operation (ws->acc_req, req->acc_ws, both
 * under the global ws_acc_lock): closing it unlinks and lets the
 * listener's worker cancel the operation; success moves the file to the
 * accept socket (ws->acc_file), from which WS_IOC_ACCEPT_TAKE installs it.
 * The socket layer's accept and connect hooks of the security modules are
 * not exported, so AcceptEx and ConnectEx are armed by an accept(2) or
 * connect(2) of the submitting thread, which runs those hooks (see
 * ws_ov_accept_probe() and ws_ov_connect_probe()). A ConnectEx waits on
 * conn_reqs for the connection, then sends its data as a send on tx_reqs.
 *
 * Locks
 * -----
 * ovs->lock (BH-safe) protects the queues, dead, count, pages, closing,
 * acc_armed and each queued operation's busy and cancel flags. A TCP
 * receive is filled with the sock locked (the softirq's bh_lock_sock, or
 * lock_sock in process context, as tcp_read_sock wants) and ovs->lock held
 * inside that. The worker marks the operation at the head busy, drops
 * ovs->lock and calls the socket layer, which takes the socket lock itself;
 * nothing else completes a busy operation. Completion sets the event
 * (event.c) and queues the APC (dev->lock) with ovs->lock held or not; both
 * nest inside it. ws_acc_lock (process context only) nests outside the
 * listener's ovs->lock, and outside the accept socket's port_lock (port.c):
 *   ws_acc_lock -> sk lock -> ovs->lock -> event and APC locks.
 */
#include <linux/bvec.h>
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/highmem.h>
#include <linux/hrtimer.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/workqueue.h>
#include <net/inet_ecn.h>
#include <net/tcp.h>
#include <net/udp.h>

#include "ws.h"
#include "ws_trace.h"

unsigned int ws_max_reqs_per_socket = 4096;
EXPORT_SYMBOL_IF_KUNIT(ws_max_reqs_per_socket);
module_param_named(max_reqs_per_socket, ws_max_reqs_per_socket, uint, 0644);
MODULE_PARM_DESC(max_reqs_per_socket, "overlapped operations pending on one socket (default 4096)");

unsigned int ws_max_pinned_kb_per_socket = 16384;
EXPORT_SYMBOL_IF_KUNIT(ws_max_pinned_kb_per_socket);
module_param_named(max_pinned_kb_per_socket, ws_max_pinned_kb_per_socket, uint, 0644);
MODULE_PARM_DESC(max_pinned_kb_per_socket, "KiB of buffers one socket's pending overlapped operations may hold (default 16384)");

/* Winsock MSG_* flags an operation takes. */
#define WS_MSG_WAITALL		0x8
#define WS_RECV_OV_FLAGS	(MSG_PEEK | MSG_OOB | WS_MSG_WAITALL)
#define WS_SEND_OV_FLAGS	(MSG_OOB | MSG_DONTROUTE)
/* Winsock's AF_INET6, for the addresses the caller reads itself. */
#define WS_SIN6_FAMILY		WS_AF_INET6

static struct kmem_cache *ws_req_cachep __ro_after_init;
static struct workqueue_struct *ws_ov_wq __ro_after_init;

/* Links between AcceptEx operations and their accept sockets. */
static DEFINE_SPINLOCK(ws_acc_lock);

/* TransmitFile reads the file in chunks of this size. */
#define WS_TF_CHUNK	(64 * 1024)

/* An AcceptEx address area: a __u32 length, then the address. */
#define WS_ACC_AREA_MAX	(sizeof(u32) + sizeof(struct sockaddr_in6))

/* Pages of an operation's buffers held without an allocation. */
#define WS_REQ_INLINE_PAGES	2

/* Where an operation is (req->state). */
enum {
	WS_RQ_QUEUED,		/* on its list, carried out when it can be */
	WS_RQ_REGISTERED,	/* AcceptEx, ConnectEx: not armed yet */
	WS_RQ_CONNECTING,	/* ConnectEx: the connection is being made */
	WS_RQ_RECEIVING,	/* AcceptEx: accepted, waiting for data */
};

/* A pinned span of the caller's memory, at most a page long. */
struct ws_upin {
	struct page	*pages[2];
	u16		nr;
	u16		off;
	u16		len;
};

struct ws_req {
	struct list_head	node;		/* on rx_reqs, tx_reqs or ov_dead */
	refcount_t		ref;		/* the socket's; its packet's */
	struct ws_packet	pkt;		/* its completion packet (port.c) */
	struct ws_sock		*ws;
	u8			op;
	u8			ptr_size;	/* the caller's: 8, or 4 (compat) */
	bool			fast;		/* a plain TCP receive */
	bool			busy;		/* the worker carries it out */
	bool			cancel;		/* cancelled while busy */
	bool			counted;	/* in its socket's ovs->count, pages */
	u8			state;		/* WS_RQ_* */
	u32			ioflags;	/* WS_IO_* */
	u32			cancel_status;	/* then completed with this */
	u32			flags;		/* Winsock MSG_* */
	u32			out_flags;
	u32			tag;
	u64			ov;		/* the caller's WSAOVERLAPPED */
	u64			routine;
	struct pid		*pid;		/* the submitter, for CancelIo */
	const struct cred	*cred;
	struct ws_event		*event;
	struct ws_apc_slot	apc;
	struct ws_user		*user;
	struct ws_upin		ov_pin;		/* Internal, InternalHigh */
	struct ws_upin		addr_pin;	/* the source of a receive */
	struct ws_upin		alen_pin;	/* its length */
	struct ws_ctl		*ctl;		/* WSARecvMsg's control data */
	void			*sctl;		/* WSASendMsg's, Linux's layout */
	unsigned int		sctl_len;
	union ws_addr		addr;		/* SEND: to; RECV: from */
	int			addrlen;
	struct bio_vec		*bvec;		/* bvec_inline, or allocated */
	struct bio_vec		bvec_inline[WS_REQ_INLINE_PAGES];
	unsigned int		nr_pages;	/* of bvec, pinned */
	unsigned int		charged;	/* pages counted against the limits */
	struct iov_iter		iter;		/* over bvec, from done on */
	size_t			len;
	size_t			done;

	/* AcceptEx */
	struct ws_sock		*acc_ws;	/* the accept socket; ws_acc_lock */
	struct file		*acc_file;	/* the connection, from accepted on */
	struct wait_queue_entry	acc_wait;	/* on its wait queue while receiving */
	bool			acc_queued;	/* acc_wait is queued */
	bool			acc_ready;	/* woken since last tried */
	u32			acc_llen;	/* the address areas' lengths */
	u32			acc_rlen;
	struct ws_upin		local_pin;
	struct ws_upin		remote_pin;
	struct mem_cgroup	*memcg;		/* the submitter's */

	/* TransmitFile: head (tf_head bytes of iter), file, tail (the rest) */
	struct file		*tf_file;
	loff_t			tf_pos;		/* where the next read starts */
	u64			tf_left;	/* file bytes still to read */
	size_t			tf_head;	/* head bytes still to send */
	void			*tf_buf;	/* a chunk of the file */
	unsigned int		tf_len;		/* its length */
	unsigned int		tf_off;		/* how much of it went */
	u32			tf_flags;	/* WS_TF_* */
};

/*
 * WSARecvMsg's control data: the sock's cmsgs (Linux's layout and
 * numbers), converted into the caller's (Windows') as the receive ends.
 */
#define WS_CTL_MAX	256

struct ws_ctl {
	u8		lin[WS_CTL_MAX];	/* what the sock wrote */
	u8		win[WS_CTL_MAX];	/* the caller's form */
	unsigned int	room;		/* of the caller's buffer, <= WS_CTL_MAX */
	unsigned int	win_len;
	u32		wflags;		/* WSAMSG.dwFlags out */
	struct ws_upin	buf_pin;	/* the caller's Control.buf */
	struct ws_upin	len_pin;	/* its Control.len */
	struct ws_upin	flags_pin;	/* its dwFlags */
};

/* The result of an operation. */
struct ws_res {
	u32	status;		/* NTSTATUS */
	u64	bytes;
	u32	flags;		/* Winsock MSG_* out */
	int	addrlen;	/* of req->addr for a receive, 0: none */
};

/* --- status -------------------------------------------------------------- */

/* The NTSTATUS Windows reports for an operation that failed with @err. */
static u32 ws_errno_status(int err)
{
	switch (-err) {
	case 0:			return WS_STATUS_SUCCESS;
	case EMSGSIZE:		return WS_STATUS_BUFFER_OVERFLOW;
	case ECANCELED:
	case EINTR:		/* closesocket cancelled it */
				return WS_STATUS_CANCELLED;
	case ECONNRESET:
	case EPIPE:		return WS_STATUS_CONNECTION_RESET;
	case ECONNABORTED:	return WS_STATUS_CONNECTION_ABORTED;
	case ECONNREFUSED:	return WS_STATUS_CONNECTION_REFUSED;
	case ENETUNREACH:	return WS_STATUS_NETWORK_UNREACHABLE;
	case EHOSTUNREACH:	return WS_STATUS_HOST_UNREACHABLE;
	case EHOSTDOWN:		return WS_STATUS_HOST_DOWN;
	case ETIMEDOUT:		return WS_STATUS_IO_TIMEOUT;
	case ESHUTDOWN:		return WS_STATUS_PIPE_DISCONNECTED;
	case ENOTCONN:		return WS_STATUS_INVALID_CONNECTION;
	case EOPNOTSUPP:	return WS_STATUS_NOT_SUPPORTED;
	case EINVAL:		return WS_STATUS_INVALID_PARAMETER;
	case EADDRINUSE:	return WS_STATUS_ADDRESS_ALREADY_EXISTS;
	case ENOMEM:		return WS_STATUS_NO_MEMORY;
	case ENOBUFS:		return WS_STATUS_INSUFFICIENT_RESOURCES;
	default:		return WS_STATUS_UNSUCCESSFUL;
	}
}

/* --- pinned spans -------------------------------------------------------- */

/* Pin @len (<= PAGE_SIZE) writable bytes at @uaddr; 0 or -EFAULT. */
static int ws_upin(struct ws_upin *p, u64 uaddr, unsigned int len)
{
	unsigned long start = uaddr & PAGE_MASK;
	int nr, got;

	p->nr = 0;
	p->len = len;
	if (!len)
		return 0;
	p->off = offset_in_page(uaddr);
	nr = p->off + len > PAGE_SIZE ? 2 : 1;
	got = pin_user_pages_fast(start, nr, FOLL_WRITE, p->pages);
	if (got != nr) {
		if (got > 0)
			unpin_user_pages(p->pages, got);
		return -EFAULT;
	}
	p->nr = nr;
	return 0;
}

/* Write @n bytes at @at of the span. Any context. */
static void ws_upin_write(struct ws_upin *p, unsigned int at, const void *src,
			  unsigned int n)
{
	unsigned int off = p->off + at, i = 0;

	if (at + n > p->len)
		return;
	while (n) {
		unsigned int chunk;
		char *va;

		if (off >= PAGE_SIZE) {
			off -= PAGE_SIZE;
			i++;
		}
		chunk = min_t(unsigned int, n, PAGE_SIZE - off);
		va = kmap_local_page(p->pages[i]);
		memcpy(va + off, src, chunk);
		kunmap_local(va);
		src += chunk;
		off += chunk;
		n -= chunk;
	}
}

/* Process context: the pages were written, so they are dirtied. */
static void ws_unpin(struct ws_upin *p)
{
	if (p->nr)
		unpin_user_pages_dirty_lock(p->pages, p->nr, true);
	p->nr = 0;
}

/* --- building operations -------------------------------------------------- */

/* The caller's WSABUF array, as iovecs; 0 or -errno. */
static int ws_get_iov(const struct ws_io *io, struct iovec *iov,
		      size_t *total)
{
	const void __user *ubufs = u64_to_user_ptr(io->bufs);
	unsigned int i;
	size_t sum = 0;

	for (i = 0; i < io->nbufs; i++) {
		u32 len;
		u64 base;

		if (in_compat_syscall()) {
			struct { u32 len; u32 buf; } b;

			if (copy_from_user(&b, ubufs + i * sizeof(b), sizeof(b)))
				return -EFAULT;
			len = b.len;
			base = b.buf;
		} else {
			struct ws_iovec b;

			if (copy_from_user(&b, ubufs + i * sizeof(b), sizeof(b)))
				return -EFAULT;
			len = b.len;
			base = b.buf;
		}
		iov[i].iov_base = u64_to_user_ptr(base);
		iov[i].iov_len = len;
		sum += len;
		if (sum > MAX_RW_COUNT)
			return -EINVAL;
	}
	*total = sum;
	return 0;
}

static struct ws_req *ws_req_alloc(struct ws_sock *ws, const struct ws_io *io)
{
	struct ws_req *req = kmem_cache_zalloc(ws_req_cachep, GFP_KERNEL);

	if (!req)
		return NULL;
	INIT_LIST_HEAD(&req->node);
	refcount_set(&req->ref, 1);
	req->ws = ws;
	req->op = io->op;
	req->ioflags = io->ioflags;
	req->flags = io->flags;
	req->tag = io->tag;
	req->ov = io->ov;
	req->routine = io->routine;
	req->ptr_size = in_compat_syscall() ? 4 : 8;
	return req;
}

/* Take the completion's event and APC; process context. */
static int ws_req_notify_prepare(struct ws_req *req, const struct ws_io *io)
{
	int err;

	if (io->routine) {
		err = ws_apc_reserve(io->dev_fd, &req->apc);
		if (err)
			return err;
	} else if (io->event_fd >= 0) {
		req->event = ws_event_fget(io->event_fd);
		if (!req->event)
			return -EBADF;
		/* As NtDeviceIoControlFile does, the event starts unsignalled. */
		ws_event_reset(req->event);
	}
	return 0;
}

/*
 * The last of the operation: its packet was dequeued (or never queued) and
 * the socket is done with it. Any context.
 */
static void ws_req_put(struct ws_req *req)
{
	if (!refcount_dec_and_test(&req->ref))
		return;
	if (req->user) {
		ws_user_uncharge(req->user, WS_LIMIT_REQS, 1);
		ws_user_put(req->user);
	}
	kmem_cache_free(ws_req_cachep, req);
}

static void ws_req_pkt_free(struct ws_packet *pkt)
{
	ws_req_put(container_of(pkt, struct ws_req, pkt));
}

/* Does the operation write into its buffers? */
static bool ws_req_writes(const struct ws_req *req)
{
	return req->op == WS_OP_RECV || req->op == WS_OP_ACCEPT;
}

/*
 * An AcceptEx lets go of its accept socket and, if it waits for data, of
 * the accepted socket's wait queue; the connection, if it still holds one,
 * is returned. Process context.
 */
static struct file *ws_req_acc_detach(struct ws_req *req)
{
	struct file *file = req->acc_file;

	if (req->acc_queued) {
		remove_wait_queue(&sock_from_file(file)->wq.wait, &req->acc_wait);
		req->acc_queued = false;
	}
	req->acc_file = NULL;
	spin_lock(&ws_acc_lock);
	if (req->acc_ws) {
		req->acc_ws->acc_req = NULL;
		req->acc_ws = NULL;
	}
	spin_unlock(&ws_acc_lock);
	return file;
}

/* Free what the operation holds; process context. */
static void ws_req_free(struct ws_req *req)
{
	struct ws_sock *ws = req->ws;
	unsigned int i;

	if (req->op == WS_OP_ACCEPT) {
		struct file *file = ws_req_acc_detach(req);

		if (file)
			fput(file);
	}
	for (i = 0; i < req->nr_pages; i++)
		unpin_user_pages_dirty_lock(&req->bvec[i].bv_page, 1,
					    ws_req_writes(req));
	if (req->bvec != req->bvec_inline)
		kvfree(req->bvec);
	ws_unpin(&req->ov_pin);
	ws_unpin(&req->addr_pin);
	ws_unpin(&req->alen_pin);
	ws_unpin(&req->local_pin);
	ws_unpin(&req->remote_pin);
	if (req->ctl) {
		ws_unpin(&req->ctl->buf_pin);
		ws_unpin(&req->ctl->len_pin);
		ws_unpin(&req->ctl->flags_pin);
		kfree(req->ctl);
	}
	kfree(req->sctl);
	if (req->tf_file)
		fput(req->tf_file);
	kvfree(req->tf_buf);
	if (req->memcg)
		mem_cgroup_put(req->memcg);
	if (req->apc.apc)
		ws_apc_release(&req->apc);
	ws_event_put(req->event);
	put_pid(req->pid);
	if (req->cred)
		put_cred(req->cred);
	if (req->counted) {
		ws_user_uncharge(req->user, WS_LIMIT_PAGES, req->charged);
		spin_lock_bh(&ws->ovs->lock);
		ws->ovs->count--;
		ws->ovs->pages -= req->charged;
		spin_unlock_bh(&ws->ovs->lock);
	}
	/* A packet of it queued on a port keeps the rest until dequeued. */
	ws_req_put(req);
}

/* How soon the resources of completed operations are freed at the latest. */
#define WS_OV_REAP_DELAY	msecs_to_jiffies(20)

/* Free the completed operations waiting for process context. */
static void ws_ov_reap(struct ws_sock *ws)
{
	struct ws_req *req, *next;
	LIST_HEAD(dead);

	might_sleep();
	spin_lock_bh(&ws->ovs->lock);
	list_splice_init(&ws->ovs->dead, &dead);
	spin_unlock_bh(&ws->ovs->lock);
	list_for_each_entry_safe(req, next, &dead, node)
		ws_req_free(req);
}

/*
 * Count a pending operation holding @pages pages against the socket's and
 * the user's limits; 0, -EWOULDBLOCK or -EDQUOT.
 */
/*
 * Count the operation against its user's operations (it stays counted
 * until its packet, if any, is dequeued: ws_req_put()); 0 or -errno.
 */
static int ws_req_charge_user(struct ws_req *req)
{
	int err;

	if (req->user)
		return 0;
	req->user = ws_user_get();
	if (!req->user)
		return -ENOMEM;
	err = ws_user_charge(req->user, WS_LIMIT_REQS, 1);
	if (err) {
		ws_user_put(req->user);
		req->user = NULL;
	}
	return err;
}

static int ws_req_charge(struct ws_req *req, unsigned int pages)
{
	struct ws_sock *ws = req->ws;
	unsigned int max_pages = READ_ONCE(ws_max_pinned_kb_per_socket) /
				 (PAGE_SIZE / 1024);
	bool had_user = req->user;
	int err;

	err = ws_req_charge_user(req);
	if (err)
		return err;
	err = ws_user_charge(req->user, WS_LIMIT_PAGES, pages);
	if (err)
		goto err_reqs;

	spin_lock_bh(&ws->ovs->lock);
	if (ws->ovs->closing) {
		err = -ECONNABORTED;
	} else if (ws->ovs->count >= READ_ONCE(ws_max_reqs_per_socket) ||
		   ws->ovs->pages + pages > max_pages) {
		err = -EWOULDBLOCK;
	} else {
		ws->ovs->count++;
		ws->ovs->pages += pages;
		req->charged = pages;
		req->counted = true;
	}
	spin_unlock_bh(&ws->ovs->lock);
	if (!err)
		return 0;
	ws_user_uncharge(req->user, WS_LIMIT_PAGES, pages);
err_reqs:
	if (!had_user) {
		ws_user_uncharge(req->user, WS_LIMIT_REQS, 1);
		ws_user_put(req->user);
		req->user = NULL;
	}
	return err;
}

/*
 * Pin the buffers of @iov from byte @skip on, for a receive (written) or a
 * send, and aim req->iter at them; the socket's and user's limits apply.
 */
static int ws_req_pin_data(struct ws_req *req, const struct iovec *iov,
			   unsigned int nr_segs, size_t skip, size_t count)
{
	struct page *stack_pages[WS_REQ_INLINE_PAGES], **pages = stack_pages;
	bool write = ws_req_writes(req);
	unsigned int i, nr = 0, k = 0;
	int err;

	/* How many pages, for the limits. */
	for (i = 0, err = 0; i < nr_segs; i++) {
		unsigned long base = (unsigned long)iov[i].iov_base;
		size_t len = iov[i].iov_len;

		if (skip >= len) {
			skip -= len;
			continue;
		}
		base += skip;
		len -= skip;
		skip = 0;
		nr += DIV_ROUND_UP(offset_in_page(base) + len, PAGE_SIZE);
	}
	/* TransmitFile's chunk buffer counts as pages held. */
	err = ws_req_charge(req, nr + (req->tf_file ? WS_TF_CHUNK / PAGE_SIZE : 0));
	if (err)
		return err;

	if (nr <= WS_REQ_INLINE_PAGES) {
		req->bvec = req->bvec_inline;
	} else {
		req->bvec = kvmalloc_array(nr, sizeof(*req->bvec),
					   GFP_KERNEL_ACCOUNT);
		pages = kvmalloc_array(nr, sizeof(*pages), GFP_KERNEL);
		if (!req->bvec || !pages) {
			kvfree(pages);
			return -ENOMEM;
		}
	}

	skip = req->done;
	for (i = 0; i < nr_segs; i++) {
		unsigned long base = (unsigned long)iov[i].iov_base;
		size_t len = iov[i].iov_len;
		unsigned int n, j, off;
		int got;

		if (skip >= len) {
			skip -= len;
			continue;
		}
		base += skip;
		len -= skip;
		skip = 0;
		off = offset_in_page(base);
		n = DIV_ROUND_UP(off + len, PAGE_SIZE);
		got = pin_user_pages_fast(base & PAGE_MASK, n,
					  write ? FOLL_WRITE : 0, pages);
		if (got != n) {
			if (got > 0)
				unpin_user_pages(pages, got);
			if (pages != stack_pages)
				kvfree(pages);
			return -EFAULT;
		}
		for (j = 0; j < n; j++) {
			unsigned int chunk = min_t(size_t, len, PAGE_SIZE - off);

			bvec_set_page(&req->bvec[k++], pages[j], chunk, off);
			req->nr_pages = k;
			len -= chunk;
			off = 0;
		}
	}
	if (pages != stack_pages)
		kvfree(pages);
	iov_iter_bvec(&req->iter, write ? ITER_DEST : ITER_SOURCE, req->bvec,
		      k, count);
	return 0;
}

/* Pin the result fields a completion in softirq context writes. */
static int ws_req_pin_results(struct ws_req *req, const struct ws_io *io)
{
	int err;

	err = ws_upin(&req->ov_pin, req->ov, 2 * req->ptr_size);
	if (!err && io->addr && req->op == WS_OP_RECV && io->addrlen)
		err = ws_upin(&req->addr_pin, io->addr,
			      min_t(u32, io->addrlen, sizeof(struct sockaddr_in6)));
	if (!err && io->addrlen_out)
		err = ws_upin(&req->alen_pin, io->addrlen_out, sizeof(int));
	if (!err && req->ctl) {
		if (req->ctl->room)
			err = ws_upin(&req->ctl->buf_pin, io->ctx[0], req->ctl->room);
		if (!err)
			err = ws_upin(&req->ctl->len_pin, io->ctx[2], sizeof(u32));
		if (!err && io->ctx[3])
			err = ws_upin(&req->ctl->flags_pin, io->ctx[3], sizeof(u32));
	}
	return err;
}

/* --- control data (WSARecvMsg) ------------------------------------------- */

#define WS_MSG_TRUNC	0x0100	/* Winsock's values */
#define WS_MSG_CTRUNC	0x0200

/* One of Windows' control messages: level, type, data and its length. */
struct ws_wcmsg {
	int	level;
	int	type;
	int	len;
	u8	data[20];
};

static void ws_wcmsg_set(struct ws_wcmsg *w, int level, int type,
			 const void *data, int len)
{
	w->level = level;
	w->type = type;
	w->len = len;
	memcpy(w->data, data, len);
}

/*
 * Windows' control messages from the sock's cmsg @c, into @w (at most 3),
 * as the options in @rx (ws_sock.rxopts) asked: IP_PKTINFO gives IN_PKTINFO
 * (the destination address, then the interface), IP_RECVDSTADDR's IN_ADDR
 * and IP_RECVIF's interface index; IP_TOS the TOS byte and IP_ECN its ECN
 * bits; the same for IPv6 (IN6_PKTINFO has Linux's layout). Return: how
 * many.
 */
static int ws_cmsg_to_win(const struct cmsghdr *c, u16 rx,
			  struct ws_wcmsg *w)
{
	const u8 *d = CMSG_DATA(c);
	int n = 0, v;
	u32 ifindex;

	if (c->cmsg_level == SOL_IP) {
		const struct in_pktinfo *pi = (const void *)d;
		u8 pkt[8];

		switch (c->cmsg_type) {
		case IP_PKTINFO:
			ifindex = pi->ipi_ifindex;
			memcpy(pkt, &pi->ipi_addr, 4);
			memcpy(pkt + 4, &ifindex, 4);
			if (rx & WS_RX_PKTINFO)
				ws_wcmsg_set(&w[n++], 0, 19, pkt, 8);
			if (rx & WS_RX_IF)
				ws_wcmsg_set(&w[n++], 0, 24, &ifindex, 4);
			if (rx & WS_RX_DSTADDR)
				ws_wcmsg_set(&w[n++], 0, 25, &pi->ipi_addr, 4);
			return n;
		case IP_TTL:
			ws_wcmsg_set(&w[n++], 0, 4, d, 4);
			return n;
		case IP_TOS:
			/* Linux's is a byte. */
			v = *d;
			if (rx & WS_RX_TOS)
				ws_wcmsg_set(&w[n++], 0, 3, &v, 4);
			v &= INET_ECN_MASK;
			if (rx & WS_RX_ECN)
				ws_wcmsg_set(&w[n++], 0, 50, &v, 4);
			return n;
		}
	} else if (c->cmsg_level == SOL_IPV6) {
		const struct in6_pktinfo *pi = (const void *)d;

		switch (c->cmsg_type) {
		case IPV6_PKTINFO:
			ifindex = pi->ipi6_ifindex;
			if (rx & WS_RX6_PKTINFO)
				ws_wcmsg_set(&w[n++], 41, 19, d, 20);
			if (rx & WS_RX6_IF)
				ws_wcmsg_set(&w[n++], 41, 24, &ifindex, 4);
			if (rx & WS_RX6_DSTADDR)
				ws_wcmsg_set(&w[n++], 41, 25, &pi->ipi6_addr, 16);
			return n;
		case IPV6_HOPLIMIT:
			ws_wcmsg_set(&w[n++], 41, 21, d, 4);
			return n;
		case IPV6_TCLASS:
			memcpy(&v, d, 4);
			if (rx & WS_RX6_TCLASS)
				ws_wcmsg_set(&w[n++], 41, 39, &v, 4);
			v &= INET_ECN_MASK;
			if (rx & WS_RX6_ECN)
				ws_wcmsg_set(&w[n++], 41, 50, &v, 4);
			return n;
		}
	}
	return 0;
}

/*
 * Convert what the sock wrote into @msg's kernel control buffer into the
 * caller's layout (WSACMSGHDR: a SIZE_T length, level, type; data and
 * next header aligned to the pointer size), as much as its buffer holds.
 */
static void ws_ctl_convert(struct ws_sock *ws, struct ws_req *req,
			   const struct msghdr *msg)
{
	struct ws_ctl *ctl = req->ctl;
	size_t align = req->ptr_size, hdr = req->ptr_size + 8;
	u16 rx = READ_ONCE(ws->rxopts);
	struct ws_wcmsg w[3];
	struct msghdr lm = { };
	struct cmsghdr *c;
	unsigned int at = 0;
	int i, n;

	ctl->win_len = 0;
	ctl->wflags = msg->msg_flags & MSG_CTRUNC ? WS_MSG_CTRUNC : 0;
	lm.msg_control = ctl->lin;
	lm.msg_controllen = WS_CTL_MAX - msg->msg_controllen;
	for_each_cmsghdr(c, &lm) {
		n = ws_cmsg_to_win(c, rx, w);
		for (i = 0; i < n; i++) {
			size_t len, space;
			u64 l64;
			u32 l32;

			len = ALIGN(hdr, align) + w[i].len;
			space = ALIGN(len, align);
			if (at + len > ctl->room) {
				ctl->wflags |= WS_MSG_CTRUNC;
				goto out;
			}
			memset(ctl->win + at, 0,
			       min_t(size_t, space, ctl->room - at));
			if (req->ptr_size == 4) {
				l32 = len;
				memcpy(ctl->win + at, &l32, 4);
			} else {
				l64 = len;
				memcpy(ctl->win + at, &l64, 8);
			}
			memcpy(ctl->win + at + req->ptr_size, &w[i].level, 4);
			memcpy(ctl->win + at + req->ptr_size + 4, &w[i].type, 4);
			memcpy(ctl->win + at + ALIGN(hdr, align), w[i].data,
			       w[i].len);
			at += min_t(size_t, space, ctl->room - at);
		}
	}
out:
	ctl->win_len = at;
}

/* Send with WSASendMsg's control data, captured at submission. */
static void ws_sctl_prepare(struct ws_req *req, struct msghdr *msg)
{
	if (!req->sctl)
		return;
	msg->msg_control = req->sctl;
	msg->msg_controllen = req->sctl_len;
	msg->msg_control_is_user = false;
}

/* Receive into the kernel control buffer, if the caller wants control data. */
static void ws_ctl_prepare(struct ws_req *req, struct msghdr *msg)
{
	if (!req->ctl)
		return;
	msg->msg_control = req->ctl->lin;
	msg->msg_controllen = WS_CTL_MAX;
	msg->msg_control_is_user = false;
}

/* --- completion ----------------------------------------------------------- */

/* A received address as the caller reads it: Winsock's AF_INET6 (23). */
static int ws_addr_out(const struct ws_req *req, const struct ws_res *res,
		       union ws_addr *out)
{
	*out = req->addr;
	if (out->sa.sa_family == AF_INET6)
		out->sa.sa_family = WS_SIN6_FAMILY;
	return res->addrlen;
}

/*
 * Will the operation's completion queue a packet on the socket's port?
 * Not with a completion routine (its APC is the notification), nor with
 * hEvent's low bit, nor, with WS_SKIP_PORT_ON_SUCCESS, for a success the
 * call itself reports (@now).
 */
static struct ws_port *ws_req_port(const struct ws_req *req, u32 status,
				   bool now)
{
	/* Pairs with ws_port_associate(): the key before the port. */
	struct ws_port *port = smp_load_acquire(&req->ws->port);

	if (!port || req->routine || (req->ioflags & WS_IO_NO_PORT))
		return NULL;
	if (now && !(status & 0x80000000u) &&
	    !(req->ioflags & WS_IO_REPORTED_PENDING) &&
	    (READ_ONCE(req->ws->notify_modes) & WS_SKIP_PORT_ON_SUCCESS))
		return NULL;
	return port;
}

/* Queue the completion packet; its user counts it until it is dequeued. */
static void ws_req_post(struct ws_req *req, struct ws_port *port,
			const struct ws_res *res)
{
	req->pkt.key = READ_ONCE(req->ws->port_key);
	req->pkt.ov = req->ov;
	req->pkt.bytes = res->bytes;
	req->pkt.status = res->status;
	req->pkt.free = ws_req_pkt_free;
	refcount_inc(&req->ref);
	ws_port_post(port, &req->pkt);
}

/*
 * Store the result in the pinned pages and notify; any context. The
 * status is written last, so whoever sees it sees the rest.
 */
static void ws_req_complete_pinned(struct ws_req *req, const struct ws_res *res)
{
	struct ws_apc_args apc = { };
	struct ws_port *port;
	union ws_addr a;
	u64 bytes = res->bytes, status = res->status;
	int alen;

	if (res->addrlen && req->addr_pin.nr) {
		alen = ws_addr_out(req, res, &a);
		ws_upin_write(&req->addr_pin, 0, &a,
			      min_t(int, alen, req->addr_pin.len));
		if (req->alen_pin.nr)
			ws_upin_write(&req->alen_pin, 0, &alen, sizeof(int));
	}
	if (req->ctl) {
		ws_upin_write(&req->ctl->buf_pin, 0, req->ctl->win, req->ctl->win_len);
		ws_upin_write(&req->ctl->len_pin, 0, &req->ctl->win_len, 4);
		ws_upin_write(&req->ctl->flags_pin, 0, &req->ctl->wflags, 4);
	}
	if (req->ptr_size == 4) {
		u32 b32 = bytes, s32 = status;

		ws_upin_write(&req->ov_pin, 4, &b32, 4);
		smp_wmb();	/* the count before the status that publishes it */
		ws_upin_write(&req->ov_pin, 0, &s32, 4);
	} else {
		ws_upin_write(&req->ov_pin, 8, &bytes, 8);
		smp_wmb();	/* the count before the status that publishes it */
		ws_upin_write(&req->ov_pin, 0, &status, 8);
	}

	trace_ws_ov_complete(req->ws->id, req->op, req->ov, res->status,
			     res->bytes, false);
	ws_stat_inc(req->ws->stats, WS_STAT_OV_COMPLETED);
	if (req->apc.apc) {
		apc.func = req->routine;
		apc.args[0] = req->ov;
		apc.args[1] = (u32)res->bytes | (u64)res->flags << 32;
		apc.args[2] = WS_APC_IO | (u64)res->status << 32;
		apc.pad = req->tag;
		ws_apc_fire(&req->apc, &apc);
		return;
	}
	if (req->event)
		ws_event_set(req->event);
	port = ws_req_port(req, res->status, false);
	if (port)
		ws_req_post(req, port, res);
}

/*
 * Wake the WS_IOC_OV_WAIT callers of the socket, if any. The full barrier of
 * wq_has_sleeper() orders the result stored before it against the check of
 * the queue, as prepare_to_wait() orders a waiter's queueing against its
 * look at the result.
 */
static void ws_ov_wake_waiters(struct ws_ovs *ovs)
{
	if (wq_has_sleeper(&ovs->wq))
		wake_up_all(&ovs->wq);
}

/*
 * Complete a queued operation, already off its list, and hand it to
 * process context for freeing. Any context.
 */
static void ws_req_done(struct ws_req *req, const struct ws_res *res)
{
	struct ws_sock *ws = req->ws;

	ws_req_complete_pinned(req, res);
	spin_lock_bh(&ws->ovs->lock);
	list_add_tail(&req->node, &ws->ovs->dead);
	/*
	 * The next submission frees it; if none comes soon, the reaper
	 * does. Not at once: waking a worker for each completion would cost
	 * more than the operation.
	 */
	if (list_is_singular(&ws->ovs->dead) && !ws->ovs->closing)
		queue_delayed_work(ws_ov_wq, &ws->ovs->reap_work, WS_OV_REAP_DELAY);
	spin_unlock_bh(&ws->ovs->lock);
	ws_ov_wake_waiters(ws->ovs);
}

/* Complete at once, in the submitter's context; 0 or -EFAULT. */
static int ws_req_complete_now(struct ws_req *req, const struct ws_io *io,
			       const struct ws_res *res)
{
	struct ws_port *port = ws_req_port(req, res->status, true);
	union ws_addr a;
	int alen;

	/*
	 * Counted at submission (ws_ov_submit), unless the socket was
	 * associated with the port meanwhile: then it queues no packet.
	 */
	if (port && !req->user)
		port = NULL;

	if (io->flags_out && put_user(res->flags, (u32 __user *)u64_to_user_ptr(io->flags_out)))
		return -EFAULT;
	if (req->ctl) {
		if (copy_to_user(u64_to_user_ptr(io->ctx[0]), req->ctl->win,
				 req->ctl->win_len) ||
		    put_user(req->ctl->win_len, (u32 __user *)u64_to_user_ptr(io->ctx[2])) ||
		    (io->ctx[3] && put_user(req->ctl->wflags,
					    (u32 __user *)u64_to_user_ptr(io->ctx[3]))))
			return -EFAULT;
	}
	if (res->addrlen && io->addr) {
		alen = ws_addr_out(req, res, &a);
		if (copy_to_user(u64_to_user_ptr(io->addr), &a,
				 min_t(u32, alen, io->addrlen)))
			return -EFAULT;
		if (io->addrlen_out &&
		    put_user(alen, (int __user *)u64_to_user_ptr(io->addrlen_out)))
			return -EFAULT;
	}
	if (req->ptr_size == 4) {
		if (put_user((u32)res->bytes, (u32 __user *)u64_to_user_ptr(req->ov + 4)))
			return -EFAULT;
		smp_wmb();	/* the count before the status that publishes it */
		if (put_user(res->status, (u32 __user *)u64_to_user_ptr(req->ov)))
			return -EFAULT;
	} else {
		if (put_user(res->bytes, (u64 __user *)u64_to_user_ptr(req->ov + 8)))
			return -EFAULT;
		smp_wmb();	/* the count before the status that publishes it */
		if (put_user((u64)res->status, (u64 __user *)u64_to_user_ptr(req->ov)))
			return -EFAULT;
	}

	trace_ws_ov_complete(req->ws->id, req->op, req->ov, res->status,
			     res->bytes, true);
	ws_stat_inc(req->ws->stats, WS_STAT_OV_COMPLETED);
	if (req->apc.apc) {
		struct ws_apc_args apc = {
			.func = req->routine,
			.args = { req->ov, (u32)res->bytes | (u64)res->flags << 32,
				  WS_APC_IO | (u64)res->status << 32 },
			.pad = req->tag,
		};

		ws_apc_fire(&req->apc, &apc);
	} else {
		if (req->event)
			ws_event_set(req->event);
		if (port)
			ws_req_post(req, port, res);
	}
	ws_ov_wake_waiters(req->ws->ovs);
	return 0;
}

/* --- receives -------------------------------------------------------------- */

static bool ws_tcp_urg_pending(struct sock *sk)
{
	return !sock_flag(sk, SOCK_URGINLINE) &&
	       (READ_ONCE(tcp_sk(sk)->urg_data) & TCP_URG_VALID);
}

/* Normal data a TCP receive could take now. */
static int ws_tcp_avail(struct sock *sk)
{
	int avail = tcp_inq(sk);

	if (ws_tcp_urg_pending(sk))
		avail--;
	return max(avail, 0);
}

static bool ws_readable(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;

	if (ws_is_stream(ws))
		return ws_tcp_avail(sk) > 0;
	return !skb_queue_empty_lockless(&udp_sk(sk)->reader_queue) ||
	       !skb_queue_empty_lockless(&sk->sk_receive_queue);
}

/*
 * Has the stream ended for receives: the peer's FIN was read up to (0), or
 * the connection was reset (the status); else -1.
 */
static long ws_tcp_rx_end(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;

	if (READ_ONCE(ws->conn_reset))
		return WS_STATUS_CONNECTION_RESET;
	if (READ_ONCE(sk->sk_err) == ECONNRESET)
		return WS_STATUS_CONNECTION_RESET;
	/*
	 * The peer's FIN, not our own shutdown(SD_RECEIVE): a receive pending
	 * then still completes with what arrives (Wine test_shutdown).
	 */
	if (sock_flag(sk, SOCK_DONE) && !tcp_inq(sk))
		return WS_STATUS_SUCCESS;
	return -1;
}

static int ws_ov_tcp_actor(read_descriptor_t *desc, struct sk_buff *skb,
			   unsigned int offset, size_t len)
{
	struct ws_req *req = desc->arg.data;
	size_t n = min_t(size_t, len, desc->count);

	if (skb_copy_datagram_iter(skb, offset, &req->iter, n)) {
		desc->error = -EFAULT;
		return 0;
	}
	req->done += n;
	desc->count -= n;
	return n;
}

/*
 * Fill and complete the plain TCP receives at the head of rx_reqs from the
 * receive queue. Called with the sock locked: from sk_data_ready in softirq
 * context (bh_lock_sock), or from process context under lock_sock.
 */
static void ws_ov_tcp_rx(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;
	struct ws_res res = { };
	read_descriptor_t desc;
	struct ws_req *req;
	long end;

	for (;;) {
		spin_lock_bh(&ws->ovs->lock);
		req = list_first_entry_or_null(&ws->ovs->rx_reqs, struct ws_req, node);
		if (!req) {
			spin_unlock_bh(&ws->ovs->lock);
			return;
		}
		/*
		 * The worker's: a busy one may have just found nothing to
		 * read, so it must look again after this data.
		 */
		if (!req->fast || req->busy) {
			if (!ws->ovs->closing)
				queue_work(ws_ov_wq, &ws->ovs->work);
			spin_unlock_bh(&ws->ovs->lock);
			return;
		}
		if (!ws_tcp_avail(sk)) {
			end = ws_tcp_rx_end(ws);
			if (end < 0) {
				spin_unlock_bh(&ws->ovs->lock);
				return;
			}
			/* EOF or reset: each pending receive completes. */
			list_del_init(&req->node);
			spin_unlock_bh(&ws->ovs->lock);
			res.status = end;
			res.bytes = 0;
			ws_req_done(req, &res);
			continue;
		}
		if (req->len) {
			desc.arg.data = req;
			desc.count = req->len - req->done;
			desc.error = 0;
			tcp_read_sock(sk, &desc, ws_ov_tcp_actor);
			if (!req->done) {
				/* Nothing before the urgent mark, or a fault. */
				spin_unlock_bh(&ws->ovs->lock);
				return;
			}
		}
		/* Windows completes a receive with whatever arrived. */
		list_del_init(&req->node);
		spin_unlock_bh(&ws->ovs->lock);
		res.status = WS_STATUS_SUCCESS;
		res.bytes = req->done;
		ws_req_done(req, &res);
	}
}

/* Translate a receive's result from the socket layer. */
static void ws_recv_result(struct ws_req *req, int err, const struct msghdr *msg,
			   size_t room, struct ws_res *res)
{
	res->flags = 0;
	res->addrlen = 0;
	if (err >= 0) {
		/* Control data cut short: Wine test_ip_pktinfo's WSAEMSGSIZE. */
		res->status = req->ctl && (req->ctl->wflags & WS_MSG_CTRUNC) ?
			      WS_STATUS_BUFFER_OVERFLOW : WS_STATUS_SUCCESS;
		res->bytes = err;
	} else if (err == -EMSGSIZE && (msg->msg_flags & MSG_TRUNC)) {
		if (req->ctl)
			req->ctl->wflags |= WS_MSG_TRUNC;
		/*
		 * A truncated datagram fills the buffers; the rest is gone.
		 * The status says so; the flags stay 0 (Wine ip_pktinfo_apc).
		 */
		res->status = WS_STATUS_BUFFER_OVERFLOW;
		res->bytes = room;
	} else {
		res->status = ws_errno_status(err);
		res->bytes = 0;
	}
	if (msg->msg_flags & MSG_OOB)
		res->flags |= MSG_OOB;
	if (msg->msg_name && msg->msg_namelen && (err >= 0 || err == -EMSGSIZE))
		res->addrlen = msg->msg_namelen;
}

/*
 * Carry out the receive at the head of rx_reqs that only process context
 * can do (UDP, or flags). Returns true if it completed.
 */
static bool ws_ov_rx_slow(struct ws_sock *ws, struct ws_req *req)
{
	struct msghdr msg = { };
	struct ws_res res;
	const struct cred *old;
	bool cancel;
	int err;

	if (!req->len) {
		/* A zero-length receive waits for data and takes none. */
		err = ws_readable(ws) ? 0 : -EAGAIN;
		if (err && !ws_is_stream(ws))
			err = ws_lower_is_bound(ws) ? -EAGAIN : -EINVAL;
		memset(&res, 0, sizeof(res));
	} else {
		msg.msg_iter = req->iter;
		if (!ws_is_stream(ws)) {
			msg.msg_name = &req->addr;
			msg.msg_namelen = sizeof(req->addr);
		}
		ws_ctl_prepare(req, &msg);
		old = override_creds(req->cred);
		err = sock_recvmsg(ws->sock, &msg,
				   (req->flags & ~WS_MSG_WAITALL) | MSG_DONTWAIT);
		/*
		 * MSG_WAITALL: only full buffers, EOF or an error end it. It
		 * reads on until the socket is empty: the end of the stream
		 * may have come with the data, and no wakeup follows it.
		 */
		while (err > 0 && (req->flags & WS_MSG_WAITALL)) {
			req->iter = msg.msg_iter;
			req->done += err;
			if (req->done == req->len) {
				err = req->done;
				break;
			}
			err = sock_recvmsg(ws->sock, &msg,
					   (req->flags & ~WS_MSG_WAITALL) | MSG_DONTWAIT);
		}
		revert_creds(old);
		if (req->ctl && err != -EAGAIN)
			ws_ctl_convert(ws, req, &msg);
		ws_recv_result(req, err, &msg, req->len, &res);
	}

	spin_lock_bh(&ws->ovs->lock);
	cancel = req->cancel;
	req->busy = false;
	if (err == -EAGAIN && !cancel) {
		spin_unlock_bh(&ws->ovs->lock);
		return false;
	}
	list_del_init(&req->node);
	spin_unlock_bh(&ws->ovs->lock);
	if (cancel && err < 0 && err != -EMSGSIZE) {
		/* Cancelled while it ran: what the canceller asked for. */
		res.status = req->cancel_status;
		res.bytes = req->done;
	} else if (err == 0 && req->len && (req->flags & WS_MSG_WAITALL)) {
		res.bytes = req->done;
	}
	ws_req_done(req, &res);
	return true;
}

static void ws_ov_rx_work(struct ws_sock *ws)
{
	struct ws_req *req;

	for (;;) {
		spin_lock_bh(&ws->ovs->lock);
		req = list_first_entry_or_null(&ws->ovs->rx_reqs, struct ws_req, node);
		if (!req || req->busy) {
			spin_unlock_bh(&ws->ovs->lock);
			return;
		}
		if (req->fast) {
			spin_unlock_bh(&ws->ovs->lock);
			lock_sock(ws->sk);
			ws_ov_tcp_rx(ws);
			release_sock(ws->sk);
			/* A slow receive may follow: ws_ov_tcp_rx queued us. */
			return;
		}
		req->busy = true;
		spin_unlock_bh(&ws->ovs->lock);
		if (!ws_ov_rx_slow(ws, req))
			return;
	}
}

/* --- sends --------------------------------------------------------------- */

/* Send more of the operation at the head; true if it completed. */
static bool ws_ov_tx_one(struct ws_sock *ws, struct ws_req *req)
{
	struct msghdr msg = { };
	struct ws_res res = { };
	const struct cred *old;
	bool cancel;
	int err;

	msg.msg_iter = req->iter;
	msg.msg_flags = req->flags | MSG_DONTWAIT;
	if (req->addrlen) {
		msg.msg_name = &req->addr;
		msg.msg_namelen = req->addrlen;
	}
	ws_sctl_prepare(req, &msg);
	old = override_creds(req->cred);
	/* An empty datagram is a datagram; an empty stream send is nothing. */
	err = req->len || !ws_is_stream(ws) ? sock_sendmsg(ws->sock, &msg) : 0;
	revert_creds(old);
	if (err > 0) {
		req->done += err;
		req->iter = msg.msg_iter;
	}

	spin_lock_bh(&ws->ovs->lock);
	cancel = req->cancel;
	req->busy = false;
	if (((err > 0 && req->done < req->len) || err == -EAGAIN) && !cancel) {
		spin_unlock_bh(&ws->ovs->lock);
		return false;
	}
	list_del_init(&req->node);
	spin_unlock_bh(&ws->ovs->lock);
	res.bytes = req->done;
	if (req->done == req->len)
		res.status = WS_STATUS_SUCCESS;
	else if (cancel)
		res.status = req->cancel_status;
	else
		res.status = ws_errno_status(err);
	ws_req_done(req, &res);
	return true;
}

/* --- TransmitFile ---------------------------------------------------------- */

/*
 * Send what can be sent now of head, file and tail: 0 once all is sent,
 * -EAGAIN when the socket is full, or -errno.
 */
static int ws_ov_tf_step(struct ws_sock *ws, struct ws_req *req)
{
	struct msghdr msg;
	struct kvec kv;
	ssize_t n;
	bool file;

	for (;;) {
		if (READ_ONCE(req->cancel))
			return -ECANCELED;
		memset(&msg, 0, sizeof(msg));
		msg.msg_flags = MSG_DONTWAIT;
		file = false;
		if (req->tf_head) {
			msg.msg_iter = req->iter;
			iov_iter_truncate(&msg.msg_iter, req->tf_head);
		} else if (req->tf_off < req->tf_len || req->tf_left) {
			if (req->tf_off == req->tf_len) {
				n = kernel_read(req->tf_file, req->tf_buf,
						min_t(u64, req->tf_left, WS_TF_CHUNK),
						&req->tf_pos);
				if (n < 0)
					return n;
				req->tf_len = n;
				req->tf_off = 0;
				/* The end of the file ends its part. */
				req->tf_left = n ? req->tf_left - n : 0;
				if (!n)
					continue;
			}
			kv.iov_base = req->tf_buf + req->tf_off;
			kv.iov_len = req->tf_len - req->tf_off;
			iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &kv, 1,
				      kv.iov_len);
			file = true;
		} else if (iov_iter_count(&req->iter)) {
			msg.msg_iter = req->iter;	/* the tail */
		} else {
			return 0;
		}
		n = sock_sendmsg(ws->sock, &msg);
		if (n < 0)
			return n;
		req->done += n;
		if (file) {
			req->tf_off += n;
		} else {
			iov_iter_advance(&req->iter, n);
			if (req->tf_head)
				req->tf_head -= n;
		}
		cond_resched();
	}
}

/* Carry the TransmitFile at the head on; true if it completed. */
static bool ws_ov_tf_one(struct ws_sock *ws, struct ws_req *req)
{
	struct ws_res res = { };
	struct mem_cgroup *oldcg;
	const struct cred *old;
	bool cancel;
	int err;

	old = override_creds(req->cred);
	oldcg = set_active_memcg(req->memcg);
	err = ws_ov_tf_step(ws, req);
	if (!err && (req->tf_flags & WS_TF_DISCONNECT))
		err = kernel_sock_shutdown(ws->sock, SHUT_WR);
	set_active_memcg(oldcg);
	revert_creds(old);

	spin_lock_bh(&ws->ovs->lock);
	cancel = req->cancel;
	req->busy = false;
	if (err == -EAGAIN && !cancel) {
		spin_unlock_bh(&ws->ovs->lock);
		return false;
	}
	list_del_init(&req->node);
	spin_unlock_bh(&ws->ovs->lock);
	res.bytes = req->done;
	if (!err)
		res.status = WS_STATUS_SUCCESS;
	else if (cancel)
		res.status = req->cancel_status;
	else
		res.status = ws_errno_status(err);
	ws_req_done(req, &res);
	return true;
}

static void ws_ov_tx_work(struct ws_sock *ws)
{
	struct ws_req *req;

	for (;;) {
		spin_lock_bh(&ws->ovs->lock);
		req = list_first_entry_or_null(&ws->ovs->tx_reqs, struct ws_req, node);
		if (!req || req->busy) {
			spin_unlock_bh(&ws->ovs->lock);
			return;
		}
		req->busy = true;
		spin_unlock_bh(&ws->ovs->lock);
		if (req->op == WS_OP_TRANSMIT ? !ws_ov_tf_one(ws, req) :
						!ws_ov_tx_one(ws, req))
			return;
	}
}

/* --- AcceptEx ------------------------------------------------------------- */

/* Take an operation off its list, keeping the listener's count right. */
static void ws_req_unlink(struct ws_sock *ws, struct ws_req *req)
{
	lockdep_assert_held(&ws->ovs->lock);
	if (req->op == WS_OP_ACCEPT && req->state == WS_RQ_QUEUED)
		WRITE_ONCE(ws->ovs->acc_armed, ws->ovs->acc_armed - 1);
	list_del_init(&req->node);
}

/*
 * Complete an AcceptEx, off its list. On success the connection goes to
 * the accept socket, if it is still open; otherwise it is closed.
 */
static void ws_ov_acc_done(struct ws_req *req, struct ws_res *res)
{
	bool deliver = res->status == WS_STATUS_SUCCESS;
	struct file *file;

	if (req->acc_queued) {
		remove_wait_queue(&sock_from_file(req->acc_file)->wq.wait,
				  &req->acc_wait);
		req->acc_queued = false;
	}
	file = req->acc_file;
	req->acc_file = NULL;
	spin_lock(&ws_acc_lock);
	if (req->acc_ws) {
		/* Submission refuses a socket holding a connection. */
		if (deliver && !WARN_ON_ONCE(req->acc_ws->acc_file)) {
			/* The handle's completion port goes with it. */
			ws_port_inherit(ws_sock_of_file(file), req->acc_ws);
			req->acc_ws->acc_file = file;
			file = NULL;
		}
		req->acc_ws->acc_req = NULL;
		req->acc_ws = NULL;
	} else if (deliver) {
		/* The accept socket was closed: so is the connection. */
		res->status = WS_STATUS_CANCELLED;
		res->bytes = 0;
	}
	spin_unlock(&ws_acc_lock);
	if (file)
		fput(file);
	ws_req_done(req, res);
}

/* Data, the end of the stream or an error on an accepted connection. */
static int ws_ov_acc_wake(struct wait_queue_entry *wait, unsigned int mode,
			  int sync, void *key)
{
	struct ws_req *req = container_of(wait, struct ws_req, acc_wait);
	__poll_t mask = key_to_poll(key);

	if (mask && !(mask & (EPOLLIN | EPOLLRDNORM | EPOLLRDHUP | EPOLLHUP |
			      EPOLLERR)))
		return 0;
	WRITE_ONCE(req->acc_ready, true);
	/* The entry is removed, in process context, before the request goes. */
	queue_work(ws_ov_wq, &req->ws->ovs->work);
	return 0;
}

/* Room for an address of the family, and 16 bytes more (Winsock's rule). */
static bool ws_acc_area_ok(const struct ws_sock *ws, u32 len, bool local)
{
	u32 need = (ws->sk->sk_family == AF_INET6 ?
		    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)) + 16;

	return len >= need || (local && !len);
}

/* Write @sock's local or remote address into an address area. */
static void ws_acc_write_addr(struct ws_upin *pin, struct socket *sock,
			      int peer)
{
	struct {
		u32 len;
		union ws_addr a;
	} __packed area = { };
	int len;

	if (!pin->nr)
		return;
	len = peer ? kernel_getpeername(sock, &area.a.sa) :
		     kernel_getsockname(sock, &area.a.sa);
	if (len < 0)
		return;
	if (area.a.sa.sa_family == AF_INET6)
		area.a.sa.sa_family = WS_SIN6_FAMILY;
	area.len = len;
	ws_upin_write(pin, 0, &area, min_t(unsigned int, pin->len,
					   sizeof(u32) + len));
}

/* Cancel the AcceptEx operations whose accept socket was closed. */
static void ws_ov_acc_orphans(struct ws_sock *ws)
{
	struct ws_res res = { .status = WS_STATUS_CANCELLED };
	struct ws_req *req, *next;
	LIST_HEAD(out);

	spin_lock_bh(&ws->ovs->lock);
	list_for_each_entry_safe(req, next, &ws->ovs->acc_reqs, node) {
		/* A registered one: its submitter drops it, not arms it. */
		if (!req->busy && req->state != WS_RQ_REGISTERED &&
		    !READ_ONCE(req->acc_ws)) {
			ws_req_unlink(ws, req);
			list_add_tail(&req->node, &out);
		}
	}
	list_for_each_entry_safe(req, next, &ws->ovs->acc_recv, node) {
		if (!req->busy && !READ_ONCE(req->acc_ws)) {
			ws_req_unlink(ws, req);
			list_add_tail(&req->node, &out);
		}
	}
	spin_unlock_bh(&ws->ovs->lock);
	list_for_each_entry_safe(req, next, &out, node) {
		list_del_init(&req->node);
		ws_ov_acc_done(req, &res);
	}
}

/* Receive the first data of accepted connections that were woken. */
static void ws_ov_acc_recv_work(struct ws_sock *ws)
{
	struct msghdr msg = { };
	struct ws_res res = { };
	const struct cred *old;
	struct ws_req *req;
	bool cancel, found;
	int err;

	for (;;) {
		found = false;
		spin_lock_bh(&ws->ovs->lock);
		list_for_each_entry(req, &ws->ovs->acc_recv, node) {
			if (!req->busy && READ_ONCE(req->acc_ready)) {
				found = true;
				break;
			}
		}
		if (!found) {
			spin_unlock_bh(&ws->ovs->lock);
			return;
		}
		req->busy = true;
		WRITE_ONCE(req->acc_ready, false);
		spin_unlock_bh(&ws->ovs->lock);

		msg.msg_iter = req->iter;
		old = override_creds(req->cred);
		err = sock_recvmsg(sock_from_file(req->acc_file), &msg,
				   MSG_DONTWAIT);
		revert_creds(old);

		spin_lock_bh(&ws->ovs->lock);
		cancel = req->cancel;
		req->busy = false;
		if (err == -EAGAIN && !cancel) {
			spin_unlock_bh(&ws->ovs->lock);
			continue;
		}
		ws_req_unlink(ws, req);
		spin_unlock_bh(&ws->ovs->lock);
		/* Data, or the client's FIN (0 bytes): Windows succeeds. */
		if (err >= 0) {
			res.status = WS_STATUS_SUCCESS;
			res.bytes = err;
		} else {
			res.status = cancel ? req->cancel_status :
					      ws_errno_status(err);
			res.bytes = 0;
		}
		ws_ov_acc_done(req, &res);
	}
}

/* Accept the queued connections for the armed operations, oldest first. */
static void ws_ov_acc_work(struct ws_sock *ws)
{
	struct ws_res res = { };
	struct mem_cgroup *oldcg;
	const struct cred *old;
	struct file *file;
	struct ws_req *req;
	struct socket *nsock;
	bool cancel, found;
	int err;

	ws_ov_acc_orphans(ws);
	for (;;) {
		found = false;
		spin_lock_bh(&ws->ovs->lock);
		list_for_each_entry(req, &ws->ovs->acc_reqs, node) {
			if (req->state == WS_RQ_QUEUED) {
				found = true;
				break;
			}
		}
		if (!found || req->busy ||
		    reqsk_queue_empty(&inet_csk(ws->sk)->icsk_accept_queue)) {
			spin_unlock_bh(&ws->ovs->lock);
			break;
		}
		if (!ws_acc_area_ok(ws, req->acc_llen, true) ||
		    !ws_acc_area_ok(ws, req->acc_rlen, false)) {
			/* Fails now, and leaves the connection queued. */
			ws_req_unlink(ws, req);
			spin_unlock_bh(&ws->ovs->lock);
			res.status = WS_STATUS_BUFFER_TOO_SMALL;
			res.bytes = 0;
			ws_ov_acc_done(req, &res);
			continue;
		}
		req->busy = true;
		spin_unlock_bh(&ws->ovs->lock);

		old = override_creds(req->cred);
		oldcg = set_active_memcg(req->memcg);
		err = ws_accept_file(ws, &file);
		set_active_memcg(oldcg);
		revert_creds(old);
		if (!err) {
			nsock = sock_from_file(file);
			ws_acc_write_addr(&req->local_pin, nsock, 0);
			ws_acc_write_addr(&req->remote_pin, nsock, 1);
			req->acc_file = file;
			if (req->len) {
				init_waitqueue_func_entry(&req->acc_wait,
							  ws_ov_acc_wake);
				add_wait_queue(&nsock->wq.wait, &req->acc_wait);
				req->acc_queued = true;
				/* What came with the connection is read at once. */
				WRITE_ONCE(req->acc_ready, true);
			}
		}

		spin_lock_bh(&ws->ovs->lock);
		cancel = req->cancel;
		req->busy = false;
		if (err == -EAGAIN && !cancel) {
			spin_unlock_bh(&ws->ovs->lock);
			break;
		}
		if (!err && req->len && !cancel) {
			ws_req_unlink(ws, req);
			req->state = WS_RQ_RECEIVING;
			list_add_tail(&req->node, &ws->ovs->acc_recv);
			spin_unlock_bh(&ws->ovs->lock);
			continue;
		}
		ws_req_unlink(ws, req);
		spin_unlock_bh(&ws->ovs->lock);
		res.bytes = 0;
		if (cancel)
			res.status = req->cancel_status;
		else
			res.status = ws_errno_status(err);
		ws_ov_acc_done(req, &res);
	}
	ws_ov_acc_recv_work(ws);
}

/**
 * ws_ov_accept_probe() - the accept(2) that arms an AcceptEx
 * @ws: the listening socket
 *
 * The socket layer ran the security modules' accept hook for the caller
 * before calling here. The newest AcceptEx the calling thread registered
 * on @ws is armed.
 *
 * Context: process context, from the socket's accept.
 * Return: -EINPROGRESS if one was armed, -ENOENT if the thread has none.
 */
int ws_ov_accept_probe(struct ws_sock *ws)
{
	const struct cred *cred, *old = NULL;
	struct pid *me = task_pid(current);
	struct ws_req *req;
	int err = -ENOENT;

	if (!READ_ONCE(ws->ovs) || list_empty_careful(&ws->ovs->acc_reqs))
		return -ENOENT;
	cred = get_current_cred();

	spin_lock_bh(&ws->ovs->lock);
	list_for_each_entry_reverse(req, &ws->ovs->acc_reqs, node) {
		if (req->state != WS_RQ_REGISTERED || req->pid != me)
			continue;
		/* Its accept socket was closed meanwhile: not armed. */
		if (!READ_ONCE(req->acc_ws)) {
			err = -EBADF;
			break;
		}
		/* It runs with the credentials the hooks just checked. */
		old = req->cred;
		req->cred = cred;
		cred = NULL;
		req->state = WS_RQ_QUEUED;
		WRITE_ONCE(ws->ovs->acc_armed, ws->ovs->acc_armed + 1);
		if (!ws->ovs->closing)
			queue_work(ws_ov_wq, &ws->ovs->work);
		err = -EINPROGRESS;
		break;
	}
	spin_unlock_bh(&ws->ovs->lock);
	if (old)
		put_cred(old);
	if (cred)
		put_cred(cred);
	return err;
}

/**
 * ws_ov_accept_target() - is an AcceptEx aimed at this socket?
 * @ws: the socket
 *
 * Return: true while an AcceptEx waits to accept into it, or its
 * connection waits to be taken (Windows: connect fails with WSAEINVAL).
 */
bool ws_ov_accept_target(struct ws_sock *ws)
{
	return READ_ONCE(ws->acc_req) || READ_ONCE(ws->acc_file);
}

static int ws_ov_submit_accept(struct ws_sock *ws, struct ws_req *req,
			       const struct ws_io *io)
{
	u64 rlen = io->ctx[1], llen = io->ctx[2], alen = io->ctx[3];
	struct ws_sock *aws;
	struct iovec iov;
	struct file *f;
	int err;

	if (!ws_is_stream(ws) || READ_ONCE(ws->sk->sk_state) != TCP_LISTEN)
		return -EINVAL;
	if (!alen || !io->addr)
		return -EFAULT;
	if (rlen > MAX_RW_COUNT || llen > MAX_RW_COUNT || alen > MAX_RW_COUNT ||
	    io->ctx[0] > INT_MAX)
		return -EINVAL;

	f = fget(io->ctx[0]);
	if (!f)
		return -EBADF;
	aws = ws_sock_of_file(f);
	err = -ENOTSOCK;
	if (!aws)
		goto out;
	/* Windows: a fresh stream socket of the same family. */
	err = -EINVAL;
	if (aws == ws || !ws_is_stream(aws) ||
	    aws->sk->sk_family != ws->sk->sk_family || ws_lower_is_bound(aws) ||
	    READ_ONCE(aws->sk->sk_state) != TCP_CLOSE ||
	    READ_ONCE(aws->was_connected) || ws_ov_connect_pending(aws))
		goto out;

	iov.iov_base = u64_to_user_ptr(io->addr);
	iov.iov_len = rlen;
	req->len = rlen;
	req->acc_llen = llen;
	req->acc_rlen = alen;
	err = ws_req_pin_data(req, &iov, 1, 0, rlen);
	if (!err && llen)
		err = ws_upin(&req->local_pin, io->addr + rlen,
			      min_t(u64, llen, WS_ACC_AREA_MAX));
	if (!err)
		err = ws_upin(&req->remote_pin, io->addr + rlen + llen,
			      min_t(u64, alen, WS_ACC_AREA_MAX));
	if (!err)
		err = ws_req_pin_results(req, io);
	if (err)
		goto out;
	req->memcg = get_mem_cgroup_from_mm(current->mm);

	spin_lock(&ws_acc_lock);
	if (aws->acc_req || aws->acc_file) {
		err = -EINVAL;
	} else {
		aws->acc_req = req;
		req->acc_ws = aws;
	}
	spin_unlock(&ws_acc_lock);
out:
	fput(f);
	return err;
}

/**
 * ws_ov_accept_take() - install the connection an AcceptEx accepted
 * @sock: the accept socket
 *
 * Return: the new fd; -EINPROGRESS while the AcceptEx is pending, -ENOENT
 * if there is nothing to take, or the error of get_unused_fd_flags().
 */
static long ws_ov_accept_take(struct socket *sock)
{
	struct ws_sock *ws = ws_sk(sock);
	struct file *file;
	bool pending;
	int fd;

	/* The descriptor first: the connection never goes back. */
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	spin_lock(&ws_acc_lock);
	file = ws->acc_file;
	ws->acc_file = NULL;
	pending = ws->acc_req;
	spin_unlock(&ws_acc_lock);
	if (!file) {
		put_unused_fd(fd);
		return pending ? -EINPROGRESS : -ENOENT;
	}
	fd_install(fd, file);
	return fd;
}

/* The accept socket is released: its AcceptEx is cancelled. */
static void ws_ov_acc_release_target(struct ws_sock *ws)
{
	struct ws_sock *lws;
	struct ws_req *req;
	struct file *file;

	spin_lock(&ws_acc_lock);
	req = ws->acc_req;
	file = ws->acc_file;
	ws->acc_req = NULL;
	ws->acc_file = NULL;
	if (req) {
		WRITE_ONCE(req->acc_ws, NULL);
		/* The listener lives while one of its operations is linked. */
		lws = req->ws;
		spin_lock_bh(&lws->ovs->lock);
		if (!lws->ovs->closing)
			queue_work(ws_ov_wq, &lws->ovs->work);
		spin_unlock_bh(&lws->ovs->lock);
	}
	spin_unlock(&ws_acc_lock);
	if (file)
		fput(file);
}

/* --- ConnectEx ------------------------------------------------------------ */

/**
 * ws_ov_connect_pending() - is a ConnectEx registered or under way?
 * @ws: the socket
 *
 * Return: true if so (Windows: connect fails with WSAEINVAL, getpeername
 * with WSAENOTCONN).
 */
bool ws_ov_connect_pending(struct ws_sock *ws)
{
	struct ws_ovs *ovs = READ_ONCE(ws->ovs);

	return ovs && !list_empty_careful(&ovs->conn_reqs);
}

/**
 * ws_ov_connect_probe() - the connect(2) that starts a ConnectEx
 * @ws: the socket
 * @addr: the destination, checked by the security modules' connect hook
 *	in the socket layer and by ws_connect()
 * @len: its length
 *
 * Context: process context, from the socket's connect.
 * Return: -EINPROGRESS if the ConnectEx the calling thread registered is
 * now connecting; -ENOENT if there is no ConnectEx; -EINVAL if one is
 * under way; another error of the connection attempt, the operation
 * staying registered.
 */
int ws_ov_connect_probe(struct ws_sock *ws, struct sockaddr *addr, int len)
{
	const struct cred *cred;
	struct ws_req *req;
	int err;

	if (!ws_ov_connect_pending(ws))
		return -ENOENT;
	spin_lock_bh(&ws->ovs->lock);
	req = list_first_entry_or_null(&ws->ovs->conn_reqs, struct ws_req, node);
	if (!req) {
		spin_unlock_bh(&ws->ovs->lock);
		return -ENOENT;
	}
	if (req->state != WS_RQ_REGISTERED || req->busy ||
	    req->pid != task_pid(current)) {
		spin_unlock_bh(&ws->ovs->lock);
		return -EINVAL;
	}
	req->busy = true;
	spin_unlock_bh(&ws->ovs->lock);

	cred = get_current_cred();
	err = ws->inet_ops->connect(ws->sock, addr, len, O_NONBLOCK);

	spin_lock_bh(&ws->ovs->lock);
	req->busy = false;
	if (!err || err == -EINPROGRESS) {
		/* Its send runs with the credentials the hooks just checked. */
		swap(cred, req->cred);
		req->state = WS_RQ_CONNECTING;
		err = -EINPROGRESS;
	}
	/* Connected, failed or cancelled meanwhile: the worker sees to it. */
	if (!ws->ovs->closing)
		queue_work(ws_ov_wq, &ws->ovs->work);
	spin_unlock_bh(&ws->ovs->lock);
	put_cred(cred);
	return err;
}

/* The connection of a ConnectEx was made or failed. */
static void ws_ov_conn_work(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;
	struct ws_res res = { };
	struct ws_req *req;
	int state, err;

	spin_lock_bh(&ws->ovs->lock);
	req = list_first_entry_or_null(&ws->ovs->conn_reqs, struct ws_req, node);
	if (!req || req->busy || req->state != WS_RQ_CONNECTING) {
		spin_unlock_bh(&ws->ovs->lock);
		return;
	}
	state = READ_ONCE(sk->sk_state);
	if (state == TCP_SYN_SENT && !req->cancel) {
		spin_unlock_bh(&ws->ovs->lock);
		return;
	}
	ws_req_unlink(ws, req);
	if (state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT)
		WRITE_ONCE(ws->by_connectex, true);
	if ((state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT) && req->len &&
	    !req->cancel) {
		/* Connected: the data goes as an overlapped send. */
		req->state = WS_RQ_QUEUED;
		list_add_tail(&req->node, &ws->ovs->tx_reqs);
		spin_unlock_bh(&ws->ovs->lock);
		return;
	}
	spin_unlock_bh(&ws->ovs->lock);
	if (state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT) {
		res.status = WS_STATUS_SUCCESS;
	} else if (req->cancel) {
		res.status = req->cancel_status;
	} else {
		/* Read, not taken: SO_ERROR still reports it. */
		err = READ_ONCE(sk->sk_err);
		res.status = ws_errno_status(err ? -err : -ECONNREFUSED);
	}
	ws_req_done(req, &res);
}

static int ws_ov_submit_connect(struct ws_sock *ws, struct ws_req *req)
{
	int state = READ_ONCE(ws->sk->sk_state);

	if (!ws_is_stream(ws) || !ws_lower_is_bound(ws))
		return -EINVAL;	/* "ConnectEx needs a bound socket" */
	if (state == TCP_LISTEN || state == TCP_SYN_SENT ||
	    ws_ov_accept_target(ws) || ws_ov_connect_pending(ws))
		return -EINVAL;
	if (state != TCP_CLOSE || READ_ONCE(ws->was_connected))
		return -EISCONN;
	return 0;
}

/* --- the worker ------------------------------------------------------------ */

static void ws_ov_reap_work(struct work_struct *work)
{
	ws_ov_reap(container_of(to_delayed_work(work), struct ws_ovs,
				reap_work)->ws);
}

static void ws_ov_work(struct work_struct *work)
{
	struct ws_sock *ws = container_of(work, struct ws_ovs, work)->ws;

	ws_ov_reap(ws);
	if (ws_is_stream(ws)) {
		ws_ov_acc_work(ws);
		ws_ov_conn_work(ws);
	}
	ws_ov_rx_work(ws);
	ws_ov_tx_work(ws);
}

/* --- the socket's callbacks ------------------------------------------------ */

static bool ws_ov_rx_pending(const struct ws_ovs *ovs)
{
	return !list_empty_careful(&ovs->rx_reqs);
}

/**
 * ws_ov_data_ready() - data arrived: the pending receives take it first
 * @ws: the socket
 *
 * Context: the sock's sk_data_ready, before the network-event record is
 * updated, so that data a pending receive takes is not recorded as FD_READ.
 */
void ws_ov_data_ready(struct ws_sock *ws)
{
	struct ws_ovs *ovs = READ_ONCE(ws->ovs);

	if (!ovs)
		return;
	/* A listener: a connection for the armed AcceptEx operations. */
	if (READ_ONCE(ovs->acc_armed))
		queue_work(ws_ov_wq, &ovs->work);
	if (!ws_ov_rx_pending(ovs))
		return;
	if (ws_is_stream(ws))
		ws_ov_tcp_rx(ws);	/* the sock is locked by the caller */
	else
		queue_work(ws_ov_wq, &ovs->work);
}

/**
 * ws_ov_write_space() - send space came back: the pending sends go on
 * @ws: the socket
 *
 * Context: the sock's sk_write_space.
 */
void ws_ov_write_space(struct ws_sock *ws)
{
	struct ws_ovs *ovs = READ_ONCE(ws->ovs);

	if (ovs && !list_empty_careful(&ovs->tx_reqs))
		queue_work(ws_ov_wq, &ovs->work);
}

/**
 * ws_ov_state_change() - the connection ended or failed: receives end
 * @ws: the socket
 *
 * Context: the sock's sk_state_change or sk_error_report.
 */
void ws_ov_state_change(struct ws_sock *ws)
{
	struct ws_ovs *ovs = READ_ONCE(ws->ovs);

	if (ovs && (ws_ov_rx_pending(ovs) || !list_empty_careful(&ovs->tx_reqs) ||
		    !list_empty_careful(&ovs->conn_reqs)))
		queue_work(ws_ov_wq, &ovs->work);
}

/* --- submission ------------------------------------------------------------ */

static int ws_ov_check_recv(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;
	int state = READ_ONCE(sk->sk_state);

	if (READ_ONCE(ws->shut_rd))
		return -ESHUTDOWN;
	if (ws_is_stream(ws)) {
		if (READ_ONCE(ws->conn_reset))
			return -ECONNRESET;
		if (state == TCP_LISTEN || state == TCP_SYN_SENT ||
		    (state == TCP_CLOSE && !READ_ONCE(ws->was_connected)))
			return -ENOTCONN;
	} else if (!ws_lower_is_bound(ws)) {
		return -EINVAL;
	}
	return 0;
}

static int ws_ov_check_send(struct ws_sock *ws)
{
	int state = READ_ONCE(ws->sk->sk_state);

	if (READ_ONCE(ws->shut_wr))
		return -ESHUTDOWN;
	if (!ws_is_stream(ws))
		return 0;
	if (READ_ONCE(ws->conn_reset))
		return -ECONNRESET;
	if (state != TCP_ESTABLISHED && state != TCP_CLOSE_WAIT)
		return READ_ONCE(ws->was_connected) ? -ECONNRESET : -ENOTCONN;
	return 0;
}

static int ws_ov_submit_transmit(struct ws_sock *ws, struct ws_req *req,
				 const struct ws_io *io,
				 const struct iovec *iov)
{
	s64 fd = (s64)io->ctx[0];
	struct file *f;
	int err;

	if (!ws_is_stream(ws))
		return -ENOTCONN;	/* Wine test_TransmitFile: UDP */
	err = ws_ov_check_send(ws);
	if (err)
		return err;
	if (io->nbufs > 2 || (io->ctx[3] & ~(u64)WS_TF_DISCONNECT) ||
	    io->ctx[1] > LLONG_MAX)
		return -EINVAL;
	req->tf_head = io->nbufs ? iov[0].iov_len : 0;
	req->tf_flags = io->ctx[3];
	if (fd == -1)
		return 0;
	if (fd < 0 || fd > INT_MAX)
		return -EBADF;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_READ) || !S_ISREG(file_inode(f)->i_mode)) {
		fput(f);
		return -EINVAL;
	}
	req->tf_file = f;
	req->tf_buf = kvmalloc(WS_TF_CHUNK, GFP_KERNEL_ACCOUNT);
	if (!req->tf_buf)
		return -ENOMEM;
	req->tf_pos = io->ctx[1];
	req->tf_left = io->ctx[2] ? io->ctx[2] : U64_MAX;
	req->memcg = get_mem_cgroup_from_mm(current->mm);
	return 0;
}

/* Try the receive now; -EAGAIN if it has to wait. */
static int ws_ov_recv_now(struct ws_sock *ws, struct ws_req *req,
			  struct iovec *iov, unsigned int nr, size_t total,
			  struct ws_res *res)
{
	struct msghdr msg = { };
	int err;

	if (!total) {
		if (!ws_readable(ws))
			return -EAGAIN;
		memset(res, 0, sizeof(*res));
		return 0;
	}
	if (req->flags & WS_MSG_WAITALL)
		return -EAGAIN;	/* the worker gathers it */
	iov_iter_init(&msg.msg_iter, ITER_DEST, iov, nr, total);
	if (!ws_is_stream(ws)) {
		msg.msg_name = &req->addr;
		msg.msg_namelen = sizeof(req->addr);
	}
	ws_ctl_prepare(req, &msg);
	err = sock_recvmsg(ws->sock, &msg, req->flags | MSG_DONTWAIT);
	if (err == -EAGAIN)
		return err;
	if (req->ctl)
		ws_ctl_convert(ws, req, &msg);
	/* A stream that ended or was reset fails at once, as Windows does. */
	if (err < 0 && err != -EMSGSIZE)
		return err;
	ws_recv_result(req, err, &msg, total, res);
	return 0;
}

/* Try the send now: how much went, or -errno. */
static int ws_ov_send_now(struct ws_sock *ws, struct ws_req *req,
			  struct iovec *iov, unsigned int nr, size_t total)
{
	struct msghdr msg = { };

	iov_iter_init(&msg.msg_iter, ITER_SOURCE, iov, nr, total);
	msg.msg_flags = req->flags | MSG_DONTWAIT;
	if (req->addrlen) {
		msg.msg_name = &req->addr;
		msg.msg_namelen = req->addrlen;
	}
	ws_sctl_prepare(req, &msg);
	return total || !ws_is_stream(ws) ? sock_sendmsg(ws->sock, &msg) : 0;
}

static int ws_ov_queue(struct ws_sock *ws, struct ws_req *req)
{
	bool registered, fast;
	struct list_head *list;
	int err = 0;

	switch (req->op) {
	case WS_OP_RECV:
		list = &ws->ovs->rx_reqs;
		break;
	case WS_OP_ACCEPT:
		list = &ws->ovs->acc_reqs;
		req->state = WS_RQ_REGISTERED;
		break;
	case WS_OP_CONNECT:
		list = &ws->ovs->conn_reqs;
		req->state = WS_RQ_REGISTERED;
		break;
	default:
		list = &ws->ovs->tx_reqs;
		break;
	}
	req->pid = get_pid(task_pid(current));
	req->cred = get_current_cred();
	req->fast = req->op == WS_OP_RECV && ws_is_stream(ws) && !req->flags &&
		    req->len;

	/* Once queued it may complete and go at any moment: copies. */
	registered = req->state == WS_RQ_REGISTERED;
	fast = req->fast;
	spin_lock_bh(&ws->ovs->lock);
	if (ws->ovs->closing)
		err = -ECONNABORTED;
	else if (req->op == WS_OP_CONNECT && !list_empty(list))
		err = -EINVAL;	/* one ConnectEx at a time */
	else
		list_add_tail(&req->node, list);
	spin_unlock_bh(&ws->ovs->lock);
	if (err)
		return err;
	/* Armed by the caller's accept(2) or connect(2). */
	if (registered)
		return -EINPROGRESS;

	/* What arrived or freed up before it was queued is taken now. */
	if (fast) {
		lock_sock(ws->sk);
		ws_ov_tcp_rx(ws);
		release_sock(ws->sk);
	} else {
		queue_work(ws_ov_wq, &ws->ovs->work);
	}
	return -EINPROGRESS;
}

/* The destination of a send, checked as sendto checks it. */
static int ws_ov_send_addr(struct ws_sock *ws, struct ws_req *req,
			   const struct ws_io *io)
{
	union ws_addr a;
	int len;

	if (!io->addr || ws_is_stream(ws))
		return 0;	/* Winsock: a stream ignores the address */
	/* As sendto: up to a sockaddr_storage, of which the address is read. */
	if (io->addrlen > sizeof(struct sockaddr_storage))
		return -EINVAL;
	len = min_t(u32, io->addrlen, sizeof(a));
	if (copy_from_user(&a, u64_to_user_ptr(io->addr), len))
		return -EFAULT;
	len = ws_addr_check(ws, &a.sa, len);
	if (len < 0)
		return len;
	memcpy(&req->addr, &a, len);
	req->addrlen = len;
	return 0;
}

/*
 * WSARecvMsg: ctx[0]/ctx[1] the caller's control buffer, ctx[2] its
 * Control.len, ctx[3] its dwFlags. WSASendMsg: ctx[0]/ctx[1] the control
 * data in Linux's layout, which libws converted.
 */
static int ws_ov_submit_ctl(struct ws_req *req, const struct ws_io *io)
{
	if (req->op == WS_OP_RECV && io->ctx[2]) {
		if (io->ctx[1] && !io->ctx[0])
			return -EFAULT;
		req->ctl = kzalloc(sizeof(*req->ctl), GFP_KERNEL_ACCOUNT);
		if (!req->ctl)
			return -ENOMEM;
		req->ctl->room = min_t(u64, io->ctx[1], WS_CTL_MAX);
	} else if (req->op == WS_OP_SEND && io->ctx[1]) {
		if (io->ctx[1] > WS_CTL_MAX)
			return -ENOBUFS;
		req->sctl = memdup_user(u64_to_user_ptr(io->ctx[0]), io->ctx[1]);
		if (IS_ERR(req->sctl)) {
			int err = PTR_ERR(req->sctl);

			req->sctl = NULL;
			return err;
		}
		req->sctl_len = io->ctx[1];
	}
	return 0;
}

static long ws_ov_submit(struct socket *sock, void __user *argp)
{
	struct ws_sock *ws = ws_sk(sock);
	struct iovec stack_iov[UIO_FASTIOV], *iov = stack_iov;
	struct ws_res res = { };
	struct ws_req *req;
	struct ws_io io;
	size_t total = 0;
	int err, sent;

	if (copy_from_user(&io, argp, sizeof(io)))
		return -EFAULT;
	if ((io.ioflags & ~(WS_IO_NO_PORT | WS_IO_REPORTED_PENDING)) || io.pad2 ||
	    !io.ov || io.nbufs > WS_MAX_IOV)
		return -EINVAL;
	switch (io.op) {
	case WS_OP_RECV:
		if (io.flags & ~WS_RECV_OV_FLAGS)
			return -EOPNOTSUPP;
		if ((io.flags & (MSG_OOB | WS_MSG_WAITALL)) && !ws_is_stream(ws))
			return -EOPNOTSUPP;
		break;
	case WS_OP_SEND:
		if (io.flags & ~WS_SEND_OV_FLAGS)
			return -EOPNOTSUPP;
		if ((io.flags & MSG_OOB) && !ws_is_stream(ws))
			return -EOPNOTSUPP;
		break;
	case WS_OP_COMPLETE:
	case WS_OP_ACCEPT:
		if (io.flags || io.nbufs)
			return -EINVAL;
		break;
	case WS_OP_CONNECT:
	case WS_OP_TRANSMIT:
		if (io.flags)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}

	if (!ws_ovs_get(ws))
		return -ENOMEM;
	ws_ov_reap(ws);
	req = ws_req_alloc(ws, &io);
	if (!req)
		return -ENOMEM;
	err = ws_req_notify_prepare(req, &io);
	if (err)
		goto out_free;
	/* Windows stores STATUS_PENDING before it starts: a bad OVERLAPPED fails now. */
	if (req->ptr_size == 4)
		err = put_user(WS_STATUS_PENDING, (u32 __user *)u64_to_user_ptr(io.ov));
	else
		err = put_user((u64)WS_STATUS_PENDING, (u64 __user *)u64_to_user_ptr(io.ov));
	if (err)
		goto out_free;

	/*
	 * On a socket with a completion port, an operation that completes
	 * at once queues a packet, counted against its user: counted now,
	 * before anything is received or sent.
	 */
	if (smp_load_acquire(&ws->port)) {
		err = ws_req_charge_user(req);
		if (err)
			goto out_free;
	}
	if (io.op == WS_OP_COMPLETE) {
		res.status = io.ctx[0];
		res.bytes = io.ctx[1];
		err = ws_req_complete_now(req, &io, &res);
		goto out_result;
	}
	if (io.op == WS_OP_ACCEPT) {
		err = ws_ov_submit_accept(ws, req, &io);
		if (!err)
			err = ws_ov_queue(ws, req);
		if (err == -EINPROGRESS)
			req = NULL;
		goto out_free;
	}

	err = ws_ov_submit_ctl(req, &io);
	if (err)
		goto out_free;
	if (io.nbufs > UIO_FASTIOV) {
		iov = kmalloc_array(io.nbufs, sizeof(*iov), GFP_KERNEL);
		if (!iov) {
			err = -ENOMEM;
			goto out_free;
		}
	}
	err = ws_get_iov(&io, iov, &total);
	if (err)
		goto out_free;
	req->len = total;

	if (io.op == WS_OP_CONNECT) {
		err = ws_ov_submit_connect(ws, req);
		if (err)
			goto out_free;
	} else if (io.op == WS_OP_TRANSMIT) {
		/* Always pends, as on Windows (Wine test_TransmitFile). */
		err = ws_ov_submit_transmit(ws, req, &io, iov);
		if (err)
			goto out_free;
	} else if (io.op == WS_OP_RECV) {
		err = ws_ov_check_recv(ws);
		if (err)
			goto out_free;
		err = -EAGAIN;
		if (list_empty_careful(&ws->ovs->rx_reqs))
			err = ws_ov_recv_now(ws, req, iov, io.nbufs, total, &res);
		if (err != -EAGAIN) {
			if (!err)
				err = ws_req_complete_now(req, &io, &res);
			goto out_result;
		}
	} else {
		err = ws_ov_check_send(ws);
		if (!err)
			err = ws_ov_send_addr(ws, req, &io);
		if (err)
			goto out_free;
		sent = -EAGAIN;
		if (list_empty_careful(&ws->ovs->tx_reqs)) {
			sent = ws_ov_send_now(ws, req, iov, io.nbufs, total);
			if (sent < 0 && sent != -EAGAIN) {
				err = sent;
				goto out_free;
			}
			if (sent == total) {
				res.status = WS_STATUS_SUCCESS;
				res.bytes = total;
				err = ws_req_complete_now(req, &io, &res);
				goto out_result;
			}
		}
		req->done = sent > 0 ? sent : 0;
	}

	/* It waits: hold its pages and the result fields, and queue it. */
	err = ws_req_pin_data(req, iov, io.nbufs, req->done, total - req->done);
	if (!err)
		err = ws_req_pin_results(req, &io);
	if (!err)
		err = ws_ov_queue(ws, req);
	if (err == -EINPROGRESS) {
		req = NULL;
		goto out_iov;
	}
	goto out_free;

out_result:
	if (!err) {
		io.bytes = res.bytes;
		io.status = res.status;
		if (copy_to_user(argp, &io, sizeof(io)))
			err = -EFAULT;
	}
out_free:
	if (req)
		ws_req_free(req);
out_iov:
	if (iov != stack_iov)
		kfree(iov);
	return err;
}

/* --- cancellation and waits ----------------------------------------------- */

/*
 * Move the operations of @list for @ov (0: any) submitted by @pid (NULL:
 * anyone) to @out; one the worker is carrying out is marked to complete
 * with @status instead. Count them.
 */
static unsigned int ws_ov_take(struct ws_sock *ws, struct list_head *list,
			       u64 ov, struct pid *pid, u32 status,
			       struct list_head *out)
{
	struct ws_req *req, *next;
	unsigned int n = 0;

	lockdep_assert_held(&ws->ovs->lock);
	list_for_each_entry_safe(req, next, list, node) {
		if ((ov && req->ov != ov) || (pid && req->pid != pid))
			continue;
		/*
		 * Not started yet: its submitter arms or drops it at once,
		 * and must not find it gone (release takes it).
		 */
		if (req->state == WS_RQ_REGISTERED && !ws->ovs->closing)
			continue;
		n++;
		if (req->busy) {
			req->cancel = true;	/* the worker completes it */
			req->cancel_status = status;
		} else {
			ws_req_unlink(ws, req);
			list_add_tail(&req->node, out);
		}
	}
	return n;
}

/* Take every operation of the socket for @ov (0: any) by @pid (NULL: any). */
static unsigned int ws_ov_take_all(struct ws_sock *ws, u64 ov, struct pid *pid,
				   u32 rx_status, u32 status,
				   struct list_head *out)
{
	unsigned int n;

	n = ws_ov_take(ws, &ws->ovs->rx_reqs, ov, pid, rx_status, out);
	n += ws_ov_take(ws, &ws->ovs->tx_reqs, ov, pid, status, out);
	n += ws_ov_take(ws, &ws->ovs->conn_reqs, ov, pid, status, out);
	n += ws_ov_take(ws, &ws->ovs->acc_reqs, ov, pid, status, out);
	n += ws_ov_take(ws, &ws->ovs->acc_recv, ov, pid, status, out);
	return n;
}

/* Complete the operations taken; a stream receive's status is @rx_status. */
static void ws_ov_complete_list(struct ws_sock *ws, struct list_head *list,
				u32 rx_status, u32 status)
{
	struct ws_res res = { };
	struct ws_req *req, *next;

	list_for_each_entry_safe(req, next, list, node) {
		list_del_init(&req->node);
		res.status = req->op == WS_OP_RECV ? rx_status : status;
		/* What a MSG_WAITALL receive gathered is the caller's. */
		res.bytes = req->done;
		if (req->op == WS_OP_ACCEPT) {
			res.bytes = 0;
			ws_ov_acc_done(req, &res);
		} else {
			ws_req_done(req, &res);
		}
	}
}

/* Remove a registered operation of the calling thread, uncompleted. */
static long ws_ov_drop(struct ws_sock *ws, u64 ov)
{
	struct list_head *lists[] = { &ws->ovs->conn_reqs, &ws->ovs->acc_reqs };
	struct pid *me = task_pid(current);
	struct ws_req *req, *found = NULL;
	unsigned int i;

	spin_lock_bh(&ws->ovs->lock);
	for (i = 0; i < ARRAY_SIZE(lists) && !found; i++) {
		list_for_each_entry(req, lists[i], node) {
			if (req->ov == ov && req->state == WS_RQ_REGISTERED &&
			    req->pid == me && !req->busy) {
				found = req;
				ws_req_unlink(ws, req);
				break;
			}
		}
	}
	spin_unlock_bh(&ws->ovs->lock);
	if (!found)
		return -ENOENT;
	ws_req_free(found);
	return 1;
}

static long ws_ov_cancel(struct socket *sock, void __user *argp)
{
	struct ws_sock *ws = ws_sk(sock);
	struct ws_cancel c;
	struct pid *pid = NULL;
	unsigned int n;
	LIST_HEAD(out);

	if (copy_from_user(&c, argp, sizeof(c)))
		return -EFAULT;
	if (c.pad || (c.flags & ~(WS_CANCEL_THREAD | WS_CANCEL_DROP)))
		return -EINVAL;
	if ((c.flags & WS_CANCEL_DROP) && !c.ov)
		return -EINVAL;
	/* No operation was ever submitted on the socket. */
	if (!ws->ovs)
		return c.ov ? -ENOENT : 0;
	if (c.flags & WS_CANCEL_DROP)
		return ws_ov_drop(ws, c.ov);
	if (c.flags & WS_CANCEL_THREAD)
		pid = task_pid(current);

	spin_lock_bh(&ws->ovs->lock);
	n = ws_ov_take_all(ws, c.ov, pid, WS_STATUS_CANCELLED,
			   WS_STATUS_CANCELLED, &out);
	spin_unlock_bh(&ws->ovs->lock);
	ws_ov_complete_list(ws, &out, WS_STATUS_CANCELLED, WS_STATUS_CANCELLED);
	ws_ov_reap(ws);
	if (!n && c.ov)
		return -ENOENT;
	return min_t(unsigned int, n, INT_MAX);
}

static bool ws_ov_is_pending(struct ws_sock *ws, u64 ov)
{
	struct list_head *lists[] = { &ws->ovs->rx_reqs, &ws->ovs->tx_reqs,
				      &ws->ovs->conn_reqs, &ws->ovs->acc_reqs,
				      &ws->ovs->acc_recv };
	struct ws_req *req;
	bool found = false;
	unsigned int i;

	spin_lock_bh(&ws->ovs->lock);
	for (i = 0; i < ARRAY_SIZE(lists); i++)
		list_for_each_entry(req, lists[i], node)
			found |= req->ov == ov;
	spin_unlock_bh(&ws->ovs->lock);
	return found;
}

/*
 * Does the caller's OVERLAPPED at @ov still read STATUS_PENDING? Without
 * faulting: the caller is about to sleep.
 */
static bool ws_ov_user_pending(u64 ov)
{
	u32 st32;
	u64 st;

	if (in_compat_syscall()) {
		if (copy_from_user_nofault(&st32, u64_to_user_ptr(ov), sizeof(st32)))
			return false;
		return st32 == WS_STATUS_PENDING;
	}
	if (copy_from_user_nofault(&st, u64_to_user_ptr(ov), sizeof(st)))
		return false;
	return st == WS_STATUS_PENDING;
}

/* How long an operation off its list may take to store its result. */
#define WS_OV_STORE_GRACE_NS	(100 * NSEC_PER_MSEC)

static long ws_ov_wait(struct socket *sock, void __user *argp)
{
	struct ws_sock *ws = ws_sk(sock);
	ktime_t timeout, grace = 0, until;
	struct ws_ov_wait w;
	DEFINE_WAIT(wait);
	int err = 0;

	if (copy_from_user(&w, argp, sizeof(w)))
		return -EFAULT;
	/* Its wait queue; the OVERLAPPED may be in flight on no socket. */
	if (!ws_ovs_get(ws))
		return -ENOMEM;
	timeout = w.timeout > KTIME_MAX ? KTIME_MAX : (ktime_t)w.timeout;
	for (;;) {
		prepare_to_wait(&ws->ovs->wq, &wait, TASK_INTERRUPTIBLE);
		/*
		 * An operation leaves its list, then stores its result and
		 * wakes us: until the result is there it is still pending
		 * (bounded, for an OVERLAPPED that was never submitted).
		 */
		if (!ws_ov_is_pending(ws, w.ov)) {
			if (!ws_ov_user_pending(w.ov))
				break;
			if (!grace)
				grace = ktime_add_ns(ktime_get(), WS_OV_STORE_GRACE_NS);
			else if (ktime_compare(ktime_get(), grace) >= 0)
				break;
		}
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		if (w.timeout != WS_TIMEOUT_INFINITE &&
		    ktime_compare(ktime_get(), timeout) >= 0) {
			err = -ETIMEDOUT;
			break;
		}
		until = timeout;
		if (grace && (w.timeout == WS_TIMEOUT_INFINITE ||
			      ktime_compare(grace, timeout) < 0))
			until = grace;
		schedule_hrtimeout_range_clock(w.timeout == WS_TIMEOUT_INFINITE &&
					       !grace ? NULL : &until, 0,
					       HRTIMER_MODE_ABS, CLOCK_MONOTONIC);
	}
	finish_wait(&ws->ovs->wq, &wait);
	return err;
}

/**
 * ws_ov_ioctl() - the overlapped I/O ioctls of a ws socket
 * @sock: the socket
 * @cmd: the command
 * @arg: its argument
 *
 * Context: process context, may sleep.
 * Return: the command's result, or -ENOIOCTLCMD if it is not one of these.
 */
int ws_ov_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case WS_IOC_SUBMIT:
		return ws_ov_submit(sock, argp);
	case WS_IOC_CANCEL:
		return ws_ov_cancel(sock, argp);
	case WS_IOC_OV_WAIT:
		return ws_ov_wait(sock, argp);
	case WS_IOC_ACCEPT_TAKE:
		return ws_ov_accept_take(sock);
	case WS_IOC_ASSOCIATE:
		return ws_port_associate(ws_sk(sock), argp);
	case WS_IOC_NOTIFY_MODES:
		return ws_port_notify_modes(ws_sk(sock), argp);
	case WS_IOC_INHERIT_PORT:
		return ws_port_inherit_ioctl(ws_sk(sock), argp);
	default:
		return -ENOIOCTLCMD;
	}
}

/* --- lifetime --------------------------------------------------------------- */

/**
 * ws_ovs_get() - the socket's overlapped state, allocated on first use
 * @ws: the socket, its file held by the caller
 *
 * Most sockets never have an overlapped operation: their state is not
 * allocated. Once published it stays until ws_ov_release(), which runs
 * after every other call on the file, so the caller may use it until it
 * returns; the socket's callbacks read ws->ovs with READ_ONCE().
 *
 * Context: process context, may sleep.
 * Return: the state, or NULL if it could not be allocated.
 */
struct ws_ovs *ws_ovs_get(struct ws_sock *ws)
{
	struct ws_ovs *ovs = READ_ONCE(ws->ovs), *old;

	if (likely(ovs))
		return ovs;
	ovs = kzalloc(sizeof(*ovs), GFP_KERNEL_ACCOUNT);
	if (!ovs)
		return NULL;
	ovs->ws = ws;
	spin_lock_init(&ovs->lock);
	INIT_LIST_HEAD(&ovs->rx_reqs);
	INIT_LIST_HEAD(&ovs->tx_reqs);
	INIT_LIST_HEAD(&ovs->dead);
	INIT_LIST_HEAD(&ovs->conn_reqs);
	INIT_LIST_HEAD(&ovs->acc_reqs);
	INIT_LIST_HEAD(&ovs->acc_recv);
	INIT_WORK(&ovs->work, ws_ov_work);
	INIT_DELAYED_WORK(&ovs->reap_work, ws_ov_reap_work);
	init_waitqueue_head(&ovs->wq);
	/* Fully ordered: whoever sees the pointer sees it initialised. */
	old = cmpxchg(&ws->ovs, NULL, ovs);
	if (old) {
		kfree(ovs);
		return old;
	}
	return ovs;
}

/**
 * ws_ov_release() - the socket is released: every pending operation ends
 * @ws: the socket, its callbacks already detached
 *
 * A stream's receives complete with STATUS_CONNECTION_ABORTED (what Windows
 * reports when the socket is closed under them), the rest with
 * STATUS_CANCELLED (an AcceptEx too, Windows' status for a closed
 * listener). An AcceptEx aimed at the socket is cancelled, and a
 * connection one accepted for it closed. Waits for the worker.
 *
 * Context: process context, may sleep.
 */
void ws_ov_release(struct ws_sock *ws)
{
	u32 rx_status = ws_is_stream(ws) ? WS_STATUS_CONNECTION_ABORTED :
					   WS_STATUS_CANCELLED;
	struct ws_ovs *ovs = ws->ovs;
	LIST_HEAD(out);

	ws_ov_acc_release_target(ws);
	if (!ovs)
		goto port;
	spin_lock_bh(&ws->ovs->lock);
	ws->ovs->closing = true;
	ws_ov_take_all(ws, 0, NULL, rx_status, WS_STATUS_CANCELLED, &out);
	spin_unlock_bh(&ws->ovs->lock);
	ws_ov_complete_list(ws, &out, rx_status, WS_STATUS_CANCELLED);
	/* A busy operation is completed by the worker, which we wait for. */
	cancel_work_sync(&ws->ovs->work);
	cancel_delayed_work_sync(&ws->ovs->reap_work);
	ws_ov_reap(ws);
	WARN_ON_ONCE(!list_empty(&ws->ovs->rx_reqs) || !list_empty(&ws->ovs->tx_reqs) ||
		     !list_empty(&ws->ovs->conn_reqs) || !list_empty(&ws->ovs->acc_reqs) ||
		     !list_empty(&ws->ovs->acc_recv) || ws->ovs->count);
	ws->ovs = NULL;
	kfree(ovs);
port:
	/* Every completion has been posted: the port may go. */
	ws_port_put(ws->port);
	ws->port = NULL;
}

int __init ws_ov_init_module(void)
{
	ws_req_cachep = KMEM_CACHE(ws_req, SLAB_ACCOUNT);
	if (!ws_req_cachep)
		return -ENOMEM;
	ws_ov_wq = alloc_workqueue("ws_ov", WQ_UNBOUND, 0);
	if (!ws_ov_wq) {
		kmem_cache_destroy(ws_req_cachep);
		return -ENOMEM;
	}
	return 0;
}

void ws_ov_exit_module(void)
{
	destroy_workqueue(ws_ov_wq);
	kmem_cache_destroy(ws_req_cachep);
}

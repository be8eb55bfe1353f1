/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ws: the differences between the supported kernels (Debian's 6.1 and 6.12),
 * in one place. Nothing else in the module tests LINUX_VERSION_CODE.
 */
#ifndef _WS_COMPAT_H
#define _WS_COMPAT_H

#include <linux/version.h>
#include <linux/net.h>
#include <net/sock.h>
#include <net/inet_common.h>

/*
 * proto_ops.accept: 6.10 replaced (int flags, bool kern) by
 * struct proto_accept_arg. ws_compat_accept() has the signature of the
 * kernel at hand and calls ws_do_accept().
 */
int ws_do_accept(struct socket *sock, struct socket *newsock, int flags,
		 bool kern);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
static inline int ws_compat_accept(struct socket *sock,
				   struct socket *newsock,
				   struct proto_accept_arg *arg)
{
	return ws_do_accept(sock, newsock, arg->flags, arg->kern);
}

/* inet_accept() of the kernel at hand: takes the connection into @newsock. */
static inline int ws_inet_accept(struct socket *sock, struct socket *newsock,
				 int flags, bool kern)
{
	struct proto_accept_arg arg = { .flags = flags, .kern = kern };

	return inet_accept(sock, newsock, &arg);
}
#else
static inline int ws_compat_accept(struct socket *sock,
				   struct socket *newsock, int flags, bool kern)
{
	return ws_do_accept(sock, newsock, flags, kern);
}

static inline int ws_inet_accept(struct socket *sock, struct socket *newsock,
				 int flags, bool kern)
{
	return inet_accept(sock, newsock, flags, kern);
}
#endif

/* 6.12 moved asm/unaligned.h to linux/unaligned.h. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * Symbols the KUnit test module reaches. kunit/visibility.h exports them
 * only when the kernel has KUnit; 6.1 lacks the header (and Debian's 6.1 has
 * no KUnit), so there they are exported in the same namespace, which no
 * module but the tests imports.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#include <kunit/visibility.h>
#else
#define EXPORT_SYMBOL_IF_KUNIT(symbol) \
	EXPORT_SYMBOL_NS(symbol, EXPORTED_FOR_KUNIT_TESTING)
#endif

/* User memory for KUnit tests: kunit_vm_mmap() came in 6.11. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define WS_HAVE_KUNIT_VM_MMAP
#endif

/* 6.13 made symbol namespaces string literals. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define WS_IMPORT_KUNIT_NS() MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define WS_IMPORT_KUNIT_NS() MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/*
 * IP socket state that 6.6 moved from bitfields into inet_flags (and IPv6
 * bitfields Linux 6.1 still has), read for getsockopt.
 */
#include <linux/ipv6.h>
#include <net/inet_sock.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
static inline bool ws_compat_inet_mc_loop(struct sock *sk)
{
	return inet_test_bit(MC_LOOP, sk);
}

static inline bool ws_compat_inet_cmsg(struct sock *sk, unsigned long flag)
{
	return inet_cmsg_flags(inet_sk(sk)) & flag;
}

static inline bool ws_compat_inet6_mc_loop(struct sock *sk)
{
	return inet6_test_bit(MC6_LOOP, sk);
}

static inline bool ws_compat_inet6_dontfrag(struct sock *sk)
{
	return inet6_test_bit(DONTFRAG, sk);
}

static inline int ws_compat_np_hop_limit(const struct ipv6_pinfo *np)
{
	return READ_ONCE(np->hop_limit);
}

static inline int ws_compat_np_mcast_hops(const struct ipv6_pinfo *np)
{
	return READ_ONCE(np->mcast_hops);
}

static inline int ws_compat_np_pmtudisc(const struct ipv6_pinfo *np)
{
	return READ_ONCE(np->pmtudisc);
}
#else
static inline bool ws_compat_inet_mc_loop(struct sock *sk)
{
	return inet_sk(sk)->mc_loop;
}

static inline bool ws_compat_inet_cmsg(struct sock *sk, unsigned long flag)
{
	return READ_ONCE(inet_sk(sk)->cmsg_flags) & flag;
}

static inline bool ws_compat_inet6_mc_loop(struct sock *sk)
{
	return inet6_sk(sk)->mc_loop;
}

static inline bool ws_compat_inet6_dontfrag(struct sock *sk)
{
	return inet6_sk(sk)->dontfrag;
}

/* Bitfields: plain reads, as 6.1's own getsockopt does. */
static inline int ws_compat_np_hop_limit(const struct ipv6_pinfo *np)
{
	return np->hop_limit;
}

static inline int ws_compat_np_mcast_hops(const struct ipv6_pinfo *np)
{
	return np->mcast_hops;
}

static inline int ws_compat_np_pmtudisc(const struct ipv6_pinfo *np)
{
	return np->pmtudisc;
}
#endif

/*
 * receive_fd() installs a file passed from another process as SCM_RIGHTS
 * does (the security modules' file_receive hook, the socket's cgroup
 * data) and writes its number to the caller. 6.7 gave it the user
 * pointer; before, only receive_fd(file, flags) is exported and installs
 * before the number can be written: the pointer is probed first, and a
 * fault after the install (the page unmapped meanwhile by another thread)
 * closes the descriptor again.
 */
#include <linux/file.h>
#include <linux/fdtable.h>
#include <linux/uaccess.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
static inline int ws_receive_fd(struct file *file, int __user *ufd,
				unsigned int o_flags)
{
	return receive_fd(file, ufd, o_flags);
}
#else
static inline int ws_receive_fd(struct file *file, int __user *ufd,
				unsigned int o_flags)
{
	int fd;

	if (put_user(-1, ufd))
		return -EFAULT;
	fd = receive_fd(file, o_flags);
	if (fd >= 0 && put_user(fd, ufd)) {
		close_fd(fd);
		return -EFAULT;
	}
	return fd;
}
#endif

/*
 * request_sock_ops.send_reset: 6.10 added the reason of the reset. The
 * reset TCP sends to a SYN it refuses (synhold.c's CF_REJECT).
 */
#include <net/request_sock.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
static inline void ws_compat_send_reset(const struct request_sock_ops *ops,
					const struct sock *sk,
					struct sk_buff *skb)
{
	ops->send_reset(sk, skb, SK_RST_REASON_NOT_SPECIFIED);
}
#else
static inline void ws_compat_send_reset(const struct request_sock_ops *ops,
					const struct sock *sk,
					struct sk_buff *skb)
{
	ops->send_reset(sk, skb);
}
#endif

#endif /* _WS_COMPAT_H */

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

/*
 * proto_ops.accept: 6.10 replaced (int flags, bool kern) by
 * struct proto_accept_arg. The module implements ws_do_accept(sock, newsock,
 * flags, kern) and WS_DEFINE_ACCEPT() wraps it in the right signature.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define WS_DEFINE_ACCEPT(name, impl)					\
static int name(struct socket *sock, struct socket *newsock,		\
		struct proto_accept_arg *arg)				\
{									\
	return impl(sock, newsock, arg->flags, arg->kern);		\
}
#else
#define WS_DEFINE_ACCEPT(name, impl)					\
static int name(struct socket *sock, struct socket *newsock,		\
		int flags, bool kern)					\
{									\
	return impl(sock, newsock, flags, kern);			\
}
#endif

/*
 * Symbols the KUnit test module reaches: exported only when the kernel has
 * KUnit (kunit/visibility.h exists from 6.2; KUnit is only enabled in the
 * 6.12 debug kernel).
 */
#if IS_ENABLED(CONFIG_KUNIT)
#include <kunit/visibility.h>
#else
#define EXPORT_SYMBOL_IF_KUNIT(symbol)
#endif

#endif /* _WS_COMPAT_H */

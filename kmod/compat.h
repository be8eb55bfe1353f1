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

/* 6.13 made symbol namespaces string literals. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define WS_IMPORT_KUNIT_NS() MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define WS_IMPORT_KUNIT_NS() MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

#endif /* _WS_COMPAT_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * ws: the protocol catalog (WSAEnumProtocols, SO_PROTOCOL_INFO).
 *
 * The module is one Winsock service provider, and its catalog lists the
 * kinds of socket it makes (uapi/linux/ws.h, "The protocol catalog"). Each
 * entry is the WSAPROTOCOL_INFO the provider reports for it and the lower
 * socket it stands for. A ws socket belongs to the first entry of its
 * address family, type and protocol that admits its multipoint role
 * (WSASocket's WSA_FLAG_MULTIPOINT_* flags); several entries may share a
 * type and protocol and differ in their multipoint planes.
 *
 * Lifetimes and locking: the catalog is a constant table, so entries live
 * as long as the module and are read without locks; a socket keeps a
 * pointer to its entry, set when it is created (or accepted) and never
 * changed.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/uaccess.h>

#include "ws.h"

/* The flags Windows reports for TCP and UDP (Wine test_WSAEnumProtocols). */
#define WS_XP1_STREAM	(WS_XP1_GUARANTEED_DELIVERY | WS_XP1_GUARANTEED_ORDER | \
			 WS_XP1_GRACEFUL_CLOSE | WS_XP1_EXPEDITED_DATA | \
			 WS_XP1_IFS_HANDLES)
#define WS_XP1_DGRAM	(WS_XP1_CONNECTIONLESS | WS_XP1_MESSAGE_ORIENTED | \
			 WS_XP1_SUPPORT_BROADCAST | WS_XP1_SUPPORT_MULTIPOINT | \
			 WS_XP1_IFS_HANDLES)

/* Rooted multipoint over TCP (rooted.c): both planes rooted, framed messages. */
#define WS_XP1_ROOTED	(WS_XP1_GUARANTEED_DELIVERY | WS_XP1_GUARANTEED_ORDER | \
			 WS_XP1_MESSAGE_ORIENTED | WS_XP1_GRACEFUL_CLOSE | \
			 WS_XP1_CONNECT_DATA | WS_XP1_SUPPORT_MULTIPOINT | \
			 WS_XP1_MULTIPOINT_CONTROL_PLANE | \
			 WS_XP1_MULTIPOINT_DATA_PLANE | WS_XP1_IFS_HANDLES)

/* SOCKADDR_IN and SOCKADDR_IN6, whose layouts Linux's share. */
#define WS_SIN_LEN	((int)sizeof(struct sockaddr_in))
#define WS_SIN6_LEN	((int)sizeof(struct sockaddr_in6))

struct ws_catalog_entry {
	struct ws_protocol_info	info;
};

#define WS_ENTRY(_id, _name, _af, _type, _proto, _flags, _minaddr, _maxaddr, \
		 _msg) { \
	.info = {							\
		.service_flags = { _flags },				\
		.provider_flags = WS_PFL_MATCHES_PROTOCOL_ZERO,		\
		.provider_id = WS_PROVIDER_GUID,			\
		.catalog_entry_id = (_id),				\
		.chain_len = 1,						\
		.version = 2,						\
		.address_family = (_af),				\
		.max_sockaddr = (_maxaddr),				\
		.min_sockaddr = (_minaddr),				\
		.socket_type = (_type),					\
		.protocol = (_proto),					\
		.message_size = (_msg),					\
		.name = _name,						\
	},								\
}

/* In catalog order; new entries go at the end, with new ids. */
static const struct ws_catalog_entry ws_catalog[] = {
	WS_ENTRY(1001, "ws [TCP/IP]", WS_AF_INET, SOCK_STREAM, IPPROTO_TCP,
		 WS_XP1_STREAM, WS_SIN_LEN, WS_SIN_LEN, 0),
	WS_ENTRY(1002, "ws [UDP/IP]", WS_AF_INET, SOCK_DGRAM, IPPROTO_UDP,
		 WS_XP1_DGRAM, WS_SIN_LEN, WS_SIN_LEN, WS_UDP4_MAX_MSG),
	WS_ENTRY(1003, "ws [TCP/IPv6]", WS_AF_INET6, SOCK_STREAM, IPPROTO_TCP,
		 WS_XP1_STREAM, WS_SIN6_LEN, WS_SIN6_LEN, 0),
	WS_ENTRY(1004, "ws [UDP/IPv6]", WS_AF_INET6, SOCK_DGRAM, IPPROTO_UDP,
		 WS_XP1_DGRAM, WS_SIN6_LEN, WS_SIN6_LEN, WS_UDP6_MAX_MSG),
	WS_ENTRY(1005, "ws [rooted multipoint over TCP/IP]", WS_AF_INET,
		 SOCK_SEQPACKET, IPPROTO_TCP, WS_XP1_ROOTED, WS_SIN_LEN,
		 WS_SIN_LEN, WS_RT_MAX_MSG),
	WS_ENTRY(1006, "ws [rooted multipoint over TCP/IPv6]", WS_AF_INET6,
		 SOCK_SEQPACKET, IPPROTO_TCP, WS_XP1_ROOTED, WS_SIN6_LEN,
		 WS_SIN6_LEN, WS_RT_MAX_MSG),
};

unsigned int ws_catalog_count(void)
{
	return ARRAY_SIZE(ws_catalog);
}
EXPORT_SYMBOL_IF_KUNIT(ws_catalog_count);

const struct ws_protocol_info *ws_catalog_at(unsigned int i)
{
	return i < ARRAY_SIZE(ws_catalog) ? &ws_catalog[i].info : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(ws_catalog_at);

const struct ws_protocol_info *ws_catalog_info(const struct ws_catalog_entry *e)
{
	return &e->info;
}
EXPORT_SYMBOL_IF_KUNIT(ws_catalog_info);

/**
 * ws_catalog_role_check() - may a socket of this entry have this role?
 * @info: the catalog entry
 * @role: WS_PROTOCOL_MP_* bits; 0 for a point-to-point socket
 *
 * The WSASocket page: a multipoint socket has exactly one of C_ROOT and
 * C_LEAF and exactly one of D_ROOT and D_LEAF; C_ROOT is "only allowed if
 * a rooted control plane is indicated", D_ROOT if a rooted data plane is,
 * and the leaf roles "only ... if XP1_SUPPORT_MULTIPOINT is indicated".
 *
 * Return: 0, or -EINVAL.
 */
int ws_catalog_role_check(const struct ws_protocol_info *info, u32 role)
{
	u32 flags = info->service_flags[0];
	u32 c = role & (WS_PROTOCOL_MP_C_ROOT | WS_PROTOCOL_MP_C_LEAF);
	u32 d = role & (WS_PROTOCOL_MP_D_ROOT | WS_PROTOCOL_MP_D_LEAF);

	if (!role)
		return 0;
	if ((role & ~WS_PROTOCOL_MP_MASK) || hweight32(c) != 1 ||
	    hweight32(d) != 1 || !(flags & WS_XP1_SUPPORT_MULTIPOINT))
		return -EINVAL;
	if ((c & WS_PROTOCOL_MP_C_ROOT) &&
	    !(flags & WS_XP1_MULTIPOINT_CONTROL_PLANE))
		return -EINVAL;
	if ((d & WS_PROTOCOL_MP_D_ROOT) &&
	    !(flags & WS_XP1_MULTIPOINT_DATA_PLANE))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ws_catalog_role_check);

/**
 * ws_catalog_find() - the catalog entry of a new socket
 * @af: its Winsock address family (WS_AF_INET, WS_AF_INET6)
 * @type: SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET
 * @protocol: IPPROTO_TCP or IPPROTO_UDP (0 already resolved)
 * @role: its multipoint role, WS_PROTOCOL_MP_* bits
 * @nth: 0, or which entry of @af, @type and @protocol (1: the first), as
 *	WS_PROTOCOL_ENTRY() gives it
 *
 * Return: with @nth 0, the first entry of @af, @type and @protocol that
 * admits @role; with @nth, that entry if it admits @role.
 * ERR_PTR(-EINVAL) if the entries exist and none admits @role, and
 * ERR_PTR(-EPROTONOSUPPORT) if there is no such entry at all.
 */
const struct ws_catalog_entry *ws_catalog_find(int af, int type, int protocol,
					       u32 role, u32 nth)
{
	int err = -EPROTONOSUPPORT;
	unsigned int i, seen = 0;

	for (i = 0; i < ARRAY_SIZE(ws_catalog); i++) {
		const struct ws_protocol_info *info = &ws_catalog[i].info;

		if (info->address_family != af || info->socket_type != type ||
		    info->protocol != protocol)
			continue;
		if (nth && ++seen != nth)
			continue;
		err = ws_catalog_role_check(info, role);
		if (!err || nth)
			return err ? ERR_PTR(err) : &ws_catalog[i];
	}
	return ERR_PTR(err);
}
EXPORT_SYMBOL_IF_KUNIT(ws_catalog_find);

/**
 * ws_catalog_ioctl() - WS_IOC_PROTOCOLS
 * @argp: the caller's struct ws_protocols
 *
 * Context: process context.
 * Return: 0 or -EFAULT.
 */
int ws_catalog_ioctl(void __user *argp)
{
	struct ws_protocols args;
	struct ws_protocol_info __user *out;
	unsigned int i, n;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	out = u64_to_user_ptr(args.entries);
	n = min_t(u32, args.max, ARRAY_SIZE(ws_catalog));
	for (i = 0; i < n; i++)
		if (copy_to_user(&out[i], &ws_catalog[i].info,
				 sizeof(ws_catalog[i].info)))
			return -EFAULT;
	args.count = ARRAY_SIZE(ws_catalog);
	if (put_user(args.count, &((struct ws_protocols __user *)argp)->count))
		return -EFAULT;
	return 0;
}

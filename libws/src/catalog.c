// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The protocol catalog: WSAEnumProtocolsA/W, SO_PROTOCOL_INFOA/W and the
 * WSAPROTOCOL_INFO that WSASocket takes.
 *
 * The catalog is the ws module's (uapi/linux/ws.h, "The protocol
 * catalog"): one entry per kind of socket it makes, in fixed-size fields
 * and Winsock's numbers. This file only formats entries as
 * WSAPROTOCOL_INFOA (the name as it is: ASCII) or WSAPROTOCOL_INFOW (the
 * name widened), and applies the rules Windows applies around them, as
 * Wine's conformance tests record them (dlls/ws2_32/tests/protocol.c
 * test_WSAEnumProtocols, sock.c test_set_getsockopt and test_WSASocket).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <winsock2.h>

#include "internal.h"

/* WSAPROTOCOL_INFOA and W differ from szProtocol on only. */
_Static_assert(offsetof(WSAPROTOCOL_INFOA, szProtocol) ==
	       offsetof(WSAPROTOCOL_INFOW, szProtocol), "WSAPROTOCOL_INFO");
#define INFO_HEAD	offsetof(WSAPROTOCOL_INFOA, szProtocol)

/* More than the module will ever list; the rest would be ignored. */
#define MAX_ENTRIES	32

/* A filter longer than this, without its terminating 0, is WSAEINVAL. */
#define MAX_FILTER	1024

/* Entry @e as a WSAPROTOCOL_INFOW without its name. */
static void info_head(const struct wsl_protocol_info *e, WSAPROTOCOL_INFOW *w)
{
	int i;

	memset(w, 0, sizeof(*w));
	w->dwServiceFlags1 = e->service_flags[0];
	w->dwServiceFlags2 = e->service_flags[1];
	w->dwServiceFlags3 = e->service_flags[2];
	w->dwServiceFlags4 = e->service_flags[3];
	w->dwProviderFlags = e->provider_flags;
	w->ProviderId.Data1 = e->provider_id.data1;
	w->ProviderId.Data2 = e->provider_id.data2;
	w->ProviderId.Data3 = e->provider_id.data3;
	memcpy(w->ProviderId.Data4, e->provider_id.data4,
	       sizeof(w->ProviderId.Data4));
	w->dwCatalogEntryId = e->catalog_entry_id;
	w->ProtocolChain.ChainLen = e->chain_len;
	for (i = 0; i < MAX_PROTOCOL_CHAIN; i++)
		w->ProtocolChain.ChainEntries[i] = e->chain_entries[i];
	w->iVersion = e->version;
	w->iAddressFamily = e->address_family;
	w->iMaxSockAddr = e->max_sockaddr;
	w->iMinSockAddr = e->min_sockaddr;
	w->iSocketType = e->socket_type;
	w->iProtocol = e->protocol;
	w->iProtocolMaxOffset = e->protocol_max_offset;
	w->iNetworkByteOrder = e->network_byte_order;
	w->iSecurityScheme = e->security_scheme;
	w->dwMessageSize = e->message_size;
	w->dwProviderReserved = e->provider_reserved;
}

/* Entry @e as a WSAPROTOCOL_INFOA (@wide 0) or W (@wide 1) in @out. */
static void info_format(const struct wsl_protocol_info *e, int wide, void *out)
{
	WSAPROTOCOL_INFOW w;
	size_t i;

	info_head(e, &w);
	if (wide) {
		for (i = 0; i < WSL_PROTOCOL_NAME_LEN && e->name[i]; i++)
			w.szProtocol[i] = (WCHAR)(unsigned char)e->name[i];
		memcpy(out, &w, sizeof(w));
	} else {
		WSAPROTOCOL_INFOA *a = out;

		memset(a, 0, sizeof(*a));
		memcpy(a, &w, INFO_HEAD);
		for (i = 0; i < WSL_PROTOCOL_NAME_LEN && e->name[i]; i++)
			a->szProtocol[i] = e->name[i];
	}
}

static size_t info_size(int wide)
{
	return wide ? sizeof(WSAPROTOCOL_INFOW) : sizeof(WSAPROTOCOL_INFOA);
}

/* The module's catalog: the number of entries in @cat, or -errno. */
static int catalog_read(struct wsl_protocol_info cat[MAX_ENTRIES])
{
	int n = wsys_protocols(cat, MAX_ENTRIES);

	return n > MAX_ENTRIES ? MAX_ENTRIES : n;
}

/*
 * Reads the caller's 0-terminated protocol list into @list (at most
 * MAX_FILTER values): an int at a time up to the end of each page, so
 * that a list that ends just before an unmapped page is read.
 * Return: the number of values, -WSAEFAULT, -WSAEINVAL (too long).
 */
static int filter_read(const INT *user, INT *list)
{
	const size_t page = 4096;
	int n = 0, r, i, chunk;
	INT buf[64];

	for (;;) {
		uintptr_t p = (uintptr_t)(user + n);

		chunk = (int)((page - p % page) / sizeof(INT));
		if (chunk < 1)
			chunk = 1;
		if (chunk > (int)(sizeof(buf) / sizeof(buf[0])))
			chunk = sizeof(buf) / sizeof(buf[0]);
		r = wsys_copy_in(buf, user + n, (size_t)chunk * sizeof(INT));
		if (r < 0)
			return -WSAEFAULT;
		for (i = 0; i < chunk; i++) {
			if (!buf[i])
				return n;
			if (n == MAX_FILTER)
				return -WSAEINVAL;
			list[n++] = buf[i];
		}
	}
}

/*
 * Does entry @e serve a protocol of @list (@n values)? The WSAPROTOCOL_INFO
 * page: iProtocol up to iProtocol + iProtocolMaxOffset.
 */
static int filter_match(const struct wsl_protocol_info *e, const INT *list,
			int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i] >= e->protocol &&
		    (int64_t)list[i] <= (int64_t)e->protocol + e->protocol_max_offset)
			return 1;
	return 0;
}

/*
 * WSAEnumProtocols: the spec's rules, and Windows' where Wine's
 * test_WSAEnumProtocols records them: a buffer too small for the entries,
 * or none at all, is WSAENOBUFS with *lpdwBufferLength the size they need
 * (even when the length given was enough); protocols of the filter that
 * no entry serves are left out. Entries come in catalog order; PFL_HIDDEN
 * ones never.
 */
static int enum_protocols(const INT *filter, void *buffer, DWORD *len,
			  int wide)
{
	struct wsl_protocol_info cat[MAX_ENTRIES];
	INT list[MAX_FILTER];
	int n, i, nf = 0, count = 0, r;
	DWORD room, need;
	char *out = buffer;

	if (!ws_started())
		return ws_fail(-WSANOTINITIALISED);
	if (!len || wsys_copy_in(&room, len, sizeof(room)) < 0)
		return ws_fail(-WSAEFAULT);
	if (filter) {
		nf = filter_read(filter, list);
		if (nf < 0)
			return ws_fail(nf);
	}
	n = catalog_read(cat);
	if (n < 0)
		return ws_fail(n);
	for (i = 0; i < n; i++) {
		if ((cat[i].provider_flags & PFL_HIDDEN) ||
		    (filter && !filter_match(&cat[i], list, nf)))
			continue;
		cat[count++] = cat[i];
	}
	need = (DWORD)(count * info_size(wide));
	if (count && (!buffer || room < need)) {
		r = wsys_copy_out(len, &need, sizeof(need));
		return ws_fail(r < 0 ? r : -WSAENOBUFS);
	}
	for (i = 0; i < count; i++) {
		union {
			WSAPROTOCOL_INFOA	a;
			WSAPROTOCOL_INFOW	w;
		} info;

		info_format(&cat[i], wide, &info);
		r = wsys_copy_out(out + i * info_size(wide), &info,
				  info_size(wide));
		if (r < 0)
			return ws_fail(r);
	}
	return count;
}

LIBWS_EXPORT int WSAAPI WSAEnumProtocolsA(LPINT lpiProtocols,
					  LPWSAPROTOCOL_INFOA lpProtocolBuffer,
					  LPDWORD lpdwBufferLength)
{
	return enum_protocols(lpiProtocols, lpProtocolBuffer, lpdwBufferLength,
			      0);
}

LIBWS_EXPORT int WSAAPI WSAEnumProtocolsW(LPINT lpiProtocols,
					  LPWSAPROTOCOL_INFOW lpProtocolBuffer,
					  LPDWORD lpdwBufferLength)
{
	return enum_protocols(lpiProtocols, lpProtocolBuffer, lpdwBufferLength,
			      1);
}

/**
 * ws_protocol_info_get() - getsockopt(SO_PROTOCOL_INFOA or W)
 * @fd: the socket
 * @wide: SO_PROTOCOL_INFOW
 * @optval: the caller's buffer
 * @len: its size, as the caller gave it (>= 0)
 * @optlen: the caller's optlen
 *
 * Wine test_set_getsockopt: a room shorter than the structure is WSAEFAULT
 * with *optlen set to the structure's size; a longer one gets the
 * structure and keeps its *optlen.
 *
 * Return: 0, -WSAEFAULT, -errno.
 */
int ws_protocol_info_get(int fd, int wide, void *optval, int len, int *optlen)
{
	struct wsl_protocol_info e;
	union {
		WSAPROTOCOL_INFOA	a;
		WSAPROTOCOL_INFOW	w;
	} info;
	int size = (int)info_size(wide), r;

	if (len < size) {
		r = wsys_copy_out(optlen, &size, sizeof(size));
		return r < 0 ? r : -WSAEFAULT;
	}
	r = wsys_protocol_info(fd, &e);
	if (r < 0)
		return r;
	info_format(&e, wide, &info);
	return wsys_copy_out(optval, &info, (size_t)size);
}

/**
 * ws_protocol_info_apply() - WSASocket's lpProtocolInfo
 * @user: the caller's WSAPROTOCOL_INFOA or W
 * @af: in: WSASocket's af; out: the address family to create
 * @type: same for the type
 * @protocol: same for the protocol
 * @entry: out: the entry, and which of its af, type and protocol it is
 *
 * The WSASocket page: the socket is made by the provider of the entry,
 * and FROM_PROTOCOL_INFO takes iAddressFamily, iSocketType or iProtocol
 * from it. Windows also takes them for 0 (Wine test_WSASocket), and
 * otherwise uses what was given; the entry only has to be one of the
 * catalog's.
 *
 * Return: 0, -WSAEFAULT (unreadable), -WSAEINVAL (dwCatalogEntryId is no
 * entry of the catalog), -WSAEAFNOSUPPORT (no module), -errno.
 */
int ws_protocol_info_apply(const void *user, int *af, int *type,
			   int *protocol, struct ws_protocol_entry *entry)
{
	struct wsl_protocol_info cat[MAX_ENTRIES];
	WSAPROTOCOL_INFOW w;
	int n, i, j;

	if (wsys_copy_in(&w, user, INFO_HEAD) < 0)
		return -WSAEFAULT;
	n = catalog_read(cat);
	if (n < 0)
		return n;
	if (n == 0)
		return -WSAEAFNOSUPPORT;	/* no module, as socket() says */
	for (i = 0; i < n; i++)
		if (cat[i].catalog_entry_id == w.dwCatalogEntryId)
			break;
	if (i == n)
		return -WSAEINVAL;
	entry->info = cat[i];
	entry->nth = 1;
	for (j = 0; j < i; j++)
		if (cat[j].address_family == cat[i].address_family &&
		    cat[j].socket_type == cat[i].socket_type &&
		    cat[j].protocol == cat[i].protocol)
			entry->nth++;
	if (*af == FROM_PROTOCOL_INFO || *af == 0)
		*af = w.iAddressFamily;
	if (*type == FROM_PROTOCOL_INFO || *type == 0)
		*type = w.iSocketType;
	if (*protocol == FROM_PROTOCOL_INFO || *protocol == 0)
		*protocol = w.iProtocol;
	return 0;
}

/**
 * ws_protocol_find_af() - the entry socket() takes for address family 0
 * @af: out: the entry's address family
 * @type: in: the socket type (0: any); out: the entry's
 * @protocol: the protocol, not 0
 *
 * Wine test_WSASocket: with af 0, Windows creates the socket of the first
 * catalog entry of the protocol (and of the type, if one is given); a type
 * no entry has is WSAESOCKTNOSUPPORT, a protocol no entry of the type
 * serves WSAEPROTONOSUPPORT.
 *
 * Return: 0, -WSAESOCKTNOSUPPORT, -WSAEPROTONOSUPPORT, -WSAEAFNOSUPPORT
 * (no module), -errno.
 */
int ws_protocol_find_af(int *af, int *type, int protocol)
{
	struct wsl_protocol_info cat[MAX_ENTRIES];
	int n, i, type_known = *type == 0;
	INT p = protocol;

	n = catalog_read(cat);
	if (n < 0)
		return n;
	if (n == 0)
		return -WSAEAFNOSUPPORT;
	for (i = 0; i < n; i++) {
		if (cat[i].provider_flags & PFL_HIDDEN)
			continue;
		if (*type && cat[i].socket_type != *type)
			continue;
		type_known = 1;
		if (filter_match(&cat[i], &p, 1)) {
			*af = cat[i].address_family;
			*type = cat[i].socket_type;
			return 0;
		}
	}
	return type_known ? -WSAEPROTONOSUPPORT : -WSAESOCKTNOSUPPORT;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ws: tracepoints (system "ws" in tracefs: events/ws/).
 *
 * Each tracepoint is a static key: disabled, a call site costs a patched
 * jump. They name a socket by its id (WS_IOC_GET_ID, the inode number ss
 * shows), an event object or a completion port by its (hashed) address.
 *
 *   ws_netevent_record    an FD_* event entered a socket's record
 *   ws_netevent_reenable  a re-enabling call (recv, send, accept) let
 *                         events be recorded again
 *   ws_netevent_report    WSAEnumNetworkEvents took events from the record
 *   ws_event_set          SetEvent on an event object (from a socket's
 *                         record, an overlapped completion or the caller);
 *                         was: its state before
 *   ws_event_reset        ResetEvent, or WSAEnumNetworkEvents resetting it
 *   ws_wait_begin         WSAWaitForMultipleEvents starts (WS_IOC_WAIT)
 *   ws_wait_end           and ends: the satisfied index (-1: none), whether
 *                         an APC ended it, and the error
 *   ws_ov_complete        an overlapped operation completed (now: reported
 *                         by the call itself): op, NTSTATUS, bytes
 *   ws_port_post          a completion packet was queued to a port
 *   ws_port_dequeue       GetQueuedCompletionStatus(Ex) took a packet
 *   ws_mp_join            WSAJoinLeaf's connect carried out a join: the
 *                         WS_JL_* flags, the group, the error (0: joined)
 *
 * This header is read several times by define_trace.h (kmod/trace.c
 * defines the events); the include path below is relative to kmod/, which
 * Kbuild adds for trace.o only.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ws

#if !defined(_WS_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _WS_TRACE_H

#include <linux/in6.h>
#include <linux/tracepoint.h>
#include "../uapi/linux/ws.h"

#define ws_show_fd_bits(bits)						\
	__print_flags(bits, "|",					\
		{ 1u << WS_FD_READ_BIT,		"READ" },		\
		{ 1u << WS_FD_WRITE_BIT,	"WRITE" },		\
		{ 1u << WS_FD_OOB_BIT,		"OOB" },		\
		{ 1u << WS_FD_ACCEPT_BIT,	"ACCEPT" },		\
		{ 1u << WS_FD_CONNECT_BIT,	"CONNECT" },		\
		{ 1u << WS_FD_CLOSE_BIT,	"CLOSE" },		\
		{ 1u << WS_FD_QOS_BIT,		"QOS" },		\
		{ 1u << WS_FD_GROUP_QOS_BIT,	"GROUP_QOS" },		\
		{ 1u << WS_FD_ROUTING_INTERFACE_CHANGE_BIT, "ROUTING_INTERFACE_CHANGE" }, \
		{ 1u << WS_FD_ADDRESS_LIST_CHANGE_BIT, "ADDRESS_LIST_CHANGE" })

#define ws_show_op(op)							\
	__print_symbolic(op,						\
		{ WS_OP_RECV,		"RECV" },			\
		{ WS_OP_SEND,		"SEND" },			\
		{ WS_OP_COMPLETE,	"COMPLETE" },			\
		{ WS_OP_ACCEPT,		"ACCEPT" },			\
		{ WS_OP_CONNECT,	"CONNECT" },			\
		{ WS_OP_TRANSMIT,	"TRANSMIT" })

TRACE_EVENT(ws_netevent_record,
	TP_PROTO(u64 sock, unsigned int bit, int err, bool async),
	TP_ARGS(sock, bit, err, async),
	TP_STRUCT__entry(
		__field(u64, sock)
		__field(u32, events)
		__field(int, err)
		__field(bool, async)
	),
	TP_fast_assign(
		__entry->sock = sock;
		__entry->events = 1u << bit;
		__entry->err = err;
		__entry->async = async;
	),
	TP_printk("sock=%llu event=%s error=%d to=%s", __entry->sock,
		  ws_show_fd_bits(__entry->events), __entry->err,
		  __entry->async ? "message" : "event")
);

DECLARE_EVENT_CLASS(ws_netevent_bits,
	TP_PROTO(u64 sock, u32 events),
	TP_ARGS(sock, events),
	TP_STRUCT__entry(
		__field(u64, sock)
		__field(u32, events)
	),
	TP_fast_assign(
		__entry->sock = sock;
		__entry->events = events;
	),
	TP_printk("sock=%llu events=%s", __entry->sock,
		  ws_show_fd_bits(__entry->events))
);

DEFINE_EVENT(ws_netevent_bits, ws_netevent_reenable,
	TP_PROTO(u64 sock, u32 events),
	TP_ARGS(sock, events)
);

DEFINE_EVENT(ws_netevent_bits, ws_netevent_report,
	TP_PROTO(u64 sock, u32 events),
	TP_ARGS(sock, events)
);

DECLARE_EVENT_CLASS(ws_event_state,
	TP_PROTO(const void *ev, bool was),
	TP_ARGS(ev, was),
	TP_STRUCT__entry(
		__field(const void *, ev)
		__field(bool, was)
	),
	TP_fast_assign(
		__entry->ev = ev;
		__entry->was = was;
	),
	TP_printk("ev=%p was=%d", __entry->ev, __entry->was)
);

DEFINE_EVENT(ws_event_state, ws_event_set,
	TP_PROTO(const void *ev, bool was),
	TP_ARGS(ev, was)
);

DEFINE_EVENT(ws_event_state, ws_event_reset,
	TP_PROTO(const void *ev, bool was),
	TP_ARGS(ev, was)
);

TRACE_EVENT(ws_wait_begin,
	TP_PROTO(unsigned int count, u32 flags, u64 timeout),
	TP_ARGS(count, flags, timeout),
	TP_STRUCT__entry(
		__field(unsigned int, count)
		__field(u32, flags)
		__field(u64, timeout)
	),
	TP_fast_assign(
		__entry->count = count;
		__entry->flags = flags;
		__entry->timeout = timeout;
	),
	TP_printk("count=%u flags=%s timeout=%llu", __entry->count,
		  __print_flags(__entry->flags, "|",
				{ WS_WAIT_ALL, "ALL" },
				{ WS_WAIT_ALERTABLE, "ALERTABLE" }),
		  __entry->timeout)
);

TRACE_EVENT(ws_wait_end,
	TP_PROTO(int index, bool apc, int err),
	TP_ARGS(index, apc, err),
	TP_STRUCT__entry(
		__field(int, index)
		__field(bool, apc)
		__field(int, err)
	),
	TP_fast_assign(
		__entry->index = index;
		__entry->apc = apc;
		__entry->err = err;
	),
	TP_printk("index=%d apc=%d error=%d", __entry->index, __entry->apc,
		  __entry->err)
);

TRACE_EVENT(ws_ov_complete,
	TP_PROTO(u64 sock, u8 op, u64 ov, u32 status, u64 bytes, bool now),
	TP_ARGS(sock, op, ov, status, bytes, now),
	TP_STRUCT__entry(
		__field(u64, sock)
		__field(u64, ov)
		__field(u64, bytes)
		__field(u32, status)
		__field(u8, op)
		__field(bool, now)
	),
	TP_fast_assign(
		__entry->sock = sock;
		__entry->ov = ov;
		__entry->bytes = bytes;
		__entry->status = status;
		__entry->op = op;
		__entry->now = now;
	),
	TP_printk("sock=%llu op=%s ov=0x%llx status=0x%08x bytes=%llu now=%d",
		  __entry->sock, ws_show_op(__entry->op), __entry->ov,
		  __entry->status, __entry->bytes, __entry->now)
);

DECLARE_EVENT_CLASS(ws_port_packet,
	TP_PROTO(const void *port, u64 key, u64 ov, u32 status, u64 bytes),
	TP_ARGS(port, key, ov, status, bytes),
	TP_STRUCT__entry(
		__field(const void *, port)
		__field(u64, key)
		__field(u64, ov)
		__field(u64, bytes)
		__field(u32, status)
	),
	TP_fast_assign(
		__entry->port = port;
		__entry->key = key;
		__entry->ov = ov;
		__entry->bytes = bytes;
		__entry->status = status;
	),
	TP_printk("port=%p key=0x%llx ov=0x%llx status=0x%08x bytes=%llu",
		  __entry->port, __entry->key, __entry->ov, __entry->status,
		  __entry->bytes)
);

DEFINE_EVENT(ws_port_packet, ws_port_post,
	TP_PROTO(const void *port, u64 key, u64 ov, u32 status, u64 bytes),
	TP_ARGS(port, key, ov, status, bytes)
);

DEFINE_EVENT(ws_port_packet, ws_port_dequeue,
	TP_PROTO(const void *port, u64 key, u64 ov, u32 status, u64 bytes),
	TP_ARGS(port, key, ov, status, bytes)
);

#define ws_show_jl(flags)						\
	__print_flags(flags, "|",					\
		{ WS_JL_SENDER_ONLY,	"SENDER_ONLY" },		\
		{ WS_JL_RECEIVER_ONLY,	"RECEIVER_ONLY" },		\
		{ WS_JL_BOTH,		"BOTH" })

/* @group: a union ws_addr, the group (zero if connect's address was none). */
TRACE_EVENT(ws_mp_join,
	TP_PROTO(u64 sock, const void *group, u32 flags, int err),
	TP_ARGS(sock, group, flags, err),
	TP_STRUCT__entry(
		__field(u64, sock)
		__array(u8, group, sizeof(struct sockaddr_in6))
		__field(u32, flags)
		__field(int, err)
	),
	TP_fast_assign(
		__entry->sock = sock;
		memcpy(__entry->group, group, sizeof(__entry->group));
		__entry->flags = flags;
		__entry->err = err;
	),
	TP_printk("sock=%llu flags=%s group=%pISpc error=%d", __entry->sock,
		  ws_show_jl(__entry->flags), __entry->group, __entry->err)
);

#endif /* _WS_TRACE_H */

/* Out of tree: define_trace.h finds this file through -I$(src)/kmod. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE ws_trace
#include <trace/define_trace.h>

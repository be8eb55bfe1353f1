/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * qos.h for libws: the flow specification of Winsock's quality of
 * service, which winsock2.h's QOS is made of. No protocol of libws's
 * supports QOS (XP1_QOS_SUPPORTED is clear in every catalog entry, see
 * WSAEnumProtocolsA(3ws)): the types are here for the functions that take
 * a QOS, which refuse one (WSAJoinLeaf(3ws)).
 */
#ifndef __QOS_H_
#define __QOS_H_

#include <windows.h>

typedef ULONG	SERVICETYPE;

#define SERVICETYPE_NOTRAFFIC			0x00000000
#define SERVICETYPE_BESTEFFORT			0x00000001
#define SERVICETYPE_CONTROLLEDLOAD		0x00000002
#define SERVICETYPE_GUARANTEED			0x00000003
#define SERVICETYPE_NETWORK_UNAVAILABLE		0x00000004
#define SERVICETYPE_GENERAL_INFORMATION		0x00000005
#define SERVICETYPE_NOCHANGE			0x00000006
#define SERVICETYPE_NONCONFORMING		0x00000009
#define SERVICETYPE_NETWORK_CONTROL		0x0000000A
#define SERVICETYPE_QUALITATIVE			0x0000000D

#define QOS_NOT_SPECIFIED			0xFFFFFFFF

typedef struct _flowspec {
	ULONG		TokenRate;		/* bytes per second */
	ULONG		TokenBucketSize;	/* bytes */
	ULONG		PeakBandwidth;		/* bytes per second */
	ULONG		Latency;		/* microseconds */
	ULONG		DelayVariation;		/* microseconds */
	SERVICETYPE	ServiceType;
	ULONG		MaxSduSize;		/* bytes */
	ULONG		MinimumPolicedSize;	/* bytes */
} FLOWSPEC, *PFLOWSPEC, *LPFLOWSPEC;

#endif /* __QOS_H_ */

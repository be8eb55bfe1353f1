// SPDX-License-Identifier: GPL-2.0
/*
 * ws: the tracepoints' definitions. The events and what they record are
 * described in ws_trace.h; no state, no locks.
 */
#define CREATE_TRACE_POINTS
#include "ws_trace.h"

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A spelling Windows code also uses (Windows' file names are not case-sensitive). */
#include <mstcpip.h>

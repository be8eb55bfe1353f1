/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The spelling Windows code also uses (Windows' file names are not case-sensitive). */
#include <ws2ipdef.h>

/* annals_c.h: the old name of the C API's header, kept for one release.
 * Include <annals/c.h> instead. */
#ifndef ANNALS_C_COMPAT_H
#define ANNALS_C_COMPAT_H
#include "annals/c.h"
#endif

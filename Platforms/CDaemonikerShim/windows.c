// The Windows half of the shim: the sentinel entry point, run before any user code.
#if defined(_WIN32)
#include "daemoniker_shim.h"
#endif

// Stand-in for the Windows SDK's `ucrt` clang module: the C runtime headers, from MinGW-w64
// (zig's any-windows-any copy). The real module (swiftlang/swift stdlib/public/Platform/
// ucrt.modulemap) spans the same header set from the Universal CRT. Written for this harness.
// MinGW's stdlib.h includes malloc.h, which includes Clang's mm_malloc.h (module
// _Builtin_intrinsics), which includes stdlib.h and malloc.h: a module cycle (the real module
// map has no such cycle: the UCRT's malloc.h does not include mm_malloc.h). lib.sh predefines
// mm_malloc.h's include guard for Swift, so _mm_malloc/_mm_free are missing, nothing else.
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uchar.h>
#include <wchar.h>
#include <wctype.h>
#include <fcntl.h>
#include <sys/locking.h>
#include <sys/stat.h>
#include <direct.h>
#include <sys/timeb.h>
#include <sys/types.h>
#include <sys/utime.h>
#include <conio.h>
#include <io.h>
#include <malloc.h>
#include <memory.h>
#include <process.h>
#include <search.h>
#include <share.h>
#include <fenv.h>
#include <float.h>

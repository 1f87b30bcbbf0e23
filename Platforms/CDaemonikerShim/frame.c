// The readiness channel's frame, encoded in this one place for every OS and every writer: the fork
// and exec paths (spawn.c), the Windows launcher (windows_sentinel.c) and Swift
// (Platform.encodeFrame). Async-signal-safe throughout: no allocation, no library calls.
#include "daemoniker_shim.h"

size_t dk_frame_encode(char kind, const void *payload, size_t length, unsigned char *out, size_t capacity) {
    if ((uint64_t)length > UINT32_MAX || length > SIZE_MAX - DK_FRAME_HEADER_SIZE) return 0;
    size_t size = DK_FRAME_HEADER_SIZE + length;
    if (out == NULL || size > capacity) return size;
    uint32_t length32 = (uint32_t)length;
    out[0] = (unsigned char)kind;
    out[1] = (unsigned char)(length32 >> 24);
    out[2] = (unsigned char)(length32 >> 16);
    out[3] = (unsigned char)(length32 >> 8);
    out[4] = (unsigned char)length32;
    const unsigned char *bytes = payload;
    for (size_t i = 0; i < length; i++) out[DK_FRAME_HEADER_SIZE + i] = bytes[i];
    return size;
}

size_t dk_frame_encode_number(char kind, long value, unsigned char *out, size_t capacity) {
    // The magnitude as unsigned, so that LONG_MIN has one too.
    unsigned long magnitude = value < 0 ? 0UL - (unsigned long)value : (unsigned long)value;
    char reversed[24];
    size_t count = 0;
    do {
        reversed[count++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    char digits[24];
    size_t length = 0;
    if (value < 0) digits[length++] = '-';
    while (count > 0) digits[length++] = reversed[--count];
    return dk_frame_encode(kind, digits, length, out, capacity);
}

#if !defined(_WIN32)
int dk_frame_write_number(int fd, char kind, long value) {
    unsigned char frame[DK_FRAME_NUMBER_MAX_SIZE];
    size_t size = dk_frame_encode_number(kind, value, frame, sizeof(frame));
    return dk_write_all_nosigpipe(fd, frame, size);
}
#endif

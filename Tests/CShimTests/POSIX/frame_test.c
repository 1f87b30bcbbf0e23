// The readiness-channel frame (frame.c): the encoder every writer uses, and the async-signal-safe
// writer of the fork and exec paths, on a real pipe.
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>

#include "../check.h"
#include "daemoniker_shim.h"

static int same_bytes(const unsigned char *a, const char *b, size_t length) {
    return memcmp(a, b, length) == 0;
}

static void encodes_kind_length_payload(void) {
    unsigned char out[64];
    const char payload[] = "daemonFailed\tno such user";
    size_t length = sizeof(payload) - 1;
    CHECK(dk_frame_encode('E', payload, length, out, sizeof(out)) == 5 + length, "the frame's size");
    CHECK(out[0] == 'E' && out[1] == 0 && out[2] == 0 && out[3] == 0 && out[4] == length,
          "kind, big-endian length");
    CHECK(same_bytes(out + 5, payload, length), "the payload follows");
    CHECK(dk_frame_encode(DK_FRAME_READY, NULL, 0, out, sizeof(out)) == 5 && out[0] == 'R' && out[4] == 0,
          "an empty payload");
}

// A length above 255 uses every byte of the length, most significant first.
static void big_endian_length(void) {
    size_t length = 0x01020304;
    unsigned char *payload = calloc(length, 1);
    unsigned char *out = malloc(length + 5);
    if (!CHECK(payload != NULL && out != NULL, "allocate %zu bytes", length)) return;
    payload[length - 1] = 0x7F;
    CHECK(dk_frame_encode('E', payload, length, out, length + 5) == length + 5, "the frame's size");
    CHECK(out[1] == 1 && out[2] == 2 && out[3] == 3 && out[4] == 4, "length bytes %d %d %d %d", out[1],
          out[2], out[3], out[4]);
    CHECK(out[length + 4] == 0x7F, "the payload's last byte is last");
    free(payload);
    free(out);
}

// Too small a buffer is left untouched and the size needed is returned; a length 4 bytes cannot
// hold is refused with 0.
static void capacity_and_limits(void) {
    unsigned char out[8];
    memset(out, 0xAA, sizeof(out));
    CHECK(dk_frame_encode('P', "123456", 6, out, sizeof(out)) == 11, "the size needed");
    CHECK(out[0] == 0xAA && out[7] == 0xAA, "nothing written");
    CHECK(dk_frame_encode('P', "123456", 6, NULL, 0) == 11, "asking with no buffer");
#if SIZE_MAX > UINT32_MAX
    CHECK(dk_frame_encode('E', NULL, (size_t)UINT32_MAX + 1, NULL, 0) == 0, "2^32 bytes cannot be framed");
    CHECK(dk_frame_encode('E', NULL, UINT32_MAX, NULL, 0) == (size_t)UINT32_MAX + 5, "2^32 - 1 bytes can");
#endif
}

static void numbers_in_decimal(void) {
    struct {
        long value;
        const char *text;
    } cases[] = {
        {0, "0"},
        {7, "7"},
        {4711, "4711"},
        {-1, "-1"},
        {2147483647L, "2147483647"},
#if LONG_MAX > 2147483647L
        {LONG_MAX, "9223372036854775807"},
        {LONG_MIN, "-9223372036854775808"},
#endif
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unsigned char out[DK_FRAME_NUMBER_MAX_SIZE];
        size_t length = strlen(cases[i].text);
        size_t size = dk_frame_encode_number('X', cases[i].value, out, sizeof(out));
        CHECK(size == 5 + length && out[0] == 'X' && out[4] == length &&
                  same_bytes(out + 5, cases[i].text, length),
              "%s", cases[i].text);
    }
}

// Written to a real pipe, read back whole.
static void writes_to_a_pipe(void) {
    int fds[2];
    if (!CHECK(pipe(fds) == 0, "pipe")) return;
    CHECK(dk_frame_write_number(fds[1], DK_FRAME_PID, 31337) == 0, "write the frame");
    close(fds[1]);
    unsigned char in[64];
    ssize_t got = read(fds[0], in, sizeof(in));
    close(fds[0]);
    CHECK(got == 10 && same_bytes(in,
                                  "P\0\0\0\x05"
                                  "31337",
                                  10),
          "read back (%zd bytes)", got);
}

// A reader that is gone: -1 EPIPE, and no SIGPIPE ends the writer.
static void reader_gone(void) {
    signal(SIGPIPE, SIG_DFL);
    int fds[2];
    if (!CHECK(pipe(fds) == 0, "pipe")) return;
    close(fds[0]);
    errno = 0;
    int result = dk_frame_write_number(fds[1], DK_FRAME_EXEC_FAILED, ENOENT);
    CHECK(result == -1 && errno == EPIPE, "EPIPE (result %d)", result);
    close(fds[1]);
    sigset_t pending;
    sigpending(&pending);
    CHECK(!sigismember(&pending, SIGPIPE), "no SIGPIPE left pending");
}

int main(void) {
    ck_run("dk_frame_encode: kind, length, payload", encodes_kind_length_payload);
    ck_run("dk_frame_encode: big-endian length", big_endian_length);
    ck_run("dk_frame_encode: capacity and limits", capacity_and_limits);
    ck_run("dk_frame_encode_number: decimal", numbers_in_decimal);
    ck_run_isolated("dk_frame_write_number: to a pipe", writes_to_a_pipe);
    ck_run_isolated("dk_frame_write_number: reader gone", reader_gone);
    return ck_finish("frame_test");
}

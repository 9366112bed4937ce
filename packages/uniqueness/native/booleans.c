// The local parts of the replicated boolean engine in native code (src/mpc/booleanShares.ts
// has the same loops in TypeScript, and the tests hold them equal): a party's share of the
// AND of two shared bit vectors, of full adders, and the bit-plane transpose of 16-bit values.
// Plain loops over 32-bit words, which the compiler vectorises.
#include <node_api.h>
#include <stdint.h>
#include <string.h>

#include "booleans.h"

static napi_value fail(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

static int typed(napi_env env, napi_value value, napi_typedarray_type want, void **data, size_t *length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, length, data, &buffer, &offset) != napi_ok) return 0;
  return type == want;
}

#define WORDS(i, name)                                                                   \
  uint32_t *name;                                                                        \
  size_t name##_length;                                                                  \
  if (!typed(env, argv[i], napi_uint32_array, (void **)&name, &name##_length)) {         \
    return fail(env, "the boolean kernels take Uint32Arrays");                            \
  }

// andShares(aOwn, aNext, bOwn, bNext, zero, out): out = (ao & bo) ^ (ao & bn) ^ (an & bo) ^ zero.
static napi_value and_shares(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 6) {
    return fail(env, "andShares takes six arrays");
  }
  WORDS(0, ao) WORDS(1, an) WORDS(2, bo) WORDS(3, bn) WORDS(4, zero) WORDS(5, out)
  const size_t n = ao_length;
  if (an_length != n || bo_length != n || bn_length != n || zero_length != n || out_length != n) {
    return fail(env, "andShares takes arrays of one length");
  }
  for (size_t i = 0; i < n; i++) out[i] = (ao[i] & bo[i]) ^ (ao[i] & bn[i]) ^ (an[i] & bo[i]) ^ zero[i];
  return NULL;
}

// fullAdders(aOwn, aNext, bOwn, bNext, cOwn, cNext, zero, message, sumOwn, sumNext, carryOwn):
// with a' = a ^ c and b' = b ^ c, message = a'b' share ^ zero (to send), sum = a ^ b ^ c, and
// carryOwn = message ^ cOwn (the carry's own half; its next half is the received message ^ cNext).
static napi_value full_adders(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 11) {
    return fail(env, "fullAdders takes eleven arrays");
  }
  WORDS(0, ao) WORDS(1, an) WORDS(2, bo) WORDS(3, bn) WORDS(4, co) WORDS(5, cn) WORDS(6, zero)
  WORDS(7, message) WORDS(8, sum_own) WORDS(9, sum_next) WORDS(10, carry_own)
  const size_t n = ao_length;
  if (an_length != n || bo_length != n || bn_length != n || co_length != n || cn_length != n ||
      zero_length != n || message_length != n || sum_own_length != n || sum_next_length != n ||
      carry_own_length != n) {
    return fail(env, "fullAdders takes arrays of one length");
  }
  for (size_t i = 0; i < n; i++) {
    const uint32_t x = ao[i] ^ co[i], xn = an[i] ^ cn[i], y = bo[i] ^ co[i], yn = bn[i] ^ cn[i];
    const uint32_t sent = (x & y) ^ (x & yn) ^ (xn & y) ^ zero[i];
    message[i] = sent;
    sum_own[i] = x ^ bo[i];
    sum_next[i] = xn ^ bn[i];
    carry_own[i] = sent ^ co[i];
  }
  return NULL;
}

// xorWords(a, b, out): out = a ^ b.
static napi_value xor_words(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 3) {
    return fail(env, "xorWords takes three arrays");
  }
  WORDS(0, a) WORDS(1, b) WORDS(2, out)
  if (b_length != a_length || out_length != a_length) return fail(env, "xorWords takes arrays of one length");
  for (size_t i = 0; i < a_length; i++) out[i] = a[i] ^ b[i];
  return NULL;
}

// bitPlanes(values, width, planes): bit b of value i goes to bit i mod 32 of word
// b·words + i / 32 of planes (words = ⌈values / 32⌉), for b < width.
static napi_value bit_planes(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 3) {
    return fail(env, "bitPlanes takes three arguments");
  }
  uint16_t *values;
  size_t count;
  int32_t width;
  if (!typed(env, argv[0], napi_uint16_array, (void **)&values, &count)) return fail(env, "values must be a Uint16Array");
  if (napi_get_value_int32(env, argv[1], &width) != napi_ok || width < 1 || width > 16) {
    return fail(env, "width must be from 1 to 16");
  }
  WORDS(2, planes)
  const size_t words = (count + 31) / 32;
  if (planes_length != words * (size_t)width) return fail(env, "planes must hold width × words words");
  memset(planes, 0, planes_length * sizeof(uint32_t));
  for (size_t w = 0; w < words; w++) {
    uint32_t rows[16] = {0};
    // Row k holds values k (low half) and k + 16 (high half); then swap 8-, 4-, 2- and 1-bit blocks.
    for (int k = 0; k < 16; k++) {
      const size_t lo = w * 32 + k, hi = lo + 16;
      rows[k] = (lo < count ? values[lo] : 0) | ((uint32_t)(hi < count ? values[hi] : 0) << 16);
    }
    static const uint32_t masks[4] = {0x00ff00ff, 0x0f0f0f0f, 0x33333333, 0x55555555};
    for (int step = 0, j = 8; step < 4; step++, j >>= 1) {
      for (int k = 0; k < 16; k++) {
        if ((k & j) == 0) {
          const uint32_t t = ((rows[k] >> j) ^ rows[k + j]) & masks[step];
          rows[k + j] ^= t;
          rows[k] ^= t << j;
        }
      }
    }
    for (int b = 0; b < width; b++) planes[(size_t)b * words + w] = rows[b];
  }
  return NULL;
}

void register_booleans(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"andShares", NULL, and_shares, NULL, NULL, NULL, napi_default, NULL},
      {"fullAdders", NULL, full_adders, NULL, NULL, NULL, napi_default, NULL},
      {"xorWords", NULL, xor_words, NULL, NULL, NULL, napi_default, NULL},
      {"bitPlanes", NULL, bit_planes, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 4, properties);
}

// The MPC dot-product kernel in native code (docs/uniqueness.md#benchmark): the same sums as
// assembly/dots.ts, with 256- or 512-bit vectors where the CPU has them. Each party computes,
// for every gallery entry and rotation, its additive share (16-bit wrap-around) of the code
// and mask dot products: Σ padded_query[k] · gallery_share[k] over 16 code blocks and 8 mask
// blocks of 800 values. Rotation r of block b reads the padded query block from column
// PAD − r (4 values a column); see src/mpc/shareGallery.ts for the layout.
// Built by node-gyp at install when a compiler is there (binding.gyp); without it the
// WebAssembly kernel runs instead.
#include <node_api.h>
#include <stdint.h>
#include <string.h>

#include "booleans.h"
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define POP_X86 1
#endif

enum { BLOCK_VALUES = 800, PADDED_VALUES = 944, PAD = 18, CODE_BLOCKS = 16, BLOCKS = 24 };
enum { ENTRY_VALUES = BLOCKS * BLOCK_VALUES, QUERY_VALUES = BLOCKS * PADDED_VALUES };

typedef void (*group_fn)(const uint16_t *query, const uint16_t *entry, int rotation, int from, int to,
                         uint16_t sums[4]);

// Four rotations r..r+3 of blocks [from, to), one value at a time: the reference.
static void group_scalar(const uint16_t *query, const uint16_t *entry, int rotation, int from, int to,
                         uint16_t sums[4]) {
  uint16_t acc[4] = {0, 0, 0, 0};
  for (int block = from; block < to; block++) {
    const uint16_t *g = entry + block * BLOCK_VALUES;
    for (int k = 0; k < 4; k++) {
      const uint16_t *q = query + block * PADDED_VALUES + (PAD - rotation - k) * 4;
      uint16_t sum = 0;
      for (int v = 0; v < BLOCK_VALUES; v++) sum = (uint16_t)(sum + (uint16_t)(q[v] * g[v]));
      acc[k] = (uint16_t)(acc[k] + sum);
    }
  }
  memcpy(sums, acc, sizeof acc);
}

#ifdef POP_X86
__attribute__((target("avx2"))) static uint16_t sum256(__m256i s) {
  __m128i a = _mm_add_epi16(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
  a = _mm_add_epi16(a, _mm_srli_si128(a, 8));
  a = _mm_add_epi16(a, _mm_srli_si128(a, 4));
  a = _mm_add_epi16(a, _mm_srli_si128(a, 2));
  return (uint16_t)_mm_cvtsi128_si32(a);
}

__attribute__((target("avx2"))) static void group_avx2(const uint16_t *query, const uint16_t *entry, int rotation,
                                                       int from, int to, uint16_t sums[4]) {
  __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
  for (int block = from; block < to; block++) {
    const uint16_t *g = entry + block * BLOCK_VALUES;
    // Rotation r + k reads column PAD − r − k: 4(3 − k) values past the column of r + 3.
    const uint16_t *q = query + block * PADDED_VALUES + (PAD - rotation - 3) * 4;
    for (int v = 0; v < BLOCK_VALUES; v += 16) {
      __m256i x = _mm256_loadu_si256((const __m256i *)(g + v));
      a3 = _mm256_add_epi16(a3, _mm256_mullo_epi16(_mm256_loadu_si256((const __m256i *)(q + v)), x));
      a2 = _mm256_add_epi16(a2, _mm256_mullo_epi16(_mm256_loadu_si256((const __m256i *)(q + v + 4)), x));
      a1 = _mm256_add_epi16(a1, _mm256_mullo_epi16(_mm256_loadu_si256((const __m256i *)(q + v + 8)), x));
      a0 = _mm256_add_epi16(a0, _mm256_mullo_epi16(_mm256_loadu_si256((const __m256i *)(q + v + 12)), x));
    }
  }
  sums[0] = sum256(a0);
  sums[1] = sum256(a1);
  sums[2] = sum256(a2);
  sums[3] = sum256(a3);
}

__attribute__((target("avx512f,avx512bw"))) static uint16_t sum512(__m512i s) {
  __m256i b = _mm256_add_epi16(_mm512_castsi512_si256(s), _mm512_extracti64x4_epi64(s, 1));
  __m128i a = _mm_add_epi16(_mm256_castsi256_si128(b), _mm256_extracti128_si256(b, 1));
  a = _mm_add_epi16(a, _mm_srli_si128(a, 8));
  a = _mm_add_epi16(a, _mm_srli_si128(a, 4));
  a = _mm_add_epi16(a, _mm_srli_si128(a, 2));
  return (uint16_t)_mm_cvtsi128_si32(a);
}

// 800 values are 25 vectors of 32.
__attribute__((target("avx512f,avx512bw"))) static void group_avx512(const uint16_t *query, const uint16_t *entry,
                                                                     int rotation, int from, int to,
                                                                     uint16_t sums[4]) {
  __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
  for (int block = from; block < to; block++) {
    const uint16_t *g = entry + block * BLOCK_VALUES;
    const uint16_t *q = query + block * PADDED_VALUES + (PAD - rotation - 3) * 4;
    for (int v = 0; v < BLOCK_VALUES; v += 32) {
      __m512i x = _mm512_loadu_si512((const void *)(g + v));
      a3 = _mm512_add_epi16(a3, _mm512_mullo_epi16(_mm512_loadu_si512((const void *)(q + v)), x));
      a2 = _mm512_add_epi16(a2, _mm512_mullo_epi16(_mm512_loadu_si512((const void *)(q + v + 4)), x));
      a1 = _mm512_add_epi16(a1, _mm512_mullo_epi16(_mm512_loadu_si512((const void *)(q + v + 8)), x));
      a0 = _mm512_add_epi16(a0, _mm512_mullo_epi16(_mm512_loadu_si512((const void *)(q + v + 12)), x));
    }
  }
  sums[0] = sum512(a0);
  sums[1] = sum512(a1);
  sums[2] = sum512(a2);
  sums[3] = sum512(a3);
}
#endif

static const char *chosen_name = "scalar";
static group_fn chosen = group_scalar;

static void choose(const char *forced) {
#ifdef POP_X86
  __builtin_cpu_init();
  int avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  int avx2 = __builtin_cpu_supports("avx2");
  if (forced != NULL && strcmp(forced, "avx512") != 0) avx512 = 0;
  if (forced != NULL && strcmp(forced, "avx512") != 0 && strcmp(forced, "avx2") != 0) avx2 = 0;
  if (avx512) {
    chosen = group_avx512, chosen_name = "avx512";
    return;
  }
  if (avx2) {
    chosen = group_avx2, chosen_name = "avx2";
    return;
  }
#endif
  (void)forced;
  chosen = group_scalar, chosen_name = "scalar";
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

static int u16_array(napi_env env, napi_value value, uint16_t **data, size_t *length) {
  napi_typedarray_type type;
  void *pointer;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, length, &pointer, &buffer, &offset) != napi_ok) return 0;
  if (type != napi_uint16_array) return 0;
  *data = (uint16_t *)pointer;
  return 1;
}

// dots(query, gallery, count, rotations, code, mask): query is the padded query (24 × 944
// values), gallery `count` entries of 19,200 values; code and mask get count × (2·rotations + 1)
// sums each, entry-major, rotation −rotations first.
static napi_value dots(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 6) {
    return fail(env, "dots takes six arguments");
  }
  uint16_t *query, *gallery, *code, *mask;
  size_t query_length, gallery_length, code_length, mask_length;
  int32_t count, rotations;
  if (!u16_array(env, argv[0], &query, &query_length) || !u16_array(env, argv[1], &gallery, &gallery_length) ||
      !u16_array(env, argv[4], &code, &code_length) || !u16_array(env, argv[5], &mask, &mask_length)) {
    return fail(env, "dots takes Uint16Arrays for the query, gallery, code and mask");
  }
  if (napi_get_value_int32(env, argv[2], &count) != napi_ok ||
      napi_get_value_int32(env, argv[3], &rotations) != napi_ok || count < 0 || rotations < 0 || rotations > 15) {
    return fail(env, "count must be non-negative and rotations from 0 to 15");
  }
  const size_t width = 2 * (size_t)rotations + 1;
  if (query_length != QUERY_VALUES || gallery_length < (size_t)count * ENTRY_VALUES ||
      code_length < (size_t)count * width || mask_length < (size_t)count * width) {
    return fail(env, "the arrays are shorter than the count needs");
  }
  uint16_t sums[4];
  for (int32_t i = 0; i < count; i++) {
    const uint16_t *entry = gallery + (size_t)i * ENTRY_VALUES;
    for (int rotation = -rotations; rotation <= rotations; rotation += 4) {
      const size_t n = (size_t)i * width + (size_t)(rotation + rotations);
      const int kept = rotations - rotation + 1 < 4 ? rotations - rotation + 1 : 4;
      chosen(query, entry, rotation, 0, CODE_BLOCKS, sums);
      for (int k = 0; k < kept; k++) code[n + k] = sums[k];
      chosen(query, entry, rotation, CODE_BLOCKS, BLOCKS, sums);
      for (int k = 0; k < kept; k++) mask[n + k] = sums[k];
    }
  }
  return NULL;
}

// use(name): picks "avx512", "avx2" or "scalar" (the best the CPU has, at most the one named);
// returns the one in use. use() alone returns it.
static napi_value use(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc == 1) {
    char name[16];
    size_t length;
    if (napi_get_value_string_utf8(env, argv[0], name, sizeof name, &length) != napi_ok) {
      return fail(env, "use takes a kernel name");
    }
    choose(name);
  }
  napi_value result;
  napi_create_string_utf8(env, chosen_name, NAPI_AUTO_LENGTH, &result);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  choose(NULL);
  napi_property_descriptor properties[] = {
      {"dots", NULL, dots, NULL, NULL, NULL, napi_default, NULL},
      {"use", NULL, use, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 2, properties);
  register_booleans(env, exports);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)

// Elementwise kernels for the tfjs "onednn" backend, as plain loops the compiler vectorizes: binary ops with NumPy
// broadcasting (shapes collapsed to the fewest dimensions first), unary ops, and the ReLU / ReLU6 gradients in one
// pass each.
#include <cmath>

#include "common.h"

namespace onednn_addon {
namespace {

struct Collapsed {
  std::vector<int64_t> dims, sa, sb;  // out dims, a's and b's strides (0 where broadcast)
};

// Right-align the shapes, drop size-1 output dims, merge neighbours broadcast the same way in a and in b.
bool collapse(std::vector<int64_t> a, std::vector<int64_t> b, const std::vector<int64_t>& out, Collapsed* c) {
  const size_t r = out.size();
  if (a.size() > r || b.size() > r) return false;
  a.insert(a.begin(), r - a.size(), 1);
  b.insert(b.begin(), r - b.size(), 1);
  std::vector<int64_t> dims;
  std::vector<bool> fa, fb;  // true where the operand runs along the dim
  for (size_t i = 0; i < r; i++) {
    if ((a[i] != out[i] && a[i] != 1) || (b[i] != out[i] && b[i] != 1)) return false;
    if (out[i] == 1) continue;
    const bool ra = a[i] != 1, rb = b[i] != 1;
    if (!dims.empty() && fa.back() == ra && fb.back() == rb) {
      dims.back() *= out[i];
      continue;
    }
    dims.push_back(out[i]);
    fa.push_back(ra);
    fb.push_back(rb);
  }
  c->dims = dims;
  c->sa.assign(dims.size(), 0);
  c->sb.assign(dims.size(), 0);
  int64_t pa = 1, pb = 1;
  for (size_t i = dims.size(); i-- > 0;) {
    if (fa[i]) c->sa[i] = pa, pa *= dims[i];
    if (fb[i]) c->sb[i] = pb, pb *= dims[i];
  }
  return true;
}

template <class F>
void inner(F f, const float* a, const float* b, float* o, int64_t n, int64_t sa, int64_t sb) {
  if (sa && sb) {
    for (int64_t i = 0; i < n; i++) o[i] = f(a[i], b[i]);
  } else if (sa) {
    const float s = b[0];
    for (int64_t i = 0; i < n; i++) o[i] = f(a[i], s);
  } else {
    const float s = a[0];
    for (int64_t i = 0; i < n; i++) o[i] = f(s, b[i]);
  }
}

template <class F>
void broadcast(F f, const float* a, const float* b, float* o, const Collapsed& c) {
  const size_t m = c.dims.size();
  if (m == 0) {
    o[0] = f(a[0], b[0]);
    return;
  }
  const int64_t n = c.dims[m - 1];
  std::vector<int64_t> idx(m, 0);
  int64_t oa = 0, ob = 0;
  for (float* end = o + [&] { int64_t t = 1; for (auto d : c.dims) t *= d; return t; }(); o < end; o += n) {
    inner(f, a + oa, b + ob, o, n, c.sa[m - 1], c.sb[m - 1]);
    for (size_t d = m - 1; d-- > 0;) {  // odometer over the outer dims
      oa += c.sa[d];
      ob += c.sb[d];
      if (++idx[d] < c.dims[d]) break;
      oa -= c.sa[d] * c.dims[d];
      ob -= c.sb[d] * c.dims[d];
      idx[d] = 0;
    }
  }
}

// binary(op, a, aShape, b, bShape, out, outShape): op 0 add, 1 sub, 2 mul, 3 div, 4 max, 5 min, 6 squared difference.
napi_value Binary(napi_env env, napi_callback_info info) {
  napi_value args[7];
  if (!get_args(env, info, 7, args, "binary(op, a, aShape, b, bShape, out, outShape) takes 7 arguments")) return nullptr;
  size_t la, lb, lo;
  const float* a = floats(env, args[1], &la);
  const float* b = floats(env, args[3], &lb);
  float* o = floats(env, args[5], &lo);
  std::vector<int64_t> as, bs, os;
  if (!a || !b || !o || !ints(env, args[2], &as) || !ints(env, args[4], &bs) || !ints(env, args[6], &os)) return type_error(env, "binary: Float32Array operands and Int32Array shapes");
  Collapsed c;
  if (!collapse(as, bs, os, &c)) return type_error(env, "binary: shapes do not broadcast to the output shape");
  switch (int_arg(env, args[0])) {
    case 0: broadcast([](float x, float y) { return x + y; }, a, b, o, c); break;
    case 1: broadcast([](float x, float y) { return x - y; }, a, b, o, c); break;
    case 2: broadcast([](float x, float y) { return x * y; }, a, b, o, c); break;
    case 3: broadcast([](float x, float y) { return x / y; }, a, b, o, c); break;
    case 4: broadcast([](float x, float y) { return x > y ? x : y; }, a, b, o, c); break;
    case 5: broadcast([](float x, float y) { return x < y ? x : y; }, a, b, o, c); break;
    case 6: broadcast([](float x, float y) { return (x - y) * (x - y); }, a, b, o, c); break;
    default: return type_error(env, "binary: unknown op");
  }
  return nullptr;
}

template <class F>
void map(F f, const float* x, float* o, size_t n) {
  for (size_t i = 0; i < n; i++) o[i] = f(x[i]);
}

// unary(op, x, out, alpha): op 0 ReLU, 1 ReLU6, 2 step (alpha where x <= 0), 3 neg, 4 square, 5 sqrt, 6 rsqrt,
// 7 multiply by alpha.
napi_value Unary(napi_env env, napi_callback_info info) {
  napi_value args[4];
  if (!get_args(env, info, 4, args, "unary(op, x, out, alpha) takes 4 arguments")) return nullptr;
  size_t lx, lo;
  const float* x = floats(env, args[1], &lx);
  float* o = floats(env, args[2], &lo);
  if (!x || !o || lx != lo) return type_error(env, "unary: x and out must be Float32Arrays of one length");
  const float alpha = static_cast<float>(number_arg(env, args[3]));
  switch (int_arg(env, args[0])) {
    case 0: map([](float v) { return v > 0.f ? v : 0.f; }, x, o, lx); break;
    case 1: map([](float v) { return v > 0.f ? (v < 6.f ? v : 6.f) : 0.f; }, x, o, lx); break;
    case 2: map([alpha](float v) { return v > 0.f ? 1.f : (v != v ? v : alpha); }, x, o, lx); break;
    case 3: map([](float v) { return -v; }, x, o, lx); break;
    case 4: map([](float v) { return v * v; }, x, o, lx); break;
    case 5: map([](float v) { return std::sqrt(v); }, x, o, lx); break;
    case 6: map([](float v) { return 1.f / std::sqrt(v); }, x, o, lx); break;
    case 7: map([alpha](float v) { return v * alpha; }, x, o, lx); break;
    default: return type_error(env, "unary: unknown op");
  }
  return nullptr;
}

// activationGrad(op, dy, x, out): op 0 ReLU (dy where x > 0), 1 ReLU6 (dy where 0 < x <= 6), as tfjs defines them.
napi_value ActivationGrad(napi_env env, napi_callback_info info) {
  napi_value args[4];
  if (!get_args(env, info, 4, args, "activationGrad(op, dy, x, out) takes 4 arguments")) return nullptr;
  size_t ld, lx, lo;
  const float* dy = floats(env, args[1], &ld);
  const float* x = floats(env, args[2], &lx);
  float* o = floats(env, args[3], &lo);
  if (!dy || !x || !o || ld != lx || lx != lo) return type_error(env, "activationGrad: dy, x and out must be Float32Arrays of one length");
  const int32_t op = int_arg(env, args[0]);
  // loads and selects without branches, so that the loops vectorize
  if (op == 0) {
    for (size_t i = 0; i < lx; i++) {
      const float d = dy[i];
      o[i] = x[i] > 0.f ? d : 0.f;
    }
  } else {
    for (size_t i = 0; i < lx; i++) {
      const float v = x[i];
      o[i] = dy[i] * static_cast<float>((v > 0.f) & (v <= 6.f));
    }
  }
  return nullptr;
}

}  // namespace

void register_eltwise(napi_env env, napi_value exports) {
  define(env, exports, "binary", Binary);
  define(env, exports, "unary", Unary);
  define(env, exports, "activationGrad", ActivationGrad);
}

}  // namespace onednn_addon

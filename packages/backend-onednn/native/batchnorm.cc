// Training BatchNorm for the tfjs "onednn" backend: batch statistics over the rows of an [rows, channels] tensor,
// forward and backward each one oneDNN primitive when the channels are a multiple of 16 (its AVX-512 kernel). For other
// channel counts oneDNN 2.6 takes SSE4.1 / AVX2 kernels (multiples of 4 / 8) or a reference one, measured 2–7× slower
// than the plain loops below (22, 44, 89, 107, 179 channels in the study's α = 0.7 variation): vectorized over the
// channels, summed in float over blocks of rows and in double across blocks.
#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>

#include "common.h"

namespace onednn_addon {
namespace {

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

struct BnPlan {
  memory::desc data, stats;
  batch_normalization_forward fwd_prim;
  batch_normalization_backward bwd_prim;
};

BnPlan* bn_plan(int64_t rows, int64_t channels, float eps) {
  static std::unordered_map<std::string, std::unique_ptr<BnPlan>> cache;
  const std::string key = std::to_string(rows) + "," + std::to_string(channels) + "," + std::to_string(eps);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  // [rows, C] as NHWC with W = 1: oneDNN's JIT channels-last kernels (a 2-D "nc" tensor takes a slow generic path)
  memory::desc data({rows, channels, 1, 1}, dt::f32, tag::nhwc);
  const auto flags = normalization_flags::use_scale | normalization_flags::use_shift;
  batch_normalization_forward::primitive_desc fwd(batch_normalization_forward::desc(prop_kind::forward_training, data, eps, flags), cpu());
  batch_normalization_backward::primitive_desc bwd(batch_normalization_backward::desc(prop_kind::backward, data, data, eps, flags), cpu(), fwd);
  auto plan = std::unique_ptr<BnPlan>(new BnPlan{data, fwd.mean_desc(), batch_normalization_forward(fwd), batch_normalization_backward(bwd)});
  BnPlan* raw = plan.get();
  cache.emplace(key, std::move(plan));
  return raw;
}

constexpr int64_t kBlock = 64;

// Σ over rows of f(row pointer, channel) into double accumulators, in float within blocks of kBlock rows.
template <class F>
void column_sums(int64_t rows, int64_t c, std::vector<double>* out, F f) {
  std::vector<float> part(c);
  out->assign(c, 0.0);
  for (int64_t r0 = 0; r0 < rows; r0 += kBlock) {
    std::fill(part.begin(), part.end(), 0.f);
    const int64_t r1 = std::min(rows, r0 + kBlock);
    for (int64_t r = r0; r < r1; r++) f(r, part.data());
    for (int64_t j = 0; j < c; j++) (*out)[j] += part[j];
  }
}

void plain_forward(int64_t rows, int64_t c, float eps, const float* x, const float* g, const float* b, float* y, float* mean, float* var) {
  std::vector<double> sum, sq;
  column_sums(rows, c, &sum, [&](int64_t r, float* acc) { const float* xr = x + r * c; for (int64_t j = 0; j < c; j++) acc[j] += xr[j]; });
  std::vector<float> m(c), scale(c), shift(c);
  for (int64_t j = 0; j < c; j++) m[j] = static_cast<float>(sum[j] / rows);
  column_sums(rows, c, &sq, [&](int64_t r, float* acc) { const float* xr = x + r * c; for (int64_t j = 0; j < c; j++) { const float d = xr[j] - m[j]; acc[j] += d * d; } });
  for (int64_t j = 0; j < c; j++) {
    mean[j] = m[j];
    var[j] = static_cast<float>(sq[j] / rows);
    scale[j] = g[j] / std::sqrt(var[j] + eps);
    shift[j] = b[j] - m[j] * scale[j];
  }
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * c;
    float* yr = y + r * c;
    for (int64_t j = 0; j < c; j++) yr[j] = xr[j] * scale[j] + shift[j];
  }
}

void plain_backward(int64_t rows, int64_t c, float eps, const float* x, const float* dy, const float* mean, const float* var, const float* g, float* dx, float* dg, float* db) {
  std::vector<float> inv(c);
  for (int64_t j = 0; j < c; j++) inv[j] = 1.f / std::sqrt(var[j] + eps);
  std::vector<double> sdy, sdyx;
  column_sums(rows, c, &sdy, [&](int64_t r, float* acc) { const float* d = dy + r * c; for (int64_t j = 0; j < c; j++) acc[j] += d[j]; });
  column_sums(rows, c, &sdyx, [&](int64_t r, float* acc) { const float *d = dy + r * c, *xr = x + r * c; for (int64_t j = 0; j < c; j++) acc[j] += d[j] * (xr[j] - mean[j]); });
  std::vector<float> k(c), mdy(c), mdyx(c);
  for (int64_t j = 0; j < c; j++) {
    db[j] = static_cast<float>(sdy[j]);
    dg[j] = static_cast<float>(sdyx[j] * inv[j]);
    k[j] = g[j] * inv[j];
    mdy[j] = static_cast<float>(sdy[j] / rows);
    mdyx[j] = static_cast<float>(sdyx[j] / rows) * inv[j] * inv[j];  // mean(dy · x̂) / σ
  }
  for (int64_t r = 0; r < rows; r++) {
    const float *d = dy + r * c, *xr = x + r * c;
    float* o = dx + r * c;
    for (int64_t j = 0; j < c; j++) o[j] = k[j] * (d[j] - mdy[j] - (xr[j] - mean[j]) * mdyx[j]);
  }
}

// batchNorm(kind, rows, channels, epsilon, arrays): kind 0 forward: [x, gamma, beta, y, mean, variance];
// kind 1 backward: [x, dy, mean, variance, gamma, dx, dgamma, dbeta].
napi_value BatchNorm(napi_env env, napi_callback_info info) {
  napi_value args[5];
  if (!get_args(env, info, 5, args, "batchNorm(kind, rows, channels, epsilon, arrays) takes 5 arguments")) return nullptr;
  const int32_t kind = int_arg(env, args[0]), rows = int_arg(env, args[1]), channels = int_arg(env, args[2]);
  const double eps = number_arg(env, args[3]);
  uint32_t n;
  napi_get_array_length(env, args[4], &n);
  float* p[8];
  if (n != (kind == 0 ? 6u : 8u)) return type_error(env, "batchNorm: wrong number of arrays");
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    size_t len;
    napi_get_element(env, args[4], i, &v);
    if (!(p[i] = floats(env, v, &len))) return type_error(env, "batchNorm: arrays must be Float32Arrays");
  }
  if (channels % 16 != 0) {
    if (kind == 0) plain_forward(rows, channels, static_cast<float>(eps), p[0], p[1], p[2], p[3], p[4], p[5]);
    else plain_backward(rows, channels, static_cast<float>(eps), p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    return nullptr;
  }
  try {
    BnPlan* plan = bn_plan(rows, channels, static_cast<float>(eps));
    auto& s = strm();
    const auto& e = cpu();
    if (kind == 0) {
      memory x(plan->data, e, p[0]), gamma(plan->stats, e, p[1]), beta(plan->stats, e, p[2]), y(plan->data, e, p[3]), mean(plan->stats, e, p[4]), var(plan->stats, e, p[5]);
      plan->fwd_prim.execute(s, {{DNNL_ARG_SRC, x}, {DNNL_ARG_SCALE, gamma}, {DNNL_ARG_SHIFT, beta}, {DNNL_ARG_DST, y}, {DNNL_ARG_MEAN, mean}, {DNNL_ARG_VARIANCE, var}});
    } else {
      memory x(plan->data, e, p[0]), dy(plan->data, e, p[1]), mean(plan->stats, e, p[2]), var(plan->stats, e, p[3]), gamma(plan->stats, e, p[4]), dx(plan->data, e, p[5]), dgamma(plan->stats, e, p[6]), dbeta(plan->stats, e, p[7]);
      plan->bwd_prim.execute(s, {{DNNL_ARG_SRC, x}, {DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_MEAN, mean}, {DNNL_ARG_VARIANCE, var}, {DNNL_ARG_SCALE, gamma}, {DNNL_ARG_SHIFT, gamma}, {DNNL_ARG_DIFF_SRC, dx}, {DNNL_ARG_DIFF_SCALE, dgamma}, {DNNL_ARG_DIFF_SHIFT, dbeta}});
    }
    s.wait();
  } catch (const dnnl::error& err) {
    return dnnl_error(env, err);
  }
  return nullptr;
}

}  // namespace

void register_batchnorm(napi_env env, napi_value exports) { define(env, exports, "batchNorm", BatchNorm); }

}  // namespace onednn_addon

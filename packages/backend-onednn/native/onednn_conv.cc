// Convolutions for the tfjs "onednn" backend: forward, backward data and backward weights on oneDNN, reading and
// writing the backend's Float32Array memory in place (NHWC activations, tfjs filter layouts).
#include <node_api.h>
#include <dnnl.hpp>

#include <memory>
#include <string>
#include <unordered_map>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

engine& cpu() {
  static engine e(engine::kind::cpu, 0);
  return e;
}
stream& strm() {
  static stream s(cpu());
  return s;
}

// p: N H W C  KH KW CO G  OH OW SH SW  PT PL PB PR
struct Params {
  int64_t n, h, w, c, kh, kw, co, g, oh, ow, sh, sw, pt, pl, pb, pr;
};

struct Plan {
  memory::desc src, dst, user_weights;
  primitive prim;
  memory::desc prim_weights;
  bool reorder_weights;
  std::unique_ptr<reorder> to_prim, from_prim;
};

memory::desc activation(int64_t n, int64_t c, int64_t h, int64_t w) { return memory::desc({n, c, h, w}, dt::f32, tag::nhwc); }

// tfjs filters: [KH, KW, CI, CO] (G = 1) or depthwise [KH, KW, C, M] (G = C); as oneDNN dims (g) o i kh kw with strides.
memory::desc user_weights(const Params& p) {
  if (p.g == 1) return memory::desc({p.co, p.c, p.kh, p.kw}, dt::f32, memory::dims{1, p.co, p.kw * p.c * p.co, p.c * p.co});
  const int64_t m = p.co / p.g;
  return memory::desc({p.g, m, p.c / p.g, p.kh, p.kw}, dt::f32, memory::dims{m, 1, 1, p.kw * p.c * m, p.c * m});
}

memory::desc any_weights(const Params& p) {
  if (p.g == 1) return memory::desc({p.co, p.c, p.kh, p.kw}, dt::f32, tag::any);
  return memory::desc({p.g, p.co / p.g, p.c / p.g, p.kh, p.kw}, dt::f32, tag::any);
}

convolution_forward::primitive_desc forward_pd(const Params& p, const memory::desc& src, const memory::desc& dst) {
  convolution_forward::desc d(prop_kind::forward_training, algorithm::convolution_direct, src, any_weights(p), dst, {p.sh, p.sw}, {p.pt, p.pl}, {p.pb, p.pr});
  return convolution_forward::primitive_desc(d, cpu());
}

Plan* plan_for(int kind, const Params& p) {
  static std::unordered_map<std::string, std::unique_ptr<Plan>> cache;
  std::string key = std::to_string(kind);
  for (int64_t v : {p.n, p.h, p.w, p.c, p.kh, p.kw, p.co, p.g, p.oh, p.ow, p.sh, p.sw, p.pt, p.pl, p.pb, p.pr}) key += "," + std::to_string(v);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  auto plan = std::make_unique<Plan>();
  plan->src = activation(p.n, p.c, p.h, p.w);
  plan->dst = activation(p.n, p.co, p.oh, p.ow);
  plan->user_weights = user_weights(p);
  auto fwd = forward_pd(p, plan->src, plan->dst);
  if (kind == 0) {
    plan->prim = convolution_forward(fwd);
    plan->prim_weights = fwd.weights_desc();
  } else if (kind == 1) {
    convolution_backward_data::desc d(algorithm::convolution_direct, plan->src, any_weights(p), plan->dst, {p.sh, p.sw}, {p.pt, p.pl}, {p.pb, p.pr});
    convolution_backward_data::primitive_desc pd(d, cpu(), fwd);
    plan->prim = convolution_backward_data(pd);
    plan->prim_weights = pd.weights_desc();
  } else {
    convolution_backward_weights::desc d(algorithm::convolution_direct, plan->src, any_weights(p), plan->dst, {p.sh, p.sw}, {p.pt, p.pl}, {p.pb, p.pr});
    convolution_backward_weights::primitive_desc pd(d, cpu(), fwd);
    plan->prim = convolution_backward_weights(pd);
    plan->prim_weights = pd.diff_weights_desc();
  }
  plan->reorder_weights = plan->prim_weights != plan->user_weights;
  if (plan->reorder_weights) {
    if (kind == 2) plan->from_prim = std::make_unique<reorder>(reorder::primitive_desc(cpu(), plan->prim_weights, cpu(), plan->user_weights));
    else plan->to_prim = std::make_unique<reorder>(reorder::primitive_desc(cpu(), plan->user_weights, cpu(), plan->prim_weights));
  }
  Plan* raw = plan.get();
  cache.emplace(key, std::move(plan));
  return raw;
}

float* floats(napi_env env, napi_value v, size_t* length) {
  napi_typedarray_type type;
  void* data;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, length, &data, &buffer, &offset) != napi_ok || type != napi_float32_array) return nullptr;
  return static_cast<float*>(data);
}

// conv(kind, a, b, out, params): kind 0 forward (x, w -> y), 1 backward data (dy, w -> dx), 2 backward weights (x, dy -> dw).
napi_value Conv(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value args[5];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 5) {
    napi_throw_type_error(env, nullptr, "conv(kind, a, b, out, params) takes 5 arguments");
    return nullptr;
  }
  int32_t kind;
  napi_get_value_int32(env, args[0], &kind);
  size_t la, lb, lo, lp;
  float* a = floats(env, args[1], &la);
  float* b = floats(env, args[2], &lb);
  float* out = floats(env, args[3], &lo);
  napi_typedarray_type ptype;
  void* pdata;
  napi_value pbuf;
  size_t poff;
  if (!a || !b || !out || napi_get_typedarray_info(env, args[4], &ptype, &lp, &pdata, &pbuf, &poff) != napi_ok || ptype != napi_int32_array || lp != 16) {
    napi_throw_type_error(env, nullptr, "conv: a, b, out must be Float32Arrays and params an Int32Array of 16");
    return nullptr;
  }
  const int32_t* q = static_cast<const int32_t*>(pdata);
  Params p{q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8], q[9], q[10], q[11], q[12], q[13], q[14], q[15]};
  try {
    Plan* plan = plan_for(kind, p);
    auto& s = strm();
    memory user_w(plan->user_weights, cpu(), kind == 2 ? out : b);
    memory prim_w = plan->reorder_weights ? memory(plan->prim_weights, cpu()) : user_w;
    if (kind != 2 && plan->reorder_weights) plan->to_prim->execute(s, user_w, prim_w);
    if (kind == 0) {
      memory src(plan->src, cpu(), a), dst(plan->dst, cpu(), out);
      plan->prim.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, prim_w}, {DNNL_ARG_DST, dst}});
    } else if (kind == 1) {
      memory ddst(plan->dst, cpu(), a), dsrc(plan->src, cpu(), out);
      plan->prim.execute(s, {{DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_WEIGHTS, prim_w}, {DNNL_ARG_DIFF_SRC, dsrc}});
    } else {
      memory src(plan->src, cpu(), a), ddst(plan->dst, cpu(), b);
      plan->prim.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_DIFF_WEIGHTS, prim_w}});
      if (plan->reorder_weights) plan->from_prim->execute(s, prim_w, user_w);
    }
    s.wait();
  } catch (const dnnl::error& e) {
    napi_throw_error(env, nullptr, (std::string("oneDNN: ") + e.what()).c_str());
    return nullptr;
  }
  return nullptr;
}

struct BnPlan {
  memory::desc data, stats;
  batch_normalization_forward::primitive_desc fwd;
  batch_normalization_forward fwd_prim;
  batch_normalization_backward bwd_prim;
};

BnPlan* bn_plan(int64_t rows, int64_t channels, float eps) {
  static std::unordered_map<std::string, std::unique_ptr<BnPlan>> cache;
  std::string key = std::to_string(rows) + "," + std::to_string(channels) + "," + std::to_string(eps);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  // [rows, C] as NHWC with W = 1: oneDNN's JIT channels-last kernels (a 2-D "nc" tensor takes a slow generic path)
  memory::desc data({rows, channels, 1, 1}, dt::f32, tag::nhwc);
  const auto flags = normalization_flags::use_scale | normalization_flags::use_shift;
  batch_normalization_forward::primitive_desc fwd(batch_normalization_forward::desc(prop_kind::forward_training, data, eps, flags), cpu());
  batch_normalization_backward::primitive_desc bwd(batch_normalization_backward::desc(prop_kind::backward, data, data, eps, flags), cpu(), fwd);
  auto plan = std::unique_ptr<BnPlan>(new BnPlan{data, fwd.mean_desc(), fwd, batch_normalization_forward(fwd), batch_normalization_backward(bwd)});
  BnPlan* raw = plan.get();
  cache.emplace(key, std::move(plan));
  return raw;
}

// batchNorm(kind, rows, channels, epsilon, arrays): batch statistics over the rows of an [rows, channels] tensor.
// kind 0 forward: [x, gamma, beta, y, mean, variance]; kind 1 backward: [x, dy, mean, variance, gamma, dx, dgamma, dbeta].
napi_value BatchNorm(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value args[5];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  int32_t kind, rows, channels;
  double eps;
  napi_get_value_int32(env, args[0], &kind);
  napi_get_value_int32(env, args[1], &rows);
  napi_get_value_int32(env, args[2], &channels);
  napi_get_value_double(env, args[3], &eps);
  uint32_t n;
  napi_get_array_length(env, args[4], &n);
  float* p[8];
  if (n != (kind == 0 ? 6u : 8u)) {
    napi_throw_type_error(env, nullptr, "batchNorm: wrong number of arrays");
    return nullptr;
  }
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    size_t len;
    napi_get_element(env, args[4], i, &v);
    p[i] = floats(env, v, &len);
    if (!p[i]) {
      napi_throw_type_error(env, nullptr, "batchNorm: arrays must be Float32Arrays");
      return nullptr;
    }
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
    napi_throw_error(env, nullptr, (std::string("oneDNN: ") + err.what()).c_str());
  }
  return nullptr;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "conv", NAPI_AUTO_LENGTH, Conv, nullptr, &fn);
  napi_set_named_property(env, exports, "conv", fn);
  napi_create_function(env, "batchNorm", NAPI_AUTO_LENGTH, BatchNorm, nullptr, &fn);
  napi_set_named_property(env, exports, "batchNorm", fn);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)

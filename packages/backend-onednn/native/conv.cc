// Convolutions for the tfjs "onednn" backend: forward (with bias and ReLU / ReLU6 fused), backward data and backward
// weights on oneDNN, reading and writing the backend's Float32Array memory in place (NHWC activations, tfjs filter
// layouts). Weights are handed to oneDNN in the layout it picks ("any") through a cached reorder.
#include <memory>
#include <unordered_map>

#include "common.h"

namespace onednn_addon {
namespace {

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

// p: N H W C  KH KW CO G  OH OW SH SW  PT PL PB PR
struct Params {
  int64_t n, h, w, c, kh, kw, co, g, oh, ow, sh, sw, pt, pl, pb, pr;
};

struct Plan {
  memory::desc src, dst, user_weights, bias;
  primitive prim;
  memory::desc prim_weights;
  bool reorder_weights;
  std::unique_ptr<reorder> to_prim, from_prim;
  std::unique_ptr<memory> scratch_weights;
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

// activation: 0 none, 1 ReLU, 2 ReLU6 (clip to [0, 6]).
convolution_forward::primitive_desc forward_pd(const Params& p, const memory::desc& src, const memory::desc& dst, bool bias, int act) {
  const memory::desc bias_desc({p.co}, dt::f32, tag::x);
  auto d = bias ? convolution_forward::desc(prop_kind::forward_training, algorithm::convolution_direct, src, any_weights(p), bias_desc, dst, {p.sh, p.sw}, {p.pt, p.pl}, {p.pb, p.pr})
                : convolution_forward::desc(prop_kind::forward_training, algorithm::convolution_direct, src, any_weights(p), dst, {p.sh, p.sw}, {p.pt, p.pl}, {p.pb, p.pr});
  primitive_attr attr;
  if (act != 0) {
    post_ops ops;
    if (act == 1) ops.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f);
    else ops.append_eltwise(1.f, algorithm::eltwise_clip, 0.f, 6.f);
    attr.set_post_ops(ops);
  }
  return convolution_forward::primitive_desc(d, attr, cpu());
}

Plan* plan_for(int kind, const Params& p, bool bias, int act) {
  static std::unordered_map<std::string, std::unique_ptr<Plan>> cache;
  const std::string key = cache_key(kind, {p.n, p.h, p.w, p.c, p.kh, p.kw, p.co, p.g, p.oh, p.ow, p.sh, p.sw, p.pt, p.pl, p.pb, p.pr, bias, act});
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  auto plan = std::make_unique<Plan>();
  plan->src = activation(p.n, p.c, p.h, p.w);
  plan->dst = activation(p.n, p.co, p.oh, p.ow);
  plan->user_weights = user_weights(p);
  plan->bias = memory::desc({p.co}, dt::f32, tag::x);
  auto fwd = forward_pd(p, plan->src, plan->dst, bias, act);
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
    plan->scratch_weights = std::make_unique<memory>(plan->prim_weights, cpu());
  }
  Plan* raw = plan.get();
  cache.emplace(key, std::move(plan));
  return raw;
}

// conv(kind, a, b, out, params, bias?, activation?): kind 0 forward (x, w -> y, optionally + bias then ReLU/ReLU6),
// 1 backward data (dy, w -> dx), 2 backward weights (x, dy -> dw).
napi_value Conv(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value args[7];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc < 5) return type_error(env, "conv(kind, a, b, out, params, bias?, activation?) takes 5 to 7 arguments");
  const int32_t kind = int_arg(env, args[0]);
  size_t la, lb, lo, lbias = 0;
  float* a = floats(env, args[1], &la);
  float* b = floats(env, args[2], &lb);
  float* out = floats(env, args[3], &lo);
  std::vector<int64_t> q;
  if (!a || !b || !out || !ints(env, args[4], &q) || q.size() != 16) return type_error(env, "conv: a, b, out must be Float32Arrays and params an Int32Array of 16");
  float* bias = nullptr;
  if (argc > 5 && kind == 0) {
    napi_valuetype t;
    napi_typeof(env, args[5], &t);
    if (t != napi_null && t != napi_undefined && !(bias = floats(env, args[5], &lbias))) return type_error(env, "conv: bias must be a Float32Array or null");
  }
  const int32_t act = argc > 6 && kind == 0 ? int_arg(env, args[6]) : 0;
  Params p{q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8], q[9], q[10], q[11], q[12], q[13], q[14], q[15]};
  if (bias && static_cast<int64_t>(lbias) != p.co) return type_error(env, "conv: bias must hold one value per output channel");
  try {
    Plan* plan = plan_for(kind, p, bias != nullptr, act);
    auto& s = strm();
    memory user_w(plan->user_weights, cpu(), kind == 2 ? out : b);
    memory prim_w = plan->reorder_weights ? *plan->scratch_weights : user_w;
    if (kind != 2 && plan->reorder_weights) plan->to_prim->execute(s, user_w, prim_w);
    if (kind == 0) {
      memory src(plan->src, cpu(), a), dst(plan->dst, cpu(), out);
      if (bias) {
        memory bm(plan->bias, cpu(), bias);
        plan->prim.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, prim_w}, {DNNL_ARG_BIAS, bm}, {DNNL_ARG_DST, dst}});
      } else {
        plan->prim.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, prim_w}, {DNNL_ARG_DST, dst}});
      }
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
    return dnnl_error(env, e);
  }
  return nullptr;
}

}  // namespace

void register_conv(napi_env env, napi_value exports) { define(env, exports, "conv", Conv); }

}  // namespace onednn_addon

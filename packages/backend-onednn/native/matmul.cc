// Batched matrix products for the tfjs "onednn" backend (dense layers and their gradients) on oneDNN's matmul, the
// transposes given as strides (no copy), with the bias and ReLU / ReLU6 of a fused dense layer.
#include <memory>
#include <unordered_map>

#include "common.h"

namespace onednn_addon {
namespace {

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

struct MatmulPlan {
  memory::desc a, b, bias, dst;
  matmul prim;
};

// p: BA BB M K N  transposeA transposeB  bias activation(0 none, 1 ReLU, 2 ReLU6)
MatmulPlan* matmul_plan(const std::vector<int64_t>& p) {
  static std::unordered_map<std::string, std::unique_ptr<MatmulPlan>> cache;
  const std::string key = cache_key(0, p);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  const int64_t ba = p[0], bb = p[1], m = p[2], k = p[3], n = p[4];
  auto plan = std::make_unique<MatmulPlan>();
  plan->a = memory::desc({ba, m, k}, dt::f32, p[5] ? memory::dims{k * m, 1, m} : memory::dims{m * k, k, 1});
  plan->b = memory::desc({bb, k, n}, dt::f32, p[6] ? memory::dims{n * k, 1, k} : memory::dims{k * n, n, 1});
  plan->bias = memory::desc({1, 1, n}, dt::f32, tag::abc);
  plan->dst = memory::desc({std::max(ba, bb), m, n}, dt::f32, tag::abc);
  primitive_attr attr;
  if (p[8] != 0) {
    post_ops ops;
    if (p[8] == 1) ops.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f);
    else ops.append_eltwise(1.f, algorithm::eltwise_clip, 0.f, 6.f);
    attr.set_post_ops(ops);
  }
  auto d = p[7] ? matmul::desc(plan->a, plan->b, plan->bias, plan->dst) : matmul::desc(plan->a, plan->b, plan->dst);
  plan->prim = matmul(matmul::primitive_desc(d, attr, cpu()));
  MatmulPlan* raw = plan.get();
  cache.emplace(key, std::move(plan));
  return raw;
}

// matmul(a, b, bias, out, params): out[B, M, N] = op(a) · op(b) (+ bias[N]), then the activation.
napi_value Matmul(napi_env env, napi_callback_info info) {
  napi_value args[5];
  if (!get_args(env, info, 5, args, "matmul(a, b, bias, out, params) takes 5 arguments")) return nullptr;
  size_t la, lb, lbias = 0, lo;
  float* a = floats(env, args[0], &la);
  float* b = floats(env, args[1], &lb);
  float* out = floats(env, args[3], &lo);
  std::vector<int64_t> p;
  if (!a || !b || !out || !ints(env, args[4], &p) || p.size() != 9) return type_error(env, "matmul: a, b, out must be Float32Arrays and params an Int32Array of 9");
  float* bias = p[7] ? floats(env, args[2], &lbias) : nullptr;
  if (p[7] && (!bias || static_cast<int64_t>(lbias) != p[4])) return type_error(env, "matmul: bias must be a Float32Array of N values");
  try {
    MatmulPlan* plan = matmul_plan(p);
    memory am(plan->a, cpu(), a), bm(plan->b, cpu(), b), om(plan->dst, cpu(), out);
    auto& s = strm();
    if (bias) {
      memory biasm(plan->bias, cpu(), bias);
      plan->prim.execute(s, {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_BIAS, biasm}, {DNNL_ARG_DST, om}});
    } else {
      plan->prim.execute(s, {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, om}});
    }
    s.wait();
  } catch (const dnnl::error& e) {
    return dnnl_error(env, e);
  }
  return nullptr;
}

}  // namespace

void register_matmul(napi_env env, napi_value exports) { define(env, exports, "matmul", Matmul); }

}  // namespace onednn_addon

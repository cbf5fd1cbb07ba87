// Pooling for the tfjs "onednn" backend on oneDNN, NHWC in place: average and max, forward and backward. Average
// pooling's forward excludes the padding from the count, as TensorFlow does; its backward divides by the whole window,
// as tfjs's CPU and wasm AvgPoolGrad do (at padded borders that is not the forward's exact gradient, but it is the
// one every tfjs backend trains with). Max pooling's backward runs the forward again for its workspace (tfjs's
// MaxPoolGrad receives the input, not the argmax).
#include <memory>
#include <unordered_map>

#include "common.h"

namespace onednn_addon {
namespace {

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

struct PoolPlan {
  memory::desc src, dst;
  primitive fwd, bwd;
  std::unique_ptr<memory> scratch_dst, workspace;
};

// p: N H W C  KH KW OH OW  SH SW  PT PL PB PR
PoolPlan* pool_plan(int max, const std::vector<int64_t>& p) {
  static std::unordered_map<std::string, std::unique_ptr<PoolPlan>> cache;
  const std::string key = cache_key(max, p);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  auto plan = std::make_unique<PoolPlan>();
  plan->src = memory::desc({p[0], p[3], p[1], p[2]}, dt::f32, tag::nhwc);
  plan->dst = memory::desc({p[0], p[3], p[6], p[7]}, dt::f32, tag::nhwc);
  const algorithm alg = max ? algorithm::pooling_max : algorithm::pooling_avg_exclude_padding;
  const memory::dims strides{p[8], p[9]}, kernel{p[4], p[5]}, pl{p[10], p[11]}, pr{p[12], p[13]};
  pooling_forward::primitive_desc fwd(pooling_forward::desc(prop_kind::forward_training, alg, plan->src, plan->dst, strides, kernel, pl, pr), cpu());
  const algorithm bwd_alg = max ? alg : algorithm::pooling_avg_include_padding;
  pooling_forward::primitive_desc hint(pooling_forward::desc(prop_kind::forward_training, bwd_alg, plan->src, plan->dst, strides, kernel, pl, pr), cpu());
  pooling_backward::primitive_desc bwd(pooling_backward::desc(bwd_alg, plan->src, plan->dst, strides, kernel, pl, pr), cpu(), hint);
  plan->fwd = pooling_forward(fwd);
  plan->bwd = pooling_backward(bwd);
  if (max) {
    plan->scratch_dst = std::make_unique<memory>(plan->dst, cpu());
    plan->workspace = std::make_unique<memory>(fwd.workspace_desc(), cpu());
  }
  PoolPlan* raw = plan.get();
  cache.emplace(key, std::move(plan));
  return raw;
}

// pool(kind, max, a, b, out, params): kind 0 forward (a = x → out = y), 1 backward (a = dy, b = x → out = dx).
napi_value Pool(napi_env env, napi_callback_info info) {
  napi_value args[6];
  if (!get_args(env, info, 6, args, "pool(kind, max, a, b, out, params) takes 6 arguments")) return nullptr;
  const int32_t kind = int_arg(env, args[0]), max = int_arg(env, args[1]);
  size_t la, lb, lo;
  float* a = floats(env, args[2], &la);
  float* b = floats(env, args[3], &lb);
  float* out = floats(env, args[4], &lo);
  std::vector<int64_t> p;
  if (!a || !b || !out || !ints(env, args[5], &p) || p.size() != 14) return type_error(env, "pool: a, b, out must be Float32Arrays and params an Int32Array of 14");
  try {
    PoolPlan* plan = pool_plan(max, p);
    auto& s = strm();
    if (kind == 0) {
      memory src(plan->src, cpu(), a), dst(plan->dst, cpu(), out);
      if (max) plan->fwd.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}, {DNNL_ARG_WORKSPACE, *plan->workspace}});
      else plan->fwd.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
    } else {
      memory ddst(plan->dst, cpu(), a), dsrc(plan->src, cpu(), out);
      if (max) {
        memory src(plan->src, cpu(), b);
        plan->fwd.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, *plan->scratch_dst}, {DNNL_ARG_WORKSPACE, *plan->workspace}});
        plan->bwd.execute(s, {{DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_DIFF_SRC, dsrc}, {DNNL_ARG_WORKSPACE, *plan->workspace}});
      } else {
        plan->bwd.execute(s, {{DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_DIFF_SRC, dsrc}});
      }
    }
    s.wait();
  } catch (const dnnl::error& e) {
    return dnnl_error(env, e);
  }
  return nullptr;
}

}  // namespace

void register_pool(napi_env env, napi_value exports) { define(env, exports, "pool", Pool); }

}  // namespace onednn_addon

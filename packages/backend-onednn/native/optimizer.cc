// Optimizer updates for the tfjs "onednn" backend: every variable of a step in one call, with the trainer's
// formulas in the same float32 order as its tfjs ops (SGD with momentum and L2; Adam with decoupled weight decay).
#include <cmath>

#include "common.h"

namespace onednn_addon {
namespace {

bool arrays(napi_env env, napi_value list, std::vector<float*>* out, std::vector<size_t>* lengths) {
  uint32_t n;
  if (napi_get_array_length(env, list, &n) != napi_ok) return false;
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    size_t len;
    napi_get_element(env, list, i, &v);
    float* p = floats(env, v, &len);
    if (!p) return false;
    out->push_back(p);
    lengths->push_back(len);
  }
  return true;
}

// sgd(arrays, decays, lr, momentum, weightDecay): arrays = [v, m, g, v', m'] per variable.
// g += v·wd (when it decays); m' = m·momentum + g; v' = v − m'·lr.
// adam(arrays, decays, lr·wd, b1, b2, eps, stepSize): arrays = [v, m, s, g, v', m', s'] per variable.
// m' = m·b1 + g·(1−b1); s' = s·b2 + g²·(1−b2); v' = v − m'·stepSize / (√s' + eps) (− v·lr·wd when it decays).
napi_value Update(napi_env env, napi_callback_info info, bool adam) {
  napi_value args[7];
  if (!get_args(env, info, adam ? 7 : 5, args, adam ? "adam(arrays, decays, lrWd, b1, b2, eps, stepSize) takes 7 arguments" : "sgd(arrays, decays, lr, momentum, weightDecay) takes 5 arguments")) return nullptr;
  std::vector<float*> p;
  std::vector<size_t> len;
  std::vector<int64_t> decays;
  const size_t per = adam ? 7 : 5;
  if (!arrays(env, args[0], &p, &len) || p.size() % per != 0 || !ints(env, args[1], &decays) || decays.size() != p.size() / per) return type_error(env, "optimizer: arrays must be Float32Arrays, decays an Int32Array of one flag per variable");
  for (size_t k = 0; k < p.size(); k += per)
    for (size_t j = 1; j < per; j++)
      if (len[k + j] != len[k]) return type_error(env, "optimizer: a variable's arrays must have one length");
  if (!adam) {
    const float lr = static_cast<float>(number_arg(env, args[2])), mom = static_cast<float>(number_arg(env, args[3])), wd = static_cast<float>(number_arg(env, args[4]));
    for (size_t k = 0; k < p.size(); k += per) {
      const float *v = p[k], *m = p[k + 1], *g = p[k + 2];
      float *nv = p[k + 3], *nm = p[k + 4];
      const bool decay = wd > 0.f && decays[k / per];
      for (size_t i = 0; i < len[k]; i++) {
        const float gi = decay ? g[i] + v[i] * wd : g[i];
        const float mi = m[i] * mom + gi;
        nm[i] = mi;
        nv[i] = v[i] - mi * lr;
      }
    }
    return nullptr;
  }
  const float lrwd = static_cast<float>(number_arg(env, args[2])), b1 = static_cast<float>(number_arg(env, args[3])), b2 = static_cast<float>(number_arg(env, args[4]));
  const float c1 = static_cast<float>(1 - number_arg(env, args[3])), c2 = static_cast<float>(1 - number_arg(env, args[4]));
  const float eps = static_cast<float>(number_arg(env, args[5])), step = static_cast<float>(number_arg(env, args[6]));
  for (size_t k = 0; k < p.size(); k += per) {
    const float *v = p[k], *m = p[k + 1], *s = p[k + 2], *g = p[k + 3];
    float *nv = p[k + 4], *nm = p[k + 5], *ns = p[k + 6];
    const bool decay = lrwd > 0.f && decays[k / per];
    for (size_t i = 0; i < len[k]; i++) {
      const float mi = m[i] * b1 + g[i] * c1;
      const float si = s[i] * b2 + (g[i] * g[i]) * c2;
      float next = v[i] - (mi * step) / (std::sqrt(si) + eps);
      if (decay) next = next - v[i] * lrwd;
      nm[i] = mi;
      ns[i] = si;
      nv[i] = next;
    }
  }
  return nullptr;
}

napi_value Sgd(napi_env env, napi_callback_info info) { return Update(env, info, false); }
napi_value Adam(napi_env env, napi_callback_info info) { return Update(env, info, true); }

}  // namespace

void register_optimizer(napi_env env, napi_value exports) {
  define(env, exports, "sgd", Sgd);
  define(env, exports, "adam", Adam);
}

}  // namespace onednn_addon

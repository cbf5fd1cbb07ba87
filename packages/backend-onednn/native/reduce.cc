// Sums over any set of axes for the tfjs "onednn" backend (Sum, Mean, the gradients of broadcasting ops): the shape
// collapsed to alternating reduced / kept runs, accumulated in double.
#include "common.h"

namespace onednn_addon {
namespace {

// reduceSum(x, shape, reduced, out, scale): out = scale · Σ x over the axes where reduced[i] is 1.
napi_value ReduceSum(napi_env env, napi_callback_info info) {
  napi_value args[5];
  if (!get_args(env, info, 5, args, "reduceSum(x, shape, reduced, out, scale) takes 5 arguments")) return nullptr;
  size_t lx, lo;
  const float* x = floats(env, args[0], &lx);
  float* o = floats(env, args[3], &lo);
  std::vector<int64_t> shape, reduced;
  if (!x || !o || !ints(env, args[1], &shape) || !ints(env, args[2], &reduced) || shape.size() != reduced.size()) return type_error(env, "reduceSum: Float32Arrays x and out, Int32Arrays shape and reduced of one rank");
  const double scale = number_arg(env, args[4]);
  std::vector<int64_t> dims;
  std::vector<bool> red;
  for (size_t i = 0; i < shape.size(); i++) {
    if (shape[i] == 1) continue;
    const bool r = reduced[i] != 0;
    if (!dims.empty() && red.back() == r) dims.back() *= shape[i];
    else dims.push_back(shape[i]), red.push_back(r);
  }
  std::vector<double> acc(lo, 0.0);
  const size_t m = dims.size();
  if (m == 0) {
    if (lx) acc[0] = x[0];
  } else {
    std::vector<int64_t> so(m, 0);  // output strides, 0 on reduced dims
    for (int64_t p = 1, i = static_cast<int64_t>(m) - 1; i >= 0; i--) if (!red[i]) so[i] = p, p *= dims[i];
    const int64_t n = dims[m - 1];
    std::vector<int64_t> idx(m, 0);
    int64_t off = 0;
    for (const float* end = x + lx; x < end; x += n) {
      if (red[m - 1]) {
        double s = 0;
        for (int64_t j = 0; j < n; j++) s += x[j];
        acc[off] += s;
      } else {
        double* a = acc.data() + off;
        for (int64_t j = 0; j < n; j++) a[j] += x[j];
      }
      for (size_t d = m - 1; d-- > 0;) {
        off += so[d];
        if (++idx[d] < dims[d]) break;
        off -= so[d] * dims[d];
        idx[d] = 0;
      }
    }
  }
  for (size_t i = 0; i < lo; i++) o[i] = static_cast<float>(acc[i] * scale);
  return nullptr;
}

}  // namespace

void register_reduce(napi_env env, napi_value exports) { define(env, exports, "reduceSum", ReduceSum); }

}  // namespace onednn_addon

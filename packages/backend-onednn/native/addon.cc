// The addon's entry point, its helpers, and the thread count of oneDNN's OpenMP runtime.
#include <omp.h>

#include "common.h"

namespace onednn_addon {

dnnl::engine& cpu() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}
dnnl::stream& strm() {
  static dnnl::stream s(cpu());
  return s;
}

bool get_args(napi_env env, napi_callback_info info, size_t n, napi_value* args, const char* usage) {
  size_t argc = n;
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc < n) {
    napi_throw_type_error(env, nullptr, usage);
    return false;
  }
  return true;
}

float* floats(napi_env env, napi_value v, size_t* length) {
  napi_typedarray_type type;
  void* data;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, length, &data, &buffer, &offset) != napi_ok || type != napi_float32_array) return nullptr;
  return static_cast<float*>(data);
}

bool ints(napi_env env, napi_value v, std::vector<int64_t>* out) {
  napi_typedarray_type type;
  size_t length, offset;
  void* data;
  napi_value buffer;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, &buffer, &offset) != napi_ok || type != napi_int32_array) return false;
  const int32_t* p = static_cast<const int32_t*>(data);
  out->assign(p, p + length);
  return true;
}

int32_t int_arg(napi_env env, napi_value v) {
  int32_t r = 0;
  napi_get_value_int32(env, v, &r);
  return r;
}

double number_arg(napi_env env, napi_value v) {
  double r = 0;
  napi_get_value_double(env, v, &r);
  return r;
}

napi_value type_error(napi_env env, const std::string& message) {
  napi_throw_type_error(env, nullptr, message.c_str());
  return nullptr;
}

napi_value dnnl_error(napi_env env, const dnnl::error& e) {
  napi_throw_error(env, nullptr, (std::string("oneDNN: ") + e.what()).c_str());
  return nullptr;
}

std::string cache_key(int kind, const std::vector<int64_t>& values) {
  std::string key = std::to_string(kind);
  for (int64_t v : values) key += "," + std::to_string(v);
  return key;
}

void define(napi_env env, napi_value exports, const char* name, napi_callback fn) {
  napi_value f;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, nullptr, &f);
  napi_set_named_property(env, exports, name, f);
}

namespace {

// setThreads(n): the threads oneDNN's OpenMP runtime uses from now on (set before the first primitive is made).
napi_value SetThreads(napi_env env, napi_callback_info info) {
  napi_value args[1];
  if (!get_args(env, info, 1, args, "setThreads(n) takes 1 argument")) return nullptr;
  const int32_t n = int_arg(env, args[0]);
  if (n < 1) return type_error(env, "setThreads: n must be at least 1");
  omp_set_num_threads(n);
  return nullptr;
}

napi_value GetThreads(napi_env env, napi_callback_info) {
  napi_value r;
  napi_create_int32(env, omp_get_max_threads(), &r);
  return r;
}

napi_value Init(napi_env env, napi_value exports) {
  define(env, exports, "setThreads", SetThreads);
  define(env, exports, "getThreads", GetThreads);
  register_conv(env, exports);
  register_batchnorm(env, exports);
  register_eltwise(env, exports);
  register_reduce(env, exports);
  register_pool(env, exports);
  register_matmul(env, exports);
  register_optimizer(env, exports);
  return exports;
}

}  // namespace
}  // namespace onednn_addon

NAPI_MODULE(NODE_GYP_MODULE_NAME, onednn_addon::Init)

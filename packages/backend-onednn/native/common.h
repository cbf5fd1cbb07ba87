// Shared pieces of the addon: the oneDNN engine and stream, and reading N-API arguments.
#pragma once
#include <node_api.h>
#include <dnnl.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace onednn_addon {

dnnl::engine& cpu();
dnnl::stream& strm();

/** The arguments of a call; throws a JS TypeError (and returns false) when there are fewer than `n`. */
bool get_args(napi_env env, napi_callback_info info, size_t n, napi_value* args, const char* usage);

/** A Float32Array's data (nullptr when the value is not one). */
float* floats(napi_env env, napi_value v, size_t* length);
/** An Int32Array as int64 values (false when the value is not one). */
bool ints(napi_env env, napi_value v, std::vector<int64_t>* out);
int32_t int_arg(napi_env env, napi_value v);
double number_arg(napi_env env, napi_value v);

napi_value type_error(napi_env env, const std::string& message);
napi_value dnnl_error(napi_env env, const dnnl::error& e);

/** Key of a primitive cache: the kind and the shape numbers, joined. */
std::string cache_key(int kind, const std::vector<int64_t>& values);

void register_conv(napi_env env, napi_value exports);
void register_batchnorm(napi_env env, napi_value exports);
void register_eltwise(napi_env env, napi_value exports);
void register_reduce(napi_env env, napi_value exports);
void register_pool(napi_env env, napi_value exports);
void register_matmul(napi_env env, napi_value exports);
void register_optimizer(napi_env env, napi_value exports);
void define(napi_env env, napi_value exports, const char* name, napi_callback fn);

}  // namespace onednn_addon

// Shared plumbing of the bridge: the error trap every exported body runs in, and
// conversions between ABI integers and libtorch types. No operation logic lives here.
#pragma once
#include <ATen/ATen.h>
#include <string>
#include <vector>

#include "hdc_torch.h"

namespace hdc {

void set_last_error(const char* message);
void clear_last_error();

inline at::Tensor& T(hdc_tensor h) { return *static_cast<at::Tensor*>(h); }
inline hdc_tensor wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }
inline c10::optional<at::Tensor> opt(hdc_tensor h) {
  if (h == nullptr) return c10::nullopt;
  return T(h);
}
inline c10::optional<at::Generator> gen(hdc_generator g) {
  if (g == nullptr) return c10::nullopt;
  return *static_cast<at::Generator*>(g);
}
inline at::IntArrayRef dims(const int64_t* p, int n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }
inline at::Device device(int type, int index) {
  if (type == 0) return at::Device(at::kCPU);
  if (type == 1) return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index));
  throw std::invalid_argument("unknown device type code " + std::to_string(type));
}
inline at::TensorOptions options(int dtype, int device_type, int device_index) {
  return at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)).device(device(device_type, device_index));
}
inline std::vector<at::Tensor> tensors(const hdc_tensor* hs, int n) {
  std::vector<at::Tensor> v;
  v.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; i++) v.push_back(T(hs[i]));
  return v;
}

}  // namespace hdc

// Every exported body runs inside one of these traps, so that no exception crosses the ABI.
// c10::Error's message is taken without its C++ backtrace, which means nothing to a .NET user.
#define HDC_CATCH(fail_value)                                      \
  catch (const c10::Error& e) {                                    \
    hdc::set_last_error(e.what_without_backtrace());               \
    return fail_value;                                             \
  }                                                                \
  catch (const std::exception& e) {                                \
    hdc::set_last_error(e.what());                                 \
    return fail_value;                                             \
  }                                                                \
  catch (...) {                                                    \
    hdc::set_last_error("unknown native exception");               \
    return fail_value;                                             \
  }

#define HDC_TENSOR(...)             \
  try {                             \
    return hdc::wrap(__VA_ARGS__);  \
  }                                 \
  HDC_CATCH(nullptr)

#define HDC_STATUS(...) \
  try {                 \
    __VA_ARGS__;        \
    return 0;           \
  }                     \
  HDC_CATCH(-1)

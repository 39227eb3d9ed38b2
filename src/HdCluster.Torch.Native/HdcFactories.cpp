// Tensor creation: constant fills, ranges, random draws (optionally from a seeded generator)
// and copies of managed memory.
#include "Utils.h"

using hdc::dims;
using hdc::gen;
using hdc::options;

// ATen's factories drop TensorOptions::requires_grad without a word (only torch:: factories honour
// it), so the flag is set on the result instead.

extern "C" {

hdc_tensor hdc_empty(const int64_t* shape, int ndim, int dtype, int dt, int di, int rg) {
  HDC_TENSOR(at::empty(dims(shape, ndim), options(dtype, dt, di)).requires_grad_(rg != 0))
}

hdc_tensor hdc_zeros(const int64_t* shape, int ndim, int dtype, int dt, int di, int rg) {
  HDC_TENSOR(at::zeros(dims(shape, ndim), options(dtype, dt, di)).requires_grad_(rg != 0))
}

hdc_tensor hdc_ones(const int64_t* shape, int ndim, int dtype, int dt, int di, int rg) {
  HDC_TENSOR(at::ones(dims(shape, ndim), options(dtype, dt, di)).requires_grad_(rg != 0))
}

hdc_tensor hdc_full(const int64_t* shape, int ndim, double value, int dtype, int dt, int di, int rg) {
  HDC_TENSOR(at::full(dims(shape, ndim), value, options(dtype, dt, di)).requires_grad_(rg != 0))
}

hdc_tensor hdc_arange(double start, double end, double step, int dtype, int dt, int di) {
  HDC_TENSOR(at::arange(start, end, step, options(dtype, dt, di)))
}

hdc_tensor hdc_rand(const int64_t* shape, int ndim, hdc_generator g, int dtype, int dt, int di) {
  HDC_TENSOR(at::rand(dims(shape, ndim), gen(g), options(dtype, dt, di)))
}

hdc_tensor hdc_randn(const int64_t* shape, int ndim, hdc_generator g, int dtype, int dt, int di) {
  HDC_TENSOR(at::randn(dims(shape, ndim), gen(g), options(dtype, dt, di)))
}

hdc_tensor hdc_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, hdc_generator g, int dtype, int dt, int di) {
  HDC_TENSOR(at::randint(low, high, dims(shape, ndim), gen(g), options(dtype, dt, di)))
}

hdc_tensor hdc_randperm(int64_t n, hdc_generator g, int dtype, int dt, int di) {
  HDC_TENSOR(at::randperm(n, gen(g), options(dtype, dt, di)))
}

hdc_tensor hdc_from_data(const void* data, const int64_t* shape, int ndim, int dtype) {
  // from_blob borrows the managed buffer, so clone before the caller's pin is released.
  HDC_TENSOR(at::from_blob(const_cast<void*>(data), dims(shape, ndim), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype))).clone())
}

hdc_tensor hdc_like(hdc_tensor t, int kind, double value) {
  try {
    const at::Tensor& x = hdc::T(t);
    switch (kind) {
      case 0: return hdc::wrap(at::zeros_like(x));
      case 1: return hdc::wrap(at::ones_like(x));
      case 2: return hdc::wrap(at::full_like(x, value));
      case 3: return hdc::wrap(at::empty_like(x));
      default: throw std::invalid_argument("unknown like-kind " + std::to_string(kind));
    }
  }
  HDC_CATCH(nullptr)
}

}  // extern "C"

// Tensor metadata, conversions, elementwise arithmetic, reductions and shape operations.
#include <cmath>
#include <cstring>
#include <sstream>

#include "Utils.h"

using hdc::dims;
using hdc::T;

namespace {

at::Tensor unary(const at::Tensor& x, int op) {
  switch (op) {
    case 0: return at::neg(x);
    case 1: return at::exp(x);
    case 2: return at::log(x);
    case 3: return at::sqrt(x);
    case 4: return at::tanh(x);
    case 5: return at::sigmoid(x);
    case 6: return at::relu(x);
    case 7: return at::abs(x);
    case 8: return at::sign(x);
    case 9: return at::square(x);
    case 10: return at::rsqrt(x);
    case 11: return at::atanh(x);
    case 12: return at::isfinite(x);
    case 13: return at::isnan(x);
    case 14: return at::logical_not(x);
    case 15: return at::reciprocal(x);
    case 16: return at::floor(x);
    case 17: return at::log1p(x);
    default: throw std::invalid_argument("unknown unary op code " + std::to_string(op));
  }
}

void unary_(at::Tensor& x, int op) {
  switch (op) {
    case 0: x.neg_(); return;
    case 1: x.exp_(); return;
    case 2: x.log_(); return;
    case 3: x.sqrt_(); return;
    case 4: x.tanh_(); return;
    case 5: x.sigmoid_(); return;
    case 6: x.relu_(); return;
    case 7: x.abs_(); return;
    case 8: x.sign_(); return;
    case 9: x.square_(); return;
    case 10: x.rsqrt_(); return;
    case 11: x.atanh_(); return;
    case 15: x.reciprocal_(); return;
    case 16: x.floor_(); return;
    case 17: x.log1p_(); return;
    default: throw std::invalid_argument("unary op code " + std::to_string(op) + " has no in-place form");
  }
}

at::Tensor binary(const at::Tensor& a, const at::Tensor& b, int op) {
  switch (op) {
    case 0: return at::add(a, b);
    case 1: return at::sub(a, b);
    case 2: return at::mul(a, b);
    case 3: return at::div(a, b);
    case 4: return at::pow(a, b);
    case 5: return at::maximum(a, b);
    case 6: return at::minimum(a, b);
    case 7: return at::eq(a, b);
    case 8: return at::ne(a, b);
    case 9: return at::lt(a, b);
    case 10: return at::le(a, b);
    case 11: return at::gt(a, b);
    case 12: return at::ge(a, b);
    case 13: return at::sub(b, a);
    case 14: return at::logical_and(a, b);
    case 15: return at::logical_or(a, b);
    default: throw std::invalid_argument("unknown binary op code " + std::to_string(op));
  }
}

at::Tensor binary_scalar(const at::Tensor& a, const at::Scalar& s, int op) {
  switch (op) {
    case 0: return at::add(a, s);
    case 1: return at::sub(a, s);
    case 2: return at::mul(a, s);
    case 3: return at::div(a, s);
    case 4: return at::pow(a, s);
    case 5: return at::clamp_min(a, s);
    case 6: return at::clamp_max(a, s);
    case 7: return at::eq(a, s);
    case 8: return at::ne(a, s);
    case 9: return at::lt(a, s);
    case 10: return at::le(a, s);
    case 11: return at::gt(a, s);
    case 12: return at::ge(a, s);
    case 13: return at::rsub(a, s);
    case 16: return at::reciprocal(a).mul(s);
    default: throw std::invalid_argument("binary op code " + std::to_string(op) + " has no scalar form");
  }
}

void binary_(at::Tensor& a, const at::Tensor& b, int op) {
  switch (op) {
    case 0: a.add_(b); return;
    case 1: a.sub_(b); return;
    case 2: a.mul_(b); return;
    case 3: a.div_(b); return;
    case 4: a.pow_(b); return;
    default: throw std::invalid_argument("binary op code " + std::to_string(op) + " has no in-place form");
  }
}

void binary_scalar_(at::Tensor& a, const at::Scalar& s, int op) {
  switch (op) {
    case 0: a.add_(s); return;
    case 1: a.sub_(s); return;
    case 2: a.mul_(s); return;
    case 3: a.div_(s); return;
    case 4: a.pow_(s); return;
    case 5: a.clamp_min_(s); return;
    case 6: a.clamp_max_(s); return;
    default: throw std::invalid_argument("binary op code " + std::to_string(op) + " has no in-place scalar form");
  }
}

// The ABI carries scalars as doubles. A whole number applied to an integer tensor is passed on as an
// integer, so that int64 + 1 stays int64 as in PyTorch (where the literal would be an int).
at::Scalar scalar_for(const at::Tensor& t, double s) {
  if (c10::isIntegralType(t.scalar_type(), true) && std::nearbyint(s) == s && std::abs(s) < 9.2e18) {
    return at::Scalar(static_cast<int64_t>(s));
  }
  return at::Scalar(s);
}

}  // namespace

extern "C" {

void hdc_tensor_free(hdc_tensor t) { delete static_cast<at::Tensor*>(t); }

int hdc_tensor_ndim(hdc_tensor t) { return static_cast<int>(T(t).dim()); }

int hdc_tensor_shape(hdc_tensor t, int64_t* out) {
  HDC_STATUS({
    auto sizes = T(t).sizes();
    std::copy(sizes.begin(), sizes.end(), out);
  })
}

int64_t hdc_tensor_numel(hdc_tensor t) { return T(t).numel(); }

int hdc_tensor_dtype(hdc_tensor t) { return static_cast<int>(T(t).scalar_type()); }

int hdc_tensor_device(hdc_tensor t, int* device_type, int* device_index) {
  HDC_STATUS({
    const auto d = T(t).device();
    *device_type = d.is_cuda() ? 1 : 0;
    *device_index = d.has_index() ? d.index() : (d.is_cuda() ? 0 : -1);
  })
}

int hdc_tensor_copy_to(hdc_tensor t, void* dst, int64_t nbytes) {
  HDC_STATUS({
    at::Tensor c = T(t).detach().to(at::kCPU).contiguous();
    const int64_t have = c.numel() * static_cast<int64_t>(c.element_size());
    if (have != nbytes) {
      throw std::invalid_argument("copy_to: tensor holds " + std::to_string(have) + " bytes but the destination has " + std::to_string(nbytes));
    }
    std::memcpy(dst, c.data_ptr(), static_cast<size_t>(nbytes));
  })
}

int hdc_tensor_item(hdc_tensor t, double* out_double, int64_t* out_long) {
  HDC_STATUS({
    const at::Scalar s = T(t).item();
    if (s.isIntegral(true)) {
      *out_long = s.toLong();
      *out_double = static_cast<double>(*out_long);
    } else {
      *out_double = s.toDouble();
      *out_long = static_cast<int64_t>(*out_double);
    }
  })
}

int hdc_tensor_to_string(hdc_tensor t, char* buf, int64_t len) {
  try {
    std::ostringstream os;
    os << T(t);
    const std::string s = os.str();
    const int64_t n = std::min<int64_t>(static_cast<int64_t>(s.size()), len - 1);
    std::memcpy(buf, s.data(), static_cast<size_t>(n));
    buf[n] = '\0';
    return static_cast<int>(s.size());
  }
  HDC_CATCH(-1)
}

hdc_tensor hdc_tensor_to(hdc_tensor t, int dtype, int dt, int di, int copy) {
  HDC_TENSOR(T(t).to(hdc::device(dt, di), static_cast<at::ScalarType>(dtype), false, copy != 0))
}

hdc_tensor hdc_tensor_clone(hdc_tensor t) { HDC_TENSOR(T(t).clone()) }
hdc_tensor hdc_tensor_contiguous(hdc_tensor t) { HDC_TENSOR(T(t).contiguous()) }
hdc_tensor hdc_tensor_alias(hdc_tensor t) { HDC_TENSOR(T(t)) }

hdc_tensor hdc_unary(hdc_tensor t, int op) { HDC_TENSOR(unary(T(t), op)) }
int hdc_unary_(hdc_tensor t, int op) { HDC_STATUS(unary_(T(t), op)) }
hdc_tensor hdc_binary(hdc_tensor a, hdc_tensor b, int op) { HDC_TENSOR(binary(T(a), T(b), op)) }
hdc_tensor hdc_binary_scalar(hdc_tensor a, double s, int op) { HDC_TENSOR(binary_scalar(T(a), scalar_for(T(a), s), op)) }
int hdc_binary_(hdc_tensor a, hdc_tensor b, int op) { HDC_STATUS(binary_(T(a), T(b), op)) }
int hdc_binary_scalar_(hdc_tensor a, double s, int op) { HDC_STATUS(binary_scalar_(T(a), scalar_for(T(a), s), op)) }
hdc_tensor hdc_add_scaled(hdc_tensor a, hdc_tensor b, double alpha) { HDC_TENSOR(at::add(T(a), T(b), alpha)) }
int hdc_add_scaled_(hdc_tensor a, hdc_tensor b, double alpha) { HDC_STATUS(T(a).add_(T(b), alpha)) }

hdc_tensor hdc_clamp(hdc_tensor t, double min, double max, int has_min, int has_max) {
  HDC_TENSOR(at::clamp(T(t), has_min ? c10::optional<at::Scalar>(min) : c10::nullopt, has_max ? c10::optional<at::Scalar>(max) : c10::nullopt))
}

hdc_tensor hdc_where(hdc_tensor c, hdc_tensor a, hdc_tensor b) { HDC_TENSOR(at::where(T(c), T(a), T(b))) }
int hdc_copy_(hdc_tensor dst, hdc_tensor src) { HDC_STATUS(T(dst).copy_(T(src))) }
int hdc_fill_(hdc_tensor t, double value) { HDC_STATUS(T(t).fill_(scalar_for(T(t), value))) }
int hdc_zero_(hdc_tensor t) { HDC_STATUS(T(t).zero_()) }

hdc_tensor hdc_reduce(hdc_tensor t, int op) {
  try {
    const at::Tensor& x = T(t);
    switch (op) {
      case 0: return hdc::wrap(x.sum());
      case 1: return hdc::wrap(x.mean());
      case 2: return hdc::wrap(x.max());
      case 3: return hdc::wrap(x.min());
      case 4: return hdc::wrap(x.argmax());
      case 5: return hdc::wrap(at::isfinite(x).all());
      default: throw std::invalid_argument("unknown reduction code " + std::to_string(op));
    }
  }
  HDC_CATCH(nullptr)
}

hdc_tensor hdc_reduce_dim(hdc_tensor t, int op, int64_t dim, int keepdim) {
  try {
    const at::Tensor& x = T(t);
    const bool k = keepdim != 0;
    switch (op) {
      case 0: return hdc::wrap(x.sum(dim, k));
      case 1: return hdc::wrap(x.mean(dim, k));
      case 2: return hdc::wrap(std::get<0>(x.max(dim, k)));
      case 3: return hdc::wrap(std::get<0>(x.min(dim, k)));
      case 4: return hdc::wrap(x.argmax(dim, k));
      case 5: return hdc::wrap(x.argmin(dim, k));
      default: throw std::invalid_argument("unknown reduction code " + std::to_string(op));
    }
  }
  HDC_CATCH(nullptr)
}

hdc_tensor hdc_dot(hdc_tensor a, hdc_tensor b) { HDC_TENSOR(at::dot(T(a), T(b))) }
hdc_tensor hdc_matmul(hdc_tensor a, hdc_tensor b) { HDC_TENSOR(at::matmul(T(a), T(b))) }
hdc_tensor hdc_bmm(hdc_tensor a, hdc_tensor b) { HDC_TENSOR(at::bmm(T(a), T(b))) }
hdc_tensor hdc_linear(hdc_tensor x, hdc_tensor w, hdc_tensor b) { HDC_TENSOR(at::linear(T(x), T(w), hdc::opt(b))) }

hdc_tensor hdc_reshape(hdc_tensor t, const int64_t* s, int n) { HDC_TENSOR(T(t).reshape(dims(s, n))) }
hdc_tensor hdc_view(hdc_tensor t, const int64_t* s, int n) { HDC_TENSOR(T(t).view(dims(s, n))) }
hdc_tensor hdc_expand(hdc_tensor t, const int64_t* s, int n) { HDC_TENSOR(T(t).expand(dims(s, n))) }
hdc_tensor hdc_permute(hdc_tensor t, const int64_t* d, int n) { HDC_TENSOR(T(t).permute(dims(d, n))) }
hdc_tensor hdc_flatten(hdc_tensor t, int64_t s, int64_t e) { HDC_TENSOR(T(t).flatten(s, e)) }
hdc_tensor hdc_transpose(hdc_tensor t, int64_t d0, int64_t d1) { HDC_TENSOR(T(t).transpose(d0, d1)) }
hdc_tensor hdc_squeeze(hdc_tensor t, int64_t dim) { HDC_TENSOR(T(t).squeeze(dim)) }
hdc_tensor hdc_unsqueeze(hdc_tensor t, int64_t dim) { HDC_TENSOR(T(t).unsqueeze(dim)) }
hdc_tensor hdc_narrow(hdc_tensor t, int64_t dim, int64_t start, int64_t len) { HDC_TENSOR(T(t).narrow(dim, start, len)) }
hdc_tensor hdc_slice(hdc_tensor t, int64_t dim, int64_t start, int64_t end, int64_t step) { HDC_TENSOR(T(t).slice(dim, start, end, step)) }
hdc_tensor hdc_select(hdc_tensor t, int64_t dim, int64_t index) { HDC_TENSOR(T(t).select(dim, index)) }
hdc_tensor hdc_index_select(hdc_tensor t, int64_t dim, hdc_tensor idx) { HDC_TENSOR(T(t).index_select(dim, T(idx))) }
hdc_tensor hdc_gather(hdc_tensor t, int64_t dim, hdc_tensor idx) { HDC_TENSOR(T(t).gather(dim, T(idx))) }
hdc_tensor hdc_cat(const hdc_tensor* ts, int n, int64_t dim) { HDC_TENSOR(at::cat(hdc::tensors(ts, n), dim)) }
hdc_tensor hdc_stack(const hdc_tensor* ts, int n, int64_t dim) { HDC_TENSOR(at::stack(hdc::tensors(ts, n), dim)) }

}  // extern "C"

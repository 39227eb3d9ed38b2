// Autograd: gradient flags, leaf gradients, backward and the functional autograd.grad that
// hyperoptimizer towers differentiate through.
#include <torch/csrc/autograd/autograd.h>

#include "Utils.h"

using hdc::T;

extern "C" {

int hdc_requires_grad(hdc_tensor t) { return T(t).requires_grad() ? 1 : 0; }
int hdc_set_requires_grad(hdc_tensor t, int rg) { HDC_STATUS(T(t).requires_grad_(rg != 0)) }
int hdc_is_leaf(hdc_tensor t) { return T(t).is_leaf() ? 1 : 0; }

hdc_tensor hdc_grad(hdc_tensor t) {
  try {
    const at::Tensor& g = T(t).grad();
    hdc::clear_last_error();  // NULL with an empty error means "no gradient yet".
    if (!g.defined()) return nullptr;
    return hdc::wrap(g);
  }
  HDC_CATCH(nullptr)
}

int hdc_set_grad(hdc_tensor t, hdc_tensor g) {
  HDC_STATUS({
    at::Tensor& self = T(t);
    if (g != nullptr) {
      // PyTorch's grad setter refuses a mismatched gradient; mutable_grad() does not, and backward
      // would then accumulate into it (a wrongly shaped .grad) or fail far from the cause.
      const at::Tensor& grad = T(g);
      TORCH_CHECK(grad.scalar_type() == self.scalar_type(), "assigned grad has data of a different type: expected ", self.scalar_type(), ", got ", grad.scalar_type());
      TORCH_CHECK(grad.device() == self.device(), "assigned grad has data located on a different device: expected ", self.device(), ", got ", grad.device());
      TORCH_CHECK(grad.sizes().equals(self.sizes()), "assigned grad has data of a different size: expected ", self.sizes(), ", got ", grad.sizes());
    }
    self.mutable_grad() = g ? T(g) : at::Tensor();
  })
}
int hdc_retain_grad(hdc_tensor t) { HDC_STATUS(T(t).retain_grad()) }
hdc_tensor hdc_detach(hdc_tensor t) { HDC_TENSOR(T(t).detach()) }
int hdc_detach_(hdc_tensor t) { HDC_STATUS(T(t).detach_()) }

int hdc_backward(hdc_tensor t, hdc_tensor grad, int retain_graph, int create_graph) {
  HDC_STATUS(T(t).backward(grad ? T(grad) : at::Tensor(), retain_graph != 0, create_graph != 0))
}

int hdc_autograd_grad(const hdc_tensor* outputs, int n_outputs, const hdc_tensor* grad_outputs, const hdc_tensor* inputs, int n_inputs, int retain_graph,
                      int create_graph, int allow_unused, hdc_tensor* out) {
  HDC_STATUS({
    std::vector<at::Tensor> go;
    if (grad_outputs != nullptr) {
      for (int i = 0; i < n_outputs; i++) go.push_back(grad_outputs[i] ? T(grad_outputs[i]) : at::Tensor());
    }
    auto grads = torch::autograd::grad(hdc::tensors(outputs, n_outputs), hdc::tensors(inputs, n_inputs), go, retain_graph != 0, create_graph != 0, allow_unused != 0);
    for (int i = 0; i < n_inputs; i++) out[i] = grads[static_cast<size_t>(i)].defined() ? hdc::wrap(grads[static_cast<size_t>(i)]) : nullptr;
  })
}

}  // extern "C"

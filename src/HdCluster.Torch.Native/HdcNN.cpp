// Neural-network functions: convolution, normalisation, pooling, dropout, embeddings,
// softmax family, losses and the LSTM.
#include "Utils.h"

using hdc::dims;
using hdc::opt;
using hdc::T;

extern "C" {

hdc_tensor hdc_conv2d(hdc_tensor x, hdc_tensor w, hdc_tensor b, const int64_t* stride, const int64_t* padding, const int64_t* dilation, int64_t groups) {
  HDC_TENSOR(at::conv2d(T(x), T(w), opt(b), dims(stride, 2), dims(padding, 2), dims(dilation, 2), groups))
}

hdc_tensor hdc_batch_norm(hdc_tensor x, hdc_tensor w, hdc_tensor b, hdc_tensor rm, hdc_tensor rv, int training, double momentum, double eps) {
  HDC_TENSOR(at::batch_norm(T(x), opt(w), opt(b), opt(rm), opt(rv), training != 0, momentum, eps, at::globalContext().userEnabledCuDNN()))
}

hdc_tensor hdc_max_pool2d(hdc_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding) {
  HDC_TENSOR(at::max_pool2d(T(x), dims(kernel, 2), dims(stride, 2), dims(padding, 2)))
}

hdc_tensor hdc_avg_pool2d(hdc_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding) {
  HDC_TENSOR(at::avg_pool2d(T(x), dims(kernel, 2), dims(stride, 2), dims(padding, 2)))
}

hdc_tensor hdc_adaptive_avg_pool2d(hdc_tensor x, const int64_t* output_size) {
  HDC_TENSOR(at::adaptive_avg_pool2d(T(x), dims(output_size, 2)))
}

hdc_tensor hdc_dropout(hdc_tensor x, double p, int training, hdc_generator g) {
  try {
    const at::Tensor& in = T(x);
    if (p < 0.0 || p > 1.0) throw std::invalid_argument("dropout probability has to be between 0 and 1, but got " + std::to_string(p));
    if (training == 0 || p == 0.0) return hdc::wrap(in);
    if (p == 1.0) return hdc::wrap(in * at::zeros_like(in));
    // Drawn from the caller's generator rather than the global one, so that several cells
    // training on different threads of one process stay reproducible.
    at::Tensor mask = at::empty_like(in, at::MemoryFormat::Preserve).bernoulli_(1.0 - p, hdc::gen(g));
    return hdc::wrap(in * mask * (1.0 / (1.0 - p)));
  }
  HDC_CATCH(nullptr)
}

hdc_tensor hdc_embedding(hdc_tensor weight, hdc_tensor indices) { HDC_TENSOR(at::embedding(T(weight), T(indices))) }
hdc_tensor hdc_one_hot(hdc_tensor indices, int64_t num_classes) { HDC_TENSOR(at::one_hot(T(indices), num_classes)) }
hdc_tensor hdc_log_softmax(hdc_tensor x, int64_t dim) { HDC_TENSOR(at::log_softmax(T(x), dim)) }
hdc_tensor hdc_softmax(hdc_tensor x, int64_t dim) { HDC_TENSOR(at::softmax(T(x), dim)) }

hdc_tensor hdc_cross_entropy(hdc_tensor logits, hdc_tensor target, int reduction) {
  HDC_TENSOR(at::cross_entropy_loss(T(logits), T(target), c10::nullopt, reduction, -100, 0.0))
}

hdc_tensor hdc_nll_loss(hdc_tensor logp, hdc_tensor target, int reduction) {
  HDC_TENSOR(at::nll_loss(T(logp), T(target), c10::nullopt, reduction, -100))
}

int hdc_lstm(hdc_tensor input, hdc_tensor h0, hdc_tensor c0, const hdc_tensor* params, int nparams, int num_layers, double dropout, int training, int batch_first,
             hdc_tensor* out_seq, hdc_tensor* out_h, hdc_tensor* out_c) {
  HDC_STATUS({
    if (nparams != 4 * num_layers) {
      throw std::invalid_argument("lstm expects 4 parameter tensors per layer (w_ih, w_hh, b_ih, b_hh): " + std::to_string(num_layers) + " layers need " +
                                  std::to_string(4 * num_layers) + ", got " + std::to_string(nparams));
    }
    auto result = at::lstm(T(input), {T(h0), T(c0)}, hdc::tensors(params, nparams), true, num_layers, dropout, training != 0, false, batch_first != 0);
    *out_seq = hdc::wrap(std::get<0>(result));
    *out_h = hdc::wrap(std::get<1>(result));
    *out_c = hdc::wrap(std::get<2>(result));
  })
}

}  // extern "C"

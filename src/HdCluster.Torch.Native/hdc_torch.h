// The C ABI of HdCluster's libtorch bridge. Only this header crosses the boundary:
// opaque handles, plain integers and doubles. No C++ exception ever leaves a function;
// a failure returns NULL (handle functions) or -1 (status functions) and stores libtorch's
// message, retrievable on the same thread with hdc_last_error().
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HDC_API __attribute__((visibility("default")))

typedef void* hdc_tensor;     // owns one heap-allocated at::Tensor
typedef void* hdc_generator;  // owns one heap-allocated at::Generator

// ---- errors, runtime --------------------------------------------------------------------
HDC_API const char* hdc_last_error(void);
HDC_API int hdc_abi_version(void);
HDC_API void hdc_manual_seed(int64_t seed);
HDC_API int hdc_set_num_threads(int n);
HDC_API int hdc_get_num_threads(void);
HDC_API int hdc_set_num_interop_threads(int n);
HDC_API int hdc_cuda_is_available(void);
HDC_API int hdc_cuda_device_count(void);
HDC_API int hdc_cuda_synchronize(int device);
// Free and total memory of a CUDA device in bytes (cudaMemGetInfo); -1 and an error on a build without CUDA.
HDC_API int hdc_cuda_mem_get_info(int device, int64_t* free_bytes, int64_t* total_bytes);
HDC_API int hdc_grad_mode_set(int enabled);  // returns the previous mode
HDC_API int hdc_grad_mode_enabled(void);

// ---- generators -------------------------------------------------------------------------
HDC_API hdc_generator hdc_generator_new(int64_t seed, int device_type, int device_index);
HDC_API void hdc_generator_free(hdc_generator g);
HDC_API int hdc_generator_set_seed(hdc_generator g, int64_t seed);

// ---- factories (dtype: c10::ScalarType code; device_type: 0 cpu, 1 cuda) ------------------
HDC_API hdc_tensor hdc_empty(const int64_t* shape, int ndim, int dtype, int device_type, int device_index, int requires_grad);
HDC_API hdc_tensor hdc_zeros(const int64_t* shape, int ndim, int dtype, int device_type, int device_index, int requires_grad);
HDC_API hdc_tensor hdc_ones(const int64_t* shape, int ndim, int dtype, int device_type, int device_index, int requires_grad);
HDC_API hdc_tensor hdc_full(const int64_t* shape, int ndim, double value, int dtype, int device_type, int device_index, int requires_grad);
HDC_API hdc_tensor hdc_arange(double start, double end, double step, int dtype, int device_type, int device_index);
HDC_API hdc_tensor hdc_rand(const int64_t* shape, int ndim, hdc_generator g, int dtype, int device_type, int device_index);
HDC_API hdc_tensor hdc_randn(const int64_t* shape, int ndim, hdc_generator g, int dtype, int device_type, int device_index);
HDC_API hdc_tensor hdc_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, hdc_generator g, int dtype, int device_type, int device_index);
HDC_API hdc_tensor hdc_randperm(int64_t n, hdc_generator g, int dtype, int device_type, int device_index);
HDC_API hdc_tensor hdc_from_data(const void* data, const int64_t* shape, int ndim, int dtype);
HDC_API hdc_tensor hdc_like(hdc_tensor t, int kind, double value);  // kind: 0 zeros, 1 ones, 2 full, 3 empty

// ---- tensor basics ----------------------------------------------------------------------
HDC_API void hdc_tensor_free(hdc_tensor t);
HDC_API int hdc_tensor_ndim(hdc_tensor t);
HDC_API int hdc_tensor_shape(hdc_tensor t, int64_t* out);
HDC_API int64_t hdc_tensor_numel(hdc_tensor t);
HDC_API int hdc_tensor_dtype(hdc_tensor t);
HDC_API int hdc_tensor_device(hdc_tensor t, int* device_type, int* device_index);
HDC_API int hdc_tensor_copy_to(hdc_tensor t, void* dst, int64_t nbytes);
HDC_API int hdc_tensor_item(hdc_tensor t, double* out_double, int64_t* out_long);
HDC_API int hdc_tensor_to_string(hdc_tensor t, char* buf, int64_t len);
HDC_API hdc_tensor hdc_tensor_to(hdc_tensor t, int dtype, int device_type, int device_index, int copy);
HDC_API hdc_tensor hdc_tensor_clone(hdc_tensor t);
HDC_API hdc_tensor hdc_tensor_contiguous(hdc_tensor t);
HDC_API hdc_tensor hdc_tensor_alias(hdc_tensor t);  // a second handle on the same tensor

// ---- elementwise --------------------------------------------------------------------------
// Unary and binary operations are dispatched by code so the ABI stays small; the codes are
// mirrored in the managed UnaryOp/BinaryOp enums.
HDC_API hdc_tensor hdc_unary(hdc_tensor t, int op);
HDC_API int hdc_unary_(hdc_tensor t, int op);
HDC_API hdc_tensor hdc_binary(hdc_tensor a, hdc_tensor b, int op);
HDC_API hdc_tensor hdc_binary_scalar(hdc_tensor a, double s, int op);
HDC_API int hdc_binary_(hdc_tensor a, hdc_tensor b, int op);
HDC_API int hdc_binary_scalar_(hdc_tensor a, double s, int op);
HDC_API hdc_tensor hdc_add_scaled(hdc_tensor a, hdc_tensor b, double alpha);  // a + alpha*b
HDC_API int hdc_add_scaled_(hdc_tensor a, hdc_tensor b, double alpha);
HDC_API hdc_tensor hdc_clamp(hdc_tensor t, double min, double max, int has_min, int has_max);
HDC_API hdc_tensor hdc_where(hdc_tensor cond, hdc_tensor a, hdc_tensor b);
HDC_API int hdc_copy_(hdc_tensor dst, hdc_tensor src);
HDC_API int hdc_fill_(hdc_tensor t, double value);
HDC_API int hdc_zero_(hdc_tensor t);

// ---- reductions and linear algebra --------------------------------------------------------
HDC_API hdc_tensor hdc_reduce(hdc_tensor t, int op);  // whole tensor: 0 sum, 1 mean, 2 max, 3 min, 4 argmax, 5 all-finite
HDC_API hdc_tensor hdc_reduce_dim(hdc_tensor t, int op, int64_t dim, int keepdim);  // 0 sum, 1 mean, 2 max, 3 min, 4 argmax, 5 argmin
HDC_API hdc_tensor hdc_dot(hdc_tensor a, hdc_tensor b);
HDC_API hdc_tensor hdc_matmul(hdc_tensor a, hdc_tensor b);
HDC_API hdc_tensor hdc_bmm(hdc_tensor a, hdc_tensor b);
HDC_API hdc_tensor hdc_linear(hdc_tensor x, hdc_tensor w, hdc_tensor b_or_null);

// ---- shape ------------------------------------------------------------------------------
HDC_API hdc_tensor hdc_reshape(hdc_tensor t, const int64_t* shape, int ndim);
HDC_API hdc_tensor hdc_view(hdc_tensor t, const int64_t* shape, int ndim);
HDC_API hdc_tensor hdc_expand(hdc_tensor t, const int64_t* shape, int ndim);
HDC_API hdc_tensor hdc_permute(hdc_tensor t, const int64_t* dims, int ndim);
HDC_API hdc_tensor hdc_flatten(hdc_tensor t, int64_t start_dim, int64_t end_dim);
HDC_API hdc_tensor hdc_transpose(hdc_tensor t, int64_t d0, int64_t d1);
HDC_API hdc_tensor hdc_squeeze(hdc_tensor t, int64_t dim);
HDC_API hdc_tensor hdc_unsqueeze(hdc_tensor t, int64_t dim);
HDC_API hdc_tensor hdc_narrow(hdc_tensor t, int64_t dim, int64_t start, int64_t length);
HDC_API hdc_tensor hdc_slice(hdc_tensor t, int64_t dim, int64_t start, int64_t end, int64_t step);
HDC_API hdc_tensor hdc_select(hdc_tensor t, int64_t dim, int64_t index);
HDC_API hdc_tensor hdc_index_select(hdc_tensor t, int64_t dim, hdc_tensor index);
HDC_API hdc_tensor hdc_gather(hdc_tensor t, int64_t dim, hdc_tensor index);
HDC_API hdc_tensor hdc_cat(const hdc_tensor* ts, int n, int64_t dim);
HDC_API hdc_tensor hdc_stack(const hdc_tensor* ts, int n, int64_t dim);

// ---- neural-network functions -------------------------------------------------------------
HDC_API hdc_tensor hdc_conv2d(hdc_tensor x, hdc_tensor w, hdc_tensor b_or_null, const int64_t* stride, const int64_t* padding, const int64_t* dilation, int64_t groups);
HDC_API hdc_tensor hdc_batch_norm(hdc_tensor x, hdc_tensor w_or_null, hdc_tensor b_or_null, hdc_tensor running_mean_or_null, hdc_tensor running_var_or_null, int training, double momentum, double eps);
HDC_API hdc_tensor hdc_max_pool2d(hdc_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding);
HDC_API hdc_tensor hdc_avg_pool2d(hdc_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding);
HDC_API hdc_tensor hdc_adaptive_avg_pool2d(hdc_tensor x, const int64_t* output_size);
HDC_API hdc_tensor hdc_dropout(hdc_tensor x, double p, int training, hdc_generator g_or_null);
HDC_API hdc_tensor hdc_embedding(hdc_tensor weight, hdc_tensor indices);
HDC_API hdc_tensor hdc_one_hot(hdc_tensor indices, int64_t num_classes);
HDC_API hdc_tensor hdc_log_softmax(hdc_tensor x, int64_t dim);
HDC_API hdc_tensor hdc_softmax(hdc_tensor x, int64_t dim);
HDC_API hdc_tensor hdc_cross_entropy(hdc_tensor logits, hdc_tensor target, int reduction);  // 0 none, 1 mean, 2 sum
HDC_API hdc_tensor hdc_nll_loss(hdc_tensor logp, hdc_tensor target, int reduction);
// One LSTM layer stack in libtorch's flat-weight layout (w_ih, w_hh, b_ih, b_hh per layer).
// Outputs: out_seq, out_h, out_c (fresh handles).
HDC_API int hdc_lstm(hdc_tensor input, hdc_tensor h0, hdc_tensor c0, const hdc_tensor* params, int nparams, int num_layers, double dropout, int training, int batch_first, hdc_tensor* out_seq, hdc_tensor* out_h, hdc_tensor* out_c);

// ---- autograd -----------------------------------------------------------------------------
HDC_API int hdc_requires_grad(hdc_tensor t);
HDC_API int hdc_set_requires_grad(hdc_tensor t, int requires_grad);
HDC_API int hdc_is_leaf(hdc_tensor t);
HDC_API hdc_tensor hdc_grad(hdc_tensor t);  // NULL without error when no gradient exists
HDC_API int hdc_set_grad(hdc_tensor t, hdc_tensor g_or_null);
HDC_API int hdc_retain_grad(hdc_tensor t);
HDC_API hdc_tensor hdc_detach(hdc_tensor t);
HDC_API int hdc_detach_(hdc_tensor t);
HDC_API int hdc_backward(hdc_tensor t, hdc_tensor grad_or_null, int retain_graph, int create_graph);
// Gradients of outputs w.r.t. inputs; out receives n_inputs handles (NULL where unused and allow_unused).
HDC_API int hdc_autograd_grad(const hdc_tensor* outputs, int n_outputs, const hdc_tensor* grad_outputs_or_null, const hdc_tensor* inputs, int n_inputs, int retain_graph, int create_graph, int allow_unused, hdc_tensor* out);

// ---- serialization ----------------------------------------------------------------------------
HDC_API int hdc_save(const hdc_tensor* ts, const char* const* names, int n, const char* path);
// Loads a file written by hdc_save into at most capacity handles; names_buf receives
// NUL-separated names. Returns the count, or -1 (too small a buffer is an error naming the need).
HDC_API int hdc_load(const char* path, hdc_tensor* out, int capacity, char* names_buf, int64_t names_len);

#ifdef __cplusplus
}
#endif

using System.Runtime.InteropServices;

namespace HdCluster.Torch.Native;

/// <summary>The C ABI of <c>libhdc_torch</c>, one declaration per exported function of <c>hdc_torch.h</c>.</summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "hdc_torch";

    /// <summary>The ABI version this assembly was written against; see <c>hdc_abi_version</c>.</summary>
    internal const int AbiVersion = 4;

    [LibraryImport(Library)] internal static partial IntPtr hdc_last_error();
    [LibraryImport(Library)] internal static partial int hdc_abi_version();
    [LibraryImport(Library)] internal static partial void hdc_manual_seed(long seed);
    [LibraryImport(Library)] internal static partial int hdc_set_num_threads(int n);
    [LibraryImport(Library)] internal static partial int hdc_get_num_threads();
    [LibraryImport(Library)] internal static partial int hdc_set_num_interop_threads(int n);
    [LibraryImport(Library)] internal static partial int hdc_cuda_is_available();
    [LibraryImport(Library)] internal static partial int hdc_cuda_device_count();
    [LibraryImport(Library)] internal static partial int hdc_cuda_synchronize(int device);
    [LibraryImport(Library)] internal static partial int hdc_cuda_mem_get_info(int device, out long freeBytes, out long totalBytes);
    [LibraryImport(Library)] internal static partial int hdc_grad_mode_set(int enabled);
    [LibraryImport(Library)] internal static partial int hdc_grad_mode_enabled();

    [LibraryImport(Library)] internal static partial IntPtr hdc_generator_new(long seed, int deviceType, int deviceIndex);
    [LibraryImport(Library)] internal static partial void hdc_generator_free(IntPtr g);
    [LibraryImport(Library)] internal static partial int hdc_generator_set_seed(IntPtr g, long seed);

    [LibraryImport(Library)] internal static partial IntPtr hdc_empty(long* shape, int ndim, int dtype, int dt, int di, int requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr hdc_zeros(long* shape, int ndim, int dtype, int dt, int di, int requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr hdc_ones(long* shape, int ndim, int dtype, int dt, int di, int requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr hdc_full(long* shape, int ndim, double value, int dtype, int dt, int di, int requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr hdc_arange(double start, double end, double step, int dtype, int dt, int di);
    [LibraryImport(Library)] internal static partial IntPtr hdc_rand(long* shape, int ndim, IntPtr g, int dtype, int dt, int di);
    [LibraryImport(Library)] internal static partial IntPtr hdc_randn(long* shape, int ndim, IntPtr g, int dtype, int dt, int di);
    [LibraryImport(Library)] internal static partial IntPtr hdc_randint(long low, long high, long* shape, int ndim, IntPtr g, int dtype, int dt, int di);
    [LibraryImport(Library)] internal static partial IntPtr hdc_randperm(long n, IntPtr g, int dtype, int dt, int di);
    [LibraryImport(Library)] internal static partial IntPtr hdc_from_data(void* data, long* shape, int ndim, int dtype);
    [LibraryImport(Library)] internal static partial IntPtr hdc_like(IntPtr t, int kind, double value);

    [LibraryImport(Library)] internal static partial void hdc_tensor_free(IntPtr t);
    [LibraryImport(Library)] internal static partial int hdc_tensor_ndim(IntPtr t);
    [LibraryImport(Library)] internal static partial int hdc_tensor_shape(IntPtr t, long* shape);
    [LibraryImport(Library)] internal static partial long hdc_tensor_numel(IntPtr t);
    [LibraryImport(Library)] internal static partial int hdc_tensor_dtype(IntPtr t);
    [LibraryImport(Library)] internal static partial int hdc_tensor_device(IntPtr t, int* deviceType, int* deviceIndex);
    [LibraryImport(Library)] internal static partial int hdc_tensor_copy_to(IntPtr t, void* dst, long nbytes);
    [LibraryImport(Library)] internal static partial int hdc_tensor_item(IntPtr t, double* d, long* l);
    [LibraryImport(Library)] internal static partial int hdc_tensor_to_string(IntPtr t, byte* buf, long len);
    [LibraryImport(Library)] internal static partial IntPtr hdc_tensor_to(IntPtr t, int dtype, int dt, int di, int copy);
    [LibraryImport(Library)] internal static partial IntPtr hdc_tensor_clone(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr hdc_tensor_contiguous(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr hdc_tensor_alias(IntPtr t);

    [LibraryImport(Library)] internal static partial IntPtr hdc_unary(IntPtr t, int op);
    [LibraryImport(Library)] internal static partial int hdc_unary_(IntPtr t, int op);
    [LibraryImport(Library)] internal static partial IntPtr hdc_binary(IntPtr a, IntPtr b, int op);
    [LibraryImport(Library)] internal static partial IntPtr hdc_binary_scalar(IntPtr a, double s, int op);
    [LibraryImport(Library)] internal static partial int hdc_binary_(IntPtr a, IntPtr b, int op);
    [LibraryImport(Library)] internal static partial int hdc_binary_scalar_(IntPtr a, double s, int op);
    [LibraryImport(Library)] internal static partial IntPtr hdc_add_scaled(IntPtr a, IntPtr b, double alpha);
    [LibraryImport(Library)] internal static partial int hdc_add_scaled_(IntPtr a, IntPtr b, double alpha);
    [LibraryImport(Library)] internal static partial IntPtr hdc_clamp(IntPtr t, double min, double max, int hasMin, int hasMax);
    [LibraryImport(Library)] internal static partial IntPtr hdc_where(IntPtr cond, IntPtr a, IntPtr b);
    [LibraryImport(Library)] internal static partial int hdc_copy_(IntPtr dst, IntPtr src);
    [LibraryImport(Library)] internal static partial int hdc_fill_(IntPtr t, double value);
    [LibraryImport(Library)] internal static partial int hdc_zero_(IntPtr t);

    [LibraryImport(Library)] internal static partial IntPtr hdc_reduce(IntPtr t, int op);
    [LibraryImport(Library)] internal static partial IntPtr hdc_reduce_dim(IntPtr t, int op, long dim, int keepdim);
    [LibraryImport(Library)] internal static partial IntPtr hdc_dot(IntPtr a, IntPtr b);
    [LibraryImport(Library)] internal static partial IntPtr hdc_matmul(IntPtr a, IntPtr b);
    [LibraryImport(Library)] internal static partial IntPtr hdc_bmm(IntPtr a, IntPtr b);
    [LibraryImport(Library)] internal static partial IntPtr hdc_linear(IntPtr x, IntPtr w, IntPtr b);

    [LibraryImport(Library)] internal static partial IntPtr hdc_reshape(IntPtr t, long* shape, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr hdc_view(IntPtr t, long* shape, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr hdc_expand(IntPtr t, long* shape, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr hdc_permute(IntPtr t, long* dims, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr hdc_flatten(IntPtr t, long start, long end);
    [LibraryImport(Library)] internal static partial IntPtr hdc_transpose(IntPtr t, long d0, long d1);
    [LibraryImport(Library)] internal static partial IntPtr hdc_squeeze(IntPtr t, long dim);
    [LibraryImport(Library)] internal static partial IntPtr hdc_unsqueeze(IntPtr t, long dim);
    [LibraryImport(Library)] internal static partial IntPtr hdc_narrow(IntPtr t, long dim, long start, long length);
    [LibraryImport(Library)] internal static partial IntPtr hdc_slice(IntPtr t, long dim, long start, long end, long step);
    [LibraryImport(Library)] internal static partial IntPtr hdc_select(IntPtr t, long dim, long index);
    [LibraryImport(Library)] internal static partial IntPtr hdc_index_select(IntPtr t, long dim, IntPtr index);
    [LibraryImport(Library)] internal static partial IntPtr hdc_gather(IntPtr t, long dim, IntPtr index);
    [LibraryImport(Library)] internal static partial IntPtr hdc_cat(IntPtr* ts, int n, long dim);
    [LibraryImport(Library)] internal static partial IntPtr hdc_stack(IntPtr* ts, int n, long dim);

    [LibraryImport(Library)] internal static partial IntPtr hdc_conv2d(IntPtr x, IntPtr w, IntPtr b, long* stride, long* padding, long* dilation, long groups);
    [LibraryImport(Library)] internal static partial IntPtr hdc_batch_norm(IntPtr x, IntPtr w, IntPtr b, IntPtr runningMean, IntPtr runningVar, int training, double momentum, double eps);
    [LibraryImport(Library)] internal static partial IntPtr hdc_max_pool2d(IntPtr x, long* kernel, long* stride, long* padding);
    [LibraryImport(Library)] internal static partial IntPtr hdc_avg_pool2d(IntPtr x, long* kernel, long* stride, long* padding);
    [LibraryImport(Library)] internal static partial IntPtr hdc_adaptive_avg_pool2d(IntPtr x, long* outputSize);
    [LibraryImport(Library)] internal static partial IntPtr hdc_dropout(IntPtr x, double p, int training, IntPtr g);
    [LibraryImport(Library)] internal static partial IntPtr hdc_embedding(IntPtr weight, IntPtr indices);
    [LibraryImport(Library)] internal static partial IntPtr hdc_one_hot(IntPtr indices, long numClasses);
    [LibraryImport(Library)] internal static partial IntPtr hdc_log_softmax(IntPtr x, long dim);
    [LibraryImport(Library)] internal static partial IntPtr hdc_softmax(IntPtr x, long dim);
    [LibraryImport(Library)] internal static partial IntPtr hdc_cross_entropy(IntPtr logits, IntPtr target, int reduction);
    [LibraryImport(Library)] internal static partial IntPtr hdc_nll_loss(IntPtr logp, IntPtr target, int reduction);
    [LibraryImport(Library)]
    internal static partial int hdc_lstm(IntPtr input, IntPtr h0, IntPtr c0, IntPtr* parameters, int nparams, int numLayers, double dropout, int training, int batchFirst, IntPtr* outSeq, IntPtr* outH, IntPtr* outC);

    [LibraryImport(Library)] internal static partial int hdc_requires_grad(IntPtr t);
    [LibraryImport(Library)] internal static partial int hdc_set_requires_grad(IntPtr t, int requiresGrad);
    [LibraryImport(Library)] internal static partial int hdc_is_leaf(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr hdc_grad(IntPtr t);
    [LibraryImport(Library)] internal static partial int hdc_set_grad(IntPtr t, IntPtr g);
    [LibraryImport(Library)] internal static partial int hdc_retain_grad(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr hdc_detach(IntPtr t);
    [LibraryImport(Library)] internal static partial int hdc_detach_(IntPtr t);
    [LibraryImport(Library)] internal static partial int hdc_backward(IntPtr t, IntPtr grad, int retainGraph, int createGraph);
    [LibraryImport(Library)]
    internal static partial int hdc_autograd_grad(IntPtr* outputs, int nOutputs, IntPtr* gradOutputs, IntPtr* inputs, int nInputs, int retainGraph, int createGraph, int allowUnused, IntPtr* result);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int hdc_save(IntPtr* ts, byte** names, int n, string path);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int hdc_load(string path, IntPtr* result, int capacity, byte* namesBuffer, long namesLength);
}

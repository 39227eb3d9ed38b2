using HdCluster.Torch.Native;
using static HdCluster.Torch.Native.NativeMethods;

namespace HdCluster.Torch;

// Views, reshapes, indexing and device/dtype conversion.
public sealed partial class Tensor
{
    public unsafe Tensor reshape(params long[] shape)
    {
        fixed (long* p = shape)
        {
            return new Tensor(hdc_reshape(Handle, p, shape.Length));
        }
    }

    public unsafe Tensor view(params long[] shape)
    {
        fixed (long* p = shape)
        {
            return new Tensor(hdc_view(Handle, p, shape.Length));
        }
    }

    public unsafe Tensor expand(params long[] shape)
    {
        fixed (long* p = shape)
        {
            return new Tensor(hdc_expand(Handle, p, shape.Length));
        }
    }

    public unsafe Tensor permute(params long[] dims)
    {
        fixed (long* p = dims)
        {
            return new Tensor(hdc_permute(Handle, p, dims.Length));
        }
    }

    public Tensor flatten(long startDim = 0, long endDim = -1) => new(hdc_flatten(Handle, startDim, endDim));
    public Tensor transpose(long dim0, long dim1) => new(hdc_transpose(Handle, dim0, dim1));
    public Tensor t() => transpose(0, 1);
    public Tensor squeeze(long dim) => new(hdc_squeeze(Handle, dim));
    public Tensor unsqueeze(long dim) => new(hdc_unsqueeze(Handle, dim));
    public Tensor narrow(long dim, long start, long length) => new(hdc_narrow(Handle, dim, start, length));
    public Tensor slice(long dim, long start, long end, long step = 1) => new(hdc_slice(Handle, dim, start, end, step));
    public Tensor select(long dim, long index) => new(hdc_select(Handle, dim, index));
    public Tensor index_select(long dim, Tensor index) => new(hdc_index_select(Handle, dim, index.Handle));
    public Tensor gather(long dim, Tensor index) => new(hdc_gather(Handle, dim, index.Handle));

    /// <summary><c>x[i]</c>: the i-th slice along the first dimension.</summary>
    public Tensor this[long index] => select(0, index);

    public Tensor contiguous() => new(hdc_tensor_contiguous(Handle));
    public Tensor clone() => new(hdc_tensor_clone(Handle));

    /// <summary>Another handle on the same tensor (shared storage and autograd identity), owned separately.</summary>
    public Tensor alias() => new(hdc_tensor_alias(Handle));

    public Tensor to(ScalarType type) => to(type, device);
    public Tensor to(Device target) => to(dtype, target);
    public Tensor to(ScalarType type, Device target, bool copy = false) =>
        new(hdc_tensor_to(Handle, (int)type, (int)target.Type, target.NativeIndex, copy ? 1 : 0));

    public Tensor cpu() => to(Device.CPU);
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor @long() => to(ScalarType.Int64);
}

using System.Runtime.InteropServices;

namespace HdCluster.Torch.Native;

/// <summary>Owns one native <c>at::Tensor</c>; releasing it drops libtorch's reference, even when a
/// tensor is only ever collected by the GC.</summary>
internal sealed class TensorHandle : SafeHandle
{
    internal TensorHandle(IntPtr handle)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.hdc_tensor_free(handle);
        return true;
    }
}

using HdCluster.Torch.Native;
using static HdCluster.Torch.Native.NativeMethods;

namespace HdCluster.Torch;

// Gradient tracking on one tensor. Functional autograd (torch.autograd.grad) lives in torch.autograd.
public sealed partial class Tensor
{
    public bool requires_grad
    {
        get => hdc_requires_grad(Handle) != 0;
        set => NativeError.Check(hdc_set_requires_grad(Handle, value ? 1 : 0));
    }

    public Tensor requires_grad_(bool value = true)
    {
        requires_grad = value;
        return this;
    }

    public bool is_leaf => hdc_is_leaf(Handle) != 0;

    /// <summary>The accumulated gradient, or null before any backward reached this tensor. Each read
    /// returns a new handle on the same gradient storage.</summary>
    public Tensor? grad
    {
        get
        {
            var raw = hdc_grad(Handle);
            if (raw != IntPtr.Zero)
            {
                return new Tensor(raw);
            }

            var error = NativeError.LastMessageOrNull();
            return error == null ? null : throw new TorchException(error);
        }

        set => NativeError.Check(hdc_set_grad(Handle, value?.Handle ?? IntPtr.Zero));
    }

    public Tensor retain_grad()
    {
        NativeError.Check(hdc_retain_grad(Handle));
        return this;
    }

    public Tensor detach() => new(hdc_detach(Handle));

    public Tensor detach_()
    {
        NativeError.Check(hdc_detach_(Handle));
        return this;
    }

    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false) =>
        NativeError.Check(hdc_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retain_graph || create_graph ? 1 : 0, create_graph ? 1 : 0));
}

using HdCluster.Torch.Native;

namespace HdCluster.Torch;

/// <summary>Switches gradient recording on or off for the current thread until disposed, then restores
/// what was there before (libtorch's grad mode is thread-local too).</summary>
public sealed class GradMode : IDisposable
{
    private readonly bool previous;
    private bool restored;

    internal GradMode(bool enabled)
    {
        previous = NativeMethods.hdc_grad_mode_set(enabled ? 1 : 0) != 0;
    }

    public static bool IsEnabled => NativeMethods.hdc_grad_mode_enabled() != 0;

    public void Dispose()
    {
        if (!restored)
        {
            NativeMethods.hdc_grad_mode_set(previous ? 1 : 0);
            restored = true;
        }
    }
}

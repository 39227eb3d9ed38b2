using HdCluster.Torch.Native;

namespace HdCluster.Torch;

/// <summary>A seeded random-number generator of libtorch's. Each cell draws from its own, so cells that
/// share a process (several CPU slots) never disturb each other's random streams.</summary>
public sealed class Generator : IDisposable
{
    private IntPtr handle;

    public Generator(long seed, Device? device = null)
    {
        var d = device ?? Device.CPU;
        handle = NativeError.Check(NativeMethods.hdc_generator_new(seed, (int)d.Type, d.NativeIndex));
        Device = d;
    }

    public Device Device { get; }

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle == IntPtr.Zero, this);
            return handle;
        }
    }

    public void manual_seed(long seed) => NativeError.Check(NativeMethods.hdc_generator_set_seed(Handle, seed));

    public void Dispose()
    {
        if (handle != IntPtr.Zero)
        {
            NativeMethods.hdc_generator_free(handle);
            handle = IntPtr.Zero;
        }

        GC.SuppressFinalize(this);
    }

    ~Generator()
    {
        if (handle != IntPtr.Zero)
        {
            NativeMethods.hdc_generator_free(handle);
        }
    }
}

using HdCluster.Torch.Native;

namespace HdCluster.Torch;

public static partial class torch
{
    /// <summary>CUDA queries. On a CPU-only build they answer false and 0 rather than failing.</summary>
    public static class cuda
    {
        public static bool is_available() => NativeMethods.hdc_cuda_is_available() != 0;

        public static int device_count() => NativeMethods.hdc_cuda_device_count();

        public static void synchronize(int device = 0) => NativeError.Check(NativeMethods.hdc_cuda_synchronize(device));
    }
}

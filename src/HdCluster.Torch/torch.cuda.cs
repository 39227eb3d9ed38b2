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

        /// <summary>Free and total memory of the device in bytes, as PyTorch's <c>torch.cuda.mem_get_info</c>; a
        /// <see cref="TorchException"/> on a build without CUDA.</summary>
        public static (long Free, long Total) mem_get_info(int device = 0)
        {
            NativeError.Check(NativeMethods.hdc_cuda_mem_get_info(device, out var free, out var total));
            return (free, total);
        }
    }
}

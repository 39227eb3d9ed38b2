using System.Runtime.InteropServices;

namespace HdCluster.Benchmarks;

/// <summary>
/// OpenBLAS keeps its own thread pool: <c>torch.set_num_threads</c> (OpenMP) does not reach it, so without this a
/// "1 thread" run multiplies its larger matrices on every core. The benchmark sets it to the same count, so that
/// its thread column means what it says; null where libtorch's BLAS is not OpenBLAS.
/// </summary>
internal static unsafe class BlasThreads
{
    public static int? Set(int threads)
    {
        if (!NativeLibrary.TryLoad("libopenblas.so.0", out var openblas)
            || !NativeLibrary.TryGetExport(openblas, "openblas_set_num_threads", out var set)
            || !NativeLibrary.TryGetExport(openblas, "openblas_get_num_threads", out var get))
        {
            return null;
        }

        ((delegate* unmanaged<int, void>)set)(threads);
        return ((delegate* unmanaged<int>)get)();
    }
}

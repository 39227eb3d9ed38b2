using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

/// <summary>Several cells train on different threads of one process: each with its own scope and
/// generator, none may disturb another's results or errors.</summary>
public class ThreadingTests
{
    [Fact]
    public void TwoThreadsWithTheirOwnScopeAndGeneratorProduceIndependentReproducibleResults()
    {
        var concurrent = new double[2][];
        using var start = new Barrier(2);
        var threads = new[] { 1L, 2L }.Select((seed, i) => new Thread(() =>
        {
            start.SignalAndWait();
            concurrent[i] = Train(seed);
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(Train(1), concurrent[0]);
        Assert.Equal(Train(2), concurrent[1]);
        Assert.NotEqual(concurrent[0], concurrent[1]);
    }

    [Fact]
    public void ConcurrentFailuresEachReportTheirOwnMessage()
    {
        var mismatches = 0;
        var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
        {
            for (var n = 0; n < 200; n++)
            {
                using var scope = torch.NewDisposeScope();
                var a = torch.zeros(2, i + 2);
                var b = torch.zeros(i + 3, 2);
                try
                {
                    a.matmul(b);
                    Interlocked.Increment(ref mismatches);
                }
                catch (TorchException e) when (e.Message.Contains($"(2x{i + 2} and {i + 3}x2)"))
                {
                }
                catch (TorchException)
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(0, mismatches);
    }

    // A small classifier trained with generator-drawn data, initialisation and dropout masks.
    private static double[] Train(long seed)
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(seed);
        var x = torch.randn([32, 6], g, ScalarType.Float64);
        var target = torch.randint(0, 3, [32], g);
        var w = torch.randn([3, 6], g, ScalarType.Float64).mul_(0.3).requires_grad_();
        for (var step = 0; step < 200; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var loss = F.cross_entropy(F.linear(F.dropout(x, 0.2, generator: g), w), target);
            loss.backward();
            using (torch.no_grad())
            {
                w.add_(w.grad!, alpha: -0.1);
                w.grad = null;
            }
        }

        return w.detach().data<double>();
    }
}

/// <summary>libtorch's intra-op thread count is process-wide, so this runs apart from other tests.</summary>
[Collection(ProcessWideStateCollection.Name)]
public class ThreadCountTests
{
    [Fact]
    public void SetNumThreadsIsReadBackByGetNumThreads()
    {
        var original = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            Assert.Equal(1, torch.get_num_threads());
            torch.set_num_threads(2);
            Assert.Equal(2, torch.get_num_threads());
        }
        finally
        {
            torch.set_num_threads(original);
        }

        Assert.Equal(original, torch.get_num_threads());
    }

    [Fact]
    public unsafe void SetNumThreadsAlsoSetsOpenBlassOwnPoolSoSlotsNeverOversubscribe()
    {
        // Debian's libtorch multiplies through OpenBLAS, whose pthread pool ignores OpenMP's thread count.
        using var probe = torch.zeros([1]);
        var get = IntPtr.Zero;
        Assert.True(
            System.Runtime.InteropServices.NativeLibrary.TryLoad("libopenblas.so.0", out var openblas)
            && System.Runtime.InteropServices.NativeLibrary.TryGetExport(openblas, "openblas_get_num_threads", out get),
            "libtorch's BLAS here is OpenBLAS (libopenblas0-pthread)");
        var blasThreads = (delegate* unmanaged<int>)get;
        var original = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            Assert.Equal(1, blasThreads());
            torch.set_num_threads(2);
            Assert.Equal(Math.Min(2, Environment.ProcessorCount), blasThreads());
        }
        finally
        {
            torch.set_num_threads(original);
        }
    }

    [Fact]
    public void InteropThreadsCanBeSetOnlyBeforeFirstUseAndLaterAttemptsAreTorchExceptions()
    {
        try
        {
            torch.set_num_interop_threads(1);
        }
        catch (TorchException)
        {
            // Already set, or parallel work already started: then the next call must fail the same way.
        }

        var e = Assert.Throws<TorchException>(() => torch.set_num_interop_threads(1));
        Assert.Contains("interop threads", e.Message);
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var original = torch.get_num_threads();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var g = new Generator(161);
            var a = torch.randn([64, 64], g, ScalarType.Float64);
            torch.set_num_threads(1);
            var single = a.matmul(a).sum().item();
            torch.set_num_threads(2);
            var two = a.matmul(a).sum().item();
            Assert.Equal(single, two, 1e-9);
        }
        finally
        {
            torch.set_num_threads(original);
        }
    }

    [Fact]
    public void GlobalManualSeedMakesDrawsWithoutAGeneratorReproducible()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(123);
        var first = torch.randn([8]).data<float>();
        torch.manual_seed(123);
        Assert.Equal(first, torch.randn([8]).data<float>());
        torch.manual_seed(124);
        Assert.NotEqual(first, torch.randn([8]).data<float>());
    }
}

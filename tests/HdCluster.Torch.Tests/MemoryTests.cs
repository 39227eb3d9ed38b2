using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit.Abstractions;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

/// <summary>A long training loop that wraps each step in a dispose scope keeps native memory flat.</summary>
[Collection(ProcessWideStateCollection.Name)]
public partial class MemoryTests(ITestOutputHelper output)
{
    private const int WarmUpSteps = 5_000;
    private const int Steps = 100_000;
    private const long AllowedGrowthBytes = 20L << 20;

    [Fact]
    public void HundredThousandScopedTrainingStepsHoldResidentMemoryFlat()
    {
        using var setup = torch.NewDisposeScope();
        using var g = new Generator(141);
        var x = torch.randn([8, 10], g);
        var target = torch.randn([8, 10], g);
        var weight = torch.randn([10, 10], g).mul_(0.1).requires_grad_();
        var bias = torch.zeros([10], requires_grad: true);

        var firstLoss = Step(x, target, weight, bias);
        for (var i = 1; i < WarmUpSteps; i++)
        {
            Step(x, target, weight, bias);
        }

        var afterWarmUp = ResidentBytes();
        var lastLoss = 0.0;
        for (var i = WarmUpSteps; i < Steps; i++)
        {
            lastLoss = Step(x, target, weight, bias, readLoss: i == Steps - 1);
        }

        var growth = ResidentBytes() - afterWarmUp;
        output.WriteLine($"resident memory after warm-up {afterWarmUp >> 20} MiB, growth over {Steps - WarmUpSteps} steps {growth >> 10} KiB");
        Assert.True(growth < AllowedGrowthBytes, $"resident memory grew by {growth / (1 << 20)} MiB over {Steps - WarmUpSteps} steps");
        Assert.True(lastLoss < firstLoss, $"the loop did not train: loss {firstLoss} -> {lastLoss}");
        Assert.Equal(4, setup.Count);
    }

    private static double Step(Tensor x, Tensor target, Tensor weight, Tensor bias, bool readLoss = true)
    {
        using var scope = torch.NewDisposeScope();
        var loss = F.linear(x, weight, bias).sub(target).square().mean();
        loss.backward();
        using (torch.no_grad())
        {
            weight.add_(weight.grad!, alpha: -0.01);
            bias.add_(bias.grad!, alpha: -0.01);
            weight.grad!.zero_();
            bias.grad!.zero_();
        }

        return readLoss ? loss.item() : 0;
    }

    private static long ResidentBytes()
    {
        // Settle the managed heap first, so that only native growth can move the figure. Aggressive also hands the
        // emptied regions back: the GC sizes its youngest generation from the L3 cache (260 MiB on some Xeons), and
        // pages it touched there stayed resident after an ordinary collection, reading as 60+ MiB of "growth".
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        TrimNativeHeap();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    // glibc keeps freed pages resident; handing them back first means only live native allocations
    // count. Elsewhere (another C library) the figure is just noisier.
    private static void TrimNativeHeap()
    {
        try
        {
            malloc_trim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int malloc_trim(nuint pad);
}

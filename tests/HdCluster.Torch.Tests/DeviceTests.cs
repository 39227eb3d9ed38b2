using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

/// <summary>Devices: parsing, queries that hold on CPU-only and CUDA machines alike, and (only where
/// a GPU is present) the same operations on cuda:0.</summary>
public class DeviceTests
{
    [Theory]
    [InlineData("cpu", DeviceType.CPU, -1, "cpu")]
    [InlineData(" CPU ", DeviceType.CPU, -1, "cpu")]
    [InlineData("cuda", DeviceType.CUDA, 0, "cuda:0")]
    [InlineData("cuda:0", DeviceType.CUDA, 0, "cuda:0")]
    [InlineData("CUDA:3", DeviceType.CUDA, 3, "cuda:3")]
    public void ParseAcceptsCpuCudaAndCudaWithIndex(string text, DeviceType type, int index, string printed)
    {
        var device = Device.Parse(text);
        Assert.Equal(new Device(type, index), device);
        Assert.Equal(printed, device.ToString());
        Assert.Equal(device, Device.Parse(device.ToString()));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cpu:0")]
    public void ParseRejectsAnythingElseWithAnArgumentExceptionQuotingTheText(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => Device.Parse(text));
        Assert.Contains($"'{text}'", e.Message);
    }

    [Fact]
    public void NamedDevicesEqualTheirParsedForms()
    {
        Assert.Equal(Device.CPU, Device.Parse("cpu"));
        Assert.Equal(Device.CUDA(), Device.Parse("cuda"));
        Assert.Equal(Device.CUDA(1), Device.Parse("cuda:1"));
    }

    [Fact]
    public void TensorsAreCreatedOnTheCpuByDefault()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(Device.CPU, torch.zeros(2).device);
        Assert.Equal(Device.CPU, torch.tensor(new[] { 1.0 }).device);
        Assert.Equal(Device.CPU, torch.zeros(2).cpu().device);
    }

    [Fact]
    public void CudaAvailabilityAgreesWithTheDeviceCount()
    {
        Assert.Equal(torch.cuda.device_count() > 0, torch.cuda.is_available());
        Assert.True(torch.cuda.device_count() >= 0);
    }

    [Fact]
    public void CudaTensorOnAMachineWithoutCudaIsATorchException()
    {
        if (torch.cuda.is_available())
        {
            return;
        }

        using var scope = torch.NewDisposeScope();
        Assert.Throws<TorchException>(() => torch.zeros([2], device: Device.CUDA(0)));
        Assert.Throws<TorchException>(() => torch.randn([2], device: Device.CUDA(0)));
        Assert.Throws<TorchException>(() => torch.ones([2]).to(Device.CUDA(0)));
        Assert.Throws<TorchException>(() => torch.tensor(new[] { 1.0 }, device: Device.CUDA(0)));
    }

    [Fact]
    public void CudaGeneratorAndSynchronizeOnAMachineWithoutCudaAreTorchExceptions()
    {
        if (torch.cuda.is_available())
        {
            return;
        }

        Assert.Throws<TorchException>(() => new Generator(1, Device.CUDA(0)));
        Assert.Throws<TorchException>(() => torch.cuda.synchronize(0));
        var memory = Assert.Throws<TorchException>(() => torch.cuda.mem_get_info(0));
        Assert.Contains("no CUDA support", memory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MemoryInfoOfTheDeviceIsFreeAtMostTotal_OnCudaWhenAvailable()
    {
        if (!torch.cuda.is_available())
        {
            return;
        }

        var (free, total) = torch.cuda.mem_get_info(0);
        Assert.InRange(free, 1, total);
    }

    [Fact]
    public void TensorRoundTripsBetweenCpuAndCuda_OnCudaWhenAvailable()
    {
        if (!torch.cuda.is_available())
        {
            return;
        }

        using var scope = torch.NewDisposeScope();
        var host = torch.tensor(new[] { 1.5, -2.0, 3.25 });
        var gpu = host.to(Device.CUDA(0));
        Assert.Equal(Device.CUDA(0), gpu.device);
        Assert.Equal(ScalarType.Float64, gpu.dtype);
        Assert.Equal([1.5, -2.0, 3.25], gpu.data<double>());

        var back = gpu.to(ScalarType.Float32, Device.CPU);
        Assert.Equal(Device.CPU, back.device);
        Assert.Equal([1.5f, -2f, 3.25f], back.data<float>());

        var created = torch.zeros([2, 2], ScalarType.Int64, Device.Parse("cuda"));
        Assert.Equal(Device.CUDA(0), created.device);
        Assert.Equal([0L, 0, 0, 0], created.data<long>());
        torch.cuda.synchronize(0);
    }

    [Fact]
    public void SeededCudaGeneratorIsReproducible_OnCudaWhenAvailable()
    {
        if (!torch.cuda.is_available())
        {
            return;
        }

        using var scope = torch.NewDisposeScope();
        float[] Draw()
        {
            using var g = new Generator(77, Device.CUDA(0));
            return torch.randn([64], g, device: Device.CUDA(0)).data<float>();
        }

        Assert.Equal(Draw(), Draw());
    }

    [Fact]
    public void TrainingStepOnTheGpuLowersTheLossAndMatchesTheCpu_OnCudaWhenAvailable()
    {
        if (!torch.cuda.is_available())
        {
            return;
        }

        var cpuLosses = Train(Device.CPU);
        var gpuLosses = Train(Device.CUDA(0));
        Assert.True(gpuLosses[^1] < gpuLosses[0], $"loss went from {gpuLosses[0]} to {gpuLosses[^1]}");
        for (var i = 0; i < cpuLosses.Length; i++)
        {
            Assert.Equal(cpuLosses[i], gpuLosses[i], 1e-9);
        }
    }

    private static double[] Train(Device device)
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(5);
        var x = torch.randn([16, 4], g, ScalarType.Float64).to(device);
        var target = torch.randint(0, 3, [16], g).to(device);
        var w = torch.randn([3, 4], g, ScalarType.Float64).to(device).requires_grad_();
        var b = torch.zeros([3], ScalarType.Float64, device, requires_grad: true);
        var losses = new double[20];
        for (var step = 0; step < losses.Length; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var loss = F.cross_entropy(F.linear(x, w, b), target);
            loss.backward();
            using (torch.no_grad())
            {
                w.sub_(w.grad!.mul(0.5));
                b.sub_(b.grad!.mul(0.5));
                w.grad = null;
                b.grad = null;
            }

            losses[step] = loss.item();
        }

        return losses;
    }
}

namespace HdCluster.Torch.Tests;

/// <summary>torch.save / torch.load of named tensors, and how they fail.</summary>
public sealed class SerializationTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("hdc-torch-tests-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void SaveThenLoadRoundTripsNamesShapesDtypesAndValues()
    {
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(directory, "checkpoint.pt");
        var tensors = new Dictionary<string, Tensor>
        {
            ["layer.weight"] = torch.tensor(new[] { 1.5, -2.25, 3.0, 1e-300, double.MaxValue, -0.0 }, [2, 3]),
            ["step"] = torch.tensor(new[] { long.MaxValue, -1L }),
            ["scale"] = torch.scalar(0.5f, ScalarType.Float32),
            ["mask"] = torch.tensor(new[] { true, false }),
            ["größe"] = torch.zeros([0, 4], ScalarType.Float64),
        };

        torch.save(tensors, path);
        var loaded = torch.load(path);

        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, original) in tensors)
        {
            Assert.Equal(original.shape, loaded[name].shape);
            Assert.Equal(original.dtype, loaded[name].dtype);
            Assert.Equal(Device.CPU, loaded[name].device);
        }

        Assert.Equal(tensors["layer.weight"].data<double>(), loaded["layer.weight"].data<double>());
        Assert.Equal([long.MaxValue, -1L], loaded["step"].data<long>());
        Assert.Equal(0.5, loaded["scale"].item());
        Assert.Equal([true, false], loaded["mask"].data<bool>());
    }

    [Fact]
    public void LoadedTensorsAreOwnedByTheCurrentScope()
    {
        var path = Path.Combine(directory, "owned.pt");
        using (torch.NewDisposeScope())
        {
            torch.save(new Dictionary<string, Tensor> { ["x"] = torch.ones(2) }, path);
        }

        Tensor loaded;
        using (torch.NewDisposeScope())
        {
            loaded = torch.load(path)["x"];
        }

        Assert.True(loaded.IsDisposed);
    }

    [Fact]
    public void SavingATrackedOrNonContiguousTensorStoresItsLogicalValues()
    {
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(directory, "views.pt");
        var w = torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3], requires_grad: true);
        torch.save(new Dictionary<string, Tensor> { ["wt"] = w.t(), ["y"] = w.mul(2.0) }, path);

        var loaded = torch.load(path);
        Assert.Equal([3L, 2], loaded["wt"].shape);
        Assert.Equal([1.0, 4, 2, 5, 3, 6], loaded["wt"].data<double>());
        Assert.Equal([2.0, 4, 6, 8, 10, 12], loaded["y"].data<double>());
        Assert.False(loaded["y"].requires_grad);
    }

    [Fact]
    public void SavingOverAnExistingFileReplacesItAndLeavesNoTemporaryBehind()
    {
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(directory, "replace.pt");
        torch.save(new Dictionary<string, Tensor> { ["old"] = torch.ones(3) }, path);
        torch.save(new Dictionary<string, Tensor> { ["new"] = torch.zeros(1) }, path);

        Assert.Equal(["new"], torch.load(path).Keys);
        Assert.Equal([path], Directory.GetFiles(directory));
    }

    [Fact]
    public void SavingAnEmptyDictionaryLoadsBackEmpty()
    {
        var path = Path.Combine(directory, "empty.pt");
        torch.save(new Dictionary<string, Tensor>(), path);
        Assert.Empty(torch.load(path));
    }

    [Fact]
    public void LoadingAMissingFileIsAFileNotFoundExceptionNamingThePath()
    {
        var path = Path.Combine(directory, "does-not-exist.pt");
        var e = Assert.Throws<FileNotFoundException>(() => torch.load(path));
        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void LoadingACorruptFileIsATorchException()
    {
        var path = Path.Combine(directory, "corrupt.pt");
        var bytes = new byte[4096];
        new Random(151).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        Assert.Throws<TorchException>(() => torch.load(path));
    }

    [Fact]
    public void LoadingAnEmptyFileIsATorchException()
    {
        var path = Path.Combine(directory, "empty-file.pt");
        File.WriteAllBytes(path, []);
        Assert.Throws<TorchException>(() => torch.load(path));
    }

    [Fact]
    public void LoadingATruncatedFileIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(directory, "truncated.pt");
        torch.save(new Dictionary<string, Tensor> { ["x"] = torch.ones(1000) }, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Throws<TorchException>(() => torch.load(path));
    }

    [Fact]
    public void LoadingAFileWithADamagedPayloadIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(directory, "damaged.pt");
        torch.save(new Dictionary<string, Tensor> { ["x"] = torch.ones(1000) }, path);
        var bytes = File.ReadAllBytes(path);
        for (var i = 64; i < bytes.Length - 64; i += 7)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, bytes);
        Assert.Throws<TorchException>(() => torch.load(path));
    }

    [Fact]
    public void SavingIntoAMissingDirectoryIsATorchExceptionNamingThePath()
    {
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(directory, "no-such-dir", "x.pt");
        var e = Assert.Throws<TorchException>(() => torch.save(new Dictionary<string, Tensor> { ["x"] = torch.ones(1) }, path));
        Assert.Contains(Path.Combine(directory, "no-such-dir"), e.Message);
    }
}

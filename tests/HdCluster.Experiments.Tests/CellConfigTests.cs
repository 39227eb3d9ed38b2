namespace HdCluster.Experiments.Tests;

/// <summary>A config that cannot run is refused before any data is loaded, with every problem named by its field.</summary>
public class CellConfigTests
{
    private static readonly CellConfig Valid = new() { Model = "logreg", Optimizer = "sgd_hd(lr=0.001, beta=0.001, wd=1e-4)", Epochs = 2, TrainLimit = 1024, ValidLimit = 500 };

    [Fact]
    public void AValidConfigHasNoProblems() => Assert.Empty(Valid.Problems());

    [Fact]
    public void EachBudgetAloneIsEnough()
    {
        Assert.Empty((Valid with { Epochs = null, Steps = 10 }).Problems());
        Assert.Empty((Valid with { Epochs = null, WallSeconds = 1 }).Problems());
    }

    [Fact]
    public void AnUnknownModelIsNamed()
    {
        var problem = Assert.Single((Valid with { Model = "resnet50" }).Problems());

        Assert.StartsWith("model:", problem);
        Assert.Contains("'resnet50'", problem);
        Assert.Contains("mlp_tanh", problem);
    }

    [Theory]
    [InlineData("sgd(0.01", 9)]
    [InlineData("sgd(0.01) / foo(1)", 13)]
    [InlineData("sgd(fast)", 5)]
    [InlineData("sgd(0.01, 0.9)", 11)]
    [InlineData("adam(0.001) / sgd_hd(0.01)", 15)]
    public void ABadOptimizerSpecIsNamedWithItsPosition(string spec, int position)
    {
        var problem = Assert.Single((Valid with { Optimizer = spec }).Problems());

        Assert.StartsWith("optimizer:", problem);
        Assert.Contains($"position {position} of optimizer spec '{spec}'", problem);
    }

    [Fact]
    public void AMisspelledOptimizerArgumentIsNamed()
    {
        var problem = Assert.Single((Valid with { Optimizer = "sgd_hd(lr=0.01, betta=0.1)" }).Problems());

        Assert.StartsWith("optimizer:", problem);
        Assert.Contains("unknown argument 'betta'", problem);
    }

    [Fact]
    public void AnEmptyOptimizerSpecIsAProblemNotACrash() =>
        Assert.StartsWith("optimizer:", Assert.Single((Valid with { Optimizer = "" }).Problems()));

    [Fact]
    public void AConfigWithoutABudgetIsRefused()
    {
        var problem = Assert.Single((Valid with { Epochs = null }).Problems());

        Assert.StartsWith("epochs/steps/wall_seconds:", problem);
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(null, 0L, null)]
    [InlineData(null, null, -1.0)]
    public void ABudgetMustBePositive(int? epochs, long? steps, double? wallSeconds)
    {
        var problem = Assert.Single((Valid with { Epochs = epochs, Steps = steps, WallSeconds = wallSeconds }).Problems());

        Assert.StartsWith("epochs/steps/wall_seconds:", problem);
    }

    [Theory]
    [InlineData("float128")]
    [InlineData("int64")]
    [InlineData("bool")]
    public void ADtypeThatCannotTrainIsNamed(string dtype)
    {
        var problem = Assert.Single((Valid with { Dtype = dtype }).Problems());

        Assert.StartsWith("dtype:", problem);
        Assert.Contains(dtype, problem);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    public void AnUnknownDeviceIsNamed(string device)
    {
        var problem = Assert.Single((Valid with { Device = device }).Problems());

        Assert.StartsWith("device:", problem);
        Assert.Contains(device, problem);
    }

    [Fact]
    public void RecordEveryMustBeAtLeastOne() =>
        Assert.Equal(["record_every: must be at least 1, got 0"], (Valid with { RecordEvery = 0 }).Problems());

    [Fact]
    public void BatchSizeMustBeAtLeastOne() =>
        Assert.StartsWith("batch_size:", Assert.Single((Valid with { BatchSize = 0 }).Problems()));

    [Fact]
    public void DataLimitsMustBeAtLeastOne() =>
        Assert.StartsWith("train_limit/valid_limit:", Assert.Single((Valid with { TrainLimit = 0 }).Problems()));

    [Fact]
    public void AnUnknownDatasetIsNamed()
    {
        var problem = Assert.Single((Valid with { Dataset = "imagenet" }).Problems());

        Assert.StartsWith("dataset:", problem);
        Assert.Contains("'imagenet'", problem);
    }

    [Theory]
    [InlineData("logreg", "mnist")]
    [InlineData("mlp", "mnist")]
    [InlineData("mlp_tanh", "mnist")]
    [InlineData("vgg16_bn", "cifar10")]
    [InlineData("resnet20", "cifar10")]
    [InlineData("char_lstm", "tinyshakespeare")]
    public void EachModelTrainsOnItsPapersDatasetByDefault(string model, string dataset) =>
        Assert.Equal(dataset, (Valid with { Model = model }).ResolvedDataset);

    [Fact]
    public void MnistIsNormalisedForBaydinsModelsAndNotForChandras()
    {
        Assert.True((Valid with { Model = "logreg" }).ResolvedNormalize);
        Assert.True((Valid with { Model = "mlp" }).ResolvedNormalize);
        Assert.False((Valid with { Model = "mlp_tanh" }).ResolvedNormalize);
        Assert.True((Valid with { Model = "mlp_tanh", Normalize = true }).ResolvedNormalize);
    }
}

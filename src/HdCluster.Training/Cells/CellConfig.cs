using HdCluster.Optim;
using HdCluster.Torch;

namespace HdCluster.Training;

/// <summary>
/// Everything that defines one training run (a sweep cell). Plain data, so sweeps can build it, hash it
/// into a stable cell id, and send it across a cluster.
/// </summary>
public sealed record CellConfig
{
    /// <summary>logreg, mlp (Baydin's 784-1000-1000-10 ReLU), mlp_tanh (Chandra's 784-128-10), vgg16_bn, resnet20, char_lstm.</summary>
    public required string Model { get; init; }

    /// <summary>An optimizer spec, e.g. <c>sgd_hd(lr=0.001, beta=0.001, wd=1e-4)</c> or <c>sgd(0.01) / sgd(auto)</c>.</summary>
    public required string Optimizer { get; init; }

    /// <summary>mnist, cifar10 or tinyshakespeare; by default the model's own.</summary>
    public string? Dataset { get; init; }

    public int BatchSize { get; init; } = 128;

    public int? Epochs { get; init; }

    public long? Steps { get; init; }

    public double? WallSeconds { get; init; }

    public long Seed { get; init; } = 1;

    public string Device { get; init; } = "cpu";

    public string Dtype { get; init; } = "float32";

    /// <summary>Record the minibatch loss and hyperparameters every this many steps.</summary>
    public int RecordEvery { get; init; } = 1;

    /// <summary>Hidden widths of an MLP; by default the paper's.</summary>
    public IReadOnlyList<long>? Hidden { get; init; }

    /// <summary>Normalise MNIST with (0.1307, 0.3081); by default on for Baydin's models, off for Chandra's.</summary>
    public bool? Normalize { get; init; }

    /// <summary>Train on only the first N training examples (quick runs, reduced-data grid searches).</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Validate on only the first N validation examples.</summary>
    public int? ValidLimit { get; init; }

    public string ResolvedDataset => Dataset ?? Model switch
    {
        "vgg16_bn" or "resnet20" => "cifar10",
        "char_lstm" => "tinyshakespeare",
        _ => "mnist",
    };

    public bool ResolvedNormalize => Normalize ?? Model is not "mlp_tanh";

    public ScalarType ResolvedDtype => ScalarTypeInfo.Parse(Dtype);

    public Device ResolvedDevice => Torch.Device.Parse(Device);

    /// <summary>Every problem with the config, each naming its field; empty when it can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        string[] models = ["logreg", "mlp", "mlp_tanh", "vgg16_bn", "resnet20", "char_lstm"];
        if (!models.Contains(Model))
        {
            problems.Add($"model: unknown model '{Model}' (expected one of {string.Join(", ", models)})");
        }

        try
        {
            OptimizerConfigResolver.Resolve(Optimizer);
        }
        catch (Exception e) when (e is Optim.Specs.SpecSyntaxException or ArgumentException)
        {
            problems.Add($"optimizer: {e.Message}");
        }

        if (BatchSize < 1)
        {
            problems.Add($"batch_size: must be at least 1, got {BatchSize}");
        }

        if (Epochs is null && Steps is null && WallSeconds is null)
        {
            problems.Add("epochs/steps/wall_seconds: give at least one budget");
        }

        if (Epochs is < 1 || Steps is < 1 || WallSeconds is <= 0)
        {
            problems.Add("epochs/steps/wall_seconds: budgets must be positive");
        }

        if (RecordEvery < 1)
        {
            problems.Add($"record_every: must be at least 1, got {RecordEvery}");
        }

        string[] datasets = ["mnist", "cifar10", "tinyshakespeare"];
        if (Dataset is not null && !datasets.Contains(Dataset))
        {
            problems.Add($"dataset: unknown data set '{Dataset}' (expected one of {string.Join(", ", datasets)})");
        }

        foreach (var (field, check) in new (string, Action)[] { ("dtype", CheckDtype), ("device", () => Torch.Device.Parse(Device)) })
        {
            try
            {
                check();
            }
            catch (ArgumentException e)
            {
                problems.Add($"{field}: {e.Message}");
            }
        }

        if (TrainLimit is < 1 || ValidLimit is < 1)
        {
            problems.Add("train_limit/valid_limit: must be at least 1");
        }

        return problems;
    }

    // Models are built and trained in this type, so it must be a floating one.
    private void CheckDtype()
    {
        if (!ScalarTypeInfo.Parse(Dtype).IsFloatingPoint())
        {
            throw new ArgumentException($"'{Dtype}' cannot hold trainable weights (expected float32 or float64)");
        }
    }
}

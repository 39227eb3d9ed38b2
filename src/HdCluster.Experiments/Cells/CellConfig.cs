namespace HdCluster.Experiments;

/// <summary>
/// Everything that defines one training run (a sweep cell). Plain data, so sweeps can build it, hash it
/// into a stable cell id, and send it across a cluster. The optimizer spec is read once, when it is set: the
/// cell carries its parsed form (<see cref="ParsedOptimizer"/>) and meaning (<see cref="ResolvedOptimizer"/>),
/// and nothing downstream parses the text again.
/// </summary>
public sealed record CellConfig
{
    /// <summary>The models a cell can train, as written in sweep files.</summary>
    public static readonly IReadOnlyList<string> Models = ["logreg", "mlp", "mlp_tanh", "vgg16_bn", "resnet20", "char_lstm"];

    /// <summary>The data sets a cell can train on.</summary>
    public static readonly IReadOnlyList<string> Datasets = ["mnist", "cifar10", "tinyshakespeare"];

    private readonly string optimizer = "";
    // Optimizer is required, so this placeholder is always replaced; it is shared to keep building a cell cheap.
    private readonly OptimizerReading reading = OptimizerReading.Unset;

    /// <summary>logreg, mlp (Baydin's 784-1000-1000-10 ReLU), mlp_tanh (Chandra's 784-128-10), vgg16_bn, resnet20, char_lstm.</summary>
    public required string Model { get; init; }

    /// <summary>An optimizer spec as written, e.g. <c>sgd_hd(lr=0.001, beta=0.001, wd=1e-4)</c> or <c>sgd(0.01) / sgd(auto)</c>.
    /// Setting it parses and resolves it, once.</summary>
    public required string Optimizer
    {
        get => optimizer;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            optimizer = value;
            reading = OptimizerReading.Of(value);
        }
    }

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

    /// <summary>The hidden widths the model is built with: <see cref="Hidden"/>, or the paper's for an MLP; null for
    /// models without an MLP body (they ignore <c>hidden</c>).</summary>
    public IReadOnlyList<long>? ResolvedHidden => Hidden ?? Model switch
    {
        "logreg" => [],
        "mlp" => [1000, 1000],
        "mlp_tanh" => [128],
        _ => null,
    };

    /// <summary>The optimizer spec, parsed when <see cref="Optimizer"/> was set. Throws the spec's
    /// <see cref="SpecSyntaxException"/> when it does not parse (<see cref="Problems"/> says so first).</summary>
    public OptimizerSpec ParsedOptimizer => reading.Spec ?? throw reading.Rethrow();

    /// <summary>What the optimizer spec means (kinds, defaults, aliases applied), resolved when <see cref="Optimizer"/>
    /// was set. Throws the spec's <see cref="SpecSyntaxException"/> when it does not resolve.</summary>
    public OptimizerConfig ResolvedOptimizer => reading.Config ?? throw reading.Rethrow();

    /// <summary>The device in its canonical form (<c>cpu</c>, <c>cuda:N</c>); throws <see cref="ArgumentException"/>
    /// for one that is not a device.</summary>
    public string CanonicalDevice => DeviceName.Canonical(Device);

    /// <summary>The dtype in its canonical form (<c>float32</c>, <c>float64</c>, ...); throws
    /// <see cref="ArgumentException"/> for one that cannot hold trainable weights.</summary>
    public string CanonicalDtype => DtypeName.Canonical(Dtype);

    /// <summary>Every problem with the config, each naming its field; empty when it can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Models.Contains(Model))
        {
            problems.Add($"model: unknown model '{Model}' (expected one of {string.Join(", ", Models)})");
        }

        if (reading.Error is { } error)
        {
            problems.Add($"optimizer: {error.Message}");
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

        if (Dataset is not null && !Datasets.Contains(Dataset))
        {
            problems.Add($"dataset: unknown data set '{Dataset}' (expected one of {string.Join(", ", Datasets)})");
        }

        if (DtypeName.Problem(Dtype) is { } dtype)
        {
            problems.Add($"dtype: {dtype}");
        }

        if (DeviceName.Problem(Device) is { } device)
        {
            problems.Add($"device: {device}");
        }

        if (TrainLimit is < 1 || ValidLimit is < 1)
        {
            problems.Add("train_limit/valid_limit: must be at least 1");
        }

        return problems;
    }

    /// <summary>The optimizer text read once. Equal by text, so that two configs are equal exactly when their
    /// settings are (the parsed forms follow from the text).</summary>
    private sealed class OptimizerReading : IEquatable<OptimizerReading>
    {
        private OptimizerReading(string text, OptimizerSpec? spec, OptimizerConfig? config, SpecSyntaxException? error)
        {
            Text = text;
            Spec = spec;
            Config = config;
            Error = error;
        }

        public static OptimizerReading Unset { get; } = new("", null, null, new SpecSyntaxException("", 0, "no optimizer is set"));

        public string Text { get; }

        public OptimizerSpec? Spec { get; }

        public OptimizerConfig? Config { get; }

        public SpecSyntaxException? Error { get; }

        public static OptimizerReading Of(string text)
        {
            OptimizerSpec? spec = null;
            try
            {
                spec = OptimizerSpec.Parse(text);
                return new OptimizerReading(text, spec, OptimizerConfigResolver.Resolve(spec), null);
            }
            catch (SpecSyntaxException e)
            {
                return new OptimizerReading(text, spec, null, e);
            }
        }

        public SpecSyntaxException Rethrow() => new(Error!.Spec, Error.Position, Error.Problem);

        public bool Equals(OptimizerReading? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as OptimizerReading);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);
    }
}

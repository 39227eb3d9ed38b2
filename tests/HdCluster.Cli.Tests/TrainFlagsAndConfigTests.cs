using System.Text.Json;

namespace HdCluster.Cli.Tests;

/// <summary>
/// <c>hdc train</c> with flags and with the same cell as <c>--config</c> is one path: for every model, the same
/// model (parameter count) and the same losses. Tiny budgets, one thread.
/// </summary>
public sealed class TrainFlagsAndConfigTests : IClassFixture<TestDataRootFixture>, IDisposable
{
    private const string Optimizer = "sgd(lr=0.01)";
    private readonly TestDataRoot data;
    private readonly TempFolder work = new();

    public TrainFlagsAndConfigTests(TestDataRootFixture fixture) => data = fixture.Root;

    public static TheoryData<string, long?> Models => new()
    {
        { "logreg", 784 * 10 + 10 },
        { "mlp", (784 * 1000) + 1000 + (1000 * 1000) + 1000 + (1000 * 10) + 10 },
        { "mlp_tanh", (784 * 128) + 128 + (128 * 10) + 10 },
        { "vgg16_bn", null },
        { "resnet20", null },
        { "char_lstm", null },
    };

    public void Dispose() => work.Dispose();

    [Theory]
    [MemberData(nameof(Models))]
    public void Flags_and_config_build_the_same_model_and_give_the_same_losses(string model, long? papersParameters)
    {
        var fromFlags = Path.Combine(work.Path, "flags");
        var fromConfig = Path.Combine(work.Path, "config");
        var config = work.Write("cell.yaml", $"""
            fixed:
              model: {model}
              optimizer: "{Optimizer}"
              steps: 2
              batch_size: 16
              train_limit: 32
              valid_limit: 32
            """);

        var flags = InProcessCli.Run(
            ["train", "--model", model, "--optimizer", Optimizer, "--steps", "2", "--batch-size", "16", "--train-limit", "32", "--valid-limit", "32", .. Common(fromFlags)]);
        var file = InProcessCli.Run(["train", "--config", config, .. Common(fromConfig)]);

        Assert.True(flags.ExitCode == 0, flags.Stderr);
        Assert.True(file.ExitCode == 0, file.Stderr);
        var parameters = Parameters(fromFlags);
        Assert.True(parameters > 0);
        Assert.Equal(parameters, Parameters(fromConfig));
        if (papersParameters is { } expected)
        {
            Assert.Equal(expected, parameters);
        }

        var losses = File.ReadAllText(Path.Combine(fromFlags, "steps.csv"));
        Assert.Equal(3, losses.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(losses, File.ReadAllText(Path.Combine(fromConfig, "steps.csv")));
        Assert.Equal(EpochLosses(fromFlags), EpochLosses(fromConfig));
    }

    [Fact]
    public void An_mlp_without_hidden_widths_is_the_papers_784_1000_1000_10_and_with_them_what_they_say()
    {
        var papers = Path.Combine(work.Path, "papers");
        var narrow = Path.Combine(work.Path, "narrow");

        Assert.Equal(0, InProcessCli.Run(["train", "--model", "mlp", "-o", Optimizer, "--steps", "1", "--train-limit", "16", "--valid-limit", "16", .. Common(papers)]).ExitCode);
        Assert.Equal(0, InProcessCli.Run(["train", "--model", "mlp", "-o", Optimizer, "--steps", "1", "--train-limit", "16", "--valid-limit", "16", "--hidden", "20", "30", .. Common(narrow)]).ExitCode);

        Assert.Equal(1_796_010, Parameters(papers));
        Assert.Equal((784 * 20) + 20 + (20 * 30) + 30 + (30 * 10) + 10, Parameters(narrow));
    }

    [Fact]
    public void Train_without_a_budget_is_an_error_naming_the_budget_flags()
    {
        var outcome = InProcessCli.Run(["train", "--model", "mlp", "-o", Optimizer, .. Common(Path.Combine(work.Path, "none"))]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("hdc train: --epochs/--steps/--wall-seconds: give at least one budget", Assert.Single(outcome.StderrLines));
        Assert.False(Directory.Exists(Path.Combine(work.Path, "none")));
    }

    [Fact]
    public void Cell_flags_beside_config_are_an_error_naming_them()
    {
        var config = work.Write("cell.yaml", $"fixed: {{model: logreg, optimizer: \"{Optimizer}\", steps: 1}}\n");

        var outcome = InProcessCli.Run(["train", "--config", config, "--steps", "5", "--hidden", "10", .. Common(Path.Combine(work.Path, "x"))]);

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.StderrLines);
        Assert.Contains("--steps, --hidden", line, StringComparison.Ordinal);
    }

    private string[] Common(string output) => ["--out", output, "--data", data.Path, "--threads", "1"];

    /// <summary>The parameter count <c>hdc train</c> logged for the model it built.</summary>
    private static long Parameters(string output)
    {
        foreach (var line in File.ReadLines(Path.Combine(output, "log.jsonl")))
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("Parameters", out var parameters))
            {
                return parameters.GetInt64();
            }
        }

        throw new InvalidOperationException($"no Parameters in {output}/log.jsonl");
    }

    /// <summary>epochs.csv without its timing columns, which differ from run to run.</summary>
    private static string[] EpochLosses(string output) =>
        [.. File.ReadLines(Path.Combine(output, "epochs.csv")).Select(l => string.Join(',', l.Split(',')[..^2]))];
}

/// <summary>One data root for the whole class: generating the CIFAR files once.</summary>
public sealed class TestDataRootFixture : IDisposable
{
    public TestDataRoot Root { get; } = new();

    public void Dispose() => Root.Dispose();
}

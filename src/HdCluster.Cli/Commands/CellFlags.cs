using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HdCluster.Cli.Commands;

/// <summary>
/// <c>hdc train</c>'s cell settings as flags, one per sweep-file setting (<c>--batch-size</c> is
/// <c>batch_size</c>). A flag the user did not give is left out, so the setting takes the default the sweep
/// loader gives it, exactly as in a file.
/// </summary>
internal static partial class CellFlags
{
    /// <summary>Names the command line where the loader would name a file.</summary>
    public const string Source = "the command line";

    public static Option<string> Model { get; } = new("--model")
    {
        Description = "logreg, mlp (784-1000-1000-10 ReLU), mlp_tanh (784-128-10 tanh), vgg16_bn, resnet20 or char_lstm (required without --config)",
    };

    public static Option<string> Optimizer { get; } = new("--optimizer", "-o")
    {
        Description = "optimizer spec, e.g. 'sgd_hd(lr=0.001, beta=0.001, wd=1e-4)' or 'sgd(0.01) / sgd(auto)' (required without --config)",
    };

    public static IReadOnlyList<(Option Option, string Key)> All { get; } =
    [
        (Model, "model"),
        (Optimizer, "optimizer"),
        (new Option<string>("--dataset") { Description = "mnist, cifar10 or tinyshakespeare (default: the model's own)" }, "dataset"),
        (new Option<int>("--batch-size") { Description = "examples per step (default: 128)" }, "batch_size"),
        (new Option<int>("--epochs") { Description = "budget: passes over the training set; give at least one of --epochs, --steps, --wall-seconds (default: none)" }, "epochs"),
        (new Option<long>("--steps") { Description = "budget: optimizer steps; the first budget reached stops the cell (default: none)" }, "steps"),
        (new Option<double>("--wall-seconds") { Description = "budget: seconds of training (default: none)" }, "wall_seconds"),
        (new Option<long>("--seed") { Description = "seeds the initial weights, the shuffling and dropout (default: 1)" }, "seed"),
        (new Option<string>("--device") { Description = "cpu, cuda or cuda:N (default: cpu)" }, "device"),
        (new Option<string>("--dtype") { Description = "float32 or float64 (default: float32)" }, "dtype"),
        (new Option<int>("--record-every") { Description = "record the loss and hyperparameters every N steps (default: 1)" }, "record_every"),
        (new Option<long[]>("--hidden")
        {
            Description = "MLP hidden widths, e.g. --hidden 1000 1000 (default: the paper's: 1000 1000 for mlp, 128 for mlp_tanh, none for logreg)",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        }, "hidden"),
        (new Option<bool?>("--normalize") { Description = "normalise MNIST with (0.1307, 0.3081): true or false (default: true for logreg and mlp, false for mlp_tanh)", Arity = ArgumentArity.ExactlyOne }, "normalize"),
        (new Option<int>("--train-limit") { Description = "train on only the first N training examples (default: all)" }, "train_limit"),
        (new Option<int>("--valid-limit") { Description = "validate on only the first N validation examples (default: all)" }, "valid_limit"),
    ];

    /// <summary>The cell flags given on this command line, as typed (<c>--steps</c>).</summary>
    public static IReadOnlyList<string> Given(ParseResult parse) =>
        [.. All.Where(f => parse.GetResult(f.Option) is { Implicit: false }).Select(f => f.Option.Name)];

    /// <summary>A one-cell sweep document whose <c>fixed:</c> holds the flags given (JSON, which YAML reads as is).</summary>
    public static string ToSweepDocument(ParseResult parse)
    {
        var settings = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (option, key) in All)
        {
            if (parse.GetResult(option) is { Implicit: false } result)
            {
                settings[key] = result.GetValueOrDefault<object?>();
            }
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["name"] = "train", ["fixed"] = settings });
    }

    /// <summary>A loader's problem without what only matters in a file: which cell it is in (there is one), and
    /// lines beyond the first.</summary>
    public static string Problem(string problem) => InTheCell().Replace(problem.Split('\n')[0], "");

    /// <summary>A loader's field (<c>epochs/steps/wall_seconds</c>) as the flags that set it (<c>--epochs/--steps/--wall-seconds</c>).</summary>
    public static string FlagNames(string field) => string.Join(
        "/",
        field.Split('/').Select(part => All.FirstOrDefault(f => f.Key == part).Option?.Name ?? part));

    [GeneratedRegex(@" \(in [^()]*\)$")]
    private static partial Regex InTheCell();
}

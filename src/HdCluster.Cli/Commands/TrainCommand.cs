using System.CommandLine;
using HdCluster.Experiments;
using HdCluster.Sweeps;
using HdCluster.Torch;
using HdCluster.Training;
using HdCluster.Training.Datasets;
using Serilog;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary><c>hdc train</c>: one cell from flags or a one-cell file, with a progress bar, records as CSV.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var configFile = new Option<string?>("--config") { Description = "a YAML file describing one cell (the sweep-file format with no grid; see sweeps/README.md); the cell flags are then not allowed" };
        var output = new Option<string>("--out") { Description = "folder for steps.csv, epochs.csv, log.jsonl and the checkpoint", DefaultValueFactory = _ => Path.Combine("results", "train") };
        var resume = new Option<bool>("--checkpoint") { Description = "checkpoint at epoch boundaries and resume from one found in --out" };
        var data = CommonOptions.Data();
        var threads = CommonOptions.Threads();
        var command = new Command("train", "train one cell, described by flags or by --config FILE; records go to CSV files") { configFile };
        foreach (var flag in CellFlags.All)
        {
            command.Options.Add(flag.Option);
        }

        command.Options.Add(output);
        command.Options.Add(resume);
        command.Options.Add(data);
        command.Options.Add(threads);
        command.SetAction((parse, cancel) =>
        {
            var cell = parse.GetValue(configFile) is { } file ? FromFile(file, parse) : FromFlags(parse);
            return Task.FromResult(cell is null ? 2 : Run(cell, parse.GetValue(output)!, parse.GetValue(resume), parse.GetValue(data), parse.GetValue(threads), cancel));
        });
        return command;
    }

    private static CellConfig? FromFile(string file, ParseResult parse)
    {
        var given = CellFlags.Given(parse);
        if (given.Count > 0)
        {
            Console.Error.WriteLine($"hdc train: --config describes the whole cell; drop {string.Join(", ", given)} or set it in '{file}'");
            return null;
        }

        if (CommonOptions.LoadSweep(file, "train") is not { } sweep)
        {
            return null;
        }

        if (sweep.Cells.Count != 1)
        {
            Console.Error.WriteLine($"hdc train: '{file}' describes {sweep.Cells.Count} cells; train takes one (use hdc run for a sweep)");
            return null;
        }

        return sweep.Cells[0].Config;
    }

    /// <summary>The flags become the <c>fixed:</c> settings of a one-cell sweep, loaded by the same loader as
    /// <c>--config</c>: one path, so defaults (an MLP's hidden widths) and checks (a budget is required) cannot
    /// differ between the two.</summary>
    private static CellConfig? FromFlags(ParseResult parse)
    {
        if (parse.GetResult(CellFlags.Model) is null || parse.GetResult(CellFlags.Optimizer) is null)
        {
            Console.Error.WriteLine("hdc train: give --model and --optimizer (and a budget: --epochs, --steps or --wall-seconds), or --config FILE");
            return null;
        }

        try
        {
            var sweep = SweepFile.Parse(CellFlags.ToSweepDocument(parse), CellFlags.Source);
            return sweep.Cells[0].Config;
        }
        catch (SweepFileException e)
        {
            Console.Error.WriteLine($"hdc train: {CellFlags.FlagNames(e.Field)}: {CellFlags.Problem(e.Problem)}");
            return null;
        }
    }

    private static int Run(CellConfig config, string output, bool checkpoint, string? dataRoot, int? threads, CancellationToken cancel)
    {
        string root;
        try
        {
            root = CommonOptions.ResolveDataRoot(dataRoot);
        }
        catch (DirectoryNotFoundException e)
        {
            Console.Error.WriteLine($"hdc train: {e.Message}");
            return 2;
        }

        var log = Logging.Create(Path.Combine(output, "log.jsonl"));
        torch.set_num_threads(threads ?? Environment.ProcessorCount);
        log.Information(
            "Training {Model} ({Parameters} parameters) with {Optimizer} on {Device} ({Threads} threads), data {DataRoot}",
            config.Model, ParameterCount(config, root), config.Optimizer, config.Device, torch.get_num_threads(), root);
        CellResult result = null!;
        using (var csv = new CsvRecordSink(output))
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var task = context.AddTask("starting");
                    var sink = new ProgressSink(csv, task, config);
                    var trainer = new CellTrainer(config, root, sink, checkpoint ? Path.Combine(output, "checkpoint.pt") : null);
                    result = trainer.Run(cancel);
                    task.Value = task.MaxValue;
                });
        }

        var hypers = string.Join(", ", result.HyperparameterNames.Zip(result.FinalHyperparameters, (n, v) => $"{n}={v:G6}"));
        log.Information(
            "Cell {Status} after {Steps} steps ({Epochs} epochs, {Wall:F1} s): train loss {TrainLoss:F4}, valid loss {ValidLoss:F4}, valid accuracy {Accuracy:P2}; {Hyperparameters}",
            result.Status, result.Steps, result.Epochs, result.WallSeconds, result.FinalTrainLoss, result.FinalValidLoss, result.FinalValidAccuracy, hypers);
        if (result.Status == CellStatus.Diverged)
        {
            log.Warning("Cell diverged at step {Step}: {Quantity} is not finite", result.DivergedAtStep, result.DivergedQuantity);
        }

        log.Information("Records: {Steps} and {Epochs}", Path.Combine(output, "steps.csv"), Path.Combine(output, "epochs.csv"));
        (log as IDisposable)?.Dispose();
        return result.Status == CellStatus.Cancelled ? 130 : 0;
    }

    /// <summary>Counts the parameters of the model the trainer will build: the same factory from the same cell,
    /// so a wrong default (an MLP trained as a logistic regression) shows in the first line.</summary>
    private static long ParameterCount(CellConfig config, string dataRoot)
    {
        var vocabulary = 0;
        if (config.ResolvedDataset == "tinyshakespeare")
        {
            using var data = TaskData.Load(config, dataRoot);
            vocabulary = ((TextTaskData)data).VocabularySize;
        }

        using var generator = new Generator(config.Seed);
        using var model = ModelFactory.Create(config, generator, vocabulary);
        return model.parameters().Sum(p => p.Value.numel());
    }

    /// <summary>Forwards records to the CSV sink and moves the progress bar.</summary>
    private sealed class ProgressSink(CsvRecordSink inner, ProgressTask task, CellConfig config) : IRecordSink
    {
        public void OnStart(CellConfig c, IReadOnlyList<string> names, (long Step, int Epoch)? resumedAt)
        {
            inner.OnStart(c, names, resumedAt);
            task.MaxValue = config.Steps ?? 1;
            task.Description = resumedAt is { } at ? $"resumed at epoch {at.Epoch}" : "epoch 0";
        }

        public void OnStep(StepRecord r)
        {
            inner.OnStep(r);
            task.Description = $"epoch {r.Epoch}, loss {r.Loss:F4}";
            if (config.Steps is { } s)
            {
                task.Value = Math.Min(s, r.Step);
            }
        }

        public void OnEpoch(EpochRecord r)
        {
            inner.OnEpoch(r);
            if (config.Steps is null && config.Epochs is { } e)
            {
                task.MaxValue = e;
                task.Value = r.Epoch;
            }

            task.Description = $"epoch {r.Epoch}: valid loss {r.ValidLoss:F4}, accuracy {r.ValidAccuracy:P1}";
        }

        public void OnCompleted(CellResult result) => inner.OnCompleted(result);
    }
}

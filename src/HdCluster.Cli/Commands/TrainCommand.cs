using System.CommandLine;
using HdCluster.Experiments;
using HdCluster.Torch;
using HdCluster.Training;
using Serilog;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary><c>hdc train</c>: one cell from flags, with a progress bar, records as CSV.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var configFile = new Option<string?>("--config") { Description = "a YAML file describing one cell (the sweep-file format with no grid; see sweeps/README.md)" };
        var model = new Option<string?>("--model") { Description = "logreg, mlp, mlp_tanh, vgg16_bn, resnet20, char_lstm" };
        var optimizer = new Option<string?>("--optimizer", "-o") { Description = "optimizer spec, e.g. 'sgd_hd(lr=0.001, beta=0.001, wd=1e-4)' or 'sgd(0.01) / sgd(auto)'" };
        var dataset = new Option<string?>("--dataset") { Description = "mnist, cifar10 or tinyshakespeare (default: the model's)" };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        var epochs = new Option<int?>("--epochs");
        var steps = new Option<long?>("--steps");
        var wall = new Option<double?>("--wall-seconds");
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "cpu" };
        var dtype = new Option<string>("--dtype") { DefaultValueFactory = _ => "float32" };
        var recordEvery = new Option<int>("--record-every") { DefaultValueFactory = _ => 1 };
        var hidden = new Option<long[]?>("--hidden") { Description = "MLP hidden widths", AllowMultipleArgumentsPerToken = true };
        var trainLimit = new Option<int?>("--train-limit");
        var validLimit = new Option<int?>("--valid-limit");
        var normalize = new Option<bool?>("--normalize");
        var output = new Option<string>("--out") { Description = "folder for steps.csv, epochs.csv and the checkpoint", DefaultValueFactory = _ => Path.Combine("results", "train") };
        var resume = new Option<bool>("--checkpoint") { Description = "checkpoint at epoch boundaries and resume from one found in --out" };
        var data = CommonOptions.Data();
        var threads = CommonOptions.Threads();
        var command = new Command("train", "train one cell")
        {
            configFile, model, optimizer, dataset, batch, epochs, steps, wall, seed, device, dtype, recordEvery, hidden, trainLimit, validLimit, normalize, output, resume, data, threads,
        };
        command.SetAction((parse, cancel) =>
        {
            if (parse.GetValue(configFile) is { } file)
            {
                if (CommonOptions.LoadSweep(file, "train") is not { } sweep)
                {
                    return Task.FromResult(2);
                }

                if (sweep.Cells.Count != 1)
                {
                    Console.Error.WriteLine($"hdc train: '{file}' describes {sweep.Cells.Count} cells; train takes one (use hdc run for a sweep)");
                    return Task.FromResult(2);
                }

                return Task.FromResult(Run(sweep.Cells[0].Config, parse.GetValue(output)!, parse.GetValue(resume), parse.GetValue(data), parse.GetValue(threads), cancel));
            }

            if (parse.GetValue(model) is null || parse.GetValue(optimizer) is null)
            {
                Console.Error.WriteLine("hdc train: give --model and --optimizer, or --config FILE");
                return Task.FromResult(2);
            }

            var config = new CellConfig
            {
                Model = parse.GetValue(model)!,
                Optimizer = parse.GetValue(optimizer)!,
                Dataset = parse.GetValue(dataset),
                BatchSize = parse.GetValue(batch),
                Epochs = parse.GetValue(epochs),
                Steps = parse.GetValue(steps),
                WallSeconds = parse.GetValue(wall),
                Seed = parse.GetValue(seed),
                Device = parse.GetValue(device)!,
                Dtype = parse.GetValue(dtype)!,
                RecordEvery = parse.GetValue(recordEvery),
                Hidden = parse.GetValue(hidden),
                TrainLimit = parse.GetValue(trainLimit),
                ValidLimit = parse.GetValue(validLimit),
                Normalize = parse.GetValue(normalize),
            };
            return Task.FromResult(Run(config, parse.GetValue(output)!, parse.GetValue(resume), parse.GetValue(data), parse.GetValue(threads), cancel));
        });
        return command;
    }

    private static int Run(CellConfig config, string output, bool checkpoint, string? dataRoot, int? threads, CancellationToken cancel)
    {
        var log = Logging.Create(Path.Combine(output, "log.jsonl"));
        var problems = config.Problems();
        if (config.Epochs is null && config.Steps is null && config.WallSeconds is null)
        {
            config = config with { Epochs = 1 };
            problems = config.Problems();
        }

        if (problems.Count > 0)
        {
            foreach (var p in problems)
            {
                log.Error("Invalid cell setting: {Problem}", p);
            }

            return 2;
        }

        torch.set_num_threads(threads ?? Environment.ProcessorCount);
        var root = CommonOptions.ResolveDataRoot(dataRoot);
        log.Information("Training {Model} with {Optimizer} on {Device} ({Threads} threads), data {DataRoot}", config.Model, config.Optimizer, config.Device, torch.get_num_threads(), root);
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

using HdCluster.Data;
using HdCluster.Models;
using HdCluster.Optim;
using HdCluster.Torch;
using HdCluster.Training.Replay;

namespace HdCluster.Training.Fused;

/// <summary>
/// Replays several reference cases as one fused group (float64, each case from its own initial weights and its own
/// batch order) and judges each against its trace exactly as <see cref="ReplayRunner.Run"/> judges it alone. The
/// cases must share the model, batch size, step count and input normalisation, and their optimizers a structure.
/// </summary>
public static class FusedReplay
{
    public static IReadOnlyList<ReplayResult> Run(IReadOnlyList<ReferenceCase> cases, ImageSet mnistTrain, double tolerance = ReplayRunner.DefaultTolerance)
    {
        var ours = Simulate(cases, mnistTrain, perturb: false);
        var perturbed = Simulate(cases, mnistTrain, perturb: true);
        return cases.Select((c, k) => ReplayRunner.Judge(c, ours[k], perturbed[k], tolerance)).ToList();
    }

    /// <summary>Each case's trajectory from the fused run, as <see cref="ReplayRunner.Simulate"/> gives it alone.</summary>
    public static IReadOnlyList<ReplayTrajectory> Simulate(IReadOnlyList<ReferenceCase> cases, ImageSet mnistTrain, bool perturb = false)
    {
        if (cases.Count == 0)
        {
            throw new ArgumentException("a fused replay needs at least one case", nameof(cases));
        }

        var first = cases[0];
        foreach (var c in cases.Skip(1))
        {
            if (!c.Hidden.SequenceEqual(first.Hidden) || c.Activation != first.Activation || c.Head != first.Head || c.BatchSize != first.BatchSize
                || c.Steps != first.Steps || !(c.Normalize ?? []).SequenceEqual(first.Normalize ?? []))
            {
                throw new ReplayCaseException(c.Name, $"does not fuse with '{first.Name}': the model, batch size, steps and normalisation must be the same");
            }
        }

        var firstN = cases.Max(c => c.FirstN);
        if (mnistTrain.Count < firstN)
        {
            throw new ReplayCaseException(first.Name, $"needs the first {firstN} MNIST training images, the data set has {mnistTrain.Count}");
        }

        var configs = cases.Select(ReplayRunner.Resolve).ToList();
        var columns = cases.Select((c, k) => ReplayRunner.TracedColumns(c, configs[k])).ToList();
        var (cells, steps, batch) = (cases.Count, first.Steps, first.BatchSize);

        using var model = Stack(cases, perturb);
        using var inputs = ReplayRunner.Inputs(cases.First(c => c.FirstN == firstN), mnistTrain);
        using var labels = torch.tensor(mnistTrain.Labels.AsSpan(0, firstN).ToArray().Select(l => (long)l).ToArray());
        using var batches = torch.tensor(cases.SelectMany(c => c.Batches.Select(i => (long)i)).ToArray(), [cells, steps, batch]);
        using var optimizer = FusedOptimizerFactory.Create(configs, model.parameters());

        var values = cases.Select(_ => new List<double[]>()).ToList();
        for (var step = 0; step < steps; step++)
        {
            optimizer.BeginStep();
            using var scope = torch.NewDisposeScope();
            var index = batches.select(1, step).reshape(cells * batch);
            var x = inputs.index_select(0, index).view(cells, batch, -1);
            var y = labels.index_select(0, index).view(cells, batch);
            var report = optimizer.Step(model.losses(model.forward(x), y));
            for (var k = 0; k < cells; k++)
            {
                if (report.DivergedQuantity[k] is { } quantity)
                {
                    throw new ReplayCaseException(cases[k].Name, $"diverged at step {step + 1}: {quantity} is not finite");
                }

                var (traced, columnIndex) = columns[k];
                var row = new double[traced.Count + 1];
                row[0] = report.Losses[k];
                for (var c = 0; c < traced.Count; c++)
                {
                    row[c + 1] = report.Hyperparameters[k][columnIndex[c]];
                }

                values[k].Add(row);
            }
        }

        return cases.Select((c, k) => new ReplayTrajectory(columns[k].Traced, values[k])).ToList();
    }

    private static FusedMlp Stack(IReadOnlyList<ReferenceCase> cases, bool perturb)
    {
        var models = new List<Mlp>();
        try
        {
            foreach (var c in cases)
            {
                using var generator = new Generator(0);
                var model = new Mlp(784, c.Hidden, 10, c.Activation, c.Head, generator, ScalarType.Float64);
                models.Add(model);
                ReplayRunner.LoadInitialWeights(c, model, perturb);
            }

            return FusedMlp.Stack(models);
        }
        finally
        {
            foreach (var m in models)
            {
                m.Dispose();
            }
        }
    }
}

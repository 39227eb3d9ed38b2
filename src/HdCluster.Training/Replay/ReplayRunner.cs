using HdCluster.Data;
using HdCluster.Experiments;
using HdCluster.Models;
using HdCluster.Optim;
using HdCluster.Torch;

namespace HdCluster.Training.Replay;

/// <summary>
/// Runs a <see cref="ReferenceCase"/> through HdCluster's model and optimizer in float64, from the case's
/// initial weights and batch order, and measures how far our trajectory strays from the golden one.
/// </summary>
public static class ReplayRunner
{
    public const double DefaultTolerance = 1e-6;

    /// <summary>How far past our own rounding-level spread a deviation may go before it counts against the case.</summary>
    public const double SpreadFactor = 100;

    /// <summary>
    /// Replays the case and compares every step with the trace. A step passes when each quantity is within
    /// <paramref name="tolerance"/> of the trace, or, for a chaotic trajectory, within <see cref="SpreadFactor"/>
    /// times the spread that float64 rounding alone produces in our own run by then (measured by replaying
    /// again from initial weights moved by one ulp). A well-conditioned case has a spread near 1e-16 and so
    /// is held to the plain tolerance at every step; a wrong formula shows from the first steps, where every
    /// spread is still at rounding level.
    /// </summary>
    public static ReplayResult Run(ReferenceCase @case, ImageSet mnistTrain, double tolerance = DefaultTolerance)
    {
        var ours = Simulate(@case, mnistTrain, perturb: false);
        var perturbed = Simulate(@case, mnistTrain, perturb: true);
        return Judge(@case, ours, perturbed, tolerance);
    }

    /// <summary>Compares a trajectory of the case, and the same run from initial weights one ulp away, with the trace
    /// by the criterion of <see cref="Run"/>; for trajectories produced some other way (e.g. fused with other cases).</summary>
    public static ReplayResult Judge(ReferenceCase @case, ReplayTrajectory ours, ReplayTrajectory perturbed, double tolerance = DefaultTolerance)
    {
        var columns = new List<string> { "loss" };
        columns.AddRange(ours.Columns);
        var error = columns.ToDictionary(c => c, _ => 0.0);
        var spread = columns.ToDictionary(c => c, _ => 0.0);
        var envelope = 0.0;
        var withinBound = true;
        var firstBeyondTolerance = (int?)null;
        for (var step = 0; step < @case.Steps; step++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var value = ours.Values[step][c];
                var e = RelativeError(value, @case.TraceRows[step][c + 1]);
                var sp = RelativeError(value, perturbed.Values[step][c]);
                envelope = Math.Max(envelope, sp);
                error[columns[c]] = Math.Max(error[columns[c]], e);
                spread[columns[c]] = Math.Max(spread[columns[c]], sp);
                if (e > tolerance)
                {
                    firstBeyondTolerance ??= step + 1;
                    withinBound &= e <= SpreadFactor * envelope;
                }
            }
        }

        return new ReplayResult(@case.Name, @case.OptimizerSpec, @case.Steps, error, spread, tolerance, withinBound, firstBeyondTolerance);
    }

    /// <summary>Our trajectory for the case: per step the loss before the update and the traced
    /// hyperparameters after it, in trace column order.</summary>
    public static ReplayTrajectory Simulate(ReferenceCase @case, ImageSet mnistTrain, bool perturb = false)
    {
        if (mnistTrain.Count < @case.FirstN)
        {
            throw new ReplayCaseException(@case.Name, $"needs the first {@case.FirstN} MNIST training images, the data set has {mnistTrain.Count}");
        }

        var config = Resolve(@case);
        var (traced, columnIndex) = TracedColumns(@case, config);
        using var generator = new Generator(0);
        using var model = new Mlp(784, @case.Hidden, 10, @case.Activation, @case.Head, generator, ScalarType.Float64);
        LoadInitialWeights(@case, model, perturb);
        using var inputs = Inputs(@case, mnistTrain);
        using var labels = torch.tensor(mnistTrain.Labels.AsSpan(0, @case.FirstN).ToArray().Select(l => (long)l).ToArray());
        using var batchIndices = torch.tensor(@case.Batches.Select(i => (long)i).ToArray(), [@case.Steps, @case.BatchSize]);
        using var optimizer = OptimizerFactory.Create(config, model.parameters());

        var values = new List<double[]>();
        for (var step = 0; step < @case.Steps; step++)
        {
            optimizer.BeginStep();
            using var scope = torch.NewDisposeScope();
            var index = batchIndices[step];
            var loss = model.loss(model.forward(inputs.index_select(0, index)), labels.index_select(0, index));
            var row = new double[traced.Count + 1];
            row[0] = loss.item();
            optimizer.Step(loss);
            var hypers = optimizer.ReadHyperparameters();
            for (var c = 0; c < traced.Count; c++)
            {
                row[c + 1] = hypers[columnIndex[c]];
            }

            values.Add(row);
        }

        return new ReplayTrajectory(traced, values);
    }

    internal static OptimizerConfig Resolve(ReferenceCase @case)
    {
        try
        {
            return OptimizerConfigResolver.Resolve(@case.OptimizerSpec);
        }
        catch (SpecSyntaxException e)
        {
            throw new ReplayCaseException(@case.Name, $"optimizer: {e.Message}");
        }
    }

    /// <summary>The traced hyperparameter columns and where each is among the optimizer's hyperparameters.</summary>
    internal static (List<string> Traced, int[] Index) TracedColumns(ReferenceCase @case, OptimizerConfig config)
    {
        var names = config.HyperparameterNames.ToList();
        var traced = @case.TraceColumns.Skip(2).ToList();
        var missing = traced.Except(names).ToList();
        if (missing.Count > 0)
        {
            throw new ReplayCaseException(@case.Name, $"trace column(s) {string.Join(", ", missing)} are not hyperparameters of '{@case.OptimizerSpec}' ({string.Join(", ", names)})");
        }

        return (traced, traced.Select(c => names.IndexOf(c)).ToArray());
    }

    public static double RelativeError(double actual, double expected)
    {
        if (double.IsNaN(actual) != double.IsNaN(expected))
        {
            return double.PositiveInfinity;
        }

        return actual == expected ? 0 : Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-12);
    }

    internal static void LoadInitialWeights(ReferenceCase @case, Mlp model, bool perturb)
    {
        var slots = model.parameters().ToDictionary(p => p.Name);
        var unknown = @case.Init.Select(i => i.Name).Except(slots.Keys).ToList();
        if (unknown.Count > 0)
        {
            throw new ReplayCaseException(@case.Name, $"init names {string.Join(", ", unknown)} that the model does not have ({string.Join(", ", slots.Keys)})");
        }

        foreach (var (name, shape, file) in @case.Init)
        {
            if (!File.Exists(file))
            {
                throw new ReplayCaseException(@case.Name, $"initial tensor file '{file}' does not exist");
            }

            var bytes = File.ReadAllBytes(file);
            var count = shape.Aggregate(1L, (a, b) => a * b);
            if (bytes.Length != count * sizeof(double))
            {
                throw new ReplayCaseException(@case.Name, $"'{file}' holds {bytes.Length} bytes; shape [{string.Join(", ", shape)}] needs {count * sizeof(double)}");
            }

            var slot = slots[name];
            if (!slot.Value.shape.SequenceEqual(shape))
            {
                throw new ReplayCaseException(@case.Name, $"init '{name}' has shape [{string.Join(", ", shape)}], the model's is [{string.Join(", ", slot.Value.shape)}]");
            }

            var values = new double[count];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            if (perturb)
            {
                for (var q = 0; q < values.Length; q++)
                {
                    values[q] = Math.BitIncrement(values[q]);
                }
            }
            slot.Value = torch.tensor(values, shape, requires_grad: true);
        }
    }

    // In float64 from the raw bytes: x / 255, then (x - m) / s when the case normalises.
    internal static Tensor Inputs(ReferenceCase @case, ImageSet images)
    {
        var size = images.Shape.Size;
        var values = new double[@case.FirstN * size];
        var pixels = images.Pixels;
        var (mean, std) = @case.Normalize is { Length: 2 } n ? (n[0], n[1]) : (0.0, 1.0);
        for (var i = 0; i < values.Length; i++)
        {
            var x = pixels[i] / 255.0;
            values[i] = @case.Normalize is null ? x : (x - mean) / std;
        }

        return torch.tensor(values, [@case.FirstN, size]);
    }
}

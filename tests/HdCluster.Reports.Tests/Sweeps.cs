using HdCluster.Reports.Data;
using HdCluster.Reports.Figures;
using HdCluster.Results;

namespace HdCluster.Reports.Tests;

/// <summary>Small synthetic sweeps shaped like the papers' (quickstart, grid search, towers), and report contexts over them.</summary>
internal static class Sweeps
{
    public static readonly string[] QuickstartMethods =
    [
        "sgd(lr={0}, wd=1e-4)", "sgd_hd(lr={0}, beta=1e-3, wd=1e-4)", "adam(lr={0}, wd=1e-4)", "adam_hd(lr={0}, beta=1e-7, wd=1e-4)",
    ];

    /// <summary>Baydin's four methods at two alpha_0, loss falling at a rate that differs per cell; learning rate recorded.</summary>
    public static SyntheticCell[] Quickstart()
    {
        var cells = new List<SyntheticCell>();
        var i = 0;
        foreach (var alpha in new[] { 0.01, 0.001 })
        {
            foreach (var template in QuickstartMethods)
            {
                var rate = 1 + i;
                var hd = template.Contains("_hd", StringComparison.Ordinal);
                cells.Add(new SyntheticCell($"q{i++}", string.Format(System.Globalization.CultureInfo.InvariantCulture, template, alpha))
                {
                    Variables = { ["alpha_0"] = alpha },
                    FinalTrainLoss = 0.5 / rate,
                    FinalValidLoss = 0.45 / rate,
                    Loss = step => 2.3 / (1 + (rate * step / 20.0)),
                    Hyperparameters = { ["L1.lr"] = step => hd ? alpha * (1 + (step / 100.0)) : alpha },
                });
            }
        }

        return [.. cells];
    }

    /// <summary>Tower heights 0..3 over two alpha_0: SGD under SGD levels, each level recording its alpha.</summary>
    public static SyntheticCell[] Towers(bool divergeTallest = false)
    {
        var cells = new List<SyntheticCell>();
        foreach (var alpha in new[] { 0.1, 0.01 })
        {
            for (var height = 0; height <= 3; height++)
            {
                var spec = $"sgd({alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}) / " + (height == 0 ? "none" : string.Join(" / ", Enumerable.Repeat("sgd(auto)", height)));
                var levels = new Dictionary<string, Func<long, double>> { ["L1.alpha"] = step => alpha * (1 + (height * step / 1000.0)) };
                for (var level = 2; level <= height + 1; level++)
                {
                    var start = alpha / (100 * level);
                    levels[$"L{level}.alpha"] = step => start * (1 + (step / 500.0));
                }

                var diverged = divergeTallest && height == 3 && alpha == 0.1;
                cells.Add(new SyntheticCell($"t{alpha}-{height}", spec)
                {
                    Model = "mlp_tanh",
                    Status = diverged ? "diverged" : "completed",
                    DivergedAtStep = diverged ? 70 : null,
                    Error = diverged ? "loss became NaN at step 70" : null,
                    Variables = { ["alpha_0"] = alpha, ["height"] = height },
                    FinalTrainLoss = diverged ? double.NaN : (alpha == 0.1 ? 0.5 : 0.9) - (0.05 * height),
                    FinalValidLoss = diverged ? double.NaN : (alpha == 0.1 ? 0.45 : 0.8) - (0.04 * height),
                    WallSeconds = 10 + height,
                    Loss = diverged ? step => step > 60 ? double.NaN : 2.0 : step => 2.0 / (1 + (step / 30.0)),
                    Hyperparameters = levels,
                });
            }
        }

        return [.. cells];
    }

    /// <summary>The three HD methods over beta x alpha_0 (3 x 3); large beta with large alpha_0 diverges.</summary>
    public static SyntheticCell[] GridSearch()
    {
        var cells = new List<SyntheticCell>();
        var i = 0;
        foreach (var method in new[] { "sgd_hd", "sgdn_hd", "adam_hd" })
        {
            foreach (var beta in new[] { 1e-5, 1e-3, 1e-1 })
            {
                foreach (var alpha in new[] { 1e-4, 1e-2, 1e-1 })
                {
                    var diverged = beta == 1e-1 && alpha >= 1e-2;
                    cells.Add(new SyntheticCell($"g{i++}", FormattableString.Invariant($"{method}(lr={alpha}, beta={beta}, wd=1e-4)"))
                    {
                        Status = diverged ? "diverged" : "completed",
                        DivergedAtStep = diverged ? 30 : null,
                        Variables = { ["alpha_0"] = alpha, ["beta"] = beta },
                        FinalTrainLoss = diverged ? double.NaN : 0.3 + alpha + beta,
                        FinalValidLoss = diverged ? double.NaN : 0.28 + alpha + beta,
                        Loss = diverged ? step => step > 20 ? double.NaN : 2.0 : step => 2.0 / (1 + (step / 10.0)),
                    });
                }
            }
        }

        return [.. cells];
    }

    /// <summary>Writes the cells into <paramref name="temp"/> and reads them back as a report would.</summary>
    public static ReportContext Context(TempFolder temp, SyntheticCell[] cells, PublishedCurves? published = null, string sweep = "synthetic")
    {
        var folder = temp.Sub("results", sweep);
        SyntheticSweep.Write(folder, sweep, cells);
        using var store = new ResultsStore(folder);
        return new ReportContext(ResultsData.Load(store), published ?? PublishedCurves.None);
    }
}

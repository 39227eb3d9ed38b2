using HdCluster.Experiments;

namespace HdCluster.Training.Tests;

/// <summary>Small, fast cells on real MNIST and the comparisons the trainer tests share.</summary>
internal static class CellRuns
{
    /// <summary>Logistic regression on 1024 training and 500 validation examples: 8 steps an epoch.</summary>
    public static CellConfig LogReg(string optimizer, int epochs = 2) => new()
    {
        Model = "logreg",
        Optimizer = optimizer,
        Epochs = epochs,
        TrainLimit = 1024,
        ValidLimit = 500,
    };

    /// <summary>Chandra's tanh MLP narrowed to 16 hidden units, 1000 examples in batches of 128: 8 steps an
    /// epoch, the last one partial.</summary>
    public static CellConfig TanhMlp(string optimizer, int epochs = 2) => new()
    {
        Model = "mlp_tanh",
        Optimizer = optimizer,
        Hidden = [16],
        Epochs = epochs,
        TrainLimit = 1000,
        ValidLimit = 500,
    };

    public static (CellResult Result, RecordingSink Sink) Run(CellConfig config, string? checkpoint = null, int? stopAfterEpoch = null, CancellationToken cancellation = default)
    {
        var sink = new RecordingSink();
        var trainer = new CellTrainer(config, TestPaths.DataRoot, sink, checkpoint) { StopAfterEpoch = stopAfterEpoch };
        return (trainer.Run(cancellation), sink);
    }

    /// <summary>An epoch record's numbers without its timings, which no two runs share. Doubles are written
    /// round-trip exact, so equal strings mean equal bits.</summary>
    public static string Numbers(EpochRecord r) => $"epoch {r.Epoch} step {r.Step} train {F(r.TrainLoss)} valid {F(r.ValidLoss)} acc {F(r.ValidAccuracy)} hypers {F(r.Hyperparameters)}";

    public static string Numbers(StepRecord r) => $"step {r.Step} epoch {r.Epoch} loss {F(r.Loss)} hypers {F(r.Hyperparameters)}";

    public static string Numbers(CellResult r) =>
        $"{r.Status} steps {r.Steps} epochs {r.Epochs} train {F(r.FinalTrainLoss)} valid {F(r.FinalValidLoss)} acc {F(r.FinalValidAccuracy)} hypers {F(r.FinalHyperparameters)} diverged {r.DivergedQuantity}@{r.DivergedAtStep}";

    public static string[] Numbers(IEnumerable<StepRecord> records) => records.Select(Numbers).ToArray();

    public static string[] Numbers(IEnumerable<EpochRecord> records) => records.Select(Numbers).ToArray();

    private static string F(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string F(IEnumerable<double> values) => string.Join(",", values.Select(F));
}

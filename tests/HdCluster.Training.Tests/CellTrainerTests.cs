using HdCluster.Experiments;
using HdCluster.Torch;
using HdCluster.Training.Datasets;
using static HdCluster.Training.Tests.CellRuns;

namespace HdCluster.Training.Tests;

/// <summary>One cell from start to end: reproducibility, budgets, the records it reports, divergence, and data errors.</summary>
public class CellTrainerTests
{
    [Theory]
    [InlineData("adam_hd(lr=0.001, beta=1e-7, wd=1e-4)")]
    [InlineData("sgd(0.01) / sgd(0.001)")]
    public void TheSameConfigAndSeedGiveTheSameNumbersBitForBit(string optimizer)
    {
        var config = TanhMlp(optimizer);
        var (firstResult, first) = Run(config);
        var (secondResult, second) = Run(config);

        Assert.Equal(Numbers(first.Steps), Numbers(second.Steps));
        Assert.Equal(Numbers(first.Epochs), Numbers(second.Epochs));
        Assert.Equal(Numbers(firstResult), Numbers(secondResult));
    }

    [Fact]
    public void ADifferentSeedGivesDifferentNumbers()
    {
        var config = TanhMlp("sgd(0.01) / sgd(0.001)");
        var (_, one) = Run(config);
        var (_, two) = Run(config with { Seed = 2 });

        Assert.NotEqual(one.Epochs[0].ValidLoss, two.Epochs[0].ValidLoss);
        Assert.NotEqual(one.Steps.Select(r => r.Loss), two.Steps.Select(r => r.Loss));
    }

    [Fact]
    public void AStepsBudgetStopsAtExactlyThatStep()
    {
        var (result, sink) = Run(TanhMlp("sgd(0.1)") with { Epochs = null, Steps = 11 });

        Assert.Equal(CellStatus.Completed, result.Status);
        Assert.Equal(11, result.Steps);
        Assert.Equal(Enumerable.Range(1, 11).Select(s => (long)s), sink.Steps.Select(r => r.Step));

        // 8 steps make an epoch; the budget ends 3 steps into the second, which is still evaluated.
        Assert.Equal(2, result.Epochs);
        Assert.Equal([(0, 0L), (1, 8L), (2, 11L)], sink.Epochs.Select(r => (r.Epoch, r.Step)));
    }

    [Theory]
    [InlineData(1024, 128, 8)]
    [InlineData(1000, 128, 8)]
    [InlineData(1000, 100, 10)]
    [InlineData(1001, 100, 11)]
    public void AnEpochsBudgetTakesOneStepPerBatchIncludingAPartialLastOne(int examples, int batchSize, int stepsPerEpoch)
    {
        var (result, sink) = Run(LogReg("sgd(0.1)", epochs: 2) with { TrainLimit = examples, BatchSize = batchSize });

        Assert.Equal(CellStatus.Completed, result.Status);
        Assert.Equal(2 * stepsPerEpoch, result.Steps);
        Assert.Equal(2, result.Epochs);
        Assert.Equal([0L, stepsPerEpoch, 2L * stepsPerEpoch], sink.Epochs.Select(r => r.Step));
        Assert.Equal(stepsPerEpoch, sink.Steps.Count(r => r.Epoch == 1));
        Assert.Equal(stepsPerEpoch, sink.Steps.Count(r => r.Epoch == 2));
    }

    [Fact]
    public void AWallSecondsBudgetEndsTheRunAsCancelled()
    {
        var (result, sink) = Run(LogReg("sgd(0.1)") with { Epochs = null, WallSeconds = 0.5 });

        Assert.Equal(CellStatus.Cancelled, result.Status);
        Assert.True(result.Steps > 0, "some steps fit in half a second");
        Assert.True(result.WallSeconds >= 0.5, $"stopped after {result.WallSeconds} s");
        Assert.Equal(result.Steps, sink.Steps[^1].Step);
        Assert.Equal(Numbers(result), Numbers(Assert.Single(sink.Completions)));
    }

    [Fact]
    public void CancellationEndsTheRunAsCancelledBeforeTheNextStep()
    {
        using var cancellation = new CancellationTokenSource();
        var sink = new RecordingSink { OnStepHook = r => { if (r.Step == 5) { cancellation.Cancel(); } } };
        var result = new CellTrainer(TanhMlp("sgd(0.1)"), TestPaths.DataRoot, sink).Run(cancellation.Token);

        Assert.Equal(CellStatus.Cancelled, result.Status);
        Assert.Equal(5, result.Steps);
        Assert.Equal(5, sink.Steps[^1].Step);
        Assert.Equal(0, result.Epochs);
        Assert.Equal(Numbers(result), Numbers(Assert.Single(sink.Completions)));
    }

    [Fact]
    public void AnAlreadyCancelledRunOnlyEvaluatesTheUntrainedModel()
    {
        var (result, sink) = Run(TanhMlp("sgd(0.1)"), cancellation: new CancellationToken(canceled: true));

        Assert.Equal(CellStatus.Cancelled, result.Status);
        Assert.Equal(0, result.Steps);
        Assert.Empty(sink.Steps);
        Assert.Equal(0, Assert.Single(sink.Epochs).Epoch);
    }

    [Fact]
    public void EpochZeroRecordsTheUntrainedModel()
    {
        var config = TanhMlp("sgd(0.1)");
        var (_, sink) = Run(config);

        // The same model from the same seed, evaluated here on the whole validation set at once.
        using var data = TaskData.Load(config, TestPaths.DataRoot);
        using var generator = new Generator(config.Seed);
        using var model = ModelFactory.Create(config, generator);
        double validLoss;
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var (x, y) = data.ValidationBatches(data.ValidCount).Single();
            validLoss = model.loss(model.forward(x), y).item();
        }

        var zero = sink.Epochs[0];
        Assert.Equal((0, 0L), (zero.Epoch, zero.Step));
        Assert.Equal(validLoss, zero.ValidLoss, 1e-6);
        Assert.True(double.IsFinite(zero.TrainLoss), "epoch 0 train loss is the first batch's");
        Assert.Equal([(double)0.1f], zero.Hyperparameters);
    }

    [Fact]
    public void AnEpochsTrainLossIsTheMeanOfItsMinibatchLosses()
    {
        var (_, sink) = Run(TanhMlp("sgd(0.1)"));

        foreach (var epoch in sink.Epochs.Skip(1))
        {
            double sum = 0;
            var losses = sink.Steps.Where(r => r.Epoch == epoch.Epoch).Select(r => r.Loss).ToList();
            foreach (var loss in losses)
            {
                sum += loss;
            }

            Assert.Equal(sum / losses.Count, epoch.TrainLoss);
        }
    }

    [Fact]
    public void ValidationAccuracyIsAFractionThatTrainingRaises()
    {
        var (result, sink) = Run(LogReg("sgd(0.1)"));

        Assert.All(sink.Epochs, r => Assert.InRange(r.ValidAccuracy, 0.0, 1.0));
        Assert.True(sink.Epochs[^1].ValidAccuracy > sink.Epochs[0].ValidAccuracy + 0.3, $"accuracy {sink.Epochs[0].ValidAccuracy} -> {sink.Epochs[^1].ValidAccuracy}");
        Assert.Equal(sink.Epochs[^1].ValidAccuracy, result.FinalValidAccuracy);
        Assert.Equal(sink.Epochs[^1].ValidLoss, result.FinalValidLoss);
    }

    [Fact]
    public void RecordEveryKRecordsOnlyEveryKthStep()
    {
        var (_, sink) = Run(TanhMlp("sgd(0.1)") with { RecordEvery = 3 });

        Assert.Equal([3L, 6, 9, 12, 15], sink.Steps.Select(r => r.Step));
        Assert.Equal([0, 1, 2], sink.Epochs.Select(r => r.Epoch));
    }

    [Theory]
    [InlineData("adam_hd(lr=0.001, beta=1e-7, wd=1e-4)", new[] { "L1.lr" })]
    [InlineData("sgd(0.01) / sgd(0.001)", new[] { "L1.alpha", "L2.alpha" })]
    [InlineData("adam(0.001) / sgd(1e-5)", new[] { "L1.alpha", "L1.beta1", "L1.beta2", "L2.alpha" })]
    public void RecordsNameTheOptimizersHyperparameters(string optimizer, string[] names)
    {
        var (result, sink) = Run(TanhMlp(optimizer, epochs: 1));

        Assert.Equal(names, sink.HyperparameterNames);
        Assert.Equal(names, result.HyperparameterNames);
        Assert.All(sink.Steps, r => Assert.Equal(names.Length, r.Hyperparameters.Count));
        Assert.All(sink.Epochs, r => Assert.Equal(names.Length, r.Hyperparameters.Count));
    }

    [Fact]
    public void ATowerRecordsItsLearnedRateMovingAndItsTopRateFixed()
    {
        var (_, sink) = Run(TanhMlp("sgd(0.01) / sgd(0.001)", epochs: 1));

        Assert.Equal((double)0.01f, sink.Epochs[0].Hyperparameters[0]);
        Assert.NotEqual((double)0.01f, sink.Steps[^1].Hyperparameters[0]);
        Assert.All(sink.Steps, r => Assert.Equal((double)0.001f, r.Hyperparameters[1]));
    }

    [Theory]
    [InlineData("mlp", "sgd(1e6)", "loss")]
    [InlineData("logreg", "sgd_hd(lr=0.1, beta=10)", "loss")]
    [InlineData("logreg", "sgd(0.1) / sgd(1e30)", "loss")]
    [InlineData("mlp", "adam(0.01) / sgd(1e10)", "L1.beta2")]
    public void ADivergingRunEndsAsDivergedWithoutThrowing(string model, string optimizer, string quantity)
    {
        // (The tanh/log-softmax head of mlp_tanh bounds the loss and saturates its gradients, so it cannot diverge
        // this way; its ReLU sibling with the same widths can.)
        var config = TanhMlp(optimizer, epochs: 3) with { Model = model };
        var (result, sink) = Run(config);

        Assert.Equal(CellStatus.Diverged, result.Status);
        Assert.NotNull(result.DivergedAtStep);
        Assert.InRange(result.DivergedAtStep.Value, 1, 24);
        Assert.Equal(quantity, result.DivergedQuantity);
        Assert.Equal(result.DivergedAtStep, result.Steps);
        Assert.Equal(sink.Epochs[^1].Epoch, result.Epochs);
        Assert.Equal(sink.Epochs[^1].ValidLoss, result.FinalValidLoss);
        Assert.All(sink.Steps, r => Assert.True(r.Step < result.DivergedAtStep));
        Assert.Equal(Numbers(result), Numbers(Assert.Single(sink.Completions)));
    }

    [Fact]
    public void Float64Trains()
    {
        var config = LogReg("sgd_hd(lr=0.01, beta=0.001)");
        var (result, sink) = Run(config with { Dtype = "float64" });
        var (_, single) = Run(config);

        Assert.Equal(CellStatus.Completed, result.Status);
        Assert.All(sink.Steps, r => Assert.True(double.IsFinite(r.Loss)));
        Assert.True(sink.Epochs[^1].ValidLoss < sink.Epochs[0].ValidLoss, "the model learns");

        // The rate is held in the model's dtype: exactly 0.01 in float64, rounded in float32.
        Assert.Equal(0.01, sink.Epochs[0].Hyperparameters[0]);
        Assert.Equal((double)0.01f, single.Epochs[0].Hyperparameters[0]);
        Assert.NotEqual(single.Steps[^1].Loss, sink.Steps[^1].Loss);
        Assert.Contains(sink.Steps, r => (double)(float)r.Loss != r.Loss);
        Assert.All(single.Steps, r => Assert.Equal((double)(float)r.Loss, r.Loss));
    }

    [Fact]
    public void AMissingDataRootFailsNamingTheFile()
    {
        using var folder = new TempFolder();
        var root = folder.Sub("no-data-here");
        var sink = new RecordingSink();
        var trainer = new CellTrainer(LogReg("sgd(0.1)"), root, sink);

        var error = Assert.ThrowsAny<IOException>(() => trainer.Run());
        Assert.Contains(Path.Combine(root, "mnist", "train-images-idx3-ubyte.gz"), error.Message);
        Assert.Empty(sink.Starts);
    }

    [Fact]
    public void AMissingValidationFileFailsNamingIt()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Sub("mnist"));
        foreach (var name in new[] { Data.Mnist.TrainImagesPath, Data.Mnist.TrainLabelsPath })
        {
            File.CreateSymbolicLink(folder.Sub(name), Path.Combine(TestPaths.DataRoot, name));
        }

        var trainer = new CellTrainer(LogReg("sgd(0.1)"), folder.Path, new RecordingSink());

        var error = Assert.ThrowsAny<IOException>(() => trainer.Run());
        Assert.Contains(folder.Sub(Data.Mnist.TestImagesPath), error.Message);
    }

    [Fact]
    public void TheTrainerRefusesAnInvalidConfigListingEveryProblemBeforeTouchingData()
    {
        var config = CellRuns.LogReg("sgd_hd(lr=0.001, beta=0.001, wd=1e-4)") with { Model = "resnet50", Optimizer = "sgd(", Epochs = null, Dtype = "int64", RecordEvery = 0 };

        var error = Assert.Throws<ArgumentException>(() => new CellTrainer(config, "/no/such/data/root", new RecordingSink()));

        Assert.Equal("config", error.ParamName);
        foreach (var field in new[] { "model:", "optimizer:", "epochs/steps/wall_seconds:", "dtype:", "record_every:" })
        {
            Assert.Contains(field, error.Message);
        }
    }
}

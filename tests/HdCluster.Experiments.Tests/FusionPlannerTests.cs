namespace HdCluster.Experiments.Tests;

/// <summary>Which cells train together: a group shares architecture, data, batch size, budget, dtype, device and
/// optimizer structure; values, seeds and record strides may differ; every cell is planned exactly once.</summary>
public class FusionPlannerTests
{
    private static readonly string[] Methods =
    [
        "sgd(lr={0}, wd=1e-4)",
        "sgd_hd(lr={0}, beta=1e-3, wd=1e-4)",
        "sgdn(lr={0}, mu=0.9, wd=1e-4)",
        "sgdn_hd(lr={0}, beta=1e-3, mu=0.9, wd=1e-4)",
        "adam(lr={0}, wd=1e-4)",
        "adam_hd(lr={0}, beta=1e-7, wd=1e-4)",
    ];

    private static readonly double[] Alphas = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6];

    private static CellConfig Cell(string optimizer, string model = "logreg") => new() { Model = model, Optimizer = optimizer, Epochs = 10, BatchSize = 128 };

    private static List<CellConfig> BaydinOnlineGrid() =>
        Methods.SelectMany(m => Alphas.Select(a => Cell(string.Format(System.Globalization.CultureInfo.InvariantCulture, m, a)))).ToList();

    [Fact]
    public void TheBaydinOnlineGridIsOneSgdGroupAndOneAdamGroup()
    {
        var plan = new FusionPlanner().Plan(BaydinOnlineGrid());

        Assert.Empty(plan.Alone);
        Assert.Equal([24, 12], plan.Groups.Select(g => g.Count));
        Assert.StartsWith("sgd family", plan.Groups[0].Structure);
        Assert.StartsWith("adam family", plan.Groups[1].Structure);
    }

    [Fact]
    public void WithoutMergingMethodsEachBaydinMethodIsItsOwnGroup()
    {
        var plan = new FusionPlanner { MergeMethods = false }.Plan(BaydinOnlineGrid());

        Assert.Equal(Enumerable.Repeat(6, 6), plan.Groups.Select(g => g.Count));
        Assert.Equal(["sgd", "sgd_hd", "sgdn", "sgdn_hd", "adam", "adam_hd"], plan.Groups.Select(g => g.Structure));
    }

    [Fact]
    public void TowersOfDifferentHeightsAreDifferentGroups()
    {
        var cells = new List<CellConfig>();
        foreach (var alpha in Alphas)
        {
            for (var height = 1; height <= 5; height++)
            {
                var spec = string.Join(" / ", new[] { $"sgd({alpha})" }.Concat(Enumerable.Repeat("sgd(auto)", height - 1)));
                cells.Add(Cell(height == 1 ? spec + " / none" : spec, "mlp_tanh"));
            }
        }

        var plan = new FusionPlanner().Plan(cells);

        Assert.Equal(Enumerable.Repeat(6, 5), plan.Groups.Select(g => g.Count));
        Assert.All(plan.Groups, g => Assert.Single(g.Configs.Select(c => c.Optimizer.Split('/').Length).Distinct()));
    }

    [Fact]
    public void ABucketLargerThanTheMaximumIsSplitIntoEvenGroups()
    {
        var plan = new FusionPlanner { MaxGroupSize = 10 }.Plan(BaydinOnlineGrid());

        Assert.Equal([8, 8, 8, 6, 6], plan.Groups.Select(g => g.Count));
        Assert.Equal(Enumerable.Range(0, 36), plan.Groups.SelectMany(g => g.Cells).Order());
    }

    [Fact]
    public void SeedsRecordStridesAndValuesMayDifferWithinAGroup()
    {
        var cells = new[]
        {
            Cell("sgd_hd(lr=0.1, beta=1e-3)") with { Seed = 1, RecordEvery = 1 },
            Cell("sgd_hd(lr=0.01, beta=1e-2, wd=1e-4)") with { Seed = 2, RecordEvery = 10 },
        };

        var plan = new FusionPlanner().Plan(cells);

        Assert.Equal([0, 1], Assert.Single(plan.Groups).Cells);
    }

    [Theory]
    [InlineData("batch_size")]
    [InlineData("epochs")]
    [InlineData("dtype")]
    [InlineData("model")]
    [InlineData("optimizer structure")]
    public void CellsThatDifferInWhatAGroupSharesAreNotOneGroup(string field)
    {
        var a = Cell("sgd(0.01)") with { Hidden = [32] };
        var b = field switch
        {
            "batch_size" => a with { BatchSize = 64 },
            "epochs" => a with { Epochs = 5 },
            "dtype" => a with { Dtype = "float64" },
            "model" => a with { Hidden = [64] },
            _ => a with { Optimizer = "adam(0.001)" },
        };

        var plan = new FusionPlanner().Plan([a, b, a, b]);
        Assert.Equal(2, plan.Groups.Count);

        var error = Assert.Throws<ArgumentException>(() => new FusionPlanner().CheckOneGroup([a, b]));
        Assert.Contains($"differs from cell 0 in {field}", error.Message);
    }

    [Fact]
    public void HeavyBallMomentumDoesNotFuseWithNesterov()
    {
        var plan = new FusionPlanner().Plan([Cell("sgd(0.01, mu=0.9)"), Cell("sgdn(0.01, mu=0.9)"), Cell("sgd(0.02, mu=0.5)"), Cell("sgd(0.02)")]);

        Assert.Equal([[0, 2], [1, 3]], plan.Groups.Select(g => g.Cells.ToArray()));
    }

    [Fact]
    public void CellsThatCannotFuseAreLeftAloneWithAReason()
    {
        var cells = new[]
        {
            Cell("sgd(0.01)", "resnet20"),
            Cell("sgd(0.01)"),
            Cell("adam(0.001)"),
            Cell("adam(0.01)"),
            Cell("sgd(0.01)") with { Epochs = null },
        };

        var plan = new FusionPlanner().Plan(cells);

        Assert.Equal([2, 3], Assert.Single(plan.Groups).Cells);
        Assert.Equal([0, 1, 4], plan.Alone.Select(a => a.Cell));
        Assert.Contains("not an MLP", plan.Alone[0].Reason);
        Assert.Contains("no other cell shares", plan.Alone[1].Reason);
        Assert.Contains("invalid cell", plan.Alone[2].Reason);
    }

    [Fact]
    public void OnACpuSmallModelsFuseInLargeGroupsAndTheLargeMlpNotAtAll()
    {
        Assert.True(FusionPlanner.MaxGroupOnCpu(Cell("sgd(0.01)")) >= 36);
        Assert.InRange(FusionPlanner.MaxGroupOnCpu(Cell("sgd(0.01)", "mlp_tanh")), 6, 36);
        Assert.Equal(1, FusionPlanner.MaxGroupOnCpu(Cell("sgd(0.01)", "mlp")));
    }

    [Fact]
    public void AGroupSizeCanBeChosenFromDeviceMemory()
    {
        var small = FusionPlanner.MaxGroupFor(Cell("sgd(0.01)"), 1L << 30);
        var large = FusionPlanner.MaxGroupFor(Cell("sgd(0.01)", "mlp"), 1L << 30);

        Assert.True(small > large, $"logreg {small} cells, mlp {large} cells per GiB");
        Assert.InRange(large, 1, 200);
    }
}

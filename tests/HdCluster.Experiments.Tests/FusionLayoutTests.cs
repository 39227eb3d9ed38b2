namespace HdCluster.Experiments.Tests;

/// <summary>The planner's partition as positions, read in one pass: the same decision as the plan of the cells, holding
/// numbers and one string per reason.</summary>
public class FusionLayoutTests
{
    private static CellConfig Cell(string optimizer, string model = "logreg") => new() { Model = model, Optimizer = optimizer, Epochs = 1, BatchSize = 64 };

    private static List<CellConfig> Mixed() =>
    [
        .. Enumerable.Range(1, 5).Select(i => Cell($"sgd(lr=0.0{i})", "resnet20")),
        .. Enumerable.Range(1, 7).Select(i => Cell($"sgd_hd(lr=0.0{i}, beta=1e-3)")),
        Cell("adam(0.01)"),
        .. Enumerable.Range(1, 3).Select(i => Cell($"sgd(lr=0.0{i})", "mlp")),
        Cell("sgd(0.01)") with { Epochs = null },
    ];

    [Theory]
    [InlineData(64)]
    [InlineData(3)]
    [InlineData(1)]
    public void The_layout_read_once_is_the_plan_of_the_cells(int maxGroup)
    {
        var planner = new FusionPlanner { MaxGroupSize = maxGroup };
        var cells = Mixed();
        var reads = 0;

        var layout = planner.Layout(cells.Select(c => { reads++; return c; }));
        var plan = planner.Plan(cells);

        Assert.Equal(cells.Count, reads);
        Assert.Equal(plan.Groups.Select(g => g.Cells), layout.Groups.Select(g => g.Cells));
        Assert.Equal(plan.Groups.Select(g => g.Structure), layout.Groups.Select(g => g.Structure));
        Assert.Equal(plan.Groups.Select(g => planner.GroupKey(g.Configs[0])), layout.Groups.Select(g => planner.GroupKey(g.Shared)));
        Assert.Equal(plan.Alone.Select(a => (a.Cell, a.Reason)), layout.Alone.Select(a => (a.Cell, a.Reason)));
    }

    [Fact]
    public void Cells_alone_for_the_same_reason_share_one_string()
    {
        var layout = new FusionPlanner().Layout(Mixed());

        var notMlp = layout.Alone.Where(a => a.Reason.Contains("not an MLP", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, notMlp.Count);
        Assert.All(notMlp, a => Assert.Same(notMlp[0].Reason, a.Reason));
    }
}

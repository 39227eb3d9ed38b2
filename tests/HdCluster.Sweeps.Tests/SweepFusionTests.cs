using HdCluster.Experiments;

namespace HdCluster.Sweeps.Tests;

/// <summary>A sweep's <c>fuse:</c> setting decides which of its cells train as fused groups.</summary>
public class SweepFusionTests
{
    private static string Grid(string fuse) => $$"""
        name: fusion
        fuse: {{fuse}}
        fixed:
          model: logreg
          epochs: 1
        grid:
          optimizer: ["sgd_hd(lr={alpha_0}, beta=1e-3)", "adam(lr={alpha_0})"]
          alpha_0: [0.1, 0.01, 0.001]
        """;

    [Fact]
    public void Auto_groups_cells_of_one_optimizer_structure()
    {
        var plan = SweepFusion.Plan(SweepYaml.Parse(Grid("auto")));

        Assert.Equal([3, 3], plan.Groups.Select(g => g.Cells.Count));
        Assert.Empty(plan.Alone);
    }

    [Fact]
    public void Off_trains_every_cell_alone()
    {
        var plan = SweepFusion.Plan(SweepYaml.Parse(Grid("off")));

        Assert.Empty(plan.Groups);
        Assert.Equal(6, plan.Alone.Count);
    }

    [Fact]
    public void A_number_caps_the_group_size()
    {
        var plan = SweepFusion.Plan(SweepYaml.Parse(Grid("2")));

        Assert.Equal([2, 2], plan.Groups.Select(g => g.Cells.Count));
        Assert.Equal(2, plan.Alone.Count);
    }

    [Fact]
    public void Auto_leaves_a_model_too_large_for_the_cache_unfused_on_a_cpu_but_not_a_given_number()
    {
        var large = Grid("auto").Replace("model: logreg", "model: mlp");

        var auto = SweepFusion.Plan(SweepYaml.Parse(large));
        var two = SweepFusion.Plan(SweepYaml.Parse(large.Replace("fuse: auto", "fuse: 2")));

        Assert.Empty(auto.Groups);
        Assert.All(auto.Alone, a => Assert.Contains("cache", a.Reason));
        Assert.Equal([2, 2], two.Groups.Select(g => g.Cells.Count));
    }

    [Fact]
    public void Auto_keeps_a_group_within_the_devices_memory()
    {
        var sweep = SweepYaml.Parse(Grid("auto").Replace("epochs: 1", "epochs: 1\n  device: cuda"));
        var perCell = FusionPlanner.EstimateCellBytes(sweep.Cells[0].Config);

        var plan = SweepFusion.Plan(sweep, deviceMemoryBytes: perCell * 2 * 4 / 3);

        Assert.All(plan.Groups, g => Assert.True(g.Cells.Count <= 2));
        Assert.Equal(6, plan.Groups.Sum(g => g.Cells.Count) + plan.Alone.Count);
    }

    [Fact]
    public void A_group_id_is_stable_and_names_its_members()
    {
        var first = SweepFusion.Plan(SweepYaml.Parse(Grid("auto")));
        var second = SweepFusion.Plan(SweepYaml.Parse(Grid("auto")));

        Assert.Equal(first.Groups.Select(g => g.Id), second.Groups.Select(g => g.Id));
        Assert.NotEqual(first.Groups[0].Id, first.Groups[1].Id);
    }
}

using System.Globalization;

namespace HdCluster.Sweeps.Tests;

/// <summary>A sweep is as cheap to hold as its file: cells are built on demand from their index, duplicates are found
/// by 64-bit ids, and a grid beyond the limit is refused before anything is expanded.</summary>
public class ScaleTests
{
    private static string Numbers(int from, int count) => string.Join(", ", Enumerable.Range(from, count).Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>4 optimizers x 10 rates x 5 batch sizes x 50 seeds x <paramref name="limits"/> data sizes.</summary>
    private static string Grid(int limits) => $$"""
        fixed: {model: logreg, epochs: 1}
        grid:
          optimizer: ["sgd(lr={alpha_0})", "sgd_hd(lr={alpha_0}, beta=1e-3)", "adam(lr={alpha_0})", "adam_hd(lr={alpha_0}, beta=1e-7)"]
          alpha_0: [0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001]
          batch_size: [32, 64, 128, 256, 512]
          seed: [{{Numbers(1, 50)}}]
          train_limit: [{{Numbers(1000, limits)}}]
        """;

    [Fact]
    public void A_loaded_grid_of_200_000_cells_holds_none_of_them()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sweep = SweepYaml.Parse(Grid(limits: 20));
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;

        Assert.Equal(200_000, sweep.Cells.Count);
        Assert.True(held < 4 << 20, $"the loaded sweep holds {held:N0} bytes; its cells are built on demand and should cost nothing while held");
        GC.KeepAlive(sweep);
    }

    [Fact]
    public void Reading_every_cell_allocates_a_bounded_amount_per_cell_and_keeps_nothing()
    {
        var sweep = SweepYaml.Parse(Grid(limits: 2));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        var count = sweep.Cells.Count(c => c.Id.Length == 16);

        var perCell = (GC.GetAllocatedBytesForCurrentThread() - allocated) / count;
        Assert.Equal(20_000, count);
        Assert.True(perCell < 16 << 10, $"building a cell allocated {perCell:N0} bytes");
        Assert.True(GC.GetTotalMemory(forceFullCollection: true) - before < 1 << 20, "reading the cells kept them");
    }

    [Fact]
    public void A_grid_beyond_the_limit_is_refused_up_front_with_the_limit()
    {
        var error = SweepYaml.Fails(Grid(limits: 1000), 3, 3, "grid");

        Assert.Contains("4 x 10 x 5 x 50 x 1000 = 10,000,000 cells", error.Problem);
        Assert.Contains("2,000,000", error.Problem);
        Assert.Contains("split it into several sweep files", error.Problem);
    }

    [Fact]
    public void A_cell_by_index_is_the_cell_in_order_around_dropped_duplicates()
    {
        // sgd ignores beta, so each sgd cell repeats once per extra beta value: duplicates interleave with kept cells.
        var sweep = SweepYaml.Parse("""
            fixed: {model: logreg, epochs: 1}
            grid:
              optimizer: ["sgd(lr={alpha_0})", "sgd_hd(lr={alpha_0}, beta={beta})"]
              alpha_0: [0.1, 0.01, 0.001]
              beta: [0.01, 0.001, 0.0001]
              seed: [1, 2]
            cells:
              - {optimizer: "sgd(lr=0.1)", seed: 1}
              - {optimizer: "adam(1e-3)"}
            """);

        var listed = sweep.Cells.Select(c => c.Id).ToList();
        var indexed = Enumerable.Range(0, sweep.Cells.Count).Select(i => sweep.Cells[i].Id).ToList();

        Assert.Equal(6 + 18 + 1, sweep.Cells.Count);
        Assert.Equal(listed, indexed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal("adam(1e-3)", sweep.Cells[^1].Config.Optimizer);
    }

    [Fact]
    public void A_mistake_in_many_cells_is_reported_for_the_first_in_sweep_order()
    {
        var limits = $"{Numbers(1000, 99)}, 0";
        var error = SweepYaml.Fails($$"""
            fixed: {model: logreg, epochs: 1, optimizer: "sgd(0.1)"}
            grid:
              seed: [{{Numbers(1, 300)}}]
              train_limit: [{{limits}}]
            """, 4, "  train_limit: [".Length + limits.Length, "train_limit/valid_limit");

        Assert.Contains("(in grid cell (seed=1, train_limit=0))", error.Problem);
    }
}

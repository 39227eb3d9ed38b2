using System.Globalization;
using HdCluster.Results;
using Xunit.Abstractions;

namespace HdCluster.Cluster.Redis.Tests;

/// <summary>On the cluster, workers take compatible cells as fused groups (each no more than its share of what waits
/// among the idle workers) and the coordinator writes every cell's rows as a run alone would, plus the group id.</summary>
public class FusionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Fusable_cells_train_in_groups_across_workers_and_land_once_with_the_numbers_of_cells_trained_alone()
    {
        using var cluster = new TestCluster(output);
        var coordinator = cluster.Coordinator();
        HdcProcess[] workers = [cluster.Worker(), cluster.Worker()];
        await cluster.WaitUntilAsync("two workers are registered", async () => (await cluster.Db.HashLengthAsync("hdc:workers")) == 2);
        var file = Path.Combine(cluster.Folder, "fusion.yaml");
        File.WriteAllText(file, """
            name: fusion
            fixed:
              model: logreg
              dtype: float64
              epochs: 2
              batch_size: 100
              train_limit: 1000
              valid_limit: 500
              record_every: 5
            grid:
              optimizer: ["sgd_hd(lr=0.01, beta=1e-3)", "sgdn_hd(lr={alpha_0}, beta=1e-3, mu=0.9)"]
              alpha_0: [0.01]
              seed: [1, 2, 3]
            """);

        cluster.Submit(file);
        await cluster.WaitForFinishAsync("fusion");

        var rows = cluster.RawCells("fusion", "SELECT cell_id, group_id, status, final_train_loss, final_valid_loss, final_valid_accuracy, \"L1.lr\" FROM {cells} ORDER BY cell_id").Rows;
        Assert.Equal(6, rows.Count);
        Assert.Equal(6, rows.Select(r => r[0]).Distinct().Count());
        Assert.All(cluster.Writes("fusion", coordinator).Values, n => Assert.Equal(1, n));
        Assert.All(rows, r => Assert.Equal("completed", r[2]));
        var groups = rows.Where(r => r[1] is not null).GroupBy(r => (string)r[1]!).ToList();
        Assert.NotEmpty(groups);
        Assert.All(groups, g => Assert.True(g.Count() >= 2, $"group {g.Key} has {g.Count()} cell"));
        Assert.Contains("Fused group ", string.Concat(workers.Select(w => w.Output)), StringComparison.Ordinal);

        // The same sweep run here, every cell alone: the same numbers (float64) for every cell.
        var alone = cluster.Run(cluster.Environment(), "run", file, "--out", Path.Combine(cluster.Folder, "alone"), "--fuse", "off");
        Assert.True(alone.ExitCode == 0, alone.Output);
        using var store = new ResultsStore(Path.Combine(cluster.Folder, "alone", "fusion"));
        var expected = store.Query("SELECT cell_id, group_id, status, final_train_loss, final_valid_loss, final_valid_accuracy, \"L1.lr\" FROM cells ORDER BY cell_id").Rows;
        Assert.Equal(rows.Select(r => r[0]), expected.Select(r => r[0]));
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Null(expected[i][1]);
            for (var c = 3; c < 7; c++)
            {
                var (x, y) = (Convert.ToDouble(expected[i][c], CultureInfo.InvariantCulture), Convert.ToDouble(rows[i][c], CultureInfo.InvariantCulture));
                Assert.True(Math.Abs(x - y) <= 1e-9 * Math.Max(Math.Abs(x), Math.Abs(y)), $"{rows[i][0]} column {c}: alone {x:R}, cluster {y:R}");
            }
        }

        // --fuse off at submission: every cell alone.
        File.WriteAllText(file, File.ReadAllText(file).Replace("name: fusion", "name: unfused", StringComparison.Ordinal));
        cluster.Submit(file, "--fuse", "off");
        await cluster.WaitForFinishAsync("unfused");
        Assert.All(cluster.RawCells("unfused", "SELECT group_id FROM {cells}").Rows, r => Assert.Null(r[0]));
        Assert.Equal(6, cluster.CellRows("unfused").Count);
    }
}

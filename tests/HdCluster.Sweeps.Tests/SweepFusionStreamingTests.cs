using System.Security.Cryptography;
using System.Text;

namespace HdCluster.Sweeps.Tests;

/// <summary>Fusion planning by position (what a runner does: it keeps positions and ids, never the cells) decides
/// exactly what planning the cells themselves decided before it streamed.</summary>
public class SweepFusionStreamingTests
{
    // logreg cells that fuse (several structures, more than a group of 4 holds), a big MLP that the CPU leaves alone,
    // a model that never fuses, a cell with no partner, and duplicates the loader drops.
    private const string Mixed = """
        name: mixed
        fuse: 4
        fixed:
          epochs: 1
        grid:
          model: [logreg, mlp, resnet20]
          optimizer: ["sgd(lr={a})", "sgd_hd(lr={a}, beta=1e-3)", "adam(lr={a})"]
          a: [0.1, 0.01, 0.001]
          seed: [1, 2]
        cells:
          - {model: logreg, batch_size: 32, optimizer: "sgd(lr=0.5)"}
          - {model: logreg, optimizer: "sgd(lr=0.1)", seed: 1}
        """;

    // The SHA-256 (first 16 hex digits) of each plan as described below, taken from the planner that held every cell.
    public static TheoryData<string, string?, string> Settings => new()
    {
        { "4", null, "6ba0465d93d8bf08" },
        { "auto", null, "ad11383ee25d43cd" },
        { "auto", "cuda:0", "67c69158134a6655" },
        { "off", null, "cc084b515bd167b5" },
        { "1", null, "f7bd1debc2332bff" },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Planning_by_position_gives_the_plan_of_the_cells_themselves(string fuse, string? device, string before)
    {
        var sweep = SweepYaml.Parse(Mixed.Replace("fuse: 4", $"fuse: {fuse}", StringComparison.Ordinal));
        var everyOther = Enumerable.Range(0, sweep.Cells.Count).Where(i => i % 3 != 1).ToList();

        var fromCells = SweepFusion.Plan(sweep, everyOther.Select(i => sweep.Cells[i]).ToList(), deviceMemoryBytes: 1L << 30, device: device);
        var byPosition = SweepFusion.Plan(sweep, everyOther, deviceMemoryBytes: 1L << 30, device: device);

        Assert.Equal(before, Hash(Describe(fromCells)));
        Assert.Equal(Describe(fromCells), Describe(byPosition));
        Assert.Equal(fromCells.Alone.Select(a => everyOther.IndexOf(sweep.Cells.ToList().FindIndex(c => c.Id == a.Cell.Id))), fromCells.AlonePositions);
        Assert.Equal(byPosition.Alone.Select(a => sweep.Cells.ToList().FindIndex(c => c.Id == a.Cell.Id)), byPosition.AlonePositions);
    }

    [Fact]
    public void The_plan_of_a_mixed_sweep_is_the_one_planned_before_streaming()
    {
        var plan = SweepFusion.Plan(SweepYaml.Parse(Mixed));

        Assert.Equal("741f69619a3149a1", Hash(Describe(plan)));
        Assert.Equal(10, plan.Groups.Count);
        Assert.Equal(19, plan.Alone.Count);
    }

    private static string Describe(SweepFusionPlan plan)
    {
        var text = new StringBuilder();
        foreach (var group in plan.Groups)
        {
            text.Append($"group {group.Id} {group.Structure}: {string.Join(" ", group.Cells.Select(c => $"{c.Id}@{c.Config.Device}"))}\n");
        }

        foreach (var alone in plan.Alone)
        {
            text.Append($"alone {alone.Cell.Id}@{alone.Cell.Config.Device}: {alone.Reason}\n");
        }

        return text.ToString();
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

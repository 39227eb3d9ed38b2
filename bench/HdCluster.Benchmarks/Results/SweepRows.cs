using HdCluster.Results;

namespace HdCluster.Benchmarks.Results;

/// <summary>Rows shaped like the engine's: a cell row with settings and outcome, and per-step curve rows.</summary>
internal static class SweepRows
{
    public const string SummarySql = """
        SELECT c.cell_id, c.optimizer, c.lr, min(k.loss) AS best_loss, count(*) AS steps, max(k.step) AS last_step
        FROM cells c JOIN curves k USING (cell_id)
        GROUP BY ALL
        """;

    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly ResultColumn[] CellColumns =
    [
        new("sweep", ColumnType.Varchar, false), new("cell_id", ColumnType.Varchar, false), new("attempt", ColumnType.Varchar, false),
        new("status", ColumnType.Varchar, false), new("optimizer", ColumnType.Varchar, false), new("lr", ColumnType.Double),
        new("batch_size", ColumnType.BigInt, false), new("seed", ColumnType.BigInt, false), new("final_valid_loss", ColumnType.Double),
        new("final_valid_accuracy", ColumnType.Double), new("normalize", ColumnType.Boolean, false), new("error", ColumnType.Varchar),
        new("finished_at", ColumnType.Timestamp, false),
    ];

    public static readonly ResultColumn[] CurveColumns =
    [
        new("sweep", ColumnType.Varchar, false), new("cell_id", ColumnType.Varchar, false), new("attempt", ColumnType.Varchar, false),
        new("kind", ColumnType.Varchar, false), new("step", ColumnType.BigInt, false), new("epoch", ColumnType.BigInt, false),
        new("loss", ColumnType.Double), new("train_loss", ColumnType.Double), new("valid_loss", ColumnType.Double),
        new("valid_accuracy", ColumnType.Double), new("wall_seconds", ColumnType.Double), new("examples_per_second", ColumnType.Double),
        new("L1.lr", ColumnType.Double),
    ];

    public static string CellId(int cell) => $"cell-{cell:D6}";

    public static ResultTable Cell(int cell) => new ResultTable(CellColumns).AddRow(
        "bench", CellId(cell), "1-bench", "completed", cell % 2 == 0 ? "adam_hd" : "sgd_hd", 1e-3 * (1 + (cell % 7)),
        128L, (long)cell, 0.5 / (1 + (cell % 13)), 0.9, true, null, Start.AddSeconds(cell));

    public static ResultTable Curves(int cell, int rows)
    {
        var table = new ResultTable(CurveColumns);
        var id = CellId(cell);
        for (var step = 0; step < rows; step++)
        {
            var loss = 2.0 / (1 + step + (cell % 5));
            var epochEnd = step % 100 == 99;
            table.AddRow(
                "bench", id, "1-bench", epochEnd ? "epoch" : "step", (long)step, (long)(step / 100), loss,
                epochEnd ? loss : null, epochEnd ? loss * 1.1 : null, epochEnd ? 0.9 : null, epochEnd ? step * 0.01 : null,
                epochEnd ? 25_000.0 : null, 1e-3 + (step * 1e-7));
        }

        return table;
    }
}

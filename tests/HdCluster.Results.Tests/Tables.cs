namespace HdCluster.Results.Tests;

/// <summary>Batches shaped like the sweep engine's: key columns, then hyperparameters and metrics.</summary>
internal static class Tables
{
    public static ResultTable Cells(params ResultColumn[] extra) => new(
        [
            new ResultColumn(ResultsStore.CellIdColumn, ColumnType.Varchar, nullable: false),
            new ResultColumn(ResultsStore.AttemptColumn, ColumnType.Varchar, nullable: false),
            new ResultColumn("lr", ColumnType.Double),
            new ResultColumn("batch_size", ColumnType.BigInt),
            new ResultColumn("diverged", ColumnType.Boolean),
            new ResultColumn("finished_at", ColumnType.Timestamp),
            new ResultColumn("optimizer", ColumnType.Varchar),
            .. extra,
        ]);

    public static ResultTable Curves() => new(
        new ResultColumn(ResultsStore.CellIdColumn, ColumnType.Varchar, nullable: false),
        new ResultColumn(ResultsStore.AttemptColumn, ColumnType.Varchar, nullable: false),
        new ResultColumn("step", ColumnType.BigInt, nullable: false),
        new ResultColumn("loss", ColumnType.Double));

    public static readonly DateTime Finished = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    /// <summary>A cells batch with one row per (cell, attempt).</summary>
    public static ResultTable CellRows(params (string Cell, string Attempt, double Lr)[] rows)
    {
        var table = Cells();
        foreach (var (cell, attempt, lr) in rows)
        {
            table.AddRow(cell, attempt, lr, 32L, false, Finished, "adam");
        }

        return table;
    }

    /// <summary>A curves batch with <paramref name="steps"/> rows for one attempt, loss = base - step/1000.</summary>
    public static ResultTable CurveRows(string cell, string attempt, int steps, double lossBase = 1.0)
    {
        var table = Curves();
        for (var step = 0; step < steps; step++)
        {
            table.AddRow(cell, attempt, (long)step, lossBase - (step / 1000.0));
        }

        return table;
    }

    public static long Scalar(this ResultsStore store, string sql, params object?[] parameters) =>
        Convert.ToInt64(store.Query(sql, parameters).Rows.Single()[0], System.Globalization.CultureInfo.InvariantCulture);

    public static string[] PartFiles(this ResultsStore store, string prefix) =>
        Directory.Exists(Path.Combine(store.Folder, "parts"))
            ? Directory.GetFiles(Path.Combine(store.Folder, "parts"), prefix + "-*.parquet").Order(StringComparer.Ordinal).ToArray()
            : [];
}

using DuckDB.NET.Data;
using HdCluster.Results;

namespace HdCluster.Benchmarks.Results;

/// <summary>
/// The results store as it was before Parquet.Net, rebuilt on DuckDB.NET as the benchmark's baseline: each batch
/// goes through DuckDB's appender into a scratch table that COPY writes as a part (temp file, flushed to disk,
/// renamed); compaction is DuckDB reading every part through views (last row of a cell wins, curves of the
/// winning attempt kept) and COPY writing the merged files; queries run on the views.
/// </summary>
internal sealed class DuckDbAppenderStore : IDisposable
{
    private readonly string folder;
    private readonly string parts;
    private readonly DuckDBConnection connection = new("Data Source=:memory:");
    private long sequence;

    public DuckDbAppenderStore(string folder)
    {
        this.folder = folder;
        parts = Path.Combine(folder, "parts");
        Directory.CreateDirectory(parts);
        connection.Open();
    }

    public void AppendCells(ResultTable table) => Append("cells", table);

    public void AppendCurves(ResultTable table) => Append("curves", table);

    public void Compact()
    {
        DefineViews();
        Copy("SELECT * FROM curves_kept", Path.Combine(folder, "curves.parquet"));
        Copy("SELECT * FROM cells_latest", Path.Combine(folder, "cells.parquet"));
        foreach (var part in Directory.GetFiles(parts))
        {
            File.Delete(part);
        }
    }

    public int QueryRowCount(string sql)
    {
        DefineViews();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
        }

        return rows;
    }

    public void Dispose() => connection.Dispose();

    private void Append(string kind, ResultTable table)
    {
        var id = $"{DateTime.UtcNow.Ticks:D19}-{++sequence:D12}";
        var columns = table.Columns.Select(c => $"\"{c.Name}\" {SqlType(c.Type)}{(c.Nullable ? "" : " NOT NULL")}").Append("_part VARCHAR NOT NULL");
        Execute($"CREATE OR REPLACE TABLE scratch ({string.Join(", ", columns)})");
        using (var appender = connection.CreateAppender("scratch"))
        {
            foreach (var row in table.Rows)
            {
                var target = appender.CreateRow();
                foreach (var value in row)
                {
                    _ = value switch
                    {
                        null => target.AppendNullValue(),
                        string text => target.AppendValue(text),
                        double number => target.AppendValue(number),
                        long number => target.AppendValue(number),
                        bool flag => target.AppendValue(flag),
                        DateTime time => target.AppendValue(time),
                        _ => throw new InvalidOperationException($"Unexpected {value.GetType().Name}"),
                    };
                }

                target.AppendValue(id).EndRow();
            }
        }

        var final = Path.Combine(parts, $"{kind}-{id}.parquet");
        var temp = Path.Combine(parts, $".{kind}-{id}.tmp");
        Execute($"COPY scratch TO '{temp}' (FORMAT PARQUET)");
        Commit(temp, final);
        Execute("DROP TABLE scratch");
    }

    private void Copy(string select, string path)
    {
        var temp = path + ".tmp";
        Execute($"COPY ({select}) TO '{temp}' (FORMAT PARQUET)");
        Commit(temp, path);
    }

    private static void Commit(string temp, string final)
    {
        using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, final, overwrite: true);
    }

    private void DefineViews()
    {
        string Source(string kind)
        {
            var files = Directory.GetFiles(parts, $"{kind}-*.parquet").Order(StringComparer.Ordinal).ToList();
            var merged = Path.Combine(folder, $"{kind}.parquet");
            if (File.Exists(merged))
            {
                files.Insert(0, merged);
            }

            return $"read_parquet([{string.Join(", ", files.Select(f => $"'{f}'"))}], union_by_name = true)";
        }

        Execute($"""
            CREATE OR REPLACE VIEW cells_all AS SELECT * FROM {Source("cells")};
            CREATE OR REPLACE VIEW curves_all AS SELECT * FROM {Source("curves")};
            CREATE OR REPLACE VIEW cells_latest AS SELECT * FROM cells_all QUALIFY row_number() OVER (PARTITION BY cell_id ORDER BY _part DESC) = 1;
            CREATE OR REPLACE VIEW curves_kept AS
                SELECT c.* EXCLUDE (_attempt_last) FROM (
                    SELECT *, max(_part) OVER (PARTITION BY cell_id, attempt) AS _attempt_last FROM curves_all) AS c
                WHERE NOT EXISTS (
                    SELECT 1 FROM cells_all AS a JOIN cells_latest AS w ON a.cell_id = w.cell_id
                    WHERE a.cell_id = c.cell_id AND a.attempt = c.attempt AND a.attempt <> w.attempt)
                AND NOT EXISTS (
                    SELECT 1 FROM cells_latest AS w
                    WHERE w.cell_id = c.cell_id AND w.attempt <> c.attempt AND w._part > c._attempt_last
                    AND NOT EXISTS (SELECT 1 FROM cells_all AS a WHERE a.cell_id = c.cell_id AND a.attempt = c.attempt));
            CREATE OR REPLACE VIEW cells AS SELECT * EXCLUDE (_part) FROM cells_latest;
            CREATE OR REPLACE VIEW curves AS
                SELECT * EXCLUDE (_part, _shown_attempt) FROM (
                    SELECT c.*, coalesce(w.attempt, max_by(c.attempt, c._part) OVER (PARTITION BY c.cell_id)) AS _shown_attempt
                    FROM curves_all AS c LEFT JOIN cells_latest AS w ON c.cell_id = w.cell_id)
                WHERE attempt = _shown_attempt;
            """);
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string SqlType(ColumnType type) => type switch
    {
        ColumnType.Varchar => "VARCHAR",
        ColumnType.Double => "DOUBLE",
        ColumnType.BigInt => "BIGINT",
        ColumnType.Boolean => "BOOLEAN",
        _ => "TIMESTAMP",
    };
}

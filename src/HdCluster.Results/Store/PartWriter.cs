using HdCluster.Results.Native;

namespace HdCluster.Results.Store;

/// <summary>
/// Writes one batch as a Parquet file: rows go through DuckDB's appender into a scratch
/// in-memory table (typed by the batch's schema plus <c>_part</c>), which COPY then writes.
/// DuckDB is the Parquet writer, so files are exactly what DuckDB and other Parquet readers expect.
/// </summary>
internal static class PartWriter
{
    private const string ScratchTable = "hdc_append";

    internal static void Write(DuckDbConnection db, ResultTable table, string partId, string path)
    {
        var columns = table.Columns
            .Select(c => $"{SqlText.Identifier(c.Name)} {SqlType(c.Type)}{(c.Nullable ? string.Empty : " NOT NULL")}")
            .Append($"{StoreColumns.Part} VARCHAR NOT NULL");
        db.Execute($"CREATE OR REPLACE TABLE {ScratchTable} ({string.Join(", ", columns)})");
        try
        {
            using (var appender = db.CreateAppender(ScratchTable))
            {
                foreach (var row in table.RawRows)
                {
                    for (var i = 0; i < row.Length; i++)
                    {
                        Append(appender, table.Columns[i].Type, row[i]);
                    }

                    appender.Append(partId);
                    appender.EndRow();
                }

                appender.Close();
            }

            db.Execute($"COPY {ScratchTable} TO {SqlText.Literal(path)} (FORMAT PARQUET)");
        }
        finally
        {
            db.Execute($"DROP TABLE IF EXISTS {ScratchTable}");
        }
    }

    internal static string SqlType(ColumnType type) => type switch
    {
        ColumnType.Varchar => "VARCHAR",
        ColumnType.Double => "DOUBLE",
        ColumnType.BigInt => "BIGINT",
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Timestamp => "TIMESTAMP",
        _ => throw new ArgumentOutOfRangeException(nameof(type), $"Unknown column type {(int)type}."),
    };

    private static void Append(DuckDbAppender appender, ColumnType type, object? value)
    {
        // Values were normalized by ResultTable.AddRow, so each type has exactly one .NET form.
        switch (value)
        {
            case null:
                appender.AppendNull();
                break;
            case string text:
                appender.Append(text);
                break;
            case double number:
                appender.Append(number);
                break;
            case long number:
                appender.Append(number);
                break;
            case bool flag:
                appender.Append(flag);
                break;
            case DateTime time:
                appender.AppendTimestamp(time);
                break;
            default:
                throw new InvalidOperationException($"A normalized {type} value cannot be a {value.GetType().Name}.");
        }
    }
}

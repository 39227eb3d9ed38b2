using System.Text.Json;

namespace HdCluster.Results.Sql;

/// <summary>
/// Lets through only statements that read: one SELECT (or FROM ..., WITH ..., VALUES, DESCRIBE,
/// SUMMARIZE, SHOW, which DuckDB parses as SELECTs). DuckDB's own parser decides, through
/// <c>json_serialize_sql</c>, which serializes SELECT statements only; so COPY, ATTACH, SET,
/// INSTALL, LOAD, CREATE, EXPORT and anything DuckDB adds later are refused without a list of ours
/// to keep in step.
/// </summary>
internal static class SelectOnly
{
    internal static void Check(ReadOnlyDuckDb db, string sql)
    {
        var serialized = (string)db.Query("SELECT json_serialize_sql($1::VARCHAR)", [sql]).Rows[0][0]!;
        using var parsed = JsonDocument.Parse(serialized);
        var root = parsed.RootElement;
        if (root.GetProperty("error").GetBoolean())
        {
            var message = root.TryGetProperty("error_message", out var text) ? text.GetString() : "unknown error";
            if (root.TryGetProperty("error_type", out var type) && type.GetString() == "parser")
            {
                throw new DuckDbException($"Parser Error: {message}");
            }

            throw new QueryRefusedException(
                $"Refused '{Abbreviated(sql)}': a query over results may only read (SELECT, FROM, WITH, DESCRIBE, SUMMARIZE, SHOW). " +
                "To save a result, export it (hdc query --csv, or --parquet FILE outside the results folder).");
        }

        var statements = root.GetProperty("statements").GetArrayLength();
        if (statements != 1)
        {
            throw new QueryRefusedException($"A query is one statement; this text holds {statements}.");
        }
    }

    private static string Abbreviated(string sql)
    {
        var oneLine = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 60 ? oneLine : string.Concat(oneLine.AsSpan(0, 57), "...");
    }
}

using System.Globalization;
using HdCluster.Results;

namespace HdCluster.TestSupport;

/// <summary>
/// Reads a sweep's merged files with DuckDB's own Parquet reader (<c>read_parquet</c>), not through the
/// store's views, so the tests see exactly what any Parquet tool would. In SQL, <c>{cells}</c> and
/// <c>{curves}</c> stand for the two files.
/// </summary>
public sealed class ParquetReader(string sweepFolder)
{
    public string CellsFile => Path.Combine(sweepFolder, "cells.parquet");

    public string CurvesFile => Path.Combine(sweepFolder, "curves.parquet");

    public QueryResult Query(string sql)
    {
        using var store = new ResultsStore(sweepFolder);
        return store.Query(sql.Replace("{cells}", Source(CellsFile)).Replace("{curves}", Source(CurvesFile)));
    }

    public long Count(string sql) => Convert.ToInt64(Query(sql).Rows.Single()[0], CultureInfo.InvariantCulture);

    public IReadOnlyList<T> Column<T>(string sql) => Query(sql).Rows.Select(r => (T)r[0]!).ToList();

    /// <summary>Column name to DuckDB type, as <c>DESCRIBE</c> reports them for the file.</summary>
    public IReadOnlyDictionary<string, string> Types(string table) =>
        Query($"DESCRIBE SELECT * FROM {{{table}}}").Rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!);

    public IReadOnlyList<string> CellIds() => Column<string>("SELECT cell_id FROM {cells} ORDER BY cell_id");

    private static string Source(string file) => $"read_parquet('{file.Replace("'", "''", StringComparison.Ordinal)}')";
}

using HdCluster.Results.Sql;

namespace HdCluster.Results.Store;

/// <summary>
/// The SQL views over a snapshot of the folder. Public: <c>cells</c> and <c>curves</c>, what a
/// reader sees. Internal, in schema <c>hdc</c>: the raw union of files and the rows a
/// compaction keeps. The rules, in one place:
/// <list type="bullet">
/// <item>A cell's row is the one written last (highest <c>_part</c>); earlier ones are superseded.</item>
/// <item>A cell's curves are those of the winning row's <c>attempt</c>; for a cell with no row
/// yet (still running), those of the attempt written most recently. (Two joins on the small cells table, not a
/// window over every curve row: a sweep's curves are millions of rows.)</item>
/// <item>Compaction drops curves of attempts that finished and lost, and of attempts without a cell
/// row whose curves all predate the cell's winning row: writers put an attempt's curves just
/// before its row, so such an attempt died between the two (a killed process) and will never
/// win. An attempt without a row whose curves came after the winning row may still be running
/// and win later, so its curves are kept (though not shown).</item>
/// </list>
/// </summary>
internal static class StoreViews
{
    internal const string CellsLatest = "hdc.cells_latest";
    internal const string CellsAll = "hdc.cells_all";
    internal const string CurvesKept = "hdc.curves_kept";

    private const string CurvesAll = "hdc.curves_all";

    internal static void Define(ReadOnlyDuckDb connection, StoreSnapshot snapshot)
    {
        var part = StoreColumns.Part;
        var cellId = ResultsStore.CellIdColumn;
        var attempt = ResultsStore.AttemptColumn;
        connection.Execute($"""
            CREATE SCHEMA IF NOT EXISTS hdc;
            CREATE OR REPLACE VIEW {CellsAll} AS {Source(snapshot.Cells)};
            CREATE OR REPLACE VIEW {CurvesAll} AS {Source(snapshot.Curves)};
            CREATE OR REPLACE VIEW {CellsLatest} AS
                SELECT * FROM {CellsAll}
                QUALIFY row_number() OVER (PARTITION BY {cellId} ORDER BY {part} DESC) = 1;
            CREATE OR REPLACE VIEW {CurvesKept} AS
                SELECT c.* EXCLUDE (_attempt_last) FROM (
                    SELECT *, max({part}) OVER (PARTITION BY {cellId}, {attempt}) AS _attempt_last FROM {CurvesAll}) AS c
                WHERE NOT EXISTS (
                    SELECT 1 FROM {CellsAll} AS a JOIN {CellsLatest} AS w ON a.{cellId} = w.{cellId}
                    WHERE a.{cellId} = c.{cellId} AND a.{attempt} = c.{attempt} AND a.{attempt} <> w.{attempt})
                AND NOT EXISTS (
                    SELECT 1 FROM {CellsLatest} AS w
                    WHERE w.{cellId} = c.{cellId} AND w.{attempt} <> c.{attempt} AND w.{part} > c._attempt_last
                    AND NOT EXISTS (SELECT 1 FROM {CellsAll} AS a WHERE a.{cellId} = c.{cellId} AND a.{attempt} = c.{attempt}));
            CREATE OR REPLACE VIEW main.cells AS SELECT * EXCLUDE ({part}) FROM {CellsLatest};
            CREATE OR REPLACE VIEW main.curves AS
                SELECT c.* EXCLUDE ({part}) FROM {CurvesAll} AS c
                WHERE EXISTS (SELECT 1 FROM {CellsLatest} AS w WHERE w.{cellId} = c.{cellId} AND w.{attempt} = c.{attempt})
                UNION ALL
                SELECT * EXCLUDE ({part}, _shown_attempt) FROM (
                    SELECT c.*, max_by(c.{attempt}, c.{part}) OVER (PARTITION BY c.{cellId}) AS _shown_attempt
                    FROM {CurvesAll} AS c
                    WHERE NOT EXISTS (SELECT 1 FROM {CellsLatest} AS w WHERE w.{cellId} = c.{cellId}))
                WHERE {attempt} = _shown_attempt;
            """);
    }

    /// <summary>
    /// All files of a table as one relation. union_by_name lets columns grow between parts (a
    /// later part with a new hyperparameter reads as NULL in the older ones). An explicit file
    /// list, not a glob: a glob matching nothing is an error, and a list is the snapshot.
    /// </summary>
    private static string Source(TableFiles files)
    {
        if (files.ReadPaths.Count == 0)
        {
            return $"SELECT NULL::VARCHAR AS {ResultsStore.CellIdColumn}, NULL::VARCHAR AS {ResultsStore.AttemptColumn}, " +
                $"NULL::VARCHAR AS {StoreColumns.Part} WHERE false";
        }

        return $"SELECT * FROM read_parquet({SqlText.LiteralList(files.ReadPaths)}, union_by_name = true)";
    }
}

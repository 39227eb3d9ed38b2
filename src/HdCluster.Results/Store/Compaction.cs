using System.Threading.Channels;
using HdCluster.Results.Parquet;
using Parquet;
using Parquet.Schema;

namespace HdCluster.Results.Store;

/// <summary>
/// Merges a folder's parts into cells.parquet and curves.parquet with Parquet.Net alone, applying
/// the rules of <see cref="StoreViews"/> (a cell's last row wins; curves of attempts that lost or
/// died are dropped) in memory per (cell, attempt). Reading thousands of small parts through
/// DuckDB costs seconds of per-file overhead; Parquet.Net reads them directly.
/// <para>Passes: (1) every cell row (cells are few); (2) the part ids in the merged curves file, to tell
/// which parts it already holds; (3) the curve rows kept, streamed row group by row group into the
/// merged file, so memory stays bounded whatever the sweep's size. Most rows are decided as they
/// stream (their attempt won, or finished and lost); rows of an attempt without a cell row whose cell
/// another attempt won wait until every file is read, since their fate depends on their latest part.</para>
/// </summary>
internal sealed class Compaction
{
    private readonly StoreFolder folder;
    private readonly Dictionary<string, Winner> winners = new(StringComparer.Ordinal);
    private readonly HashSet<(string Cell, string Attempt)> attemptsWithRow = [];
    private readonly Dictionary<(string Cell, string Attempt), string> lastCurvePart = [];

    private Compaction(StoreFolder folder) => this.folder = folder;

    /// <summary>
    /// Merges pending parts; returns the parts now contained in (or superseded by) the merged
    /// files, for the caller to delete once both files are in place. A file that cannot be read
    /// is a <see cref="DamagedFileException"/> naming it.
    /// </summary>
    internal static IReadOnlyList<PartFile> Run(StoreFolder folder) =>
        Task.Run(() => new Compaction(folder).RunAsync()).GetAwaiter().GetResult();

    private async Task<IReadOnlyList<PartFile>> RunAsync()
    {
        var cellParts = folder.ListParts(TableKind.Cells);
        var curveParts = folder.ListParts(TableKind.Curves);
        if (cellParts.Count == 0 && curveParts.Count == 0)
        {
            return [];
        }

        var cellsMerged = folder.MergedPath(TableKind.Cells);
        var cellSources = new List<SourceRows>();
        var mergedCellParts = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(cellsMerged))
        {
            cellSources.AddRange(await SourceRows.ReadAllAsync(cellsMerged));
            mergedCellParts.UnionWith(cellSources.SelectMany(s => s.Strings(StoreColumns.Part)).OfType<string>());
        }

        var pendingCells = cellParts.Where(p => !mergedCellParts.Contains(p.Id)).ToArray();
        foreach (var part in pendingCells)
        {
            cellSources.AddRange(await SourceRows.ReadAllAsync(part.Path));
        }

        FindWinners(cellSources);

        var curvesMerged = folder.MergedPath(TableKind.Curves);
        var mergedCurveParts = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(curvesMerged) && curveParts.Count > 0)
        {
            await foreach (var rows in SourceRows.ReadAsync(curvesMerged, [StoreColumns.Part]))
            {
                mergedCurveParts.UnionWith(rows.Strings(StoreColumns.Part).OfType<string>());
            }
        }

        var pendingCurves = curveParts.Where(p => !mergedCurveParts.Contains(p.Id)).ToArray();

        // Curves first: should the cells merge land and the curves one not, the next run still has every curve part.
        if (pendingCurves.Length > 0)
        {
            var sources = (File.Exists(curvesMerged) ? [curvesMerged] : Array.Empty<string>()).Concat(pendingCurves.Select(p => p.Path)).ToArray();
            await WriteCurvesAsync(sources);
        }

        if (pendingCells.Length > 0)
        {
            await WriteCellsAsync(cellSources);
        }

        return cellParts.Concat(curveParts).ToArray();
    }

    private void FindWinners(List<SourceRows> cellSources)
    {
        foreach (var source in cellSources)
        {
            var cells = source.Strings(ResultsStore.CellIdColumn);
            var attempts = source.Strings(ResultsStore.AttemptColumn);
            var parts = source.Strings(StoreColumns.Part);
            for (var row = 0; row < cells.Length; row++)
            {
                var (cell, attempt, part) = (cells[row]!, attempts[row]!, parts[row]!);
                attemptsWithRow.Add((cell, attempt));
                if (!winners.TryGetValue(cell, out var best) || string.CompareOrdinal(part, best.Part) > 0)
                {
                    winners[cell] = new Winner(attempt, part, source, row);
                }
            }
        }
    }

    /// <summary>
    /// The rules of <see cref="StoreViews.CurvesKept"/> for one attempt's curves, as far as they can be decided
    /// without its latest part: null when the attempt has no cell row and another attempt won the cell.
    /// </summary>
    private bool? KeepCurves(string cell, string attempt)
    {
        if (!winners.TryGetValue(cell, out var winner) || winner.Attempt == attempt)
        {
            return true;
        }

        // Finished and lost: never kept. Never finished: it died if all its curves predate the winning row.
        return attemptsWithRow.Contains((cell, attempt)) ? false : null;
    }

    private async Task WriteCurvesAsync(string[] sources)
    {
        var columns = await UnionColumnsAsync(sources);
        await WriteMergedAsync(TableKind.Curves, columns, async writer =>
        {
            var decisions = new Dictionary<(string, string), bool?>();
            var waiting = new List<(SourceRows Rows, List<int> Indices)>();
            await foreach (var rows in ReadAheadAsync(sources))
            {
                var cells = rows.Strings(ResultsStore.CellIdColumn);
                var attempts = rows.Strings(ResultsStore.AttemptColumn);
                var parts = rows.Strings(StoreColumns.Part);
                var kept = new List<int>(cells.Length);
                List<int>? undecided = null;
                (string? Cell, string? Attempt) run = (null, null);
                bool? keep = null;
                for (var row = 0; row < cells.Length; row++)
                {
                    // A cell's rows come in runs of one attempt (one string each): decide once per run, not per row.
                    var key = (cells[row]!, attempts[row]!);
                    if (!ReferenceEquals(key.Item1, run.Cell) || !ReferenceEquals(key.Item2, run.Attempt))
                    {
                        run = key;
                        if (!decisions.TryGetValue(key, out keep))
                        {
                            decisions[key] = keep = KeepCurves(key.Item1, key.Item2);
                        }
                    }

                    if (keep == true)
                    {
                        kept.Add(row);
                    }
                    else if (keep is null)
                    {
                        (undecided ??= []).Add(row);
                        if (!lastCurvePart.TryGetValue(key, out var last) || string.CompareOrdinal(parts[row], last) > 0)
                        {
                            lastCurvePart[key] = parts[row]!;
                        }
                    }
                }

                if (kept.Count == cells.Length)
                {
                    await writer.AppendAllAsync(rows.Columns, cells.Length);
                }
                else
                {
                    await writer.AppendAsync(rows.Columns, [.. kept]);
                }

                if (undecided is not null)
                {
                    waiting.Add((rows, undecided));
                }
            }

            foreach (var (rows, indices) in waiting)
            {
                var cells = rows.Strings(ResultsStore.CellIdColumn);
                var attempts = rows.Strings(ResultsStore.AttemptColumn);
                var alive = indices.Where(row => string.CompareOrdinal(winners[cells[row]!].Part, lastCurvePart[(cells[row]!, attempts[row]!)]) < 0);
                await writer.AppendAsync(rows.Columns, [.. alive]);
            }
        });
    }

    /// <summary>
    /// The row groups of <paramref name="sources"/> in order, the next one read (on another thread) while the
    /// caller merges and writes this one: reading and writing each take a good part of a compaction.
    /// </summary>
    private static async IAsyncEnumerable<SourceRows> ReadAheadAsync(string[] sources)
    {
        var ahead = Channel.CreateBounded<SourceRows>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = new CancellationTokenSource();
        // A failure to read (a damaged file) completes the channel with it, so the caller gets it as thrown.
        var reading = Task.Run(async () =>
        {
            try
            {
                foreach (var source in sources)
                {
                    await foreach (var rows in SourceRows.ReadAsync(source, null, stop.Token))
                    {
                        await ahead.Writer.WriteAsync(rows, stop.Token);
                    }
                }

                ahead.Writer.Complete();
            }
            catch (Exception e)
            {
                ahead.Writer.Complete(e);
            }
        });
        try
        {
            while (await ahead.Reader.WaitToReadAsync())
            {
                while (ahead.Reader.TryRead(out var rows))
                {
                    yield return rows;
                }
            }
        }
        finally
        {
            // The caller may stop early (its write failed): the reader must not wait for room forever.
            await stop.CancelAsync();
            await reading;
        }
    }

    private async Task WriteCellsAsync(List<SourceRows> cellSources)
    {
        var columns = ColumnUnion.Of(cellSources.Select(s => s.Schema).ToArray());
        await WriteMergedAsync(TableKind.Cells, columns, async writer =>
        {
            foreach (var group in winners.Values.GroupBy(w => w.Source))
            {
                await writer.AppendAsync(group.Key.Columns, group.Select(w => w.Row).Order().ToArray());
            }
        });
    }

    private async Task WriteMergedAsync(TableKind kind, IReadOnlyList<ResultColumn> columns, Func<MergedFileWriter, Task> write)
    {
        var mergedPath = folder.MergedPath(kind);
        var tempPath = AtomicFile.TempPathFor(mergedPath);
        try
        {
            await using (var writer = await MergedFileWriter.CreateAsync(tempPath, columns))
            {
                await write(writer);
                await writer.CompleteAsync();
            }

            AtomicFile.Commit(tempPath, mergedPath, replace: true);
        }
        finally
        {
            AtomicFile.DeleteQuietly(tempPath);
        }
    }

    private static async Task<IReadOnlyList<ResultColumn>> UnionColumnsAsync(IEnumerable<string> paths)
    {
        var schemas = new List<IReadOnlyList<ResultColumn>>();
        foreach (var path in paths)
        {
            schemas.Add(await SourceRows.SchemaAsync(path));
        }

        return ColumnUnion.Of(schemas);
    }

    private sealed record Winner(string Attempt, string Part, SourceRows Source, int Row);
}

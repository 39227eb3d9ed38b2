using HdCluster.Results.Native;
using HdCluster.Results.Store;

namespace HdCluster.Results;

/// <summary>
/// The results of one sweep, as Parquet files in <c>results/&lt;sweep&gt;/</c>: cells (one row
/// per finished cell: hyperparameters and final metrics) and curves (per-step metrics).
/// <para>
/// Writers only ever add files (one part per append, renamed into place when complete), so
/// many workers can append at once and a crash can lose at most the batch being written.
/// <see cref="Compact"/> folds parts into one file per table. Readers see the merged files and
/// parts together through the <c>cells</c> and <c>curves</c> SQL views, with superseded rows
/// removed: when a cell is written again (a rerun), the last write wins, and its curves are
/// those of the same attempt.
/// </para>
/// <para>Both tables need the columns <see cref="CellIdColumn"/> and <see cref="AttemptColumn"/>
/// (VARCHAR, never null); all other columns are the caller's choice and may grow over time.
/// Thread-safe; calls are serialized.</para>
/// </summary>
public sealed class ResultsStore : IDisposable
{
    /// <summary>Identifies a cell of the sweep (one hyperparameter combination).</summary>
    public const string CellIdColumn = "cell_id";

    /// <summary>
    /// Identifies one run of a cell (any unique text, e.g. a GUID per run). It ties a cell's row
    /// to the curve rows of the same run, so that curves of a superseded run are not mixed in.
    /// </summary>
    public const string AttemptColumn = "attempt";

    // A live writer renames its temp file within seconds; one this old was left by a crash.
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);

    // A concurrent compaction can delete listed parts between listing and reading; re-listing
    // then finds them in the merged file. Bounded, so a persistent fault still surfaces.
    private const int ReadAttempts = 3;

    private readonly StoreFolder folder;
    private readonly object gate = new();
    private DuckDbConnection? connection;
    private bool disposed;

    public ResultsStore(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        this.folder = new StoreFolder(folder);
    }

    /// <summary>The absolute path of the sweep's results folder.</summary>
    public string Folder => folder.Path;

    /// <summary>The store of sweep <paramref name="sweep"/> under <paramref name="resultsRoot"/> (results/&lt;sweep&gt;).</summary>
    public static ResultsStore ForSweep(string resultsRoot, string sweep)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sweep);
        if (sweep.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || sweep is "." or "..")
        {
            throw new ArgumentException($"Sweep name '{sweep}' cannot be a folder name.", nameof(sweep));
        }

        return new ResultsStore(Path.Combine(resultsRoot, sweep));
    }

    /// <summary>Writes finished cells as a new part. A batch holds at most one row per cell.</summary>
    public void AppendCells(ResultTable cells) => Append(TableKind.Cells, cells);

    /// <summary>Writes curve rows as a new part; a long run may append its curves in several batches.</summary>
    public void AppendCurves(ResultTable curves) => Append(TableKind.Curves, curves);

    /// <summary>
    /// Merges all parts into cells.parquet and curves.parquet, dropping superseded rows, then
    /// deletes the merged parts. Each merged file is complete on disk before any part goes, so an
    /// interruption at any point loses nothing. Does nothing when there are no parts.
    /// </summary>
    public void Compact()
    {
        lock (gate)
        {
            var db = Connection();
            if (!Directory.Exists(folder.Path))
            {
                return;
            }

            using var compactionLock = LockForCompaction();
            var snapshot = TakeSnapshot(db);
            if (snapshot.HasParts)
            {
                DefineViews(db, snapshot);

                // Curves first: its rule reads the cell rows that the cells merge would drop.
                if (snapshot.Curves.PendingParts.Count > 0)
                {
                    WriteMerged(db, TableKind.Curves, $"SELECT * FROM {StoreViews.CurvesKept}");
                }

                if (snapshot.Cells.PendingParts.Count > 0)
                {
                    WriteMerged(db, TableKind.Cells, $"SELECT * FROM {StoreViews.CellsLatest}");
                }

                foreach (var part in snapshot.Cells.AllParts.Concat(snapshot.Curves.AllParts))
                {
                    DeleteMergedPart(part.Path);
                }
            }

            foreach (var temp in folder.StaleTempFiles(StaleTempAge))
            {
                AtomicFile.DeleteQuietly(temp);
            }
        }
    }

    /// <summary>Ids of the cells that have a row (merged or in parts), so that a rerun can skip them.</summary>
    public IReadOnlySet<string> CompletedCellIds() =>
        Read(db => db.Query($"SELECT DISTINCT {CellIdColumn} FROM {StoreViews.CellsAll}", [])
            .Rows.Select(row => (string)row[0]!)
            .ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Runs one SQL statement over the views <c>cells</c> and <c>curves</c> (merged files and
    /// parts, superseded rows removed). Parameters bind to $1, $2, ... A mistake in the SQL is a
    /// <see cref="DuckDbException"/> with DuckDB's message; an unreadable file is a
    /// <see cref="ResultsStoreException"/> naming it.
    /// </summary>
    public QueryResult Query(string sql, params object?[] parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return Read(db => db.Query(sql, parameters));
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            connection?.Dispose();
            connection = null;
        }
    }

    private void Append(TableKind kind, ResultTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        ResultSchema.Validate(kind, table);
        if (table.RowCount == 0)
        {
            return;
        }

        lock (gate)
        {
            var db = Connection();
            CreateFolder(folder.PartsPath);
            var id = PartFile.NewId();
            var finalPath = folder.NewPartPath(kind, id);
            var tempPath = AtomicFile.TempPathFor(finalPath);
            try
            {
                PartWriter.Write(db, table, id, tempPath);
                AtomicFile.Commit(tempPath, finalPath, replace: false);
            }
            catch (Exception e) when (e is DuckDbException or IOException or UnauthorizedAccessException)
            {
                AtomicFile.DeleteQuietly(tempPath);
                throw new ResultsStoreException(
                    $"Could not write a {kind.Name()} part into '{folder.PartsPath}'; nothing was written: {e.Message}", e);
            }
        }
    }

    private T Read<T>(Func<DuckDbConnection, T> query)
    {
        lock (gate)
        {
            var db = Connection();
            for (var attempt = 1; ; attempt++)
            {
                var snapshot = TakeSnapshot(db);
                try
                {
                    DefineViews(db, snapshot);
                    return query(db);
                }
                catch (Exception e) when (e is DuckDbException or ResultsStoreException && attempt < ReadAttempts && snapshot.AnyFileGone())
                {
                    // Raced a compaction: list again.
                }
            }
        }
    }

    private StoreSnapshot TakeSnapshot(DuckDbConnection db)
    {
        try
        {
            return StoreSnapshot.Take(folder, db);
        }
        catch (DuckDbException e)
        {
            throw new ResultsStoreException($"Could not read the results in '{folder.Path}': {e.Message}", e);
        }
    }

    private void DefineViews(DuckDbConnection db, StoreSnapshot snapshot)
    {
        try
        {
            // Defining the views reads every file's schema, so a corrupt file fails here, by name.
            StoreViews.Define(db, snapshot);
        }
        catch (DuckDbException e)
        {
            throw new ResultsStoreException($"Could not read the results in '{folder.Path}': {e.Message}", e);
        }
    }

    private void WriteMerged(DuckDbConnection db, TableKind kind, string select)
    {
        var mergedPath = folder.MergedPath(kind);
        var tempPath = AtomicFile.TempPathFor(mergedPath);
        try
        {
            db.Execute($"COPY ({select}) TO {SqlText.Literal(tempPath)} (FORMAT PARQUET)");
            AtomicFile.Commit(tempPath, mergedPath, replace: true);
        }
        catch (Exception e) when (e is DuckDbException or IOException or UnauthorizedAccessException)
        {
            AtomicFile.DeleteQuietly(tempPath);
            throw new ResultsStoreException(
                $"Could not write '{mergedPath}'; the parts were left in place, nothing is lost: {e.Message}", e);
        }
    }

    private void DeleteMergedPart(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultsStoreException(
                $"Merged '{path}' but could not delete it ({e.Message}); it is harmless: readers skip it as already merged.", e);
        }
    }

    private FileStream LockForCompaction()
    {
        try
        {
            // FileShare.None takes an exclusive lock that other processes see too (flock on Linux):
            // two compactions at once could each delete parts the other did not merge.
            return new FileStream(folder.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw NotWritable(e);
        }
        catch (IOException e) when (File.Exists(folder.LockPath))
        {
            throw new ResultsStoreException($"Another process is compacting '{folder.Path}' ({e.Message}); try again when it is done.", e);
        }
        catch (IOException e)
        {
            throw NotWritable(e);
        }
    }

    private void CreateFolder(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(e);
        }
    }

    private ResultsStoreException NotWritable(Exception e) =>
        new($"The results folder '{folder.Path}' is not writable; nothing was written or removed: {e.Message}", e);

    private DuckDbConnection Connection()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return connection ??= DuckDbConnection.OpenInMemory(new Dictionary<string, string>
        {
            // Queries over results must never reach out to the network to fetch extensions.
            ["autoinstall_known_extensions"] = "false",
            // In-memory DuckDB spills to ./.tmp by default, i.e. wherever the process happens to run.
            ["temp_directory"] = Path.Combine(Path.GetTempPath(), $"hdc-duckdb-{Environment.ProcessId}-{Guid.NewGuid():N}"),
        });
    }
}

using HdCluster.Experiments;
using HdCluster.Results.Parquet;
using HdCluster.Results.Sql;
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
/// <para>Parts and merged files are written with Parquet.Net; reading and SQL go through an
/// in-memory DuckDB (DuckDB.NET) that can read this folder and nothing else, and that runs only
/// statements that read (<see cref="Query"/>), so no query can change the results or reach other
/// files. A damaged file is reported by name (<see cref="ResultsStoreException.DamagedFiles"/>) and
/// <see cref="RebuildFromIntactFiles"/> recovers from it.</para>
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
    private ReadOnlyDuckDb? connection;
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
    public void AppendCells(ResultTable cells) => Append(TableKind.Cells, [cells]);

    /// <summary>
    /// Writes the rows of several batches as one new part (group commit: one file and one flush to disk for
    /// many cells). The batches may differ in columns (a cell with a new hyperparameter): the part has them all,
    /// NULL where a batch lacks one, and a column whose type differs takes the wider type, as compaction does.
    /// All batches together hold at most one row per cell.
    /// </summary>
    public void AppendCells(IReadOnlyList<ResultTable> cells) => Append(TableKind.Cells, cells);

    /// <summary>Writes curve rows as a new part; a long run may append its curves in several batches.</summary>
    public void AppendCurves(ResultTable curves) => Append(TableKind.Curves, [curves]);

    /// <summary>Writes the curve rows of several batches (e.g. of many cells) as one new part, as <see cref="AppendCells(IReadOnlyList{ResultTable})"/> does.</summary>
    public void AppendCurves(IReadOnlyList<ResultTable> curves) => Append(TableKind.Curves, curves);

    /// <summary>
    /// Merges all parts into cells.parquet and curves.parquet, dropping superseded rows, then
    /// deletes the merged parts. Each merged file is complete on disk before any part goes, so an
    /// interruption at any point loses nothing. Does nothing when there are no parts.
    /// </summary>
    public void Compact()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!Directory.Exists(folder.Path))
            {
                return;
            }

            using var compactionLock = LockForCompaction();
            CompactLocked();
        }
    }

    /// <summary>
    /// Recovers from damaged files: moves every data file that cannot be read (truncated, not
    /// Parquet) into <c>damaged/</c> in the results folder, never deleting it, then compacts
    /// the intact merged files and parts into new merged files. Returns where the damaged files
    /// went (empty when none was damaged). Afterwards <see cref="CompletedCellIds"/> lists only
    /// cells whose results survive, so a rerun recomputes exactly the lost ones.
    /// </summary>
    public IReadOnlyList<string> RebuildFromIntactFiles()
    {
        lock (gate)
        {
            var db = Connection();
            if (!Directory.Exists(folder.Path))
            {
                return [];
            }

            using var compactionLock = LockForCompaction();
            var moved = new List<string>();
            foreach (var file in DamagedFiles(db, folder.DataFiles(), reason: null))
            {
                moved.Add(SetAside(file));
            }

            CompactLocked();
            return moved;
        }
    }

    /// <summary>
    /// Ids of the cells finished for good (<see cref="CellStatusWords.Finished"/>: completed or diverged), which a rerun
    /// skips; a failed cell is tried again. One snapshot, one query: a resumed sweep of 100,000 cells reads only ids.
    /// </summary>
    public IReadOnlySet<string> FinishedCellIds()
    {
        var statuses = string.Join(", ", CellStatusWords.Finished.Select(s => $"'{s.Word()}'"));
        return Read((db, snapshot) => snapshot.Cells.ReadPaths.Count == 0
            ? new HashSet<string>(StringComparer.Ordinal)
            : db.Query($"SELECT DISTINCT {CellIdColumn} FROM cells WHERE status IN ({statuses})", [])
                .Rows.Select(row => (string)row[0]!)
                .ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Ids of the cells that have a row (merged or in parts), whatever its status.</summary>
    public IReadOnlySet<string> CompletedCellIds() =>
        Read(db => db.Query($"SELECT DISTINCT {CellIdColumn} FROM {StoreViews.CellsAll}", [])
            .Rows.Select(row => (string)row[0]!)
            .ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Runs one statement that reads (SELECT, FROM, WITH, DESCRIBE, SUMMARIZE, SHOW) over the views
    /// <c>cells</c> and <c>curves</c> (merged files and parts, superseded rows removed); it may
    /// also read the Parquet files of this folder. Parameters bind to $1, $2, ... Anything else
    /// (COPY, ATTACH, SET, INSTALL, LOAD, CREATE, a file outside the folder, two statements) is a
    /// <see cref="QueryRefusedException"/> and runs nothing. A mistake in the SQL is a
    /// <see cref="DuckDbException"/> with DuckDB's message; a damaged file is a
    /// <see cref="ResultsStoreException"/> naming it.
    /// </summary>
    public QueryResult Query(string sql, params object?[] parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return ReadChecked(sql, db => db.Query(sql, parameters));
    }

    /// <summary>
    /// Runs <paramref name="sql"/> as <see cref="Query"/> does and writes its result to the
    /// Parquet file <paramref name="path"/> (replacing it whole, never half-written), which must
    /// lie outside the results folder. Returns the number of rows written.
    /// </summary>
    public long ExportParquet(string sql, string path, params object?[] parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var target = Path.GetFullPath(path);
        if (IsInside(target, folder.Path))
        {
            throw new QueryRefusedException(
                $"Refused to export into '{target}': it is inside the results folder '{folder.Path}', which holds only the store's own files. Export elsewhere.");
        }

        var tempPath = AtomicFile.TempPathFor(target);
        try
        {
            var rows = ReadChecked(sql, db => db.Read(sql, parameters, reader => ParquetFileWriter.Write(reader, tempPath)));
            AtomicFile.Commit(tempPath, target, replace: true);
            return rows;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultsStoreException($"Could not write '{target}': {e.Message}", e);
        }
        finally
        {
            AtomicFile.DeleteQuietly(tempPath);
        }
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

    private void Append(TableKind kind, IReadOnlyList<ResultTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        BatchRules.Validate(kind, tables);
        if (tables.All(t => t.RowCount == 0))
        {
            return;
        }

        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            CreateFolder(folder.PartsPath);
            var id = PartFile.NewId();
            var finalPath = folder.NewPartPath(kind, id);
            var tempPath = AtomicFile.TempPathFor(finalPath);
            try
            {
                ParquetFileWriter.Write(tables, StoreColumns.Part, id, tempPath);
                AtomicFile.Commit(tempPath, finalPath, replace: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                AtomicFile.DeleteQuietly(tempPath);
                throw new ResultsStoreException(
                    $"Could not write a {kind.Name()} part into '{folder.PartsPath}'; nothing was written: {e.Message}", e);
            }
        }
    }

    private void CompactLocked()
    {
        IReadOnlyList<PartFile> merged;
        try
        {
            merged = Compaction.Run(folder);
        }
        catch (DamagedFileException e)
        {
            throw DamagedError([e.Path], e.Reason, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultsStoreException(
                $"Could not write the merged files in '{folder.Path}'; the parts were left in place, nothing is lost: {e.Message}", e);
        }

        // Only now are both merged files in place: a part is deleted only once its rows are in one.
        foreach (var part in merged)
        {
            DeleteMergedPart(part.Path);
        }

        foreach (var temp in folder.StaleTempFiles(StaleTempAge))
        {
            AtomicFile.DeleteQuietly(temp);
        }
    }

    /// <summary>A caller's statement: checked to be a read, and refused when DuckDB's sandbox refuses a file.</summary>
    private T ReadChecked<T>(string sql, Func<ReadOnlyDuckDb, T> query)
    {
        try
        {
            return Read(db =>
            {
                SelectOnly.Check(db, sql);
                return query(db);
            });
        }
        catch (DuckDbException e) when (e.Message.StartsWith("Permission Error", StringComparison.Ordinal))
        {
            throw new QueryRefusedException($"Refused: a query over results reads only the files in '{folder.Path}' ({FirstLine(e.Message)})", e);
        }
    }

    private T Read<T>(Func<ReadOnlyDuckDb, T> query) => Read((db, _) => query(db));

    private T Read<T>(Func<ReadOnlyDuckDb, StoreSnapshot, T> query)
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
                    return query(db, snapshot);
                }
                catch (Exception e) when (e is DuckDbException or ResultsStoreException && attempt < ReadAttempts && snapshot.AnyFileGone())
                {
                    // Raced a compaction: list again.
                }
                catch (DuckDbException e) when (NamesAFileOf(snapshot, e))
                {
                    throw Damaged(db, snapshot.AllPaths(), e);
                }
            }
        }
    }

    private StoreSnapshot TakeSnapshot(ReadOnlyDuckDb db)
    {
        try
        {
            return StoreSnapshot.Take(folder, db);
        }
        catch (DuckDbException e)
        {
            throw Damaged(db, folder.DataFiles(), e);
        }
    }

    private void DefineViews(ReadOnlyDuckDb db, StoreSnapshot snapshot)
    {
        try
        {
            // Defining the views reads every file's schema, so a damaged file fails here, by name.
            StoreViews.Define(db, snapshot);
        }
        catch (DuckDbException e)
        {
            throw Damaged(db, snapshot.AllPaths(), e);
        }
    }

    /// <summary>
    /// The error for a read that failed on the files: names each damaged one and how to recover.
    /// Which files are damaged is checked file by file (their Parquet footers), plus any file
    /// DuckDB's message names, since a footer can be whole while a page in the middle is not.
    /// </summary>
    private ResultsStoreException Damaged(ReadOnlyDuckDb db, IReadOnlyList<string> files, DuckDbException error)
    {
        var damaged = DamagedFiles(db, files, error.Message);
        if (damaged.Count == 0)
        {
            return new ResultsStoreException($"Could not read the results in '{folder.Path}': {error.Message}", error);
        }

        return DamagedError(damaged, FirstLine(error.Message), error);
    }

    private ResultsStoreException DamagedError(IReadOnlyList<string> damaged, string reason, Exception error) => new(
        $"Damaged results file{(damaged.Count == 1 ? "" : "s")}: {string.Join(", ", damaged.Select(f => $"'{f}'"))} ({reason}). The other files are intact. " +
        $"To recover, run the sweep again (hdc run): it moves damaged files into '{folder.DamagedPath}', rebuilds " +
        "cells.parquet and curves.parquet from the intact files, and recomputes only the cells whose results were lost.",
        damaged,
        error);

    private static List<string> DamagedFiles(ReadOnlyDuckDb db, IEnumerable<string> files, string? reason)
    {
        // DuckDB's first line says what failed and where; later lines echo the SQL, which lists every file.
        var cause = reason is null ? null : FirstLine(reason);
        var damaged = new List<string>();
        foreach (var file in files.Where(File.Exists))
        {
            var named = cause is not null && cause.Contains($"'{file}'", StringComparison.Ordinal);
            if (named || !HasReadableFooter(db, file))
            {
                damaged.Add(file);
            }
        }

        return damaged;
    }

    /// <summary>Both readers of the store must be able to open the file: DuckDB (queries) and Parquet.Net (compaction).</summary>
    private static bool HasReadableFooter(ReadOnlyDuckDb db, string file)
    {
        try
        {
            db.Query($"SELECT count(*) FROM parquet_metadata({SqlText.Literal(file)})", []);
            Task.Run(() => SourceRows.SchemaAsync(file)).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is DuckDbException or DamagedFileException)
        {
            return false;
        }
    }

    private static bool NamesAFileOf(StoreSnapshot snapshot, DuckDbException error) =>
        snapshot.AllPaths().Any(path => FirstLine(error.Message).Contains($"'{path}'", StringComparison.Ordinal));

    private string SetAside(string file)
    {
        var target = Path.Combine(folder.DamagedPath, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{Path.GetFileName(file)}");
        try
        {
            Directory.CreateDirectory(folder.DamagedPath);
            File.Move(file, target);
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultsStoreException($"Could not move the damaged file '{file}' to '{target}'; nothing was removed: {e.Message}", e);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static bool IsInside(string path, string folderPath)
    {
        var relative = Path.GetRelativePath(folderPath, path);
        return relative == "." || !(relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative));
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

    private ReadOnlyDuckDb Connection()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return connection ??= ReadOnlyDuckDb.Open(folder.Path);
    }
}

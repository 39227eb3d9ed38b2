using System.Collections.Concurrent;
using System.Data.Common;
using Parquet;
using Parquet.Schema;

namespace HdCluster.Results.Parquet;

/// <summary>
/// Writes Parquet files with Parquet.Net: a batch of result rows as one row group, or a DuckDB
/// result streamed in row groups (compaction, export), so a result larger than memory still fits.
/// Callers write to a temp path and rename (see <c>AtomicFile</c>).
/// </summary>
internal static class ParquetFileWriter
{
    // Large enough that readers get few, well-compressed row groups; small enough that a row
    // group of a wide table stays a few hundred MB at most.
    private const int RowGroupRows = 256 * 1024;

    /// <summary>What readers of store files pass Parquet.Net: one instance, so its buffer pools are shared.</summary>
    internal static readonly ParquetOptions ReadOptions = new();

    // Options own pooled buffers; making them per file costs more than writing a small part. Parts of a sweep
    // share their string columns, so a handful of entries serve a whole run.
    private static readonly ConcurrentDictionary<string, ParquetOptions> WriteOptions = new(StringComparer.Ordinal);

    /// <summary>
    /// Snappy, as DuckDB writes; strings dictionary-encoded, since result strings repeat (sweep,
    /// cell, attempt, kind) and readers then compare dictionary ids instead of text.
    /// </summary>
    internal static ParquetOptions OptionsFor(IEnumerable<ColumnBuffer> columns)
    {
        var strings = columns.Where(c => c is StringColumn).Select(c => c.Field.Path.ToString()).ToArray();
        return WriteOptions.GetOrAdd(string.Join('\0', strings), _ =>
        {
            var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
            foreach (var path in strings)
            {
                options.ColumnEncodingHints[path] = EncodingHint.Dictionary;
            }

            return options;
        });
    }

    /// <summary>
    /// Writes the rows of <paramref name="tables"/> (their columns united, see <see cref="ColumnUnion"/>) plus a
    /// column <paramref name="extraName"/> holding <paramref name="extraValue"/> on every row, as one row group.
    /// </summary>
    internal static void Write(IReadOnlyList<ResultTable> tables, string extraName, string extraValue, string path)
    {
        var union = ColumnUnion.Of(tables);
        var count = tables.Sum(t => t.RowCount);
        var columns = union.Select(c => ParquetColumns.For(c, count))
            .Append(ParquetColumns.For(new ResultColumn(extraName, ColumnType.Varchar, nullable: false), count))
            .ToArray();
        var at = 0;
        foreach (var table in tables)
        {
            // Where each of the part's columns is in this table (-1: absent, NULL), and whether its values widen.
            var sources = union.Select(c => table.IndexOf(c.Name)).ToArray();
            var rows = table.RawRows;
            for (var c = 0; c < union.Count; c++)
            {
                var source = sources[c];
                if (source < 0)
                {
                    columns[c].SetNulls(at, rows.Count);
                    continue;
                }

                var (from, to) = (table.Columns[source].Type, union[c].Type);
                for (var r = 0; r < rows.Count; r++)
                {
                    columns[c].Set(at + r, from == to ? rows[r][source] : ColumnValues.Widen(union[c].Name, rows[r][source], from, to));
                }
            }

            at += rows.Count;
        }

        columns[^1].Fill(extraValue, count);
        RunOffActorThread(() => WriteFileAsync(path, columns, async writer => await WriteRowGroupAsync(writer, columns, count)));
    }

    /// <summary>Streams every row of <paramref name="reader"/> into <paramref name="path"/>; returns the number of rows.</summary>
    internal static long Write(DbDataReader reader, string path)
    {
        var columns = Enumerable.Range(0, reader.FieldCount)
            .Select(i => ParquetColumns.For(reader.GetName(i), reader.GetFieldType(i), reader.GetDataTypeName(i).ToUpperInvariant(), RowGroupRows))
            .ToArray();
        long total = 0;
        RunOffActorThread(() => WriteFileAsync(path, columns, async writer =>
        {
            var count = 0;
            while (reader.Read())
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    columns[c].Read(reader, c, count);
                }

                if (++count == RowGroupRows)
                {
                    await WriteRowGroupAsync(writer, columns, count);
                    total += count;
                    count = 0;
                }
            }

            // An empty result still gets one (empty) row group, so the file is a valid table with its columns.
            if (count > 0 || total == 0)
            {
                await WriteRowGroupAsync(writer, columns, count);
                total += count;
            }
        }));
        return total;
    }

    private static async Task WriteFileAsync(string path, ColumnBuffer[] columns, Func<ParquetWriter, Task> body)
    {
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16);
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, OptionsFor(columns)))
        {
            await body(writer);
        }
    }

    private static async Task WriteRowGroupAsync(ParquetWriter writer, ColumnBuffer[] columns, int count)
    {
        using var rowGroup = writer.CreateRowGroup();
        foreach (var column in columns)
        {
            await column.WriteAsync(rowGroup, count);
        }

        rowGroup.CompleteValidate();
    }

    /// <summary>
    /// The store's API is synchronous and is called from actors, whose task scheduler would queue
    /// Parquet.Net's continuations behind the blocked actor itself; on the thread pool they run.
    /// </summary>
    private static void RunOffActorThread(Func<Task> write) => Task.Run(write).GetAwaiter().GetResult();
}

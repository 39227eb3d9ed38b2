using Parquet;
using Parquet.Schema;

namespace HdCluster.Results.Parquet;

/// <summary>
/// Writes a merged file from row groups of several files whose columns may differ (a later part
/// may bring a new column): the file has the union of their columns, and rows of a file without
/// a column read NULL there. Rows are buffered into row groups of a fixed size, so a merge of any
/// size runs in bounded memory.
/// </summary>
internal sealed class MergedFileWriter : IAsyncDisposable
{
    private const int RowGroupRows = 256 * 1024;

    private readonly ResultColumn[] columns;
    private readonly ColumnBuffer[] buffers;
    private readonly FileStream stream;
    private readonly ParquetWriter writer;
    private int buffered;
    private bool anyRowGroup;

    private MergedFileWriter(ResultColumn[] columns, ColumnBuffer[] buffers, FileStream stream, ParquetWriter writer)
    {
        this.columns = columns;
        this.buffers = buffers;
        this.stream = stream;
        this.writer = writer;
    }

    internal static async Task<MergedFileWriter> CreateAsync(string path, IReadOnlyList<ResultColumn> columns)
    {
        var buffers = columns.Select(c => ParquetColumns.For(c, RowGroupRows)).ToArray();
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16);
        try
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(buffers.Select(b => (Field)b.Field)), stream, ParquetFileWriter.OptionsFor(buffers));
            return new MergedFileWriter([.. columns], buffers, stream, writer);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Appends rows <paramref name="rows"/> of one row group of a source file (its columns by name).</summary>
    internal Task AppendAsync(IReadOnlyDictionary<string, ColumnValues> source, int[] rows) =>
        AppendAsync(source, rows.Length, (buffer, values, done, take, type) => buffer.CopyFrom(values, rows.AsSpan(done, take), buffered, type));

    /// <summary>Appends every row of one row group of a source file, copied column by column in bulk.</summary>
    internal Task AppendAllAsync(IReadOnlyDictionary<string, ColumnValues> source, int count) =>
        AppendAsync(source, count, (buffer, values, done, take, type) => buffer.CopyRange(values, done, take, buffered, type));

    private async Task AppendAsync(IReadOnlyDictionary<string, ColumnValues> source, int count, Action<ColumnBuffer, ColumnValues, int, int, ColumnType> copy)
    {
        var done = 0;
        while (done < count)
        {
            var take = Math.Min(count - done, RowGroupRows - buffered);
            for (var c = 0; c < buffers.Length; c++)
            {
                if (source.TryGetValue(columns[c].Name, out var values))
                {
                    copy(buffers[c], values, done, take, columns[c].Type);
                }
                else
                {
                    buffers[c].SetNulls(buffered, take);
                }
            }

            buffered += take;
            done += take;
            if (buffered == RowGroupRows)
            {
                await FlushAsync();
            }
        }
    }

    /// <summary>Writes what is buffered and the file's footer; an empty merge is still a valid file with its columns.</summary>
    internal async Task CompleteAsync()
    {
        if (buffered > 0 || !anyRowGroup)
        {
            await FlushAsync();
        }

        await writer.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await writer.DisposeAsync();
        await stream.DisposeAsync();
    }

    private async Task FlushAsync()
    {
        using (var rowGroup = writer.CreateRowGroup())
        {
            foreach (var buffer in buffers)
            {
                await buffer.WriteAsync(rowGroup, buffered);
            }

            rowGroup.CompleteValidate();
        }

        buffered = 0;
        anyRowGroup = true;
    }
}

using System.Runtime.CompilerServices;
using HdCluster.Results.Parquet;
using Parquet;
using Parquet.Schema;

namespace HdCluster.Results.Store;

/// <summary>One row group of a store file, read with Parquet.Net: its columns by name (case-insensitive).</summary>
internal sealed class SourceRows
{
    private SourceRows(string path, IReadOnlyDictionary<string, ColumnValues> columns, IReadOnlyList<ResultColumn> schema)
    {
        Path = path;
        Columns = columns;
        Schema = schema;
    }

    internal string Path { get; }

    internal IReadOnlyDictionary<string, ColumnValues> Columns { get; }

    internal IReadOnlyList<ResultColumn> Schema { get; }

    internal string?[] Strings(string column) =>
        Columns.TryGetValue(column, out var values) && values.Values is string?[] strings
            ? strings
            : throw new DamagedFileException(Path, $"it has no VARCHAR column '{column}'");

    internal static async Task<IReadOnlyList<ResultColumn>> SchemaAsync(string path)
    {
        try
        {
            await using var reader = await ParquetReader.CreateAsync(path, ParquetFileWriter.ReadOptions);
            return SchemaOf(reader.Schema, path);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            throw new DamagedFileException(path, e.Message, e);
        }
    }

    internal static async Task<IReadOnlyList<SourceRows>> ReadAllAsync(string path)
    {
        var all = new List<SourceRows>();
        await foreach (var rows in ReadAsync(path, null))
        {
            all.Add(rows);
        }

        return all;
    }

    /// <summary>The file's row groups in order, all columns or only <paramref name="only"/>.</summary>
    internal static async IAsyncEnumerable<SourceRows> ReadAsync(string path, IReadOnlyList<string>? only, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, ParquetFileWriter.ReadOptions, cancellationToken: cancel);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            throw new DamagedFileException(path, e.Message, e);
        }

        await using (reader)
        {
            var schema = SchemaOf(reader.Schema, path);
            var fields = reader.Schema.DataFields
                .Where(f => only is null || only.Contains(f.Name, StringComparer.OrdinalIgnoreCase))
                .ToArray();
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                var columns = new Dictionary<string, ColumnValues>(StringComparer.OrdinalIgnoreCase);
                try
                {
                    var rowGroup = reader.OpenRowGroupReader(group);
                    foreach (var field in fields)
                    {
                        columns[field.Name] = await ColumnValues.ReadAsync(rowGroup, field, ColumnValues.TypeOf(field, path));
                    }
                }
                catch (Exception e) when (IsUnreadable(e))
                {
                    throw new DamagedFileException(path, e.Message, e);
                }

                yield return new SourceRows(path, columns, schema);
            }
        }
    }

    private static IReadOnlyList<ResultColumn> SchemaOf(ParquetSchema schema, string path) =>
        schema.DataFields.Select(f => new ResultColumn(f.Name, ColumnValues.TypeOf(f, path), f.IsNullable)).ToArray();

    // What a truncated or garbage file makes Parquet.Net throw varies with where the damage is.
    private static bool IsUnreadable(Exception e) =>
        e is not (ResultsStoreException or DamagedFileException or OutOfMemoryException or OperationCanceledException);
}

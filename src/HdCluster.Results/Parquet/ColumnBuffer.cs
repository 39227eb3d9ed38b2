using System.Data.Common;
using Parquet;
using Parquet.Schema;

namespace HdCluster.Results.Parquet;

/// <summary>
/// One column's values for the row group being built, typed as Parquet.Net writes them (a typed
/// array per column, not boxed rows). Filled either from a <see cref="ResultTable"/>'s normalized
/// values or from a DuckDB result.
/// </summary>
internal abstract class ColumnBuffer(DataField dataField)
{
    internal DataField Field => dataField;

    internal abstract void Set(int row, object? value);

    internal abstract void Read(DbDataReader reader, int ordinal, int row);

    internal abstract Task WriteAsync(ParquetRowGroupWriter writer, int count);

    /// <summary>Copies rows <paramref name="rows"/> of <paramref name="source"/> to rows <paramref name="at"/>, ... of this column.</summary>
    internal abstract void CopyFrom(ColumnValues source, ReadOnlySpan<int> rows, int at, ColumnType type);

    /// <summary>Copies rows <paramref name="start"/>, ... of <paramref name="source"/> to rows <paramref name="at"/>, ... of this column.</summary>
    internal abstract void CopyRange(ColumnValues source, int start, int count, int at, ColumnType type);

    /// <summary>Rows of a file that lacks this column (it grew later) read as NULL.</summary>
    internal abstract void SetNulls(int at, int count);

    /// <summary>The first <paramref name="count"/> rows hold <paramref name="value"/>.</summary>
    internal void Fill(object? value, int count)
    {
        for (var row = 0; row < count; row++)
        {
            Set(row, value);
        }
    }
}

/// <summary>A column of a value type; nullable fields carry nulls, required ones must not.</summary>
internal sealed class ValueColumn<T>(DataField dataField, int capacity, Func<DbDataReader, int, T> get) : ColumnBuffer(dataField)
    where T : struct
{
    private readonly T?[] values = new T?[capacity];

    internal override void Set(int row, object? value) => values[row] = (T?)value;

    internal override void Read(DbDataReader reader, int ordinal, int row) =>
        values[row] = reader.IsDBNull(ordinal) ? null : get(reader, ordinal);

    internal override void CopyFrom(ColumnValues source, ReadOnlySpan<int> rows, int at, ColumnType type)
    {
        if (source.Values is T?[] same)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                values[at + k] = same[rows[k]];
            }

            return;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            values[at + k] = (T?)source.Get(rows[k], type);
        }
    }

    internal override void CopyRange(ColumnValues source, int start, int count, int at, ColumnType type)
    {
        if (source.Values is T?[] same)
        {
            Array.Copy(same, start, values, at, count);
            return;
        }

        for (var k = 0; k < count; k++)
        {
            values[at + k] = (T?)source.Get(start + k, type);
        }
    }

    internal override void SetNulls(int at, int count) => Array.Clear(values, at, count);

    internal override Task WriteAsync(ParquetRowGroupWriter writer, int count)
    {
        if (Field.IsNullable)
        {
            return writer.WriteAsync<T>(Field, new ReadOnlyMemory<T?>(values, 0, count));
        }

        var required = new T[count];
        for (var i = 0; i < count; i++)
        {
            required[i] = values[i] ?? throw new InvalidOperationException($"Column '{Field.Name}' is required but row {i} is null.");
        }

        return writer.WriteAsync<T>(Field, new ReadOnlyMemory<T>(required));
    }
}

/// <summary>A UTF-8 string column.</summary>
internal sealed class StringColumn(DataField dataField, int capacity) : ColumnBuffer(dataField)
{
    private readonly string?[] values = new string?[capacity];

    internal override void Set(int row, object? value) => values[row] = (string?)value;

    internal override void Read(DbDataReader reader, int ordinal, int row) =>
        values[row] = reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal override void CopyFrom(ColumnValues source, ReadOnlySpan<int> rows, int at, ColumnType type)
    {
        if (source.Values is string?[] same)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                values[at + k] = same[rows[k]];
            }

            return;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            values[at + k] = (string?)source.Get(rows[k], type);
        }
    }

    internal override void CopyRange(ColumnValues source, int start, int count, int at, ColumnType type)
    {
        if (source.Values is string?[] same)
        {
            Array.Copy(same, start, values, at, count);
            return;
        }

        for (var k = 0; k < count; k++)
        {
            values[at + k] = (string?)source.Get(start + k, type);
        }
    }

    internal override void SetNulls(int at, int count) => Array.Clear(values, at, count);

    internal override Task WriteAsync(ParquetRowGroupWriter writer, int count) =>
        writer.WriteAsync(Field, values.AsSpan(0, count).ToArray()!);
}

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

/// <summary>
/// The values of a typed column in one array: <typeparamref name="TStored"/> is <c>T?</c> for a value type and
/// <c>string?</c> for text, so copying between buffers and filling NULLs is one piece of code for both.
/// </summary>
internal abstract class ArrayColumn<TStored>(DataField dataField, int capacity) : ColumnBuffer(dataField)
{
    protected TStored[] Values { get; } = new TStored[capacity];

    internal override void Set(int row, object? value) => Values[row] = (TStored)value!;

    internal override void CopyFrom(ColumnValues source, ReadOnlySpan<int> rows, int at, ColumnType type)
    {
        if (source.Values is TStored[] same)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                Values[at + k] = same[rows[k]];
            }

            return;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            Values[at + k] = (TStored)source.Get(rows[k], type)!;
        }
    }

    internal override void CopyRange(ColumnValues source, int start, int count, int at, ColumnType type)
    {
        if (source.Values is TStored[] same)
        {
            Array.Copy(same, start, Values, at, count);
            return;
        }

        for (var k = 0; k < count; k++)
        {
            Values[at + k] = (TStored)source.Get(start + k, type)!;
        }
    }

    internal override void SetNulls(int at, int count) => Array.Clear(Values, at, count);
}

/// <summary>A column of a value type; nullable fields carry nulls, required ones must not.</summary>
internal sealed class ValueColumn<T>(DataField dataField, int capacity, Func<DbDataReader, int, T> get) : ArrayColumn<T?>(dataField, capacity)
    where T : struct
{
    internal override void Read(DbDataReader reader, int ordinal, int row) =>
        Values[row] = reader.IsDBNull(ordinal) ? null : get(reader, ordinal);

    internal override Task WriteAsync(ParquetRowGroupWriter writer, int count)
    {
        if (Field.IsNullable)
        {
            return writer.WriteAsync<T>(Field, new ReadOnlyMemory<T?>(Values, 0, count));
        }

        var required = new T[count];
        for (var i = 0; i < count; i++)
        {
            required[i] = Values[i] ?? throw new InvalidOperationException($"Column '{Field.Name}' is required but row {i} is null.");
        }

        return writer.WriteAsync<T>(Field, new ReadOnlyMemory<T>(required));
    }
}

/// <summary>A UTF-8 string column.</summary>
internal sealed class StringColumn(DataField dataField, int capacity) : ArrayColumn<string?>(dataField, capacity)
{
    internal override void Read(DbDataReader reader, int ordinal, int row) =>
        Values[row] = reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal override Task WriteAsync(ParquetRowGroupWriter writer, int count) =>
        writer.WriteAsync(Field, Values.AsSpan(0, count).ToArray()!);
}

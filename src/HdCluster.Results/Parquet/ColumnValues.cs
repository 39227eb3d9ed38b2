using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace HdCluster.Results.Parquet;

/// <summary>
/// One column of one row group as read by Parquet.Net: its name, its store type and a typed array
/// (string?[], double?[], long?[], bool?[] or DateTime?[] in UTC).
/// </summary>
internal sealed record ColumnValues(string Name, ColumnType Type, Array Values)
{
    /// <summary>The store type a Parquet field reads as; integers widen to BIGINT and floats to DOUBLE.</summary>
    internal static ColumnType TypeOf(DataField field, string path) => field.ClrType switch
    {
        var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => ColumnType.Varchar,
        var t when t == typeof(double) || t == typeof(float) => ColumnType.Double,
        var t when t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) => ColumnType.BigInt,
        var t when t == typeof(bool) => ColumnType.Boolean,
        var t when t == typeof(DateTime) => ColumnType.Timestamp,
        var t => throw new ResultsStoreException($"Column '{field.Name}' of '{path}' is a {t.Name}, which the results store does not hold."),
    };

    internal static async Task<ColumnValues> ReadAsync(ParquetRowGroupReader rowGroup, DataField field, ColumnType type)
    {
        var rows = checked((int)rowGroup.RowCount);
        Array values = type switch
        {
            ColumnType.Varchar => await Strings(rowGroup, field, rows),
            ColumnType.Double when field.ClrType == typeof(float) => Widen(await Read<float>(rowGroup, field, rows), v => (double)v),
            ColumnType.Double => await Read<double>(rowGroup, field, rows),
            ColumnType.BigInt when field.ClrType == typeof(long) => await Read<long>(rowGroup, field, rows),
            ColumnType.BigInt => await ReadAsLong(rowGroup, field, rows),
            ColumnType.Boolean => await Read<bool>(rowGroup, field, rows),
            _ => Widen(await Read<DateTime>(rowGroup, field, rows), v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc)),
        };
        return new ColumnValues(field.Name, type, values);
    }

    /// <summary>The value of row <paramref name="row"/> converted to <paramref name="type"/> (a wider type of a union).</summary>
    internal object? Get(int row, ColumnType type) => Widen(Name, Values.GetValue(row), Type, type);

    /// <summary><paramref name="value"/>, a value of type <paramref name="from"/>, as the wider type <paramref name="to"/> (see <see cref="ColumnUnion"/>).</summary>
    internal static object? Widen(string name, object? value, ColumnType from, ColumnType to)
    {
        if (value is null || to == from)
        {
            return value;
        }

        return to switch
        {
            ColumnType.Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            ColumnType.Varchar => value switch
            {
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            },
            _ => throw new InvalidOperationException($"Column '{name}' cannot widen from {from} to {to}."),
        };
    }

    private static async Task<string?[]> Strings(ParquetRowGroupReader rowGroup, DataField field, int rows)
    {
        var values = new string?[rows];
        if (field.IsNullable)
        {
            await rowGroup.ReadAsync(field, values.AsMemory());
            return values;
        }

        // Read as text slices, several times faster than as strings: a dictionary-encoded column gives each row a
        // slice of its dictionary entry, and a run of equal values (a cell's id, a part's id) becomes one string.
        var slices = new ReadOnlyMemory<char>[rows];
        await rowGroup.ReadAsync<ReadOnlyMemory<char>>(field, slices.AsMemory());
        var previous = ReadOnlyMemory<char>.Empty;
        string? text = null;
        for (var row = 0; row < rows; row++)
        {
            var slice = slices[row];
            if (text is null || !(slice.Equals(previous) || slice.Span.SequenceEqual(previous.Span)))
            {
                text = slice.ToString();
            }

            values[row] = text;
            previous = slice;
        }

        return values;
    }

    private static async Task<T?[]> Read<T>(ParquetRowGroupReader rowGroup, DataField field, int rows)
        where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[rows];
            await rowGroup.ReadAsync<T>(field, nullable.AsMemory());
            return nullable;
        }

        var required = new T[rows];
        await rowGroup.ReadAsync<T>(field, required.AsMemory());
        return Widen(required, v => (T?)v);
    }

    private static async Task<long?[]> ReadAsLong(ParquetRowGroupReader rowGroup, DataField field, int rows) => field.ClrType switch
    {
        var t when t == typeof(int) => Widen(await Read<int>(rowGroup, field, rows), v => (long)v),
        var t when t == typeof(short) => Widen(await Read<short>(rowGroup, field, rows), v => (long)v),
        var t when t == typeof(sbyte) => Widen(await Read<sbyte>(rowGroup, field, rows), v => (long)v),
        var t when t == typeof(byte) => Widen(await Read<byte>(rowGroup, field, rows), v => (long)v),
        var t when t == typeof(ushort) => Widen(await Read<ushort>(rowGroup, field, rows), v => (long)v),
        _ => Widen(await Read<uint>(rowGroup, field, rows), v => (long)v),
    };

    private static TOut?[] Widen<TIn, TOut>(TIn?[] values, Func<TIn, TOut> convert)
        where TIn : struct
        where TOut : struct
    {
        var result = new TOut?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i] is { } v ? convert(v) : null;
        }

        return result;
    }

    private static TOut?[] Widen<TIn, TOut>(TIn[] values, Func<TIn, TOut?> convert)
        where TIn : struct
        where TOut : struct
    {
        var result = new TOut?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = convert(values[i]);
        }

        return result;
    }
}

using System.Data.Common;
using System.Globalization;
using System.Numerics;
using Parquet.Schema;

namespace HdCluster.Results.Parquet;

/// <summary>
/// The Parquet type of each column, chosen so that DuckDB and pyarrow read back the type the
/// writer meant: VARCHAR is UTF8 (STRING), DOUBLE a double, BIGINT an int64, BOOLEAN a boolean,
/// TIMESTAMP an int64 TIMESTAMP(MICROS) not adjusted to UTC, which DuckDB reads as TIMESTAMP (not
/// TIMESTAMPTZ) and pyarrow as timestamp[us]; the store writes every TIMESTAMP in UTC.
/// </summary>
internal static class ParquetColumns
{
    internal static ColumnBuffer For(ResultColumn column, int capacity) => column.Type switch
    {
        ColumnType.Varchar => new StringColumn(new DataField<string>(column.Name, column.Nullable), capacity),
        ColumnType.Double => Value<double>(column.Name, column.Nullable, capacity, (r, i) => r.GetDouble(i)),
        ColumnType.BigInt => Value<long>(column.Name, column.Nullable, capacity, (r, i) => r.GetInt64(i)),
        ColumnType.Boolean => Value<bool>(column.Name, column.Nullable, capacity, (r, i) => r.GetBoolean(i)),
        ColumnType.Timestamp => Timestamp(column.Name, column.Nullable, capacity, (r, i) => r.GetDateTime(i)),
        _ => throw new ArgumentOutOfRangeException(nameof(column), $"Unknown column type {(int)column.Type} of column '{column.Name}'."),
    };

    /// <summary>
    /// A column for one column of a DuckDB result, by the .NET type DuckDB.NET gives its values:
    /// integers widen to BIGINT, floating and decimal numbers to DOUBLE, times to TIMESTAMP.
    /// </summary>
    internal static ColumnBuffer For(string name, Type type, string duckDbType, int capacity) => type switch
    {
        _ when type == typeof(string) => new StringColumn(new DataField<string>(name, true), capacity),
        _ when type == typeof(double) => Value<double>(name, true, capacity, (r, i) => r.GetDouble(i)),
        _ when type == typeof(long) => Value<long>(name, true, capacity, (r, i) => r.GetInt64(i)),
        _ when type == typeof(bool) => Value<bool>(name, true, capacity, (r, i) => r.GetBoolean(i)),
        _ when type == typeof(DateTime) => Timestamp(name, true, capacity, (r, i) => r.GetDateTime(i)),
        _ when type == typeof(DateTimeOffset) => Timestamp(name, true, capacity, (r, i) => r.GetFieldValue<DateTimeOffset>(i).UtcDateTime),
        _ when type == typeof(float) || type == typeof(decimal) =>
            Value<double>(name, true, capacity, (r, i) => Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture)),
        _ when type == typeof(int) || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) =>
            Value<long>(name, true, capacity, (r, i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture)),
        _ when type == typeof(ulong) || type == typeof(BigInteger) =>
            Value<long>(name, true, capacity, (r, i) => BigIntegerToLong(name, r.GetValue(i))),
        _ => throw new ResultsStoreException(
            $"Column '{name}' is {duckDbType}, which cannot be written to Parquet here; cast it to VARCHAR, DOUBLE, BIGINT, BOOLEAN or TIMESTAMP " +
            $"(for example CAST(\"{name}\" AS VARCHAR))."),
    };

    private static ValueColumn<T> Value<T>(string name, bool nullable, int capacity, Func<DbDataReader, int, T> get)
        where T : struct =>
        new(new DataField(name, typeof(T), nullable), capacity, get);

    private static ValueColumn<DateTime> Timestamp(string name, bool nullable, int capacity, Func<DbDataReader, int, DateTime> get) =>
        new(new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: nullable), capacity, get);

    private static long BigIntegerToLong(string name, object value)
    {
        var number = value is ulong u ? new BigInteger(u) : (BigInteger)value;
        return number >= long.MinValue && number <= long.MaxValue
            ? (long)number
            : throw new ResultsStoreException($"Column '{name}' holds {number}, beyond BIGINT; cast it to DOUBLE or VARCHAR to export it.");
    }
}

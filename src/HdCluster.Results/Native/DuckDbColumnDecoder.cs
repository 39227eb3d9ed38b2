using System.Text;

namespace HdCluster.Results.Native;

/// <summary>
/// Turns one column of a data chunk into .NET values. Covers the scalar types sweep results
/// produce (and what aggregates over them produce: HUGEINT sums, DECIMAL literals, DATE
/// truncations). Other types (LIST, STRUCT, INTERVAL, ...) are not decoded; the connection casts
/// those to VARCHAR before running a query, so a table printer still shows them.
/// </summary>
internal sealed unsafe class DuckDbColumnDecoder
{
    // System.Decimal holds 28 significant digits; wider DECIMALs are read as DOUBLE instead.
    internal const int MaxDecimalWidth = 28;

    private readonly DuckDbType type;
    private readonly byte decimalWidth;
    private readonly decimal decimalDivisor;

    internal DuckDbColumnDecoder(string name, DuckDbType type, byte decimalWidth, byte decimalScale)
    {
        if (!CanDecode(type, decimalWidth))
        {
            throw new DuckDbException(
                $"Column '{name}' has DuckDB type {type}, which results cannot hold; cast it in SQL, e.g. CAST({name} AS VARCHAR).");
        }

        this.type = type;
        this.decimalWidth = decimalWidth;
        decimalDivisor = Pow10(decimalScale);
        Column = new QueryColumn(
            name,
            type == DuckDbType.Decimal ? $"DECIMAL({decimalWidth},{decimalScale})" : TypeName(type),
            ClrType(type));
    }

    internal QueryColumn Column { get; }

    internal static bool CanDecode(DuckDbType type, byte decimalWidth) => type switch
    {
        DuckDbType.Decimal => decimalWidth <= MaxDecimalWidth,
        _ => TypeName(type).Length > 0,
    };

    /// <summary>Reads row <paramref name="row"/> of a vector, given its data and validity mask.</summary>
    internal object? Read(void* data, ulong* validity, int row)
    {
        if (validity is not null && (validity[row >> 6] & (1UL << (row & 63))) == 0)
        {
            return null;
        }

        return type switch
        {
            DuckDbType.Boolean => ((byte*)data)[row] != 0,
            DuckDbType.TinyInt => ((sbyte*)data)[row],
            DuckDbType.SmallInt => ((short*)data)[row],
            DuckDbType.Integer => ((int*)data)[row],
            DuckDbType.BigInt => ((long*)data)[row],
            DuckDbType.UTinyInt => ((byte*)data)[row],
            DuckDbType.USmallInt => ((ushort*)data)[row],
            DuckDbType.UInteger => ((uint*)data)[row],
            DuckDbType.UBigInt => ((ulong*)data)[row],
            DuckDbType.Float => ((float*)data)[row],
            DuckDbType.Double => ((double*)data)[row],
            DuckDbType.HugeInt => ReadHugeInt(data, row),
            DuckDbType.UHugeInt => new UInt128(((ulong*)data)[(2 * row) + 1], ((ulong*)data)[2 * row]),
            DuckDbType.Decimal => ReadDecimal(data, row),
            DuckDbType.Timestamp => DuckDbTime.FromMicros(((long*)data)[row]),
            DuckDbType.TimestampS => DuckDbTime.FromSeconds(((long*)data)[row]),
            DuckDbType.TimestampMs => DuckDbTime.FromMillis(((long*)data)[row]),
            DuckDbType.TimestampNs => DuckDbTime.FromNanos(((long*)data)[row]),
            DuckDbType.TimestampTz => new DateTimeOffset(DuckDbTime.FromMicros(((long*)data)[row])),
            DuckDbType.Date => DuckDbTime.FromDays(((int*)data)[row]),
            DuckDbType.Varchar => Encoding.UTF8.GetString(StringBytes(data, row)),
            DuckDbType.Blob => StringBytes(data, row).ToArray(),
            _ => throw new InvalidOperationException($"No decoder for {type}."),
        };
    }

    private static string TypeName(DuckDbType type) => type switch
    {
        DuckDbType.Boolean => "BOOLEAN",
        DuckDbType.TinyInt => "TINYINT",
        DuckDbType.SmallInt => "SMALLINT",
        DuckDbType.Integer => "INTEGER",
        DuckDbType.BigInt => "BIGINT",
        DuckDbType.UTinyInt => "UTINYINT",
        DuckDbType.USmallInt => "USMALLINT",
        DuckDbType.UInteger => "UINTEGER",
        DuckDbType.UBigInt => "UBIGINT",
        DuckDbType.Float => "FLOAT",
        DuckDbType.Double => "DOUBLE",
        DuckDbType.HugeInt => "HUGEINT",
        DuckDbType.UHugeInt => "UHUGEINT",
        DuckDbType.Decimal => "DECIMAL",
        DuckDbType.Timestamp => "TIMESTAMP",
        DuckDbType.TimestampS => "TIMESTAMP_S",
        DuckDbType.TimestampMs => "TIMESTAMP_MS",
        DuckDbType.TimestampNs => "TIMESTAMP_NS",
        DuckDbType.TimestampTz => "TIMESTAMP WITH TIME ZONE",
        DuckDbType.Date => "DATE",
        DuckDbType.Varchar => "VARCHAR",
        DuckDbType.Blob => "BLOB",
        _ => string.Empty,
    };

    private static Type ClrType(DuckDbType type) => type switch
    {
        DuckDbType.Boolean => typeof(bool),
        DuckDbType.TinyInt => typeof(sbyte),
        DuckDbType.SmallInt => typeof(short),
        DuckDbType.Integer => typeof(int),
        DuckDbType.BigInt => typeof(long),
        DuckDbType.UTinyInt => typeof(byte),
        DuckDbType.USmallInt => typeof(ushort),
        DuckDbType.UInteger => typeof(uint),
        DuckDbType.UBigInt => typeof(ulong),
        DuckDbType.Float => typeof(float),
        DuckDbType.Double => typeof(double),
        DuckDbType.HugeInt => typeof(Int128),
        DuckDbType.UHugeInt => typeof(UInt128),
        DuckDbType.Decimal => typeof(decimal),
        DuckDbType.TimestampTz => typeof(DateTimeOffset),
        DuckDbType.Timestamp or DuckDbType.TimestampS or DuckDbType.TimestampMs or DuckDbType.TimestampNs => typeof(DateTime),
        DuckDbType.Date => typeof(DateOnly),
        DuckDbType.Varchar => typeof(string),
        DuckDbType.Blob => typeof(byte[]),
        _ => typeof(object),
    };

    private static Int128 ReadHugeInt(void* data, int row)
    {
        // duckdb_hugeint is { uint64 lower; int64 upper }.
        var parts = (ulong*)data + (2 * row);
        return new Int128(parts[1], parts[0]);
    }

    /// <summary>
    /// duckdb_string_t: a 4-byte length, then either the bytes inline (up to 12) or a 4-byte
    /// prefix and a pointer to the bytes.
    /// </summary>
    private static ReadOnlySpan<byte> StringBytes(void* data, int row)
    {
        var entry = (byte*)data + (16 * row);
        var length = *(uint*)entry;
        var bytes = length <= 12 ? entry + 4 : *(byte**)(entry + 8);
        return new ReadOnlySpan<byte>(bytes, checked((int)length));
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }

    private decimal ReadDecimal(void* data, int row)
    {
        // DuckDB stores a DECIMAL as an unscaled integer whose width follows the precision.
        decimal unscaled = decimalWidth switch
        {
            <= 4 => ((short*)data)[row],
            <= 9 => ((int*)data)[row],
            <= 18 => ((long*)data)[row],
            _ => (decimal)ReadHugeInt(data, row),
        };
        return unscaled / decimalDivisor;
    }
}

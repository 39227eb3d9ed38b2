using System.Runtime.InteropServices;
using System.Text;

namespace HdCluster.Results.Native;

/// <summary>
/// A prepared statement: its result columns are known before it runs (used to decide which
/// columns need a cast to be readable), and values are bound as parameters, never spliced.
/// </summary>
internal sealed unsafe class DuckDbPreparedStatement : IDisposable
{
    private readonly PreparedStatementHandle handle;

    private DuckDbPreparedStatement(PreparedStatementHandle handle)
    {
        this.handle = handle;
    }

    internal int ParameterCount => checked((int)DuckDbNative.duckdb_nparams(handle));

    internal static DuckDbPreparedStatement Prepare(ConnectionHandle connection, string sql)
    {
        var state = DuckDbNative.duckdb_prepare(connection, sql, out var pointer);
        var handle = PreparedStatementHandle.Own(pointer);
        if (state != DuckDbState.Success)
        {
            var message = handle.IsInvalid ? null : Marshal.PtrToStringUTF8(DuckDbNative.duckdb_prepare_error(handle));
            handle.Dispose();
            throw new DuckDbException(message ?? "DuckDB could not prepare the statement and gave no reason.");
        }

        return new DuckDbPreparedStatement(handle);
    }

    /// <summary>Name, type and (for DECIMAL) width of each result column, before execution.</summary>
    internal IReadOnlyList<(string Name, DuckDbType Type, byte DecimalWidth)> ResultColumns()
    {
        var count = checked((int)DuckDbNative.duckdb_prepared_statement_column_count(handle));
        var columns = new (string, DuckDbType, byte)[count];
        for (var c = 0; c < count; c++)
        {
            var namePointer = DuckDbNative.duckdb_prepared_statement_column_name(handle, (ulong)c);
            string name;
            try
            {
                name = Marshal.PtrToStringUTF8(namePointer) ?? $"column{c}";
            }
            finally
            {
                DuckDbNative.duckdb_free(namePointer);
            }

            var type = DuckDbNative.duckdb_prepared_statement_column_type(handle, (ulong)c);
            byte width = 0;
            if (type == DuckDbType.Decimal)
            {
                var logicalType = DuckDbNative.duckdb_prepared_statement_column_logical_type(handle, (ulong)c);
                try
                {
                    width = DuckDbNative.duckdb_decimal_width(logicalType);
                }
                finally
                {
                    DuckDbNative.duckdb_destroy_logical_type(ref logicalType);
                }
            }

            columns[c] = (name, type, width);
        }

        return columns;
    }

    /// <summary>Binds values to $1, $2, ... in order. Supported: null, string, integers, floating point, bool, DateTime(Offset).</summary>
    internal void Bind(IReadOnlyList<object?> values)
    {
        if (values.Count != ParameterCount)
        {
            throw new ArgumentException($"The statement has {ParameterCount} parameter(s) but {values.Count} value(s) were given.", nameof(values));
        }

        for (var i = 0; i < values.Count; i++)
        {
            var index = (ulong)(i + 1);
            var state = values[i] switch
            {
                null => DuckDbNative.duckdb_bind_null(handle, index),
                string text => BindText(index, text),
                bool flag => DuckDbNative.duckdb_bind_boolean(handle, index, flag ? (byte)1 : (byte)0),
                long or int or short or sbyte or byte or ushort or uint => DuckDbNative.duckdb_bind_int64(handle, index, Convert.ToInt64(values[i], System.Globalization.CultureInfo.InvariantCulture)),
                double number => DuckDbNative.duckdb_bind_double(handle, index, number),
                float number => DuckDbNative.duckdb_bind_double(handle, index, number),
                decimal number => DuckDbNative.duckdb_bind_double(handle, index, (double)number),
                DateTime time => DuckDbNative.duckdb_bind_timestamp(handle, index, DuckDbTime.ToMicros(DuckDbTime.ToUtc(time))),
                DateTimeOffset time => DuckDbNative.duckdb_bind_timestamp(handle, index, DuckDbTime.ToMicros(time.UtcDateTime)),
                var other => throw new ArgumentException($"Parameter ${i + 1} has type {other.GetType().Name}, which cannot be bound.", nameof(values)),
            };
            if (state != DuckDbState.Success)
            {
                var message = Marshal.PtrToStringUTF8(DuckDbNative.duckdb_prepare_error(handle));
                throw new DuckDbException(message ?? $"DuckDB could not bind parameter ${i + 1}.");
            }
        }
    }

    internal QueryResult Execute()
    {
        using var result = ResultHandle.Allocate();
        if (DuckDbNative.duckdb_execute_prepared(handle, result) != DuckDbState.Success)
        {
            throw new DuckDbException(DuckDbConnection.ErrorOf(result));
        }

        return DuckDbResultReader.Read(result);
    }

    public void Dispose() => handle.Dispose();

    private DuckDbState BindText(ulong index, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* pointer = bytes)
        {
            return DuckDbNative.duckdb_bind_varchar_length(handle, index, pointer, (ulong)bytes.Length);
        }
    }
}

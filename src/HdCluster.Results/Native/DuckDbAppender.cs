using System.Runtime.InteropServices;
using System.Text;

namespace HdCluster.Results.Native;

/// <summary>
/// Appends rows to a table value by value, DuckDB's fast path for bulk inserts (no SQL parsing
/// per row). Rows are complete after <see cref="EndRow"/>; <see cref="Close"/> flushes and
/// reports the errors that only show at flush time (for example a NOT NULL violation).
/// </summary>
internal sealed unsafe class DuckDbAppender : IDisposable
{
    private readonly AppenderHandle handle;

    // Reused for every string so that appending many rows does not allocate per value.
    private byte[] utf8 = new byte[256];

    private DuckDbAppender(AppenderHandle handle)
    {
        this.handle = handle;
    }

    internal static DuckDbAppender Create(ConnectionHandle connection, string table)
    {
        var state = DuckDbNative.duckdb_appender_create(connection, null, table, out var pointer);
        var handle = AppenderHandle.Own(pointer);
        if (state != DuckDbState.Success)
        {
            var message = handle.IsInvalid ? null : Marshal.PtrToStringUTF8(DuckDbNative.duckdb_appender_error(handle));
            handle.Dispose();
            throw new DuckDbException(message ?? $"DuckDB could not create an appender for table '{table}'.");
        }

        return new DuckDbAppender(handle);
    }

    internal void AppendNull() => Check(DuckDbNative.duckdb_append_null(handle));

    internal void Append(bool value) => Check(DuckDbNative.duckdb_append_bool(handle, value ? (byte)1 : (byte)0));

    internal void Append(long value) => Check(DuckDbNative.duckdb_append_int64(handle, value));

    internal void Append(double value) => Check(DuckDbNative.duckdb_append_double(handle, value));

    /// <summary>Appends a TIMESTAMP; the value must already be UTC.</summary>
    internal void AppendTimestamp(DateTime utc) => Check(DuckDbNative.duckdb_append_timestamp(handle, DuckDbTime.ToMicros(utc)));

    internal void Append(string value)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (needed > utf8.Length)
        {
            utf8 = new byte[Math.Max(needed, utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, utf8);
        fixed (byte* pointer = utf8)
        {
            Check(DuckDbNative.duckdb_append_varchar_length(handle, pointer, (ulong)length));
        }
    }

    internal void EndRow() => Check(DuckDbNative.duckdb_appender_end_row(handle));

    internal void Flush() => Check(DuckDbNative.duckdb_appender_flush(handle));

    /// <summary>Flushes the remaining rows and closes; errors surface here rather than being lost in Dispose.</summary>
    internal void Close() => Check(DuckDbNative.duckdb_appender_close(handle));

    public void Dispose() => handle.Dispose();

    private void Check(DuckDbState state)
    {
        if (state != DuckDbState.Success)
        {
            var message = Marshal.PtrToStringUTF8(DuckDbNative.duckdb_appender_error(handle));
            throw new DuckDbException(message ?? "The DuckDB appender failed without giving a reason.");
        }
    }
}

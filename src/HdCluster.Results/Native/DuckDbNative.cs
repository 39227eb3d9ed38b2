using System.Runtime.InteropServices;

namespace HdCluster.Results.Native;

/// <summary>
/// The subset of DuckDB's C API (duckdb.h, v1.4) that the results store uses, and nothing else.
/// Strings DuckDB returns are declared as <see cref="IntPtr"/> on purpose: the marshaller would
/// otherwise free memory that DuckDB owns.
/// </summary>
internal static unsafe partial class DuckDbNative
{
    // The resolver must be in place before the runtime binds the first entry point below.
    static DuckDbNative() => DuckDbLibrary.RegisterResolver();

    private const string Lib = DuckDbLibrary.ImportName;

    // ---- database and connection ----

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_open_ext(string? path, out IntPtr database, IntPtr config, out IntPtr error);

    [LibraryImport(Lib)]
    internal static partial void duckdb_close(ref IntPtr database);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_connect(DatabaseHandle database, out IntPtr connection);

    [LibraryImport(Lib)]
    internal static partial void duckdb_disconnect(ref IntPtr connection);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_library_version();

    [LibraryImport(Lib)]
    internal static partial void duckdb_free(IntPtr pointer);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_create_config(out IntPtr config);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_set_config(IntPtr config, string name, string option);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_config(ref IntPtr config);

    // ---- queries and materialized results ----

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_query(ConnectionHandle connection, string sql, ResultHandle result);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_result(IntPtr result);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_result_error(ResultHandle result);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_column_count(ResultHandle result);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_column_name(ResultHandle result, ulong column);

    [LibraryImport(Lib)]
    internal static partial DuckDbType duckdb_column_type(ResultHandle result, ulong column);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_column_logical_type(ResultHandle result, ulong column);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_logical_type(ref IntPtr logicalType);

    [LibraryImport(Lib)]
    internal static partial byte duckdb_decimal_width(IntPtr logicalType);

    [LibraryImport(Lib)]
    internal static partial byte duckdb_decimal_scale(IntPtr logicalType);

    // ---- data chunks (the vector API that supersedes duckdb_value_*) ----

    /// <summary>Takes the result struct by value, as the C signature does.</summary>
    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_fetch_chunk(DuckDbResultStruct result);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_data_chunk_get_size(IntPtr chunk);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_data_chunk_get_vector(IntPtr chunk, ulong column);

    [LibraryImport(Lib)]
    internal static partial void* duckdb_vector_get_data(IntPtr vector);

    [LibraryImport(Lib)]
    internal static partial ulong* duckdb_vector_get_validity(IntPtr vector);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_data_chunk(ref IntPtr chunk);

    // ---- prepared statements ----

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_prepare(ConnectionHandle connection, string sql, out IntPtr statement);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_prepare_error(PreparedStatementHandle statement);

    [LibraryImport(Lib)]
    internal static partial void duckdb_destroy_prepare(ref IntPtr statement);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_nparams(PreparedStatementHandle statement);

    [LibraryImport(Lib)]
    internal static partial ulong duckdb_prepared_statement_column_count(PreparedStatementHandle statement);

    /// <summary>The returned name is allocated for the caller and must be released with duckdb_free.</summary>
    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_prepared_statement_column_name(PreparedStatementHandle statement, ulong column);

    [LibraryImport(Lib)]
    internal static partial DuckDbType duckdb_prepared_statement_column_type(PreparedStatementHandle statement, ulong column);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_prepared_statement_column_logical_type(PreparedStatementHandle statement, ulong column);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_null(PreparedStatementHandle statement, ulong index);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_boolean(PreparedStatementHandle statement, ulong index, byte value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_int64(PreparedStatementHandle statement, ulong index, long value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_double(PreparedStatementHandle statement, ulong index, double value);

    /// <summary>duckdb_timestamp is a struct holding one int64 (microseconds), which the ABI passes like an int64.</summary>
    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_timestamp(PreparedStatementHandle statement, ulong index, long micros);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_bind_varchar_length(PreparedStatementHandle statement, ulong index, byte* value, ulong length);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_execute_prepared(PreparedStatementHandle statement, ResultHandle result);

    // ---- appender ----

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_appender_create(ConnectionHandle connection, string? schema, string table, out IntPtr appender);

    [LibraryImport(Lib)]
    internal static partial IntPtr duckdb_appender_error(AppenderHandle appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_appender_flush(AppenderHandle appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_appender_close(AppenderHandle appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_appender_destroy(ref IntPtr appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_appender_end_row(AppenderHandle appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_null(AppenderHandle appender);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_bool(AppenderHandle appender, byte value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_int64(AppenderHandle appender, long value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_double(AppenderHandle appender, double value);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_timestamp(AppenderHandle appender, long micros);

    [LibraryImport(Lib)]
    internal static partial DuckDbState duckdb_append_varchar_length(AppenderHandle appender, byte* value, ulong length);
}

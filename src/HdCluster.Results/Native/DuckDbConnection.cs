using System.Runtime.InteropServices;
using System.Text;

namespace HdCluster.Results.Native;

/// <summary>
/// An in-memory DuckDB database with one connection. The results store keeps no data in it
/// between calls: the Parquet files are the store, DuckDB is the engine that reads and writes
/// them. Not thread-safe (a DuckDB connection is not); callers serialize.
/// </summary>
internal sealed class DuckDbConnection : IDisposable
{
    private readonly DatabaseHandle database;
    private readonly ConnectionHandle connection;

    private DuckDbConnection(DatabaseHandle database, ConnectionHandle connection)
    {
        this.database = database;
        this.connection = connection;
    }

    /// <summary>The version of the loaded DuckDB library, e.g. "v1.4.5".</summary>
    internal static string LibraryVersion
    {
        get
        {
            DuckDbLibrary.EnsureLoaded();
            return Marshal.PtrToStringUTF8(DuckDbNative.duckdb_library_version()) ?? "unknown";
        }
    }

    internal static DuckDbConnection OpenInMemory(IReadOnlyDictionary<string, string> settings)
    {
        DuckDbLibrary.EnsureLoaded();
        var database = OpenDatabase(settings);
        if (DuckDbNative.duckdb_connect(database, out var connectionPointer) != DuckDbState.Success)
        {
            database.Dispose();
            throw new DuckDbException("DuckDB could not open a connection to its in-memory database.");
        }

        return new DuckDbConnection(database, ConnectionHandle.Own(connectionPointer));
    }

    /// <summary>Runs one or more statements whose results are not needed.</summary>
    internal void Execute(string sql)
    {
        using var result = ResultHandle.Allocate();
        if (DuckDbNative.duckdb_query(connection, sql, result) != DuckDbState.Success)
        {
            throw new DuckDbException(ErrorOf(result));
        }
    }

    /// <summary>
    /// Runs one statement with positional parameters ($1, $2, ...) and reads its result. Columns
    /// of types that <see cref="DuckDbColumnDecoder"/> does not read are cast to text first, so
    /// any query's result can be shown.
    /// </summary>
    internal QueryResult Query(string sql, IReadOnlyList<object?> parameters)
    {
        var statement = DuckDbPreparedStatement.Prepare(connection, sql);
        try
        {
            var readable = TryMakeReadable(statement, sql);
            if (readable is not null)
            {
                statement.Dispose();
                statement = readable;
            }

            statement.Bind(parameters);
            return statement.Execute();
        }
        finally
        {
            statement.Dispose();
        }
    }

    internal DuckDbAppender CreateAppender(string table) => DuckDbAppender.Create(connection, table);

    public void Dispose()
    {
        connection.Dispose();
        database.Dispose();
    }

    internal static string ErrorOf(ResultHandle result) =>
        Marshal.PtrToStringUTF8(DuckDbNative.duckdb_result_error(result)) ?? "DuckDB reported an error without a message.";

    private static DatabaseHandle OpenDatabase(IReadOnlyDictionary<string, string> settings)
    {
        if (DuckDbNative.duckdb_create_config(out var config) != DuckDbState.Success)
        {
            throw new DuckDbException("DuckDB could not create a configuration object.");
        }

        try
        {
            foreach (var (name, value) in settings)
            {
                if (DuckDbNative.duckdb_set_config(config, name, value) != DuckDbState.Success)
                {
                    throw new DuckDbException($"DuckDB rejected the setting {name} = '{value}'.");
                }
            }

            if (DuckDbNative.duckdb_open_ext(null, out var databasePointer, config, out var error) != DuckDbState.Success)
            {
                var message = Marshal.PtrToStringUTF8(error) ?? "DuckDB could not open an in-memory database.";
                DuckDbNative.duckdb_free(error);
                if (databasePointer != IntPtr.Zero)
                {
                    DuckDbNative.duckdb_close(ref databasePointer);
                }

                throw new DuckDbException(message);
            }

            return DatabaseHandle.Own(databasePointer);
        }
        finally
        {
            DuckDbNative.duckdb_destroy_config(ref config);
        }
    }

    /// <summary>
    /// If some result columns cannot be decoded, prepares the statement again wrapped in a
    /// SELECT that casts just those columns. Returns null when nothing needs a cast, or when that
    /// cannot be known or done (types that depend on parameters; a statement that is not a
    /// query); then reading an undecodable column fails with an error naming it.
    /// </summary>
    private DuckDbPreparedStatement? TryMakeReadable(DuckDbPreparedStatement statement, string sql)
    {
        var columns = statement.ResultColumns();

        // Invalid: the types depend on parameters not bound yet, so they are unknown here.
        if (columns.Any(c => c.Type == DuckDbType.Invalid) ||
            columns.All(c => DuckDbColumnDecoder.CanDecode(c.Type, c.DecimalWidth)))
        {
            return null;
        }

        var select = new StringBuilder("SELECT ");
        for (var i = 0; i < columns.Count; i++)
        {
            var (name, type, width) = columns[i];
            var position = $"#{i + 1}";
            var expression = DuckDbColumnDecoder.CanDecode(type, width)
                ? position
                : $"CAST({position} AS {(type == DuckDbType.Decimal ? "DOUBLE" : "VARCHAR")})";
            select.Append(i == 0 ? string.Empty : ", ").Append(expression).Append(" AS ").Append(SqlText.Identifier(name));
        }

        // The newline keeps a trailing line comment in the user's SQL from swallowing the parenthesis.
        select.Append(" FROM (\n").Append(sql.TrimEnd().TrimEnd(';')).Append("\n)");
        try
        {
            return DuckDbPreparedStatement.Prepare(connection, select.ToString());
        }
        catch (DuckDbException)
        {
            return null;
        }
    }
}

using System.Data.Common;
using DuckDB.NET.Data;

namespace HdCluster.Results.Sql;

/// <summary>
/// An in-memory DuckDB (through DuckDB.NET) locked down before any SQL of a caller runs: it can
/// read the files under one folder and nothing else. External access is off except that folder,
/// extensions are neither installed nor loaded, and the configuration is locked so that no
/// statement can undo any of it. DuckDB still allows writing inside the allowed folder (the same
/// setting governs reads and writes), which is why statements of callers go through
/// <see cref="SelectOnly"/> first.
/// </summary>
internal sealed class ReadOnlyDuckDb : IDisposable
{
    private readonly DuckDBConnection connection;
    private readonly string spillFolder;

    private ReadOnlyDuckDb(DuckDBConnection connection, string spillFolder)
    {
        this.connection = connection;
        this.spillFolder = spillFolder;
    }

    /// <summary>Opens a connection that can read only files under <paramref name="folder"/>.</summary>
    internal static ReadOnlyDuckDb Open(string folder)
    {
        // In-memory DuckDB spills to ./.tmp by default, i.e. wherever the process happens to run.
        var spill = Path.Combine(Path.GetTempPath(), $"hdc-duckdb-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var connection = new DuckDBConnection("Data Source=:memory:");
        var db = new ReadOnlyDuckDb(connection, spill);
        try
        {
            connection.Open();
            var allowed = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
            db.Execute($"""
                SET allowed_directories = [{SqlText.Literal(allowed)}];
                SET temp_directory = {SqlText.Literal(spill)};
                SET autoinstall_known_extensions = false;
                SET autoload_known_extensions = false;
                SET allow_community_extensions = false;
                SET enable_external_access = false;
                SET lock_configuration = true;
                """);
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Runs the store's own statements (views); callers' SQL never comes here unchecked.</summary>
    internal void Execute(string sql)
    {
        Run(() =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
            return 0;
        });
    }

    /// <summary>Runs one query and reads its result whole.</summary>
    internal QueryResult Query(string sql, IReadOnlyList<object?> parameters) => Read(sql, parameters, Materialize);

    /// <summary>Runs one query and hands its reader to <paramref name="read"/>, for results too large to hold.</summary>
    internal T Read<T>(string sql, IReadOnlyList<object?> parameters, Func<DbDataReader, T> read) => Run(() =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
        }

        using var reader = command.ExecuteReader();
        return read(reader);
    });

    public void Dispose()
    {
        connection.Dispose();
        try
        {
            if (Directory.Exists(spillFolder))
            {
                Directory.Delete(spillFolder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Spill files of a closed connection are garbage in the temp folder, not results.
        }
    }

    /// <summary>DuckDB returns TIMESTAMP as a DateTime of kind Unspecified that holds UTC; results say so.</summary>
    internal static object? Value(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var value = reader.GetValue(ordinal);
        return value is DateTime { Kind: DateTimeKind.Unspecified } time ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : value;
    }

    private static QueryResult Materialize(DbDataReader reader)
    {
        var columns = new QueryColumn[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new QueryColumn(reader.GetName(i), reader.GetDataTypeName(i).ToUpperInvariant(), reader.GetFieldType(i));
        }

        var rows = new List<IReadOnlyList<object?>>();
        while (reader.Read())
        {
            var row = new object?[columns.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Value(reader, i);
            }

            rows.Add(row);
        }

        return new QueryResult(columns, rows);
    }

    private static T Run<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw new DuckDbException(e.Message, e);
        }
    }
}

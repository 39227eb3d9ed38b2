using System.Runtime.InteropServices;

namespace HdCluster.Results.Native;

// One owner per native DuckDB object, so that every object is released exactly once, in
// Dispose or, if a caller forgets, by the finalizer; never while a call that uses it runs
// (SafeHandle reference counting keeps it alive across each P/Invoke).

/// <summary>Owns a duckdb_database.</summary>
internal sealed class DatabaseHandle : SafeHandle
{
    public DatabaseHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static DatabaseHandle Own(IntPtr pointer)
    {
        var owned = new DatabaseHandle();
        owned.SetHandle(pointer);
        return owned;
    }

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        DuckDbNative.duckdb_close(ref pointer);
        return true;
    }
}

/// <summary>Owns a duckdb_connection.</summary>
internal sealed class ConnectionHandle : SafeHandle
{
    public ConnectionHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static ConnectionHandle Own(IntPtr pointer)
    {
        var owned = new ConnectionHandle();
        owned.SetHandle(pointer);
        return owned;
    }

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        DuckDbNative.duckdb_disconnect(ref pointer);
        return true;
    }
}

/// <summary>
/// Owns a duckdb_prepared_statement. DuckDB hands one back even when preparing fails (it
/// carries the error), so it is owned from the moment duckdb_prepare returns.
/// </summary>
internal sealed class PreparedStatementHandle : SafeHandle
{
    public PreparedStatementHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static PreparedStatementHandle Own(IntPtr pointer)
    {
        var owned = new PreparedStatementHandle();
        owned.SetHandle(pointer);
        return owned;
    }

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        DuckDbNative.duckdb_destroy_prepare(ref pointer);
        return true;
    }
}

/// <summary>Owns a duckdb_appender; like a prepared statement, it exists (with its error) even when creation failed.</summary>
internal sealed class AppenderHandle : SafeHandle
{
    public AppenderHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static AppenderHandle Own(IntPtr pointer)
    {
        var owned = new AppenderHandle();
        owned.SetHandle(pointer);
        return owned;
    }

    protected override bool ReleaseHandle()
    {
        // Errors were already collected by an explicit close; destroy only frees here.
        var pointer = handle;
        _ = DuckDbNative.duckdb_appender_destroy(ref pointer);
        return true;
    }
}

/// <summary>
/// Owns the memory of a duckdb_result struct and what DuckDB hangs off it. The C API has the
/// caller allocate the struct, so this handle allocates it zeroed (which duckdb_destroy_result
/// accepts even if no query ever filled it) and frees both.
/// </summary>
internal sealed unsafe class ResultHandle : SafeHandle
{
    public ResultHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static ResultHandle Allocate()
    {
        var owned = new ResultHandle();
        owned.SetHandle((IntPtr)NativeMemory.AllocZeroed((nuint)sizeof(DuckDbResultStruct)));
        return owned;
    }

    protected override bool ReleaseHandle()
    {
        DuckDbNative.duckdb_destroy_result(handle);
        NativeMemory.Free((void*)handle);
        return true;
    }
}

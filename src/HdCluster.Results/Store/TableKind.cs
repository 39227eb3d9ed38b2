namespace HdCluster.Results.Store;

/// <summary>
/// The two tables of a sweep: one row per finished cell, and the per-step training curves.
/// The name is at once the merged file's stem, the part files' prefix and the SQL view name.
/// </summary>
internal enum TableKind
{
    Cells,
    Curves,
}

internal static class TableKindNames
{
    internal static string Name(this TableKind kind) => kind == TableKind.Cells ? "cells" : "curves";
}

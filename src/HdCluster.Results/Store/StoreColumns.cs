namespace HdCluster.Results.Store;

/// <summary>Columns with a meaning to the store itself.</summary>
internal static class StoreColumns
{
    /// <summary>The id of the part a row was written in; hidden from the public views.</summary>
    internal const string Part = "_part";

    /// <summary>Names starting with this are the store's; callers' columns may not use it.</summary>
    internal const string ReservedPrefix = "_";
}

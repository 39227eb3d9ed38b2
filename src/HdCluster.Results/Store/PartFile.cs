using System.Globalization;
using System.Text.RegularExpressions;

namespace HdCluster.Results.Store;

/// <summary>
/// One part file, <c>parts/&lt;table&gt;-&lt;id&gt;.parquet</c>. The id is
/// <c>&lt;UTC ticks, 19 digits&gt;-&lt;guid&gt;</c>: ordered by write time as plain text (so
/// SQL can take "the latest" with ORDER BY) and unique without coordination between writers.
/// Every row a part holds carries its id in the <c>_part</c> column, which is how dedup tells
/// which write came last, and how a merged file tells which parts it already contains.
/// </summary>
internal sealed partial record PartFile(TableKind Kind, string Path, string Id)
{
    private static long lastTicks;

    /// <summary>
    /// A fresh id. Ticks are kept strictly increasing within the process so that two writes in
    /// the same clock tick still order as they happened; across machines the clocks decide.
    /// </summary>
    internal static string NewId()
    {
        long observed, ticks;
        do
        {
            observed = Volatile.Read(ref lastTicks);
            ticks = Math.Max(DateTime.UtcNow.Ticks, observed + 1);
        }
        while (Interlocked.CompareExchange(ref lastTicks, ticks, observed) != observed);

        return string.Create(CultureInfo.InvariantCulture, $"{ticks:D19}-{Guid.NewGuid():N}");
    }

    internal static string FileName(TableKind kind, string id) => $"{kind.Name()}-{id}.parquet";

    /// <summary>Recognizes a finished part by name; temp files and anything else are not parts.</summary>
    internal static PartFile? TryParse(TableKind kind, string path)
    {
        var match = PartName().Match(System.IO.Path.GetFileName(path));
        return match.Success && match.Groups["kind"].Value == kind.Name()
            ? new PartFile(kind, path, match.Groups["id"].Value)
            : null;
    }

    [GeneratedRegex("^(?<kind>cells|curves)-(?<id>[0-9]{19}-[0-9a-f]{32})\\.parquet$", RegexOptions.CultureInvariant)]
    private static partial Regex PartName();
}

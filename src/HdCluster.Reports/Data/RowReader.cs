using System.Globalization;
using HdCluster.Results;

namespace HdCluster.Reports.Data;

/// <summary>Typed, by-name access to one row of a <see cref="QueryResult"/>; a missing column reads as null.</summary>
internal sealed class RowReader(IReadOnlyDictionary<string, int> columns, IReadOnlyList<object?> row)
{
    public IEnumerable<string> ColumnNames => columns.Keys;

    /// <summary>Column positions by name (case-insensitive, as SQL compares identifiers), built once per result.</summary>
    public static IReadOnlyDictionary<string, int> Columns(QueryResult result)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < result.Columns.Count; i++)
        {
            index.TryAdd(result.Columns[i].Name, i);
        }

        return index;
    }

    public bool Has(string column) => columns.ContainsKey(column);

    public object? Value(string column) => columns.TryGetValue(column, out var i) ? row[i] : null;

    public string? Text(string column) => Value(column) switch
    {
        null => null,
        string s => s,
        var v => Convert.ToString(v, CultureInfo.InvariantCulture),
    };

    /// <summary>A number as a double; NaN where null or not a number.</summary>
    public double Double(string column) => Value(column) switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        decimal m => (double)m,
        _ => double.NaN,
    };

    public long? Long(string column) => Value(column) switch
    {
        long l => l,
        int i => i,
        double d when double.IsFinite(d) => (long)d,
        _ => null,
    };

    /// <summary>A value as a person reads it in a table or a title ("" for null).</summary>
    public string Display(string column) => Value(column) switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString() ?? "",
    };
}

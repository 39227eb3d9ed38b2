using System.Text;

namespace HdCluster.Reports.Figures;

/// <summary>One dimension's value in a group's key: raw text, how it is shown, and its number if it is one.</summary>
public sealed record GroupKey(string Dimension, string Value, string Display, double? Number);

/// <summary>Cells that share the values of some dimensions (alpha_0 = 0.001): what one figure shows.</summary>
public sealed record CellGroup(IReadOnlyList<GroupKey> Key, IReadOnlyList<Data.CellRow> Cells)
{
    /// <summary>Orders groups by their key values, numbers numerically.</summary>
    public static readonly IComparer<CellGroup> KeyOrder = Comparer<CellGroup>.Create((a, b) =>
    {
        for (var i = 0; i < Math.Min(a.Key.Count, b.Key.Count); i++)
        {
            var (x, y) = (a.Key[i], b.Key[i]);
            var order = x.Number is { } nx && y.Number is { } ny ? nx.CompareTo(ny) : string.CompareOrdinal(x.Value, y.Value);
            if (order != 0)
            {
                return order;
            }
        }

        return a.Key.Count.CompareTo(b.Key.Count);
    });

    /// <summary>"alpha_0 = 0.001, seed = 2"; empty for the one group of a figure that is not split.</summary>
    public string Title => string.Join(", ", Key.Select(k => $"{k.Dimension} = {k.Display}"));

    /// <summary>A file-name part: "alpha_0-0.001_seed-2"; empty when the group has no key.</summary>
    public string Slug
    {
        get
        {
            var text = new StringBuilder();
            foreach (var key in Key)
            {
                if (text.Length > 0)
                {
                    text.Append('_');
                }

                text.Append(Clean(key.Dimension)).Append('-').Append(Clean(key.Value.ToLowerInvariant()));
            }

            return text.ToString();
        }
    }

    private static string Clean(string text) =>
        new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray());
}

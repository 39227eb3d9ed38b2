namespace HdCluster.Sweeps;

/// <summary>"did you mean" for misspelled keys.</summary>
internal static class Suggestions
{
    public static string DidYouMean(string word, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (c, d: Distance(word.ToLowerInvariant(), c)))
            .Where(x => x.d <= Math.Max(2, x.c.Length / 3))
            .OrderBy(x => x.d)
            .ThenBy(x => x.c, StringComparer.Ordinal)
            .Select(x => x.c)
            .FirstOrDefault();
        return best is null ? "" : $"; did you mean '{best}'?";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}

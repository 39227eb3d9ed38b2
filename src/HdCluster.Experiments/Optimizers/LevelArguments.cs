namespace HdCluster.Experiments;

/// <summary>Binds one level's arguments to the keys its kind accepts (with aliases), so that every
/// unknown or mistyped argument is reported with its position and the keys that would be valid.</summary>
internal sealed class LevelArguments
{
    private readonly OptimizerSpec spec;
    private readonly LevelSpec level;
    private readonly Dictionary<string, SpecValue> values = new(StringComparer.Ordinal);

    /// <param name="keys">Canonical key names; the first <paramref name="positionalCount"/> may be given by position.</param>
    /// <param name="aliases">Alternative spellings mapped to canonical keys.</param>
    public LevelArguments(OptimizerSpec spec, LevelSpec level, string[] keys, int positionalCount, IReadOnlyDictionary<string, string>? aliases = null)
    {
        this.spec = spec;
        this.level = level;
        if (level.Positional.Count > positionalCount)
        {
            var extra = level.Positional[positionalCount];
            throw new SpecSyntaxException(spec.Text, extra.Position,
                positionalCount == 0
                    ? $"{level.Kind} takes only named arguments ({string.Join(", ", keys)})"
                    : $"{level.Kind} takes at most {positionalCount} positional argument(s) ({string.Join(", ", keys.Take(positionalCount))}); name the others");
        }

        for (var i = 0; i < level.Positional.Count; i++)
        {
            values[keys[i]] = level.Positional[i];
        }

        foreach (var (name, value) in level.Named)
        {
            var key = aliases != null && aliases.TryGetValue(name, out var canonical) ? canonical : name;
            if (!keys.Contains(key))
            {
                throw new SpecSyntaxException(spec.Text, value.Position,
                    $"unknown argument '{name}' for {level.Kind}; expected one of {string.Join(", ", ValidNames(keys, aliases))}");
            }

            if (values.ContainsKey(key))
            {
                throw new SpecSyntaxException(spec.Text, value.Position, $"'{key}' of {level.Kind} is given twice (by position or alias)");
            }

            values[key] = value;
        }
    }

    // The keys and those aliases that stand for one of them: an alias of a key this kind lacks is not valid here.
    private static IEnumerable<string> ValidNames(string[] keys, IReadOnlyDictionary<string, string>? aliases) =>
        keys.Concat(aliases?.Where(a => keys.Contains(a.Value)).Select(a => a.Key) ?? []).Order(StringComparer.Ordinal);

    public bool Has(string key) => values.ContainsKey(key);

    public bool IsAuto(string key) => values.TryGetValue(key, out var v) && v.IsAuto;

    public double Number(string key, double? fallback = null, bool positive = false, bool nonNegative = false)
    {
        if (!values.TryGetValue(key, out var v))
        {
            return fallback ?? throw new SpecSyntaxException(spec.Text, level.Position, $"{level.Kind} needs '{key}'");
        }

        var n = v.Number ?? throw new SpecSyntaxException(spec.Text, v.Position, $"'{key}' of {level.Kind} must be a number, found '{v}'");
        if (double.IsNaN(n) || double.IsInfinity(n))
        {
            throw new SpecSyntaxException(spec.Text, v.Position, $"'{key}' of {level.Kind} must be finite");
        }

        if (positive && n <= 0)
        {
            throw new SpecSyntaxException(spec.Text, v.Position, $"'{key}' of {level.Kind} must be positive, found {v}");
        }

        if (nonNegative && n < 0)
        {
            throw new SpecSyntaxException(spec.Text, v.Position, $"'{key}' of {level.Kind} must not be negative, found {v}");
        }

        return n;
    }

    public double Fraction(string key, double fallback)
    {
        var n = Number(key, fallback);
        if (n is <= 0 or >= 1)
        {
            throw new SpecSyntaxException(spec.Text, values[key].Position, $"'{key}' of {level.Kind} must lie strictly between 0 and 1, found {values[key]}");
        }

        return n;
    }

    public bool Flag(string key, bool fallback)
    {
        if (!values.TryGetValue(key, out var v))
        {
            return fallback;
        }

        return v.Word switch
        {
            "true" => true,
            "false" => false,
            _ => throw new SpecSyntaxException(spec.Text, v.Position, $"'{key}' of {level.Kind} must be true or false, found '{v}'"),
        };
    }
}

namespace HdCluster.Reports.Charts;

/// <summary>
/// Maps data values onto an axis (0 at <see cref="Min"/>, 1 at <see cref="Max"/>) and names its ticks.
/// <see cref="Fit"/> chooses limits and ticks from the data, so callers never pick tick positions by hand.
/// </summary>
public abstract class Scale
{
    /// <summary>Positive data whose largest value is at least this many times its smallest gets a log axis under <see cref="ScaleKind.Auto"/>.</summary>
    public const double LogRatioThreshold = 30;

    protected Scale(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
        {
            throw new ArgumentException($"A scale needs finite limits with max > min (got {min} .. {max}).");
        }

        Min = min;
        Max = max;
    }

    public abstract ScaleKind Kind { get; }

    public double Min { get; }

    public double Max { get; }

    public abstract IReadOnlyList<Tick> Ticks { get; }

    /// <summary>A factor the tick labels are to be read with ("×10⁻⁴"), shown once on the axis; null when none.</summary>
    public virtual string? Multiplier => null;

    /// <summary>Where <paramref name="value"/> falls: 0 at <see cref="Min"/>, 1 at <see cref="Max"/>; NaN where it cannot be placed (e.g. 0 on a log axis).</summary>
    public abstract double Fraction(double value);

    /// <summary>Whether <paramref name="value"/> lies within the limits (with a little slack for rounding).</summary>
    public bool Contains(double value)
    {
        var f = Fraction(value);
        return f is >= -1e-9 and <= 1 + 1e-9;
    }

    /// <summary>
    /// A scale for <paramref name="values"/> (non-finite ones ignored), of the kind <see cref="Resolve"/> picks.
    /// Limits are widened to round numbers unless given; <paramref name="includeZero"/> (for bars) keeps 0 on a
    /// linear axis, <paramref name="minStep"/> keeps a linear axis's ticks at least that far apart (1 for counts),
    /// <paramref name="pad"/> leaves room beyond data that lies exactly on a round limit (for y axes), and
    /// <paramref name="tight"/> ends the axis at the data instead of at round values (for x axes: the last epoch is the edge).
    /// A log scale ignores values at or below zero; with none left it falls back to linear.
    /// </summary>
    public static Scale Fit(ScaleKind kind, IEnumerable<double> values, double? min = null, double? max = null, bool includeZero = false, double minStep = 0, bool pad = false, bool tight = false)
    {
        if (kind == ScaleKind.Category)
        {
            throw new ArgumentException("A category scale is made from its categories, not fitted to values.", nameof(kind));
        }

        var finite = values.Where(double.IsFinite).ToList();
        var positive = finite.Where(v => v > 0).ToList();
        kind = Resolve(kind, finite);

        if (kind == ScaleKind.Log && (positive.Count > 0 || (min > 0 && max > min)))
        {
            var lo = min ?? positive.DefaultIfEmpty(max ?? 1).Min();
            var hi = max ?? positive.DefaultIfEmpty(min ?? 1).Max();
            return (min.HasValue && max.HasValue) || (tight && hi > lo) ? LogScale.Between(lo, hi) : Override(LogScale.Nice(lo, hi, pad), min, max, minStep);
        }

        var dataLo = finite.Count > 0 ? finite.Min() : 0;
        var dataHi = finite.Count > 0 ? finite.Max() : 1;
        if (includeZero)
        {
            dataLo = Math.Min(dataLo, 0);
            dataHi = Math.Max(dataHi, 0);
        }

        var linearLo = min ?? dataLo;
        var linearHi = max ?? dataHi;
        return (min.HasValue && max.HasValue) || (tight && linearHi > linearLo)
            ? LinearScale.Between(linearLo, linearHi, minStep)
            : Override(LinearScale.Nice(linearLo, linearHi, minStep, pad), min, max, minStep);
    }

    /// <summary>
    /// The kind <see cref="ScaleKind.Auto"/> stands for with these values: log where all finite values are positive
    /// and the largest is at least <see cref="LogRatioThreshold"/> times the smallest, else linear.
    /// </summary>
    public static ScaleKind Resolve(ScaleKind kind, IEnumerable<double> values)
    {
        if (kind != ScaleKind.Auto)
        {
            return kind;
        }

        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count > 0 && finite.All(v => v > 0) && finite.Max() / finite.Min() >= LogRatioThreshold ? ScaleKind.Log : ScaleKind.Linear;
    }

    private static Scale Override(Scale nice, double? min, double? max, double minStep)
    {
        if (min is null && max is null)
        {
            return nice;
        }

        var lo = min ?? nice.Min;
        var hi = max ?? nice.Max;
        return nice.Kind == ScaleKind.Log ? LogScale.Between(lo, hi) : LinearScale.Between(lo, hi, minStep);
    }
}

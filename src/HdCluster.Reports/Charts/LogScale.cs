namespace HdCluster.Reports.Charts;

/// <summary>
/// A base-10 log axis. Ticks are whole decades (labelled 10ⁿ, thinned to at most 7 when the data spans
/// many) with unlabelled minor ticks between; a range holding fewer than three decades is ticked at 1, 2
/// and 5 times powers of ten instead, or at every digit if that is still too few.
/// </summary>
public sealed class LogScale : Scale
{
    private const int MaxMajorDecades = 7;
    private static readonly double[] RoundMantissas = [1, 2, 5];
    private readonly Tick[] ticks;

    private LogScale(double min, double max)
        : base(min, max)
    {
        ticks = MakeTicks(min, max);
    }

    public override ScaleKind Kind => ScaleKind.Log;

    public override IReadOnlyList<Tick> Ticks => ticks;

    /// <summary>
    /// Limits widened from [lo, hi] to round values: whole decades where the data spans two or more,
    /// else the nearest 1, 2 or 5 times a power of ten. Both must be positive. With <paramref name="pad"/>,
    /// data on a round value gets the next one as its limit, so that a constant line is not hidden in the frame.
    /// </summary>
    public static LogScale Nice(double lo, double hi, bool pad = false)
    {
        (lo, hi) = Check(lo, hi);
        if (pad)
        {
            // Just past the data, so that data on a round value gets the next round value as its limit.
            lo *= 1 - 1e-6;
            hi *= 1 + 1e-6;
        }

        if (hi / lo >= 100)
        {
            return new LogScale(Times10(1, (int)Math.Floor(Math.Log10(lo) + 1e-9)), Times10(1, (int)Math.Ceiling(Math.Log10(hi) - 1e-9)));
        }

        return new LogScale(RoundDown(lo), RoundUp(hi));
    }

    /// <summary>Exactly [lo, hi] (both positive), with ticks inside.</summary>
    public static LogScale Between(double lo, double hi)
    {
        (lo, hi) = Check(lo, hi);
        return new LogScale(lo, hi);
    }

    public override double Fraction(double value) =>
        value > 0 && double.IsFinite(value) ? (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min)) : double.NaN;

    private static (double Lo, double Hi) Check(double lo, double hi)
    {
        if (!(lo > 0) || !(hi > 0) || !double.IsFinite(lo) || !double.IsFinite(hi))
        {
            throw new ArgumentException($"A log axis needs positive finite limits (got {lo} .. {hi}).");
        }

        if (lo > hi)
        {
            (lo, hi) = (hi, lo);
        }

        return hi / lo < 1 + 1e-9 ? (lo / 2, hi * 2) : (lo, hi);
    }

    private static Tick[] MakeTicks(double min, double max)
    {
        bool Inside(double v) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);

        var firstExponent = (int)Math.Floor(Math.Log10(min) + 1e-9);
        var lastExponent = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        var exponents = Enumerable.Range(firstExponent, lastExponent - firstExponent + 1).ToArray();
        var decades = exponents.Where(k => Inside(Times10(1, k))).ToArray();
        if (decades.Length >= 3)
        {
            var stride = (int)Math.Ceiling(decades.Length / (double)MaxMajorDecades);
            var major = decades.Where(k => (k - decades[0]) % stride == 0).ToHashSet();
            var result = new List<Tick>();
            foreach (var k in exponents)
            {
                if (major.Contains(k))
                {
                    result.Add(new Tick(Times10(1, k), TickFormat.Decade(k)));
                }
                else if (Inside(Times10(1, k)))
                {
                    result.Add(new Tick(Times10(1, k), "", Major: false));
                }

                if (stride == 1)
                {
                    result.AddRange(Enumerable.Range(2, 8).Select(m => Times10(m, k)).Where(Inside).Select(v => new Tick(v, "", Major: false)));
                }
            }

            return [.. result.OrderBy(t => t.Value)];
        }

        var round = Multiples(exponents, RoundMantissas).Where(Inside).ToArray();
        var majors = round.Length >= 2 ? round : Multiples(exponents, [1, 2, 3, 4, 5, 6, 7, 8, 9]).Where(Inside).ToArray();
        var minors = Multiples(exponents, [1, 2, 3, 4, 5, 6, 7, 8, 9]).Where(Inside).Where(v => !majors.Any(m => Same(m, v)));
        return
        [
            .. majors.Select(v => new Tick(v, TickFormat.Compact(v)))
                .Concat(minors.Select(v => new Tick(v, "", Major: false)))
                .OrderBy(t => t.Value),
        ];
    }

    private static IEnumerable<double> Multiples(IEnumerable<int> exponents, double[] mantissas) =>
        exponents.SelectMany(k => mantissas.Select(m => Times10(m, k)));

    // Parsed rather than multiplied, so that 3e-7 is the double nearest 3e-7 (3 * 1e-7 is not).
    private static double Times10(double mantissa, int exponent) =>
        double.Parse(FormattableString.Invariant($"{mantissa}e{exponent}"), System.Globalization.CultureInfo.InvariantCulture);

    private static bool Same(double a, double b) => Math.Abs(a - b) <= Math.Abs(a) * 1e-9;

    private static double RoundDown(double value)
    {
        var k = (int)Math.Floor(Math.Log10(value) + 1e-12);
        var mantissa = value / Times10(1, k);
        var m = RoundMantissas.Where(r => r <= mantissa * (1 + 1e-9)).Max();
        return Times10(m, k);
    }

    private static double RoundUp(double value)
    {
        var k = (int)Math.Floor(Math.Log10(value) + 1e-12);
        var mantissa = value / Times10(1, k);
        var candidates = RoundMantissas.Append(10).Where(r => r >= mantissa * (1 - 1e-9));
        return Times10(candidates.Min(), k);
    }
}

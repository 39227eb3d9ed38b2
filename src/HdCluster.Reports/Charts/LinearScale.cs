namespace HdCluster.Reports.Charts;

/// <summary>A linear axis with "nice" ticks: steps of 1, 2, 2.5 or 5 times a power of ten.</summary>
public sealed class LinearScale : Scale
{
    private const int TargetIntervals = 5;
    private readonly Tick[] ticks;

    private LinearScale(double min, double max, double step)
        : base(min, max)
    {
        Step = step;
        var first = Math.Ceiling((min / step) - 1e-9);
        var last = Math.Floor((max / step) + 1e-9);
        var values = Enumerable.Range(0, (int)(last - first) + 1).Select(i => Clean((first + i) * step, step)).ToArray();

        // Ticks such as 0.000332, 0.000335 read better as 3.32, 3.35 with "×10⁻⁴" once on the axis.
        var largest = Math.Max(Math.Abs(min), Math.Abs(max));
        if (step < 1e-4 || largest >= 1e6)
        {
            var exponent = (int)Math.Floor(Math.Log10(largest));
            var unit = Math.Pow(10, exponent);
            Multiplier = "×" + TickFormat.Decade(exponent);
            ticks = values.Select(v => new Tick(v, TickFormat.Linear(Math.Round(v / unit, 12), step / unit))).ToArray();
        }
        else
        {
            ticks = values.Select(v => new Tick(v, TickFormat.Linear(v, step))).ToArray();
        }
    }

    public override ScaleKind Kind => ScaleKind.Linear;

    /// <summary>The distance between ticks.</summary>
    public double Step { get; }

    public override IReadOnlyList<Tick> Ticks => ticks;

    public override string? Multiplier { get; }

    /// <summary>
    /// Limits widened from [lo, hi] to the nearest ticks around them (an empty range is opened up around its
    /// value). <paramref name="minStep"/> keeps ticks at least that far apart: 1 for counts such as epochs.
    /// With <paramref name="pad"/>, data lying exactly on a limit gets one more step of room (except at 0),
    /// so that a constant line is not hidden in the frame.
    /// </summary>
    public static LinearScale Nice(double lo, double hi, double minStep = 0, bool pad = false)
    {
        (lo, hi) = Open(lo, hi);
        var step = NiceStep((hi - lo) / TargetIntervals, minStep);
        // Recorded values carry float32 noise (0.1 is 0.10000000149): "on a limit" means within a thousandth of a step.
        var slack = pad ? -1e-3 : 1e-9;
        var min = lo == 0 ? 0 : Math.Floor((lo / step) + slack) * step;
        var max = hi == 0 ? 0 : Math.Ceiling((hi / step) - slack) * step;
        return new LinearScale(Clean(min, step), Clean(max, step), step);
    }

    /// <summary>Exactly [lo, hi], with nice ticks inside.</summary>
    public static LinearScale Between(double lo, double hi, double minStep = 0)
    {
        (lo, hi) = Open(lo, hi);
        return new LinearScale(lo, hi, NiceStep((hi - lo) / TargetIntervals, minStep));
    }

    public override double Fraction(double value) => double.IsFinite(value) ? (value - Min) / (Max - Min) : double.NaN;

    /// <summary>
    /// 1, 2, 2.5, 5 or 10 times a power of ten, the one nearest <paramref name="raw"/>, and at least
    /// <paramref name="minStep"/>; a step of 1 or more with <paramref name="minStep"/> 1 skips 2.5, so ticks stay whole.
    /// </summary>
    public static double NiceStep(double raw, double minStep = 0)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var f = raw / magnitude;
        var nice = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10;
        if (minStep >= 1 && nice == 2.5 && magnitude <= 1)
        {
            nice = 2;
        }

        return Math.Max(nice * magnitude, minStep);
    }

    private static (double Lo, double Hi) Open(double lo, double hi)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi))
        {
            throw new ArgumentException($"Axis limits must be finite (got {lo} .. {hi}).");
        }

        if (lo > hi)
        {
            (lo, hi) = (hi, lo);
        }

        if (hi - lo <= Math.Max(Math.Abs(lo), Math.Abs(hi)) * 1e-12)
        {
            var half = lo == 0 ? 1 : Math.Abs(lo) * 0.1;
            return (lo - half, hi + half);
        }

        return (lo, hi);
    }

    // Multiples of the step computed in floating point pick up noise (0.30000000000000004); snap them back.
    private static double Clean(double value, double step)
    {
        var snapped = Math.Round(value / step) * step;
        var decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(step)), 0, 15);
        snapped = Math.Round(snapped, decimals);
        return Math.Abs(snapped) < step * 1e-9 ? 0 : snapped;
    }
}

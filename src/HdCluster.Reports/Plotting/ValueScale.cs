using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace HdCluster.Reports.Plotting;

/// <summary>How a panel's value axis shows its data.</summary>
public enum ScaleKind
{
    /// <summary>Linear over all the data.</summary>
    Linear,

    /// <summary>Base-10 logarithmic: the data drawn as log10 of itself, ticks labelled in data units.</summary>
    Log,

    /// <summary>Linear, but only over the lower part of the data, where the lines end: the rest runs off the top.</summary>
    Zoomed,
}

/// <summary>
/// A value axis chosen from the lines it must show. Positive data spanning decades gets a log axis. Where the
/// lines' end points differ by little next to the whole span (losses that all fall from 2.3 and end at 0.28 and
/// 0.34), the differences that matter would be squashed: the axis turns logarithmic when that spreads the end
/// points enough, else it zooms onto the range the lines end in. Figures say so in their captions.
/// </summary>
public sealed record ValueScale(ScaleKind Kind, double Min, double Max)
{
    /// <summary>Positive data whose largest value is at least this many times its smallest gets a log axis.</summary>
    public const double LogRatio = 30;

    /// <summary>End points spread over less than this fraction of the axis are squashed.</summary>
    public const double SquashedFraction = 0.2;

    private const double Padding = 0.05;

    /// <summary>An axis for values that are all shown as they are (bars, counts): linear, from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static ValueScale Linear(double min, double max) => new(ScaleKind.Linear, min, max);

    /// <summary>The axis for <paramref name="lines"/>: each line's values in drawing order (non-finite ones ignored).</summary>
    public static ValueScale For(IEnumerable<IEnumerable<double>> lines)
    {
        var finiteLines = lines.Select(l => l.Where(double.IsFinite).ToArray()).Where(l => l.Length > 0).ToArray();
        var all = finiteLines.SelectMany(l => l).ToArray();
        if (all.Length == 0)
        {
            return Linear(0, 1);
        }

        var (min, max) = (all.Min(), all.Max());
        var positive = min > 0;
        if (positive && max / min >= LogRatio)
        {
            return new ValueScale(ScaleKind.Log, min, max);
        }

        // A line ends in the mean of its last tenth (its last value for a few epochs): a minibatch loss's last value is noise.
        var tails = finiteLines.Select(l => l[^Math.Max(1, l.Length / 10)..]).ToArray();
        var ends = tails.Select(t => t.Average()).ToArray();
        if (ends.Length < 2 || !(max > min))
        {
            return Linear(min, max);
        }

        var (lowEnd, highEnd) = (ends.Min(), ends.Max());
        if ((highEnd - lowEnd) / (max - min) >= SquashedFraction)
        {
            return Linear(min, max);
        }

        if (positive && highEnd > lowEnd && Math.Log(highEnd / lowEnd) / Math.Log(max / min) >= SquashedFraction)
        {
            return new ValueScale(ScaleKind.Log, min, max);
        }

        // Room above the highest end for the lines' last stretch (and its noise): a few times the ends' spread at least.
        var spread = highEnd - lowEnd;
        var top = Math.Max(highEnd + Math.Max(3 * spread, 0.05 * (max - min)), tails.Max(t => t.Max()));
        var bottom = Math.Min(min, lowEnd);
        return top - bottom < 0.6 * (max - min) ? new ValueScale(ScaleKind.Zoomed, bottom, top) : Linear(min, max);
    }

    /// <summary>Where a data value is drawn: itself, or its log10 on a log axis (NaN where a log axis cannot show it).</summary>
    public double Map(double value) =>
        Kind == ScaleKind.Log ? (value > 0 ? Math.Log10(value) : double.NaN) : value;

    /// <summary>The axis limits as drawn (in mapped units), with a little room around the data.</summary>
    public (double Bottom, double Top) Limits
    {
        get
        {
            var (lo, hi) = (Map(Min), Map(Max));
            if (!(hi > lo))
            {
                // A constant: a tenth of its size either side (half a decade on a log axis), so that 2e-5 is not drawn as 0 ± 0.5.
                var half = Kind == ScaleKind.Log ? 0.5 : lo != 0 ? Math.Abs(lo) * 0.1 : 0.5;
                return (lo - half, hi + half);
            }

            var pad = (hi - lo) * Padding;
            return (lo - pad, Kind == ScaleKind.Zoomed ? hi : hi + pad);
        }
    }

    /// <summary>How a caption names this axis; null for a plain linear one.</summary>
    public string? Describe() => Kind switch
    {
        ScaleKind.Log => "logarithmic",
        ScaleKind.Zoomed => string.Create(CultureInfo.InvariantCulture, $"zoomed to {TickFormat.Compact(Min)}–{TickFormat.Compact(Max)} so that the final values can be told apart (earlier, higher values run off the top)"),
        _ => null,
    };

    /// <summary>Sets <paramref name="axis"/>'s limits and ticks: on a log axis decade labels (or 1-2-5 labels within a decade or two) and log-spaced minor ticks.</summary>
    public void Apply(Plot plot, IYAxis axis)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(axis);
        var (bottom, top) = Limits;
        plot.Axes.SetLimitsY(bottom, top, axis);
        if (Kind == ScaleKind.Log)
        {
            axis.TickGenerator = LogTicks(bottom, top);
        }
    }

    /// <summary>Ticks for a log axis drawn from <paramref name="bottom"/> to <paramref name="top"/> (log10 units).</summary>
    public static ITickGenerator LogTicks(double bottom, double top)
    {
        if (top - bottom >= 2)
        {
            return new NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new LogMinorTickGenerator { Divisions = 10 },
                LabelFormatter = exponent => TickFormat.Decade((int)Math.Round(exponent)),
            };
        }

        // Within a decade or two whole decades are too few: ticks at 1, 2 and 5 times a power of ten, minor ones at every digit.
        var first = (int)Math.Floor(bottom);
        var last = (int)Math.Ceiling(top);
        var candidates = Enumerable.Range(first, last - first + 1)
            .SelectMany(k => Enumerable.Range(1, 9).Select(m => (Mantissa: m, Value: m * Math.Pow(10, k))))
            .Where(c => Math.Log10(c.Value) >= bottom && Math.Log10(c.Value) <= top)
            .ToArray();
        var majors = candidates.Where(c => c.Mantissa is 1 or 2 or 5).ToArray();
        if (majors.Length < 3)
        {
            majors = candidates;
        }

        var ticks = new NumericManual();
        foreach (var (mantissa, value) in candidates)
        {
            if (majors.Contains((mantissa, value)))
            {
                ticks.AddMajor(Math.Log10(value), TickFormat.Compact(value));
            }
            else
            {
                ticks.AddMinor(Math.Log10(value));
            }
        }

        return ticks;
    }
}

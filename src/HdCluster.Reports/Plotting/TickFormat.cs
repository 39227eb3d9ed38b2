using System.Globalization;
using System.Text;

namespace HdCluster.Reports.Plotting;

/// <summary>
/// Number formatting for tick labels, legends, titles and tables: short, exact where the value is a round
/// number, and powers of ten as 10 with a superscript exponent (10⁻³), as papers print them.
/// </summary>
public static class TickFormat
{
    private const string SuperscriptDigits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    private const char SuperscriptMinus = '⁻';

    /// <summary>10 raised to <paramref name="exponent"/>, written 10⁻³.</summary>
    public static string Decade(int exponent) => "10" + Superscript(exponent);

    /// <summary>A value in few characters: 0.001, 0.0123, 1.5, 250, 10⁻⁶, 2.5×10⁻⁵.</summary>
    public static string Compact(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : "-∞";
        }

        if (value == 0)
        {
            return "0";
        }

        var magnitude = Math.Abs(value);
        if (magnitude is >= 1e-3 and < 1e4)
        {
            // Three significant digits, without the exponent form that "G3" falls back to for thousands.
            var decimals = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(magnitude)));
            var rounded = Math.Round(value, decimals);
            return rounded.ToString("0." + new string('#', Math.Max(decimals, 1)), CultureInfo.InvariantCulture);
        }

        return Scientific(value);
    }

    /// <summary>Mantissa times a power of ten (2.5×10⁻⁵); a bare power of ten as 10⁻⁵.</summary>
    public static string Scientific(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var mantissa = Math.Round(value / Math.Pow(10, exponent), 2);
        if (Math.Abs(mantissa) >= 10)
        {
            mantissa /= 10;
            exponent++;
        }

        var sign = value < 0 ? "-" : "";
        return Math.Abs(Math.Abs(mantissa) - 1) < 1e-9
            ? sign + Decade(exponent)
            : mantissa.ToString("0.##", CultureInfo.InvariantCulture) + "×" + Decade(exponent);
    }

    /// <summary>
    /// Labels for a set of values shown side by side (a grid's alpha_0 values): all as powers of ten (10⁻⁴, 10⁻², 10⁻¹)
    /// when every one is a power of ten, so that the labels read alike; otherwise each <see cref="Compact"/>.
    /// </summary>
    public static string[] Categories(IReadOnlyList<double> values) =>
        values.Count > 0 && values.All(IsPowerOfTen)
            ? values.Select(v => Decade((int)Math.Round(Math.Log10(v)))).ToArray()
            : values.Select(Compact).ToArray();

    /// <summary>Whether <paramref name="value"/> is 10^k for a whole k (up to rounding).</summary>
    public static bool IsPowerOfTen(double value) =>
        value > 0 && Math.Abs(Math.Log10(value) - Math.Round(Math.Log10(value))) < 1e-9;

    private static string Superscript(int exponent)
    {
        var text = new StringBuilder();
        foreach (var c in exponent.ToString(CultureInfo.InvariantCulture))
        {
            text.Append(c == '-' ? SuperscriptMinus : SuperscriptDigits[c - '0']);
        }

        return text.ToString();
    }
}

namespace HdCluster.Reports.Charts;

/// <summary>
/// Categorical colours for lines and bars: the Tableau 10 set (matplotlib's default cycle), which
/// readers of ML papers already know, distinguishable in print and for the common colour-vision deficiencies
/// when paired with dashes.
/// </summary>
public static class Palette
{
    private static readonly Color[] Colors =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"), Color.FromHex("#9467bd"),
        Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"), Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    public static int Count => Colors.Length;

    /// <summary>The <paramref name="index"/>-th colour, cycling after <see cref="Count"/>.</summary>
    public static Color At(int index) => Colors[((index % Colors.Length) + Colors.Length) % Colors.Length];
}

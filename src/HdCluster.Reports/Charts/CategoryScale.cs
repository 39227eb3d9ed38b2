namespace HdCluster.Reports.Charts;

/// <summary>
/// An axis of named categories (alpha_0 values of a grid, methods): category i occupies the band
/// [i - 0.5, i + 0.5] and its tick sits at i.
/// </summary>
public sealed class CategoryScale : Scale
{
    private readonly Tick[] ticks;

    public CategoryScale(IReadOnlyList<string> categories)
        : base(-0.5, Math.Max(categories.Count, 1) - 0.5)
    {
        if (categories.Count == 0)
        {
            throw new ArgumentException("A category axis needs at least one category.", nameof(categories));
        }

        Categories = categories;
        ticks = categories.Select((c, i) => new Tick(i, c)).ToArray();
    }

    public override ScaleKind Kind => ScaleKind.Category;

    public IReadOnlyList<string> Categories { get; }

    public override IReadOnlyList<Tick> Ticks => ticks;

    /// <summary>The width of one category's band as a fraction of the axis.</summary>
    public double BandFraction => 1.0 / Categories.Count;

    public override double Fraction(double value) => double.IsFinite(value) ? (value - Min) / (Max - Min) : double.NaN;
}

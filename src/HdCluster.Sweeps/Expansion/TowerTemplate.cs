using System.Globalization;

namespace HdCluster.Sweeps;

/// <summary>
/// <c>tower: {base: ..., level: ..., height: N}</c>: the optimizer <c>base / level / level / ...</c> with
/// <c>height</c> copies of <c>level</c> stacked on <c>base</c>, so a tower-height experiment is one grid axis.
/// Height 0 is <c>base / none</c>: the base alone, still with the tower (gdtuo) semantics of the taller cells.
/// </summary>
internal sealed record TowerTemplate(Template Base, Template Level, Template Height, SweepPosition Position)
{
    /// <summary>A limit well above anything studied (the papers stop at 20), to catch a stray exponent.</summary>
    public const int MaxHeight = 1000;

    public IEnumerable<Template> Parts => [Base, Level, Height];

    public string Fill(IReadOnlyDictionary<string, string> variables, Func<string> cell)
    {
        var baseSpec = Base.Fill(variables, cell).Trim();
        var level = Level.Fill(variables, cell).Trim();
        var heightText = Height.Fill(variables, cell).Trim();
        if (!int.TryParse(heightText, NumberStyles.None, CultureInfo.InvariantCulture, out var height) || height > MaxHeight)
        {
            throw new SweepFileException(Height.Position, Height.Field,
                $"must be a whole number from 0 to {MaxHeight}, found '{heightText}' in {cell()}");
        }

        return height == 0 ? $"{baseSpec} / none" : string.Join(" / ", Enumerable.Repeat(level, height).Prepend(baseSpec));
    }
}

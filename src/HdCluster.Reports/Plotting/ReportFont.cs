using ScottPlot;

namespace HdCluster.Reports.Plotting;

/// <summary>
/// The one font of every figure, DejaVu Sans, registered with ScottPlot from its file. ScottPlot otherwise looks
/// for fonts among the system's and, finding none, draws figures with no text at all and no error; naming the
/// file makes a missing font an error that says how to install it, and makes figures look the same everywhere.
/// </summary>
public static class ReportFont
{
    public const string Name = "DejaVu Sans";

    /// <summary>Where Debian's fonts-dejavu-core puts the font.</summary>
    public const string DefaultFolder = "/usr/share/fonts/truetype/dejavu";

    public const string InstallAdvice = "install it with `sudo apt-get install fonts-dejavu-core` (./hdc setup does)";

    private static readonly Lock Gate = new();
    private static string? registeredFolder;

    /// <summary>Registers DejaVuSans.ttf and DejaVuSans-Bold.ttf from <paramref name="folder"/> (default <see cref="DefaultFolder"/>) as ScottPlot's default font.</summary>
    /// <exception cref="FileNotFoundException">A font file is missing; the message names it and the package that has it.</exception>
    public static void Register(string? folder = null)
    {
        folder = Path.GetFullPath(folder ?? DefaultFolder);
        lock (Gate)
        {
            if (registeredFolder == folder)
            {
                return;
            }

            var regular = Path.Combine(folder, "DejaVuSans.ttf");
            var bold = Path.Combine(folder, "DejaVuSans-Bold.ttf");
            foreach (var file in new[] { regular, bold })
            {
                if (!File.Exists(file))
                {
                    throw new FileNotFoundException(
                        $"The figures' font {file} does not exist: reports draw their text in {Name} (without it, figures would have no text at all); {InstallAdvice}.",
                        file);
                }
            }

            Fonts.AddFontFile(Name, regular, bold: false, italic: false);
            Fonts.AddFontFile(Name, bold, bold: true, italic: false);
            Fonts.Default = Name;
            registeredFolder = folder;
        }
    }

    /// <summary>Sets every text of <paramref name="plot"/> to the report font, and keeps ScottPlot from picking another per text.</summary>
    public static void Apply(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Font.Set(Name);
        plot.Legend.FontName = Name;
        plot.Legend.SetBestFontOnEachRender = false;
    }
}

namespace HdCluster.Reports;

/// <summary>What <see cref="ReportBuilder"/> reads and writes.</summary>
public sealed record ReportOptions(string ResultsFolder)
{
    /// <summary>Where index.html and figures/ go; default RESULTS/report.</summary>
    public string? OutFolder { get; init; }

    /// <summary>Published curves to overlay; default the repository's shared/reference/paper-curves/baydin2018_epochs.csv when it is found.</summary>
    public string? PublishedFile { get; init; }

    /// <summary>Whether to write a PNG beside each SVG.</summary>
    public bool WritePng { get; init; } = true;

    /// <summary>The folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf; default Debian's (fonts-dejavu-core).</summary>
    public string? FontFolder { get; init; }
}

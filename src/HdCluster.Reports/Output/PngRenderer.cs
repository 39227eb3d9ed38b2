using System.Diagnostics;
using System.Globalization;
using System.Xml;

namespace HdCluster.Reports.Output;

/// <summary>
/// Turns an SVG into a PNG with a tool from the system: <c>rsvg-convert</c> (Debian's librsvg2-bin, small and
/// exact), else a headless Chromium. PNGs are drawn at twice the SVG's size, sharp enough for slides.
/// </summary>
public sealed class PngRenderer
{
    /// <summary>What to tell a user who has neither tool.</summary>
    public const string InstallAdvice =
        "PNG copies were not written: no rsvg-convert (or chromium) on PATH. Install it with `sudo apt-get install librsvg2-bin` (./hdc setup does), then run hdc report again.";

    private const int Zoom = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string[] ChromiumNames = ["chromium", "chromium-browser", "google-chrome"];

    private PngRenderer(string tool, bool isRsvg)
    {
        Tool = tool;
        IsRsvg = isRsvg;
    }

    /// <summary>The tool's path.</summary>
    public string Tool { get; }

    public bool IsRsvg { get; }

    /// <summary>Finds a tool on <paramref name="searchPath"/> (default: $PATH); null when there is none.</summary>
    public static PngRenderer? Find(string? searchPath = null)
    {
        var folders = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string? Which(string name) => folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
        if (Which("rsvg-convert") is { } rsvg)
        {
            return new PngRenderer(rsvg, isRsvg: true);
        }

        return ChromiumNames.Select(Which).FirstOrDefault(p => p is not null) is { } chromium ? new PngRenderer(chromium, isRsvg: false) : null;
    }

    /// <summary>Writes <paramref name="pngPath"/> from <paramref name="svgPath"/>; throws with the tool's message when it fails.</summary>
    public void Convert(string svgPath, string pngPath)
    {
        var start = new ProcessStartInfo(Tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        string? profile = null;
        if (IsRsvg)
        {
            foreach (var argument in new[] { "--zoom", Zoom.ToString(CultureInfo.InvariantCulture), "--background-color", "white", "--format", "png", "--output", pngPath, svgPath })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            var (width, height) = SvgSize(svgPath);
            profile = Directory.CreateTempSubdirectory("hdc-report-chromium-").FullName;
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", $"--user-data-dir={profile}", $"--force-device-scale-factor={Zoom}",
                string.Create(CultureInfo.InvariantCulture, $"--window-size={(int)Math.Ceiling(width)},{(int)Math.Ceiling(height)}"),
                $"--screenshot={Path.GetFullPath(pngPath)}", new Uri(Path.GetFullPath(svgPath)).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }
        }

        try
        {
            Run(start, pngPath);
        }
        finally
        {
            if (profile is not null)
            {
                try
                {
                    Directory.Delete(profile, recursive: true);
                }
                catch (IOException)
                {
                    // A browser profile left in /tmp is harmless.
                }
            }
        }
    }

    private void Run(ProcessStartInfo start, string pngPath)
    {
        using var process = Process.Start(start) ?? throw new IOException($"Could not start {Tool}.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new IOException($"{Path.GetFileName(Tool)} took longer than {Timeout.TotalSeconds:0} s to draw {Path.GetFileName(pngPath)}.");
        }

        if (process.ExitCode != 0 || !File.Exists(pngPath))
        {
            throw new IOException($"{Path.GetFileName(Tool)} failed (exit code {process.ExitCode}) drawing {Path.GetFileName(pngPath)}: {stderr.Result.Trim()}");
        }
    }

    private static (double Width, double Height) SvgSize(string svgPath)
    {
        using var reader = XmlReader.Create(svgPath, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        reader.MoveToContent();
        double Read(string name) => double.TryParse(reader.GetAttribute(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 800;
        return (Read("width"), Read("height"));
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using Xunit.Abstractions;

namespace HdCluster.Reports.Tests;

/// <summary>
/// Opens a written report in headless Chromium through scripts/report-screenshot.sh, as a person would open
/// it from disk. Runs only where chromium is installed (Debian: apt-get install chromium).
/// </summary>
public sealed class ScreenshotTests(ITestOutputHelper output)
{
    private const int ScriptSaysNoBrowser = 3;

    [Fact]
    public async Task A_report_opens_offline_in_headless_chromium()
    {
        var script = FindScript();
        using var temp = new TempFolder();
        var results = temp.Sub("results", "sweep");
        SyntheticSweep.Write(results, "sweep", Sweeps.Quickstart());
        var outcome = ReportBuilder.Build(new ReportOptions(results) { WritePng = false });
        var shot = temp.Sub("page.png");

        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { script, outcome.IndexPath, shot, "1400", "2000" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var errors = await stderr;
        if (process.ExitCode == ScriptSaysNoBrowser)
        {
            output.WriteLine($"skipped: {errors.Trim()}");
            return;
        }

        Assert.True(process.ExitCode == 0, errors);
        var png = File.ReadAllBytes(shot);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(1400, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(2000, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));

        // A blank page compresses to almost nothing; a page with tables and figures does not.
        Assert.True(png.Length > 60_000, $"the screenshot is only {png.Length} bytes: the page looks empty");
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "report-screenshot.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("scripts/report-screenshot.sh was not found above the test's folder.");
    }
}

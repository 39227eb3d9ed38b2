using System.Xml;
using System.Xml.Linq;
using HdCluster.Reports.Plotting;

namespace HdCluster.Reports.Tests;

public sealed class ReportBuilderTests
{
    private static (ReportOutcome Outcome, XDocument Page) Build(TempFolder temp, SyntheticCell[] cells, bool png = false)
    {
        var results = temp.Sub("results", "sweep");
        SyntheticSweep.Write(results, "sweep", cells);
        var outcome = ReportBuilder.Build(new ReportOptions(results) { OutFolder = temp.Sub("report"), WritePng = png, PublishedFile = null });
        return (outcome, LoadPage(outcome.IndexPath));
    }

    private static XDocument LoadPage(string path)
    {
        // The page is written through an XML writer: it must parse as XML, which also proves every tag is closed.
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static IEnumerable<XElement> Elements(XDocument page, string name) => page.Descendants(name);

    private static XElement Table(XDocument page, string cssClass) => Elements(page, "table").Single(t => (string?)t.Attribute("class") == cssClass);

    private static Dictionary<string, string> Totals(XDocument page) =>
        Table(page, "totals").Elements("tr").ToDictionary(r => r.Element("th")!.Value, r => r.Element("td")!.Value);

    [Fact]
    public void The_page_shows_every_figure_from_files_beside_it()
    {
        using var temp = new TempFolder();
        var (outcome, page) = Build(temp, Sweeps.Quickstart());

        var images = Elements(page, "img").Select(i => (string)i.Attribute("src")!).ToArray();

        Assert.Equal(outcome.Figures.Select(f => f.SvgPath), images);
        Assert.All(images, src => Assert.True(File.Exists(Path.Combine(temp.Sub("report"), src)), src));
        Assert.Equal(
            ["learning-curves-alpha_0-0.001", "learning-curves-alpha_0-0.01", "online-tuning"],
            outcome.Figures.Select(f => f.Figure.Name));
        Assert.All(images, src => Assert.DoesNotContain("://", src));
    }

    [Fact]
    public void The_page_fetches_nothing_from_elsewhere()
    {
        using var temp = new TempFolder();
        var (outcome, _) = Build(temp, Sweeps.Quickstart());
        var text = File.ReadAllText(outcome.IndexPath);

        Assert.DoesNotContain("http://", text.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_lists_the_best_cell_of_each_method()
    {
        using var temp = new TempFolder();
        var (_, page) = Build(temp, Sweeps.Quickstart());

        var rows = Table(page, "best").Elements("tr").Skip(1).ToArray();

        Assert.Equal(4, rows.Length);
        Assert.Equal(["SGD", "SGD-HD", "Adam", "Adam-HD"], rows.Select(r => r.Elements("td").First().Nodes().OfType<XText>().First().Value));

        // Each method's best is its alpha_0 = 0.001 cell (the later, faster-falling one): q4..q7.
        Assert.Equal(["q4", "q5", "q6", "q7"], rows.Select(r => r.Elements("td").Last().Value));
    }

    [Fact]
    public void Diverged_and_failed_cells_are_listed_with_their_error_text()
    {
        using var temp = new TempFolder();
        var cells = Sweeps.Quickstart();
        cells[0] = cells[0] with { Status = "diverged", DivergedAtStep = 31, Error = "loss is NaN at step 31", FinalTrainLoss = double.NaN, FinalValidLoss = double.NaN };
        cells[2] = cells[2] with { Status = "failed", Error = "CUDA out of memory", FinalTrainLoss = double.NaN, FinalValidLoss = double.NaN };
        var (_, page) = Build(temp, cells);

        var diverged = Table(page, "diverged").Elements("tr").Skip(1).Single();
        var failed = Table(page, "failed").Elements("tr").Skip(1).Single();

        Assert.Contains("loss is NaN at step 31", diverged.Elements("td").Select(td => td.Value));
        Assert.Contains("31", diverged.Elements("td").Select(td => td.Value));
        Assert.Contains("CUDA out of memory", failed.Elements("td").Select(td => td.Value));
        Assert.Contains("failed", failed.Elements("td").Select(td => td.Value));
    }

    [Fact]
    public void The_summary_totals_device_time_by_device()
    {
        using var temp = new TempFolder();
        var cells = Sweeps.Quickstart().Select((c, i) => c with { Device = i < 3 ? "cuda:0" : "cpu", WallSeconds = 30 }).ToArray();
        var (_, page) = Build(temp, cells);

        var devices = Table(page, "devices").Elements("tr").Skip(1).Select(r => r.Elements("td").Select(td => td.Value).ToArray()).ToArray();
        var totals = Totals(page);

        string[][] expected = [["cpu", "testhost", "5", "2 min 30 s"], ["cuda:0", "testhost", "3", "1 min 30 s"]];
        Assert.Equal(expected, devices);
        Assert.Equal("4 min 00 s", totals["device time"]);
        Assert.StartsWith("8 (8 completed)", totals["cells"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_fused_groups_time_counts_once_and_the_sweeps_wall_time_runs_from_first_start_to_last_finish()
    {
        using var temp = new TempFolder();
        var start = new DateTime(2026, 1, 2, 3, 0, 0, DateTimeKind.Utc);

        // Four cells fused into one 40 s group, then four alone of 10 s each, two at a time: 80 s of device time in 60 s.
        var cells = Sweeps.Quickstart().Select((c, i) => i < 4
            ? c with { GroupId = "g1", WallSeconds = 40, FinishedAt = start.AddSeconds(40) }
            : c with { WallSeconds = 10, FinishedAt = start.AddSeconds(i < 6 ? 50 : 60) }).ToArray();
        var (_, page) = Build(temp, cells);

        var totals = Totals(page);

        Assert.StartsWith("1 min 20 s (each of 1 fused groups, 4 cells, counted once)", totals["device time"], StringComparison.Ordinal);
        Assert.StartsWith("1 min 00 s", totals["wall time of the sweep"], StringComparison.Ordinal);
        Assert.Equal("1 min 20 s", Table(page, "devices").Elements("tr").Skip(1).Single().Elements("td").Last().Value);
    }

    [Fact]
    public void Every_svg_gets_a_png_beside_it()
    {
        using var temp = new TempFolder();
        var (outcome, page) = Build(temp, Sweeps.Towers(), png: true);

        Assert.NotEmpty(outcome.Figures);
        foreach (var figure in outcome.Figures)
        {
            var png = File.ReadAllBytes(Path.Combine(temp.Sub("report"), figure.PngPath!));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            var svg = XDocument.Load(Path.Combine(temp.Sub("report"), figure.SvgPath));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
        }

        Assert.Equal(outcome.Figures.Count, Elements(page, "a").Count(a => ((string?)a.Attribute("href"))?.EndsWith(".png", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void Without_its_font_a_report_is_an_error_that_says_how_to_install_it()
    {
        using var temp = new TempFolder();
        var results = temp.Sub("results", "sweep");
        SyntheticSweep.Write(results, "sweep", Sweeps.Quickstart());

        var error = Assert.Throws<FileNotFoundException>(() => ReportBuilder.Build(new ReportOptions(results) { FontFolder = temp.Sub("no-fonts") }));

        Assert.Contains(Path.Combine(temp.Sub("no-fonts"), "DejaVuSans.ttf"), error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install fonts-dejavu-core", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tower_sweep_gets_learning_curves_tower_heights_and_trajectories()
    {
        using var temp = new TempFolder();
        var (outcome, _) = Build(temp, Sweeps.Towers());

        Assert.Equal(
            ["learning-curves-alpha_0-0.01", "learning-curves-alpha_0-0.1", "tower-heights", "tower-trajectories-alpha_0-0.01", "tower-trajectories-alpha_0-0.1"],
            outcome.Figures.Select(f => f.Figure.Name));
    }

    [Fact]
    public void A_grid_search_gets_its_heatmaps_and_no_online_tuning_bars()
    {
        using var temp = new TempFolder();
        var (outcome, _) = Build(temp, Sweeps.GridSearch());

        var names = outcome.Figures.Select(f => f.Figure.Name).ToArray();

        Assert.Contains("grid-search-train-loss", names);
        Assert.Contains("grid-search-valid-loss", names);
        Assert.DoesNotContain(names, n => n.StartsWith("online-tuning", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_results_folder_still_gets_a_page_that_says_so()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Sub("results", "none"));

        var outcome = ReportBuilder.Build(new ReportOptions(temp.Sub("results", "none")) { WritePng = false });

        Assert.Empty(outcome.Figures);
        Assert.Equal(0, outcome.CellCount);
        Assert.Contains(outcome.Notes, n => n.Contains("no cells", StringComparison.Ordinal));
        Assert.True(File.Exists(temp.Sub("results", "none", "report", "index.html")));
    }

    [Fact]
    public void A_rerun_replaces_the_figures_of_the_last()
    {
        using var temp = new TempFolder();
        var results = temp.Sub("results", "sweep");
        var stale = Directory.CreateDirectory(temp.Sub("report", "figures")).FullName;
        File.WriteAllText(Path.Combine(stale, "old-figure.svg"), "<svg/>");
        SyntheticSweep.Write(results, "sweep", Sweeps.Quickstart());

        ReportBuilder.Build(new ReportOptions(results) { OutFolder = temp.Sub("report"), WritePng = false });

        Assert.False(File.Exists(Path.Combine(stale, "old-figure.svg")));
    }

    [Fact]
    public void A_published_file_that_is_not_one_is_an_error_naming_it()
    {
        using var temp = new TempFolder();
        var results = temp.Sub("results", "sweep");
        SyntheticSweep.Write(results, "sweep", Sweeps.Quickstart());
        File.WriteAllText(temp.Sub("bad.csv"), "a,b\n1,2\n");

        var error = Assert.Throws<FormatException>(() => ReportBuilder.Build(new ReportOptions(results) { PublishedFile = temp.Sub("bad.csv"), WritePng = false }));

        Assert.Contains("bad.csv", error.Message);
    }
}

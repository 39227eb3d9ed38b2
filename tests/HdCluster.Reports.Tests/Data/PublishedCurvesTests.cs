using HdCluster.Experiments;
using HdCluster.Reports.Data;

namespace HdCluster.Reports.Tests.Data;

public sealed class PublishedCurvesTests
{
    private const string Csv = """
        model,method,alpha_0,beta,epoch,iteration,time_s,train_loss_epoch,valid_loss_epoch,alpha_last,alpha_epoch_mean
        logreg,sgd,0.001,0.001,0,0,0,2.22,2.28,0.001,0.001
        logreg,sgd,0.001,0.001,1,470,3.8,1.20,0.77,0.001,0.001
        logreg,sgd_hd,0.001,0.001,0,0,0,2.22,2.28,0.001,0.001
        logreg,sgd_hd,0.001,0.001,1,470,3.9,0.45,0.33,0.019,0.02
        logreg,adam_hd,0.001,1e-07,0,0,0,2.22,2.28,0.001,0.001
        vgg,sgd,0.001,0.001,0,0,0,2.30,2.30,0.001,0.001
        """;

    private static PublishedCurves Load(TempFolder temp, string text = Csv)
    {
        var path = temp.Sub("published.csv");
        File.WriteAllText(path, text);
        return PublishedCurves.Load(path);
    }

    private static CellRow Cell(string optimizer, string model = "logreg", double? alpha0 = null) => new()
    {
        Sweep = "s",
        CellId = "c",
        Status = CellStatusWords.Completed,
        Model = model,
        Dataset = "mnist",
        Optimizer = optimizer,
        Method = MethodSpec.Parse(optimizer),
        Settings = new Dictionary<string, string>(),
        Variables = alpha0 is { } a ? new Dictionary<string, Variable> { ["alpha_0"] = new("x", a) } : new Dictionary<string, Variable>(),
        FinalHyperparameters = new Dictionary<string, double>(),
    };

    [Fact]
    public void Runs_are_grouped_by_setting_with_their_epochs_in_order()
    {
        using var temp = new TempFolder();
        var published = Load(temp);

        Assert.Equal(4, published.Runs.Count);
        var sgdHd = published.Runs.Single(r => r.Method == "sgd_hd");
        Assert.Equal([0, 1], sgdHd.Points.Select(p => p.Epoch));
        Assert.Equal(0.019, sgdHd.Points[1].AlphaLast);
    }

    [Fact]
    public void A_cell_matches_on_model_method_alpha_and_the_hd_beta()
    {
        using var temp = new TempFolder();
        var published = Load(temp);

        Assert.Equal("sgd_hd", published.Match(Cell("sgd_hd(lr=0.001, beta=1e-3, wd=1e-4)"))?.Method);
        Assert.Equal("adam_hd", published.Match(Cell("adam_hd(lr=0.001, beta=1E-07, wd=1e-4)"))?.Method);
        Assert.Null(published.Match(Cell("sgd_hd(lr=0.001, beta=1e-4)")));
        Assert.Null(published.Match(Cell("sgd_hd(lr=0.01, beta=1e-3)")));
        Assert.Null(published.Match(Cell("sgd(lr=0.001)", model: "mlp")));
    }

    [Fact]
    public void Baselines_match_whatever_beta_the_file_gives_them()
    {
        using var temp = new TempFolder();

        Assert.Equal("sgd", Load(temp).Match(Cell("sgd(lr=0.001, wd=1e-4)"))?.Method);
    }

    [Fact]
    public void Our_model_names_map_to_the_papers()
    {
        using var temp = new TempFolder();

        Assert.Equal("vgg", Load(temp).Match(Cell("sgd(lr=0.001)", model: "vgg16_bn"))?.Model);
    }

    [Fact]
    public void Alpha_zero_comes_from_the_sweep_variable_when_the_spec_has_no_number()
    {
        using var temp = new TempFolder();

        Assert.NotNull(Load(temp).Match(Cell("sgd(lr={alpha_0})", alpha0: 0.001)));
    }

    [Fact]
    public void Towers_never_match_single_optimizer_curves()
    {
        using var temp = new TempFolder();

        Assert.Null(Load(temp).Match(Cell("sgd(0.001) / sgd(auto)")));
    }

    [Fact]
    public void A_file_without_the_needed_columns_is_refused_naming_them()
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<FormatException>(() => Load(temp, "model,method,epoch\nlogreg,sgd,0\n"));

        Assert.Contains("alpha_0", error.Message);
        Assert.Contains("published.csv", error.Message);
    }

    [Fact]
    public void The_repository_file_is_found_above_the_results_folder()
    {
        using var temp = new TempFolder();
        var curves = Directory.CreateDirectory(temp.Sub("shared", "reference", "paper-curves")).FullName;
        File.WriteAllText(Path.Combine(curves, PublishedCurves.DefaultFileName), Csv);
        var results = Directory.CreateDirectory(temp.Sub("main", "results", "quickstart")).FullName;

        Assert.Equal(Path.Combine(curves, PublishedCurves.DefaultFileName), PublishedCurves.FindDefault(results));
    }
}

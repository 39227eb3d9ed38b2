namespace HdCluster.Experiments.Tests;

/// <summary>A cell's id is what its results are stored under: known configs keep their known ids, so results
/// folders written before the cell layer moved still resume.</summary>
public class CellIdentityTests
{
    private static readonly CellConfig Baydin = new() { Model = "logreg", Optimizer = "sgd_hd(lr=0.01, beta=0.001, wd=1e-4)", Epochs = 10 };

    public static TheoryData<string, CellConfig> KnownCells => new()
    {
        { "2bbc95f9c0491ffc", Baydin },
        {
            "064b6b8429737374",
            new CellConfig
            {
                Model = "mlp", Optimizer = "sgd(0.01) / rmsprop(auto)", Steps = 500, WallSeconds = 12.5, Seed = 7, BatchSize = 64,
                Device = "cuda:1", Dtype = "double",
            }
        },
        {
            "ca754ef5c163287b",
            new CellConfig
            {
                Model = "mlp_tanh", Optimizer = "adam(1e-3) / sgd(1e-4) / none", Epochs = 10, TrainLimit = 6000, ValidLimit = 1000,
                RecordEvery = 10,
            }
        },
    };

    [Theory]
    [MemberData(nameof(KnownCells))]
    public void A_known_cell_keeps_its_known_id(string id, CellConfig config) => Assert.Equal(id, CellIdentity.Of(config));

    [Fact]
    public void Spelling_the_same_settings_differently_keeps_the_id()
    {
        var respelled = Baydin with { Optimizer = " sgd_hd( wd = 0.0001,beta=1e-3 , lr=1e-2 ) ", Device = "CPU", Dtype = "float", Hidden = [] };

        Assert.Equal(CellIdentity.Of(Baydin), CellIdentity.Of(respelled));
    }

    [Fact]
    public void Cuda_without_an_index_is_cuda_0() =>
        Assert.Equal(CellIdentity.Of(Baydin with { Device = "cuda:0" }), CellIdentity.Of(Baydin with { Device = "cuda" }));

    [Fact]
    public void Changing_the_optimizer_text_reparses_it()
    {
        var other = Baydin with { Optimizer = "adam(1e-3)" };

        Assert.Equal("adam(0.001)", other.ParsedOptimizer.Canonical);
        Assert.IsType<BaydinConfig>(other.ResolvedOptimizer);
        Assert.NotEqual(CellIdentity.Of(Baydin), CellIdentity.Of(other));
    }
}

namespace HdCluster.Torch.Tests;

/// <summary>Autograd through views, reshapes, joins and indexing agrees with central finite differences.</summary>
public class ShapeGradientTests
{
    // Each shape operation is followed by a nonlinearity whose derivative depends on position, so a
    // gradient routed to the wrong element would be caught.
    private static Tensor Mix(Tensor t) => t.tanh() * t;

    [Fact]
    public void ReshapeGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(51);
        GradientCheck.Check(x => Mix(x[0].transpose(0, 1).reshape(3, -1)), TestInputs.Randn(g, 2, 6));
    }

    [Fact]
    public void ViewGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(52);
        GradientCheck.Check(x => Mix(x[0].view(4, 3)), TestInputs.Randn(g, 2, 6));
    }

    [Fact]
    public void FlattenGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(53);
        GradientCheck.Check(x => Mix(x[0].flatten(1)), TestInputs.Randn(g, 2, 3, 2));
    }

    [Fact]
    public void TransposeGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(54);
        GradientCheck.Check(x => Mix(x[0].transpose(0, 2)), TestInputs.Randn(g, 2, 3, 2));
        GradientCheck.Check(x => Mix(x[0].transpose(-1, -2)), TestInputs.Randn(g, 2, 3, 2));
        GradientCheck.Check(x => Mix(x[0].t()), TestInputs.Randn(g, 2, 3));
    }

    [Fact]
    public void PermuteGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(55);
        GradientCheck.Check(x => Mix(x[0].permute(2, 0, 1)).matmul(x[1]), TestInputs.Randn(g, 2, 3, 4), TestInputs.Randn(g, 3, 2));
    }

    [Fact]
    public void CatGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(56);
        GradientCheck.Check(x => Mix(torch.cat([x[0], x[1]], 1)), TestInputs.Randn(g, 2, 3), TestInputs.Randn(g, 2, 2));
    }

    [Fact]
    public void StackGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(57);
        GradientCheck.Check(x => Mix(torch.stack([x[0], x[1] * 2.0, x[0]], 1)), TestInputs.Randn(g, 2, 3), TestInputs.Randn(g, 2, 3));
    }

    [Fact]
    public void IndexSelectGradientAccumulatesOverRepeatedIndices()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(58);
        var index = torch.tensor(new long[] { 2, 0, 2, 3 });
        GradientCheck.Check(x => Mix(x[0].index_select(1, index)), TestInputs.Randn(g, 2, 4));
    }

    [Fact]
    public void NarrowGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(59);
        GradientCheck.Check(x => Mix(x[0].narrow(1, 1, 2)), TestInputs.Randn(g, 3, 4));
    }

    [Fact]
    public void SliceWithStepGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(60);
        GradientCheck.Check(x => Mix(x[0].slice(1, 1, 6, 2)), TestInputs.Randn(g, 2, 6));
    }

    [Fact]
    public void SelectGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(61);
        GradientCheck.Check(x => Mix(x[0].select(1, -1)) + Mix(x[0][1]).sum(), TestInputs.Randn(g, 3, 4));
    }

    [Fact]
    public void ExpandGradientSumsOverTheExpandedDimension()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(62);
        GradientCheck.Check(x => Mix(x[0].expand(4, 3) * x[1]), TestInputs.Randn(g, 1, 3), TestInputs.Randn(g, 4, 3));
    }

    [Fact]
    public void GatherGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(63);
        var index = torch.tensor(new long[] { 0, 2, 2, 1, 1, 0 }, [3, 2]);
        GradientCheck.Check(x => Mix(x[0].gather(1, index)), TestInputs.Randn(g, 3, 3));
    }

    [Fact]
    public void SqueezeAndUnsqueezeGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(64);
        GradientCheck.Check(x => Mix(x[0].squeeze(1).unsqueeze(0)), TestInputs.Randn(g, 3, 1, 2));
    }
}

using HdCluster.Torch;

namespace HdCluster.Models.Tests;

/// <summary>Checks shared by the model tests.</summary>
internal static class ModelAssert
{
    public static long ParameterCount(torch.nn.Module module) => module.parameters().Sum(p => p.Value.numel());

    public static float[] Values(Parameter slot) => slot.Value.detach().@float().data<float>();

    /// <summary>Every parameter and buffer of <paramref name="a"/> equals the one of the same name in <paramref name="b"/>, element for element.</summary>
    public static void SameState(torch.nn.Module a, torch.nn.Module b)
    {
        var left = a.parameters().Concat(a.buffers()).ToList();
        var right = b.parameters().Concat(b.buffers()).ToDictionary(p => p.Name);
        Assert.Equal(left.Count, right.Count);
        foreach (var slot in left)
        {
            Assert.True(Values(slot).SequenceEqual(Values(right[slot.Name])), $"{slot.Name} differs");
        }
    }

    /// <summary>At least one weight of <paramref name="a"/> differs from the same-named one in <paramref name="b"/>.</summary>
    public static void DifferentWeights(torch.nn.Module a, torch.nn.Module b)
    {
        var right = b.parameters().ToDictionary(p => p.Name);
        var differing = a.parameters().Where(p => !Values(p).SequenceEqual(Values(right[p.Name]))).ToList();
        Assert.NotEmpty(differing);
    }

    /// <summary>After a backward from <paramref name="loss"/>, every parameter has a finite gradient, and every
    /// weight a non-zero one. (A convolution bias feeding training-mode batch norm may get an exact zero:
    /// the batch mean cancels it.)</summary>
    public static void GradientReachesEveryParameter(Model model, Tensor loss)
    {
        loss.backward();
        foreach (var p in model.parameters())
        {
            using var scope = torch.NewDisposeScope();
            var grad = p.Value.grad;
            Assert.True(grad != null, $"{p.Name} has no gradient");
            Assert.True(grad.all_finite().item() != 0, $"{p.Name} has a non-finite gradient");
            if (p.Name.EndsWith("weight", StringComparison.Ordinal))
            {
                Assert.True(grad.abs().sum().item() > 0, $"{p.Name} has an all-zero gradient");
            }
        }
    }

    /// <summary>Standard deviation of the elements, over the whole tensor.</summary>
    public static double Std(Parameter slot)
    {
        var v = Values(slot);
        var mean = v.Average(x => (double)x);
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }
}

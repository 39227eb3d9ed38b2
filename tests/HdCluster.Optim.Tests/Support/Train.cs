using HdCluster.Experiments;

namespace HdCluster.Optim.Tests.Support;

/// <summary>Training steps as the trainer takes them: <c>BeginStep()</c>, the loss from the slots' current
/// values, then <c>Step(loss)</c>.</summary>
internal static class Train
{
    public static Optimizer Create(string spec, params Quadratic[] terms) =>
        OptimizerFactory.Create(OptimizerConfigResolver.Resolve(spec), terms.Select(t => t.Slot).ToArray());

    /// <summary>One step on the sum of <paramref name="terms"/>.</summary>
    public static void Step(Optimizer optimizer, params Quadratic[] terms)
    {
        optimizer.BeginStep();
        var loss = terms[0].Loss();
        foreach (var term in terms.Skip(1))
        {
            loss = loss + term.Loss();
        }

        optimizer.Step(loss);
    }

    /// <summary>One step on an arbitrary loss built from the optimizer's slots.</summary>
    public static void Step(Optimizer optimizer, Func<Tensor> loss)
    {
        optimizer.BeginStep();
        optimizer.Step(loss());
    }

    /// <summary>The current value of one hyperparameter, by its recorded name (<c>L1.lr</c>, <c>L2.alpha</c>, ...).</summary>
    public static double Hyper(this Optimizer optimizer, string name)
    {
        var index = optimizer.HyperparameterNames.ToList().IndexOf(name);
        Assert.True(index >= 0, $"no hyperparameter {name} in [{string.Join(", ", optimizer.HyperparameterNames)}]");
        return optimizer.ReadHyperparameters()[index];
    }
}

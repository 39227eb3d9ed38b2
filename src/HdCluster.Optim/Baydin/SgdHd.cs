using HdCluster.Experiments;
using HdCluster.Torch;

namespace HdCluster.Optim.Baydin;

/// <summary>
/// SGD, SGD with (Nesterov) momentum, and their hypergradient variants, with the semantics of the
/// authors' <c>SGDHD</c> and of <c>torch.optim.SGD</c>: L2 decay is added to the gradient first;
/// <c>h = dot(g_t, d_{t-1})</c> over all parameters, where d is the previous update direction
/// (momentum-combined under Nesterov); <c>lr += beta * h</c>; then <c>p -= lr * d_t</c>.
/// The learning rate stays a 0-dim tensor on the parameters' device, as in the authors' code after its
/// first hypergradient update, so no step needs a device sync.
/// </summary>
public sealed class SgdHd : Optimizer
{
    private readonly BaydinConfig config;
    private readonly Tensor?[] previousDirection;
    private readonly Tensor?[] momentumBuffer;
    private Tensor? lr;

    public SgdHd(IReadOnlyList<Parameter> parameters, BaydinConfig config)
        : base(parameters)
    {
        if (config.IsAdam)
        {
            throw new ArgumentException($"{config.Method} is not an SGD method", nameof(config));
        }

        this.config = config;
        previousDirection = new Tensor?[parameters.Count];
        momentumBuffer = new Tensor?[parameters.Count];
        var first = parameters[0].Value;
        Keep(ref lr, torch.scalar(config.Lr, first.dtype, first.device));
    }

    public override IReadOnlyList<string> HyperparameterNames => config.HyperparameterNames;

    protected override IEnumerable<Tensor> HyperparameterTensors() => [lr!];

    protected override void Update(Tensor[] gradients)
    {
        using var noGrad = torch.no_grad();
        var g = new Tensor[gradients.Length];
        for (var i = 0; i < g.Length; i++)
        {
            g[i] = config.WeightDecay != 0 ? gradients[i].add(Parameters[i].Value, config.WeightDecay) : gradients[i];
        }

        if (config.IsHd && previousDirection[0] is not null)
        {
            // Before the first step d_{-1} = 0, so h = 0 and the rate is unchanged: skip the arithmetic.
            var h = g[0].flatten().dot(previousDirection[0]!.flatten());
            for (var i = 1; i < g.Length; i++)
            {
                h = h.add(g[i].flatten().dot(previousDirection[i]!.flatten()));
            }

            Keep(ref lr, lr!.add(h, config.Beta));
        }

        for (var i = 0; i < g.Length; i++)
        {
            var direction = g[i];
            if (config.Momentum != 0)
            {
                if (momentumBuffer[i] is null)
                {
                    Keep(ref momentumBuffer[i], g[i].clone());
                }
                else
                {
                    momentumBuffer[i]!.mul_(config.Momentum).add_(g[i]);
                }

                direction = config.Nesterov ? g[i].add(momentumBuffer[i]!, config.Momentum) : momentumBuffer[i]!.clone();
            }

            Parameters[i].Value.sub_(direction.mul(lr!));
            if (config.IsHd)
            {
                Keep(ref previousDirection[i], direction);
            }
        }
    }

    public override Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor> { ["lr"] = lr!.clone(), ["step"] = torch.scalar(StepCount, ScalarType.Int64) };
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (previousDirection[i] is { } d)
            {
                state[$"previous_direction.{Parameters[i].Name}"] = d.clone();
            }

            if (momentumBuffer[i] is { } b)
            {
                state[$"momentum_buffer.{Parameters[i].Name}"] = b.clone();
            }
        }

        return state;
    }

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        Keep(ref lr, StateValue(state, "lr").clone());
        RestoreStepCount(StateValue(state, "step").itemLong());
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (state.TryGetValue($"previous_direction.{Parameters[i].Name}", out var d))
            {
                Keep(ref previousDirection[i], d.clone());
            }

            if (state.TryGetValue($"momentum_buffer.{Parameters[i].Name}", out var b))
            {
                Keep(ref momentumBuffer[i], b.clone());
            }
        }
    }

    internal static Tensor StateValue(IReadOnlyDictionary<string, Tensor> state, string key) =>
        state.TryGetValue(key, out var value) ? value : throw new ArgumentException($"optimizer state has no entry '{key}'", nameof(state));

    public override void Dispose()
    {
        lr?.Dispose();
        foreach (var t in previousDirection.Concat(momentumBuffer))
        {
            t?.Dispose();
        }

        base.Dispose();
    }
}

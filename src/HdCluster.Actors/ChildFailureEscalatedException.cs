namespace HdCluster.Actors;

/// <summary>
/// The failure a supervisor takes on when it escalates a child's failure, so that its own supervisor sees
/// which child started it (<see cref="Child"/>) and why (<see cref="Exception.InnerException"/>).
/// </summary>
public sealed class ChildFailureEscalatedException : Exception
{
    public ChildFailureEscalatedException(ActorRef child, Exception cause, bool restartBudgetExhausted)
        : base(
            restartBudgetExhausted
                ? $"Child actor {child.Path} exhausted its restart budget, so its supervisor escalated the failure."
                : $"Child actor {child.Path} failed and its supervisor escalated the failure.",
            cause)
    {
        Child = child;
        RestartBudgetExhausted = restartBudgetExhausted;
    }

    public ActorRef Child { get; }

    public bool RestartBudgetExhausted { get; }
}

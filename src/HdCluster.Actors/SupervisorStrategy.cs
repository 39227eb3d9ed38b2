namespace HdCluster.Actors;

/// <summary>
/// How a parent treats a failing child: which directive each exception gets, how restarts back off,
/// and the retry budget after which the parent gives up on restarting.
/// Restart history is kept per child, so one flaky worker cannot spend its siblings' budget.
/// </summary>
/// <remarks>
/// The message whose handler threw is dropped by default: a message that crashed an actor once is
/// likely to crash the fresh instance too, and replaying it by default would turn one poison message
/// into a restart loop that burns the whole budget. Set <see cref="RedeliverFailedMessage"/> when the
/// failure is known to be transient (a timeout, a busy device).
/// </remarks>
public sealed record SupervisorStrategy
{
    /// <summary>Restart on any exception with <see cref="RestartBackoff.Default"/>, at most 10 times a minute, then escalate.</summary>
    public static SupervisorStrategy Default { get; } = new();

    /// <summary>Chooses the directive for each failure; this is where exception types are told apart.</summary>
    public Func<Exception, SupervisorDirective> Decider
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    } = _ => SupervisorDirective.Restart;

    public RestartBackoff Backoff
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    } = RestartBackoff.Default;

    /// <summary>Restarts allowed within <see cref="RestartWindow"/> before the budget is exhausted.</summary>
    public int MaxRestarts
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 10;

    /// <summary>How far back restarts count against the budget; <see cref="Timeout.InfiniteTimeSpan"/> counts them forever.</summary>
    public TimeSpan RestartWindow
    {
        get;
        init
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The restart window must be positive or Timeout.InfiniteTimeSpan.");
            }

            field = value;
        }
    } = TimeSpan.FromMinutes(1);

    /// <summary>What to do once the budget is exhausted: <see cref="SupervisorDirective.Escalate"/> or <see cref="SupervisorDirective.Stop"/>.</summary>
    public SupervisorDirective WhenRestartBudgetExhausted
    {
        get;
        init
        {
            if (value is not (SupervisorDirective.Escalate or SupervisorDirective.Stop))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "An exhausted restart budget can only escalate or stop.");
            }

            field = value;
        }
    } = SupervisorDirective.Escalate;

    /// <summary>Whether the restarted instance receives the message that failed, ahead of the rest of its mailbox.</summary>
    public bool RedeliverFailedMessage { get; init; }
}

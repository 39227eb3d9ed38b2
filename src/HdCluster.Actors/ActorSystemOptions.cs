namespace HdCluster.Actors;

/// <summary>Settings fixed for the lifetime of an <see cref="ActorSystem"/>.</summary>
public sealed record ActorSystemOptions
{
    /// <summary>Receives every kernel and actor log event; the host wires this to Serilog. Null discards them.</summary>
    public Action<ActorLogEvent>? Log { get; init; }

    /// <summary>
    /// The clock for restart backoff, retry windows, ask timeouts and log timestamps; injectable so tests
    /// can step through backoff delays instead of sleeping through them. Shutdown timeouts use the real clock.
    /// </summary>
    public TimeProvider TimeProvider
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    } = TimeProvider.System;

    /// <summary>How top-level actors are supervised. Escalation from a top-level actor stops it, since nothing is above.</summary>
    public SupervisorStrategy GuardianStrategy
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    } = SupervisorStrategy.Default;

    /// <summary>How long <see cref="ActorSystem.DisposeAsync"/> waits for the shutdown to finish.</summary>
    public TimeSpan DisposeTimeout
    {
        get;
        init
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The dispose timeout must be positive or Timeout.InfiniteTimeSpan.");
            }

            field = value;
        }
    } = TimeSpan.FromSeconds(10);
}

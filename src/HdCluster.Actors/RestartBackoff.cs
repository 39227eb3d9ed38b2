namespace HdCluster.Actors;

/// <summary>
/// How long a supervisor waits before restarting a failed child. The delay grows geometrically with
/// the restarts already spent in the current retry window, so a child that fails in a tight loop
/// (a lost GPU, a missing file) backs off instead of spinning, and is capped so recovery stays prompt.
/// </summary>
public sealed record RestartBackoff
{
    public RestartBackoff(TimeSpan initialDelay, TimeSpan maxDelay, double multiplier)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, initialDelay);
        if (!double.IsFinite(multiplier) || multiplier < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The multiplier must be a finite number of at least 1, so delays never shrink.");
        }

        InitialDelay = initialDelay;
        MaxDelay = maxDelay;
        Multiplier = multiplier;
    }

    /// <summary>Restart at once; for failures that are cheap to retry.</summary>
    public static RestartBackoff None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, 1);

    /// <summary>100 ms, doubling, at most 10 s.</summary>
    public static RestartBackoff Default { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), 2);

    public TimeSpan InitialDelay { get; }

    public TimeSpan MaxDelay { get; }

    public double Multiplier { get; }

    /// <summary>The delay before the next restart, given how many restarts the child already had in the window.</summary>
    public TimeSpan DelayFor(int previousRestarts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(previousRestarts);

        // Computed in doubles because the power overflows long ticks after a few dozen restarts.
        var ticks = InitialDelay.Ticks * Math.Pow(Multiplier, previousRestarts);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}

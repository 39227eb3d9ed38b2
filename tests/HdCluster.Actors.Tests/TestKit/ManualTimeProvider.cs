namespace HdCluster.Actors.Tests.TestKit;

/// <summary>
/// A clock that moves only when the test calls <see cref="Advance"/>, so backoff delays can be read off
/// the pending timers and stepped through exactly, without sleeping.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object gate = new();
    private readonly List<ManualTimer> armed = [];
    private DateTimeOffset now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>How far in the future each armed timer fires, soonest first.</summary>
    public IReadOnlyList<TimeSpan> PendingDelays
    {
        get
        {
            lock (gate)
            {
                return armed.Select(timer => timer.DueAt - now).Order().ToArray();
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (gate)
        {
            target = now + by;
        }

        while (true)
        {
            ManualTimer? due;
            lock (gate)
            {
                due = armed.Where(timer => timer.DueAt <= target).MinBy(timer => timer.DueAt);
                if (due is null)
                {
                    now = target;
                    return;
                }

                now = due.DueAt;
                if (due.Period > TimeSpan.Zero)
                {
                    due.DueAt += due.Period;
                }
                else
                {
                    armed.Remove(due);
                }
            }

            due.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock.gate)
            {
                clock.armed.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = clock.now + dueTime;
                    Period = period;
                    clock.armed.Add(this);
                }
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock.gate)
            {
                clock.armed.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

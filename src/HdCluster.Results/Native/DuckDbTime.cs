namespace HdCluster.Results.Native;

/// <summary>
/// DuckDB timestamps are counts since the Unix epoch (microseconds for TIMESTAMP). DuckDB also
/// has ±infinity timestamps far outside <see cref="DateTime"/>'s range; those clamp to
/// <see cref="DateTime.MinValue"/> / <see cref="DateTime.MaxValue"/> instead of throwing while a
/// result is read.
/// </summary>
internal static class DuckDbTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Sub-microsecond ticks are dropped: TIMESTAMP has microsecond resolution.</summary>
    internal static long ToMicros(DateTime utc) => (utc.Ticks - EpochTicks) / TicksPerMicrosecond;

    internal static DateTime FromMicros(long micros) => FromTicksSinceEpoch(micros, TicksPerMicrosecond);

    internal static DateTime FromMillis(long millis) => FromTicksSinceEpoch(millis, TimeSpan.TicksPerMillisecond);

    internal static DateTime FromSeconds(long seconds) => FromTicksSinceEpoch(seconds, TimeSpan.TicksPerSecond);

    internal static DateTime FromNanos(long nanos) => FromTicksSinceEpoch(nanos / 100, 1);

    internal static DateOnly FromDays(int days)
    {
        var dayNumber = (long)DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + days;
        if (dayNumber < DateOnly.MinValue.DayNumber)
        {
            return DateOnly.MinValue;
        }

        return dayNumber > DateOnly.MaxValue.DayNumber ? DateOnly.MaxValue : DateOnly.FromDayNumber((int)dayNumber);
    }

    /// <summary>Values a caller gives for a TIMESTAMP column are stored as UTC.</summary>
    internal static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };

    private static DateTime FromTicksSinceEpoch(long count, long ticksPerUnit)
    {
        var maxCount = (DateTime.MaxValue.Ticks - EpochTicks) / ticksPerUnit;
        var minCount = -(EpochTicks / ticksPerUnit);
        if (count > maxCount)
        {
            return DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        }

        if (count < minCount)
        {
            return DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
        }

        return new DateTime(EpochTicks + (count * ticksPerUnit), DateTimeKind.Utc);
    }
}

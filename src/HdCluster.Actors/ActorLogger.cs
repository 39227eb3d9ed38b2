namespace HdCluster.Actors;

/// <summary>
/// Writes <see cref="ActorLogEvent"/>s to the sink given in <see cref="ActorSystemOptions.Log"/>, tagged with
/// the actor's path. Pass message templates with named holes and the values separately, never interpolated strings.
/// </summary>
public sealed class ActorLogger
{
    private readonly Action<ActorLogEvent>? sink;
    private readonly TimeProvider clock;

    internal ActorLogger(string source, Action<ActorLogEvent>? sink, TimeProvider clock)
    {
        Source = source;
        this.sink = sink;
        this.clock = clock;
    }

    public string Source { get; }

    public void Debug(string messageTemplate, params object?[] propertyValues) =>
        Write(ActorLogLevel.Debug, null, messageTemplate, propertyValues);

    public void Information(string messageTemplate, params object?[] propertyValues) =>
        Write(ActorLogLevel.Information, null, messageTemplate, propertyValues);

    public void Warning(string messageTemplate, params object?[] propertyValues) =>
        Write(ActorLogLevel.Warning, null, messageTemplate, propertyValues);

    public void Error(Exception? exception, string messageTemplate, params object?[] propertyValues) =>
        Write(ActorLogLevel.Error, exception, messageTemplate, propertyValues);

    public void Write(ActorLogLevel level, Exception? exception, string messageTemplate, params object?[] propertyValues)
    {
        if (sink is null)
        {
            return;
        }

        try
        {
            sink(new ActorLogEvent(clock.GetUtcNow(), level, Source, messageTemplate, propertyValues, exception));
        }
        catch (Exception)
        {
            // A broken sink must not take an actor down with it, and there is nowhere left to report to.
        }
    }
}

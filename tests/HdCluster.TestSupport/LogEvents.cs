using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace HdCluster.TestSupport;

/// <summary>A Serilog logger that keeps its events in memory.</summary>
public sealed class LogEvents : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    public LogEvents() => Logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public IReadOnlyList<string> At(LogEventLevel level) => events.Where(e => e.Level == level).Select(e => e.RenderMessage()).ToList();

    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
}

using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace HdCluster.Cli;

/// <summary>The one place logging is configured: readable lines on stderr, and JSON lines in a file when a
/// results folder is known, so every field of every event stays queryable.</summary>
internal static class Logging
{
    public static ILogger Create(string? jsonFile = null, LogEventLevel consoleLevel = LogEventLevel.Information)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .Enrich.WithProperty("Host", Environment.MachineName)
            .WriteTo.Console(
                restrictedToMinimumLevel: consoleLevel,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose);
        if (jsonFile != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonFile))!);
            config = config.WriteTo.File(new CompactJsonFormatter(), jsonFile);
        }

        return config.CreateLogger();
    }
}

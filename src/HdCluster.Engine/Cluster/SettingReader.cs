using System.Globalization;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// Reads one key of the cluster config, the environment variable first, and collects every mistake so that one
/// message names them all, each by its key (and variable, when the variable gave the value).
/// </summary>
internal sealed class SettingReader(string path, Func<string, string?> environment)
{
    private readonly List<string> problems = [];

    public string Text(string key, string? variable, string? fromFile)
    {
        var value = FromEnvironment(variable) ?? fromFile;
        if (string.IsNullOrWhiteSpace(value))
        {
            Problem(key, variable, "must not be empty");
            return "";
        }

        return value.Trim();
    }

    public string? Optional(string? variable, string? fromFile)
    {
        var value = FromEnvironment(variable) ?? fromFile;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public IReadOnlyList<string> List(string key, string variable, IReadOnlyList<string>? fromFile) =>
        FromEnvironment(variable) is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : (fromFile ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    public int Port(string key, string? variable, string? fromFile)
    {
        var text = FromEnvironment(variable) ?? fromFile;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            Problem(key, variable, $"'{text}' is not a port (0-65535)");
            return 0;
        }

        return port;
    }

    public int Number(string key, string? variable, string? fromFile, int minimum)
    {
        var text = FromEnvironment(variable) ?? fromFile;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < minimum)
        {
            Problem(key, variable, $"'{text}' must be a whole number of at least {minimum}");
            return minimum;
        }

        return number;
    }

    public double Seconds(string key, string? variable, string? fromFile)
    {
        var text = FromEnvironment(variable) ?? fromFile;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0))
        {
            Problem(key, variable, $"'{text}' must be a positive number of seconds");
            return 1;
        }

        return seconds;
    }

    public bool Flag(string key, string? variable, string? fromFile)
    {
        var text = (FromEnvironment(variable) ?? fromFile)?.Trim().ToLowerInvariant();
        switch (text)
        {
            case "true" or "yes" or "on" or "1":
                return true;
            case "false" or "no" or "off" or "0" or null or "":
                return false;
            default:
                Problem(key, variable, $"'{text}' is neither true nor false");
                return false;
        }
    }

    public void HostAndPort(string key, string? variable, string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            Problem(key, variable, $"'{value}' is not host:port");
        }
    }

    public void Problem(string key, string? variable, string message) => Add(key, Source(variable), message);

    public T Problem<T>(string key, string? variable, string message)
    {
        Problem(key, variable, message);
        return default!;
    }

    public void ThrowIfAny()
    {
        if (problems.Count > 0)
        {
            throw new ClusterConfigException($"{path}: {string.Join("; ", problems)}");
        }
    }

    private void Add(string key, string? variable, string message) =>
        problems.Add(variable is null ? $"{key}: {message}" : $"{key} (from ${variable}): {message}");

    private string? FromEnvironment(string? variable) =>
        variable is not null && environment(variable) is { Length: > 0 } value ? value : null;

    // Names the variable only when it is what gave the bad value, so the message points at the right place.
    private string? Source(string? variable) => FromEnvironment(variable) is null ? null : variable;
}

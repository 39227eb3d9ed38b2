namespace HdCluster.Training.Replay;

/// <summary>A reference case that cannot be run as written: the message names the case and the key.</summary>
public sealed class ReplayCaseException(string caseName, string problem) : Exception($"reference case '{caseName}': {problem}")
{
    public string CaseName { get; } = caseName;
}

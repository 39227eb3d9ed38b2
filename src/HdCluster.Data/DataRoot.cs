namespace HdCluster.Data;

public enum DataRootSource
{
    CommandLine,
    Environment,
    Config,
    Default,
}

/// <summary>A resolved data folder (absolute path) and which setting chose it, so runs can log where their data came from.</summary>
public sealed record DataRoot(string Path, DataRootSource Source);

namespace HdCluster.Engine.Local;

/// <summary>The coordinator would not run the sweep (its results cannot be read, it is running already); nothing ran.</summary>
public sealed class SweepRefusedException(string reason) : Exception(reason);

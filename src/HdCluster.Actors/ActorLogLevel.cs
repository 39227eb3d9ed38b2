namespace HdCluster.Actors;

/// <summary>Severity of an <see cref="ActorLogEvent"/>; the names match Serilog's levels so the host can map them one to one.</summary>
public enum ActorLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
}

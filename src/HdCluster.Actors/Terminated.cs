namespace HdCluster.Actors;

/// <summary>A watched actor has stopped. Delivered once per watch, through the watcher's mailbox.</summary>
public sealed record Terminated(ActorRef Actor);

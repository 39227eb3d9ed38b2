namespace HdCluster.Actors;

/// <summary>A message that could not be delivered because its recipient had stopped (or never existed as an actor).</summary>
public sealed record DeadLetter(object Message, ActorRef? Sender, ActorRef Recipient);

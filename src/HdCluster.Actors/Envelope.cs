namespace HdCluster.Actors;

/// <summary>A message in a mailbox together with whoever sent it; a struct so that queuing does not allocate.</summary>
internal readonly record struct Envelope(object Message, ActorRef? Sender);

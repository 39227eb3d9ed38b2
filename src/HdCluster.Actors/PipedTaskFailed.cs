namespace HdCluster.Actors;

/// <summary>
/// The asynchronous work piped to an actor failed or was cancelled.
/// It arrives as a message so the actor handles the failure on its own terms, in mailbox order.
/// </summary>
public sealed record PipedTaskFailed(Exception Cause);

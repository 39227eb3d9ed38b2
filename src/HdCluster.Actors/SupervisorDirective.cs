namespace HdCluster.Actors;

/// <summary>What a supervisor does with a child that threw.</summary>
public enum SupervisorDirective
{
    /// <summary>Replace the child's instance with a fresh one from its <see cref="Props"/>, after the backoff delay.</summary>
    Restart,

    /// <summary>Stop the child for good; its watchers receive <see cref="Terminated"/>.</summary>
    Stop,

    /// <summary>Fail the supervisor itself, so the decision moves one level up the hierarchy.</summary>
    Escalate,
}

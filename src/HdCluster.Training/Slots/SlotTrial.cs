namespace HdCluster.Training.Slots;

/// <summary>One measured way to share the cores: <see cref="Slots"/> copies of a cell's training step running at
/// once, each with <see cref="ThreadsPerSlot"/> threads, and the training steps per second of all of them together.</summary>
public sealed record SlotTrial(int Slots, int ThreadsPerSlot, double StepsPerSecond);

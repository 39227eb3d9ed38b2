namespace HdCluster.Training.Slots;

/// <summary>How a device's cores are shared: <see cref="Slots"/> cells train at once, each with
/// <see cref="ThreadsPerSlot"/> libtorch threads; never more threads in all than cores.</summary>
/// <param name="Reason">The measurement the choice rests on, for logs.</param>
public sealed record SlotPlan(int Slots, int ThreadsPerSlot, string Reason);

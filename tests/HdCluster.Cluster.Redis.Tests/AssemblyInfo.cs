// The tests run real processes on a 2-core machine with 3-second leases: one at a time, so that a slow
// neighbour never starves a heartbeat into a false "worker lost".
[assembly: CollectionBehavior(DisableTestParallelization = true)]

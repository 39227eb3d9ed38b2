// Real processes on a 2-core machine with a 1 s heartbeat: one test at a time, so a slow neighbour never starves a
// heartbeat into a false "unreachable".
[assembly: CollectionBehavior(DisableTestParallelization = true)]

using HdCluster.Engine.Status;
using HdCluster.Sweeps;

namespace HdCluster.Engine.Coordination;

/// <summary>
/// The coordinator's record of one open sweep: a state and an attempt count per cell, in the sweep's cell order,
/// plus what waits to run (fused groups and retries as units, cells alone as a cursor over their positions) and
/// what is in flight. Nothing per cell beyond its id, state and attempts: the cells themselves are the sweep's.
/// </summary>
internal sealed class SweepBook
{
    private readonly Dictionary<string, int> index;
    private readonly CellState[] states;
    private readonly int[] attempts;
    private readonly LinkedList<WorkUnit> units = new();
    private readonly Dictionary<int, (string Worker, DateTimeOffset Since, string? Group)> running = [];
    private int[] alone = [];
    private int aloneNext;
    private int writing;

    private SweepBook(SweepDefinition definition, int maxAttempts, Sweep sweep)
    {
        Definition = definition;
        MaxAttempts = maxAttempts;
        Sweep = sweep;
        index = new Dictionary<string, int>(sweep.Cells.Count, StringComparer.Ordinal);
        var position = 0;
        foreach (var cell in sweep.Cells)
        {
            index[cell.Id] = position++;
        }

        states = new CellState[sweep.Cells.Count];
        attempts = new int[sweep.Cells.Count];
    }

    public SweepDefinition Definition { get; }

    public string Name => Definition.Name;

    public int MaxAttempts { get; }

    public Sweep Sweep { get; }

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public bool Stopping { get; set; }

    /// <summary>Why the sweep stopped itself (data it cannot read, results it cannot write); null otherwise.</summary>
    public string? Fault { get; set; }

    /// <summary>Ended; waiting for its files to be merged before it is closed.</summary>
    public bool Closing { get; set; }

    public int Skipped { get; private set; }

    public int Completed { get; private set; }

    public int Diverged { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Cells on a worker or being written: the sweep cannot end while any is.</summary>
    public int InFlight => running.Count + writing;

    /// <summary>True when something waits to be handed out.</summary>
    public bool HasWork()
    {
        // Units whose cells settled meanwhile (a late result of a worker taken for lost) are dropped here.
        while (units.First is { } first && !first.Value.Cells.All(i => states[i] == CellState.Waiting))
        {
            units.RemoveFirst();
        }

        return units.Count > 0 || NextAlone() >= 0;
    }

    /// <summary>A sweep with the cells in <paramref name="done"/> already finished.</summary>
    public static SweepBook Open(SweepDefinition definition, int maxAttempts, Sweep sweep, IReadOnlySet<string> done)
    {
        var book = new SweepBook(definition, maxAttempts, sweep);
        Array.Fill(book.states, CellState.Waiting);

        // Through the ids already indexed: the cells are not built again.
        foreach (var id in done)
        {
            if (book.index.TryGetValue(id, out var i) && book.states[i] != CellState.Skipped)
            {
                book.states[i] = CellState.Skipped;
                book.Skipped++;
            }
        }

        return book;
    }

    public static SweepBook Restore(SweepSnapshot snapshot)
    {
        var book = new SweepBook(snapshot.Definition, snapshot.MaxAttempts, snapshot.Definition.Load());
        for (var i = 0; i < book.states.Length; i++)
        {
            var state = (CellState)snapshot.States[i];
            book.states[i] = state is CellState.Running or CellState.Writing ? CellState.Waiting : state;
            book.attempts[i] = snapshot.Attempts[i];
            book.Count(state, +1);
        }

        return book;
    }

    public SweepSnapshot Snapshot() => new(Definition, MaxAttempts, new string(states.Select(s => (char)s).ToArray()), attempts.ToArray());

    public bool Contains(string cellId) => index.ContainsKey(cellId);

    public SweepCell Cell(string cellId) => Sweep.Cells[index[cellId]];

    public CellState StateOf(string cellId) => states[index[cellId]];

    public int AttemptsOf(string cellId) => attempts[index[cellId]];

    /// <summary>Plans what waits: cells never tried train as the sweep's fusion plan says (groups first: they take
    /// longest, and starting them early shortens the sweep); cells tried before run alone as their next attempt.</summary>
    public SweepFusionPlan Plan()
    {
        units.Clear();
        var fresh = new List<int>();
        for (var i = 0; i < states.Length; i++)
        {
            if (states[i] != CellState.Waiting)
            {
                continue;
            }

            if (attempts[i] == 0)
            {
                fresh.Add(i);
            }
            else
            {
                units.AddLast(new WorkUnit([i], null, attempts[i] + 1));
            }
        }

        // Planned by position: the plan keeps positions and group ids, so the book never holds the sweep's cells.
        var plan = SweepFusion.Plan(Sweep, fresh, Definition.PlanningMemoryBytes, Definition.PlanningDevice);
        foreach (var group in plan.Groups)
        {
            units.AddLast(new WorkUnit([.. group.Positions], group.Id, 1));
        }

        alone = [.. plan.AlonePositions];
        aloneNext = 0;
        return plan;
    }

    /// <summary>The next work to hand out, or null.</summary>
    public WorkUnit? Take()
    {
        if (HasWork() && units.First is { } first)
        {
            units.RemoveFirst();
            return first.Value;
        }

        if (NextAlone() < 0)
        {
            return null;
        }

        var cell = alone[aloneNext++];
        return new WorkUnit([cell], null, attempts[cell] + 1);
    }

    public IReadOnlyList<string> Ids(WorkUnit unit) => unit.Cells.Select(i => Sweep.Cells[i].Id).ToList();

    public void Dispatched(WorkDispatched e, DateTimeOffset now)
    {
        foreach (var id in e.CellIds)
        {
            var i = index[id];
            Leave(i);
            Count(states[i], -1); // a replayed dispatch of a cell found written when the sweep was reopened
            states[i] = CellState.Running;
            attempts[i] = Math.Max(attempts[i], e.Attempt);
            running[i] = (e.Worker, now, e.GroupId);
        }
    }

    /// <summary>A cell trained (or was given up) and its row is on the way to disk.</summary>
    public void Writing(string cellId)
    {
        var i = index[cellId];
        if (states[i] is CellState.Running or CellState.Waiting)
        {
            Leave(i);
            states[i] = CellState.Writing;
            writing++;
        }
    }

    /// <summary>True when the cell was not settled before.</summary>
    public bool Settled(CellSettled e)
    {
        var i = index[e.CellId];
        if (states[i] is CellState.Completed or CellState.Diverged or CellState.Failed or CellState.Skipped)
        {
            return false;
        }

        Leave(i);
        states[i] = e.Status switch
        {
            "completed" => CellState.Completed,
            "diverged" => CellState.Diverged,
            _ => CellState.Failed,
        };
        Count(states[i], +1);
        return true;
    }

    /// <summary>Cells the book still has as waiting, running or writing whose rows are already in the results: skipped
    /// (and counted in <see cref="Skipped"/>).</summary>
    public void SkipFinished(IReadOnlySet<string> done)
    {
        foreach (var id in done)
        {
            if (index.TryGetValue(id, out var i) && states[i] is CellState.Waiting or CellState.Running or CellState.Writing)
            {
                Leave(i);
                states[i] = CellState.Skipped;
                Count(CellState.Skipped, +1);
            }
        }
    }

    /// <summary>Cells back to waiting; those that ran keep their attempt count, so their next run is the next attempt.</summary>
    public void Returned(WorkReturned e)
    {
        foreach (var id in e.CellIds)
        {
            var i = index[id];
            if (states[i] is CellState.Running or CellState.Writing)
            {
                Leave(i);
                states[i] = CellState.Waiting;
            }
        }
    }

    /// <summary>Puts a returned cell at the front of what waits, alone, as its next attempt.</summary>
    public void RunAloneNext(string cellId)
    {
        var i = index[cellId];
        units.AddFirst(new WorkUnit([i], null, attempts[i] + 1));
    }

    /// <summary>Forgets what waits: a stopping sweep hands out nothing more.</summary>
    public void DropWaiting()
    {
        units.Clear();
        aloneNext = alone.Length;
    }

    /// <summary>Cells that were running when the coordinator stopped (their workers may be gone): back to waiting.</summary>
    public IReadOnlyList<string> InterruptedCells() => running.Keys.Select(i => Sweep.Cells[i].Id).ToList();

    public SweepSummary Summary(string resultsRoot) => new(
        Name,
        Path.Combine(resultsRoot, Name),
        states.Length,
        Skipped,
        Completed,
        Diverged,
        Failed,
        states.Length - Skipped - Completed - Diverged - Failed,
        Stopping,
        DateTimeOffset.UtcNow - Started,
        Fault);

    public SweepStatus Status(DateTimeOffset now) => new(
        Name,
        Environment.ProcessId,
        Environment.MachineName,
        now,
        states.Length,
        Skipped,
        states.Count(s => s == CellState.Waiting),
        running.Select(kv => new RunningCell(Sweep.Cells[kv.Key].Id, kv.Value.Worker, kv.Value.Since, attempts[kv.Key], kv.Value.Group)).ToList(),
        Completed,
        Diverged,
        Failed,
        Closing);

    // The next waiting cell alone (its index in the sweep), with the cursor moved onto it; -1 when none is left.
    private int NextAlone()
    {
        var next = aloneNext;
        while (next < alone.Length && states[alone[next]] != CellState.Waiting)
        {
            next++;
        }

        aloneNext = next;
        return next < alone.Length ? alone[next] : -1;
    }

    private void Leave(int i)
    {
        if (states[i] == CellState.Running)
        {
            running.Remove(i);
        }
        else if (states[i] == CellState.Writing)
        {
            writing--;
        }
    }

    private void Count(CellState state, int by)
    {
        switch (state)
        {
            case CellState.Completed: Completed += by; break;
            case CellState.Diverged: Diverged += by; break;
            case CellState.Failed: Failed += by; break;
            case CellState.Skipped: Skipped += by; break;
        }
    }
}

/// <summary>Cells handed out together: one alone, or a fused group; <see cref="Attempt"/> is the attempt they make.</summary>
internal sealed record WorkUnit(int[] Cells, string? GroupId, int Attempt);

namespace HdCluster.Experiments;

/// <summary>What a result column tells about a cell, so that readers can group columns without lists of names.</summary>
public enum ColumnRole
{
    /// <summary>Which row this is: sweep, cell id, attempt (and, in curves, the point of the curve).</summary>
    Identity,

    /// <summary>A setting of the cell (<see cref="CellConfig"/>): part of what was run.</summary>
    Setting,

    /// <summary>A template variable of the sweep file (e.g. <c>alpha_0</c>) that labels the cell; not part of its id.</summary>
    TemplateVariable,

    /// <summary>An optimizer hyperparameter by its recorded name (<c>L1.lr</c>, <c>L2.alpha</c>).</summary>
    Hyperparameter,

    /// <summary>What the run produced: status, losses, accuracy, steps done, divergence, error.</summary>
    Outcome,

    /// <summary>Where, when and how it ran (device, host, worker, fused group, attempts, time); not a setting.</summary>
    Provenance,
}

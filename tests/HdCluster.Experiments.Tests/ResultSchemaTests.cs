namespace HdCluster.Experiments.Tests;

/// <summary>The result schema is defined once; these pin the facts writers and readers rely on.</summary>
public class ResultSchemaTests
{
    [Fact]
    public void Column_names_are_unique_in_each_table()
    {
        Assert.Equal(ResultSchema.Cells.Count, ResultSchema.Cells.Select(c => c.Name.ToLowerInvariant()).Distinct().Count());
        Assert.Equal(ResultSchema.Curves.Count, ResultSchema.Curves.Select(c => c.Name.ToLowerInvariant()).Distinct().Count());
    }

    [Fact]
    public void A_row_is_identified_by_sweep_cell_and_attempt()
    {
        Assert.Equal(["sweep", "cell_id", "attempt"], ResultSchema.Cells.Where(c => c.Role == ColumnRole.Identity).Select(c => c.Name));
        Assert.All(ResultSchema.Cells.Concat(ResultSchema.Curves).Where(c => c.Role == ColumnRole.Identity), c => Assert.False(c.Nullable));
    }

    [Fact]
    public void The_fused_group_is_provenance_not_a_setting()
    {
        var group = ResultSchema.CellColumn("group_id");

        Assert.Equal(new SchemaColumn("group_id", ValueKind.Varchar, true, ColumnRole.Provenance), group);
    }

    [Fact]
    public void The_settings_are_the_cells_settings()
    {
        Assert.Equal(
            ["model", "dataset", "optimizer", "batch_size", "epochs", "steps_budget", "wall_seconds_budget", "seed", "dtype", "record_every", "hidden", "normalize", "train_limit", "valid_limit"],
            ResultSchema.Cells.Where(c => c.Role == ColumnRole.Setting).Select(c => c.Name));
    }

    [Fact]
    public void Status_is_an_outcome_written_as_a_status_word() =>
        Assert.Equal(new SchemaColumn("status", ValueKind.Varchar, false, ColumnRole.Outcome), ResultSchema.CellColumn("STATUS"));

    [Theory]
    [InlineData("0.01", ValueKind.Double)]
    [InlineData("1e-3", ValueKind.Double)]
    [InlineData("adam", ValueKind.Varchar)]
    public void A_template_variable_is_a_number_when_it_reads_as_one(string value, ValueKind kind)
    {
        Assert.Equal(new SchemaColumn("alpha_0", kind, true, ColumnRole.TemplateVariable), ResultSchema.TemplateVariable("alpha_0", value));
        Assert.IsType(kind == ValueKind.Double ? typeof(double) : typeof(string), ResultSchema.TemplateValue(value));
    }

    [Fact]
    public void A_name_taken_by_a_fixed_column_is_recognised_in_any_case()
    {
        Assert.True(ResultSchema.IsFixedCellColumn("Seed"));
        Assert.False(ResultSchema.IsFixedCellColumn("alpha_0"));
        Assert.True(ResultSchema.IsFixedCurveColumn("valid_loss"));
        Assert.False(ResultSchema.IsFixedCurveColumn("L1.lr"));
    }
}

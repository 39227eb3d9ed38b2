using HdCluster.Training.Slots;

namespace HdCluster.Training.Tests.Slots;

public sealed class SlotPlanCacheTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_kept_plan_is_found_again_for_the_same_shape_on_the_same_cpu_only()
    {
        var plan = new SlotPlan(2, 1, "measured 2x1: 100.0 steps/s, 1x2: 50.0 steps/s");
        Assert.Null(new SlotPlanCache(folder.Path, "cpu A").Keep("logreg|shape|2", plan));

        Assert.Equal(plan, new SlotPlanCache(folder.Path, "cpu A").Find("logreg|shape|2"));
        Assert.Null(new SlotPlanCache(folder.Path, "cpu B").Find("logreg|shape|2"));
        Assert.Null(new SlotPlanCache(folder.Path, "cpu A").Find("mlp|shape|2"));
    }

    [Theory]
    [InlineData("{ \"a\": [ not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("")]
    public void A_corrupt_file_is_reported_and_read_as_empty_then_replaced_by_the_next_plan(string content)
    {
        var cache = new SlotPlanCache(folder.Path, "cpu A");
        File.WriteAllText(cache.Path, content);

        Assert.Null(cache.Find("logreg|shape|2"));
        Assert.Contains($"the slot plan cache {cache.Path} is ignored", cache.Problem, StringComparison.Ordinal);

        Assert.Null(cache.Keep("logreg|shape|2", new SlotPlan(1, 2, "measured")));
        Assert.Equal(new SlotPlan(1, 2, "measured"), cache.Find("logreg|shape|2"));
        Assert.Null(cache.Problem);
    }

    [Fact]
    public void A_cache_that_cannot_be_written_says_why_and_throws_nothing()
    {
        // A path through a regular file cannot be a folder, for root too.
        var blocker = folder.Sub("file");
        File.WriteAllText(blocker, "");

        var problem = new SlotPlanCache(Path.Combine(blocker, "cache"), "cpu A").Keep("k", new SlotPlan(1, 1, "r"));

        Assert.Contains("the slot plan cannot be kept in", problem, StringComparison.Ordinal);
    }
}

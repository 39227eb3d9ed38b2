using HdCluster.Experiments;
using HdCluster.Training.Slots;

namespace HdCluster.Training.Tests.Slots;

public sealed class SlotPlannerTests
{
    [Fact]
    public void A_small_model_whose_step_does_not_split_gets_more_slots_of_one_thread()
    {
        // logreg on 2 cores: two slots of one thread train ~1.8x the steps of one slot of two.
        var plan = SlotPlanner.Decide([new SlotTrial(2, 1, 1800), new SlotTrial(1, 2, 1000)], cores: 2);

        Assert.Equal((2, 1), (plan.Slots, plan.ThreadsPerSlot));
    }

    [Fact]
    public void The_big_mlp_whose_step_splits_well_gets_fewer_slots_of_more_threads()
    {
        // 784-1000-1000-10 on 2 cores with passive waiting: one step in 9 ms at 2 threads; two 1-thread slots
        // contending for the caches take 30 ms each.
        var plan = SlotPlanner.Decide([new SlotTrial(2, 1, 2 / 0.030), new SlotTrial(1, 2, 1 / 0.009)], cores: 2);

        Assert.Equal((1, 2), (plan.Slots, plan.ThreadsPerSlot));
        Assert.Contains("1x2", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Within_the_margin_more_slots_are_kept()
    {
        var plan = SlotPlanner.Decide([new SlotTrial(1, 2, 103), new SlotTrial(2, 1, 100)], cores: 2);

        Assert.Equal(2, plan.Slots);
    }

    [Fact]
    public void On_many_cores_the_fastest_sharing_wins_wherever_it_lies()
    {
        var plan = SlotPlanner.Decide(
            [new SlotTrial(16, 1, 400), new SlotTrial(8, 2, 520), new SlotTrial(4, 4, 610), new SlotTrial(2, 8, 480), new SlotTrial(1, 16, 300)],
            cores: 16);

        Assert.Equal((4, 4), (plan.Slots, plan.ThreadsPerSlot));
    }

    [Fact]
    public void A_trial_using_more_threads_than_cores_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => SlotPlanner.Decide([new SlotTrial(2, 2, 100)], cores: 2));

        Assert.Contains("2 slot(s) x 2 thread(s) does not fit 2 cores", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(2, new[] { 1, 2 })]
    [InlineData(6, new[] { 1, 2, 4, 6 })]
    [InlineData(16, new[] { 1, 2, 4, 8, 16 })]
    public void Candidates_never_use_more_threads_than_cores(int cores, int[] threads)
    {
        var candidates = SlotPlanner.Candidates(cores);

        Assert.Equal(threads, candidates.Select(c => c.ThreadsPerSlot));
        Assert.All(candidates, c => Assert.InRange(c.Slots * c.ThreadsPerSlot, 1, cores));
        Assert.All(candidates, c => Assert.Equal(cores / c.ThreadsPerSlot, c.Slots));
    }

    [Fact]
    public void Cells_differing_only_in_rates_and_seeds_share_a_calibration_and_other_shapes_do_not()
    {
        var cell = new CellConfig { Model = "mlp", Optimizer = "sgd_hd(lr=0.01, beta=0.001)", Steps = 1 };

        Assert.Equal(SlotPlanner.ShapeKey(cell, 2), SlotPlanner.ShapeKey(cell with { Optimizer = "sgd_hd(lr=0.1, beta=1e-5)", Seed = 7 }, 2));
        Assert.NotEqual(SlotPlanner.ShapeKey(cell, 2), SlotPlanner.ShapeKey(cell with { Hidden = [100] }, 2));
        Assert.NotEqual(SlotPlanner.ShapeKey(cell, 2), SlotPlanner.ShapeKey(cell with { Optimizer = "sgd_hd(lr=0.01, beta=0.001) / sgd(0.01)" }, 2));
        Assert.NotEqual(SlotPlanner.ShapeKey(cell, 2), SlotPlanner.ShapeKey(cell with { BatchSize = 32 }, 2));
        Assert.NotEqual(SlotPlanner.ShapeKey(cell, 2), SlotPlanner.ShapeKey(cell, 4));
    }

    [Fact]
    public void One_core_or_a_gpu_needs_no_measurement()
    {
        var cell = new CellConfig { Model = "logreg", Optimizer = "sgd(0.1)", Steps = 1 };

        Assert.Equal((1, 1), (SlotPlanner.Plan(cell, 1, "/no/data/needed").Slots, SlotPlanner.Plan(cell, 1, "/no/data/needed").ThreadsPerSlot));
        Assert.Equal(1, SlotPlanner.Plan(cell with { Device = "cuda:0" }, 8, "/no/data/needed").Slots);
    }

    [Fact]
    public void The_calibration_times_every_candidate_on_the_cells_real_step_and_plans_within_the_cores()
    {
        var cell = new CellConfig { Model = "logreg", Optimizer = "sgd_hd(lr=0.01, beta=0.001)", Steps = 1, BatchSize = 32 };

        var trial = SlotCalibration.Measure(cell, TestPaths.DataRoot, slots: 2, threadsPerSlot: 1, warmupSteps: 1, timedSteps: 3);
        var plan = SlotPlanner.Plan(cell, 2, TestPaths.DataRoot);

        Assert.Equal((2, 1), (trial.Slots, trial.ThreadsPerSlot));
        Assert.True(trial.StepsPerSecond > 0 && double.IsFinite(trial.StepsPerSecond));
        Assert.InRange(plan.Slots * plan.ThreadsPerSlot, 1, 2);
        Assert.StartsWith("measured 2x1: ", plan.Reason, StringComparison.Ordinal);
        Assert.Same(plan, SlotPlanner.Plan(cell with { Seed = 9 }, 2, TestPaths.DataRoot));
    }
}

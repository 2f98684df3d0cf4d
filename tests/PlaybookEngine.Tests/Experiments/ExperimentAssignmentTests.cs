using CrmSuite.PlaybookEngine.Experiments;

namespace CrmSuite.PlaybookEngine.Tests.Experiments;

public sealed class ExperimentAssignmentTests
{
    // Computed in another process by another implementation (Python's hashlib: SHA-256 of "account\x1fplaybook\x1fexperiment",
    // first 8 bytes big-endian mod 10000; the variant from "account\x1fplaybook\x1fexperiment\x1fset", first 8 bytes mod the
    // variant count). A process-seeded hash (string.GetHashCode) would differ from run to run and fail here.
    [Theory]
    [InlineData("A000001", "usage-upgrade", "usage-upgrade-2026", 2671, "CheckIn/task/1", 1, 2)]
    [InlineData("A000002", "usage-upgrade", "usage-upgrade-2026", 8370, "CheckIn/task/1", 1, 0)]
    [InlineData("acc-1", "test-play", "exp-1", 8210, "Offer/proposal/1", 0, 0)]
    public void The_assignment_is_a_fixed_function_of_account_playbook_and_experiment_in_every_process(
        string account, string playbook, string experiment, int bucket, string variantSet, int variantOfTwo, int variantOfThree)
    {
        Assert.Equal(bucket, ExperimentAssignment.Bucket(account, playbook, experiment));
        Assert.Equal(variantOfTwo, ExperimentAssignment.Variant(account, playbook, experiment, variantSet, 2));
        Assert.Equal(variantOfThree, ExperimentAssignment.Variant(account, playbook, experiment, variantSet, 3));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2500)]
    [InlineData(5000)]
    public void On_100k_accounts_the_held_out_share_is_within_half_a_percentage_point_of_the_declared_share(int basisPoints)
    {
        var experiment = new PlaybookExperiment("share-check", basisPoints);

        var heldOut = Enumerable.Range(0, 100_000).Count(i => ExperimentAssignment.IsHeldOut($"A{i:D6}", "usage-upgrade", experiment));

        Assert.InRange(heldOut / 1000.0, (basisPoints / 100.0) - 0.5, (basisPoints / 100.0) + 0.5);
    }

    [Fact]
    public void A_new_experiment_id_reshuffles_which_accounts_are_held_out()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => $"A{i:D6}").ToList();
        var before = ids.Where(id => ExperimentAssignment.IsHeldOut(id, "usage-upgrade", new PlaybookExperiment("round-1", 1000))).ToHashSet();
        var after = ids.Where(id => ExperimentAssignment.IsHeldOut(id, "usage-upgrade", new PlaybookExperiment("round-2", 1000))).ToHashSet();

        // Independent draws of 10% overlap on about 10% of each other, not on all.
        var overlap = before.Intersect(after).Count() / (double)before.Count;
        Assert.InRange(overlap, 0.07, 0.13);
    }

    [Fact]
    public void Raising_the_share_keeps_every_held_out_account_held_out()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => $"A{i:D6}").ToList();
        var ten = ids.Where(id => ExperimentAssignment.IsHeldOut(id, "p", new PlaybookExperiment("e", 1000))).ToHashSet();
        var twenty = ids.Where(id => ExperimentAssignment.IsHeldOut(id, "p", new PlaybookExperiment("e", 2000))).ToHashSet();

        Assert.Subset(twenty, ten);
        Assert.True(twenty.Count > ten.Count);
    }

    [Fact]
    public void A_zero_share_holds_no_one_out()
    {
        Assert.DoesNotContain(Enumerable.Range(0, 5000), i => ExperimentAssignment.IsHeldOut($"A{i}", "p", new PlaybookExperiment("e", 0)));
    }

    [Fact]
    public void Variants_split_the_accounts_evenly_and_independently_of_the_holdout_bucket()
    {
        var ids = Enumerable.Range(0, 30_000).Select(i => $"A{i:D6}").ToList();
        var treated = ids.Where(id => !ExperimentAssignment.IsHeldOut(id, "p", new PlaybookExperiment("e", 5000))).ToList();

        var counts = treated.GroupBy(id => ExperimentAssignment.Variant(id, "p", "e", "S/task/1", 2)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(2, counts.Count);
        Assert.InRange(counts[0] / (double)treated.Count, 0.48, 0.52);
    }
}

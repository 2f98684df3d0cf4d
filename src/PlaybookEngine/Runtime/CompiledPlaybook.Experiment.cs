using CrmSuite.PlaybookEngine.Experiments;

namespace CrmSuite.PlaybookEngine.Runtime;

public sealed partial class CompiledPlaybook
{
    /// <summary>
    /// Assigns an instance that has never moved (step 0) to its experiment group, again at every evaluation, so the
    /// assignment follows the front matter: held out exactly when the account's bucket is below the share. Raising the
    /// share keeps every held-out account held out and adds waiting ones; lowering it or removing the experiment releases
    /// the accounts above the new share into the play; a new experiment id reshuffles the waiting accounts. An instance that
    /// has moved was treated and stays in the group it was treated under. <paramref name="heldOut"/> reports an account
    /// newly held out, for the audit.
    /// </summary>
    internal PlaybookInstance AssignExperiment(PlaybookInstance instance, out HeldOutEffect? heldOut)
    {
        heldOut = null;
        if (instance.Step != 0)
        {
            return instance;
        }

        if (Definition.Experiment is not { } experiment)
        {
            return instance.Experiment is null && !instance.HeldOut ? instance : instance with { Experiment = null, HeldOut = false };
        }

        var bucket = ExperimentAssignment.Bucket(instance.AccountId, Id, experiment.Id);
        var held = bucket < experiment.HoldoutBasisPoints;
        if (instance.HeldOut == held && string.Equals(instance.Experiment, experiment.Id, StringComparison.Ordinal))
        {
            return instance;
        }

        if (held)
        {
            var reason = new Reason(instance.State, instance.State,
                $"held out by experiment `{experiment.Id}` ({experiment.HoldoutPercent:0.##}% of eligible accounts)", []);
            heldOut = new HeldOutEffect(IdempotencyKey.For(instance.AccountId, Id, 0, "heldout", 0), instance.AccountId, Id, Version, reason,
                experiment.Id, bucket, experiment.HoldoutBasisPoints);
        }

        return instance with { Experiment = experiment.Id, HeldOut = held };
    }
}

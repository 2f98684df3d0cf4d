namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>
/// Moves in-flight instances to a newly published version of their playbook by state name. An instance whose state no
/// longer exists cannot be placed: it is reported and left on its old version for a person to decide.
/// </summary>
internal static class PlaybookMigration
{
    internal sealed record Result(PlaybookInstance Original, PlaybookInstance? Instance, string? Problem);

    public static Result Migrate(PlaybookInstance instance, CompiledPlaybook target)
    {
        if (instance.PlaybookId != target.Id)
        {
            throw new ArgumentException($"Instance of playbook `{instance.PlaybookId}` cannot migrate to `{target.Id}`.", nameof(target));
        }

        if (instance.Version == target.Version)
        {
            return new Result(instance, instance, null);
        }

        var state = target.IndexOf(instance.State);
        if (state < 0)
        {
            return new Result(instance, null,
                $"account {instance.AccountId}: state `{instance.State}` of {instance.PlaybookId} v{instance.Version} does not exist in v{target.Version}; "
                + $"the account stays there on v{instance.Version} until a version with that state is published");
        }

        // Transition lists may differ between versions, so edge and sustain tracking start afresh in the new version.
        return new Result(instance, instance with
        {
            Version = target.Version,
            ConditionMask = 0,
            TrueSince = CompiledPlaybook.SustainTracking((CompiledState)target.States[state]),
        }, null);
    }
}

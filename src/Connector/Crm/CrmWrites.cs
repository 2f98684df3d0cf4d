using System.Collections.Immutable;

namespace CrmSuite.Connector.Crm;

/// <summary>A task for the account's CSM, upserted by <see cref="Key"/> (the effect's idempotency key).</summary>
internal sealed record CrmTask(
    string Key,
    string AccountId,
    string PlaybookId,
    int PlaybookVersion,
    string State,
    string Subject,
    DateOnly Due,
    string OwnerRole,
    string Priority,
    ImmutableArray<string> Outcomes,
    string Reason,
    DateTimeOffset CreatedAt);

/// <summary>An upgrade proposal, upserted by <see cref="Key"/>.</summary>
internal sealed record CrmProposal(
    string Key,
    string AccountId,
    string PlaybookId,
    int PlaybookVersion,
    string State,
    string OfferId,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    string Reason);

/// <summary>
/// An account's current stage in one playbook, shown on the account form. Upserted by (account, playbook); a stage with a
/// lower <see cref="Step"/> than the stored one is stale (a redelivery) and leaves the row as it is.
/// </summary>
internal sealed record CrmPlaybookStage(
    string Key,
    string AccountId,
    string PlaybookId,
    int PlaybookVersion,
    string Stage,
    int Step,
    DateTimeOffset EnteredAt,
    string Reason);

/// <summary>One batch of writes, delivered together (one transaction in the embedded CRM, one $batch in Dataverse).</summary>
internal sealed record CrmWriteBatch(ImmutableArray<CrmTask> Tasks, ImmutableArray<CrmProposal> Proposals, ImmutableArray<CrmPlaybookStage> Stages)
{
    public int Count => Tasks.Length + Proposals.Length + Stages.Length;
}

using System.Collections.Immutable;
using System.Text.Json.Serialization;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm;

/// <summary>One write to the CRM, addressed by <see cref="Key"/> (the effect's idempotency key). Stored in the outbox as is.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CrmTask), "task")]
[JsonDerivedType(typeof(CrmProposal), "proposal")]
[JsonDerivedType(typeof(CrmPlaybookStage), "stage")]
internal abstract record CrmWrite(string Key, string AccountId, string PlaybookId, int PlaybookVersion, Reason Reason);

/// <summary>A task for the account's CSM, upserted by its key.</summary>
/// <param name="Reason">Why the task exists: the transition and each signal value that fired it (its provenance).</param>
/// <param name="Step">The instance's step when the state opened the task: a later transition supersedes it.</param>
/// <param name="OwnerId">
/// Who works it: the account's CSM when the task opened, or the pool member capacity routing gave it to (docs/routing.md);
/// null leaves it to the CRM (the account's owner when the task is written).
/// </param>
/// <param name="Variant">The message variant whose subject it carries (A/B test of the wording), or null.</param>
internal sealed record CrmTask(
    string Key,
    string AccountId,
    string PlaybookId,
    int PlaybookVersion,
    Reason Reason,
    string State,
    string Subject,
    DateOnly Due,
    string OwnerRole,
    TaskPriority Priority,
    ImmutableArray<string> Outcomes,
    DateTimeOffset CreatedAt,
    int Step = 0,
    string? OwnerId = null,
    VariantChoice? Variant = null)
    : CrmWrite(Key, AccountId, PlaybookId, PlaybookVersion, Reason);

/// <summary>An upgrade proposal, upserted by its key.</summary>
/// <param name="ExpiresOn">The last day it can be accepted: the one validity date the CRM row, the document and the expiry share.</param>
/// <param name="Terms">The license it proposes, as the offers engine computed it; null when no document could be built.</param>
/// <param name="DocumentHtml">The proposal document, rendered and sanitized, as the customer receives it.</param>
/// <param name="Step">The instance's step when the state issued it: leaving the state withdraws it while it is still open.</param>
/// <param name="Variant">The message variant it carries, or null.</param>
/// <param name="Message">The variant's cover message, at the top of the document; null for the control.</param>
internal sealed record CrmProposal(
    string Key,
    string AccountId,
    string PlaybookId,
    int PlaybookVersion,
    Reason Reason,
    string State,
    string OfferId,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    ProposalTerms? Terms = null,
    string? DocumentHtml = null,
    int Step = 0,
    VariantChoice? Variant = null,
    string? Message = null)
    : CrmWrite(Key, AccountId, PlaybookId, PlaybookVersion, Reason);

/// <summary>
/// An account's current stage in one playbook, shown on the account form. Upserted by (account, playbook); a stage with a
/// lower <see cref="Step"/> than the stored one is stale (a redelivery) and leaves the row as it is. Tasks and proposals
/// belong to the state that opened them: writing a stage supersedes the playbook's tasks still open from earlier steps and
/// withdraws its proposals still open from earlier steps, with <see cref="CrmWrite.Reason"/> (the transition) as why.
/// </summary>
internal sealed record CrmPlaybookStage(
    string Key,
    string AccountId,
    string PlaybookId,
    int PlaybookVersion,
    Reason Reason,
    string Stage,
    int Step,
    DateTimeOffset EnteredAt)
    : CrmWrite(Key, AccountId, PlaybookId, PlaybookVersion, Reason);

/// <summary>One batch of writes, delivered together (one transaction in the embedded CRM, one $batch in Dataverse).</summary>
internal sealed record CrmWriteBatch(ImmutableArray<CrmTask> Tasks, ImmutableArray<CrmProposal> Proposals, ImmutableArray<CrmPlaybookStage> Stages)
{
    public int Count => Tasks.Length + Proposals.Length + Stages.Length;

    /// <summary>Sorts writes of any kind into one batch, keeping their order within each kind.</summary>
    public static CrmWriteBatch Of(IEnumerable<CrmWrite> writes)
    {
        var tasks = ImmutableArray.CreateBuilder<CrmTask>();
        var proposals = ImmutableArray.CreateBuilder<CrmProposal>();
        var stages = ImmutableArray.CreateBuilder<CrmPlaybookStage>();
        foreach (var write in writes)
        {
            switch (write)
            {
                case CrmTask t:
                    tasks.Add(t);
                    break;
                case CrmProposal p:
                    proposals.Add(p);
                    break;
                case CrmPlaybookStage s:
                    stages.Add(s);
                    break;
                default:
                    throw new ArgumentException($"Unknown CRM write {write.GetType().Name} ({write.Key}).", nameof(writes));
            }
        }

        return new CrmWriteBatch(tasks.DrainToImmutable(), proposals.DrainToImmutable(), stages.DrainToImmutable());
    }
}

using CrmSuite.Plugins.Context;

namespace CrmSuite.Plugins.Handlers;

/// <summary>
/// One webhook handler, registered in Dataverse as a step on a message and table and reached at <c>/plugins/{Name}</c>.
/// <see cref="Check"/> decides from the event alone (no I/O) whether there is anything to do, so the web host can persist and
/// answer at once; <see cref="HandleAsync"/> does it later, and may run again for the same event (a replay, a restart).
/// </summary>
internal abstract class WebhookHandler
{
    /// <summary>The URL segment and the name used in logs and the inbox, e.g. <c>task-completed</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The table whose events it handles (the step's primary entity).</summary>
    public abstract string Table { get; }

    /// <summary>The steps Dataverse is told about when the handler is registered (one per message and table).</summary>
    public abstract IReadOnlyList<StepRegistration> Steps { get; }

    /// <summary>
    /// Whether the worker hands it each waiting event on its own (the event's row matters) rather than once for all of them
    /// (the work reads what is pending from the CRM anyway).
    /// </summary>
    public virtual bool HandlesEachEvent => false;

    /// <summary>Whether it takes events of <paramref name="table"/>.</summary>
    public virtual bool Takes(string table) => string.Equals(table, Table, StringComparison.Ordinal);

    /// <summary>Whether the event asks for work: <see cref="HandlerVerdict.Act"/> with the work's key, or why it is ignored.</summary>
    public HandlerVerdict Check(PluginContext context, int maxDepth)
    {
        if (!Takes(context.PrimaryEntityName))
        {
            return HandlerVerdict.Ignore($"this handler takes {Table} events, not {context.PrimaryEntityName}");
        }

        // A change our own handling caused comes back as a deeper event: acting on it again could loop.
        if (context.Depth > maxDepth)
        {
            return HandlerVerdict.Ignore($"depth {context.Depth} is beyond {maxDepth}: a change caused by another plugin or workflow (recursion guard)");
        }

        return CheckEvent(context);
    }

    protected abstract HandlerVerdict CheckEvent(PluginContext context);

    /// <summary>Does the work the event asked for; safe to run more than once for the same event.</summary>
    public abstract Task<string> HandleAsync(HandlerVerdict verdict, IPluginActions actions, CancellationToken cancellationToken);

    protected static bool IsMessage(PluginContext context, params string[] messages) => messages.Contains(context.MessageName, StringComparer.Ordinal);
}

/// <summary>What a handler made of an event: act (with what it needs to), or ignore (with why).</summary>
/// <param name="AccountId">The account the event concerns, when the event names it.</param>
internal sealed record HandlerVerdict(bool Acts, string Reason, string? AccountId = null)
{
    /// <summary>The event's table, when the worker hands the handler one event (<see cref="WebhookHandler.HandlesEachEvent"/>).</summary>
    public string? Table { get; init; }

    /// <summary>The event's row id, likewise.</summary>
    public string? RowId { get; init; }

    public static HandlerVerdict Act(string reason, string? accountId = null) => new(true, reason, accountId);

    public static HandlerVerdict Ignore(string reason) => new(false, reason);
}

/// <summary>A step's registration facts (docs/plugins.md explains each).</summary>
/// <param name="Message">The SDK message, e.g. Update.</param>
/// <param name="Table">The step's primary table (its sdkmessagefilter).</param>
/// <param name="Stage">Where in the pipeline.</param>
/// <param name="Mode">Synchronous or asynchronous.</param>
/// <param name="FilteringAttributes">Only changes to these columns call the webhook (empty: any change; Update only).</param>
/// <param name="PostImageAttributes">Columns of the post-image the handler reads (none: no image; post-operation only).</param>
/// <param name="PreImageAttributes">Columns of the pre-image the handler reads (none: no image; not on Create).</param>
internal sealed record StepRegistration(
    string Message,
    string Table,
    PipelineStage Stage,
    ExecutionMode Mode,
    IReadOnlyList<string> FilteringAttributes,
    IReadOnlyList<string> PostImageAttributes,
    IReadOnlyList<string> PreImageAttributes)
{
    /// <summary>The image alias of a pre-image (<c>entityalias</c>), as the handlers' contexts name it.</summary>
    public const string PreImageAlias = "pre";

    /// <summary>The image alias of a post-image.</summary>
    public const string PostImageAlias = "post";
}

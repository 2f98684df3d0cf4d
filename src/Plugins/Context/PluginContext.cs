using System.Collections.Immutable;

namespace CrmSuite.Plugins.Context;

/// <summary>
/// What Dataverse tells a webhook about one event: the execution context of a registered step, the same facts a Dataverse
/// assembly plugin reads from IPluginExecutionContext. Built by <see cref="Parsing.RemoteExecutionContextParser"/>.
/// </summary>
/// <param name="Depth">How deep in a chain of plugin-caused operations this event is: 1 for a user's own change.</param>
/// <param name="CorrelationId">Shared by every event one user operation caused, across plugins and webhooks.</param>
/// <param name="Target">The row being created or updated (the <c>Target</c> input), with only the columns the operation set.</param>
/// <param name="TargetReference">The row a Delete, Assign or SetState names, when the target is a reference rather than a row.</param>
/// <param name="PreImages">Rows as they were before the operation, by the image's alias.</param>
/// <param name="PostImages">Rows as they are after it, by alias (asynchronous post-operation steps always carry one).</param>
/// <param name="SizeExceeded">
/// Dataverse stripped the input parameters, the images and the parent context because the body passed its size limit
/// (header <c>x-ms-dynamics-msg-size-exceeded</c>); a handler must read what it needs from the CRM.
/// </param>
internal sealed record PluginContext(
    string MessageName,
    string PrimaryEntityName,
    Guid PrimaryEntityId,
    PipelineStage Stage,
    ExecutionMode Mode,
    int Depth,
    Guid UserId,
    Guid InitiatingUserId,
    Guid CorrelationId,
    Guid OperationId,
    Guid OrganizationId,
    string OrganizationName,
    DateTimeOffset? OperationCreatedOn,
    bool IsInTransaction,
    PluginEntity? Target,
    EntityReferenceValue? TargetReference,
    ImmutableDictionary<string, AttributeValue> InputParameters,
    ImmutableDictionary<string, AttributeValue> OutputParameters,
    ImmutableDictionary<string, PluginEntity> PreImages,
    ImmutableDictionary<string, PluginEntity> PostImages,
    PluginContext? ParentContext,
    bool SizeExceeded = false)
{
    /// <summary>The first pre-image, whatever its alias (a step usually registers one).</summary>
    public PluginEntity? PreImage => PreImages.Values.FirstOrDefault();

    /// <summary>The first post-image other than Dataverse's own <c>AsynchronousStepPrimaryName</c>, or that one when it is all there is.</summary>
    public PluginEntity? PostImage =>
        PostImages.Where(p => p.Key != AsynchronousPrimaryNameImage).Select(p => p.Value).FirstOrDefault()
        ?? PostImages.GetValueOrDefault(AsynchronousPrimaryNameImage);

    /// <summary>The post-image Dataverse adds to every asynchronous step, holding the row's primary name.</summary>
    public const string AsynchronousPrimaryNameImage = "AsynchronousStepPrimaryName";

    /// <summary>The column's value after the operation: from the target when the operation set it, else the post-image, else the pre-image.</summary>
    public AttributeValue? Current(string column) =>
        Target?[column] ?? PostImage?[column] ?? PreImage?[column];
}

using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Handlers;

namespace CrmSuite.Connector.Crm.Dataverse.Registration;

/// <summary>One image a step should carry (sdkmessageprocessingstepimage).</summary>
/// <param name="Type">imagetype: 0 pre-image, 1 post-image.</param>
/// <param name="MessageProperty">messagepropertyname: <c>Target</c>, or <c>Id</c> for a Create step.</param>
internal sealed record DesiredImage(string Alias, int Type, string MessageProperty, string Attributes);

/// <summary>One step register-plugins keeps in Dataverse, named <c>CrmSuite {handler}: {message} of {table}</c>.</summary>
internal sealed record DesiredStep(string Name, string Handler, StepRegistration Step, IReadOnlyList<DesiredImage> Images)
{
    /// <summary>The prefix of every step CrmSuite registers: a step with it that no handler needs is CrmSuite's to remove.</summary>
    public const string Prefix = "CrmSuite ";

    /// <summary>The rank (execution order within the stage) every CrmSuite step takes.</summary>
    public const int Rank = 1;

    /// <summary>The filtering attributes as Dataverse stores them (comma list), null for none.</summary>
    public string? FilteringAttributes => Step.FilteringAttributes.Count == 0 ? null : string.Join(',', Step.FilteringAttributes);

    /// <summary>Asynchronous steps delete their system job when it succeeds (failures stay visible under System Jobs).</summary>
    public bool AsyncAutoDelete => Step.Mode == ExecutionMode.Asynchronous;

    public string Describe()
    {
        var stage = Step.Stage switch
        {
            PipelineStage.PreValidation => "pre-validation",
            PipelineStage.PreOperation => "pre-operation",
            _ => "post-operation",
        };
        var mode = Step.Mode == ExecutionMode.Synchronous ? "synchronous" : "asynchronous";
        var filtering = FilteringAttributes is { } f ? $", filtering {f}" : "";
        var images = string.Concat(Images.Select(i => $", {(i.Type == 0 ? "pre" : "post")} image {i.Attributes}"));
        return $"{Name} ({stage}, {mode}{filtering}{images})";
    }

    /// <summary>Every step the handlers declare (<see cref="WebhookHandlers.Steps"/>), in a stable order.</summary>
    public static IReadOnlyList<DesiredStep> All() =>
    [
        .. WebhookHandlers.Steps.Select(s => new DesiredStep(
            $"{Prefix}{s.Handler}: {s.Step.Message} of {s.Step.Table}", s.Handler, s.Step, ImagesOf(s.Step))),
    ];

    private static IReadOnlyList<DesiredImage> ImagesOf(StepRegistration step)
    {
        var property = step.Message == "Create" ? "Id" : "Target";
        var images = new List<DesiredImage>();
        if (step.PreImageAttributes.Count > 0)
        {
            images.Add(new DesiredImage(StepRegistration.PreImageAlias, 0, property, string.Join(',', step.PreImageAttributes)));
        }

        if (step.PostImageAttributes.Count > 0)
        {
            images.Add(new DesiredImage(StepRegistration.PostImageAlias, 1, property, string.Join(',', step.PostImageAttributes)));
        }

        return images;
    }
}

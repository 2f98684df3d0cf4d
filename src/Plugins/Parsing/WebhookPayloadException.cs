namespace CrmSuite.Plugins.Parsing;

/// <summary>
/// The body is not a Dataverse RemoteExecutionContext: the message names the JSON path at fault and what was expected,
/// e.g. <c>$.InputParameters[0].value.Attributes[3].value: expected an EntityReference with an Id, got …</c>.
/// </summary>
internal sealed class WebhookPayloadException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    public string JsonPath { get; } = path;
}

namespace CrmSuite.Plugins.Handlers;

/// <summary>The handlers the connector serves, by the name in their URL.</summary>
internal static class WebhookHandlers
{
    public static IReadOnlyList<WebhookHandler> All { get; } =
        [new TaskCompletedHandler(), new ProposalAnsweredHandler(), new SubscriptionChangedHandler()];

    public static WebhookHandler? Find(string name) => All.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.Ordinal));
}

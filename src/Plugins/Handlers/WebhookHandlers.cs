namespace CrmSuite.Plugins.Handlers;

/// <summary>The handlers the connector serves, by the name in their URL.</summary>
internal static class WebhookHandlers
{
    public static IReadOnlyList<WebhookHandler> All { get; } =
        [new TaskCompletedHandler(), new ProposalAnsweredHandler(), new SubscriptionChangedHandler(), new DiscountReviewHandler()];

    public static WebhookHandler? Find(string name) => All.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// Every step <c>crmsuite dataverse register-plugins</c> registers, with the handler whose URL it calls: the inbox
    /// handlers' and the synchronous discount check's.
    /// </summary>
    public static IReadOnlyList<(string Handler, StepRegistration Step)> Steps { get; } =
    [
        .. All.SelectMany(h => h.Steps.Select(s => (h.Name, s))),
        .. DiscountCeilingHandler.Steps.Select(s => (DiscountCeilingHandler.HandlerName, s)),
    ];
}

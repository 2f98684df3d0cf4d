using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Webhooks;

/// <summary>
/// The webhook endpoints Dataverse calls (<c>Plugins</c> section). They answer only when a credential is set: the
/// WebhookKey Dataverse sends as the <c>code</c> query value, or an HttpHeader name and value. Neither is ever logged.
/// </summary>
internal sealed class WebhookOptions
{
    public const string Section = "Plugins";

    /// <summary>The key of a WebhookKey service endpoint (<c>Plugins:WebhookKey</c>), sent by Dataverse as <c>?code=…</c>.</summary>
    public string? WebhookKey { get; set; }

    /// <summary>The header an HttpHeader service endpoint sends (<c>Plugins:HeaderName</c>), e.g. <c>X-CrmSuite-Webhook</c>.</summary>
    public string? HeaderName { get; set; }

    /// <summary>Its value (<c>Plugins:HeaderValue</c>).</summary>
    public string? HeaderValue { get; set; }

    /// <summary>Largest body accepted, in bytes (<c>Plugins:MaxBodyBytes</c>); Dataverse strips a context past 256 KB itself.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Events deeper than this are ignored (<c>Plugins:MaxDepth</c>): the recursion guard.</summary>
    public int MaxDepth { get; set; } = 1;

    /// <summary>The inbox where every accepted event is stored before it is handled (<c>Plugins:InboxPath</c>).</summary>
    public string InboxPath { get; set; } = Path.Combine("data", "webhooks.db");

    /// <summary>
    /// The Dynamics 365 user (systemuserid) who owns the deal desk's approval tasks (<c>Plugins:DealDeskOwnerId</c>); unset, a
    /// task is owned by the connector's application user.
    /// </summary>
    public string? DealDeskOwnerId { get; set; }

    /// <summary>The shortest key or header value accepted, in characters.</summary>
    public const int MinSecretLength = 16;

    public bool Enabled => !string.IsNullOrEmpty(WebhookKey) || !string.IsNullOrEmpty(HeaderName);
}

/// <summary>Checks the webhook options at start, naming the key at fault and never echoing a secret.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        if (options.WebhookKey is { Length: > 0 and < WebhookOptions.MinSecretLength })
        {
            failures.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.WebhookKey)} must be at least {WebhookOptions.MinSecretLength} characters.");
        }

        if (string.IsNullOrEmpty(options.HeaderName) != string.IsNullOrEmpty(options.HeaderValue))
        {
            failures.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.HeaderName)} and {WebhookOptions.Section}:{nameof(WebhookOptions.HeaderValue)} must be set together.");
        }
        else if (options.HeaderValue is { Length: > 0 and < WebhookOptions.MinSecretLength })
        {
            failures.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.HeaderValue)} must be at least {WebhookOptions.MinSecretLength} characters.");
        }

        if (options.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.MaxBodyBytes)} must be between 1024 and 67108864, got {options.MaxBodyBytes}.");
        }

        if (options.MaxDepth is < 1 or > 8)
        {
            failures.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.MaxDepth)} must be between 1 and 8, got {options.MaxDepth}.");
        }

        if (options.DealDeskOwnerId is { Length: > 0 } owner && !Guid.TryParse(owner, out _))
        {
            failures.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.DealDeskOwnerId)} must be a systemuserid (a GUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6), got '{owner}'.");
        }

        if (string.IsNullOrWhiteSpace(options.InboxPath))
        {
            failures.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.InboxPath)} must name the inbox's SQLite file, e.g. data/webhooks.db.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}

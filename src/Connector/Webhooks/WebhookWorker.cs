using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using CrmSuite.Connector.Crm.Dataverse.Connection;
using CrmSuite.Plugins.Handlers;

namespace CrmSuite.Connector.Webhooks;

/// <summary>
/// Handles the inbox's events after the web request has answered: woken by each accepted event (and once at start, for
/// events a stopped host left), it runs each handler once for all of its waiting events — ten completed tasks are one
/// pass over the pending outcomes — and marks them handled. A failure leaves them pending for the next wake-up; the CRM
/// keeps the underlying event too, so the next scheduled sync applies it in any case.
/// </summary>
internal sealed partial class WebhookWorker(IWebhookInbox inbox, IPluginActions actions, TimeProvider time, ILogger<WebhookWorker> logger)
    : BackgroundService
{
    private const int Batch = 500;

    /// <summary>How long after a failed pass the worker tries again on its own.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a pass over the inbox soon; many calls before it runs make one pass.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Handles every waiting event once; returns how many were handled and whether a handler failed (its events stay
    /// pending). Runs on the worker's loop (and in tests).
    /// </summary>
    public async Task<(int Handled, bool Failed)> HandleWaitingAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        var failed = false;
        while (!failed && await inbox.ReadPendingAsync(Batch, cancellationToken) is { Count: > 0 } pending)
        {
            foreach (var group in pending.GroupBy(p => p.Handler, StringComparer.Ordinal))
            {
                if (WebhookHandlers.Find(group.Key) is not { } handler)
                {
                    await inbox.RecordAsync([.. group.Select(p => p.Id)], handled: true, $"no handler named {group.Key}", time.GetUtcNow(), cancellationToken);
                    continue;
                }

                // Most handlers read what is pending from the CRM, so one pass serves every waiting event; a handler whose work
                // is the event's own row gets each event alone.
                IEnumerable<IReadOnlyList<PendingWebhookEvent>> passes = handler.HandlesEachEvent ? group.Select(e => (IReadOnlyList<PendingWebhookEvent>)[e]) : [[.. group]];
                foreach (var pass in passes)
                {
                    var passIds = pass.Select(p => p.Id).ToList();
                    try
                    {
                        var first = pass[0];
                        var verdict = HandlerVerdict.Act(first.Verdict, first.AccountId) with { Table = first.Entity, RowId = first.RowId };
                        // The CRM writes this makes are the plugin's own: Dataverse delivers what they trigger one level deeper.
                        using var correlation = DataverseCorrelation.Begin(first.CorrelationId);
                        var result = await handler.HandleAsync(verdict, actions, cancellationToken);
                        await inbox.RecordAsync(passIds, handled: true, result, time.GetUtcNow(), cancellationToken);
                        handled += passIds.Count;
                        LogHandled(handler.Name, passIds.Count, result);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        await inbox.RecordAsync(passIds, handled: false, $"failed: {ex.Message}", time.GetUtcNow(), cancellationToken);
                        LogFailed(ex, handler.Name, passIds.Count);
                        failed = true;
                    }
                }
            }
        }

        return (handled, failed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Wake();
        try
        {
            while (await _wake.Reader.WaitToReadAsync(stoppingToken))
            {
                _wake.Reader.TryRead(out _);
                if ((await HandleWaitingAsync(stoppingToken)).Failed)
                {
                    _ = RetryLaterAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; what is not handled stays in the inbox for the next start.
        }
    }

    private async Task RetryLaterAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(RetryDelay, time, stoppingToken);
            Wake();
        }
        catch (OperationCanceledException)
        {
            // Stopping: the inbox keeps the events for the next start.
        }
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Webhook {Handler}: {Count} event(s) handled: {Result}")]
    private partial void LogHandled(string handler, int count, string result);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Webhook {Handler}: handling {Count} event(s) failed; they stay in the inbox and the next sync applies their CRM events")]
    private partial void LogFailed(Exception exception, string handler, int count);
}

using System.CommandLine;
using System.Globalization;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSuite.Connector.Cli;

/// <summary><c>crmsuite status</c>: the last syncs, the outbox backlog, the quarantine and the instances no playbook version places.</summary>
internal static class StatusCommand
{
    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var syncs = new Option<int>("--syncs") { Description = "How many recent syncs to list.", DefaultValueFactory = _ => 5 };
        var quarantine = new Option<int>("--quarantine") { Description = "How many quarantined records to list.", DefaultValueFactory = _ => 20 };
        var command = new Command("status", "Show the last syncs, the outbox backlog and the quarantined CRM records.");
        command.Options.Add(syncs);
        command.Options.Add(quarantine);
        command.Options.Add(data.StateDb);
        command.SetAction((parsed, cancellationToken) =>
            DataOptions.RunAsync<StatusSources>("status", data.Overrides(parsed), b =>
            {
                b.Services.AddSingleton<StatusSources>();
                configure?.Invoke(b);
            }, async (sources, token) =>
            {
                var status = await sources.Store.ReadStatusAsync(parsed.GetValue(syncs), parsed.GetValue(quarantine), token);
                var held = await sources.Routing.CountHeldAsync(token);
                var now = sources.Time.GetUtcNow();
                var suppressed = await sources.Suppressed.CountSuppressedAsync(now.AddDays(-SuppressedWindowDays), now.AddTicks(1), token);
                var (inboxPath, webhooks) = await WebhooksAsync(sources, token);
                var writer = sources.Claims.FirstOrDefault() is { } claim ? claim.Holder() : WriterLock.HolderOf(sources.Store.Location);
                Console.Write(Render(sources.Store.Location, status, writer, (inboxPath, webhooks), held, suppressed));
                return ExitCodes.Ok;
            }, cancellationToken, writes: DataWrites.None));
        return command;
    }

    /// <summary>What status reads: the state store, its writer claim on a database store, and the configuration (where the webhook inbox is).</summary>
    internal sealed record StatusSources(
        IStoreStatus Store, ITaskRouting Routing, ISuppressedTouches Suppressed, TimeProvider Time, IEnumerable<IWriterClaim> Claims, IConfiguration Configuration,
        IServiceProvider Services);

    // On PostgreSQL the webhook inbox is the store's table (every node's); otherwise its SQLite file, read only if it exists.
    private static async Task<(string Where, WebhookInboxStatus? Status)> WebhooksAsync(StatusSources sources, CancellationToken cancellationToken)
    {
        if (Hosting.StoreProviderOptions.Read(sources.Configuration) == Hosting.StoreProvider.PostgreSql
            && sources.Services.GetRequiredService<IWebhookInbox>() is PostgreSqlWebhookInbox shared)
        {
            return ("webhook_events in the state store", await shared.ReadStatusAsync(cancellationToken));
        }

        var path = sources.Configuration[$"{WebhookOptions.Section}:{nameof(WebhookOptions.InboxPath)}"] ?? new WebhookOptions().InboxPath;
        return (path, await WebhookInboxStatus.ReadAsync(path, cancellationToken));
    }

    /// <summary>How far back <c>status</c> counts suppressed touches.</summary>
    public const int SuppressedWindowDays = 30;

    /// <param name="writer">Who holds the data folder's writer lock now, or null when no process does.</param>
    /// <param name="webhooks">The webhook inbox's file and what it holds (null status: no webhook received).</param>
    /// <param name="held">Tasks held beyond capacity per CSM (docs/routing.md).</param>
    /// <param name="suppressed">Suppressed touches of the last <see cref="SuppressedWindowDays"/> days by rule and playbook; null leaves the section out.</param>
    public static string Render(
        string path, StoreStatus status, string? writer = null, (string Path, WebhookInboxStatus? Status)? webhooks = null,
        IReadOnlyList<HeldCount>? held = null, IReadOnlyList<SuppressedCount>? suppressed = null)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"State store: {path}");
        w.WriteLine($"Writer: {writer ?? "none (no process is syncing this data folder)"}");
        w.WriteLine($"Watermark: {status.Watermark ?? "(none: the next sync reads every account)"}");
        w.WriteLine($"Instances: {status.Instances}, audit entries: {status.AuditEntries}");
        w.WriteLine();
        w.WriteLine("Last syncs:");
        if (status.RecentSyncs.Count == 0)
        {
            w.WriteLine("  (none yet)");
        }

        foreach (var s in status.RecentSyncs)
        {
            // Running with no process holding the lock: the process ended mid-run (the next run records it as interrupted).
            var state = s.Status == SyncRunStatus.Running && writer is null ? SyncRunStatus.Interrupted : s.Status;
            var duration = s.FinishedAt is { } end ? $"{(end - s.StartedAt).TotalSeconds:0.00} s" : state == SyncRunStatus.Running ? "running" : "never finished";
            w.WriteLine($"  #{s.Id} {s.Kind.ToString().ToLowerInvariant()} {state.ToString().ToLowerInvariant()} at {s.StartedAt:yyyy-MM-dd HH:mm:ss}Z ({duration}): {s.Accounts} accounts, "
                + $"{s.Transitions} transitions, {s.Tasks} tasks, {s.Proposals} proposals, {s.Quarantined} quarantined");
        }

        if (status.RecentSyncs.Any(s => s.Status == SyncRunStatus.Interrupted || (s.Status == SyncRunStatus.Running && writer is null)))
        {
            w.WriteLine("  An interrupted run's committed pages stay committed; the next sync resumes after the last of them (the watermark above)"
                + " and delivers what the outbox still holds; a page in progress was rolled back whole and is evaluated again.");
        }

        w.WriteLine();
        var oldest = status.OldestPending is { } o ? $", oldest from {o:yyyy-MM-dd HH:mm:ss}Z" : "";
        w.WriteLine($"Outbox: {status.OutboxPending} pending{oldest}; {status.OutboxDelivered} delivered");
        w.WriteLine();
        w.WriteLine($"Quarantine: {status.QuarantineCount} record(s)");
        foreach (var q in status.Quarantine)
        {
            w.WriteLine($"  {q.AccountId} {q.RecordId} {q.Field}: {q.Reason} (since {q.FirstSeen:yyyy-MM-dd HH:mm}Z, last seen {q.LastSeen:yyyy-MM-dd HH:mm}Z)");
        }

        if (status.QuarantineCount > status.Quarantine.Count)
        {
            w.WriteLine($"  … and {status.QuarantineCount - status.Quarantine.Count} more (--quarantine N lists more)");
        }

        var unplaced = status.Unplaced ?? [];
        w.WriteLine();
        w.WriteLine($"Unplaced instances: {status.UnplacedCount} (a new playbook version has no state of their name; they stay frozen on their version)");
        foreach (var u in unplaced)
        {
            w.WriteLine($"  {u.AccountId} {u.PlaybookId} v{u.Version} in {u.State}: {u.Reason} (since {u.Since:yyyy-MM-dd HH:mm}Z)");
        }

        if (status.UnplacedCount > unplaced.Count)
        {
            w.WriteLine($"  … and {status.UnplacedCount - unplaced.Count} more (--quarantine N lists more)");
        }

        held ??= [];
        w.WriteLine();
        w.WriteLine($"Tasks deferred beyond capacity: {held.Sum(h => h.Held)} held (written when a later week has room; docs/routing.md)");
        foreach (var h in held)
        {
            w.WriteLine($"  {h.CsmId}: {h.Held} held, the oldest since the week of {h.OldestWeek:yyyy-MM-dd}");
        }

        if (suppressed is not null)
        {
            WriteSuppressed(w, suppressed);
        }

        if (status.Experiments.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Experiments (held out: kept out of the play as a control group; `crmsuite metrics --experiments` compares them):");
            foreach (var e in status.Experiments)
            {
                w.WriteLine($"  {e.PlaybookId} / {e.Experiment}: {e.HeldOut} held out, {e.Treated} treated");
            }
        }

        if (webhooks is { } inbox)
        {
            w.WriteLine();
            w.WriteLine(inbox.Status is { } received ? $"Webhooks ({inbox.Path}): {received}" : "Webhooks: none received (docs/plugins.md)");
        }

        return w.ToString();
    }

    /// <summary>Per rule the total, then each playbook's share: "  per_account: 3 (renewal-upgrade 1, tier-trial 2)".</summary>
    private static void WriteSuppressed(StringWriter w, IReadOnlyList<SuppressedCount> suppressed)
    {
        w.WriteLine();
        w.WriteLine($"Suppressed touches, last {SuppressedWindowDays} days: {suppressed.Sum(s => s.Touches)} (upgrade prompts a guardrail, preemption or the contact budget refused)");
        foreach (var rule in suppressed.GroupBy(s => s.Rule, StringComparer.Ordinal))
        {
            var plays = string.Join(", ", rule.Select(s => $"{s.PlaybookId} {s.Touches}"));
            w.WriteLine($"  {rule.Key}: {rule.Sum(s => s.Touches)} ({plays})");
        }
    }
}

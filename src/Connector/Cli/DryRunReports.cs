using System.Globalization;
using System.Text.Json;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Cli;

/// <summary>One output format of <c>sync --dry-run</c>, fed page by page.</summary>
internal interface IDryRunReport
{
    Task StartAsync(DryRunStart start);

    Task PageAsync(DryRunPage page);

    Task EndAsync();
}

/// <summary>The table a CRM write lands in, as the dry run names it.</summary>
internal static class DryRunTables
{
    public static string Of(CrmWrite write) => write switch
    {
        CrmTask => "tasks",
        CrmProposal => "proposals",
        _ => "stages",
    };

    public static string Verb(DryRunAction action) => action.ToString().ToLowerInvariant();

    public static string Describe(DryRunStart start) =>
        $"Dry run of the next {start.Mode.ToString().ToLowerInvariant()} sync"
        + (start.WatermarkFrom is { } from ? $" from watermark {from}" : " from the start")
        + (start.ChangedAccounts is { } n ? $" ({n} account(s) to read)" : "")
        + $"; state store {start.StateStore}{(start.StateStoreExists ? "" : " (no state store yet: every account starts afresh)")}. Nothing is written.";

    public static string PendingEvents(DryRunStart start) =>
        start.PendingEvents.Count == 0
            ? "No CRM events pending: no task outcome or proposal answer waiting, no proposal past its last valid day."
            : $"A real sync first applies {start.PendingTaskEvents} task outcome(s) and {start.PendingProposalEvents} proposal answer(s) the CRM holds, "
              + $"then marks {start.ExpiringProposals} proposal(s) past their last valid day expired and applies each expiry; each is shown with what "
              + "it would write and change, as it would apply to the stored state.";

    /// <summary>The pending event in one line: stream and id, what happened, the account and playbook, and what applying it comes to.</summary>
    public static string Event(DryRunEvent e) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(e.Stream == Watermarks.TaskEvents ? "task" : "proposal")} event {(e.Id is { } id ? $"#{id}" : "(to record)")} ({e.What}) account {e.AccountId} {e.PlaybookId}: {e.Result}");

    public static string Change(DryRunStateChange c)
    {
        var before = c.Before is { } b ? $"{b.State} (v{b.Version}, step {b.Step})" : "(new)";
        return $"{c.After.AccountId} {c.After.PlaybookId}: {before} -> {c.After.State} (v{c.After.Version}, step {c.After.Step})";
    }
}

/// <summary>The text report: the writes grouped by table in delivery order, then the state changes, refusals and quarantine.</summary>
internal sealed class DryRunTextReport(TextWriter output) : IDryRunReport
{
    private readonly Dictionary<string, List<DryRunWrite>> _byTable = new(StringComparer.Ordinal) { ["tasks"] = [], ["proposals"] = [], ["stages"] = [] };
    private readonly List<DryRunStateChange> _changes = [];
    private readonly List<AuditEntry> _refused = [];
    private readonly List<Accounts.QuarantineEntry> _quarantined = [];
    private readonly List<string> _deleted = [];
    private long _accounts;
    private long _bookkeeping;

    public async Task StartAsync(DryRunStart start)
    {
        await output.WriteLineAsync(DryRunTables.Describe(start));
        await output.WriteLineAsync(DryRunTables.PendingEvents(start));
        if (start.PendingEvents.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Pending CRM events, in the order a real sync applies them:");
            foreach (var e in start.PendingEvents)
            {
                await output.WriteLineAsync($"  {DryRunTables.Event(e)}");
                if (e.License is { } license)
                {
                    await output.WriteLineAsync($"    license: {license}");
                }

                foreach (var write in e.Writes)
                {
                    await output.WriteLineAsync($"    {DryRunTables.Verb(write.Action),-6} {DryRunTables.Of(write.Write)}: {Line(write.Write)}");
                }

                foreach (var change in e.StateChanges)
                {
                    await output.WriteLineAsync($"    state: {DryRunTables.Change(change)}");
                }
            }

            await output.WriteLineAsync();
        }

        foreach (var write in start.Undelivered)
        {
            _byTable[DryRunTables.Of(write.Write)].Add(write);
        }
    }

    public Task PageAsync(DryRunPage page)
    {
        _accounts += page.Accounts;
        foreach (var write in page.Writes)
        {
            _byTable[DryRunTables.Of(write.Write)].Add(write);
        }

        foreach (var change in page.StateChanges)
        {
            if (change.BookkeepingOnly)
            {
                _bookkeeping++;
            }
            else
            {
                _changes.Add(change);
            }
        }

        _refused.AddRange(page.Audit.Where(a => a.Kind is AuditKind.Suppressed or AuditKind.Unplaced));
        _quarantined.AddRange(page.Quarantined);
        _deleted.AddRange(page.DeletedAccountIds);
        return Task.CompletedTask;
    }

    public async Task EndAsync()
    {
        var w = output;
        await w.WriteLineAsync();
        await w.WriteLineAsync("CRM writes, by table in delivery order (create: a new row; update: the row of that key or stage; retry: already in the outbox, undelivered):");
        foreach (var (table, writes) in _byTable)
        {
            await w.WriteLineAsync($"  {table}: {writes.Count}");
            foreach (var write in writes)
            {
                await w.WriteLineAsync($"    {DryRunTables.Verb(write.Action),-6} {Line(write.Write)}");
            }
        }

        await w.WriteLineAsync();
        await w.WriteLineAsync($"State changes: {_changes.Count} instance(s) started, moved or migrated; {_bookkeeping} with only their edge and sustain tracking updated");
        foreach (var c in _changes)
        {
            await w.WriteLineAsync($"  {DryRunTables.Change(c)}");
        }

        foreach (var id in _deleted)
        {
            await w.WriteLineAsync($"  {id}: deleted in the CRM; its instances end");
        }

        await w.WriteLineAsync();
        await w.WriteLineAsync($"Refused or unplaced (audit only, nothing written to the CRM): {_refused.Count}");
        foreach (var a in _refused)
        {
            var why = a.Kind == AuditKind.Suppressed ? $"suppressed by {a.Refusal?.ToString() ?? "a guardrail"}" : "unplaced";
            await w.WriteLineAsync($"  {a.AccountId} {a.PlaybookId} v{a.PlaybookVersion}: {a.Reason.From} -> {a.Reason.To} {why}; {a.Reason}");
        }

        await w.WriteLineAsync();
        await w.WriteLineAsync($"Quarantined: {_quarantined.Count}");
        foreach (var q in _quarantined)
        {
            await w.WriteLineAsync($"  {q.AccountId} {q.RecordId} {q.Field}: {q.Reason}");
        }

        var total = _byTable.Values.Sum(l => l.Count);
        await w.WriteLineAsync();
        await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Summary: {_accounts} account(s) evaluated; {total} CRM write(s) ({string.Join(", ", _byTable.Select(t => $"{t.Value.Count} {t.Key}"))}); "
            + $"{_changes.Count} state change(s); {_refused.Count} refused or unplaced; {_quarantined.Count} quarantined. Nothing was written."));
    }

    internal static string Line(CrmWrite write) => write switch
    {
        CrmTask t => $"{t.Key} account {t.AccountId} {t.PlaybookId} v{t.PlaybookVersion} state {t.State}: \"{t.Subject}\" due {t.Due:yyyy-MM-dd} "
            + $"[{t.OwnerRole}, {t.Priority.ToString().ToLowerInvariant()}] outcomes: {string.Join(", ", t.Outcomes)}; because {t.Reason}",
        CrmProposal p => $"{p.Key} account {p.AccountId} {p.PlaybookId} v{p.PlaybookVersion} state {p.State}: offer {p.OfferId} issued {p.IssuedOn:yyyy-MM-dd} "
            + $"valid until {p.ExpiresOn:yyyy-MM-dd}{Terms(p.Terms)}; because {p.Reason}",
        CrmPlaybookStage s => $"{s.Key} account {s.AccountId} {s.PlaybookId} v{s.PlaybookVersion}: stage {s.Stage} (step {s.Step}); because {s.Reason}; "
            + "supersedes the playbook's open tasks and withdraws its open proposals of earlier steps",
        _ => write.Key,
    };

    private static string Terms(ProposalTerms? terms) => terms is null ? ""
        : string.Create(CultureInfo.InvariantCulture, $" ({terms.FromTier} x{terms.FromSeats} -> {terms.ToTier} x{terms.ToSeats}, MRR {terms.MrrAfter:0.00} {terms.Currency})");
}

/// <summary>
/// The JSON report, streamed page by page: each write with its table, action and the write itself exactly as the outbox
/// would store it and the CRM receive it; then the state changes, refusals, quarantine and a summary.
/// </summary>
internal sealed class DryRunJsonReport(TextWriter output) : IDryRunReport
{
    private readonly MemoryStream _buffer = new();
    private readonly List<DryRunStateChange> _changes = [];
    private readonly List<AuditEntry> _refused = [];
    private readonly List<Accounts.QuarantineEntry> _quarantined = [];
    private readonly List<string> _deleted = [];
    private Utf8JsonWriter? _json;
    private long _accounts;
    private long _writes;

    public async Task StartAsync(DryRunStart start)
    {
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = false });
        _json.WriteStartObject();
        _json.WriteString("mode", start.Mode.ToString().ToLowerInvariant());
        _json.WriteString("state_store", start.StateStore);
        _json.WriteBoolean("state_store_exists", start.StateStoreExists);
        _json.WriteString("watermark_from", start.WatermarkFrom);
        _json.WriteNumber("pending_task_events", start.PendingTaskEvents);
        _json.WriteNumber("pending_proposal_events", start.PendingProposalEvents);
        _json.WriteNumber("proposals_expiring", start.ExpiringProposals);
        _json.WriteStartArray("pending_events");
        foreach (var e in start.PendingEvents)
        {
            PendingEvent(e);
        }

        _json.WriteEndArray();
        _json.WriteStartArray("writes");
        foreach (var write in start.Undelivered)
        {
            Write(write);
        }

        await FlushAsync();
    }

    public async Task PageAsync(DryRunPage page)
    {
        _accounts += page.Accounts;
        foreach (var write in page.Writes)
        {
            Write(write);
        }

        _changes.AddRange(page.StateChanges.Where(c => !c.BookkeepingOnly));
        _refused.AddRange(page.Audit.Where(a => a.Kind is AuditKind.Suppressed or AuditKind.Unplaced));
        _quarantined.AddRange(page.Quarantined);
        _deleted.AddRange(page.DeletedAccountIds);
        await FlushAsync();
    }

    public async Task EndAsync()
    {
        var json = _json!;
        json.WriteEndArray();
        json.WriteStartArray("state_changes");
        foreach (var c in _changes)
        {
            StateChange(c);
        }

        json.WriteEndArray();
        json.WriteStartArray("deleted_accounts");
        foreach (var id in _deleted)
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
        json.WriteStartArray("refused");
        foreach (var a in _refused)
        {
            json.WriteStartObject();
            json.WriteString("account_id", a.AccountId);
            json.WriteString("playbook_id", a.PlaybookId);
            json.WriteNumber("playbook_version", a.PlaybookVersion);
            json.WriteString("kind", a.Kind == AuditKind.Suppressed ? "suppressed" : "unplaced");
            json.WriteString("guardrail", a.Refusal?.ToString());
            json.WriteString("reason", a.Reason.ToString());
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("quarantined");
        foreach (var q in _quarantined)
        {
            json.WriteStartObject();
            json.WriteString("account_id", q.AccountId);
            json.WriteString("record_id", q.RecordId);
            json.WriteString("field", q.Field);
            json.WriteString("reason", q.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("accounts", _accounts);
        json.WriteNumber("writes", _writes);
        json.WriteNumber("state_changes", _changes.Count);
        json.WriteNumber("refused", _refused.Count);
        json.WriteNumber("quarantined", _quarantined.Count);
        json.WriteEndObject();
        json.WriteEndObject();
        await FlushAsync();
        await output.WriteLineAsync();
        await json.DisposeAsync();
    }

    // Each pending event with its result, license change and writes (the outbox rows it would store) and state changes.
    private void PendingEvent(DryRunEvent e)
    {
        var json = _json!;
        json.WriteStartObject();
        json.WriteString("stream", e.Stream);
        if (e.Id is { } id)
        {
            json.WriteNumber("id", id);
        }
        else
        {
            json.WriteNull("id");
        }

        json.WriteString("event", e.What);
        json.WriteString("account_id", e.AccountId);
        json.WriteString("playbook_id", e.PlaybookId);
        json.WriteString("result", e.Result);
        json.WriteString("license", e.License);
        json.WriteStartArray("writes");
        foreach (var write in e.Writes)
        {
            WriteObject(write);
        }

        json.WriteEndArray();
        json.WriteStartArray("state_changes");
        foreach (var c in e.StateChanges)
        {
            StateChange(c);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void StateChange(DryRunStateChange c)
    {
        var json = _json!;
        json.WriteStartObject();
        json.WriteString("account_id", c.After.AccountId);
        json.WriteString("playbook_id", c.After.PlaybookId);
        json.WriteString("from_state", c.Before?.State);
        if (c.Before is { } b)
        {
            json.WriteNumber("from_version", b.Version);
            json.WriteNumber("from_step", b.Step);
        }

        json.WriteString("to_state", c.After.State);
        json.WriteNumber("to_version", c.After.Version);
        json.WriteNumber("to_step", c.After.Step);
        json.WriteEndObject();
    }

    private void Write(DryRunWrite write)
    {
        _writes++;
        WriteObject(write);
    }

    private void WriteObject(DryRunWrite write)
    {
        var json = _json!;
        json.WriteStartObject();
        json.WriteString("table", DryRunTables.Of(write.Write));
        json.WriteString("action", DryRunTables.Verb(write.Action));
        json.WriteString("key", write.Write.Key);
        json.WritePropertyName("write");
        json.WriteRawValue(JsonSerializer.SerializeToUtf8Bytes(write.Write, CrmJson.Default.CrmWrite), skipInputValidation: true);
        json.WriteEndObject();
    }

    private async Task FlushAsync()
    {
        await _json!.FlushAsync();
        await output.WriteAsync(System.Text.Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
        _buffer.SetLength(0);
    }
}

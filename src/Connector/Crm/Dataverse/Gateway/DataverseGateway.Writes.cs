using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// The write side. Tasks and proposals are create-only upserts by alternate key (<c>If-None-Match: *</c>): a 412 means
/// the row exists and is left as the CSM left it. A stage is upserted by its alternate key only when its step is higher
/// than the stored one (a first stage create-only, a later one read first and written with the row's ETag), and closes the playbook's open tasks and proposals
/// of earlier steps. Everything goes out in <c>$batch</c> requests with <c>Prefer: odata.continue-on-error</c>, so one
/// refused write neither stops nor undoes the others (docs/adr/0002-dataverse-writes-continue-on-error.md).
/// </summary>
internal sealed partial class DataverseGateway
{
    public async Task UpsertAsync(CrmWriteBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var reasons = new Dictionary<PlaybookEngine.Runtime.Reason, string>(ReferenceEqualityComparer.Instance);
        string Spelled(PlaybookEngine.Runtime.Reason reason) =>
            reasons.TryGetValue(reason, out var json) ? json : reasons[reason] = DataverseBodies.ReasonJson(reason);

        // The last stage per account and playbook, highest step: the one that can move the stored stage forward.
        var stages = batch.Stages
            .GroupBy(s => StageKey(s.AccountId, s.PlaybookId), StringComparer.Ordinal)
            .Select(g => g.MaxBy(s => s.Step)!)
            .ToList();
        var closing = stages.Where(s => s.Step > 1).ToList();
        var before = await ReadBeforeWritingAsync(batch, closing, cancellationToken);

        var operations = new List<BatchOperation>(batch.Count + closing.Count * 2);
        foreach (var task in batch.Tasks)
        {
            _owners.TryGetValue(OData.Guid(task.AccountId), out var owner);
            operations.Add(new BatchOperation("PATCH", OData.ByKey("tasks", "cs_stepkey", task.Key), DataverseBodies.Task(task, task.OwnerId ?? owner, Spelled(task.Reason)),
                task.Key, IfNoneMatch: "*", Done: 412));
        }

        foreach (var proposal in batch.Proposals)
        {
            operations.Add(new BatchOperation("PATCH", OData.ByKey("cs_upgradeproposals", "cs_key", proposal.Key),
                DataverseBodies.Proposal(proposal, Spelled(proposal.Reason)), proposal.Key, IfNoneMatch: "*", Done: 412));
        }

        // A stage that moves an instance on from a later step rides on the reads its closing needs anyway: its stored row is
        // read first and replaced only when the new step is higher. A first stage (step 1, nothing to close) goes out
        // create-only, so a first sync reads nothing before writing; one that exists (a redelivery) answers 412 and is
        // then read and handled the same way (MoveStoredStagesAsync).
        var stageWrites = new Dictionary<BatchOperation, CrmPlaybookStage>(ReferenceEqualityComparer.Instance);
        foreach (var stage in stages)
        {
            var key = StageKey(stage.AccountId, stage.PlaybookId);
            var url = OData.ByKey("cs_playbookstages", "cs_stagekey", key);
            if (stage.Step <= 1)
            {
                var write = new BatchOperation("PATCH", url, DataverseBodies.Stage(stage, Spelled(stage.Reason)), key, IfNoneMatch: "*", Done: 412);
                stageWrites[write] = stage;
                operations.Add(write);
                continue;
            }

            var stored = before.Stages.GetValueOrDefault(key);
            if (stored is { } s && s.Step >= stage.Step)
            {
                continue;
            }

            operations.Add(new BatchOperation("PATCH", url, DataverseBodies.Stage(stage, Spelled(stage.Reason)), key, IfMatch: stored?.ETag,
                IfNoneMatch: stored is null ? "*" : null));
        }

        // Tasks belong to the state that opened them: each stage closes what is still open from earlier steps.
        var closed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in closing)
        {
            var why = CrmReasons.Superseded(stage.Reason, stage.Reason.ToString());
            foreach (var task in before.OpenTasks.Where(t => Supersedes(stage, t.AccountId, t.PlaybookId, t.Step)))
            {
                if (closed.Add(task.Key))
                {
                    operations.Add(new BatchOperation("PATCH", task.Url, DataverseBodies.SupersededTask(why, stage.EnteredAt), task.Key, IfMatch: "*", Done: 404));
                }
            }

            foreach (var proposal in before.IssuedProposals.Where(p => Supersedes(stage, p.AccountId, p.PlaybookId, p.Step)))
            {
                if (closed.Add("proposal:" + proposal.Key))
                {
                    operations.Add(new BatchOperation("PATCH", proposal.Url, DataverseBodies.WithdrawnProposal(stage.EnteredAt), proposal.Key, IfMatch: "*", Done: 404));
                }
            }
        }

        var existed = new List<BatchOperation>();
        await SendWritesAsync(operations, existed, cancellationToken);
        var storedStages = existed.Where(stageWrites.ContainsKey).Select(w => stageWrites[w]).ToList();
        if (storedStages.Count > 0)
        {
            await MoveStoredStagesAsync(storedStages, Spelled, cancellationToken);
        }
    }

    /// <summary>Replaces stored stage rows whose step is lower than the new one, each with <c>If-Match</c> on the ETag just read.</summary>
    private async Task MoveStoredStagesAsync(List<CrmPlaybookStage> stages, Func<PlaybookEngine.Runtime.Reason, string> spelled, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, StoredStageRow>(StringComparer.Ordinal);
        var prefer = OData.MaxPageSize(_options.MaxPageSize);
        var reads = Chunks(stages.Select(s => StageKey(s.AccountId, s.PlaybookId)), _options.IdsPerFilter)
            .Select(chunk => (Get(OData.Query("cs_playbookstages", "cs_stagekey,cs_step", OData.InTexts("cs_stagekey", chunk)), prefer),
                (Action<JsonElement>)(row => AddStage(stored, row))))
            .ToList();
        await RunReadsAsync(reads, cancellationToken);

        var updates = new List<BatchOperation>();
        foreach (var stage in stages)
        {
            var key = StageKey(stage.AccountId, stage.PlaybookId);
            if (stored.GetValueOrDefault(key) is { } row && row.Step < stage.Step)
            {
                updates.Add(new BatchOperation("PATCH", OData.ByKey("cs_playbookstages", "cs_stagekey", key), DataverseBodies.Stage(stage, spelled(stage.Reason)),
                    key, IfMatch: row.ETag));
            }
        }

        await SendWritesAsync(updates, null, cancellationToken);
    }

    private static bool Supersedes(CrmPlaybookStage stage, string accountId, string playbookId, int step) =>
        accountId == OData.Guid(stage.AccountId) && playbookId == stage.PlaybookId && step < stage.Step;

    /// <summary>The stage row's alternate key: the account id and the playbook id joined by <c>_</c>.</summary>
    internal static string StageKey(string accountId, string playbookId) => $"{OData.Guid(accountId)}_{playbookId}";

    /// <summary>
    /// Sends writes in batches of the current batch size. A write Dataverse refuses is sent once more alone; refused again,
    /// it is reported (with its Dataverse code) in a <see cref="DataverseWriteException"/> after every other write went out.
    /// </summary>
    /// <param name="answeredDone">When given, collects the operations answered with their <see cref="BatchOperation.Done"/> status.</param>
    private async Task SendWritesAsync(IReadOnlyList<BatchOperation> operations, List<BatchOperation>? answeredDone, CancellationToken cancellationToken)
    {
        var retry = new List<(BatchOperation Operation, BatchResult Result)>();
        var offset = 0;
        while (offset < operations.Count)
        {
            var size = Math.Min(BatchSize, operations.Count - offset);
            var part = operations.Skip(offset).Take(size).ToList();
            IReadOnlyList<BatchResult> results;
            try
            {
                results = await _client.BatchAsync(part, continueOnError: true, changeSet: false, cancellationToken);
            }
            catch (DataverseException error) when (error.Status == HttpStatusCode.TooManyRequests && DataverseErrors.IsExecutionTimeLimit(error.Code) && size > 1)
            {
                // The batch took too long for the execution-time limit: send smaller batches after the wait asked for.
                var smaller = Math.Max(1, size / 2);
                Interlocked.Exchange(ref _batchSize, smaller);
                var wait = error.RetryAfter ?? TimeSpan.FromSeconds(1);
                _logger.BatchShrunk(size, smaller, wait);
                await Task.Delay(wait, _time, cancellationToken);
                continue;
            }

            for (var i = 0; i < part.Count; i++)
            {
                if (part[i].Done != 0 && results[i].Status == part[i].Done)
                {
                    answeredDone?.Add(part[i]);
                }
                else if (!part[i].Accepts(results[i]))
                {
                    var (code, message) = results[i].Error;
                    _logger.ItemFailed(part[i].Method, part[i].Label, results[i].Status, code, message);
                    retry.Add((part[i], results[i]));
                }
            }

            offset += size;
        }

        var failures = new List<DataverseWriteFailure>();
        foreach (var (operation, _) in retry)
        {
            var (status, row, message, code) = await _client.PatchAsync(operation.Url, operation.Body ?? [], operation.IfMatch, operation.IfNoneMatch, false, cancellationToken);
            row?.Dispose();
            if (operation.Done != 0 && (int)status == operation.Done)
            {
                answeredDone?.Add(operation);
                continue;
            }

            if ((int)status is >= 200 and < 300)
            {
                continue;
            }

            _logger.ItemRefused(operation.Method, operation.Label, (int)status, code ?? "", message ?? "");
            failures.Add(new DataverseWriteFailure(operation.Label, $"{operation.Method} {operation.Url}", (int)status, code ?? "", message ?? ""));
        }

        if (failures.Count > 0)
        {
            throw new DataverseWriteException(failures);
        }
    }

    private sealed record StoredStageRow(int Step, string ETag);

    private sealed record OpenRow(string Key, string Url, string AccountId, string PlaybookId, int Step);

    private sealed record BeforeWriting(Dictionary<string, StoredStageRow> Stages, List<OpenRow> OpenTasks, List<OpenRow> IssuedProposals);

    private static void AddStage(Dictionary<string, StoredStageRow> stages, JsonElement row) =>
        stages[DataverseRows.Text(row, "cs_stagekey")!] = new StoredStageRow(DataverseRows.Int(row, "cs_step", "cs_playbookstage", "") ?? 0,
            DataverseRows.Text(row, "@odata.etag") ?? "*");

    /// <summary>
    /// What the writes depend on, in one <c>$batch</c> of GETs (none when nothing is needed): the stored stages, open tasks
    /// and issued proposals of the accounts whose stage moves on from a later step, the batch's tasks and proposals that
    /// exist already, and the owners of accounts not read yet.
    /// </summary>
    private async Task<BeforeWriting> ReadBeforeWritingAsync(
        CrmWriteBatch batch, List<CrmPlaybookStage> closing, CancellationToken cancellationToken)
    {
        var before = new BeforeWriting(new(StringComparer.Ordinal), [], []);
        var prefer = OData.MaxPageSize(_options.MaxPageSize);
        var reads = new List<(BatchOperation Operation, Action<JsonElement> Collect)>();
        foreach (var chunk in Chunks(closing.Select(s => StageKey(s.AccountId, s.PlaybookId)), _options.IdsPerFilter))
        {
            reads.Add((Get(OData.Query("cs_playbookstages", "cs_stagekey,cs_step", OData.InTexts("cs_stagekey", chunk)), prefer), row => AddStage(before.Stages, row)));
        }

        var accounts = closing.Select(s => OData.Guid(s.AccountId)).Distinct(StringComparer.Ordinal).ToList();
        var openTasks = new Dictionary<string, OpenRow>(StringComparer.Ordinal);
        foreach (var chunk in Chunks(accounts, _options.IdsPerFilter))
        {
            reads.Add((Get(OData.Query("tasks", "activityid,cs_stepkey,_regardingobjectid_value,cs_playbook,cs_step",
                $"statecode eq 0 and cs_stepkey ne null and {OData.AnyOf("_regardingobjectid_value", chunk)}"), prefer), row => AddTask(row)));
            reads.Add((Get(OData.Query("cs_upgradeproposals", "cs_upgradeproposalid,cs_key,_cs_accountid_value,cs_playbook,cs_step",
                $"cs_status eq 'issued' and {OData.AnyOf("_cs_accountid_value", chunk)}"), prefer), row =>
            {
                before.IssuedProposals.Add(new OpenRow(DataverseRows.Text(row, "cs_key") ?? "", OData.ById("cs_upgradeproposals", DataverseRows.Id(row, "cs_upgradeproposalid")),
                    DataverseRows.Lookup(row, "_cs_accountid_value") ?? "", DataverseRows.Text(row, "cs_playbook") ?? "",
                    DataverseRows.Int(row, "cs_step", "cs_upgradeproposal", "") ?? 0));
            }));
        }

        // A task of this batch that a stage of this batch leaves behind is closed after it is created, unless it existed
        // before and is no longer open (a CSM completed it).
        var superseded = batch.Tasks.Where(t => closing.Any(s => Supersedes(s, OData.Guid(t.AccountId), t.PlaybookId, t.Step))).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in Chunks(superseded.Select(t => t.Key), _options.IdsPerFilter))
        {
            reads.Add((Get(OData.Query("tasks", "cs_stepkey", OData.InTexts("cs_stepkey", chunk)), prefer), row => existing.Add(DataverseRows.Text(row, "cs_stepkey") ?? "")));
        }

        // Likewise a proposal of this batch that a stage of this batch leaves behind is issued, then withdrawn, unless it existed
        // before (it is then withdrawn only if still issued, which the read of issued proposals above finds).
        var leftBehind = batch.Proposals.Where(p => closing.Any(s => Supersedes(s, OData.Guid(p.AccountId), p.PlaybookId, p.Step))).ToList();
        var existingProposals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in Chunks(leftBehind.Select(p => p.Key), _options.IdsPerFilter))
        {
            reads.Add((Get(OData.Query("cs_upgradeproposals", "cs_key", OData.InTexts("cs_key", chunk)), prefer),
                row => existingProposals.Add(DataverseRows.Text(row, "cs_key") ?? "")));
        }

        var unknownOwners = batch.Tasks.Select(t => OData.Guid(t.AccountId)).Where(id => !_owners.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in Chunks(unknownOwners, _options.IdsPerFilter))
        {
            reads.Add((Get(OData.Query("accounts", "accountid,_ownerid_value", OData.AnyOf("accountid", chunk)), prefer),
                row => _owners[DataverseRows.Id(row, "accountid")] = DataverseRows.Lookup(row, "_ownerid_value")));
        }

        await RunReadsAsync(reads, cancellationToken);

        foreach (var task in superseded.Where(t => !existing.Contains(t.Key)))
        {
            openTasks.TryAdd(task.Key, new OpenRow(task.Key, OData.ByKey("tasks", "cs_stepkey", task.Key), OData.Guid(task.AccountId), task.PlaybookId, task.Step));
        }

        before.OpenTasks.AddRange(openTasks.Values);
        foreach (var proposal in leftBehind.Where(p => !existingProposals.Contains(p.Key)))
        {
            before.IssuedProposals.Add(new OpenRow(proposal.Key, OData.ByKey("cs_upgradeproposals", "cs_key", proposal.Key), OData.Guid(proposal.AccountId),
                proposal.PlaybookId, proposal.Step));
        }

        return before;

        void AddTask(JsonElement row)
        {
            var key = DataverseRows.Text(row, "cs_stepkey") ?? "";
            openTasks[key] = new OpenRow(key, OData.ById("tasks", DataverseRows.Id(row, "activityid")), DataverseRows.Lookup(row, "_regardingobjectid_value") ?? "",
                DataverseRows.Text(row, "cs_playbook") ?? "", DataverseRows.Int(row, "cs_step", "task", key) ?? 0);
        }
    }

    /// <summary>Runs GETs in <c>$batch</c> requests, handing every row of every page to its reader.</summary>
    private async Task RunReadsAsync(List<(BatchOperation Operation, Action<JsonElement> Collect)> reads, CancellationToken cancellationToken)
    {
        var prefer = OData.MaxPageSize(_options.MaxPageSize);
        foreach (var part in reads.Chunk(_options.BatchSize))
        {
            var results = await _client.BatchAsync([.. part.Select(r => r.Operation)], continueOnError: false, changeSet: false, cancellationToken);
            for (var i = 0; i < part.Length; i++)
            {
                if (!results[i].Succeeded)
                {
                    var (code, message) = results[i].Error;
                    throw new DataverseException((HttpStatusCode)results[i].Status, code, message, $"GET {part[i].Operation.Url[..Math.Min(120, part[i].Operation.Url.Length)]} in a $batch");
                }

                using var page = JsonDocument.Parse(results[i].Body);
                foreach (var row in page.RootElement.GetProperty("value").EnumerateArray())
                {
                    part[i].Collect(row);
                }

                if (page.RootElement.TryGetProperty("@odata.nextLink", out var next) && next.GetString() is { } link)
                {
                    var collect = part[i].Collect;
                    await _client.ReadAllPagesAsync(link, prefer, rows =>
                    {
                        foreach (var row in rows.EnumerateArray())
                        {
                            collect(row);
                        }
                    }, cancellationToken);
                }
            }
        }
    }
}

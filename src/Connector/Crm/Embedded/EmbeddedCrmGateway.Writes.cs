using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>The embedded CRM's write side: a batch of upserts by key in one transaction, on the writer connection.</summary>
internal sealed partial class EmbeddedCrmGateway
{
    public async Task UpsertAsync(CrmWriteBatch batch, CancellationToken cancellationToken)
    {
        var connection = _writer ??= await EmbeddedCrmSchema.OpenAsync(_path, time, cancellationToken);
        _checkpointer ??= WalCheckpointer.Open(_path);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        Write(connection, batch);
        await transaction.CommitAsync(cancellationToken);
        _checkpointer.Committed();
    }

    /// <summary>The priority as the tasks table spells it (and ranks it in the work queue).</summary>
    public static string Priority(TaskPriority priority) => priority switch
    {
        TaskPriority.Urgent => "urgent",
        TaskPriority.High => "high",
        TaskPriority.Normal => "normal",
        _ => "low",
    };

    public static TaskPriority ParsePriority(string text) => text switch
    {
        "urgent" => TaskPriority.Urgent,
        "high" => TaskPriority.High,
        "normal" => TaskPriority.Normal,
        "low" => TaskPriority.Low,
        _ => throw new FormatException($"unknown task priority '{text}'"),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Write(SqliteConnection connection, CrmWriteBatch batch)
    {
        // A transition's stage and its task carry the same reason: each is written out (line and JSON) once per batch.
        var reasons = new Dictionary<Reason, (string Line, string Json)>(batch.Count, ReferenceEqualityComparer.Instance);
        (string Line, string Json) Spelled(Reason reason)
        {
            if (!reasons.TryGetValue(reason, out var spelled))
            {
                reasons[reason] = spelled = (reason.ToString(), JsonSerializer.Serialize(reason, CrmJson.Default.Reason));
            }

            return spelled;
        }

        using (var task = new RawStatement(connection, """
            INSERT INTO tasks (key, account_id, owner_id, playbook_id, playbook_version, state, subject, due, owner_role, priority,
                outcomes, reason, provenance, created_at, step)
            VALUES ($key, $account, COALESCE($owner, (SELECT csm_id FROM accounts WHERE id = $account)), $playbook, $version, $state, $subject, $due,
                $role, $priority, $outcomes, $reason, $provenance, $created, $step)
            ON CONFLICT (key) DO NOTHING
            """, "$key", "$account", "$playbook", "$version", "$state", "$subject", "$due", "$role", "$priority", "$outcomes", "$reason",
            "$provenance", "$created", "$step", "$owner"))
        {
            foreach (var t in batch.Tasks)
            {
                var (line, json) = Spelled(t.Reason);
                task.Execute(t.Key, t.AccountId, t.PlaybookId, t.PlaybookVersion, t.State, t.Subject, SqliteText.Date(t.Due), t.OwnerRole,
                    Priority(t.Priority), string.Join('|', t.Outcomes), line, json, SqliteText.Timestamp(t.CreatedAt), t.Step, t.OwnerId);
            }
        }

        using (var proposal = new RawStatement(connection, """
            INSERT INTO proposals (key, account_id, playbook_id, playbook_version, state, offer_id, issued_on, expires_on, reason, provenance,
                terms, document_html, step)
            VALUES ($key, $account, $playbook, $version, $state, $offer, $issued, $expires, $reason, $provenance, $terms, $document, $step)
            ON CONFLICT (key) DO NOTHING
            """, "$key", "$account", "$playbook", "$version", "$state", "$offer", "$issued", "$expires", "$reason", "$provenance", "$terms", "$document",
            "$step"))
        {
            foreach (var p in batch.Proposals)
            {
                var (line, json) = Spelled(p.Reason);
                proposal.Execute(p.Key, p.AccountId, p.PlaybookId, p.PlaybookVersion, p.State, p.OfferId, SqliteText.Date(p.IssuedOn),
                    SqliteText.Date(p.ExpiresOn), line, json,
                    p.Terms is null ? null : JsonSerializer.Serialize(p.Terms, CrmJson.Default.ProposalTerms), p.DocumentHtml, p.Step);
            }
        }

        using (var stage = new RawStatement(connection, """
            INSERT INTO playbook_stages (account_id, playbook_id, key, playbook_version, stage, step, entered_at, reason, provenance)
            VALUES ($account, $playbook, $key, $version, $stage, $step, $entered, $reason, $provenance)
            ON CONFLICT (account_id, playbook_id) DO UPDATE SET key = excluded.key, playbook_version = excluded.playbook_version,
                stage = excluded.stage, step = excluded.step, entered_at = excluded.entered_at, reason = excluded.reason,
                provenance = excluded.provenance
            WHERE excluded.step > playbook_stages.step
            """, "$account", "$playbook", "$key", "$version", "$stage", "$step", "$entered", "$reason", "$provenance"))
        {
            foreach (var s in batch.Stages)
            {
                var (line, json) = Spelled(s.Reason);
                stage.Execute(s.AccountId, s.PlaybookId, s.Key, s.PlaybookVersion, s.Stage, s.Step, SqliteText.Timestamp(s.EnteredAt), line, json);
            }
        }

        // Tasks belong to the state that opened them: a stage moving on supersedes those still open from earlier steps.
        using var close = new RawStatement(connection, """
            UPDATE tasks SET status = 'superseded', closed_reason = $reason, completed_at = $at
            WHERE account_id = $account AND playbook_id = $playbook AND status = 'open' AND step < $step
            """, "$reason", "$at", "$account", "$playbook", "$step");
        using var withdraw = new RawStatement(connection, """
            UPDATE proposals SET status = 'withdrawn', answered_on = $on
            WHERE account_id = $account AND playbook_id = $playbook AND status = 'issued' AND step < $step
            """, "$on", "$account", "$playbook", "$step");
        foreach (var s in batch.Stages)
        {
            // An instance's first transition leaves its start state, which opens nothing: there is nothing to close.
            if (s.Step <= 1)
            {
                continue;
            }

            close.Execute(CrmReasons.Superseded(s.Reason, Spelled(s.Reason).Line), SqliteText.Timestamp(s.EnteredAt), s.AccountId, s.PlaybookId, s.Step);
            withdraw.Execute(SqliteText.Date(DateOnly.FromDateTime(s.EnteredAt.UtcDateTime)), s.AccountId, s.PlaybookId, s.Step);
        }
    }
}

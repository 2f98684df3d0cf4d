using System.Text.Json;
using CrmSuite.Connector.Sqlite;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>
/// The history half of a bulk load: tasks and proposals as a history left them, stages, applied events and license
/// changes, each through one prepared statement in the load's transaction.
/// </summary>
internal sealed class EmbeddedCrmHistoryLoad : IDisposable
{
    private readonly RawStatement _task;
    private readonly RawStatement _proposal;
    private readonly RawStatement _stage;
    private readonly RawStatement _taskEvent;
    private readonly RawStatement _proposalEvent;
    private readonly RawStatement _change;
    private readonly RawStatement _changeLine;
    private long _lastTaskEvent;
    private long _lastProposalEvent;

    public EmbeddedCrmHistoryLoad(SqliteConnection connection)
    {
        _task = new RawStatement(connection, """
            INSERT INTO tasks (key, account_id, owner_id, playbook_id, playbook_version, state, subject, due, owner_role, priority, outcomes,
                status, outcome, reason, provenance, created_at, completed_at, step, closed_reason)
            VALUES ($key, $account, $owner, $playbook, $version, $state, $subject, $due, $role, $priority, $outcomes, $status, $outcome, $reason,
                $provenance, $created, $closed, $step, $closed_reason)
            """, "$key", "$account", "$owner", "$playbook", "$version", "$state", "$subject", "$due", "$role", "$priority", "$outcomes", "$status",
            "$outcome", "$reason", "$provenance", "$created", "$closed", "$step", "$closed_reason");
        _proposal = new RawStatement(connection, """
            INSERT INTO proposals (key, account_id, playbook_id, playbook_version, state, offer_id, issued_on, expires_on, status, answered_on,
                answered_at, answered_by, decline_reason, reason, provenance, terms, document_html, step)
            VALUES ($key, $account, $playbook, $version, $state, $offer, $issued, $expires, $status, $answered_on, $answered_at, $by, $decline,
                $reason, $provenance, $terms, $document, $step)
            """, "$key", "$account", "$playbook", "$version", "$state", "$offer", "$issued", "$expires", "$status", "$answered_on", "$answered_at",
            "$by", "$decline", "$reason", "$provenance", "$terms", "$document", "$step");
        _stage = new RawStatement(connection, """
            INSERT INTO playbook_stages (account_id, playbook_id, key, playbook_version, stage, step, entered_at, reason, provenance)
            VALUES ($account, $playbook, $key, $version, $stage, $step, $entered, $reason, $provenance)
            """, "$account", "$playbook", "$key", "$version", "$stage", "$step", "$entered", "$reason", "$provenance");
        _taskEvent = new RawStatement(connection, """
            INSERT INTO task_events (task_key, account_id, playbook_id, state, outcome, created_at, processed_at, result)
            VALUES ($key, $account, $playbook, $state, $outcome, $at, $at, $result)
            """, "$key", "$account", "$playbook", "$state", "$outcome", "$at", "$result");
        _proposalEvent = new RawStatement(connection, """
            INSERT INTO proposal_events (proposal_key, account_id, playbook_id, state, kind, reason, created_at, processed_at, result)
            VALUES ($key, $account, $playbook, $state, $kind, $reason, $at, $at, $result)
            """, "$key", "$account", "$playbook", "$state", "$kind", "$reason", "$at", "$result");
        _change = new RawStatement(connection, """
            INSERT INTO license_changes (proposal_key, subscription_id, account_id, effective_on, from_tier, to_tier, from_seats, to_seats,
                billing_period, term_months, mrr_before, mrr_after, currency, renewal_before, renewal_after, created_at)
            VALUES ($key, $subscription, $account, $effective, $from_tier, $to_tier, $from_seats, $to_seats, $billing, $term, $mrr_before,
                $mrr_after, $currency, $renewal_before, $renewal_after, $at)
            """, "$key", "$subscription", "$account", "$effective", "$from_tier", "$to_tier", "$from_seats", "$to_seats", "$billing", "$term",
            "$mrr_before", "$mrr_after", "$currency", "$renewal_before", "$renewal_after", "$at");
        _changeLine = new RawStatement(connection,
            "INSERT INTO license_change_lines (proposal_key, line, description, amount, currency) VALUES ($key, $line, $description, $amount, $currency)",
            "$key", "$line", "$description", "$amount", "$currency");
    }

    public CrmEventIds Write(CrmAccountHistory history)
    {
        foreach (var h in history.Tasks)
        {
            var t = h.Task;
            _task.Execute(t.Key, t.AccountId, h.OwnerId, t.PlaybookId, t.PlaybookVersion, t.State, t.Subject, SqliteText.Date(t.Due), t.OwnerRole,
                EmbeddedCrmGateway.Priority(t.Priority), string.Join('|', t.Outcomes), TaskStatus(h.Status), h.Outcome, t.Reason.ToString(), Json(t.Reason),
                SqliteText.Timestamp(t.CreatedAt), h.ClosedAt is { } closed ? SqliteText.Timestamp(closed) : null, t.Step, h.ClosedReason);
        }

        foreach (var h in history.Proposals)
        {
            var p = h.Proposal;
            _proposal.Execute(p.Key, p.AccountId, p.PlaybookId, p.PlaybookVersion, p.State, p.OfferId, SqliteText.Date(p.IssuedOn),
                SqliteText.Date(p.ExpiresOn), EmbeddedCrmGateway.ProposalStatusName(h.Status), SqliteText.Date(h.AnsweredOn),
                h.AnsweredAt is { } at ? SqliteText.Timestamp(at) : null, h.AnsweredBy, h.DeclineReason, p.Reason.ToString(), Json(p.Reason),
                p.Terms is null ? null : JsonSerializer.Serialize(p.Terms, CrmJson.Default.ProposalTerms), p.DocumentHtml, p.Step);
        }

        foreach (var s in history.Stages)
        {
            _stage.Execute(s.AccountId, s.PlaybookId, s.Key, s.PlaybookVersion, s.Stage, s.Step, SqliteText.Timestamp(s.EnteredAt), s.Reason.ToString(),
                Json(s.Reason));
        }

        foreach (var e in history.TaskEvents)
        {
            _taskEvent.Execute(e.TaskKey, e.AccountId, e.PlaybookId, e.State, e.Outcome, SqliteText.Timestamp(e.CreatedAt), e.Result);
            _lastTaskEvent = _taskEvent.LastInsertRowId;
        }

        foreach (var e in history.ProposalEvents)
        {
            _proposalEvent.Execute(e.ProposalKey, e.AccountId, e.PlaybookId, e.State, EmbeddedCrmGateway.EventKind(e.Kind), e.Reason,
                SqliteText.Timestamp(e.CreatedAt), e.Result);
            _lastProposalEvent = _proposalEvent.LastInsertRowId;
        }

        foreach (var c in history.LicenseChanges)
        {
            var (before, after) = (c.Before, c.After);
            _change.Execute(c.ProposalKey, after.Id, c.AccountId, SqliteText.Date(c.EffectiveOn), before.Tier, after.Tier, before.Seats, after.Seats,
                SqliteText.Billing(after.BillingPeriod), after.TermMonths, SqliteText.Decimal(before.Mrr), SqliteText.Decimal(after.Mrr), after.Currency,
                SqliteText.Date(before.RenewalDate), SqliteText.Date(after.RenewalDate), SqliteText.Timestamp(c.At));
            for (var i = 0; i < c.Lines.Length; i++)
            {
                _changeLine.Execute(c.ProposalKey, i + 1, c.Lines[i].Description, SqliteText.Decimal(c.Lines[i].Amount), after.Currency);
            }
        }

        return new CrmEventIds(_lastTaskEvent, _lastProposalEvent);
    }

    public void Dispose()
    {
        _task.Dispose();
        _proposal.Dispose();
        _stage.Dispose();
        _taskEvent.Dispose();
        _proposalEvent.Dispose();
        _change.Dispose();
        _changeLine.Dispose();
    }

    private static string Json(PlaybookEngine.Runtime.Reason reason) => JsonSerializer.Serialize(reason, CrmJson.Default.Reason);

    private static string TaskStatus(CrmTaskStatus status) => status switch
    {
        CrmTaskStatus.Open => "open",
        CrmTaskStatus.Completed => "completed",
        _ => "superseded",
    };
}

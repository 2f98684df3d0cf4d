using Microsoft.Extensions.Options;
using CrmSuite.Connector.Accounts;
using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Store;
using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.Connector.Web;

/// <summary>
/// Builds the CSM's account view from the CRM (the account prepared exactly as the sync prepares it, its stages, tasks,
/// proposals and license changes) and the state store (the touches suppressed for it).
/// </summary>
internal sealed class AccountViewReader(
    IEnumerable<ICrmAccountView> crm, ICrmAccounts accounts, ISuppressedTouches suppressed, PlaybookRuntime playbooks, TimeProvider time,
    IOptions<Sync.SyncOptions> options)
{
    /// <summary>The most rows of each kind the view lists, newest first.</summary>
    public const int MaxRows = 200;

    private readonly ICrmAccountView? _crm = crm.FirstOrDefault();
    private readonly TimeZoneInfo _timeZone = options.Value.ResolveTimeZone();

    /// <summary>False when the CRM adapter in use has no account view (Dataverse today).</summary>
    public bool IsAvailable => _crm is not null;

    /// <summary>The account's view, or null when the CRM has no such account.</summary>
    public async Task<AccountView?> ReadAsync(string accountId, CancellationToken cancellationToken)
    {
        if (_crm is null || await _crm.ReadAccountActivityAsync(accountId, MaxRows, cancellationToken) is not { } activity)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var problems = new List<QuarantineEntry>();
        var records = await accounts.ReadAccountsAsync([accountId], cancellationToken);
        IReadOnlyList<ReadingView> signals = [];
        if (records.Count > 0 && AccountPreparation.TryPrepare(records[0], now, _timeZone, problems, out var context))
        {
            signals = [.. SignalText.All(SignalCatalog.Default, context.Signals).Select(r => new ReadingView(r.Signal, r.Value))];
        }

        var touches = await suppressed.ReadSuppressedAsync(accountId, MaxRows, cancellationToken);
        return new AccountView(
            activity.AccountId,
            activity.AccountName,
            EvaluationContext.DayOf(now, _timeZone),
            signals,
            [.. problems.Select(p => $"{p.Field}: {p.Reason}")],
            [.. activity.Stages.Select(s => new AccountPlaybookView(s.PlaybookId, playbooks.Find(s.PlaybookId)?.Definition.Title ?? s.PlaybookId,
                s.PlaybookVersion, s.Stage, s.EnteredAt))],
            [.. activity.Tasks.Select(t => new AccountTaskView(t.Key, t.Subject, t.PlaybookId, t.PlaybookVersion, t.State, t.Due, t.Status, t.Outcome,
                t.CreatedAt, WhyView.Of(t.Reason)))],
            [.. activity.Proposals.Select(p => new AccountProposalView(p.Key, p.OfferId, p.PlaybookId, p.PlaybookVersion, p.State, p.IssuedOn,
                p.ExpiresOn, p.Status, WhyView.Of(p.Reason)))],
            [.. touches.Select(s => new SuppressedView(s.At, s.PlaybookId, s.PlaybookVersion, s.From, s.To, s.Rule, s.Reason))],
            [.. activity.LicenseChanges.Select(l => new LicenseView(l.EffectiveOn, $"{l.FromTier} x{l.FromSeats}", $"{l.ToTier} x{l.ToSeats}",
                l.MrrBefore, l.MrrAfter, l.MrrAfter - l.MrrBefore, l.Currency))]);
    }
}

using CrmSuite.Connector.Playbooks;
using CrmSuite.PlaybookEngine.Diagnostics;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Backtest;

/// <summary>
/// A playbook folder made ready to replay, as a sync would run it (approved playbooks only, refused whole on any error),
/// with its offers and the line naming its playbooks; one piece for `crmsuite backtest` and the web page, so both name a
/// run alike and their JSON agrees.
/// </summary>
internal static class BacktestFolder
{
    /// <summary>The set to replay, or the folder's errors (as `validate` prints them) when it cannot run.</summary>
    public static (BacktestPlaybooks? Set, IReadOnlyList<Diagnostic> Errors) Load(string folder, int maxDays)
    {
        var (runtime, errors) = PublishedPlaybooks.Load(folder);
        if (runtime is null)
        {
            return (null, errors);
        }

        var offers = new PublishedOffers(Options.Create(new PlaybookOptions { PlaybooksPath = folder })) { DaysKept = maxDays + 2 };
        return (new BacktestPlaybooks(folder, PublishedPlaybooks.Describe(folder, runtime), runtime, offers), []);
    }
}

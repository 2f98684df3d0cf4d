using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>
/// Two upgrade plays wanting every healthy account on the first sync, and a contact policy of one touch per account in
/// 30 days: the higher priority (<c>budget-high</c>) gets the slot, the other (<c>budget-low</c>) is suppressed for it.
/// </summary>
internal static class BudgetPlaybooks
{
    public const string Policy = """
        ---
        kind: contact-policy
        per_account: 1 touch per 30 days
        counts: [proposal, upgrade_task]
        ---

        # Contact policy
        """;

    public static string Play(string id, int priority) => """
        ---
        id: PLAY_ID
        title: Budget play PLAY_ID
        version: 1
        status: approved
        owner: tests@crmsuite.example
        category: upgrade
        priority: PLAY_PRIORITY
        start: Watching
        guardrails:
          exclude_churn_risk: true
        ---

        # Budget play

        ## Watching

        ### Transitions

        - when `health >= 0` -> Offer

        ## Offer

        ### Tasks

        - Walk {{ account.name }} through the PLAY_ID offer
          - due: 5 days
          - purpose: upgrade
          - outcomes: accepted, declined

        ### Proposals

        - next-tier
          - valid: 30 days

        ### Transitions

        - on outcome declined -> Done
        - on proposal accepted -> Done
        - on proposal declined -> Done
        - on proposal expired -> Done

        ## Done (final)

        Finished.
        """.Replace("PLAY_ID", id, StringComparison.Ordinal).Replace("PLAY_PRIORITY", priority.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public static string Write(TempFolder folder)
    {
        var path = Path.Combine(folder.Path, "budget-playbooks");
        Directory.CreateDirectory(path);
        foreach (var file in new[] { "pricebook.md", "offers.md" })
        {
            File.Copy(Path.Combine(CliRunner.RepositoryRoot, "playbooks", file), Path.Combine(path, file));
        }

        File.WriteAllText(Path.Combine(path, "contact-policy.md"), Policy);
        File.WriteAllText(Path.Combine(path, "budget-high.md"), Play("budget-high", 80));
        File.WriteAllText(Path.Combine(path, "budget-low.md"), Play("budget-low", 20));
        return path;
    }
}

/// <summary>The real host running <see cref="BudgetPlaybooks"/>.</summary>
public sealed class BudgetHost : IAsyncLifetime
{
    public WorkQueueHost Host { get; } = new() { Playbooks = BudgetPlaybooks.Write };

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

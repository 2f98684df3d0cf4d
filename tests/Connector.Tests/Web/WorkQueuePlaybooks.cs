using CrmSuite.Connector.Tests.Cli;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>
/// A playbook folder for the work-queue tests: the shipped price book and offers, and one playbook in which every healthy
/// account gets a call, and a reached customer a proposal with a walk-through task, so completing a task visibly opens
/// the next. Its talk track carries raw HTML and a javascript: link that must never reach the page as markup.
/// </summary>
internal static class WorkQueuePlaybooks
{
    public const string PlaybookId = "csm-followup";

    public const string Playbook = """
        ---
        id: csm-followup
        title: CSM follow-up
        version: 1
        status: approved
        owner: tests@crmsuite.example
        category: adoption
        priority: 10
        start: Watching
        ---

        # CSM follow-up

        Every healthy account gets a call; a reached customer gets a proposal and a walk-through.

        ## Watching

        ### Transitions

        - when `health >= 0` -> Call

        ## Call

        ### Tasks

        - Call {{ account.name }}
          - due: 2 days
          - owner: csm
          - priority: high
          - outcomes: reached, no_answer

        ### Transitions

        - on outcome reached -> Offer

        ### Talk track

        Hello **{{ account.name }}**, health is {{ signals.health }}. <script>alert(1)</script> [docs](javascript:alert(2))

        ### Objection: cost

        Show the annual price beside the monthly one.

        ## Offer

        ### Tasks

        - Walk {{ account.name }} through the proposal
          - due: 5 days
          - owner: csm
          - priority: normal
          - outcomes: accepted, declined

        ### Proposals

        - next-tier
          - valid: 30 days

        ### Transitions

        - on outcome accepted -> Done
        - on outcome declined -> Done
        - on proposal accepted -> Upgraded
        - on proposal declined -> Done
        - on proposal expired -> Done

        ## Upgraded (final)

        The customer took the offer.

        ## Done (final)

        Finished.
        """;

    /// <summary>Writes the folder under <paramref name="folder"/> and returns its path.</summary>
    public static string Write(TempFolder folder)
    {
        var path = Path.Combine(folder.Path, "playbooks");
        Directory.CreateDirectory(path);
        foreach (var file in new[] { "pricebook.md", "offers.md" })
        {
            File.Copy(Path.Combine(CliRunner.RepositoryRoot, "playbooks", file), Path.Combine(path, file));
        }

        File.WriteAllText(Path.Combine(path, "csm-followup.md"), Playbook.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }
}

using System.Text.Json;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// An account's contact history as its <c>cs_upgradeproposal</c> rows tell it, gathered row by row: the day each proposal
/// was issued, and the latest day one was declined.
/// </summary>
internal sealed class AccountHistory
{
    private readonly List<DateOnly> _prompts = [];
    private DateOnly? _declined;

    /// <summary>Adds a proposal row (<see cref="DataverseRows.HistoryColumns"/>) to its account's history; a row without an account or issue day adds nothing.</summary>
    public static void Add(Dictionary<string, AccountHistory> histories, JsonElement row)
    {
        if (DataverseRows.Lookup(row, "_cs_accountid_value") is not { } accountId
            || DataverseRows.Date(row, "cs_issuedon", "cs_upgradeproposal", accountId) is not { } issued)
        {
            return;
        }

        if (!histories.TryGetValue(accountId, out var history))
        {
            histories[accountId] = history = new AccountHistory();
        }

        history._prompts.Add(issued);
        if (DataverseRows.Text(row, "cs_status") == "declined"
            && DataverseRows.Date(row, "cs_answeredon", "cs_upgradeproposal", accountId) is { } on
            && (history._declined is not { } latest || on > latest))
        {
            history._declined = on;
        }
    }

    public ContactHistory ToContactHistory() => new(_prompts, _declined);
}

using System.Text.Json;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// An account's contact history as Dataverse tells it, gathered row by row: the day each <c>cs_upgradeproposal</c> was
/// issued and the latest day one was declined, and the CrmSuite tasks opened in the contact policy's window (each a touch
/// the runtime keeps when its playbook state opens an upgrade task), as the embedded CRM reads them.
/// </summary>
internal sealed class AccountHistory
{
    private readonly List<DateOnly> _prompts = [];
    private readonly List<ContactTouch> _tasks = [];
    private DateOnly? _declined;

    /// <summary>Adds a proposal row (<see cref="DataverseRows.HistoryColumns"/>) to its account's history; a row without an account or issue day adds nothing.</summary>
    public static void Add(Dictionary<string, AccountHistory> histories, JsonElement row)
    {
        if (DataverseRows.Lookup(row, "_cs_accountid_value") is not { } accountId
            || DataverseRows.Date(row, "cs_issuedon", "cs_upgradeproposal", accountId) is not { } issued)
        {
            return;
        }

        var history = Of(histories, accountId);
        history._prompts.Add(issued);
        if (DataverseRows.Text(row, "cs_status") == "declined"
            && DataverseRows.Date(row, "cs_answeredon", "cs_upgradeproposal", accountId) is { } on
            && (history._declined is not { } latest || on > latest))
        {
            history._declined = on;
        }
    }

    /// <summary>
    /// Adds a CrmSuite task row (<see cref="DataverseRows.TouchColumns"/>) as a touch on the UTC day of its <c>cs_createdat</c>;
    /// a row without an account, a playbook, a state or that day adds nothing (it was not written by CrmSuite).
    /// </summary>
    public static void AddTask(Dictionary<string, AccountHistory> histories, JsonElement row)
    {
        if (DataverseRows.Lookup(row, "_regardingobjectid_value") is not { } accountId
            || DataverseRows.Text(row, "cs_playbook") is not { Length: > 0 } playbook
            || DataverseRows.Text(row, "cs_state") is not { Length: > 0 } state
            || DataverseRows.Timestamp(row, "cs_createdat") is not { } created)
        {
            return;
        }

        Of(histories, accountId)._tasks.Add(ContactTouch.OfTask(DateOnly.FromDateTime(created.UtcDateTime), playbook, state));
    }

    public ContactHistory ToContactHistory() => new(_prompts, _declined)
    {
        Touches = [.. _tasks.OrderBy(t => t.Day).ThenBy(t => t.PlaybookId, StringComparer.Ordinal).ThenBy(t => t.TaskState, StringComparer.Ordinal)],
    };

    private static AccountHistory Of(Dictionary<string, AccountHistory> histories, string accountId)
    {
        if (!histories.TryGetValue(accountId, out var history))
        {
            histories[accountId] = history = new AccountHistory();
        }

        return history;
    }
}

using CrmSuite.DataverseEmulator.Plugins;
using CrmSuite.DataverseEmulator.Store;

namespace CrmSuite.DataverseEmulator;

/// <summary>
/// The organisation's webhook plugins: the SDK messages and message filters every organisation has (Create, Update and
/// Delete on the tables CrmSuite registers steps for), and what the plugin pipeline called.
/// </summary>
public sealed partial class DataverseEmulator
{
    /// <summary>The messages seeded at start.</summary>
    public static readonly IReadOnlyList<string> PluginMessages = ["Create", "Update", "Delete"];

    /// <summary>The tables the seeded messages have filters for (a step can be registered on them).</summary>
    public static readonly IReadOnlyList<string> PluginTables = ["account", "task", "quote", "opportunity", "cs_subscription", "cs_upgradeproposal"];

    /// <summary>Every webhook call made so far (synchronous and asynchronous), in order.</summary>
    public IReadOnlyList<PluginCall> PluginCalls => pipeline.Calls;

    /// <summary>Completes once every asynchronous webhook call queued so far has been answered.</summary>
    public Task PluginsIdleAsync() => pipeline.IdleAsync();

    /// <summary>Removes the message filter of a message on a table (an organisation without that table, for tests).</summary>
    public void RemovePluginFilter(string message, string table)
    {
        lock (context.Store.Gate)
        {
            var messages = context.Store.Require("sdkmessage");
            var filters = context.Store.Require("sdkmessagefilter");
            var messageId = messages.Rows.Single(r => (string?)r["name"] == message).Id;
            foreach (var row in filters.Rows.Where(r => (string?)r["primaryobjecttypecode"] == table && r["sdkmessageid"] is EntityReference m && m.Id == messageId).ToList())
            {
                context.Store.Delete(filters, row);
            }
        }
    }

    private void SeedPluginMessages()
    {
        foreach (var message in PluginMessages)
        {
            var id = Seed("sdkmessage", new Dictionary<string, object?> { ["name"] = message });
            foreach (var table in PluginTables)
            {
                Seed("sdkmessagefilter", new Dictionary<string, object?>
                {
                    ["name"] = $"{message} of {table}",
                    ["primaryobjecttypecode"] = table,
                    ["secondaryobjecttypecode"] = "none",
                    ["iscustomprocessingstepallowed"] = true,
                    ["sdkmessageid"] = new EntityReference("sdkmessage", id),
                });
            }
        }
    }
}

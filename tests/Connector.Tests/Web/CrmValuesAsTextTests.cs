using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>
/// CRM values are plain text wherever they appear (docs/operations.md, "Web security"): an account name is escaped for
/// Markdown before the talk track is rendered, through the real host over HTTP with the name changed in the CRM.
/// </summary>
public sealed class CrmValuesAsTextTests(WorkQueueHost host) : IClassFixture<WorkQueueHost>
{
    [Fact]
    public async Task An_account_name_written_as_a_markdown_link_shows_as_text_in_the_talk_track()
    {
        const string Phishing = "[Renew now](https://evil.example/phish)";
        var (csm, account) = await CsmAndAccountAsync(0);
        await RenameAsync(account, Phishing);

        var task = await TaskOfAsync(csm, account);

        var html = task.GetProperty("talkTrackHtml").GetString()!;
        Assert.Contains($"Hello <strong>{Phishing}</strong>", html, StringComparison.Ordinal);
        // The only link in the talk track is the playbook's own javascript: one, which the sanitizer leaves without a target.
        Assert.DoesNotContain("href", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a>Renew now", html, StringComparison.Ordinal);
        Assert.Equal(Phishing, task.GetProperty("accountName").GetString());
    }

    [Fact]
    public async Task A_20_kb_account_name_of_nested_emphasis_leaves_the_queue_answering_with_the_name_as_text()
    {
        var nested = string.Concat(Enumerable.Repeat("*_", 5_000)) + "x" + string.Concat(Enumerable.Repeat("_*", 5_000));
        var (csm, account) = await CsmAndAccountAsync(1);
        await RenameAsync(account, nested);

        using var response = await host.Client.GetAsync($"/api/csms/{csm}/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tasks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tasks").EnumerateArray();
        var html = tasks.First(t => t.GetProperty("accountId").GetString() == account).GetProperty("talkTrackHtml").GetString()!;
        Assert.Contains($"<strong>{nested}</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>", html, StringComparison.Ordinal);
    }

    private async Task<(string Csm, string Account)> CsmAndAccountAsync(int index)
    {
        var csm = (await host.Client.GetFromJsonAsync<JsonElement>("/api/csms"))[index].GetProperty("id").GetString()!;
        var tasks = (await host.Client.GetFromJsonAsync<JsonElement>($"/api/csms/{csm}/tasks")).GetProperty("tasks").EnumerateArray();
        return (csm, tasks.First(t => t.GetProperty("state").GetString() == "Call").GetProperty("accountId").GetString()!);
    }

    private async Task<JsonElement> TaskOfAsync(string csm, string account) =>
        (await host.Client.GetFromJsonAsync<JsonElement>($"/api/csms/{csm}/tasks")).GetProperty("tasks").EnumerateArray()
            .First(t => t.GetProperty("accountId").GetString() == account && t.GetProperty("state").GetString() == "Call");

    // A CRM user edits the account's name; the work queue reads it live through the CRM port.
    private async Task RenameAsync(string account, string name)
    {
        await using var connection = new SqliteConnection($"Data Source={host.CrmPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE accounts SET name = $name WHERE id = $id";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$id", account);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

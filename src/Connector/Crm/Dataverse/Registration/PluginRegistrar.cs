using System.Text.Json;
using System.Text.Json.Nodes;
using CrmSuite.Plugins.Context;

namespace CrmSuite.Connector.Crm.Dataverse.Registration;

/// <summary>What a register-plugins run did (each change in words), or what is missing (then it changed nothing).</summary>
internal sealed record RegistrationResult(IReadOnlyList<string> Changes, IReadOnlyList<string> Missing)
{
    public bool Succeeded => Missing.Count == 0;
}

/// <summary>
/// <c>crmsuite dataverse register-plugins</c> (docs/plugins.md, "Register the plugins"): one Webhook service endpoint
/// pointing at the connector's <c>/plugins</c>, and one step per handler step with its images, through the Web API.
/// Idempotent: it reads first, checks that every table, column, message and filter the steps need exists (writing nothing
/// when one is missing), then creates what is missing, updates what differs in place, and removes the steps named
/// <c>CrmSuite …</c> that no handler declares any more. The credential is written, never read or printed.
/// </summary>
internal sealed class PluginRegistrar(RegistrationClient client)
{
    /// <summary>The service endpoint's name; there is one per organisation.</summary>
    public const string EndpointName = "CrmSuite connector";

    private const int WebhookContract = 8;
    private const string StepColumns =
        "sdkmessageprocessingstepid,name,stage,mode,rank,filteringattributes,asyncautodelete,supporteddeployment,_sdkmessageid_value,_sdkmessagefilterid_value,_eventhandler_value";

    /// <summary>The URL the service endpoint posts to: the connector's address with <c>/plugins</c>.</summary>
    public static Uri EndpointUrl(Uri connector) => new(new Uri(connector.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"), "plugins");

    public async Task<RegistrationResult> RegisterAsync(Uri connector, WebhookCredential credential, TextWriter output, CancellationToken cancellationToken)
    {
        var desired = DesiredStep.All();
        var missing = new List<string>();
        await CheckTablesAsync(desired, missing, cancellationToken);
        var messages = await MessagesAsync(desired, missing, cancellationToken);
        var filters = await FiltersAsync(desired, messages, missing, cancellationToken);
        if (missing.Count > 0)
        {
            return new RegistrationResult([], missing);
        }

        var changes = new List<string>();
        async Task Say(string change)
        {
            changes.Add(change);
            await output.WriteLineAsync(change);
        }

        var endpoint = await EnsureEndpointAsync(EndpointUrl(connector), credential, Say, cancellationToken);
        var existing = (await client.RowsAsync($"sdkmessageprocessingsteps?$select={StepColumns}&$filter=startswith(name,'{DesiredStep.Prefix.Trim()}')", cancellationToken))
            .Where(s => Text(s, "name")?.StartsWith(DesiredStep.Prefix, StringComparison.Ordinal) == true)
            .ToDictionary(s => Text(s, "name")!, StringComparer.Ordinal);
        foreach (var step in desired)
        {
            var ids = new StepIds(messages[step.Step.Message], filters[(step.Step.Message, step.Step.Table)], endpoint);
            var stepId = await EnsureStepAsync(step, ids, existing.TryGetValue(step.Name, out var row) ? row : null, Say, cancellationToken);
            await EnsureImagesAsync(step, stepId, Say, cancellationToken);
        }

        foreach (var (name, stale) in existing.Where(e => desired.All(d => d.Name != e.Key)))
        {
            var id = Id(stale, "sdkmessageprocessingstepid");
            foreach (var image in await ImagesAsync(id, cancellationToken))
            {
                await client.DeleteAsync("sdkmessageprocessingstepimages", Id(image, "sdkmessageprocessingstepimageid"), cancellationToken);
            }

            await client.DeleteAsync("sdkmessageprocessingsteps", id, cancellationToken);
            await Say($"removed step {name}: no handler needs it any more");
        }

        return new RegistrationResult(changes, []);
    }

    private async Task CheckTablesAsync(IReadOnlyList<DesiredStep> desired, List<string> missing, CancellationToken cancellationToken)
    {
        foreach (var table in desired.GroupBy(d => d.Step.Table, StringComparer.Ordinal))
        {
            var columns = await client.ColumnsAsync(table.Key, cancellationToken);
            if (columns is null)
            {
                missing.Add(table.Key.StartsWith("cs_", StringComparison.Ordinal)
                    ? $"table {table.Key} is not deployed: run crmsuite dataverse deploy-schema first"
                    : $"table {table.Key} is not in this organisation (it comes with Dynamics 365 Sales)");
                continue;
            }

            var needed = table.SelectMany(d => d.Step.FilteringAttributes.Concat(d.Step.PreImageAttributes).Concat(d.Step.PostImageAttributes)).Distinct(StringComparer.Ordinal);
            missing.AddRange(needed.Where(c => !columns.Contains(c)).Order(StringComparer.Ordinal)
                .Select(c => $"column {table.Key}.{c} is missing: run crmsuite dataverse deploy-schema first"));
        }
    }

    private async Task<Dictionary<string, Guid>> MessagesAsync(IReadOnlyList<DesiredStep> desired, List<string> missing, CancellationToken cancellationToken)
    {
        var names = desired.Select(d => d.Step.Message).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rows = await client.RowsAsync($"sdkmessages?$select=sdkmessageid,name&$filter={string.Join(" or ", names.Select(n => $"name eq '{n}'"))}", cancellationToken);
        var found = rows.GroupBy(r => Text(r, "name") ?? "", StringComparer.Ordinal).ToDictionary(g => g.Key, g => Id(g.First(), "sdkmessageid"), StringComparer.Ordinal);
        missing.AddRange(names.Where(n => !found.ContainsKey(n)).Select(n => $"Dataverse has no SDK message {n} (sdkmessage)"));
        return found;
    }

    private async Task<Dictionary<(string Message, string Table), Guid>> FiltersAsync(
        IReadOnlyList<DesiredStep> desired, Dictionary<string, Guid> messages, List<string> missing, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<(string, string), Guid>();
        foreach (var (message, table) in desired.Select(d => (d.Step.Message, d.Step.Table)).Distinct())
        {
            if (!messages.TryGetValue(message, out var messageId))
            {
                continue;
            }

            var rows = await client.RowsAsync(
                $"sdkmessagefilters?$select=sdkmessagefilterid&$filter=_sdkmessageid_value eq {messageId:D} and primaryobjecttypecode eq '{table}'", cancellationToken);
            if (rows.Count == 0)
            {
                missing.Add($"Dataverse offers no {message} step on {table} (no sdkmessagefilter): is the table deployed? run crmsuite dataverse deploy-schema first");
                continue;
            }

            filters[(message, table)] = Id(rows[0], "sdkmessagefilterid");
        }

        return filters;
    }

    private async Task<Guid> EnsureEndpointAsync(Uri url, WebhookCredential credential, Func<string, Task> say, CancellationToken cancellationToken)
    {
        var rows = await client.RowsAsync($"serviceendpoints?$select=serviceendpointid,name,url,authtype,contract,description&$filter=name eq '{EndpointName}'", cancellationToken);
        if (rows.Count == 0)
        {
            var id = await client.CreateAsync("serviceendpoints", new JsonObject
            {
                ["name"] = EndpointName,
                ["contract"] = WebhookContract,
                ["connectionmode"] = 1,
                ["messageformat"] = 2,
                ["url"] = url.ToString(),
                ["authtype"] = (int)credential.Auth,
                ["authvalue"] = credential.AuthValue,
                ["description"] = Description(credential),
            }, cancellationToken);
            await say($"created service endpoint {EndpointName}: Webhook to {url}, {credential.Describe()}");
            return id;
        }

        var endpoint = rows[0];
        var endpointId = Id(endpoint, "serviceendpointid");
        var update = new JsonObject();
        var what = new List<string>();
        if (Text(endpoint, "url") != url.ToString())
        {
            update["url"] = url.ToString();
            what.Add($"url {url}");
        }

        if (Int(endpoint, "contract") != WebhookContract)
        {
            update["contract"] = WebhookContract;
            what.Add("contract Webhook");
        }

        if (Int(endpoint, "authtype") != (int)credential.Auth || !credential.Matches(Text(endpoint, "description")))
        {
            update["authtype"] = (int)credential.Auth;
            update["authvalue"] = credential.AuthValue;
            update["description"] = Description(credential);
            what.Add($"credential ({credential.Describe()})");
        }

        if (what.Count > 0)
        {
            await client.UpdateAsync("serviceendpoints", endpointId, update, cancellationToken);
            await say($"updated service endpoint {EndpointName}: {string.Join(", ", what)}");
        }

        return endpointId;
    }

    private sealed record StepIds(Guid Message, Guid Filter, Guid Endpoint);

    private async Task<Guid> EnsureStepAsync(DesiredStep step, StepIds ids, JsonElement? existing, Func<string, Task> say, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["name"] = step.Name,
            ["description"] = $"Posts the event to the CrmSuite connector's {step.Handler} handler (docs/plugins.md).",
            ["stage"] = (int)step.Step.Stage,
            ["mode"] = (int)step.Step.Mode,
            ["rank"] = DesiredStep.Rank,
            ["filteringattributes"] = step.FilteringAttributes,
            ["asyncautodelete"] = step.AsyncAutoDelete,
            ["supporteddeployment"] = 0,
            ["invocationsource"] = 0,
            ["sdkmessageid@odata.bind"] = $"/sdkmessages({ids.Message:D})",
            ["sdkmessagefilterid@odata.bind"] = $"/sdkmessagefilters({ids.Filter:D})",
            ["eventhandler_serviceendpoint@odata.bind"] = $"/serviceendpoints({ids.Endpoint:D})",
        };
        if (existing is not { } row)
        {
            var id = await client.CreateAsync("sdkmessageprocessingsteps", body, cancellationToken);
            await say($"created step {step.Describe()}");
            return id;
        }

        var stepId = Id(row, "sdkmessageprocessingstepid");
        var differences = new List<string>();
        Compare(Int(row, "stage") == (int)step.Step.Stage, "stage");
        Compare(Int(row, "mode") == (int)step.Step.Mode, "mode");
        Compare(Int(row, "rank") == DesiredStep.Rank, "rank");
        Compare(SameColumns(Text(row, "filteringattributes"), step.Step.FilteringAttributes), "filtering attributes");
        Compare(row.TryGetProperty("asyncautodelete", out var auto) && auto.ValueKind is JsonValueKind.True or JsonValueKind.False && auto.GetBoolean() == step.AsyncAutoDelete,
            "asynchronous automatic delete");
        Compare(Int(row, "supporteddeployment") == 0, "supported deployment");
        Compare(Lookup(row, "_sdkmessageid_value") == ids.Message, "message");
        Compare(Lookup(row, "_sdkmessagefilterid_value") == ids.Filter, "table");
        Compare(Lookup(row, "_eventhandler_value") == ids.Endpoint, "service endpoint");
        if (differences.Count > 0)
        {
            body.Remove("name");
            await client.UpdateAsync("sdkmessageprocessingsteps", stepId, body, cancellationToken);
            await say($"updated step {step.Name}: {string.Join(", ", differences)}");
        }

        return stepId;

        void Compare(bool same, string what)
        {
            if (!same)
            {
                differences.Add(what);
            }
        }
    }

    private async Task EnsureImagesAsync(DesiredStep step, Guid stepId, Func<string, Task> say, CancellationToken cancellationToken)
    {
        var existing = await ImagesAsync(stepId, cancellationToken);
        foreach (var image in step.Images)
        {
            var body = new JsonObject
            {
                ["name"] = image.Alias,
                ["entityalias"] = image.Alias,
                ["imagetype"] = image.Type,
                ["messagepropertyname"] = image.MessageProperty,
                ["attributes"] = image.Attributes,
            };
            var found = existing.FirstOrDefault(e => Text(e, "entityalias") == image.Alias);
            if (found.ValueKind == JsonValueKind.Undefined)
            {
                body["sdkmessageprocessingstepid@odata.bind"] = $"/sdkmessageprocessingsteps({stepId:D})";
                await client.CreateAsync("sdkmessageprocessingstepimages", body, cancellationToken);
                await say($"created {(image.Type == 0 ? "pre" : "post")} image '{image.Alias}' ({image.Attributes}) of step {step.Name}");
            }
            else if (Int(found, "imagetype") != image.Type || Text(found, "messagepropertyname") != image.MessageProperty
                || !SameColumns(Text(found, "attributes"), image.Attributes.Split(',')))
            {
                await client.UpdateAsync("sdkmessageprocessingstepimages", Id(found, "sdkmessageprocessingstepimageid"), body, cancellationToken);
                await say($"updated image '{image.Alias}' of step {step.Name}: {image.Attributes}");
            }
        }

        foreach (var extra in existing.Where(e => step.Images.All(i => i.Alias != Text(e, "entityalias"))))
        {
            await client.DeleteAsync("sdkmessageprocessingstepimages", Id(extra, "sdkmessageprocessingstepimageid"), cancellationToken);
            await say($"removed image '{Text(extra, "entityalias")}' of step {step.Name}: the handler does not read it");
        }
    }

    private Task<IReadOnlyList<JsonElement>> ImagesAsync(Guid stepId, CancellationToken cancellationToken) =>
        client.RowsAsync(
            $"sdkmessageprocessingstepimages?$select=sdkmessageprocessingstepimageid,entityalias,imagetype,messagepropertyname,attributes&$filter=_sdkmessageprocessingstepid_value eq {stepId:D}",
            cancellationToken);

    private static string Description(WebhookCredential credential) =>
        $"Registered by crmsuite dataverse register-plugins (docs/plugins.md). {credential.NewFingerprint()}";

    private static bool SameColumns(string? stored, IEnumerable<string> wanted) =>
        (stored ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => c.ToLowerInvariant()).Order(StringComparer.Ordinal)
            .SequenceEqual(wanted.Select(c => c.ToLowerInvariant()).Order(StringComparer.Ordinal));

    private static string? Text(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static Guid? Lookup(JsonElement row, string column) => Guid.TryParse(Text(row, column), out var id) ? id : null;

    private static Guid Id(JsonElement row, string column) =>
        Lookup(row, column) ?? throw new InvalidDataException($"A Dataverse row has no {column}.");
}

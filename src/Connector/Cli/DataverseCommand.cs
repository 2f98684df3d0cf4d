using System.CommandLine;
using CrmSuite.Connector.Crm.Dataverse.Schema;
using CrmSuite.Connector.Locking;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite dataverse deploy-schema</c> and <c>crmsuite dataverse check</c>: the admin's tools for connecting
/// CrmSuite to Dynamics 365 (docs/dataverse.md). Both need <c>Crm:Provider=Dataverse</c>.
/// </summary>
internal static class DataverseCommand
{
    private const string NotDataverse =
        "Crm:Provider is not Dataverse: set Crm:Provider=Dataverse and Crm:Dataverse:ConnectionString (e.g. CRMSUITE_Crm__Provider and "
        + "CRMSUITE_Crm__Dataverse__ConnectionString), see docs/dataverse.md.";

    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var command = new Command("dataverse", "Connect CrmSuite to Dynamics 365: deploy its schema, check the connection.");
        command.Subcommands.Add(DeploySchema(configure));
        command.Subcommands.Add(Check(configure));
        command.Subcommands.Add(RegisterPlugins(configure));
        return command;
    }

    private static Command RegisterPlugins(Action<IHostApplicationBuilder>? configure)
    {
        var url = new Option<string>("--url")
        {
            Description = "The connector's address as Dataverse reaches it, e.g. https://connector.example.com (the webhooks post to its /plugins).",
            Required = true,
        };
        var auth = new Option<string?>("--auth")
        {
            Description = "webhookkey (Plugins:WebhookKey, sent as ?code=) or header (Plugins:HeaderName and Plugins:HeaderValue); default: the one configured.",
        };
        auth.AcceptOnlyFromAmong("webhookkey", "header");
        var command = new Command("register-plugins",
            "Register the service endpoint and the webhook steps of docs/plugins.md in Dataverse; a second run changes nothing.");
        command.Options.Add(url);
        command.Options.Add(auth);
        command.SetAction((parsed, cancellationToken) => RunAsync<IServiceProvider>("dataverse register-plugins", configure, async (services, token) =>
        {
            if (services.GetService<Crm.Dataverse.Registration.PluginRegistrar>() is not { } registrar)
            {
                await Console.Error.WriteLineAsync($"crmsuite dataverse register-plugins: {NotDataverse}");
                return ExitCodes.Usage;
            }

            var problem = PluginRegistrationInput.Read(parsed.GetValue(url)!, parsed.GetValue(auth), services.GetRequiredService<IConfiguration>(), out var connector, out var credential);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"crmsuite dataverse register-plugins: {problem}");
                return ExitCodes.Usage;
            }

            var result = await registrar.RegisterAsync(connector!, credential!, Console.Out, token);
            foreach (var missing in result.Missing)
            {
                await Console.Error.WriteLineAsync($"crmsuite dataverse register-plugins: {missing}");
            }

            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync("crmsuite dataverse register-plugins: nothing was changed.");
                return ExitCodes.Failed;
            }

            await Console.Out.WriteLineAsync(result.Changes.Count == 0
                ? "The plugins are registered: nothing changed."
                : $"Registered: {result.Changes.Count} change(s).");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command DeploySchema(Action<IHostApplicationBuilder>? configure)
    {
        var wait = new Option<TimeSpan>("--key-wait")
        {
            Description = "How long to wait for new alternate keys to become Active (default 00:10:00).",
            DefaultValueFactory = _ => KeyWait.Default.Timeout,
        };
        var command = new Command("deploy-schema", "Create or update CrmSuite's tables, columns and alternate keys (docs/dataverse-schema.md); a second run changes nothing.");
        command.Options.Add(wait);
        command.SetAction((parsed, cancellationToken) => RunAsync<SchemaDeployer>("dataverse deploy-schema", configure, async (deployer, token) =>
        {
            var result = await deployer.DeployAsync(Console.Out, KeyWait.Default with { Timeout = parsed.GetValue(wait) }, token);
            foreach (var conflict in result.Conflicts)
            {
                await Console.Error.WriteLineAsync($"crmsuite dataverse deploy-schema: {conflict}");
            }

            foreach (var key in result.InactiveKeys)
            {
                await Console.Error.WriteLineAsync($"crmsuite dataverse deploy-schema: gave up waiting: {key}; run deploy-schema or check again later");
            }

            if (result.Conflicts.Count > 0)
            {
                await Console.Error.WriteLineAsync("crmsuite dataverse deploy-schema: nothing was changed.");
                return ExitCodes.Failed;
            }

            if (result.Made.Count == 0 && result.Succeeded)
            {
                await Console.Out.WriteLineAsync("The schema is up to date: nothing changed.");
            }
            else if (result.Succeeded)
            {
                await Console.Out.WriteLineAsync($"Deployed: {result.Made.Count} change(s).");
            }

            return result.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        }, cancellationToken));
        return command;
    }

    private static Command Check(Action<IHostApplicationBuilder>? configure)
    {
        var command = new Command("check", "Check the connection, the token, the application user's privileges and the schema; exit 1 when anything is missing.");
        command.SetAction((parsed, cancellationToken) => RunAsync<SchemaCheck>("dataverse check", configure, async (check, token) =>
        {
            var findings = await check.RunAsync(token);
            foreach (var finding in findings)
            {
                await Console.Out.WriteLineAsync(finding.ToString());
            }

            var missing = findings.Count(f => !f.Passed);
            await Console.Out.WriteLineAsync(missing == 0 ? "Ready: CrmSuite can sync with this environment." : $"{missing} problem(s): CrmSuite cannot sync with this environment yet.");
            return missing == 0 ? ExitCodes.Ok : ExitCodes.InputErrors;
        }, cancellationToken));
        return command;
    }

    // The schema tools exist only with the Dataverse adapter; on another provider the verb says what to set.
    private static Task<int> RunAsync<TService>(
        string verb, Action<IHostApplicationBuilder>? configure, Func<TService, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
        where TService : notnull =>
        DataOptions.RunAsync<IServiceProvider>(verb, new Dictionary<string, string?>(), configure, async (services, token) =>
        {
            if (services.GetService<TService>() is not { } service)
            {
                await Console.Error.WriteLineAsync($"crmsuite {verb}: {NotDataverse}");
                return ExitCodes.Usage;
            }

            try
            {
                return await action(service, token);
            }
            catch (Crm.Dataverse.DataverseException ex)
            {
                await Console.Error.WriteLineAsync($"crmsuite {verb}: {ex.Message}");
                return ExitCodes.Failed;
            }
            catch (Crm.Dataverse.Connection.DataverseAuthenticationException ex)
            {
                await Console.Error.WriteLineAsync($"crmsuite {verb}: {ex.Message}");
                return ExitCodes.Failed;
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync($"crmsuite {verb}: cannot reach Dataverse: {ex.Message}");
                return ExitCodes.Failed;
            }
        }, cancellationToken, writes: DataWrites.None);
}

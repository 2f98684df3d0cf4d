using System.CommandLine;
using CrmSuite.Connector.Import;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite import --subscription-history h.csv [--state-db data/state.db]</c>: the file's movements go into the state
/// store's MRR ledger in one transaction, under the state store's writer lock; any bad row writes nothing (exit 1).
/// </summary>
internal static class SubscriptionHistoryImport
{
    public static async Task<int> RunAsync(
        string path, ParseResult parsed, IReadOnlyList<Option<string?>> crmFiles, DataOptions data, Action<IHostApplicationBuilder>? configure,
        CancellationToken cancellationToken)
    {
        if (crmFiles.FirstOrDefault(o => parsed.GetValue(o) is not null) is { } other)
        {
            await Console.Error.WriteLineAsync($"crmsuite import: --subscription-history writes the state store and comes alone; import {other.Name} separately");
            return ExitCodes.Usage;
        }

        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"crmsuite import: file not found: {path}");
            return ExitCodes.Usage;
        }

        return await DataOptions.RunAsync<ISubscriptionHistoryStore>("import", data.Overrides(parsed), configure, async (store, token) =>
        {
            token.ThrowIfCancellationRequested();
            SubscriptionHistorySummary? summary = null;
            var written = store.Import(sink =>
            {
                summary = SubscriptionHistoryCsv.Read(path, sink);
                return summary.Errors.Count == 0;
            });
            foreach (var error in summary!.Errors)
            {
                await Console.Error.WriteLineAsync(error.ToString());
            }

            if (summary.Errors.Count > 0)
            {
                await Console.Error.WriteLineAsync($"crmsuite import: {summary.Errors.Count} error(s); nothing was imported.");
                return ExitCodes.InputErrors;
            }

            var kinds = string.Join(", ", Enum.GetValues<MrrMovementKind>().Select(k => $"{summary.Movements.GetValueOrDefault(k)} {k.ToString().ToLowerInvariant()}"));
            Console.WriteLine($"Imported subscription history into {store.Location}: {summary.Rows} rows of {summary.Subscriptions} subscriptions, "
                + $"{written.Added} movements ({kinds}); {written.Replaced} movements of an earlier import replaced"
                + SightingNote(summary) + ".");
            return ExitCodes.Ok;
        }, cancellationToken, DataWrites.State);
    }

    private static string SightingNote(SubscriptionHistorySummary summary) =>
        summary.SightingsReplaced == 0 && summary.RowsAfterObserved == 0
            ? ""
            : $"; the history took the place of {summary.SightingsReplaced} first sightings by the sync, "
                + $"{summary.RowsAfterObserved} rows dated from a change the connector observed itself were not written";
}

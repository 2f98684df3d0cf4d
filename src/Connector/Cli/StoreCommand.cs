using System.CommandLine;
using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// <c>crmsuite store migrate --to postgresql</c>: copies the SQLite state store (Store:Sqlite:Path, or --state-db) into
/// the PostgreSQL database of Store:ConnectionString, all or nothing, each table's row count and checksum verified before
/// the copy commits. Re-running it after a success changes nothing; a database holding another store is refused.
/// </summary>
internal static class StoreCommand
{
    public static Command Create(Action<IHostApplicationBuilder>? configure = null)
    {
        var data = new DataOptions();
        var to = new Option<string>("--to") { Description = "The store to move to: postgresql (its connection string is Store:ConnectionString).", Required = true };
        var migrate = new Command("migrate", "Copy the SQLite state store into PostgreSQL, verifying row counts and checksums; all or nothing, re-runnable.");
        migrate.Options.Add(to);
        migrate.Options.Add(data.StateDb);
        migrate.SetAction(async (parsed, cancellationToken) =>
        {
            if (!string.Equals(parsed.GetValue(to), "postgresql", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"crmsuite store migrate: --to must be postgresql, got '{parsed.GetValue(to)}'.");
                return ExitCodes.Usage;
            }

            // The source is the SQLite store whatever Store:Provider says (a user may have switched it already).
            var overrides = new Dictionary<string, string?>(data.Overrides(parsed)) { ["Store:Provider"] = nameof(StoreProvider.Sqlite) };
            return await DataOptions.RunAsync<StoreMigration>("store migrate", overrides, b =>
            {
                b.AddStoreMigrationToPostgreSql();
                b.Services.AddSingleton<StoreMigration>();
                configure?.Invoke(b);
            }, (migration, token) => migration.RunAsync(token), cancellationToken, writes: DataWrites.State);
        });

        var command = new Command("store", "The state store: move it to another database.");
        command.Subcommands.Add(migrate);
        return command;
    }

    /// <summary>The migrate verb's work: the copy, its report, and its exit code.</summary>
    internal sealed class StoreMigration(IStoreExport source, IStoreImport target)
    {
        public async Task<int> RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                var result = await target.ImportAsync(source, new StderrProgress(), cancellationToken);
                var rows = result.Tables.Sum(t => t.Rows);
                Console.WriteLine(result.AlreadyCopied
                    ? $"{target.Location} already holds {source.Location}: {rows} rows in {result.Tables.Count} tables, counts and checksums equal; nothing was written."
                    : $"Copied {source.Location} into {target.Location}: {rows} rows in {result.Tables.Count} tables, counts and checksums verified. "
                        + "Set Store:Provider=PostgreSql to run on it; the SQLite file is left as it was.");
                foreach (var table in result.Tables)
                {
                    Console.WriteLine($"  {table.Table,-17} {table.Rows,10} rows  sha256 {table.Checksum}");
                }

                return ExitCodes.Ok;
            }
            catch (StoreCopyException ex)
            {
                await Console.Error.WriteLineAsync($"crmsuite store migrate: {ex.Message}");
                return ExitCodes.InputErrors;
            }
        }

        // Written at once (Progress<T> would post to the thread pool): the lines come out in table order, before the summary.
        private sealed class StderrProgress : IProgress<TableCopied>
        {
            public void Report(TableCopied value) => Console.Error.WriteLine($"  {value.Table}: {value.Rows} rows copied, count and checksum verified");
        }
    }
}

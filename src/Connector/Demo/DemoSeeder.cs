using CrmSuite.Connector.Crm.Embedded;

namespace CrmSuite.Connector.Demo;

/// <summary>What a seed wrote.</summary>
internal readonly record struct SeedSummary(int Accounts, int Subscriptions, int Users);

/// <summary>Replaces the embedded CRM's contents with a <see cref="DemoDataSet"/>, in one transaction with prepared commands.</summary>
internal static class DemoSeeder
{
    public static async Task<SeedSummary> SeedAsync(
        EmbeddedCrmGateway crm, DemoDataSet data, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var connection = await crm.ConnectionAsync(cancellationToken);
        await using var writer = await EmbeddedCrmWriter.BeginAsync(connection, cancellationToken);
        writer.Clear();
        var users = 0;
        foreach (var user in data.Users())
        {
            writer.WriteUser(user);
            users++;
        }

        int accounts = 0, subscriptions = 0;
        foreach (var item in data.Accounts())
        {
            foreach (var s in item.Subscriptions)
            {
                writer.WriteSubscription(s);
                subscriptions++;
            }

            writer.WriteUsage(item.Usage);
            writer.WriteAccount(item.Account);
            if (++accounts % 50_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(accounts);
            }
        }

        await writer.CommitAsync(cancellationToken);
        return new SeedSummary(accounts, subscriptions, users);
    }
}

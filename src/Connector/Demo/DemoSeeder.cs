using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Demo;

/// <summary>What a seed wrote.</summary>
internal readonly record struct SeedSummary(int Accounts, int Subscriptions, int Users);

/// <summary>Replaces the CRM's contents with a <see cref="DemoDataSet"/>, in one all-or-nothing load.</summary>
internal static class DemoSeeder
{
    /// <param name="beforeCommit">Runs when everything is written and before the load commits.</param>
    public static async Task<SeedSummary> SeedAsync(
        ICrmDataLoader crm, DemoDataSet data, IProgress<int>? progress, CancellationToken cancellationToken, Func<CancellationToken, Task>? beforeCommit = null)
    {
        await using var load = await crm.BeginLoadAsync(replace: true, cancellationToken);
        var users = 0;
        foreach (var user in data.Users())
        {
            load.WriteUser(user);
            users++;
        }

        int accounts = 0, subscriptions = 0;
        foreach (var item in data.Accounts())
        {
            foreach (var s in item.Subscriptions)
            {
                load.WriteSubscription(s);
                subscriptions++;
            }

            load.WriteUsage(item.Usage);
            load.WriteUsageHistory(item.Usage, Accounts.PrimarySubscription.Choose(item.Subscriptions)?.SeatsUsed);
            load.WriteAccount(item.Account);
            if (++accounts % 50_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(accounts);
            }
        }

        if (beforeCommit is not null)
        {
            await beforeCommit(cancellationToken);
        }

        await load.CommitAsync(cancellationToken);
        return new SeedSummary(accounts, subscriptions, users);
    }
}

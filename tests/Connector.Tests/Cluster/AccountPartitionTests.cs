using CrmSuite.Connector.Cluster;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Tests.Cluster;

/// <summary>An account's partition is a stable hash of its id: the same on every node and every run.</summary>
public sealed class AccountPartitionTests
{
    [Fact]
    public void An_account_s_partition_is_fnv1a_of_its_id_modulo_the_partition_count()
    {
        // FNV-1a-32 of "A0000001" is 0x78E7D347 = 2028458823, and 2028458823 mod 8 = 7.
        Assert.Equal(7, AccountPartition.Of("A0000001", 8));
        Assert.Equal(AccountPartition.Of("A0000001", 8), AccountPartition.Of("A0000001", 8));
    }

    [Fact]
    public void Every_account_belongs_to_exactly_one_of_the_partitions_and_they_share_the_accounts_out()
    {
        var ids = Enumerable.Range(1, 8000).Select(i => $"A{i:D7}").ToList();
        var partitions = Enumerable.Range(0, 8).Select(i => new AccountPartition(i, 8)).ToList();

        Assert.All(ids, id => Assert.Single(partitions, p => p.Holds(id)));
        Assert.All(partitions, p => Assert.InRange(ids.Count(p.Holds), 800, 1200));
    }

    [Fact]
    public void The_single_partition_holds_every_account_and_keeps_the_one_node_watermark()
    {
        Assert.True(AccountPartition.All.Holds("anything"));
        Assert.Equal(Watermarks.Accounts, AccountPartition.All.WatermarkSource);
        Assert.Equal("crm.accounts/p3of8", new AccountPartition(3, 8).WatermarkSource);
    }
}

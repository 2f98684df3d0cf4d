using CrmSuite.Connector.Sqlite;
using Microsoft.Data.Sqlite;

namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>The <c>message_variants</c> table: the first variant of each variant set written for an account is kept.</summary>
internal sealed class SqliteVariants(SqliteConnection writer) : IDisposable
{
    private readonly RawStatement _insert = new(writer, """
        INSERT INTO message_variants (account_id, playbook_id, experiment, variant_set, variant, effect_key, first_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (playbook_id, experiment, variant_set, account_id) DO NOTHING
        """);

    public void Write(PageCommit commit)
    {
        foreach (var v in commit.Variants)
        {
            _insert.Execute(v.AccountId, v.PlaybookId, v.Experiment, v.VariantSet, v.Variant, v.EffectKey, SqliteText.Timestamp(v.At));
        }
    }

    public void Dispose() => _insert.Dispose();
}

using Npgsql;
using static CrmSuite.Connector.Store.PostgreSql.PgBatch;

namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>The <c>message_variants</c> table: the first variant of each variant set written for an account is kept.</summary>
internal static class PgVariants
{
    public static void AddWrite(NpgsqlBatch batch, PageCommit commit)
    {
        var v = commit.Variants;
        if (v.Count == 0)
        {
            return;
        }

        batch.Add("""
            INSERT INTO message_variants (account_id, playbook_id, experiment, variant_set, variant, effect_key, first_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
            ON CONFLICT (playbook_id, experiment, variant_set, account_id) DO NOTHING
            """, P(v.Select(x => x.AccountId).ToArray()), P(v.Select(x => x.PlaybookId).ToArray()), P(v.Select(x => x.Experiment).ToArray()),
            P(v.Select(x => x.VariantSet).ToArray()), P(v.Select(x => x.Variant).ToArray()), P(v.Select(x => x.EffectKey).ToArray()),
            P(v.Select(x => Utc(x.At)).ToArray()));
    }
}

using Microsoft.Data.Sqlite;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>The embedded CRM's license side: a license change and its proration lines, once per proposal.</summary>
internal sealed partial class EmbeddedCrmGateway
{
    public async Task<bool> WasAppliedAsync(string proposalKey, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM license_changes WHERE proposal_key = $key)";
        command.Parameters.AddWithValue("$key", proposalKey);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public async Task<bool> ApplyLicenseChangeAsync(LicenseChange change, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var (before, after) = (change.Before, change.After);
        await using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = """
                INSERT INTO license_changes (proposal_key, subscription_id, account_id, effective_on, from_tier, to_tier, from_seats, to_seats,
                    billing_period, term_months, mrr_before, mrr_after, currency, renewal_before, renewal_after, created_at)
                VALUES ($key, $subscription, $account, $effective, $from_tier, $to_tier, $from_seats, $to_seats, $billing, $term, $mrr_before,
                    $mrr_after, $currency, $renewal_before, $renewal_after, $at)
                ON CONFLICT (proposal_key) DO NOTHING
                """;
            record.Parameters.AddWithValue("$key", change.ProposalKey);
            record.Parameters.AddWithValue("$subscription", after.Id);
            record.Parameters.AddWithValue("$account", change.AccountId);
            record.Parameters.AddWithValue("$effective", SqliteText.Date(change.EffectiveOn));
            record.Parameters.AddWithValue("$from_tier", before.Tier);
            record.Parameters.AddWithValue("$to_tier", after.Tier);
            record.Parameters.AddWithValue("$from_seats", before.Seats);
            record.Parameters.AddWithValue("$to_seats", after.Seats);
            record.Parameters.AddWithValue("$billing", SqliteText.Billing(after.BillingPeriod));
            record.Parameters.AddWithValue("$term", after.TermMonths);
            record.Parameters.AddWithValue("$mrr_before", SqliteText.Decimal(before.Mrr));
            record.Parameters.AddWithValue("$mrr_after", SqliteText.Decimal(after.Mrr));
            record.Parameters.AddWithValue("$currency", after.Currency);
            record.Parameters.AddWithValue("$renewal_before", (object?)SqliteText.Date(before.RenewalDate) ?? DBNull.Value);
            record.Parameters.AddWithValue("$renewal_after", (object?)SqliteText.Date(after.RenewalDate) ?? DBNull.Value);
            record.Parameters.AddWithValue("$at", SqliteText.Timestamp(change.At));
            if (await record.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE subscriptions SET tier = $tier, seats = $seats, billing_period = $billing, term_months = $term, mrr = $mrr,
                    renewal_date = $renewal, status = $status, trial_tier = $trial_tier, trial_end = $trial_end
                WHERE id = $id
                """;
            update.Parameters.AddWithValue("$status", SqliteText.Status(after.Status));
            update.Parameters.AddWithValue("$trial_tier", (object?)after.TrialTier ?? DBNull.Value);
            update.Parameters.AddWithValue("$trial_end", (object?)SqliteText.Date(after.TrialEnd) ?? DBNull.Value);
            update.Parameters.AddWithValue("$tier", after.Tier);
            update.Parameters.AddWithValue("$seats", after.Seats);
            update.Parameters.AddWithValue("$billing", SqliteText.Billing(after.BillingPeriod));
            update.Parameters.AddWithValue("$term", after.TermMonths);
            update.Parameters.AddWithValue("$mrr", SqliteText.Decimal(after.Mrr));
            update.Parameters.AddWithValue("$renewal", (object?)SqliteText.Date(after.RenewalDate) ?? DBNull.Value);
            update.Parameters.AddWithValue("$id", after.Id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var line = connection.CreateCommand())
        {
            line.Transaction = transaction;
            line.CommandText = "INSERT INTO license_change_lines (proposal_key, line, description, amount, currency) VALUES ($key, $line, $description, $amount, $currency)";
            var number = line.Parameters.Add("$line", SqliteType.Integer);
            var description = line.Parameters.Add("$description", SqliteType.Text);
            var amount = line.Parameters.Add("$amount", SqliteType.Text);
            line.Parameters.AddWithValue("$key", change.ProposalKey);
            line.Parameters.AddWithValue("$currency", after.Currency);
            for (var i = 0; i < change.Lines.Length; i++)
            {
                number.Value = i + 1;
                description.Value = change.Lines[i].Description;
                amount.Value = SqliteText.Decimal(change.Lines[i].Amount);
                await line.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}

using System.Net;
using System.Text.Json;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// The license side: the <c>cs_licensechange</c> row (alternate key <c>cs_proposalkey</c>, create-only) and the
/// <c>cs_subscription</c> update go in one change set, so both apply or neither; a second application is refused by the
/// key (412) and changes nothing.
/// </summary>
internal sealed partial class DataverseGateway
{
    public async Task<bool> WasAppliedAsync(string proposalKey, CancellationToken cancellationToken)
    {
        using var found = await _client.GetOrNullAsync($"{OData.ByKey("cs_licensechanges", "cs_proposalkey", proposalKey)}?$select=cs_licensechangeid", cancellationToken);
        return found is not null;
    }

    public async Task<bool> ApplyLicenseChangeAsync(LicenseChange change, CancellationToken cancellationToken)
    {
        var (before, after) = (change.Before, change.After);
        var record = DataverseBodies.Write(json =>
        {
            json.WriteString("cs_name", DataverseBodies.Limit($"{before.Tier} {before.Seats} -> {after.Tier} {after.Seats}", 200));
            json.WriteString("cs_SubscriptionId@odata.bind", $"/cs_subscriptions({OData.Guid(after.Id)})");
            json.WriteString("cs_AccountId@odata.bind", $"/accounts({OData.Guid(change.AccountId)})");
            json.WriteString("cs_effectiveon", OData.Date(change.EffectiveOn));
            json.WriteString("cs_fromtier", before.Tier);
            json.WriteString("cs_totier", after.Tier);
            json.WriteNumber("cs_fromseats", before.Seats);
            json.WriteNumber("cs_toseats", after.Seats);
            json.WriteString("cs_billingperiod", after.BillingPeriod == PlaybookEngine.Accounts.BillingPeriod.Annual ? "annual" : "monthly");
            json.WriteNumber("cs_termmonths", after.TermMonths);
            json.WriteNumber("cs_mrrbefore", before.Mrr);
            json.WriteNumber("cs_mrrafter", after.Mrr);
            json.WriteString("cs_currency", after.Currency);
            WriteDate(json, "cs_renewalbefore", before.RenewalDate);
            WriteDate(json, "cs_renewalafter", after.RenewalDate);
            json.WriteString("cs_lines", JsonSerializer.Serialize(change.Lines, DataverseJson.Default.ImmutableArrayProrationLine));
        });
        var subscription = DataverseBodies.Write(json =>
        {
            json.WriteString("cs_name", DataverseBodies.Limit($"{after.Product} {after.Tier}", 200));
            json.WriteString("cs_tier", after.Tier);
            json.WriteNumber("cs_seats", after.Seats);
            json.WriteString("cs_billingperiod", after.BillingPeriod == PlaybookEngine.Accounts.BillingPeriod.Annual ? "annual" : "monthly");
            json.WriteNumber("cs_termmonths", after.TermMonths);
            json.WriteNumber("cs_mrr", after.Mrr);
            WriteDate(json, "cs_renewaldate", after.RenewalDate);
            json.WriteString("cs_status", after.Status switch
            {
                PlaybookEngine.Accounts.SubscriptionStatus.Trial => "trial",
                PlaybookEngine.Accounts.SubscriptionStatus.Cancelled => "cancelled",
                _ => "active",
            });
            if (after.TrialTier is { } trialTier)
            {
                json.WriteString("cs_trialtier", trialTier);
            }
            else
            {
                json.WriteNull("cs_trialtier");
            }

            WriteDate(json, "cs_trialend", after.TrialEnd);
        });
        var key = OData.ByKey("cs_licensechanges", "cs_proposalkey", change.ProposalKey);
        BatchOperation[] operations =
        [
            new("PATCH", key, record, change.ProposalKey, IfNoneMatch: "*"),
            new("PATCH", OData.ById("cs_subscriptions", after.Id), subscription, after.Id, IfMatch: "*"),
        ];
        var results = await _client.BatchAsync(operations, continueOnError: false, changeSet: true, cancellationToken);
        if (results.All(r => r.Succeeded))
        {
            return true;
        }

        var failed = results.First(r => !r.Succeeded);
        if (failed.Status == 412)
        {
            return false;
        }

        var (code, message) = failed.Error;
        throw new DataverseException((HttpStatusCode)failed.Status, code, message, $"the license change of proposal {change.ProposalKey} (change set)");
    }

    private static void WriteDate(Utf8JsonWriter json, string column, DateOnly? date)
    {
        if (date is { } d)
        {
            json.WriteString(column, OData.Date(d));
        }
        else
        {
            json.WriteNull(column);
        }
    }
}

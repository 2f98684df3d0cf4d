using System.Net;
using CrmSuite.Plugins.Discounts;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// The deal side: quotes and opportunities read by id, the discount review's verdict written on the row (the row must
/// exist: <c>If-Match: *</c>), and the deal desk's task created by its deterministic id (<c>If-None-Match: *</c>, so a replay
/// is refused with 412 and opens nothing).
/// </summary>
internal sealed partial class DataverseGateway : ICrmDeals
{
    private const string DealColumns =
        "name,_ownerid_value,discountpercentage,cs_product,cs_tier,cs_seats,cs_billingperiod,cs_termyears,cs_currency,cs_tenuremonths";

    private const string ProposalColumns = "cs_key,cs_discountpercentage,cs_terms,_cs_accountid_value";

    public async Task<CrmDeal?> ReadDealAsync(string table, string id, CancellationToken cancellationToken)
    {
        if (table == ProposalDeal.Table)
        {
            return await ReadProposalDealAsync(id, cancellationToken);
        }

        var set = DealSet(table);
        using var found = await _client.GetOrNullAsync($"{OData.ById(set, id)}?$select={DealColumns}", cancellationToken);
        if (found is null)
        {
            return null;
        }

        var row = found.RootElement;
        return new CrmDeal(
            table,
            id,
            DataverseRows.Text(row, "name"),
            DataverseRows.Lookup(row, "_ownerid_value"),
            DataverseRows.Decimal(row, "discountpercentage", table, id),
            DataverseRows.Text(row, "cs_product"),
            DataverseRows.Text(row, "cs_tier"),
            DataverseRows.Int(row, "cs_seats", table, id),
            DataverseRows.Text(row, "cs_billingperiod"),
            DataverseRows.Int(row, "cs_termyears", table, id),
            DataverseRows.Text(row, "cs_currency"),
            DataverseRows.Int(row, "cs_tenuremonths", table, id));
    }

    // A proposal's license is its terms (cs_terms); the seller types only the discount. No tenure: loyalty is not counted.
    private async Task<CrmDeal?> ReadProposalDealAsync(string id, CancellationToken cancellationToken)
    {
        using var found = await _client.GetOrNullAsync($"{OData.ById("cs_upgradeproposals", id)}?$select={ProposalColumns}", cancellationToken);
        if (found is null)
        {
            return null;
        }

        var row = found.RootElement;
        var license = ProposalDeal.Read(DataverseRows.Text(row, ProposalDeal.TermsColumn));
        return new CrmDeal(ProposalDeal.Table, id, DataverseRows.Text(row, "cs_key"), null,
            DataverseRows.Decimal(row, ProposalDeal.DiscountColumn, ProposalDeal.Table, id), null, license?.Tier, license?.Seats,
            license?.BillingPeriod, license?.TermYears, license?.Currency, null)
        {
            AccountId = DataverseRows.Lookup(row, "_cs_accountid_value"),
        };
    }

    public async Task<bool> RecordDiscountReviewAsync(DiscountReviewRecord review, CancellationToken cancellationToken)
    {
        var set = DealSet(review.Table);
        var verdict = DataverseBodies.Write(json =>
        {
            json.WriteString("cs_discountstatus", review.Status);
            json.WriteString("cs_discountnote", DataverseBodies.Limit(review.Note, 2000));
        });
        var (status, _, error, code) = await _client.PatchAsync(OData.ById(set, review.Id), verdict, ifMatch: "*", ifNoneMatch: null, returnRow: false, cancellationToken);
        if ((int)status >= 300)
        {
            throw new DataverseException(status, code ?? status.ToString(), error ?? "", $"PATCH {set}({review.Id}) (the discount review)");
        }

        if (review.Task is not { } task)
        {
            return false;
        }

        var body = DataverseBodies.Write(json =>
        {
            json.WriteString("subject", DataverseBodies.Limit(task.Subject, 200));
            json.WriteString("description", DataverseBodies.Limit(task.Description, 2000));
            json.WriteString("scheduledend", OData.Timestamp(new DateTimeOffset(task.Due.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
            json.WriteNumber("prioritycode", 2);
            if (review.RegardingAccountId is { } account)
            {
                json.WriteString("regardingobjectid_account_task@odata.bind", $"/accounts({OData.Guid(account)})");
            }
            else
            {
                json.WriteString($"regardingobjectid_{review.Table}_task@odata.bind", $"/{set}({OData.Guid(review.Id)})");
            }
            if (task.OwnerId is not null)
            {
                json.WriteString("ownerid@odata.bind", $"/systemusers({OData.Guid(task.OwnerId)})");
            }
        });
        var (created, _, taskError, taskCode) = await _client.PatchAsync(
            OData.ById("tasks", task.Id.ToString("D")), body, ifMatch: null, ifNoneMatch: "*", returnRow: false, cancellationToken);
        if (created == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }

        if ((int)created >= 300)
        {
            throw new DataverseException(created, taskCode ?? created.ToString(), taskError ?? "", $"PATCH tasks({task.Id:D}) (the deal desk's task for {review.Table} {review.Id})");
        }

        return true;
    }

    private static string DealSet(string table) => table switch
    {
        "quote" => "quotes",
        "opportunity" => "opportunities",
        ProposalDeal.Table => "cs_upgradeproposals",
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "deals are quotes, opportunities or upgrade proposals"),
    };
}

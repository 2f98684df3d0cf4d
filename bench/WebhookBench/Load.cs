using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CrmSuite.WebhookBench;

internal sealed record LoadResult(int Sent, int Ok, int Failed, TimeSpan Elapsed, List<double> Latencies);

/// <summary>An open-loop load: request i is due at start + i/rate and its latency counts from then.</summary>
internal static class Load
{
    public static async Task<LoadResult> RunAsync(HttpClient client, string url, int rate, int seconds, double acceptedShare, Random random)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var ok = 0;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var requests = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var body = Body(random.NextDouble() < acceptedShare);
            var index = i;
            requests.Add(Task.Run(async () =>
            {
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync(url, content);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }

                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
            }));
        }

        await Task.WhenAll(requests);
        return new LoadResult(total, ok, failed, clock.Elapsed, [.. latencies]);
    }

    // A completed CrmSuite task (accepted into the inbox; its pending outcomes are then looked up) or an update that does
    // not complete one (ignored at once), each with its own operation id, shaped as Dataverse posts them.
    private static string Body(bool completes)
    {
        const string Contracts = "http://schemas.microsoft.com/xrm/2011/Contracts";
        var row = Guid.NewGuid();
        var state = (completes ? 1 : 0).ToString(CultureInfo.InvariantCulture);
        var entity = $$$"""{"__type":"Entity:{{{Contracts}}}","Attributes":[{"key":"activityid","value":"{{{row}}}"},{"key":"statecode","value":{"__type":"OptionSetValue:{{{Contracts}}}","Value":{{{state}}}}},{"key":"cs_stepkey","value":"bench{{{row:N}}}"}],"EntityState":null,"FormattedValues":[],"Id":"{{{row}}}","KeyAttributes":[],"LogicalName":"task","RelatedEntities":[],"RowVersion":"1"}""";
        return $$$"""{"BusinessUnitId":"{{{Guid.Empty}}}","CorrelationId":"{{{Guid.NewGuid()}}}","Depth":1,"InitiatingUserId":"{{{Guid.NewGuid()}}}","InputParameters":[{"key":"Target","value":{{{entity}}}}],"IsExecutingOffline":false,"IsInTransaction":false,"IsOfflinePlayback":false,"IsolationMode":1,"MessageName":"Update","Mode":1,"OperationCreatedOn":"\/Date(1735689600000)\/","OperationId":"{{{Guid.NewGuid()}}}","OrganizationId":"{{{Guid.NewGuid()}}}","OrganizationName":"contoso","OutputParameters":[],"OwningExtension":{"Id":"{{{Guid.NewGuid()}}}","KeyAttributes":[],"LogicalName":"sdkmessageprocessingstep","Name":null,"RowVersion":null},"ParentContext":null,"PostEntityImages":[],"PreEntityImages":[],"PrimaryEntityId":"{{{row}}}","PrimaryEntityName":"task","RequestId":null,"SecondaryEntityName":"none","SharedVariables":[],"Stage":40,"UserAzureActiveDirectoryObjectId":"{{{Guid.NewGuid()}}}","UserId":"{{{Guid.NewGuid()}}}"}""";
    }
}

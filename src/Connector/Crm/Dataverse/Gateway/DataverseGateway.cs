using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSuite.PlaybookEngine.Playbooks;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>
/// The CRM port over the Dataverse Web API v9.2 (docs/dataverse.md, "How the connector reads and writes Dataverse"):
/// accounts, licenses, usage and users read page by page with change tracking; tasks, proposals, stages and license
/// changes written as upserts by alternate key in <c>$batch</c> requests; task completions and proposal answers made in
/// Dynamics 365 read back as events. Built on an <see cref="HttpClient"/> whose BaseAddress is the service root and whose
/// handlers add the bearer token and retry 429/5xx. Not <see cref="ICrmDataLoader"/>: Dataverse is loaded by its own tools.
/// </summary>
internal sealed partial class DataverseGateway
    : ICrmAccounts, ICrmWriter, ICrmTaskEvents, ICrmProposals, ICrmLicenses, ICrmWorkQueue, ICrmUpgradeStatus
{
    private readonly DataverseClient _client;
    private readonly DataverseGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DataverseGateway> _logger;

    // The contact policy the reads serve (DataverseGateway.Touches.cs), asked at each read; null: none, no task is read.
    private readonly Func<ContactPolicy?>? _contactPolicy;

    // What the gateway learned from its reads: each license's and usage row's account (a license moved to another account
    // is a change of the account it left), and each account's owner (a task is owned by its account's CSM).
    private readonly ConcurrentDictionary<string, string> _subscriptionAccounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _usageAccounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _owners = new(StringComparer.Ordinal);

    // Tables whose change tracking is on, read once from EntityDefinitions.
    private Dictionary<string, bool>? _changeTracking;

    // Batch size in use: halved when Dataverse reports the execution-time limit.
    private int _batchSize;

    public DataverseGateway(
        HttpClient http, IOptions<DataverseGatewayOptions> options, TimeProvider time, ILogger<DataverseGateway> logger, Func<ContactPolicy?>? contactPolicy = null)
    {
        _options = options.Value;
        _options.Validate();
        _client = new DataverseClient(http, time);
        _time = time;
        _logger = logger;
        _contactPolicy = contactPolicy;
        _batchSize = _options.BatchSize;
    }

    /// <summary>HTTP requests sent so far.</summary>
    public long Requests => _client.Requests;

    /// <summary>The batch size in use now (smaller than configured after the execution-time limit was hit).</summary>
    public int BatchSize => Volatile.Read(ref _batchSize);

    private static IEnumerable<string[]> Chunks(IEnumerable<string> ids, int size) => ids.Chunk(size);
}

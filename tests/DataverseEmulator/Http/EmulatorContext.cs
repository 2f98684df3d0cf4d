using CrmSuite.DataverseEmulator.Faults;
using CrmSuite.DataverseEmulator.Store;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>What every handler shares: the store, the current EDM model, the service root, options and faults.</summary>
internal sealed class EmulatorContext(OrgStore store, EmulatorOptions options, FaultInjector faults)
{
    private EdmModel? model;
    private int modelVersion = -1;

    public OrgStore Store { get; } = store;
    public EmulatorOptions Options { get; } = options;
    public FaultInjector Faults { get; } = faults;
    public Uri ServiceRoot { get; set; } = new("http://127.0.0.1/api/data/v9.2/");
    public HashSet<string> RevokedPrivileges { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The <c>x-ms-correlation-request-id</c> of the Web API request being handled (set and read under the store's lock): a
    /// request that carries the correlation id of a webhook call the organisation made is that plugin's own request, so the
    /// steps it triggers run one level deeper (see <see cref="Plugins.PluginPipeline"/>).
    /// </summary>
    public string? CallerCorrelation { get; private set; }

    /// <summary>Runs <paramref name="work"/> (under the store's lock) as the request carrying <paramref name="correlation"/>.</summary>
    public T AsCaller<T>(string? correlation, Func<T> work)
    {
        CallerCorrelation = correlation;
        try
        {
            return work();
        }
        finally
        {
            CallerCorrelation = null;
        }
    }

    /// <summary>The request header that names the caller's correlation (use-webhooks.md: "used by the platform for infinite loop prevention").</summary>
    public const string CorrelationHeader = "x-ms-correlation-request-id";

    /// <summary>The EDM model of the current schema, rebuilt after a schema change. Call under the store's lock.</summary>
    public EdmModel Model
    {
        get
        {
            if (model is null || modelVersion != Store.SchemaVersion)
            {
                model = EdmModelFactory.Build(Store.Tables.Select(t => t.Definition));
                modelVersion = Store.SchemaVersion;
            }
            return model;
        }
    }

    public ODataUriParser Parser(Uri url)
    {
        var model = Model;
        return new ODataUriParser(model, ServiceRoot, url)
        {
            Resolver = new AlternateKeysODataUriResolver(model) { EnableCaseInsensitive = false },
        };
    }

    /// <summary>Parses a URL's path, mapping the parser's errors to the service's answers (404 unknown segment, 400 bad syntax).</summary>
    public ODataPath ParsePath(ODataUriParser parser)
    {
        try
        {
            return parser.ParsePath();
        }
        catch (ODataUnrecognizedPathException e)
        {
            throw new DataverseException(404, ErrorCodes.QueryError, e.Message);
        }
        catch (ODataException e)
        {
            throw new DataverseException(400, ErrorCodes.QueryError, e.Message);
        }
    }

    public Uri EntityUrl(TableData table, Guid id) => new(ServiceRoot, $"{table.Definition.EntitySetName}({id:D})");

    public void RequirePrivilege(string action, TableData table)
    {
        var privilege = $"prv{action}{table.Definition.PrivilegeName}";
        if (RevokedPrivileges.Contains(privilege))
        {
            throw new DataverseException(403, ErrorCodes.PrivilegeDenied,
                $"Principal user (Id={Options.ApplicationUserId:D}, type=8, roleCount=1, privilegeCount=1, accessMode=4), is missing {privilege} privilege on OTC={table.Definition.LogicalName}.");
        }
    }
}

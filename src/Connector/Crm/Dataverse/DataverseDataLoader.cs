using CrmSuite.Connector.Crm.Dataverse.Connection;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Crm.Dataverse;

/// <summary>
/// Dataverse is a CRM of record: the connector never bulk-loads it. The host's first start sees it as never empty (so it
/// seeds no demo data), and a verb that needs a loader (demo seed, import) stops with <see cref="CrmLoadUnsupportedException"/>.
/// </summary>
internal sealed class DataverseDataLoader(IOptions<DataverseOptions> options) : ICrmDataLoader
{
    public string Location => options.Value.Connection.Url.ToString();

    public Task<bool> IsEmptyAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<IReadOnlySet<string>> ReadAccountIdsAsync(CancellationToken cancellationToken) => throw Unsupported();

    public Task<ICrmLoad> BeginLoadAsync(bool replace, CancellationToken cancellationToken) => throw Unsupported();

    private CrmLoadUnsupportedException Unsupported() => new(
        $"Crm:Provider is Dataverse ({Location}): demo data and CSV imports load only the embedded CRM (Crm:Provider=Embedded). "
        + "Load Dynamics 365 with its own tools (e.g. its data import), then run `crmsuite sync --once`.");
}

using System.Runtime.CompilerServices;
using CrmSuite.Connector.Crm;

namespace CrmSuite.Connector.Web;

/// <summary>
/// Every chart of a computed report as SVG (<see cref="DashboardCharts"/>), drawn once per report and kept with it: the
/// first page's HTML and a filtered view's chart requests read the same drawing. The CSM chart names each CSM as the
/// CRM's user record does, read once per report.
/// </summary>
internal sealed partial class DashboardChartSet(ICrmAccounts crm, ILogger<DashboardChartSet> logger)
{
    private readonly ConditionalWeakTable<ComputedReport, Lazy<Task<IReadOnlyDictionary<string, string>>>> _drawn = new();

    /// <summary>The report's charts by table id (a table without a chart has none).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ForAsync(ComputedReport computed, CancellationToken cancellationToken)
    {
        var drawing = _drawn.GetValue(computed, c => new Lazy<Task<IReadOnlyDictionary<string, string>>>(() => DrawAsync(c)));
        try
        {
            return await drawing.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed read of the CRM's users is not kept: the next request draws again.
            _drawn.Remove(computed);
            throw;
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> DrawAsync(ComputedReport computed)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var user in crm.ReadUsersAsync(CancellationToken.None))
        {
            names[user.Id] = user.Name;
        }

        // Drawn off the request's thread: a report's charts take some milliseconds of CPU.
        return await Task.Run(() => MetricsTables.All(computed.Report)
            .Select(table => (table.Id, Svg: Draw(table, names)))
            .Where(c => c.Svg is not null)
            .ToDictionary(c => c.Id, c => c.Svg!, StringComparer.Ordinal));
    }

    // A chart that cannot be drawn is left out (its section shows the table) rather than failing the page.
    private string? Draw(ReportTable table, IReadOnlyDictionary<string, string> names)
    {
        try
        {
            return DashboardCharts.Svg(table, names);
        }
        catch (InvalidOperationException ex)
        {
            LogNotDrawn(logger, table.Id, ex);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dashboard's chart {Chart} could not be drawn; its section shows its table only")]
    private static partial void LogNotDrawn(ILogger logger, string chart, Exception exception);
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using CrmSuite.Connector.Sync;

namespace CrmSuite.Connector.Tests.Sync;

public sealed class SyncProgressTests
{
    [Fact]
    public void Progress_reports_accounts_done_rate_and_eta_once_per_interval()
    {
        var time = new FakeTimeProvider();
        var logger = new ListLogger();
        var progress = new SyncProgress(logger, time, 7, total: 4000, TimeSpan.FromSeconds(5));

        progress.PageDone(1000);
        time.Advance(TimeSpan.FromSeconds(10));
        progress.PageDone(1000);
        progress.PageDone(1000);

        var line = Assert.Single(logger.Lines);
        Assert.Equal("Sync #7: 2000 accounts done in 2 pages, 200 accounts/s, ETA 00:00:10", line);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}

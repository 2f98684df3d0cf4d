using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CrmSuite.Connector.Tests.Support;

namespace CrmSuite.Connector.Tests.Web;

/// <summary>
/// The real connector host (`crmsuite run`) started as a process on a free loopback port, with temp SQLite files, the
/// <see cref="WorkQueuePlaybooks"/> and a small demo seed. Ready once the host logs that the work queue is up.
/// </summary>
public sealed class WorkQueueHost : IAsyncLifetime
{
    public const int DemoAccounts = 40;

    private readonly TempFolder _folder = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _log = new();
    private Process? _process;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Days of demo history the host's first start plays (0: a fresh book, as the work-queue tests expect).</summary>
    public int HistoryDays { get; init; }

    /// <summary>Accounts the first start seeds.</summary>
    public int Accounts { get; init; } = DemoAccounts;

    /// <summary>The shipped playbooks/ instead of the <see cref="WorkQueuePlaybooks"/>.</summary>
    public bool ShippedPlaybooks { get; init; }

    /// <summary>Writes the playbook folder the host runs and returns its path; null for <see cref="ShippedPlaybooks"/> or the <see cref="WorkQueuePlaybooks"/>.</summary>
    public Func<TempFolder, string>? Playbooks { get; init; }

    /// <summary>More settings for the host (e.g. <c>Connector:ApiKey</c>); an API key is also sent by <see cref="Client"/>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>A Quartz cron that never fires while tests run (2099).</summary>
    public const string NeverCron = "0 0 0 1 1 ? 2099";

    public string CrmPath => _folder.File("crm.db");

    public string StatePath => _folder.File("state.db");

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crmsuite.dll"));
        start.ArgumentList.Add("run");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Connector:WebPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Connector:DemoAccounts"] = Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Connector:DemoHistoryDays"] = HistoryDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Connector:PlaybooksPath"] = Playbooks?.Invoke(_folder)
                ?? (ShippedPlaybooks ? Path.Combine(Cli.CliRunner.RepositoryRoot, "playbooks") : WorkQueuePlaybooks.Write(_folder)),
            ["Crm:Embedded:Path"] = CrmPath,
            ["Store:Sqlite:Path"] = StatePath,

            // A scheduled sync or sweep firing on the wall clock in the middle of a test would change what it counts.
            ["Connector:SyncCron"] = NeverCron,
            ["Connector:SweepCron"] = NeverCron,
            ["Connector:MrrSnapshotCron"] = NeverCron,
        }.Where(setting => !Settings.ContainsKey(setting.Key)).Concat(Settings))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Observe(e.Data);
        _process.ErrorDataReceived += (_, e) => Observe(e.Data);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"The connector host exited early:\n{Log}"));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await _ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
        Client = new HttpClient { BaseAddress = BaseAddress };
        if (Settings.TryGetValue("Connector:ApiKey", out var apiKey))
        {
            Client.DefaultRequestHeaders.Add("X-CrmSuite-Key", apiKey);
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _folder.Dispose();
    }

    private void Observe(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (line.Contains("CSM work queue at", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

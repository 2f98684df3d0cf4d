using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CrmSuite.WebhookBench;

// Starts the connector host (`crmsuite run`) as its own process on a loopback port, then sends webhook posts from this
// process at a fixed rate (open loop: each request is timed from the moment it was due, so a stall is not hidden by the
// requests it delays) and prints throughput and latency percentiles.
//
//   WebhookBench [--rate 200] [--seconds 30] [--accepted-share 0.2]
var rate = Argument(args, "--rate", 200);
var seconds = Argument(args, "--seconds", 30);
var acceptedShare = Argument(args, "--accepted-share", 0.2);
const string Key = "bench-webhook-key-0123456789";

var folder = Directory.CreateTempSubdirectory("crmsuite-webhookbench-").FullName;
var port = FreePort();
using var host = StartHost(folder, port, Key);
var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
host.OutputDataReceived += (_, e) =>
{
    if (e.Data?.Contains("CSM work queue at", StringComparison.Ordinal) == true)
    {
        ready.TrySetResult();
    }
};
host.ErrorDataReceived += (_, _) => { };
host.BeginOutputReadLine();
host.BeginErrorReadLine();
await ready.Task.WaitAsync(TimeSpan.FromMinutes(3));

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
};
var url = $"plugins/task-completed?code={Key}";

// Warm-up: JIT and connections, not measured.
await Load.RunAsync(client, url, rate, 3, acceptedShare, new Random(1));
var result = await Load.RunAsync(client, url, rate, seconds, acceptedShare, new Random(20261130));

host.Kill(entireProcessTree: true);
await host.WaitForExitAsync();
Directory.Delete(folder, recursive: true);

var sorted = result.Latencies.Order().ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"webhook task-completed, {rate}/s for {seconds} s, {acceptedShare:P0} accepted into the inbox, the rest ignored: "
    + $"{result.Sent} sent, {result.Ok} answered 200, {result.Failed} failed; achieved {result.Sent / result.Elapsed.TotalSeconds:0.0}/s; "
    + $"latency p50 {Percentile(sorted, 0.50):0.00} ms, p90 {Percentile(sorted, 0.90):0.00} ms, p99 {Percentile(sorted, 0.99):0.00} ms, "
    + $"max {sorted[^1]:0.00} ms"));
return result.Failed == 0 ? 0 : 1;

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static T Argument<T>(string[] args, string name, T fallback) where T : IParsable<T>
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? T.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static Process StartHost(string folder, int port, string key)
{
    var root = FindRoot();
    var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
    start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crmsuite.dll"));
    start.ArgumentList.Add("run");
    foreach (var setting in new[]
    {
        $"--Connector:WebPort={port}", "--Connector:DemoAccounts=200", "--Connector:DemoHistoryDays=0",
        $"--Connector:PlaybooksPath={Path.Combine(root, "playbooks")}", $"--Plugins:WebhookKey={key}",
    })
    {
        start.ArgumentList.Add(setting);
    }

    return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("CrmSuite.sln not found above the bench binaries.");
}

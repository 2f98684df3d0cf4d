using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Routing;

/// <summary>What happens to a task beyond its CSM's capacity for the week (<c>Routing:Mode</c>).</summary>
internal enum RoutingMode
{
    /// <summary>No capacity: every task goes to the account's CSM at once (the default).</summary>
    Off,

    /// <summary>Beyond capacity a task is held in the state store and written in a later week with room.</summary>
    Defer,

    /// <summary>Beyond capacity a task goes to the pooled team, round-robin within each member's capacity; held when all are full.</summary>
    Pool,
}

/// <summary>Capacity-aware routing of tasks to CSMs, bound from <c>Routing</c> (docs/routing.md).</summary>
internal sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>The capacity when neither <see cref="WeeklyCapacity"/> nor <c>Workbench:CsmWeeklyCapacity</c> is set.</summary>
    public const int DefaultWeeklyCapacity = 40;

    public RoutingMode Mode { get; set; } = RoutingMode.Off;

    /// <summary>Tasks a CSM takes a week unless <see cref="Capacities"/> names them; null: <c>Workbench:CsmWeeklyCapacity</c>.</summary>
    public int? WeeklyCapacity { get; set; }

    /// <summary>Per-CSM capacities by CRM user id (<c>Routing:Capacities:csm-7 = 25</c>); 0 takes no tasks (on leave).</summary>
    public Dictionary<string, int> Capacities { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The pooled team's CRM user ids, in round-robin order (<c>Routing:Pool:0</c>, …).</summary>
    public List<string> Pool { get; set; } = [];

    /// <summary>Help tasks of a rescue play (<see cref="RescueHelp"/>) go to their CSM even beyond capacity, and count toward the load.</summary>
    public bool RescueHelpBypassesCapacity { get; set; } = true;

    /// <summary>The capacity of a CSM without an entry in <see cref="Capacities"/>, resolved once at registration.</summary>
    internal int FallbackCapacity { get; set; } = DefaultWeeklyCapacity;

    /// <summary>Tasks <paramref name="userId"/> takes a week.</summary>
    public int CapacityOf(string userId) =>
        Capacities.TryGetValue(userId, out var capacity) ? capacity : WeeklyCapacity ?? FallbackCapacity;
}

/// <summary>Checks <see cref="RoutingOptions"/> at start, naming the key at fault.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var failures = new List<string>();
        const string section = RoutingOptions.Section;
        if (options.WeeklyCapacity is < 1)
        {
            failures.Add($"{section}:{nameof(RoutingOptions.WeeklyCapacity)} must be at least 1 task a week, got {options.WeeklyCapacity}.");
        }

        foreach (var (user, capacity) in options.Capacities.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (capacity < 0)
            {
                failures.Add($"{section}:{nameof(RoutingOptions.Capacities)}:{user} must be 0 or more tasks a week, got {capacity}.");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Pool.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Pool[i]))
            {
                failures.Add($"{section}:{nameof(RoutingOptions.Pool)}:{i} must be a CRM user id, got an empty value.");
            }
            else if (!seen.Add(options.Pool[i]))
            {
                failures.Add($"{section}:{nameof(RoutingOptions.Pool)}:{i} lists '{options.Pool[i]}' twice.");
            }
        }

        if (options.Mode == RoutingMode.Pool && options.Pool.Count == 0)
        {
            failures.Add($"{section}:{nameof(RoutingOptions.Pool)} must list at least one CRM user id when {section}:{nameof(RoutingOptions.Mode)} is Pool.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{section}:{nameof(RoutingOptions.Mode)} must be Off, Defer or Pool, got {options.Mode}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

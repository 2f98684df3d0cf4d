using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Routing;

/// <summary>
/// The tasks that may bypass capacity (<see cref="RoutingOptions.RescueHelpBypassesCapacity"/>): those of a playbook of
/// category <c>rescue</c> opened by a state that puts no upgrade in front of the customer (its tasks are help). A customer
/// at risk is not made to wait for a slot; the task still counts toward its CSM's load.
/// </summary>
internal static class RescueHelp
{
    public static bool Is(PlaybookRuntime runtime, string playbookId, string state) =>
        runtime.Find(playbookId)?.Definition is { Category: PlaybookCategory.Rescue } playbook
        && playbook.FindState(state) is { PromptsUpgrade: false };
}

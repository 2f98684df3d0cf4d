using CrmSuite.Connector.Crm;
using CrmSuite.Connector.Licensing;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Simulation;

/// <summary>
/// What a <see cref="SimulatedAccount"/> reports as it happens, in order: the demo history plans its simulated people's
/// answers here, `simulate` prints its timeline. Every member does nothing unless implemented.
/// </summary>
internal interface ISimulationObserver
{
    /// <summary>The account started playbook <paramref name="playbookId"/> in its start state (which opens nothing).</summary>
    void Started(string playbookId, string start)
    {
    }

    /// <summary>A guardrail refused a transition.</summary>
    void Suppressed(SuppressedEffect refused)
    {
    }

    /// <summary>A transition reached the CRM as the playbook's new stage (before the tasks and proposals it opens).</summary>
    void StageEntered(CrmPlaybookStage stage)
    {
    }

    /// <summary>A task reached the CRM for the first time (its key was new) on <paramref name="today"/>.</summary>
    void TaskOpened(SimulatedTask task, DateOnly today)
    {
    }

    /// <summary>A proposal reached the CRM for the first time, drafted with its terms when the offers engine could price it.</summary>
    void ProposalIssued(SimulatedProposal proposal)
    {
    }

    /// <summary>A proposal's last valid day has passed: it expires now, before its <c>on proposal expired</c> is applied.</summary>
    void ProposalExpired(SimulatedProposal proposal)
    {
    }

    /// <summary>
    /// An accepted proposal went through the license transition's decision: changed, a trial started, or refused (the
    /// proposal is open again); reported before the playbook hears of the acceptance.
    /// </summary>
    void LicenseTransitioned(SimulatedProposal proposal, LicenseTransitionResult license)
    {
    }

    /// <summary>A stage moving on closed an open task of an earlier step.</summary>
    void TaskSuperseded(SimulatedTask task)
    {
    }

    /// <summary>A stage moving on withdrew an open proposal of an earlier step.</summary>
    void ProposalWithdrawn(SimulatedProposal proposal)
    {
    }
}

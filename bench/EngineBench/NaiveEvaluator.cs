using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;
using Stateless;

namespace CrmSuite.Bench.Engine;

/// <summary>
/// The baseline: a fresh Stateless machine per evaluation, configured with every transition guarded by its condition,
/// then asked which triggers can fire from the instance's state.
/// </summary>
internal static class NaiveEvaluator
{
    public static bool AnyFires(CompiledPlaybook playbook, string state, SignalVector signals)
    {
        var current = state;
        var machine = new StateMachine<string, string>(() => current, s => current = s);
        foreach (var compiled in playbook.States)
        {
            var configuration = machine.Configure(compiled.Name);
            foreach (var transition in compiled.Transitions)
            {
                var test = transition.Test;
                Func<bool> guard = test is null ? () => false : () => test(in signals);
                if (transition.Target == compiled.Index)
                {
                    configuration.PermitReentryIf(transition.Trigger, guard);
                }
                else
                {
                    configuration.PermitIf(transition.Trigger, playbook.States[transition.Target].Name, guard);
                }
            }
        }

        foreach (var trigger in playbook.States[playbook.IndexOf(state)].Transitions)
        {
            if (machine.CanFire(trigger.Trigger))
            {
                return true;
            }
        }

        return false;
    }
}

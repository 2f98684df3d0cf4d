using Stateless;
using Stateless.Graph;

namespace CrmSuite.PlaybookEngine.Runtime;

/// <summary>
/// Drives a compiled playbook through Stateless. The machine is configured once per thread and definition, with its
/// state stored outside it (the instance record), because configuring a machine costs far more than firing one.
/// </summary>
internal sealed class StatelessDriver
{
    private readonly CompiledState[] _states;
    private readonly ThreadLocal<Holder> _machines;

    public StatelessDriver(CompiledState[] states)
    {
        _states = states;
        _machines = new ThreadLocal<Holder>(() => new Holder(states));
    }

    /// <summary>Fires one transition of a state and returns the state Stateless moved to.</summary>
    public int Fire(int state, CompiledTransition transition)
    {
        var holder = _machines.Value!;
        holder.Current = _states[state].Name;
        holder.Machine.Fire(transition.Trigger);
        return Array.FindIndex(_states, s => s.Name == holder.Current);
    }

    public string ToDot() => UmlDotGraph.Format(Configure(_states, () => _states[0].Name, _ => { }).GetInfo());

    public string ToMermaid() => MermaidGraph.Format(Configure(_states, () => _states[0].Name, _ => { }).GetInfo());

    private static StateMachine<string, string> Configure(CompiledState[] states, Func<string> read, Action<string> write)
    {
        var machine = new StateMachine<string, string>(read, write);
        foreach (var state in states)
        {
            var configuration = machine.Configure(state.Name);
            foreach (var transition in state.Transitions)
            {
                if (transition.Target == state.Index)
                {
                    configuration.PermitReentry(transition.Trigger);
                }
                else
                {
                    configuration.Permit(transition.Trigger, states[transition.Target].Name);
                }
            }
        }

        return machine;
    }

    private sealed class Holder
    {
        public Holder(CompiledState[] states)
        {
            Current = states[0].Name;
            Machine = Configure(states, () => Current, s => Current = s);
        }

        public string Current { get; set; }

        public StateMachine<string, string> Machine { get; }
    }
}

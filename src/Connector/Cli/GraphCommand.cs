using System.CommandLine;

namespace CrmSuite.Connector.Cli;

/// <summary>`crmsuite graph <playbook.md> [--format mermaid|dot]`: the playbook's state graph, as Stateless exports it.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var playbook = new Argument<string>("playbook") { Description = "The playbook file" };
        var format = new Option<string>("--format") { Description = "mermaid or dot", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("graph", "Print a playbook's state graph as Mermaid or Graphviz DOT.");
        command.Arguments.Add(playbook);
        command.Options.Add(format);
        command.SetAction(result =>
        {
            var (compiled, exitCode) = PlaybookLoading.LoadOne(result.GetValue(playbook)!, "graph");
            if (compiled is null)
            {
                return exitCode;
            }

            Console.WriteLine(result.GetValue(format) == "dot" ? compiled.ToDot() : compiled.ToMermaid());
            return ExitCodes.Ok;
        });
        return command;
    }
}

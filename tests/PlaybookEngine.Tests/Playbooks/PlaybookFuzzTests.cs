using System.Globalization;
using System.Text;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;
using CrmSuite.PlaybookEngine.Tests.Support;
using Xunit.Abstractions;

namespace CrmSuite.PlaybookEngine.Tests.Playbooks;

/// <summary>
/// Mutates the shipped playbooks at random (seeded, so a failure reproduces) and checks that loading never throws
/// and that every problem comes out as a positioned diagnostic.
/// </summary>
public sealed class PlaybookFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 3000;

    private static readonly string[] Names =
        ["Watching", "CheckIn", "Done", "Nowhere", "seat_utilization", "tier", "starter", "churn_risk", "next-tier", "csm", "outcome",
         "proposal", "when", "after", "before", "renewal", "trial", "end", "final", "days", "weeks", "(final)", "->", "`", "{{", "}}", "|", "%"];

    private static readonly string Noise = "-#`{}[]()<>:|%*_!=,\"'\\\t 0123456789aZ→é\u0000\uFEFF\r";

    [Fact]
    public void Random_mutations_of_shipped_playbooks_never_throw_and_every_diagnostic_is_positioned()
    {
        var shipped = Repository.ShippedPlaybooks();
        var random = new Random(20261124);
        for (var i = 0; i < Iterations; i++)
        {
            var source = shipped[random.Next(shipped.Count)];
            var text = source.Text;
            var steps = 1 + random.Next(4);
            for (var s = 0; s < steps; s++)
            {
                text = Mutate(text, random);
            }

            AssertWellBehaved(source.Path, text, $"iteration {i}");
        }
    }

    [Theory]
    [InlineData("---\nid: x\ntitle: [Test\n---\n")]
    [InlineData("---\nid: x\ntitle: {a: [b\n---\n## A (final)\n")]
    [InlineData("---\n---\n")]
    [InlineData("---\n")]
    [InlineData("")]
    [InlineData("---\nid: a\n---\n## A\n### Transitions\n- when `` -> A\n")]
    [InlineData("---\nid: a\n---\n## A\n### Transitions\n- when `x` for 99999999999 days -> A\n")]
    [InlineData("---\nid: a\n---\n## A\n### Transitions\n- after 99999999999 days -> A\n")]
    [InlineData("---\nid: a\n---\n## A\n### Tasks\n- t\n  - due: 9999 weeks\n  - outcomes: a\n")]
    [InlineData("---\nid: a\n---\n## A\n### Transitions\n- when `health > 1e400` -> A\n")]
    [InlineData("---\nid: a\n---\n## A\n### Transitions\n- when `health > 99999999999999999999999999999999` -> A\n")]
    [InlineData("---\nid: a\n---\n## A\n### Transitions\n-\n- \n")]
    [InlineData("---\nid: a\n---\n## A\n### Talk track\n{{ account.name\n")]
    [InlineData("---\nid: a\n---\n## A\n### Talk track\n{% for x in account %}{{ x.y }}{% endfor %}\n")]
    [InlineData("---\nid: a\nversion: 99999999999\npriority: 99999999999\n---\n")]
    public void Edge_case_inputs_are_reported_as_diagnostics_not_exceptions(string text) =>
        AssertWellBehaved("edge.md", text, "edge case");

    private void AssertWellBehaved(string path, string text, string label)
    {
        PlaybookLibrary library;
        try
        {
            library = PlaybookLibrary.Load([new SourceFile(path, text)], SignalCatalog.Default, offers: null);
        }
        catch (Exception ex)
        {
            output.WriteLine($"{label}: input that crashed the loader:\n{text}");
            throw new Xunit.Sdk.XunitException($"{label}: PlaybookLibrary.Load threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }

        var lineCount = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Length;
        foreach (var diagnostic in library.Diagnostics)
        {
            if (diagnostic.Line < 1 || diagnostic.Column < 1 || diagnostic.Line > lineCount)
            {
                output.WriteLine($"{label}: input with a badly positioned diagnostic:\n{text}");
                Assert.Fail($"{label}: {diagnostic} is outside the file ({lineCount} lines)");
            }
        }
    }

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var at = random.Next(lines.Count);
        switch (random.Next(9))
        {
            case 0:
                lines.RemoveAt(at);
                break;
            case 1:
                lines.Insert(at, lines[random.Next(lines.Count)]);
                break;
            case 2:
                var other = random.Next(lines.Count);
                (lines[at], lines[other]) = (lines[other], lines[at]);
                break;
            case 3:
                lines[at] = InsertAt(lines[at], random, new string(Noise[random.Next(Noise.Length)], 1 + random.Next(3)));
                break;
            case 4:
                return text[..random.Next(text.Length + 1)];
            case 5:
                lines[at] = ChangeNumber(lines[at], random);
                break;
            case 6:
                lines[at] = InsertAt(lines[at], random, Names[random.Next(Names.Length)]);
                break;
            case 7:
                lines[at] = lines[at].Length == 0 ? lines[at] : lines[at].Remove(random.Next(lines[at].Length), 1);
                break;
            default:
                lines[at] = ReplaceWord(lines[at], random);
                break;
        }

        return string.Join('\n', lines);
    }

    private static string InsertAt(string line, Random random, string insert) => line.Insert(random.Next(line.Length + 1), insert);

    private static string ChangeNumber(string line, Random random)
    {
        var digits = Enumerable.Range(0, line.Length).Where(i => char.IsAsciiDigit(line[i])).ToList();
        if (digits.Count == 0)
        {
            return line;
        }

        var replacement = random.Next(5) switch
        {
            0 => "-1",
            1 => "0",
            2 => "99999999999",
            3 => "1.5",
            _ => random.Next(1000).ToString(CultureInfo.InvariantCulture),
        };
        return new StringBuilder(line).Remove(digits[random.Next(digits.Count)], 1).Insert(digits[0], replacement).ToString();
    }

    private static string ReplaceWord(string line, Random random)
    {
        var words = line.Split(' ');
        if (words.Length == 0)
        {
            return line;
        }

        words[random.Next(words.Length)] = Names[random.Next(Names.Length)];
        return string.Join(' ', words);
    }
}

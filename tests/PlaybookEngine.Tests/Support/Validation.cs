using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Playbooks;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Support;

/// <summary>Runs the real loader over inline playbook text and checks where its diagnostics land.</summary>
internal static class Validation
{
    public const string Path = "playbooks/test-play.md";

    public static PlaybookLibrary Load(string text, PlaybookValidator.OfferCheck? offers = null) =>
        PlaybookLibrary.Load([new SourceFile(Path, text)], SignalCatalog.Default, offers);

    public static IReadOnlyList<Diagnostic> DiagnosticsOf(string text, PlaybookValidator.OfferCheck? offers = null) => Load(text, offers).Diagnostics;

    /// <summary>
    /// Asserts that the text yields exactly the diagnostic <paramref name="code"/> at <paramref name="at"/>, and no other error,
    /// and returns it for checks on its message.
    /// </summary>
    public static Diagnostic ExpectOnly(string text, string code, (int Line, int Column) at, PlaybookValidator.OfferCheck? offers = null)
    {
        var diagnostics = DiagnosticsOf(text, offers);
        var found = Assert.Single(diagnostics, d => d.Code == code);
        Assert.Equal($"{Path}:{at.Line}:{at.Column}", $"{found.Path}:{found.Line}:{found.Column}");
        Assert.DoesNotContain(diagnostics, d => d.IsError && d.Code != code);
        return found;
    }

    /// <summary>Asserts that one diagnostic with <paramref name="code"/> sits at <paramref name="at"/>; others may accompany it.</summary>
    public static Diagnostic ExpectAt(string text, string code, (int Line, int Column) at)
    {
        var diagnostics = DiagnosticsOf(text);
        var found = Assert.Single(diagnostics, d => d.Code == code && d.Line == at.Line && d.Column == at.Column);
        Assert.Equal(Path, found.Path);
        return found;
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using CrmSuite.PlaybookEngine.Diagnostics;
using CrmSuite.PlaybookEngine.Signals;
using Fluid;
using Fluid.Values;

namespace CrmSuite.PlaybookEngine.Templates;

/// <summary>
/// Liquid templates in playbook text (task subjects, talk tracks, objection scripts), through Fluid:
/// checked at validation time for syntax, unknown variables and unknown filters; rendered when an effect fires.
/// </summary>
internal static class PlaybookTemplates
{
    private static readonly FluidParser Parser = new();

    // Playbook texts are few and fixed once compiled; parsing each once keeps rendering off the parser.
    private static readonly ConcurrentDictionary<string, IFluidTemplate?> PlainTemplates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, IFluidTemplate?> MarkdownTemplates = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, TemplateUses> Reads = new(StringComparer.Ordinal);

    public static TemplateOptions Options { get; } = CreateOptions();

    /// <summary>A template problem, at a 0-based index into the checked text.</summary>
    internal sealed record Problem(int Index, string Code, string Message);

    public static IReadOnlyList<Problem> Check(string text, SignalCatalog catalog)
    {
        if (!HasMarkup(text))
        {
            return [];
        }

        if (!Parser.TryParse(text, out var template, out var error))
        {
            return [new Problem(Math.Max(0, text.IndexOf("{", StringComparison.Ordinal)), "PB041", $"template syntax error: {error}")];
        }

        var collector = new VariableCollector();
        collector.VisitTemplate(template);
        var problems = new List<Problem>();
        foreach (var (root, member) in collector.Variables.Distinct())
        {
            if (collector.Locals.Contains(root))
            {
                continue;
            }

            if (!TemplateVariables.Roots.Contains(root))
            {
                problems.Add(new Problem(IndexOf(text, root), "PB040",
                    $"unknown template variable `{root}`; expected one of {string.Join(", ", TemplateVariables.Roots)}{NameSuggester.Hint(root, TemplateVariables.Roots)}"));
                continue;
            }

            var fields = TemplateVariables.FieldsOf(root, catalog);
            if (member is not null && !fields.Contains(member))
            {
                problems.Add(new Problem(IndexOf(text, $"{root}.{member}"), "PB040",
                    $"unknown template variable `{root}.{member}`{NameSuggester.Hint(member, fields)}"));
            }
        }

        foreach (var filter in collector.FilterNames.Distinct())
        {
            if (!TemplateVariables.Filters.Contains(filter) && !Options.Filters.TryGetValue(filter, out _))
            {
                problems.Add(new Problem(IndexOf(text, filter), "PB040", $"unknown template filter `{filter}`{NameSuggester.Hint(filter, TemplateVariables.Filters)}"));
            }
        }

        problems.AddRange(LoopSizes.Check(text));
        return problems;
    }

    /// <summary>The variables <paramref name="text"/> reads, to build its model from (nothing for plain text).</summary>
    public static TemplateUses UsesOf(string text) =>
        !HasMarkup(text) ? TemplateUses.None : Reads.GetOrAdd(text, static t =>
        {
            if (!Parser.TryParse(t, out var template, out _))
            {
                return TemplateUses.None;
            }

            var collector = new VariableCollector();
            collector.VisitTemplate(template);
            return TemplateUses.Of(collector.Variables.Where(v => !collector.Locals.Contains(v.Root)));
        });

    /// <summary>
    /// Renders a checked template to plain text (a task subject); text without template markup is returned as is. Throws
    /// <see cref="TemplateLimitExceededException"/> when the render goes beyond <see cref="TemplateLimits"/>.
    /// </summary>
    public static string Render(string text, IReadOnlyDictionary<string, object?> model) =>
        Render(text, model, Parsed(text, PlainTemplates, static parsed => TemplateLimits.Bound(parsed)));

    /// <summary>
    /// Renders a checked template of Markdown (a talk track, an objection script): every value it writes is escaped by
    /// <see cref="MarkdownText"/>, so a CRM value such as <c>[Renew now](https://…)</c> shows as text, never as markup.
    /// Throws <see cref="TemplateLimitExceededException"/> like <see cref="Render(string, IReadOnlyDictionary{string, object?})"/>.
    /// </summary>
    public static string RenderMarkdown(string markdown, IReadOnlyDictionary<string, object?> model) =>
        Render(markdown, model, Parsed(markdown, MarkdownTemplates, static parsed => MarkdownOutputs.Escape(TemplateLimits.Bound(parsed))));

    private static bool HasMarkup(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    private static IFluidTemplate? Parsed(string text, ConcurrentDictionary<string, IFluidTemplate?> cache, Func<IFluidTemplate, IFluidTemplate> prepare) =>
        HasMarkup(text) ? cache.GetOrAdd(text, static (t, prepare) => Parser.TryParse(t, out var parsed, out _) ? prepare(parsed) : null, prepare) : null;

    private static string Render(string text, IReadOnlyDictionary<string, object?> model, IFluidTemplate? template)
    {
        if (template is null)
        {
            return text;
        }

        var context = new TemplateContext(Options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }

        using var output = new BoundedWriter();
        try
        {
            // Playbook templates read only in-memory values, so the render completes synchronously in practice.
            var rendering = template.RenderAsync(output, NullEncoder.Default, context);
            if (!rendering.IsCompletedSuccessfully)
            {
                rendering.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (InvalidOperationException ex)
        {
            // Fluid's step and recursion limits.
            throw new TemplateLimitExceededException(ex.Message, ex);
        }

        return output.ToString();
    }

    private static int IndexOf(string text, string needle) => Math.Max(0, text.IndexOf(needle, StringComparison.Ordinal));

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { CultureInfo = CultureInfo.InvariantCulture };
        options.Filters.AddFilter("percent", (input, _, _) =>
            new StringValue(input.IsNil() ? "n/a" : (input.ToNumberValue() * 100).ToString("0", CultureInfo.InvariantCulture) + "%"));
        options.Filters.AddFilter("days", (input, _, _) =>
            new StringValue(input.IsNil() ? "n/a" : input.ToNumberValue().ToString("0", CultureInfo.InvariantCulture) + " days"));
        options.Filters.AddFilter("money", (input, arguments, _) =>
        {
            var currency = arguments.Count > 0 ? arguments.At(0).ToStringValue() : "";
            var amount = input.ToNumberValue().ToString("#,##0.00", CultureInfo.InvariantCulture);
            return new StringValue(currency.Length > 0 ? $"{currency} {amount}" : amount);
        });
        TemplateLimits.Apply(options);
        return options;
    }
}

using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace CrmSuite.PlaybookEngine.Templates;

/// <summary>
/// The work one render of a playbook text may do. Fluid's own limits (steps, recursion) do not stop a range from being
/// built in memory before the loop's first step (`(1..100000000)` allocates gigabytes), nor a string from doubling in a
/// few steps, so ranges, filter results, assigned values and the output are bounded here too.
/// </summary>
internal static class TemplateLimits
{
    /// <summary>Statements one render may execute (Fluid's <see cref="TemplateOptions.MaxSteps"/>).</summary>
    public const int MaxSteps = 10_000;

    /// <summary>Nesting of blocks and includes (Fluid's <see cref="TemplateOptions.MaxRecursion"/>).</summary>
    public const int MaxRecursion = 20;

    /// <summary>Items one range may hold, and iterations a loop over literal ranges may make (checked by validate).</summary>
    public const int MaxLoopItems = 1_000;

    /// <summary>Characters of one text value (a filter's result, an assigned or captured value) and of the whole output.</summary>
    public const int MaxText = 64 * 1024;

    /// <summary>Bounds every filter's result, and every assigned or captured value, of <paramref name="options"/>.</summary>
    public static void Apply(TemplateOptions options)
    {
        options.MaxSteps = MaxSteps;
        options.MaxRecursion = MaxRecursion;
        foreach (var (name, filter) in options.Filters.ToList())
        {
            options.Filters.AddFilter(name, Bounded(name, filter));
        }

        options.Assigned = (identifier, value, _) => new ValueTask<FluidValue>(Checked(value, $"`{identifier}`"));
        options.Captured = (identifier, value, _) => new ValueTask<FluidValue>(Checked(value, $"`{identifier}`"));
    }

    /// <summary>The template with every range bounded to <see cref="MaxLoopItems"/> items when it is evaluated.</summary>
    public static IFluidTemplate Bound(IFluidTemplate template) => new RangeBounder().VisitTemplate(template);

    private static FilterDelegate Bounded(string name, FilterDelegate filter) => async (input, arguments, context) =>
    {
        if (name == "replace" && input.Type == FluidValues.String && arguments.Count >= 2)
        {
            // A replacement may grow the text by the replacement's length at every match: check before building it.
            var text = input.ToStringValue();
            var search = arguments.At(0).ToStringValue();
            var matches = search.Length == 0 ? text.Length + 1 : Occurrences(text, search);
            if (text.Length + ((long)matches * arguments.At(1).ToStringValue().Length) > MaxText)
            {
                throw TooLong($"the filter `{name}`");
            }
        }

        return Checked(await filter(input, arguments, context), $"the filter `{name}`");
    };

    private static FluidValue Checked(FluidValue value, string what) => value switch
    {
        ArrayValue array when array.Values.Count > MaxLoopItems =>
            throw new TemplateLimitExceededException($"{what} made a list of {array.Values.Count} items; a template may make at most {MaxLoopItems}"),
        StringValue text when text.ToStringValue().Length > MaxText => throw TooLong(what),
        _ => value,
    };

    private static TemplateLimitExceededException TooLong(string what) =>
        new($"{what} made a text longer than {MaxText} characters");

    private static int Occurrences(string text, string search)
    {
        var count = 0;
        for (var at = text.IndexOf(search, StringComparison.Ordinal); at >= 0; at = text.IndexOf(search, at + search.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Replaces each range by one that refuses, before building it, to hold more than <see cref="MaxLoopItems"/> items.</summary>
    private sealed class RangeBounder : AstRewriter
    {
        protected override Expression VisitRangeExpression(RangeExpression rangeExpression) => new BoundedRange(rangeExpression);
    }

    private sealed class BoundedRange(RangeExpression range) : Expression
    {
        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            var from = (await range.From.EvaluateAsync(context)).ToNumberValue();
            var to = (await range.To.EvaluateAsync(context)).ToNumberValue();
            if (to - from >= MaxLoopItems)
            {
                throw new TemplateLimitExceededException($"a range of {to - from + 1} items; a template may loop over at most {MaxLoopItems}");
            }

            return await range.EvaluateAsync(context);
        }
    }
}

/// <summary>Counts what a render writes and stops it at <see cref="TemplateLimits.MaxText"/> characters.</summary>
internal sealed class BoundedWriter : StringWriter
{
    public BoundedWriter()
        : base(System.Globalization.CultureInfo.InvariantCulture)
    {
    }

    public override void Write(char value)
    {
        Reserve(1);
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Reserve(count);
        base.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Reserve(buffer.Length);
        base.Write(buffer);
    }

    public override void Write(string? value)
    {
        Reserve(value?.Length ?? 0);
        base.Write(value);
    }

    private void Reserve(int count)
    {
        if (GetStringBuilder().Length + (long)count > TemplateLimits.MaxText)
        {
            throw new TemplateLimitExceededException($"the text rendered is longer than {TemplateLimits.MaxText} characters");
        }
    }
}

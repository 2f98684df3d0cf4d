using System.Globalization;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace CrmSuite.PlaybookEngine.Templates;

/// <summary>
/// Makes every value a template writes into Markdown plain text: each output (<c>{{ … }}</c>, after its filters, so
/// <c>raw</c> cannot undo it) and each <c>cycle</c> value is written to a string and escaped by <see cref="MarkdownText"/>.
/// The playbook's own text around the values stays Markdown. A <c>capture</c> body is left as it is: the captured value
/// is escaped once, where it is written.
/// </summary>
internal sealed class MarkdownOutputs : AstRewriter
{
    public static IFluidTemplate Escape(IFluidTemplate template) => new MarkdownOutputs().VisitTemplate(template);

    protected override Statement VisitOutputStatement(OutputStatement outputStatement) =>
        new OutputStatement(new EscapedValue(outputStatement.Expression));

    protected override Statement VisitCycleStatement(CycleStatement cycleStatement) =>
        new CycleStatement(cycleStatement.Group, [.. cycleStatement.Values.Select(Expression (value) => new EscapedValue(value))]);

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement) => captureStatement;

    private sealed class EscapedValue(Expression inner) : Expression
    {
        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            var value = await inner.EvaluateAsync(context);
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            await value.WriteToAsync(text, NullEncoder.Default, context.CultureInfo);
            return new StringValue(MarkdownText.Escape(text.ToString()));
        }
    }
}

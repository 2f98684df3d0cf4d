using Fluid.Ast;

namespace CrmSuite.PlaybookEngine.Templates;

/// <summary>Walks a parsed Liquid template and lists the variables and filters it uses (minus its own locals).</summary>
internal sealed class VariableCollector : AstVisitor
{
    public List<(string Root, string? Member)> Variables { get; } = [];

    public List<string> FilterNames { get; } = [];

    public HashSet<string> Locals { get; } = new(StringComparer.Ordinal) { "forloop" };

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        if (memberExpression.Segments.Count > 0 && memberExpression.Segments[0] is IdentifierSegment root)
        {
            var member = memberExpression.Segments.Count > 1 && memberExpression.Segments[1] is IdentifierSegment next ? next.Identifier : null;
            Variables.Add((root.Identifier, member));
        }

        return base.VisitMemberExpression(memberExpression);
    }

    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        FilterNames.Add(filterExpression.Name);
        return base.VisitFilterExpression(filterExpression);
    }

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        Locals.Add(assignStatement.Identifier);
        return base.VisitAssignStatement(assignStatement);
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        Locals.Add(forStatement.Identifier);
        return base.VisitForStatement(forStatement);
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        Locals.Add(captureStatement.Identifier);
        return base.VisitCaptureStatement(captureStatement);
    }
}

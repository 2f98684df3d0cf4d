using System.Text.RegularExpressions;
using CrmSuite.Connector.Crm.Dataverse.Schema;
using CrmSuite.Connector.Tests.Cli;

namespace CrmSuite.Connector.Tests.Crm.Dataverse.Schema;

/// <summary>The schema model in code and docs/dataverse-schema.md say the same: every custom column and key, with its type.</summary>
public sealed partial class SchemaDocumentTests
{
    private static readonly string[] Document = File.ReadAllLines(Path.Combine(CliRunner.RepositoryRoot, "docs", "dataverse-schema.md"));

    /// <summary>(table, column) → type as the document writes it, for every column deploy-schema creates.</summary>
    private static Dictionary<(string Table, string Column), string> DocumentedColumns()
    {
        var columns = new Dictionary<(string, string), string>();
        string? table = null;
        var custom = false;
        foreach (var line in Document)
        {
            if (TableHeading().Match(line) is { Success: true } heading)
            {
                table = heading.Groups[1].Value;
                custom = table.StartsWith("cs_", StringComparison.Ordinal);
                continue;
            }

            if (table is null || !line.StartsWith("| ", StringComparison.Ordinal) || line.StartsWith("| Column", StringComparison.Ordinal) || line.StartsWith("|---", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            var (names, type) = (cells[1], cells[2]);
            if (!custom && !type.Contains("custom column", StringComparison.Ordinal))
            {
                continue;
            }

            var nameList = names.Replace("(optional)", "", StringComparison.Ordinal).Split([',', '/'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            // "Decimal(4) (fractions: …)", "String(100), custom column": the type is the text before any remark.
            var typeList = TypeRemark().Replace(type.Split(',')[0], "").Split(" / ", StringSplitOptions.TrimEntries);
            for (var i = 0; i < nameList.Length; i++)
            {
                if (nameList[i] != TableDefinition.PrimaryName && nameList[i] != table + "id")
                {
                    columns[(table, nameList[i])] = typeList.Length == nameList.Length ? typeList[i] : typeList[0];
                }
            }
        }

        return columns;
    }

    [Fact]
    public void Every_column_the_document_marks_for_deploy_schema_is_in_the_model_with_its_type()
    {
        var documented = DocumentedColumns();
        var modelled = CrmSuiteSchema.Tables.SelectMany(t => t.Columns.Select(c => ((t.LogicalName, c.LogicalName), c.Describe())))
            .ToDictionary(p => p.Item1, p => p.Item2);

        Assert.NotEmpty(documented);
        Assert.Equal(documented.Keys.Order().ToList(), modelled.Keys.Order().ToList());
        Assert.All(documented, d => Assert.Equal(d.Value, modelled[d.Key]));
    }

    [Fact]
    public void Every_alternate_key_the_document_names_is_in_the_model_on_its_column()
    {
        var text = string.Join('\n', Document);
        var documented = KeySentence().Matches(text).Select(m => (m.Groups[1].Value, m.Groups[2].Value))
            .Append(("cs_task_stepkey", "cs_stepkey"))
            .Order()
            .ToList();

        var modelled = CrmSuiteSchema.Tables.SelectMany(t => t.Keys.Select(k => (k.LogicalName, string.Join(",", k.Columns)))).Order().ToList();

        Assert.Contains("**alternate key `cs_task_stepkey`**", text, StringComparison.Ordinal);
        Assert.Equal(documented, modelled);
    }

    [GeneratedRegex(@"^### (\w+) \(entity set `\w+`")]
    private static partial Regex TableHeading();

    [GeneratedRegex(@" \([a-z][^)]*\)$")]
    private static partial Regex TypeRemark();

    [GeneratedRegex(@"Alternate key `(\w+)` on `(\w+)`")]
    private static partial Regex KeySentence();
}

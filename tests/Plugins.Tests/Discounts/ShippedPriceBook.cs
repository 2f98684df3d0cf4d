using CrmSuite.PlaybookEngine.Offers;

namespace CrmSuite.Plugins.Tests.Discounts;

/// <summary>The price book shipped in playbooks/pricebook.md, as the connector publishes it.</summary>
internal static class ShippedPriceBook
{
    public static string Text { get; } = File.ReadAllText(Path.Combine(Root(), "playbooks", "pricebook.md"));

    public static PriceBook Book { get; } = PriceBookParser.Parse(Text, "playbooks/pricebook.md").PriceBook
        ?? throw new InvalidOperationException("The shipped price book does not parse.");

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CrmSuite.sln not found above the test binaries.");
    }
}

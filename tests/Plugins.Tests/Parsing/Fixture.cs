namespace CrmSuite.Plugins.Tests.Parsing;

internal static class Fixture
{
    public static IEnumerable<string> Names =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}

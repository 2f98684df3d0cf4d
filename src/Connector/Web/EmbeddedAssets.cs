using System.Collections.Frozen;

namespace CrmSuite.Connector.Web;

/// <summary>Static files shipped inside the assembly, read once at start and served from memory.</summary>
internal static class EmbeddedAssets
{
    public static FrozenDictionary<string, (byte[] Bytes, string ContentType)> Load(
        IEnumerable<(string Path, string Resource, string ContentType)> files)
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        return files.ToFrozenDictionary(f => f.Path, f =>
        {
            using var stream = assembly.GetManifestResourceStream(f.Resource)
                ?? throw new InvalidOperationException($"Embedded resource {f.Resource} is missing from the build.");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return (memory.ToArray(), f.ContentType);
        }, StringComparer.Ordinal);
    }
}

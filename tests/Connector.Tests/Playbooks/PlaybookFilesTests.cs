using CrmSuite.Connector.Playbooks;

namespace CrmSuite.Connector.Tests.Playbooks;

public sealed class PlaybookFilesTests
{
    [Fact]
    public void A_file_that_cannot_be_read_becomes_PB090_naming_it_and_the_other_files_are_still_read()
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-unreadable-").FullName;
        File.WriteAllText(Path.Combine(folder, "a.md"), "readable");
        File.WriteAllText(Path.Combine(folder, "b.md"), "locked");

        // Tests run as root, where chmod 000 does not stop a read: the permission failure is injected instead.
        var read = PlaybookFiles.Read([folder], path => path.EndsWith("b.md", StringComparison.Ordinal)
            ? throw new UnauthorizedAccessException("Access to the path is denied.")
            : File.ReadAllText(path));

        Assert.Equal("readable", Assert.Single(read.Files).Text);
        var problem = Assert.Single(read.Unreadable);
        Assert.Equal($"{Path.Combine(folder, "b.md")}:1:1: error PB090: cannot read this file: permission denied", problem.ToString());
    }

    [Fact]
    public void A_dangling_symbolic_link_names_the_missing_target()
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-dangling-").FullName;
        var target = Path.Combine(folder, "gone", "renewal.md");
        File.CreateSymbolicLink(Path.Combine(folder, "renewal.md"), target);

        var read = PlaybookFiles.Read([folder]);

        Assert.Empty(read.Files);
        Assert.Contains($"a symbolic link to {target}, which does not exist", Assert.Single(read.Unreadable).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_back_up_the_tree_is_walked_once()
    {
        var folder = Directory.CreateTempSubdirectory("crmsuite-loop-").FullName;
        File.WriteAllText(Path.Combine(folder, "a.md"), "text");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "sub", "up"), folder);

        var read = PlaybookFiles.Read([folder]);

        Assert.Single(read.Files);
        Assert.Empty(read.Unreadable);
    }
}

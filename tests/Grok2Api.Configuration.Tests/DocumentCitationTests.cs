using System.Text.RegularExpressions;

namespace Grok2Api.Configuration.Tests;

/// <summary>
/// Every document a source file or a doc names by its repository path (<c>docs/….md</c>) is in the
/// repository, so a reader can follow each reference; and no file names the design notes the
/// project was started from, which are not part of it (their facts are written in docs/).
/// </summary>
public sealed partial class DocumentCitationTests
{
    /// <summary>Where generated or installed files live; what they say is not ours.</summary>
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", ".git", "TestResults", "wwwroot", "dist"];

    private static readonly string[] ReadExtensions = [".cs", ".ts", ".tsx", ".css", ".html", ".csproj", ".props", ".targets", ".sh", ".md", ".toml", ".example", ".yml"];

    [Fact]
    public void EveryCitedDocument_IsInTheRepository()
    {
        var cited = Citations().ToList();

        var missing = cited.Where(c => !File.Exists(Path.Combine(ConfigTestFiles.RepositoryRoot, c.Document))).ToList();

        // Guards the walk: a broken search would find nothing and pass.
        Assert.Contains(cited, c => c.Document == "docs/grok-protocol.md");
        Assert.True(missing.Count == 0, "Missing documents cited: " + string.Join("; ", missing.Select(m => $"{m.Document} in {m.File}")));
    }

    [Fact]
    public void NoFile_NamesTheDesignNotesOutsideTheRepository()
    {
        var naming = SourceFiles()
            .Where(file => OutsideNotes().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(ConfigTestFiles.RepositoryRoot, file))
            .ToList();

        Assert.True(naming.Count == 0, "These files name documents that are not in the repository: " + string.Join(", ", naming));
    }

    private static IEnumerable<(string File, string Document)> Citations() =>
        from file in SourceFiles()
        from Match match in RepositoryDocument().Matches(File.ReadAllText(file))
        select (Path.GetRelativePath(ConfigTestFiles.RepositoryRoot, file), match.Value);

    private static IEnumerable<string> SourceFiles()
    {
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(ConfigTestFiles.RepositoryRoot)]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var child in directory.EnumerateDirectories())
            {
                if (!SkippedFolders.Contains(child.Name, StringComparer.Ordinal))
                {
                    pending.Push(child);
                }
            }

            foreach (var file in directory.EnumerateFiles())
            {
                if (ReadExtensions.Contains(file.Extension, StringComparer.OrdinalIgnoreCase) || file.Name == "Dockerfile")
                {
                    yield return file.FullName;
                }
            }
        }
    }

    [GeneratedRegex(@"(?<![\w/.-])docs/[A-Za-z0-9_./-]+\.md")]
    private static partial Regex RepositoryDocument();

    // Written with alternatives and escaped dots, so this file does not match itself.
    [GeneratedRegex(@"\b(interfaces|upstream-protocol|original-behavior|house-style)\.md\b|\boriginal-readme\.txt\b")]
    private static partial Regex OutsideNotes();
}

namespace Grok2Api.Configuration.Tests;

/// <summary>One instruction of a Dockerfile stage, with the working directory in force when it runs.</summary>
/// <param name="Keyword">The instruction (upper case).</param>
/// <param name="Words">Its arguments split on spaces, flags (<c>--from=…</c>) included.</param>
/// <param name="Workdir">The absolute working directory (<c>/</c> before any WORKDIR).</param>
internal sealed record DockerInstruction(string Keyword, string[] Words, string Workdir)
{
    /// <summary>The value of a <c>--name=value</c> flag, or null.</summary>
    public string? Flag(string name) =>
        Words.FirstOrDefault(word => word.StartsWith($"--{name}=", StringComparison.Ordinal))?[(name.Length + 3)..];

    /// <summary>A COPY's sources (flags left out).</summary>
    public string[] Sources => Words.Where(word => !word.StartsWith("--", StringComparison.Ordinal)).SkipLast(1).ToArray();

    /// <summary>A COPY's destination, absolute.</summary>
    public string Destination => DockerfileStages.Resolve(Workdir, Words[^1]);

    /// <summary>The whole instruction after its keyword.</summary>
    public string Text => string.Join(' ', Words);
}

/// <summary>One stage of a Dockerfile: <c>FROM image AS name</c> and its instructions in order.</summary>
/// <param name="Name">The stage's name (empty when it has none).</param>
/// <param name="Instructions">Its instructions.</param>
internal sealed record DockerStage(string Name, IReadOnlyList<DockerInstruction> Instructions);

/// <summary>Reads the repository's Dockerfile as text (there is no Docker engine in the test environment).</summary>
internal static class DockerfileStages
{
    /// <summary>The stages of the repository's Dockerfile, in order (line continuations joined).</summary>
    public static List<DockerStage> Read()
    {
        var lines = new List<string>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(Path.Combine(ConfigTestFiles.RepositoryRoot, "Dockerfile")))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            lines.Add(pending + line);
            pending = "";
        }

        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        var workdir = "/";
        foreach (var line in lines)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var keyword = words[0].ToUpperInvariant();
            if (keyword == "FROM")
            {
                current = [];
                workdir = "/";
                var name = words.Length >= 4 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[^1] : "";
                stages.Add(new DockerStage(name, current));
                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (keyword == "WORKDIR")
            {
                workdir = Resolve(workdir, words[1]);
            }

            current.Add(new DockerInstruction(keyword, words[1..], workdir));
        }

        return stages;
    }

    /// <summary>A container path resolved against a working directory, without a trailing slash.</summary>
    public static string Resolve(string workdir, string path)
    {
        var full = path.StartsWith('/') ? path : workdir.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>
    /// Where a COPY puts the file or folder <paramref name="path"/> of the build context (relative,
    /// '/' separators), or null when it does not copy it.
    /// </summary>
    public static string? Landing(DockerInstruction copy, string path)
    {
        var sources = copy.Sources.Select(source => source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source).ToArray();
        foreach (var raw in sources)
        {
            var source = raw == "." ? "" : raw.TrimEnd('/');
            var sourceIsFolder = source.Length == 0 || Directory.Exists(Path.Combine(ConfigTestFiles.RepositoryRoot, source));
            if (sourceIsFolder)
            {
                // A folder's content goes into the destination.
                if (source.Length == 0 || path == source || path.StartsWith(source + "/", StringComparison.Ordinal))
                {
                    var rest = source.Length == 0 ? path : path[source.Length..].TrimStart('/');
                    return rest.Length == 0 ? copy.Destination : Resolve(copy.Destination, rest);
                }
            }
            else if (path == source)
            {
                // A file goes into a destination folder (several sources, or a trailing slash) or becomes it.
                var intoFolder = sources.Length > 1 || copy.Words[^1].EndsWith('/') || copy.Words[^1] is "." or "./";
                return intoFolder ? Resolve(copy.Destination, Path.GetFileName(source)) : copy.Destination;
            }
        }

        return null;
    }
}

using System.Xml.Linq;

namespace Grok2Api.Configuration.Tests;

/// <summary>
/// The Dockerfile's build stage copies what publishing Proxy needs: every project folder Proxy
/// references (directly or not) and the root files every project build reads. There is no Docker
/// engine in the test environment, so the file is checked as text.
/// </summary>
public sealed class DockerfileTests
{
    private const string PublishedProject = "Proxy/Grok2Api.Proxy.csproj";

    /// <summary>Read by the SDK, the compiler and the analyzers for any project below the root.</summary>
    private static readonly string[] RootBuildFiles = ["global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig"];

    [Fact]
    public void BuildStage_CopiesEveryProjectFolderProxyNeeds()
    {
        var copied = BuildStageSources();

        var missing = ProjectFolders().Where(folder => !copied.Any(source => Covers(source, folder))).ToList();

        Assert.True(missing.Count == 0, $"The Dockerfile's build stage does not copy {string.Join(", ", missing)} (needed by {PublishedProject}).");
    }

    [Fact]
    public void BuildStage_CopiesEveryRootFileTheBuildReads()
    {
        var copied = BuildStageSources();
        var needed = RootFilesTheBuildReads();

        var missing = needed.Where(file => !copied.Any(source => Covers(source, file))).ToList();

        Assert.Superset(new HashSet<string>(["global.json", "Directory.Build.props", "Directory.Packages.props", "BannedSymbols.txt", ".editorconfig"]), needed.ToHashSet());
        Assert.True(missing.Count == 0, $"The Dockerfile's build stage does not copy {string.Join(", ", missing)}.");
    }

    [Fact]
    public void DockerIgnore_LeavesOutNothingTheBuildStageNeeds()
    {
        var ignored = DockerIgnored();

        var needed = ProjectFolders().Select(folder => folder.Split('/')[0]).Concat(RootFilesTheBuildReads());

        Assert.DoesNotContain(needed, ignored.Contains);
    }

    [Fact]
    public void ProjectFolders_AreFoundFromProxyReferences()
    {
        // Guards the walk itself: a broken parse would find nothing and the checks above would pass.
        Assert.Superset(new HashSet<string>(["Proxy", "Configuration", "Storage", "TokenPool", "Transforms", "AdminApi"]), ProjectFolders().ToHashSet());
    }

    [Fact]
    public void BuildStage_CopiesEveryFileTheProjectFilesNameOutsideTheirFolder()
    {
        // Imports, linked sources, additional files: anything a needed project or root props file points at
        // with a relative path or $(MSBuildThisFileDirectory) must be in the build context the stage copies.
        var root = ConfigTestFiles.RepositoryRoot;
        var copied = BuildStageSources();
        var projectFiles = ProjectFolders()
            .SelectMany(folder => Directory.GetFiles(Path.Combine(root, folder), "*.csproj"))
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props" }.Select(name => Path.Combine(root, name)).Where(File.Exists));
        var named = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in projectFiles)
        {
            var directory = Path.GetDirectoryName(file)!;
            foreach (var attribute in XDocument.Load(file).Descendants().Attributes())
            {
                var value = attribute.Value.Replace("$(MSBuildThisFileDirectory)", directory + "/", StringComparison.Ordinal)
                    .Replace("$(MSBuildProjectDirectory)", directory, StringComparison.Ordinal);
                if (value.Contains("$(", StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal)
                    || !(value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal)))
                {
                    continue;
                }

                var full = Path.GetFullPath(Path.Combine(directory, value.Replace('\\', '/')));
                if ((File.Exists(full) || Directory.Exists(full)) && full.StartsWith(root, StringComparison.Ordinal))
                {
                    named.Add(Path.GetRelativePath(root, full).Replace('\\', '/'));
                }
            }
        }

        var missing = named.Where(path => !copied.Any(source => Covers(source, path))).ToList();

        Assert.Contains("BannedSymbols.txt", named);
        Assert.True(missing.Count == 0, $"The Dockerfile's build stage does not copy {string.Join(", ", missing)}, which a project file names.");
    }

    [Fact]
    public void Dockerfile_PublishesTheProjectTheWalkStartsFrom_AndRunsItsAssembly()
    {
        var dockerfile = File.ReadAllText(Path.Combine(ConfigTestFiles.RepositoryRoot, "Dockerfile"));
        var assembly = XDocument.Load(Path.Combine(ConfigTestFiles.RepositoryRoot, PublishedProject)).Descendants("AssemblyName").Single().Value;

        var entrypoint = File.ReadAllText(Path.Combine(ConfigTestFiles.RepositoryRoot, "docker-entrypoint.sh"));

        Assert.Contains($"dotnet publish {PublishedProject}", dockerfile, StringComparison.Ordinal);
        // The image runs the entry point script (tested with the built service in the MultiInstance tests), which runs the assembly.
        Assert.Contains("COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/grok2api-entrypoint", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"grok2api-entrypoint\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"dotnet \"$app_dir/{assembly}.dll\" \"$@\"", entrypoint, StringComparison.Ordinal);
        Assert.DoesNotContain("docker-entrypoint.sh", DockerIgnored());
    }

    [Fact]
    public void DataDirectory_IsTheOriginalsPath_InTheImageAndTheComposeFile()
    {
        // The original project's image kept its data in /app/data and its compose file mounted ./data there.
        var dockerfile = File.ReadAllText(Path.Combine(ConfigTestFiles.RepositoryRoot, "Dockerfile"));
        var compose = File.ReadAllLines(Path.Combine(ConfigTestFiles.RepositoryRoot, "docker-compose.yml")).Select(line => line.Trim()).ToList();

        Assert.Contains("ENV DATA_DIR=/app/data", dockerfile, StringComparison.Ordinal);
        Assert.Contains("VOLUME [\"/app/data\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains("DATA_DIR: /app/data", compose);
        Assert.Contains("- ./data:/app/data", compose);
    }

    [Fact]
    public void Compose_BuildsTheRootDockerfile()
    {
        // docker-compose.yml builds with the repository root as context, where the Dockerfile and everything it copies live.
        var compose = File.ReadAllLines(Path.Combine(ConfigTestFiles.RepositoryRoot, "docker-compose.yml"));
        var builds = compose.Select(line => line.Trim()).Where(line => line.StartsWith("build:", StringComparison.Ordinal)).ToList();

        Assert.Equal(["build: ."], builds);
        Assert.True(File.Exists(Path.Combine(ConfigTestFiles.RepositoryRoot, "Dockerfile")));
    }

    [Fact]
    public void AdminSpaStage_GetsThePackageFilesBeforeNpmCi_AndEverySourceBeforeTheBuild()
    {
        var stage = AdminSpaStage(DockerfileStages.Read());
        var instructions = stage.Instructions;
        var install = IndexOfRun(stage, "npm ci");
        var build = IndexOfRun(stage, "npm run build");
        var workdir = instructions[build].Workdir;
        var packageFiles = AdminSpaProjectPaths("AdminSpaInstall", "Inputs");

        Assert.True(install < build, "The Node stage must run npm ci before npm run build.");
        Assert.Equal(workdir, instructions[install].Workdir);
        Assert.Equal(["admin-spa/package-lock.json", "admin-spa/package.json"], packageFiles.Order(StringComparer.Ordinal));
        foreach (var input in AdminSpaInputs())
        {
            // The package files must be there for npm ci (so its layer is reused while only sources change), the rest for the build.
            var before = packageFiles.Contains(input) ? install : build;
            var landing = instructions.Take(before)
                .Where(instruction => instruction.Keyword == "COPY" && instruction.Flag("from") is null)
                .Select(copy => DockerfileStages.Landing(copy, input))
                .LastOrDefault(path => path is not null);
            var expected = DockerfileStages.Resolve(workdir, input["admin-spa/".Length..]);

            Assert.True(landing == expected, $"The Node stage must copy {input} to {expected} before `{instructions[before].Text}` (found: {landing ?? "not copied"}).");
        }
    }

    [Fact]
    public void AdminSpaStage_UsesNode20OrLater()
    {
        var image = File.ReadAllLines(Path.Combine(ConfigTestFiles.RepositoryRoot, "Dockerfile"))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(words => words.Length >= 4 && words[0].Equals("FROM", StringComparison.OrdinalIgnoreCase) && words[^1] == AdminSpaStage(DockerfileStages.Read()).Name)[1];

        Assert.StartsWith("node:", image, StringComparison.Ordinal);
        var major = int.Parse(image["node:".Length..].Split('-', '.')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(major >= 20, $"The admin app needs Node.js 20 or later; the Dockerfile uses {image}.");
    }

    [Fact]
    public void BuildStage_EmbedsTheAdminSpaBuiltByTheNodeStage_WithoutRunningNpm()
    {
        var stages = DockerfileStages.Read();
        var node = AdminSpaStage(stages);
        var nodeBuild = node.Instructions[IndexOfRun(node, "npm run build")];
        var build = stages.Single(stage => stage.Name == "build");
        var publishAt = IndexOfRun(build, $"dotnet publish {PublishedProject}");
        var publish = build.Instructions[publishAt];
        var dist = AdminSpaProjectPaths(null, null).Single();
        var builtDist = DockerfileStages.Resolve(nodeBuild.Workdir, dist["admin-spa/".Length..]);
        var wantedDist = DockerfileStages.Resolve(publish.Workdir, dist);

        var copies = build.Instructions.Take(publishAt).Where(instruction => instruction.Keyword == "COPY" && instruction.Flag("from") == node.Name).ToList();

        Assert.Equal("admin-spa/dist", dist);
        Assert.True(
            copies.Any(copy => copy.Sources.Any(source => DockerfileStages.Resolve(nodeBuild.Workdir, source) == builtDist) && copy.Destination == wantedDist),
            $"The build stage must copy {builtDist} from the {node.Name} stage to {wantedDist} before publishing.");
        Assert.Contains("-p:AdminSpaPrebuilt=true", publish.Words);

        // The switch exists in the project: with it the build runs no npm and checks that the copied dist is there.
        var project = XDocument.Load(Path.Combine(ConfigTestFiles.RepositoryRoot, PublishedProject));
        var targets = project.Descendants("Target").ToDictionary(target => (string)target.Attribute("Name")!);
        Assert.Contains("'$(AdminSpaPrebuilt)' == 'true'", (string?)targets["AdminSpaCheckPrebuilt"].Attribute("Condition"), StringComparison.Ordinal);
        Assert.Contains("AdminSpaCheckPrebuilt", (string?)targets["AdminSpaEmbed"].Attribute("DependsOnTargets"), StringComparison.Ordinal);
        Assert.Contains(project.Descendants("_AdminSpaRunNpm"), property => ((string?)property.Attribute("Condition"))?.Contains("'$(AdminSpaPrebuilt)' != 'true'", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void DockerIgnore_KeepsTheAdminSpaSources_AndLeavesOutItsInstallAndOutput()
    {
        var ignored = DockerIgnored();

        foreach (var input in AdminSpaInputs().Append("admin-spa"))
        {
            var parts = input.Split('/');
            var prefixes = Enumerable.Range(1, parts.Length).Select(count => string.Join('/', parts.Take(count)));
            Assert.DoesNotContain(prefixes, ignored.Contains);
        }

        // The host's node_modules (maybe for another OS) and a stale dist must not reach the Node stage.
        Assert.Contains("admin-spa/node_modules", ignored);
        Assert.Contains("admin-spa/dist", ignored);
    }

    /// <summary>The stage that builds the admin app: the one that runs <c>npm ci</c>.</summary>
    private static DockerStage AdminSpaStage(List<DockerStage> stages)
    {
        var stage = Assert.Single(stages, stage => stage.Instructions.Any(instruction => instruction.Keyword == "RUN" && instruction.Text.StartsWith("npm ci", StringComparison.Ordinal)));
        Assert.NotEqual("", stage.Name);
        return stage;
    }

    private static int IndexOfRun(DockerStage stage, string command)
    {
        var index = stage.Instructions.ToList().FindIndex(instruction => instruction.Keyword == "RUN" && instruction.Text.StartsWith(command, StringComparison.Ordinal));
        Assert.True(index >= 0, $"The stage {stage.Name} does not run `{command}`.");
        return index;
    }

    /// <summary>The admin app's build inputs that exist, as Proxy's project lists them (AdminSpaInput), relative to the root.</summary>
    private static List<string> AdminSpaInputs()
    {
        var inputs = AdminSpaProjectPaths("AdminSpaInput", "Include");
        Assert.Superset(new HashSet<string>(["admin-spa/package.json", "admin-spa/package-lock.json", "admin-spa/src", "admin-spa/index.html"]), inputs.ToHashSet());
        return inputs;
    }

    /// <summary>
    /// The paths (relative to the root, existing ones only, globs cut to their folder) that an attribute of
    /// Proxy's project names below $(AdminSpaDir); with no element, the AdminSpaDist property.
    /// </summary>
    private static List<string> AdminSpaProjectPaths(string? element, string? attribute)
    {
        var project = XDocument.Load(Path.Combine(ConfigTestFiles.RepositoryRoot, PublishedProject));
        var values = element is null
            ? project.Descendants("AdminSpaDist").Select(property => property.Value)
            : project.Descendants(element).Concat(project.Descendants("Target").Where(target => (string?)target.Attribute("Name") == element))
                .Select(item => (string?)item.Attribute(attribute!) ?? "");
        const string prefix = "$(AdminSpaDir)";
        return values.SelectMany(value => value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(value => value.StartsWith(prefix, StringComparison.Ordinal))
            .Select(value => "admin-spa/" + value[prefix.Length..].Replace("/**/*", "", StringComparison.Ordinal).TrimEnd('/'))
            .Where(path => element is null || File.Exists(Path.Combine(ConfigTestFiles.RepositoryRoot, path)) || Directory.Exists(Path.Combine(ConfigTestFiles.RepositoryRoot, path)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The patterns of .dockerignore, without trailing slashes.</summary>
    private static HashSet<string> DockerIgnored() =>
        File.ReadAllLines(Path.Combine(ConfigTestFiles.RepositoryRoot, ".dockerignore"))
            .Select(line => line.Trim().TrimEnd('/'))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The folders, relative to the root with '/' separators, of Proxy and every project it references transitively.</summary>
    private static SortedSet<string> ProjectFolders()
    {
        var root = ConfigTestFiles.RepositoryRoot;
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(Path.Combine(root, PublishedProject))]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(project)!;
            folders.Add(Path.GetRelativePath(root, directory).Replace('\\', '/'));
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.GetFullPath(Path.Combine(directory, include)));
            }
        }

        return folders;
    }

    /// <summary>
    /// The root build files that exist, and the root files that Directory.Build.props names through
    /// <c>$(MSBuildThisFileDirectory)</c> (BannedSymbols.txt).
    /// </summary>
    private static List<string> RootFilesTheBuildReads()
    {
        var root = ConfigTestFiles.RepositoryRoot;
        var files = RootBuildFiles.Where(name => File.Exists(Path.Combine(root, name))).ToList();
        const string prefix = "$(MSBuildThisFileDirectory)";
        foreach (var attribute in XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants().Attributes())
        {
            if (attribute.Value.StartsWith(prefix, StringComparison.Ordinal))
            {
                files.Add(attribute.Value[prefix.Length..]);
            }
        }

        return files;
    }

    /// <summary>The sources of the COPY instructions of the build stage (from <c>FROM … AS build</c> to the next <c>FROM</c>), other stages' files left out.</summary>
    private static List<string> BuildStageSources()
    {
        var sources = new List<string>();
        var inBuild = false;
        foreach (var line in File.ReadAllLines(Path.Combine(ConfigTestFiles.RepositoryRoot, "Dockerfile")))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || words[0].StartsWith('#'))
            {
                continue;
            }

            if (words[0].Equals("FROM", StringComparison.OrdinalIgnoreCase))
            {
                inBuild = words.Length >= 4 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) && words[^1] == "build";
            }
            else if (inBuild && words[0].Equals("COPY", StringComparison.OrdinalIgnoreCase) && !words.Any(w => w.StartsWith("--from", StringComparison.Ordinal)))
            {
                // COPY [--flags] source... destination
                sources.AddRange(words[1..^1].Where(w => !w.StartsWith("--", StringComparison.Ordinal)).Select(Normalize));
            }
        }

        Assert.NotEmpty(sources);
        return sources;
    }

    /// <summary>A source as a path relative to the context: <c>./a/</c> is <c>a</c>, <c>.</c> is empty (the whole context).</summary>
    private static string Normalize(string source)
    {
        var path = source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source;
        return path == "." ? "" : path.TrimEnd('/');
    }

    /// <summary>Whether copying <paramref name="source"/> (a file or a folder; empty for the whole context) brings <paramref name="path"/>.</summary>
    private static bool Covers(string source, string path) =>
        source.Length == 0 || path == source || path.StartsWith(source + "/", StringComparison.Ordinal);
}

namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>
/// The tag names a <see cref="GrokTagFilter"/> matches, with their closing tags, compiled once per
/// <c>app.filter_tags</c> list instead of once per filter (two filters per answer). Immutable and
/// thread-safe: the arrays are only read.
/// </summary>
internal sealed class GrokTagNames
{
    // The last list compiled: a configuration snapshot keeps its list instance until it is reloaded.
    private static Compiled? _last;

    /// <summary>Compiles <paramref name="names"/> (UTF-8 tag names, as <see cref="GrokTagFilter.CompileNames"/> returns them).</summary>
    public GrokTagNames(IReadOnlyList<byte[]> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Names = [.. names];
        Closers = [.. names.Select(n => (byte[])[(byte)'<', (byte)'/', .. n])];
        CardIndex = Array.FindIndex(Names, n => n.AsSpan().SequenceEqual("grok:render"u8));
    }

    /// <summary>The names, UTF-8.</summary>
    public byte[][] Names { get; }

    /// <summary>The closing tag of each name (<c>&lt;/name</c>), UTF-8.</summary>
    public byte[][] Closers { get; }

    /// <summary>The index of <c>grok:render</c> in <see cref="Names"/>, or -1.</summary>
    public int CardIndex { get; }

    /// <summary>The compiled names of a configured list: compiled again only when another list instance comes.</summary>
    /// <param name="filterTags">The configured tag names (<c>app.filter_tags</c>); the list is not changed after it is configured.</param>
    public static GrokTagNames For(IReadOnlyList<string> filterTags)
    {
        ArgumentNullException.ThrowIfNull(filterTags);
        if (_last is { } last && ReferenceEquals(last.Source, filterTags))
        {
            return last.Names;
        }

        var names = new GrokTagNames(GrokTagFilter.CompileNames(filterTags));
        _last = new Compiled(filterTags, names);
        return names;
    }

    private sealed record Compiled(IReadOnlyList<string> Source, GrokTagNames Names);
}

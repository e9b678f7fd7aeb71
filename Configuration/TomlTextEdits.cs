using System.Text;

namespace Grok2Api.Configuration;

/// <summary>Line-aware text surgery on a TOML document, used by <see cref="TomlDocumentEditor"/>.</summary>
internal static class TomlTextEdits
{
    /// <summary>Applies non-overlapping edits; <see langword="null"/> when two of them overlap.</summary>
    public static string? Apply(string text, List<TomlTextEdit> edits)
    {
        // Apply from the end so earlier offsets stay valid; at one offset, replacements go before insertions.
        // Insertions at one offset are applied last-added first, so they end up in the order they were added.
        var ordered = edits.Select((edit, index) => (edit, index))
            .OrderByDescending(e => e.edit.Start)
            .ThenBy(e => e.edit.IsInsert ? 1 : 0)
            .ThenByDescending(e => e.index)
            .Select(e => e.edit)
            .ToList();
        var result = new StringBuilder(text);
        var limit = int.MaxValue;
        foreach (var edit in ordered)
        {
            if (edit.End > limit)
            {
                return null;
            }

            result.Remove(edit.Start, edit.End - edit.Start).Insert(edit.Start, edit.NewText);
            limit = edit.Start;
        }

        return result.ToString();
    }

    /// <summary>
    /// Turns removed keys and tables into line deletions: each takes the comment lines directly
    /// above it (they describe what goes), neighbouring deletions merge, and one blank line around
    /// each merged block goes too, so no empty gap is left behind.
    /// </summary>
    public static IEnumerable<TomlTextEdit> Deletions(string text, IEnumerable<TomlTextEdit> removals)
    {
        var ranges = new List<(int Start, int End)>();
        foreach (var removal in removals.OrderBy(r => r.Start))
        {
            var start = LineStart(text, removal.Start);
            while (start > 0 && IsCommentLine(text, LineStart(text, start - 1), start))
            {
                start = LineStart(text, start - 1);
            }

            var end = LineEnd(text, Math.Max(removal.Start, removal.End - 1));
            if (ranges.Count > 0 && start <= ranges[^1].End)
            {
                ranges[^1] = (ranges[^1].Start, Math.Max(ranges[^1].End, end));
            }
            else
            {
                ranges.Add((start, end));
            }
        }

        foreach (var (rangeStart, rangeEnd) in ranges)
        {
            var start = rangeStart;
            var end = rangeEnd;
            var before = start == 0 ? (0, 0) : (LineStart(text, start - 1), start);
            var blankBefore = start == 0 || IsBlankLine(text, before.Item1, before.Item2) || IsHeaderLine(text, before.Item1, before.Item2);
            var afterEnd = LineEnd(text, end);
            if (blankBefore && end < text.Length && IsBlankLine(text, end, afterEnd))
            {
                end = afterEnd;
            }
            else if (end >= text.Length && start > 0 && IsBlankLine(text, before.Item1, before.Item2))
            {
                start = before.Item1;
            }

            yield return TomlTextEdit.Replace(start, end, "");
        }
    }

    // Offsets of the line holding position; a line's end includes its newline.
    private static int LineStart(string text, int position) =>
        position <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(position, text.Length) - 1) + 1;

    private static int LineEnd(string text, int position)
    {
        var newline = text.IndexOf('\n', position);
        return newline < 0 ? text.Length : newline + 1;
    }

    private static bool IsBlankLine(string text, int start, int end) => text.AsSpan(start, end - start).Trim().IsEmpty;

    private static bool IsCommentLine(string text, int start, int end) => text.AsSpan(start, end - start).TrimStart().StartsWith('#');

    private static bool IsHeaderLine(string text, int start, int end) => text.AsSpan(start, end - start).TrimStart().StartsWith('[');
}

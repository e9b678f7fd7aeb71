namespace Grok2Api.Configuration;

/// <summary>Replace the text in [<paramref name="Start"/>, <paramref name="End"/>) with <paramref name="NewText"/>.</summary>
internal sealed record TomlTextEdit(int Start, int End, string NewText)
{
    public bool IsInsert => Start == End;

    /// <summary>A removed key or table, widened to whole lines by <see cref="TomlTextEdits.Deletions"/>.</summary>
    public bool IsDeletion { get; private init; }

    public static TomlTextEdit Delete(int start, int end) => new(start, end, "") { IsDeletion = true };

    public static TomlTextEdit Replace(int start, int end, string newText) => new(start, end, newText);

    public static TomlTextEdit Insert(int offset, string newText) => new(offset, offset, newText);
}

using System.Globalization;
using System.Text;

namespace Grok2Api.Simulator.Chat;

/// <summary>Splits text into small token-like pieces, deterministically and never inside a character.</summary>
public static class TextChunker
{
    /// <summary>
    /// Cuts after each run of whitespace (a word keeps its trailing space), and cuts words longer than
    /// <paramref name="maxElements"/> text elements. Concatenating the pieces gives the input back.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int maxElements = 12)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxElements, 1);
        var chunks = new List<string>();
        var current = new StringBuilder();
        var elements = 0;
        var sawSpace = false;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            var isSpace = element.All(char.IsWhiteSpace);
            if ((sawSpace && !isSpace) || (!isSpace && elements >= maxElements))
            {
                chunks.Add(current.ToString());
                current.Clear();
                elements = 0;
            }

            sawSpace = isSpace;
            current.Append(element);
            elements++;
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }
}

using System.Text;
using Microsoft.ML.Tokenizers;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Counts tokens with the o200k_base encoding (Microsoft.ML.Tokenizers), as an estimate of what the
/// upstream model used. The tokenizer is built once, on first use (it loads a ~3 MB vocabulary), and is
/// thread-safe.
/// </summary>
/// <remarks>
/// The count is exact (the tokenizer's own count of the whole text) unless the text holds a
/// pre-token (the unit the encoder's regex cuts text into before byte-pair merging: a word, a run of
/// punctuation, a run of white space) longer than <see cref="ExactPreTokenLimit"/> characters.
/// Byte-pair merging costs more than linear time in the length of one pre-token (a 500,000-character
/// run of one letter took over a minute), so such a pre-token is estimated instead: its first
/// <see cref="ExactPreTokenLimit"/> characters are counted exactly and the count is scaled to its
/// length; the text around it is counted exactly. Every step is then linear in the text. Real prose
/// and code never have pre-tokens that long, so their counts do not change (docs/security.md).
/// </remarks>
public static class ChatTokenCounter
{
    /// <summary>The longest pre-token counted exactly, in characters.</summary>
    public const int ExactPreTokenLimit = 1000;

    // A pre-token is at most a run of one character class plus a few characters around it (an
    // optional leading character, a contraction such as 's, trailing newlines or slashes).
    private const int RunLimit = ExactPreTokenLimit - 8;

    /// <summary>The longest prompt whose count is remembered, in characters.</summary>
    internal const int CachedPromptLimit = 16 * 1024;

    private const int PromptCacheSlots = 32;

    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    // Direct-mapped by the prompt's hash; a slot holds one immutable entry, replaced whole, so readers
    // on other threads see either the old or the new entry. At most 32 prompts of 16 Ki characters.
    private static readonly PromptCount?[] PromptCache = new PromptCount?[PromptCacheSlots];

    /// <summary>Loads the vocabulary now (e.g. at startup), so the first answer with usage does not wait for it.</summary>
    public static void Load() => _ = Tokenizer.Value;

    /// <summary>The o200k_base token count of a text; 0 for null or empty.</summary>
    /// <param name="text">The text.</param>
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Count(text.AsSpan(), text);

    /// <summary>
    /// The o200k_base token count of a prompt, remembered for the last prompts seen (up to
    /// <see cref="CachedPromptLimit"/> characters each): a prompt sent again (a retry, a regenerated
    /// answer, a client that repeats its request) is compared, not tokenized again. The count is the
    /// same as <see cref="Count(string?)"/>'s.
    /// </summary>
    /// <param name="prompt">The flattened prompt.</param>
    public static int CountPrompt(string? prompt)
    {
        if (string.IsNullOrEmpty(prompt) || prompt.Length > CachedPromptLimit)
        {
            return Count(prompt);
        }

        var slot = (int)((uint)string.GetHashCode(prompt, StringComparison.Ordinal) % PromptCacheSlots);
        if (Volatile.Read(ref PromptCache[slot]) is { } known && string.Equals(known.Prompt, prompt, StringComparison.Ordinal))
        {
            return known.Tokens;
        }

        var tokens = Count(prompt);
        Volatile.Write(ref PromptCache[slot], new PromptCount(prompt, tokens));
        return tokens;
    }

    /// <summary>The o200k_base token count of a text.</summary>
    /// <param name="text">The text.</param>
    public static int Count(ReadOnlySpan<char> text) => text.IsEmpty ? 0 : Count(text, null);

    /// <summary>
    /// The token count of answer text the client is sent, in which the gateway may have put images inline
    /// (markdown <c>![id](data:image/png;base64,…)</c>, with <c>app.image_format = "base64"</c>): the model
    /// wrote none of such a payload, so it counts nothing; the markdown around it (up to <c>;base64,</c>)
    /// counts as text. Without that, a 6 MB image would be reported as millions of completion tokens, and
    /// estimating them would cost the CPU of a long request. Other text counts as <see cref="Count(ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <param name="utf8">The answer text as UTF-8 (a whole answer or one piece of it).</param>
    public static int CountAnswer(ReadOnlySpan<byte> utf8)
    {
        var total = 0;
        while (true)
        {
            var link = utf8.IndexOf("](data:"u8);
            var payload = link < 0 ? -1 : utf8[link..].IndexOf(";base64,"u8);
            var end = payload < 0 ? -1 : utf8[(link + payload)..].IndexOfAny((byte)')', (byte)'\n');
            if (end < 0)
            {
                return total + Count(utf8);
            }

            var start = link + payload + ";base64,".Length;
            total += Count(utf8[..start]);
            utf8 = utf8[(link + payload + end)..];
        }
    }

    /// <summary>The o200k_base token count of UTF-8 text.</summary>
    /// <param name="utf8">The text as UTF-8.</param>
    public static int Count(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return 0;
        }

        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(utf8, chars);
            return Count(chars.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static int Count(ReadOnlySpan<char> text, string? whole)
    {
        var tokenizer = Tokenizer.Value;
        if (text.Length <= ExactPreTokenLimit || !HasLongRun(text) || tokenizer.PreTokenizer is not { } preTokenizer)
        {
            return tokenizer.CountTokens(text);
        }

        var total = 0L;
        var counted = 0;
        foreach (var (offset, length) in preTokenizer.PreTokenize(whole ?? text.ToString()))
        {
            if (length <= ExactPreTokenLimit)
            {
                continue;
            }

            total += tokenizer.CountTokens(text[counted..offset]);
            total += Estimate(tokenizer, text.Slice(offset, length));
            counted = offset + length;
        }

        // No long pre-token after all: the exact count of the whole text, as for any other text.
        return counted == 0 ? tokenizer.CountTokens(text) : (int)Math.Min(int.MaxValue, total + tokenizer.CountTokens(text[counted..]));
    }

    /// <summary>A long pre-token's count: its head counted exactly, scaled to its length.</summary>
    private static long Estimate(Tokenizer tokenizer, ReadOnlySpan<char> preToken)
    {
        var head = preToken[..ExactPreTokenLimit];
        if (char.IsHighSurrogate(head[^1]))
        {
            head = head[..^1];
        }

        var tokens = tokenizer.CountTokens(head);
        return (long)Math.Ceiling(tokens * (double)preToken.Length / head.Length);
    }

    /// <summary>
    /// Whether the text may hold a pre-token longer than <see cref="ExactPreTokenLimit"/>: a long run
    /// of letters and marks, of white space, or of other non-digit characters. Digits always end a
    /// pre-token. Conservative: a true answer is checked with the tokenizer's own pre-tokenizer.
    /// </summary>
    private static bool HasLongRun(ReadOnlySpan<char> text)
    {
        var letters = 0;
        var spaces = 0;
        var others = 0;
        foreach (var c in text)
        {
            var letter = false;
            var space = false;
            var other = false;
            if (char.IsSurrogate(c))
            {
                letter = other = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                space = true;
                other = c is '\r' or '\n';
            }
            else
            {
                switch (CharUnicodeInfo.GetUnicodeCategory(c))
                {
                    case UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber:
                        break;
                    case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                        letter = true;
                        break;
                    default:
                        other = true;
                        break;
                }
            }

            letters = letter ? letters + 1 : 0;
            spaces = space ? spaces + 1 : 0;
            others = other ? others + 1 : 0;
            if (letters > RunLimit || spaces > RunLimit || others > RunLimit)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record PromptCount(string Prompt, int Tokens);
}

using System.Text;
using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// Enforces the client's limits on the answer text on the gateway's side, since the upstream takes
/// neither: an output token limit (Anthropic <c>max_tokens</c>) and stop sequences (Anthropic
/// <c>stop_sequences</c>). When one is reached the filter calls <see cref="AnswerWriter.Stopped"/>
/// on the inner writer once, passes no more output on (text, reasoning, media and tool calls are
/// swallowed), and completes the inner writer when the upstream answer ends. One instance per
/// attempt; not thread-safe. Generic: any surface may install it.
/// </summary>
/// <remarks>
/// <para>Only answer text counts and is searched: reasoning passes unchanged. When the filter sits
/// inside a <see cref="ToolCallFilter"/>, the text it sees is the text around the tool calls, so the
/// markup of a call never counts.</para>
/// <para>Tokens are counted with <see cref="ChatTokenCounter"/>, piece by piece as the text arrives
/// (the sum of the pieces' counts, an estimate close to the count of the whole text). A piece that
/// would pass the limit is cut at the longest prefix, on a character boundary, that still fits. A
/// text that ends exactly at the limit is not a cut: the answer stops with
/// <see cref="AnswerStopReason.MaxTokens"/> only when more text follows.</para>
/// <para>Stop sequences are found across pieces with one Knuth–Morris–Pratt automaton per sequence
/// over the UTF-8 bytes, so the work is linear in the text (times the number of sequences). Only the
/// text that may still be the start of a sequence is held back; the sequence itself is never sent,
/// and held text that turns out not to be one is released before any later output and at the end.</para>
/// </remarks>
public sealed class TextLimitFilter : ForwardingAnswerWriter
{
    private readonly int? _maxTokens;
    private readonly byte[][] _sequences;
    private readonly string[] _sequenceTexts;
    private readonly int[][] _failure;
    private readonly int[] _state;
    private readonly PooledBuffer _held = new(64);
    private int _tokens;
    private bool _full;
    private bool _stopped;
    private bool _ended;

    /// <summary>Creates the filter of one attempt.</summary>
    /// <param name="inner">The protocol's writer.</param>
    /// <param name="maxTokens">The most answer-text tokens to pass on, or null for no limit.</param>
    /// <param name="stopSequences">Texts that end the answer where they appear (they are not sent); empty ones are ignored.</param>
    public TextLimitFilter(AnswerWriter inner, int? maxTokens, IReadOnlyList<string> stopSequences)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(stopSequences);
        if (maxTokens is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "The token limit cannot be negative.");
        }

        _maxTokens = maxTokens;
        var texts = stopSequences.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToArray();
        _sequenceTexts = texts;
        _sequences = [.. texts.Select(Encoding.UTF8.GetBytes)];
        _failure = [.. _sequences.Select(FailureOf)];
        _state = new int[_sequences.Length];
    }

    /// <summary>Whether the filter has any limit to enforce (a token limit or a stop sequence).</summary>
    /// <param name="maxTokens">The token limit, or null.</param>
    /// <param name="stopSequences">The stop sequences.</param>
    public static bool Applies(int? maxTokens, IReadOnlyList<string>? stopSequences) =>
        maxTokens is not null || (stopSequences is not null && stopSequences.Any(s => !string.IsNullOrEmpty(s)));

    /// <summary>The answer-text tokens passed on so far.</summary>
    public int Tokens => _tokens;

    /// <inheritdoc />
    public override void Reasoning(ReadOnlySpan<byte> utf8)
    {
        if (!_stopped && !_ended)
        {
            Inner.Reasoning(utf8);
        }
    }

    /// <inheritdoc />
    public override void ReasoningNote(ReadOnlySpan<byte> utf8)
    {
        if (!_stopped && !_ended)
        {
            Inner.ReasoningNote(utf8);
        }
    }

    /// <inheritdoc />
    public override void VideoProgress(int percent)
    {
        if (!_stopped && !_ended)
        {
            Inner.VideoProgress(percent);
        }
    }

    /// <inheritdoc />
    public override void Text(ReadOnlySpan<byte> utf8)
    {
        if (_stopped || _ended || utf8.IsEmpty)
        {
            return;
        }

        if (_sequences.Length == 0)
        {
            Emit(utf8);
            return;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            var matched = Step(utf8[i]);
            if (matched < 0)
            {
                continue;
            }

            // The sequence is the last bytes of what is held plus this piece up to here: send what comes before it.
            _held.Append(utf8[..(i + 1)]);
            var before = _held.Length - _sequences[matched].Length;
            Emit(_held.WrittenSpan[..before]);
            _held.Clear();
            if (!_stopped)
            {
                Stop(new AnswerStop(AnswerStopReason.StopSequence, _sequenceTexts[matched]));
            }

            return;
        }

        _held.Append(utf8);
        var keep = HeldNeeded();
        if (_held.Length > keep)
        {
            var release = _held.Length - keep;
            Emit(_held.WrittenSpan[..release]);
            if (!_stopped)
            {
                _held.RemoveStart(release);
            }
        }
    }

    /// <inheritdoc />
    public override void ToolCall(int index, ToolCall call)
    {
        if (Release())
        {
            Inner.ToolCall(index, call);
        }
    }

    /// <inheritdoc />
    public override void Stopped(AnswerStop stop)
    {
        if (!_stopped && !_ended)
        {
            Stop(stop);
        }
    }

    /// <inheritdoc />
    public override void EndBatch()
    {
        if (!_ended)
        {
            Inner.EndBatch();
        }
    }

    /// <summary>Releases held text that was not a stop sequence (within the token limit), then completes the inner writer.</summary>
    public override void Complete()
    {
        if (_ended)
        {
            return;
        }

        Release();
        _ended = true;
        Inner.Complete();
    }

    /// <inheritdoc />
    public override void Fail(UpstreamFailure failure)
    {
        _ended = true;
        _held.Clear();
        Inner.Fail(failure);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _held.Dispose();
        }

        base.Dispose(disposing);
    }

    // The KMP failure function: for each prefix length, the longest proper border.
    private static int[] FailureOf(byte[] pattern)
    {
        var failure = new int[pattern.Length];
        var k = 0;
        for (var i = 1; i < pattern.Length; i++)
        {
            while (k > 0 && pattern[i] != pattern[k])
            {
                k = failure[k - 1];
            }

            if (pattern[i] == pattern[k])
            {
                k++;
            }

            failure[i] = k;
        }

        return failure;
    }

    // Advances every automaton by one byte; the index of the longest sequence that ends here, or -1.
    private int Step(byte b)
    {
        var matched = -1;
        for (var s = 0; s < _sequences.Length; s++)
        {
            var pattern = _sequences[s];
            var k = _state[s];
            while (k > 0 && pattern[k] != b)
            {
                k = _failure[s][k - 1];
            }

            if (pattern[k] == b)
            {
                k++;
            }

            if (k == pattern.Length)
            {
                if (matched < 0 || pattern.Length > _sequences[matched].Length)
                {
                    matched = s;
                }

                k = _failure[s][k - 1];
            }

            _state[s] = k;
        }

        return matched;
    }

    // The longest partial match: that many trailing bytes may still become a sequence.
    private int HeldNeeded()
    {
        var most = 0;
        foreach (var k in _state)
        {
            most = Math.Max(most, k);
        }

        return most;
    }

    /// <inheritdoc />
    protected override bool BeforeMedia() => Release();

    // Held text goes out before other output; false when nothing may pass any more.
    private bool Release()
    {
        if (_stopped || _ended)
        {
            return false;
        }

        if (_held.Length > 0)
        {
            Emit(_held.WrittenSpan);
            _held.Clear();
            Array.Clear(_state);
        }

        return !_stopped;
    }

    // Text that is no stop sequence: passed on within the token limit.
    private void Emit(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || _stopped)
        {
            return;
        }

        if (_maxTokens is not { } max)
        {
            Inner.Text(utf8);
            return;
        }

        if (_full)
        {
            Stop(new AnswerStop(AnswerStopReason.MaxTokens));
            return;
        }

        var count = ChatTokenCounter.Count(utf8);
        if (_tokens + count <= max)
        {
            _tokens += count;
            _full = _tokens == max;
            Inner.Text(utf8);
            return;
        }

        var fits = FittingPrefix(utf8, max - _tokens, out var prefixTokens);
        if (fits > 0)
        {
            _tokens += prefixTokens;
            Inner.Text(utf8[..fits]);
        }

        Stop(new AnswerStop(AnswerStopReason.MaxTokens));
    }

    // The byte length of the longest prefix, cut between characters, of at most `budget` tokens (a binary search over the character boundaries).
    private static int FittingPrefix(ReadOnlySpan<byte> utf8, int budget, out int tokens)
    {
        tokens = 0;
        if (budget <= 0)
        {
            return 0;
        }

        var chars = Encoding.UTF8.GetString(utf8);
        var boundaries = new List<int>(chars.Length + 1);
        for (var i = 0; i <= chars.Length; i++)
        {
            // Never between the halves of a surrogate pair.
            if (i == 0 || i == chars.Length || !char.IsLowSurrogate(chars[i]) || !char.IsHighSurrogate(chars[i - 1]))
            {
                boundaries.Add(i);
            }
        }

        var low = 0;
        var high = boundaries.Count - 1;
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            var count = ChatTokenCounter.Count(chars.AsSpan(0, boundaries[middle]));
            if (count <= budget)
            {
                low = middle;
                tokens = count;
            }
            else
            {
                high = middle - 1;
            }
        }

        return Encoding.UTF8.GetByteCount(chars.AsSpan(0, boundaries[low]));
    }

    private void Stop(AnswerStop stop)
    {
        _stopped = true;
        _held.Clear();
        Inner.Stopped(stop);
    }
}

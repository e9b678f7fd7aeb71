using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Where filtered text goes: the reasoning mode (reasoning_content, &lt;think&gt; tags or dropped), line
/// starts for blocks, and then either SSE deltas (stream: one event per channel run within a line) or
/// the accumulated message (non-stream). Both modes pass through here, so the content a non-stream
/// answer carries is exactly the concatenation of the stream's content deltas. Per request; not
/// thread-safe; hot path.
/// </summary>
internal sealed class ChatTranslationOutput : IDisposable
{
    private readonly ReasoningMode _mode;
    private readonly bool _stream;
    private readonly bool _keepText;
    private readonly ChatChunkWriter _chunks;
    private readonly PooledBuffer _pending = new(512);
    private readonly PooledBuffer _content;
    private readonly PooledBuffer _reasoning;
    private readonly IBufferWriter<byte> _target;
    private bool _pendingIsReasoning;
    private bool _thinkOpen;
    private bool _contentAtLineStart = true;
    private bool _reasoningAtLineStart = true;

    public ChatTranslationOutput(ChatAnswerOptions options, ChatChunkWriter chunks, IBufferWriter<byte> target)
    {
        _target = target;
        _mode = options.Reasoning;
        _stream = options.Stream;
        _keepText = !options.Stream || options.IncludeUsage;
        _chunks = chunks;
        _content = new PooledBuffer(_keepText ? 4096 : 1);
        _reasoning = new PooledBuffer(_keepText ? 1024 : 1);
    }

    /// <summary><c>system_fingerprint</c>: the model hash once known.</summary>
    public string? Fingerprint { get; set; }

    public bool RoleWritten { get; private set; }

    /// <summary>Everything sent as content (kept in non-stream mode, and in stream mode with usage).</summary>
    public ReadOnlySpan<byte> ContentText => _content.WrittenSpan;

    /// <summary>The reasoning text sent, whichever way (kept as <see cref="ContentText"/>).</summary>
    public ReadOnlySpan<byte> ReasoningText => _reasoning.WrittenSpan;

    public void Content(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return;
        }

        CloseThink();
        AppendContent(utf8);
    }

    public void Reasoning(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || _mode == ReasoningMode.Hidden)
        {
            return;
        }

        if (_keepText)
        {
            _reasoning.Append(utf8);
        }

        if (_mode == ReasoningMode.ThinkTags)
        {
            if (!_thinkOpen)
            {
                AppendContent("<think>\n"u8);
                _thinkOpen = true;
            }

            AppendContent(utf8);
            return;
        }

        Append(utf8, reasoning: true);
        _reasoningAtLineStart = utf8[^1] == (byte)'\n';
    }

    /// <summary>A content block (a markdown image) on its own line: a newline first unless at a line start, one after.</summary>
    public void ContentBlock(ReadOnlySpan<byte> utf8)
    {
        CloseThink();
        if (!_contentAtLineStart)
        {
            AppendContent("\n"u8);
        }

        AppendContent(utf8);
        AppendContent("\n"u8);
    }

    /// <summary>A reasoning line (ends with a newline) that starts on a line of its own; dropped when reasoning is hidden.</summary>
    public void ReasoningLine(ReadOnlySpan<byte> utf8)
    {
        var atLineStart = _mode == ReasoningMode.ThinkTags ? !_thinkOpen || _contentAtLineStart : _reasoningAtLineStart;
        if (!atLineStart)
        {
            Reasoning("\n"u8);
        }

        Reasoning(utf8);
    }

    /// <summary>Closes an open &lt;think&gt; block (ThinkTags mode).</summary>
    public void CloseThink()
    {
        if (_thinkOpen)
        {
            _thinkOpen = false;
            AppendContent("\n</think>\n"u8);
        }
    }

    /// <summary>Stream: the role chunk unless written yet (a stream always starts with it).</summary>
    public void EnsureRole()
    {
        if (_stream && !RoleWritten)
        {
            RoleWritten = true;
            _chunks.WriteRole(_target, Fingerprint);
        }
    }

    /// <summary>Drops what is pending and not yet written (a failing stream).</summary>
    public void DiscardPending() => _pending.Clear();

    public void Dispose()
    {
        _pending.Dispose();
        _content.Dispose();
        _reasoning.Dispose();
    }

    private void AppendContent(ReadOnlySpan<byte> utf8)
    {
        if (_keepText)
        {
            _content.Append(utf8);
        }

        Append(utf8, reasoning: false);
        _contentAtLineStart = utf8[^1] == (byte)'\n';
    }

    private void Append(ReadOnlySpan<byte> utf8, bool reasoning)
    {
        if (!_stream)
        {
            return;
        }

        if (_pending.Length > 0 && _pendingIsReasoning != reasoning)
        {
            FlushPending();
        }

        _pendingIsReasoning = reasoning;
        _pending.Append(utf8);
    }

    /// <summary>Writes what is pending as one event (stream).</summary>
    public void FlushPending()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        EnsureRole();
        _chunks.WriteDelta(_target, Fingerprint, _pendingIsReasoning, _pending.WrittenSpan);
        _pending.Clear();
    }
}

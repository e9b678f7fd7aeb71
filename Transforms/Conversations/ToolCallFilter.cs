using Grok2Api.Transforms.Buffers;

namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// Takes the model's tool calls out of the answer text (docs/tool-calling.md): every
/// <c>&lt;tool_call&gt;{"name":…,"arguments":{…}}&lt;/tool_call&gt;</c> block becomes one
/// <see cref="AnswerWriter.ToolCall"/> of the inner writer, in streams as well (a block may arrive
/// split over any number of pieces); the text around the blocks passes on as content, and no block
/// markup ever does. Installed by a surface only when the request offers tools. One instance per
/// attempt; not thread-safe.
/// </summary>
/// <remarks>
/// The rule for an answer that breaks the protocol: a block whose JSON does not parse, that is not
/// an object with a string <c>name</c> and object <c>arguments</c>, that names a tool the request did
/// not offer (or another tool than the one it required), that is longer than
/// <see cref="MaxBlockBytes"/>, or that is still open when the answer ends, and an answer without any
/// call when the request requires one, make the attempt fail with
/// <see cref="UpstreamFailureKind.InvalidToolCall"/> (<see cref="Rejection"/>). The pipeline then asks
/// the model again on another attempt, while nothing reached the client; a stream that already sent
/// output ends with an error event. Nothing broken is ever passed on as a call.
/// <para>Whitespace around blocks is dropped, and so is a code fence that holds nothing but blocks
/// (models like to fence them). With <see cref="ToolSet.Parallel"/> false, only the first call
/// counts; later blocks are dropped.</para>
/// </remarks>
public sealed class ToolCallFilter : ForwardingAnswerWriter
{
    /// <summary>The longest block accepted, in bytes.</summary>
    public const int MaxBlockBytes = 1 << 20;

    private const int MaxFenceLineBytes = 64;
    private static readonly byte[] OpenTag = "<tool_call>"u8.ToArray();
    private static readonly byte[] CloseTag = "</tool_call>"u8.ToArray();
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    private readonly ToolSet _tools;
    private readonly PooledBuffer _out = new(256);
    private readonly PooledBuffer _held = new(64);
    private readonly PooledBuffer _candidate = new(64);
    private readonly PooledBuffer _block = new(256);
    private UpstreamFailure? _rejection;
    private bool _inBlock;
    private bool _atLineStart = true;
    private bool _heldFence;
    private bool _inContentFence;
    private bool _swallowedFence;
    private bool _begun;
    private bool _completed;
    private int _calls;

    /// <summary>Creates the filter of one attempt.</summary>
    /// <param name="inner">The protocol's writer.</param>
    /// <param name="tools">The request's tools (described to the model).</param>
    public ToolCallFilter(AnswerWriter inner, ToolSet tools)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(tools);
        _tools = tools;
    }

    /// <summary>How many calls were passed on.</summary>
    public int Calls => _calls;

    /// <inheritdoc />
    public override bool HasOutput => _begun && Inner.HasOutput;

    /// <inheritdoc />
    public override UpstreamFailure? Rejection => _rejection ?? Inner.Rejection;

    /// <inheritdoc />
    public override void Begin()
    {
        // Deferred: the inner writer begins with the first output that passes (a held block is not output yet).
    }

    /// <inheritdoc />
    public override void Reasoning(ReadOnlySpan<byte> utf8)
    {
        if (Open())
        {
            Inner.Reasoning(utf8);
        }
    }

    /// <inheritdoc />
    public override void ReasoningNote(ReadOnlySpan<byte> utf8)
    {
        if (Open())
        {
            Inner.ReasoningNote(utf8);
        }
    }

    /// <inheritdoc />
    public override void Text(ReadOnlySpan<byte> utf8)
    {
        if (_rejection is not null || _completed)
        {
            return;
        }

        foreach (var b in utf8)
        {
            Step(b);
            if (_rejection is not null)
            {
                return;
            }
        }

        FlushOut();
    }

    /// <inheritdoc />
    public override void VideoProgress(int percent)
    {
        if (Open())
        {
            Inner.VideoProgress(percent);
        }
    }

    /// <inheritdoc />
    public override void ToolCall(int index, ToolCall call) =>
        throw new InvalidOperationException("Tool calls come out of this filter, not into it.");

    /// <inheritdoc />
    public override void Stopped(AnswerStop stop)
    {
        if (Open())
        {
            Inner.Stopped(stop);
        }
    }

    /// <inheritdoc />
    public override void EndBatch()
    {
        if (_rejection is null && !_completed && _begun)
        {
            Inner.EndBatch();
        }
    }

    /// <summary>
    /// Ends the answer: an open block or a missing required call rejects it (the inner writer is not
    /// completed then); otherwise held text is released (trailing whitespace only when no call was
    /// made) and the inner writer completes.
    /// </summary>
    public override void Complete()
    {
        if (_rejection is not null || _completed)
        {
            return;
        }

        if (_inBlock)
        {
            Reject("the answer ended inside a tool-call block");
            return;
        }

        if (_tools.CallRequired && _calls == 0)
        {
            Reject(_tools.Required is { } name
                ? $"the model answered without calling the tool '{name}' that the request requires"
                : "the model answered without calling a tool, and the request requires one");
            return;
        }

        // A last line that starts with a backtick and has no newline may still be a fence (the closing one of fenced blocks).
        if (_candidate.Length > 0 && _candidate.WrittenSpan[0] == (byte)'`')
        {
            FinishLine();
        }

        // A pending candidate ('<too' at the very end) was text after all.
        if (_candidate.Length > 0)
        {
            ReleaseHeld();
            _out.Append(_candidate.WrittenSpan);
            _candidate.Clear();
        }

        // An opening fence that held nothing is text; trailing whitespace only when no call was made.
        if (_calls == 0 || _heldFence)
        {
            ReleaseHeld();
        }

        _held.Clear();
        FlushOut();
        _completed = true;
        EnsureBegun();
        Inner.Complete();
    }

    /// <inheritdoc />
    public override void Fail(UpstreamFailure failure)
    {
        _completed = true;
        Inner.Fail(failure);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _out.Dispose();
            _held.Dispose();
            _candidate.Dispose();
            _block.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    // Whether output may pass now; the inner writer begins at the first output that does.
    private bool Open()
    {
        if (_rejection is not null || _completed)
        {
            return false;
        }

        EnsureBegun();
        return true;
    }

    private void EnsureBegun()
    {
        if (!_begun)
        {
            _begun = true;
            Inner.Begin();
        }
    }

    /// <inheritdoc />
    protected override bool BeforeMedia()
    {
        // Media keeps its place in the text: held text before it is text after all (unless a block is open).
        if (!Open())
        {
            return false;
        }

        if (!_inBlock)
        {
            ReleaseHeld();
            _out.Append(_candidate.WrittenSpan);
            _candidate.Clear();
            FlushOut();
        }

        return true;
    }

    private void Step(byte b)
    {
        if (_inBlock)
        {
            _block.Append(b);
            if (_block.WrittenSpan.EndsWith(CloseTag))
            {
                FinishBlock(_block.WrittenSpan[..^CloseTag.Length]);
            }
            else if (_block.Length > MaxBlockBytes)
            {
                Reject($"a tool-call block is longer than {MaxBlockBytes} bytes");
            }

            return;
        }

        if (_candidate.Length > 0)
        {
            StepCandidate(b);
            return;
        }

        if (b == (byte)'<' || (b == (byte)'`' && _atLineStart))
        {
            _candidate.Append(b);
            return;
        }

        if (IsSpace(b))
        {
            _held.Append(b);
            _atLineStart = b == (byte)'\n';
            return;
        }

        ReleaseHeld();
        _out.Append(b);
        _atLineStart = false;
    }

    private void StepCandidate(byte b)
    {
        if (_candidate.WrittenSpan[0] == (byte)'<')
        {
            _candidate.Append(b);
            var span = _candidate.WrittenSpan;
            if (span.SequenceEqual(OpenTag))
            {
                StartBlock();
            }
            else if (!OpenTag.AsSpan().StartsWith(span))
            {
                // Not a block: the candidate is text, and its last byte starts over.
                _candidate.Clear();
                ReleaseHeld();
                _out.Append(span[..^1]);
                _atLineStart = false;
                Step(b);
            }

            return;
        }

        // A line that starts with a backtick, held until its end: a code fence line or text.
        _candidate.Append(b);
        if (b == (byte)'\n')
        {
            FinishLine();
        }
        else if (_candidate.Length > MaxFenceLineBytes)
        {
            ReleaseHeld();
            _out.Append(_candidate.WrittenSpan);
            _candidate.Clear();
            _atLineStart = false;
        }
    }

    private void FinishLine()
    {
        var line = _candidate.WrittenSpan;
        _atLineStart = true;
        if (!IsFenceLine(line))
        {
            ReleaseHeld();
            _out.Append(line);
            _candidate.Clear();
            return;
        }

        if (_heldFence)
        {
            // An opening fence right before this one held text after all (an empty fence).
            ReleaseHeld();
        }

        if (_inContentFence)
        {
            // The end of a fence that holds text.
            ReleaseHeld();
            _out.Append(line);
            _inContentFence = false;
        }
        else if (_swallowedFence && _calls > 0)
        {
            // The end of a fence that held only blocks: it goes with them.
            _swallowedFence = false;
        }
        else
        {
            // An opening fence: held, with the whitespace before it, until we know what it holds.
            _held.Append(line);
            _heldFence = true;
        }

        _candidate.Clear();
    }

    private static bool IsFenceLine(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("```"u8))
        {
            return false;
        }

        var rest = line[3..].TrimEnd("\r\n"u8);
        foreach (var b in rest)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-' or (byte)'+' or (byte)'.'))
            {
                return false;
            }
        }

        return true;
    }

    // Held whitespace (and a held opening fence) turn out to be text.
    private void ReleaseHeld()
    {
        if (_held.Length == 0)
        {
            return;
        }

        _out.Append(_held.WrittenSpan);
        _held.Clear();
        if (_heldFence)
        {
            _heldFence = false;
            _inContentFence = true;
        }
    }

    private void StartBlock()
    {
        _candidate.Clear();
        if (_heldFence)
        {
            _heldFence = false;
            _swallowedFence = true;
        }

        _held.Clear();
        _block.Clear();
        _inBlock = true;
    }

    private void FinishBlock(ReadOnlySpan<byte> content)
    {
        _inBlock = false;
        _atLineStart = false;
        if (!TryParse(content, out var call, out var problem))
        {
            Reject(problem);
            return;
        }

        _block.Clear();
        if (_calls > 0 && !_tools.Parallel)
        {
            return;
        }

        FlushOut();
        EnsureBegun();
        Inner.ToolCall(_calls++, call);
    }

    private bool TryParse(ReadOnlySpan<byte> content, [NotNullWhen(true)] out ToolCall? call, [NotNullWhen(false)] out string? problem)
    {
        call = null;
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(content.Trim(" \t\r\n"u8).ToArray(), ParseOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("name"u8, out var nameElement)
                || nameElement.ValueKind != JsonValueKind.String
                || nameElement.GetString() is not { Length: > 0 } name)
            {
                problem = "a tool-call block is not an object with a \"name\"";
                return false;
            }

            if (_tools.Find(name) is null)
            {
                problem = $"the model called the tool '{Shorten(name)}', which the request does not offer";
                return false;
            }

            if (_tools.Choice == ToolChoiceMode.Function && !string.Equals(name, _tools.Required, StringComparison.Ordinal))
            {
                problem = $"the model called the tool '{Shorten(name)}', but the request requires '{_tools.Required}'";
                return false;
            }

            if (!TryArguments(root, out var arguments))
            {
                problem = $"the arguments of the call of '{name}' are not a JSON object";
                return false;
            }

            call = new ToolCall(string.Empty, name, arguments);
            return true;
        }
        catch (JsonException)
        {
            problem = "a tool-call block is not valid JSON";
            return false;
        }
    }

    // Arguments as the model wrote them: the raw text of the object, or of an object the model put in a string.
    private static bool TryArguments(JsonElement root, [NotNullWhen(true)] out string? arguments)
    {
        arguments = null;
        if (!root.TryGetProperty("arguments"u8, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            arguments = "{}";
            return true;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            arguments = element.GetRawText();
            return true;
        }

        if (element.ValueKind != JsonValueKind.String || element.GetString() is not { } text)
        {
            return false;
        }

        try
        {
            using var inner = JsonDocument.Parse(text, ParseOptions);
            if (inner.RootElement.ValueKind == JsonValueKind.Object)
            {
                arguments = inner.RootElement.GetRawText();
                return true;
            }
        }
        catch (JsonException)
        {
            // A string that is not JSON: not an object either.
        }

        return false;
    }

    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64] + "…";

    private void Reject(string detail)
    {
        _rejection = new UpstreamFailure(UpstreamFailureKind.InvalidToolCall, detail) { Status = 200 };
        _out.Clear();
        _held.Clear();
        _candidate.Clear();
        _block.Clear();
    }

    private void FlushOut()
    {
        if (_out.Length == 0)
        {
            return;
        }

        EnsureBegun();
        Inner.Text(_out.WrittenSpan);
        _out.Clear();
    }
}

using System.Buffers;
using BenchmarkDotNet.Attributes;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.Stream;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Benchmarks.Chat;

/// <summary>
/// Parse + decode + write of upstream chat lines (the Grok answer decoder into the OpenAI chat
/// writer, as the conversation exchange pairs them), reported per token line (<c>OperationsPerInvoke</c> =
/// 1,000): the token path alone on a live stream, a whole streamed answer (per-response costs spread
/// over its tokens), and the same answer non-stream. ReasoningContent mode, the default filter tags.
/// </summary>
[MemoryDiagnoser]
public class ChatTranslationBenchmarks : IDisposable
{
    private static readonly string[] FilterTags = ["xaiartifact", "xai:tool_usage_card", "grok:render"];

    private readonly ArrayBufferWriter<byte> _output = new(1 << 22);
    private readonly NoImages _linker = new();
    private byte[][] _tokenLines = [];
    private byte[] _body = [];
    private GrokLineParser? _liveParser;
    private ChatAnswerWriter? _liveWriter;
    private GrokAnswerDecoder? _liveDecoder;

    [GlobalSetup]
    public void Setup()
    {
        var tokens = ChatBenchmarkStream.Tokens();
        _tokenLines = [.. tokens.Select((t, i) => ChatBenchmarkStream.TokenLine(t, i == 0))];
        _body = ChatBenchmarkStream.Body();
        _liveParser = new GrokLineParser();
        _liveWriter = new ChatAnswerWriter(Options(stream: true), _output);
        _liveDecoder = new GrokAnswerDecoder(_liveWriter, _linker, FilterTags);
    }

    /// <summary>1,000 token lines parsed and written as SSE chunks on a stream that goes on (no per-response costs).</summary>
    [Benchmark(OperationsPerInvoke = ChatBenchmarkStream.TokenCount)]
    public async Task StreamTokenPath()
    {
        _output.ResetWrittenCount();
        foreach (var line in _tokenLines)
        {
            await _liveDecoder!.ApplyAsync(_liveParser!.Parse(line), CancellationToken.None);
        }
    }

    /// <summary>A whole streamed answer from bytes: framer, parser, translator, envelope, finish and [DONE].</summary>
    [Benchmark(OperationsPerInvoke = ChatBenchmarkStream.TokenCount)]
    public Task StreamAnswer() => TranslateAsync(stream: true);

    /// <summary>The same answer non-stream: one chat.completion with usage (o200k token counts).</summary>
    [Benchmark(OperationsPerInvoke = ChatBenchmarkStream.TokenCount)]
    public Task NonStreamAnswer() => TranslateAsync(stream: false);

    public void Dispose()
    {
        _liveParser?.Dispose();
        _liveDecoder?.Dispose();
        _liveWriter?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static ChatAnswerOptions Options(bool stream) => new()
    {
        CompletionId = "chatcmpl-0123456789abcdef01234567",
        Model = "grok-4",
        Created = 1_700_000_000,
        Stream = stream,
        Reasoning = ReasoningMode.ReasoningContent,
        PromptTokens = 12,
    };

    private async Task TranslateAsync(bool stream)
    {
        _output.ResetWrittenCount();
        using var parser = new GrokLineParser();
        using var writer = new ChatAnswerWriter(Options(stream), _output);
        using var decoder = new GrokAnswerDecoder(writer, _linker, FilterTags);
        var framer = new GrokLineFramer();
        var buffer = new ReadOnlySequence<byte>(_body);
        while (framer.TryReadLine(ref buffer, out var line))
        {
            await decoder.ApplyAsync(parser.Parse(line), CancellationToken.None);
        }

        decoder.Complete();
    }

    private sealed class NoImages : IMediaLinker
    {
        public ValueTask<string?> LinkImageAsync(string assetPath, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
    }
}

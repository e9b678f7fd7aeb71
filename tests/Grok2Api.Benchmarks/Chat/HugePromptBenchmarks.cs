using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.Stream;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Benchmarks.Chat;

/// <summary>
/// Every per-request text step of a chat whose prompt is one 2 MiB run of a single character (the
/// worst case of byte-pair token counting): the way in (the surface reader, the Grok payload), and
/// the way out of a non-stream answer that echoes the prompt, as the simulator does (one token line
/// of the whole text, the decoder, the writer with its usage counts of prompt and answer).
/// </summary>
[MemoryDiagnoser]
public class HugePromptBenchmarks : IDisposable
{
    private const int PromptChars = 2 * 1024 * 1024;

    private readonly ArrayBufferWriter<byte> _output = new(1 << 23);
    private byte[] _request = [];
    private byte[] _answer = [];
    private string _prompt = "";

    /// <summary>The repeated character: a letter (one pre-token), a space (white space) or punctuation.</summary>
    [Params('a', ' ', '!')]
    public char Character { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ChatTokenCounter.Load();
        _prompt = new string(Character, PromptChars);
        _request = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["model"] = "grok-3",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "x" + _prompt + "x" }),
        }.ToJsonString());
        var body = new MemoryStream();
        body.Write(ChatBenchmarkStream.TokenLine("You said: x" + _prompt + "x", first: true));
        body.WriteByte((byte)'\n');
        _answer = body.ToArray();
    }

    /// <summary>The way in: body to validated request, neutral conversation, Grok prompt and payload.</summary>
    [Benchmark]
    public int WayIn()
    {
        if (!ChatSurfaceReader.TryRead(_request, out var read, out _, out _))
        {
            throw new InvalidOperationException("the request was refused");
        }

        return GrokChatPayload.Build(new GrokChatPayloadOptions { Message = read.Prompt.Message, ModelName = "grok-3", ModelMode = null }).Length;
    }

    /// <summary>The way out: the echoed answer through the decoder into one chat.completion with usage.</summary>
    [Benchmark]
    public async Task<int> WayOut()
    {
        _output.ResetWrittenCount();
        using var parser = new GrokLineParser();
        using var writer = new ChatAnswerWriter(new ChatAnswerOptions
        {
            CompletionId = "chatcmpl-0123456789abcdef01234567",
            Model = "grok-3",
            Created = 1_700_000_000,
            Stream = false,
            Reasoning = ReasoningMode.ReasoningContent,
            Prompt = "x" + _prompt + "x",
        }, _output);
        using var decoder = new GrokAnswerDecoder(writer, new NoImages(), ["xaiartifact"]);
        var framer = new GrokLineFramer();
        var buffer = new ReadOnlySequence<byte>(_answer);
        while (framer.TryReadLine(ref buffer, out var line))
        {
            await decoder.ApplyAsync(parser.Parse(line), CancellationToken.None);
        }

        decoder.Complete();
        return _output.WrittenCount;
    }

    public void Dispose() => GC.SuppressFinalize(this);

    private sealed class NoImages : IMediaLinker
    {
        public ValueTask<string?> LinkImageAsync(string assetPath, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
    }
}

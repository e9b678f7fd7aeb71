using System.Text;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.Tests.Tokens;

/// <summary>
/// The token file is read a buffer at a time. Whatever the buffer size, and wherever its edges fall
/// (inside a token, a record, a number, a byte order mark, an error), the outcome is the one of a read
/// with the whole file in one buffer: the same records, warnings and error messages.
/// </summary>
public sealed class TokenFileReaderTests
{
    private const string Prefix = "eyJhbGciOiJIUzI1NiJ9.";

    public static TheoryData<int> BufferSizes => [4, 5, 7, 16, 64, 1000];

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public async Task Read_ThroughASmallBuffer_GivesWhatOneWholeBufferGives(int bufferSize)
    {
        foreach (var (name, content) in Samples())
        {
            var whole = Outcome(() => TokenFileCodec.Read(content, "token.json", TokenFixtures.Now));
            using var stream = new MemoryStream(content);
            var small = await OutcomeAsync(() => TokenFileReader.ReadAsync(stream, "token.json", TokenFixtures.Now, bufferSize, CancellationToken.None));
            Assert.True(whole == small, $"{name}, buffer of {bufferSize} bytes:\n{small}\ninstead of\n{whole}");
        }
    }

    [Fact]
    public async Task Read_ARecordLargerThanTheBuffer_GrowsTheBufferAndKeepsTheRecord()
    {
        var note = new string('n', 5000);
        var content = Encoding.UTF8.GetBytes($"{{\"ssoBasic\":[{{\"token\":\"{Prefix}big\",\"note\":\"{note}\"}},\"{Prefix}small\"]}}");
        using var stream = new MemoryStream(content);

        var result = await TokenFileReader.ReadAsync(stream, "token.json", TokenFixtures.Now, 64, CancellationToken.None);

        var tokens = result.Document.ToPooledTokens().Select(t => t.Token).ToList();
        Assert.Equal([Prefix + "big", Prefix + "small"], tokens.Select(t => t.Token));
        Assert.Equal(note, tokens[0].Note);
    }

    [Fact]
    public async Task Read_AnErrorAfterManyBuffers_NamesTheLineAndByteOfTheWholeFile()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"  \"{Prefix}{i}\",").ToList();
        var content = Encoding.UTF8.GetBytes("{\"ssoBasic\": [\n" + string.Join('\n', lines) + "\n  \"x\" \"y\"\n]}");
        using var stream = new MemoryStream(content);

        var error = await Assert.ThrowsAsync<TokenFileFormatException>(() => TokenFileReader.ReadAsync(stream, "token.json", TokenFixtures.Now, 16, CancellationToken.None));

        Assert.Contains("line 302, byte 7 of that line", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Name, byte[] Content)> Samples()
    {
        var original = File.ReadAllBytes(TokenFixtures.Original);
        yield return ("the original fixture", original);
        yield return ("the fixture with a byte order mark", [0xEF, 0xBB, 0xBF, .. original]);
        yield return ("an empty file", []);
        yield return ("a byte order mark alone", [0xEF, 0xBB, 0xBF]);
        yield return ("white space", Encoding.UTF8.GetBytes("\n\n  \t\r\n"));
        yield return ("an empty object", Encoding.UTF8.GetBytes("{}"));
        yield return ("a list", Encoding.UTF8.GetBytes("\n [1, 2, {\"a\": [3]}]"));
        yield return ("a broken list", Encoding.UTF8.GetBytes("  [1,"));
        yield return ("a number", Encoding.UTF8.GetBytes("12345"));
        yield return ("not JSON", Encoding.UTF8.GetBytes("token=abc"));
        yield return ("text after the object", Encoding.UTF8.GetBytes("{\"ssoBasic\": []}\n x"));
        yield return ("a cut file", Encoding.UTF8.GetBytes("{\"ssoBasic\": [\"" + Prefix + "a\", {\"token\": \"" + Prefix + "b\", \"quo"));
        yield return ("a missing comma", Encoding.UTF8.GetBytes("{\"ssoBasic\": [\"" + Prefix + "a\"\n \"" + Prefix + "b\"]}"));
        yield return ("odd pools and entries", Encoding.UTF8.GetBytes(
            "{\"ssoBasic\": [\"sso=" + Prefix + "a\", 12, true, null, [1, [2]], \"  \", {\"token\": \" \"},"
            + " {\"token\": \"" + Prefix + "b\", \"quota\": \"x\", \"tags\": [1, \"t\"], \"status\": {\"s\": [1]}, \"use_count\": 1.5e3, \"origin\": {\"k\": [1, 2]}},"
            + " \"" + Prefix + "a\"], \"ssoSuper\": {\"x\": [1, 2, 3]}, \"ssoLegacy\": null, \"ssoOther\": \"text\","
            + " \"ssoMore\": [\"" + Prefix + "b\", \"" + Prefix + "c\\u00e9\"]}"));
        yield return ("many records", Encoding.UTF8.GetBytes(ManyRecords()));
    }

    private static string ManyRecords()
    {
        var json = new StringBuilder("{\"ssoBasic\": [");
        for (var i = 0; i < 400; i++)
        {
            json.Append(i > 0 ? ",\n" : "\n").Append(i % 5 == 0
                ? $"\"{Prefix}{i}\""
                : $"{{\"token\": \"{Prefix}{i % 97}\", \"status\": \"{(i % 3 == 0 ? "cooling" : "bogus")}\", \"quota\": {i}, \"created_at\": {1_760_000_000_000L + i}, \"tags\": [\"t{i % 4}\"], \"note\": \"é{i}\"}}");
        }

        return json.Append("]}").ToString();
    }

    private static string Outcome(Func<TokenFileReadResult> read)
    {
        try
        {
            return Describe(read());
        }
        catch (TokenFileFormatException ex)
        {
            return "error: " + ex.Message;
        }
    }

    private static async Task<string> OutcomeAsync(Func<Task<TokenFileReadResult>> read)
    {
        try
        {
            return Describe(await read());
        }
        catch (TokenFileFormatException ex)
        {
            return "error: " + ex.Message;
        }
    }

    private static string Describe(TokenFileReadResult result) =>
        Encoding.UTF8.GetString(TokenFileCodec.Write(result.Document)) + "\n"
        + string.Join("\n", result.Warnings.Select(w => $"{w.Pool} {w.Index} {w.TokenId} {w.Message}"));
}

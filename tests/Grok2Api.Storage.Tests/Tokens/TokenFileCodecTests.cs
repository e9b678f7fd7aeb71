using System.Text;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.Tests.Tokens;

public sealed class TokenFileCodecTests
{
    private const string Prefix = "eyJhbGciOiJIUzI1NiJ9.";

    [Fact]
    public void Read_OriginalFixture_LoadsRecordsAndBareStringsAsSpecified()
    {
        var result = TokenFileCodec.Read(File.ReadAllBytes(TokenFixtures.Original), TokenFixtures.Original, TokenFixtures.Now);
        var tokens = result.Document.ToPooledTokens().ToDictionary(t => t.Token.Token);

        Assert.Equal(["ssoBasic", "ssoSuper", "ssoLegacy"], result.Document.Pools.Select(p => p.Name));
        Assert.Equal(
            [
                "basic-record-0001", "bare-prefixed-0002", "bare-plain-0003", "floats-0004", "no-quota-0005", "weird-status-0006",
                "super-record-0007", "super-bare-0008", "super-no-quota-0009", "legacy-record-0010", "legacy-bare-0011",
            ],
            result.Document.ToPooledTokens().Select(t => t.Token.Token[Prefix.Length..]));

        var record = tokens[Prefix + "basic-record-0001"];
        Assert.Equal(TokenPools.Basic, record.Pool);
        Assert.Equal(80, record.Token.Quota);
        Assert.Equal(1739600000000, record.Token.CreatedAt);
        Assert.Equal(["nsfw"], record.Token.Tags);
        Assert.Equal("主账号", record.Token.Note);

        // Bare strings: defaults, the pool's quota, sso= removed.
        var bare = tokens[Prefix + "bare-prefixed-0002"].Token;
        Assert.Equal((TokenStatus.Active, 80, 0, 0, "", TokenFixtures.Now), (bare.Status, bare.Quota, bare.UseCount, bare.FailCount, bare.Note, bare.CreatedAt));
        Assert.Empty(bare.Tags);
        Assert.Equal(140, tokens[Prefix + "super-bare-0008"].Token.Quota);
        Assert.Equal(80, tokens[Prefix + "legacy-bare-0011"].Token.Quota);

        // Floats, a prefixed record token, unknown fields.
        var floats = tokens[Prefix + "floats-0004"].Token;
        Assert.Equal(TokenStatus.Cooling, floats.Status);
        Assert.Equal(12, floats.Quota);
        Assert.Equal(1_700_000_000_000, floats.CreatedAt);
        Assert.Equal(1739600001234, floats.LastUsedAt);
        Assert.Equal("rate_limits_auth_failed", floats.LastFailReason);
        Assert.Equal(1739600003000, floats.LastAssetClearAt);
        Assert.NotNull(floats.Extra);
        Assert.Equal(["future_field", "another"], floats.Extra.Keys);
        Assert.Equal("🚀 kept", floats.Extra["another"].GetString());

        // Missing quota gets the pool default; statuses are parsed; unknown status reads as active.
        Assert.Equal((TokenStatus.Expired, 80, 5), (tokens[Prefix + "no-quota-0005"].Token.Status, tokens[Prefix + "no-quota-0005"].Token.Quota, tokens[Prefix + "no-quota-0005"].Token.FailCount));
        Assert.Equal(140, tokens[Prefix + "super-no-quota-0009"].Token.Quota);
        Assert.Equal(TokenStatus.Disabled, tokens[Prefix + "super-record-0007"].Token.Status);
        Assert.Equal((TokenStatus.Active, 5), (tokens[Prefix + "weird-status-0006"].Token.Status, tokens[Prefix + "weird-status-0006"].Token.Quota));

        // Duplicates: the first occurrence wins, even across pools.
        Assert.Equal(80, record.Token.Quota);
        Assert.Equal(TokenPools.Basic, tokens[Prefix + "bare-plain-0003"].Pool);
        Assert.Equal("ssoLegacy", tokens[Prefix + "legacy-record-0010"].Pool);
    }

    [Fact]
    public void Read_OriginalFixture_WarnsByIdAndNeverByValue()
    {
        var result = TokenFileCodec.Read(File.ReadAllBytes(TokenFixtures.Original), TokenFixtures.Original, TokenFixtures.Now);

        Assert.Equal(5, result.Warnings.Count);
        Assert.Equal(2, result.Warnings.Count(w => w.Message.Contains("blank", StringComparison.Ordinal)));
        Assert.Contains(result.Warnings, w => w.Message.Contains("unknown status 'banned'", StringComparison.Ordinal) && w.TokenId == TokenIdentity.IdOf(Prefix + "weird-status-0006"));
        Assert.Contains(result.Warnings, w => w.Pool == TokenPools.Basic && w.Index == 8 && w.TokenId == TokenIdentity.IdOf(Prefix + "basic-record-0001") && w.Message.Contains("more than once", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Pool == TokenPools.Super && w.Index == 3 && w.TokenId == TokenIdentity.IdOf(Prefix + "bare-plain-0003"));
        Assert.All(result.Warnings, w => Assert.DoesNotContain(Prefix, w.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Read_FieldsOfTheWrongType_GetTheirDefaultsWithWarnings()
    {
        var content = """
            {"ssoSuper": [
              {"token": "t1", "quota": "abc", "use_count": 1e30, "tags": "nsfw", "note": 5, "last_used_at": "1739600000000", "status": 3},
              {"token": "t2", "tags": ["nsfw", 7, null], "created_at": null, "status": "COOLING"},
              42, null, ["x"], {"no_token": true}, {"token": 12}
            ]}
            """u8.ToArray();

        var result = TokenFileCodec.Read(content, "token.json", TokenFixtures.Now);

        var tokens = result.Document.ToPooledTokens().ToDictionary(t => t.Token.Token, t => t.Token);
        Assert.Equal(["t1", "t2"], tokens.Keys);
        var t1 = tokens["t1"];
        Assert.Equal((140, 0, "", 1739600000000L, TokenStatus.Active), (t1.Quota, t1.UseCount, t1.Note, t1.LastUsedAt, t1.Status));
        Assert.Empty(t1.Tags);
        var t2 = tokens["t2"];
        Assert.Equal(["nsfw"], t2.Tags);
        Assert.Equal(TokenFixtures.Now, t2.CreatedAt);
        Assert.Equal(TokenStatus.Cooling, t2.Status);
        Assert.Equal(5, result.Warnings.Count(w => w.TokenId == TokenIdentity.IdOf("t1")));
        Assert.Equal(2, result.Warnings.Count(w => w.TokenId == TokenIdentity.IdOf("t2")));
        Assert.Equal(5, result.Warnings.Count(w => w.TokenId is null));
    }

    [Fact]
    public void Read_LargePools_KeepFileOrderTheFirstOccurrenceAndTheOrderOfWarnings()
    {
        // Pools of thousands of entries: blanks, non-records, repairs and repeats, within a pool and across pools.
        var json = new StringBuilder("{");
        var kept = new List<(string Token, int Index)>();
        var warnings = new List<(string Pool, int Index, string What)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var first = Prefix + "ssoBasic-1";
        const int chunk = 2048;
        foreach (var (pool, count) in new[] { ("ssoBasic", (chunk * 2) + 300), ("ssoSuper", chunk + 5) })
        {
            json.Append(json.Length > 1 ? "," : "").Append('"').Append(pool).Append("\":[");
            for (var i = 0; i < count; i++)
            {
                json.Append(i > 0 ? "," : "");
                if (i % 11 == 5)
                {
                    json.Append("42");
                    warnings.Add((pool, i, "skipped"));
                    continue;
                }

                if (i % 13 == 6)
                {
                    json.Append("{\"token\":\"  \",\"quota\":3}");
                    warnings.Add((pool, i, "skipped"));
                    continue;
                }

                var repeat = i % 500 == 499 || i == chunk || (pool == "ssoSuper" && i == 2);
                var token = repeat ? first : $"{Prefix}{pool}-{i}";
                var repaired = i % 17 == 3;
                json.Append(i % 7 == 0
                    ? $"\"sso={token}\""
                    : repaired ? $"{{\"token\":\"{token}\",\"quota\":\"lots\",\"use_count\":{i}}}" : $"{{\"token\":\"{token}\",\"use_count\":{i}}}");
                if (!seen.Add(token))
                {
                    warnings.Add((pool, i, "repeated"));
                    continue;
                }

                kept.Add((token, i));
                if (repaired && i % 7 != 0)
                {
                    warnings.Add((pool, i, "repaired"));
                }
            }

            json.Append(']');
        }

        var result = TokenFileCodec.Read(Encoding.UTF8.GetBytes(json.Append('}').ToString()), "token.json", TokenFixtures.Now);

        var tokens = result.Document.ToPooledTokens().Select(t => t.Token).ToList();
        Assert.Equal(kept.Select(k => k.Token), tokens.Select(t => t.Token));
        Assert.Equal(kept.Select(k => k.Index % 7 == 0 ? 0 : k.Index), tokens.Select(t => t.UseCount));
        Assert.Equal(
            warnings,
            result.Warnings.Select(w => (w.Pool, w.Index, w.Message.Contains("skipped", StringComparison.Ordinal) ? "skipped"
                : w.Message.Contains("more than once", StringComparison.Ordinal) ? "repeated" : "repaired")));
        Assert.All(result.Warnings.Where(w => w.Message.Contains("more than once", StringComparison.Ordinal)), w => Assert.Equal(TokenIdentity.IdOf(first), w.TokenId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t ")]
    [InlineData("{}")]
    [InlineData("\uFEFF{ }")]
    [InlineData("{\"ssoBasic\": [], \"ssoSuper\": null}")]
    public void Read_EmptyFileOrObject_IsEmptySet(string content)
    {
        var result = TokenFileCodec.Read(Encoding.UTF8.GetBytes(content), "token.json", TokenFixtures.Now);

        Assert.Equal(0, result.Document.Count);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Read_InvalidJson_ThrowsNamingTheFileAndPosition()
    {
        var content = "{\n  \"ssoBasic\": [\n    {\"token\": \"abc\",}\n  ]\n}"u8.ToArray();

        var error = Assert.Throws<TokenFileFormatException>(() => TokenFileCodec.Read(content, "/data/token.json", TokenFixtures.Now));

        Assert.Contains("'/data/token.json'", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("untouched", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\"abc\"]")]
    [InlineData("\"abc\"")]
    [InlineData("42")]
    public void Read_TopLevelNotAnObject_Throws(string content)
    {
        var error = Assert.Throws<TokenFileFormatException>(() => TokenFileCodec.Read(Encoding.UTF8.GetBytes(content), "/data/token.json", TokenFixtures.Now));

        Assert.Contains("'/data/token.json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CanonicalOriginalFile_ReproducesItByteForByte()
    {
        var original = File.ReadAllBytes(TokenFixtures.Canonical);

        var written = TokenFileCodec.Write(TokenFileCodec.Read(original, TokenFixtures.Canonical, TokenFixtures.Now).Document);

        Assert.Equal(Encoding.UTF8.GetString(original), Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void ReadWriteRead_OriginalFixture_KeepsEveryTokenAndField()
    {
        var first = TokenFileCodec.Read(File.ReadAllBytes(TokenFixtures.Original), TokenFixtures.Original, TokenFixtures.Now).Document;

        var written = TokenFileCodec.Write(first);
        var second = TokenFileCodec.Read(written, "token.json", TokenFixtures.Now + 1);

        Assert.Empty(second.Warnings);
        Assert.Equal(Describe(first), Describe(second.Document));
        Assert.Equal(written, TokenFileCodec.Write(second.Document));
    }

    [Fact]
    public void Write_Document_OrdersPoolsAndFieldsLikeTheOriginal()
    {
        var document = TokenDocument.Create(
        [
            new("zzz", [new StoredToken { Token = "z-token", Quota = 1 }]),
            new(TokenPools.Super, [new StoredToken { Token = "s-token", Quota = 2 }]),
        ]);

        var text = Encoding.UTF8.GetString(TokenFileCodec.Write(document));

        Assert.True(text.IndexOf("\"ssoBasic\": []", StringComparison.Ordinal) < text.IndexOf("\"ssoSuper\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"ssoSuper\"", StringComparison.Ordinal) < text.IndexOf("\"zzz\"", StringComparison.Ordinal));
        string[] fields = ["token", "status", "quota", "created_at", "last_used_at", "use_count", "fail_count", "last_fail_at", "last_fail_reason", "last_sync_at", "tags", "note", "last_asset_clear_at"];
        var positions = fields.Select(f => text.IndexOf($"\"{f}\"", StringComparison.Ordinal)).ToArray();
        Assert.Equal(positions.Order(), positions);
        Assert.StartsWith("{\n  \"ssoBasic\": [],\n  \"ssoSuper\": [\n    {\n      \"token\": \"s-token\",\n      \"status\": \"active\",", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("emoji 🚀 and 中文 and é")]
    [InlineData("<script>&'+`")]
    [InlineData("line\nbreak \"quoted\" back\\slash \u0001 ctl")]
    [InlineData("\\u00e9 literal backslash-u")]
    [InlineData("\u2028\u2029\u007f")]
    public void Write_Strings_RoundTripAndKeepNonAsciiRaw(string note)
    {
        var document = TokenDocument.Create([new(TokenPools.Basic, [new StoredToken { Token = "t-" + note, Note = note, Tags = [note] }])]);

        var written = TokenFileCodec.Write(document);
        var read = TokenFileCodec.Read(written, "token.json", TokenFixtures.Now).Document.ToPooledTokens().Single().Token;

        Assert.Equal(note, read.Note);
        Assert.Equal("t-" + note, read.Token);
        Assert.Equal([note], read.Tags);
        var text = Encoding.UTF8.GetString(written);
        Assert.DoesNotContain("\\uD8", text, StringComparison.OrdinalIgnoreCase);
        foreach (var rune in note.EnumerateRunes().Where(r => r.Value >= 0x80))
        {
            Assert.Contains(rune.ToString(), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_ExtraNamedLikeAKnownField_IsNotWrittenTwice()
    {
        using var json = System.Text.Json.JsonDocument.Parse("{\"quota\": 99, \"keep\": 1}");
        var extra = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        var document = TokenDocument.Create([new(TokenPools.Basic, [new StoredToken { Token = "t", Quota = 5, Extra = extra }])]);

        var read = TokenFileCodec.Read(TokenFileCodec.Write(document), "token.json", TokenFixtures.Now).Document.ToPooledTokens().Single().Token;

        Assert.Equal(5, read.Quota);
        Assert.Equal(["keep"], read.Extra!.Keys);
    }

    [Fact]
    public void Write_NullTagsAndNote_WrittenAsEmpty()
    {
        var document = TokenDocument.Create([new(TokenPools.Basic, [new StoredToken { Token = "t", Quota = 5, Tags = null!, Note = null! }])]);

        var text = Encoding.UTF8.GetString(TokenFileCodec.Write(document));

        Assert.Contains("\"tags\": [],", text, StringComparison.Ordinal);
        Assert.Contains("\"note\": \"\",", text, StringComparison.Ordinal);
    }

    internal static string Describe(TokenDocument document) => string.Join(
        "\n",
        document.ToPooledTokens().Select(t => string.Join(
            "|",
            t.Pool,
            t.Token.Token,
            t.Token.Status,
            t.Token.Quota,
            t.Token.CreatedAt,
            t.Token.LastUsedAt,
            t.Token.UseCount,
            t.Token.FailCount,
            t.Token.LastFailAt,
            t.Token.LastFailReason,
            t.Token.LastSyncAt,
            string.Join(",", t.Token.Tags),
            t.Token.Note,
            t.Token.LastAssetClearAt,
            t.Token.Extra is null ? "" : string.Join(",", t.Token.Extra.Select(e => e.Key + "=" + System.Text.Json.JsonSerializer.Serialize(e.Value))))));
}

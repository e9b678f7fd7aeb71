using System.Text.Json.Nodes;
using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class ConfigSecretsTests
{
    [Theory]
    [InlineData("grok2api", "gr…pi")]
    [InlineData("sk-0123456789abcdef", "sk…ef")]
    [InlineData("short", "****")]
    [InlineData("", "")]
    public void Mask_Secret_NeverShowsItWhole(string secret, string expected)
    {
        Assert.Equal(expected, ConfigSecrets.Mask(secret));
    }

    [Theory]
    [InlineData("socks5h://user:pass@proxy.local:1080", "socks5h://****@proxy.local:1080")]
    [InlineData("http://token@proxy.local/path@x", "http://****@proxy.local/path@x")]
    [InlineData("http://proxy.local:8080", "http://proxy.local:8080")]
    [InlineData("grok:render", "grok:render")]
    [InlineData("", "")]
    public void MaskUrlCredentials_HidesUserInfoOnly(string url, string expected)
    {
        Assert.Equal(expected, ConfigSecrets.MaskUrlCredentials(url));
    }

    [Theory]
    [InlineData("user:sk-secret-value.1:8080", "user:****")]
    [InlineData("user:sk-secret-value", "user:****")]
    [InlineData("http://user:sk-secret-value/path", "http://user:****/path")]
    [InlineData("socks5://u:sk-secret-value:1080", "socks5://u:****")]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8080")]
    [InlineData("http://[::1]:8080/x", "http://[::1]:8080/x")]
    [InlineData("http://u:p@h:1", "http://****@h:1")]
    [InlineData("socks5:/a.b.c = 1/u:sk-secret-value@h", "****@h")]
    [InlineData("socks5:/u:sk-secret-value", "socks5:/u:****")]
    [InlineData("http://a/u:sk-secret-value", "http://a/u:****")]
    [InlineData("http://u:sk-secret-value@h/p@x", "http://****@x")]
    [InlineData("user:sk-secret-value@[::1]:8080", "****@[::1]:8080")]
    [InlineData("[u:sk-secret-value", "[u:****")]
    [InlineData("[u:sk-secret-value]/x", "[u:****/x")]
    [InlineData("http://[fe80::1%25eth0]:3128", "http://[fe80::1%25eth0]:3128")]
    public void MaskProxyUrl_APasswordWhoseHostWasLost_IsHidden(string url, string expected)
    {
        // Found by the config property test: "user:password@127.0.0.1:8080" with "@127.0" cut out.
        Assert.Equal(expected, ConfigSecrets.MaskProxyUrl(url));
    }

    [Fact]
    public void MaskTree_SecretsAndUrlCredentials_AreAllHidden()
    {
        var secrets = new[] { "admin-password-1", "sk-api-key-0123", "public-key-9876", "cf-clearance-abcdef", "statsig-id-value-123", "proxypw", "extra-secret-777" };
        var tree = ConfigDefaults.Tree();
        tree["app"]!["app_key"] = secrets[0];
        tree["app"]!["api_key"] = secrets[1];
        tree["app"]!["public_key"] = secrets[2];
        tree["proxy"]!["cf_clearance"] = secrets[3];
        tree["proxy"]!["statsig_id"] = secrets[4];
        tree["proxy"]!["base_proxy_url"] = $"http://user:{secrets[5]}@proxy:3128";
        tree["register"] = new JsonObject { ["admin_password"] = secrets[6] };

        var masked = ConfigSecrets.MaskTree(tree).ToJsonString();

        Assert.All(secrets, secret => Assert.DoesNotContain(secret, masked, StringComparison.Ordinal));
        Assert.Contains("\"app_url\":\"http://127.0.0.1:8000\"", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void IsMaskOf_EchoedMask_IsRecognized()
    {
        Assert.True(ConfigSecrets.IsMaskOf("app_key", "grok2api", "gr…pi"));
        Assert.False(ConfigSecrets.IsMaskOf("app_key", "grok2api", "new-password"));
        Assert.True(ConfigSecrets.IsMaskOf("base_proxy_url", "http://u:p@h:1", "http://****@h:1"));
        Assert.False(ConfigSecrets.IsMaskOf("app_url", "http://x", "http://x"));
    }

    [Theory]
    [InlineData("app_url")]
    [InlineData("base_proxy_url")]
    public void Describe_AListOrTableAtAUrlKey_NamesItsKindOnly(string key)
    {
        var list = JsonNode.Parse("[[\"sk-secret-value\"], 1]");
        var table = JsonNode.Parse("{ \"v\": \"sk-secret-value\" }");

        Assert.Equal("a list (value hidden)", ConfigSecrets.Describe(key, list));
        Assert.Equal("a table (value hidden)", ConfigSecrets.Describe(key, table));
        Assert.Equal("[\"a\", 1]", ConfigSecrets.Describe("filter_tags", JsonNode.Parse("[\"a\", 1]")));
    }
}

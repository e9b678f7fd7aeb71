using Grok2Api.Proxy.Hosting;
using Grok2Api.Proxy.Migrate;

if (args.Contains(HealthProbe.Switch))
{
    return await HealthProbe.RunAsync();
}

// `migrate`: copies between storages and exits, before any web host is built.
if (MigrateCommand.Selects(args))
{
    return await MigrateCommand.RunAsync(args);
}

try
{
    await using var app = await GrokApp.BuildAsync(args, CancellationToken.None);
    await app.RunAsync();
    return 0;
}
catch (StartupException ex)
{
    // Operator mistakes (a bad variable, an unreadable config.toml, a busy DATA_DIR) get one clear line, not a stack trace.
    await Console.Error.WriteLineAsync($"grok2api: cannot start: {ex.Message}");
    return 1;
}

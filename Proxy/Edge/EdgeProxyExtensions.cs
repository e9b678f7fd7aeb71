namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The edge reverse proxy: routes and clusters of the "ReverseProxy" section of appsettings.json
/// are forwarded untouched by YARP. The section is read through IConfiguration, whose JSON source
/// reloads on file change, and YARP re-applies it without a restart.
/// </summary>
internal static class EdgeProxyExtensions
{
    public const string SectionName = "ReverseProxy";

    public static WebApplicationBuilder AddEdgeProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection(SectionName));

        // YARP protects session-affinity cookies with Data Protection. Affinity is rare for edge routes,
        // so keys are kept in memory: no key files under $HOME and no startup warning about them;
        // affinity cookies simply restart with the process.
        builder.Services.AddSingleton<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(
            new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());

        // With the keys in memory nothing reads the persisted key ring, but Data Protection's hosted service
        // would still load (or create) it under $HOME during start-up: it is left out.
        var keyRingLoader = builder.Services.FirstOrDefault(service =>
            service.ServiceType == typeof(IHostedService) && service.ImplementationType?.Name == "DataProtectionHostedService");
        if (keyRingLoader is not null)
        {
            builder.Services.Remove(keyRingLoader);
        }

        return builder;
    }
}

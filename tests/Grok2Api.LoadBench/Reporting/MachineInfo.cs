using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Grok2Api.LoadBench.Hosting;

namespace Grok2Api.LoadBench.Reporting;

/// <summary>What the numbers were measured on: CPU, cores, OS, runtime, the GC mode of each process.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Os, string Runtime, string GatewayGc, string SimulatorGc, string Configuration)
{
    public static MachineInfo Read(RepoLayout layout)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? RuntimeInformation.OSDescription
            : RuntimeInformation.OSDescription;
        return new MachineInfo(cpu, Environment.ProcessorCount, os, RuntimeInformation.FrameworkDescription, GcOf(layout.ProxyDll), GcOf(layout.SimulatorDll), layout.Configuration);
    }

    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    public string ToMarkdown() =>
        $"Machine: {Cpu}, {Cores} cores, {Os}, {Runtime}; {Configuration} builds. " +
        $"Gateway GC: {GatewayGc}; simulator GC: {SimulatorGc}; load generator GC: workstation, non-concurrent. " +
        "The load generator, the simulator and the gateway share these cores.";

    // The Web SDK turns server GC on unless the project says otherwise; runtimeconfig.json records the choice.
    private static string GcOf(string dll)
    {
        var runtimeConfig = Path.ChangeExtension(dll, ".runtimeconfig.json");
        var options = File.Exists(runtimeConfig) ? JsonNode.Parse(File.ReadAllText(runtimeConfig))?["runtimeOptions"]?["configProperties"] : null;
        var server = options?["System.GC.Server"]?.GetValue<bool>() ?? false;
        var concurrent = options?["System.GC.Concurrent"]?.GetValue<bool>() ?? true;
        return (server ? "server" : "workstation") + (concurrent ? ", concurrent" : ", non-concurrent");
    }
}

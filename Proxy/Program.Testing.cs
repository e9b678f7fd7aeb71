#pragma warning disable CA1050 // Program lives in the global namespace, as top-level statements put it there.

/// <summary>
/// The host's entry type. Public so that <c>WebApplicationFactory&lt;Program&gt;</c> can find it:
/// InternalsVisibleTo is not enough because the factory resolves the entry point by reflection.
/// </summary>
public partial class Program;

using Ksbb.Ledger;
using Ksbb.Portal;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

// The reference portal: dotnet run --project samples/Ksbb.Portal -- --urls http://127.0.0.1:5080 --data-dir DIR
// An empty DIR is seeded with a demo round on real Jakarta RWs (see docs/portal.md).
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddResponseCompression(o => o.EnableForHttps = true);
// The ledger's store: a SQLite file in the data directory, or what --ledger names (a file, or a PostgreSQL connection
// string through the PostgreSQL package's UseLocation); set below once configuration is known.
builder.Services.AddKsbbLedger(_ => { });

builder.Services.AddKsbbAllocation();
builder.Services.AddKsbbPooledRound(sp => sp.GetRequiredService<PortalStartup>().Place);
builder.Services.AddOptions<LedgerProviderOptions>().Configure<IConfiguration>((o, configuration) =>
{
    if (o.Provider is null)
    {
        o.UseLocation(configuration["ledger"] is { Length: > 0 } ledger ? ledger : Path.Combine(PortalStartup.DataDirectory(configuration), "ledger.db"));
    }
});
builder.Services.AddSingleton<PortalStartup>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<PortalStartup>());
builder.Services.AddHealthChecks().AddCheck<PortalStartup>("portal");

var app = builder.Build();
app.UseResponseCompression();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapOpenApi();
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
Api.Map(app);
app.Run();

/// <summary>The portal's entry point (public for integration tests' WebApplicationFactory).</summary>
public partial class Program;

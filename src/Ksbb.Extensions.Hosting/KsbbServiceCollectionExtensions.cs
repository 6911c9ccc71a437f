using System.Diagnostics.CodeAnalysis;
using Ksbb.Allocation;
using Ksbb.Extensions.Hosting;
using Ksbb.Geo;
using Ksbb.Model.Regions;
using Ksbb.Round;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Ksbb's boundary index, allocation engine, reservation ledger and pooled round in an <see cref="IServiceCollection"/>, one call each.</summary>
/// <remarks>
/// Options are validated when the host starts (<c>ValidateOnStart</c>) and again when first resolved, with messages
/// naming the option and value. Logging goes through <see cref="ILogger{TCategoryName}"/> when the host has logging
/// (else nowhere). The registered types publish their own metrics and traces, as they do without a host; see
/// <see cref="KsbbTelemetry.Names"/> for the names to give OpenTelemetry.
/// </remarks>
public static class KsbbServiceCollectionExtensions
{
    /// <summary>Registers a <see cref="BoundaryIndex"/> over a layer and a <see cref="BoundaryLookup"/> (the index with the nearest-unit fallback), both singletons.</summary>
    /// <param name="services">The services.</param>
    /// <param name="layer">Creates the layer once, on first use (for example <c>_ => JakartaData.LoadRwLayer()</c> or
    /// <c>_ => BoundaryReader.Read(path, keying)</c>).</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="layer"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddKsbbBoundaryIndex(this IServiceCollection services, Func<IServiceProvider, BoundaryLayer> layer, Action<BoundaryIndexOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(layer);
        AddValidatedOptions<BoundaryIndexOptions, BoundaryIndexOptionsValidator>(services, configure);
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<BoundaryIndexOptions>>().Value;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var index = BoundaryIndex.Create(layer(sp), settings.CellsPerUnit);
            var milliseconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var logger = Logger(sp, typeof(BoundaryLookup));
            Log.IndexBuilt(logger, index.Layer.Name, index.Layer.Units.Count, milliseconds);

            return index;
        });
        services.TryAddSingleton(sp => new BoundaryLookup(
            sp.GetRequiredService<BoundaryIndex>(),
            sp.GetRequiredService<IOptions<BoundaryIndexOptions>>().Value));
        return services;
    }

    /// <summary>Registers an <see cref="AllocationEngine"/> singleton built from <see cref="AllocationOptions"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>Each run is traced and counted by the engine itself (<see cref="AllocationTelemetry"/>).</remarks>
    public static IServiceCollection AddKsbbAllocation(this IServiceCollection services, Action<AllocationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddValidatedOptions<AllocationOptions, AllocationOptionsValidator>(services, configure);
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<AllocationOptions>>().Value;
            var builder = new AllocationEngineBuilder().WithProgressInterval(settings.ProgressInterval);
            return (settings.MaxDegreeOfParallelism is { } threads ? builder.WithMaxDegreeOfParallelism(threads) : builder).Build();
        });
        return services;
    }

    /// <summary>Registers the reservation ledger on the store provider the options choose: a <see cref="Ksbb.Ledger.ReservationLedger"/>
    /// and its <see cref="Ksbb.Ledger.LedgerStore"/> (singletons, disposed with the container), a <see cref="LedgerInitializer"/>,
    /// and a health check of the store named <see cref="Ksbb.Ledger.LedgerTelemetry.Name"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Chooses the provider — <c>o =&gt; o.UseSqlite(path)</c>, or <c>o =&gt; o.UsePostgreSql(connectionString)</c>
    /// from the Ksbb.Ledger.PostgreSql package (required) — and sets the other options.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Resolving the ledger never touches the database and never blocks: the provider creates the store without
    /// connecting. Make it ready once at start-up with <c>await services.GetRequiredService&lt;LedgerInitializer&gt;().InitializeAsync()</c>
    /// (creating or migrating the schema when <see cref="Ksbb.Ledger.LedgerProviderOptions.CreateIfMissing"/> is set). A missing provider is a
    /// start-up validation error. The ledger uses the registered <see cref="NodaTime.IClock"/>, else the system clock.
    /// </remarks>
    public static IServiceCollection AddKsbbLedger(this IServiceCollection services, Action<Ksbb.Ledger.LedgerProviderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddValidatedOptions<Ksbb.Ledger.LedgerProviderOptions, LedgerProviderOptionsValidator>(services, configure);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<Ksbb.Ledger.LedgerProviderOptions>>().Value.Provider!.CreateStore());
        services.TryAddSingleton(sp => Ksbb.Ledger.ReservationLedger.Create(sp.GetRequiredService<Ksbb.Ledger.LedgerStore>(), new Ksbb.Ledger.LedgerOptions
        {
            Clock = sp.GetService<NodaTime.IClock>() ?? NodaTime.SystemClock.Instance,
            ReservationLifetime = sp.GetRequiredService<IOptions<Ksbb.Ledger.LedgerProviderOptions>>().Value.ReservationLifetime,
        }));
        services.TryAddSingleton(sp => new LedgerInitializer(
            sp.GetRequiredService<Ksbb.Ledger.ReservationLedger>(),
            sp.GetRequiredService<IOptions<Ksbb.Ledger.LedgerProviderOptions>>().Value.CreateIfMissing,
            Logger(sp, typeof(LedgerInitializer))));
        services.AddHealthChecks().AddCheck<LedgerHealthCheck>(Ksbb.Ledger.LedgerTelemetry.Name, tags: ["ksbb", "ledger"]);
        return services;
    }

    /// <summary>Registers a <see cref="PooledRound"/> singleton over the registered ledger (<see cref="AddKsbbLedger"/>, required) and allocation engine (<see cref="AddKsbbAllocation"/>, else <see cref="AllocationEngine.Default"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="locate">Creates, on first use, where each unit is for the distances; <see langword="null"/> places a unit at its own or its nearest ancestor's unit of the registered boundary layer (<see cref="AddKsbbBoundaryIndex"/>, then required).</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>With the default placement, planning a need whose unit the layer cannot place throws <see cref="InvalidOperationException"/> naming the unit.</remarks>
    public static IServiceCollection AddKsbbPooledRound(this IServiceCollection services, Func<IServiceProvider, Func<RegionCode, GeoPoint>>? locate = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp =>
        {
            var place = locate?.Invoke(sp) ?? LayerPositions(sp.GetRequiredService<BoundaryIndex>().Layer);
            return new PooledRound(sp.GetRequiredService<Ksbb.Ledger.ReservationLedger>(), place, sp.GetService<AllocationEngine>());
        });
        return services;
    }

    private static Func<RegionCode, GeoPoint> LayerPositions(BoundaryLayer layer) => unit => layer.TryGetPosition(unit, out var point)
        ? point
        : throw new InvalidOperationException($"Unit {unit} is not placed by the boundary layer {layer.Name}: neither it nor an area holding it is one of its units.");

    /// <summary>Adds options validated at start-up (and on first use).</summary>
    private static void AddValidatedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(IServiceCollection services, Action<TOptions>? configure)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        var options = services.AddOptions<TOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }

    private static ILogger Logger(IServiceProvider services, Type category) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(category) ?? NullLogger.Instance;
}

/// <summary>The log messages of the registrations.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Boundary index built over {Layer}: {Units} units in {Milliseconds:F0} ms")]
    public static partial void IndexBuilt(ILogger logger, string layer, int units, double milliseconds);
}

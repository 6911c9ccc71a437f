using System.Net;
using System.Net.Sockets;
using Ksbb.Ledger.Storage;
using NodaTime;

namespace Ksbb.Ledger.PostgreSql.Tests;

/// <summary>Connection strings and a server that is not there: these need no running server.</summary>
public sealed class ConnectionTests
{
    [Theory]
    [InlineData("Host=db.internal;Database=ksbb", true)]
    [InlineData("server=10.0.0.5; database=ksbb; username=app", true)]
    [InlineData("postgres://app:secret@db.internal:5433/ksbb", true)]
    [InlineData("postgresql://db.internal/ksbb", true)]
    [InlineData("ledger.db", false)]
    [InlineData("/var/lib/ksbb/ledger.db", false)]
    [InlineData("C:\\data\\Host=x.db", false)]
    [InlineData("", false)]
    public void IsConnectionString_TellsConnectionStringsFromFilePaths(string text, bool expected) =>
        Assert.Equal(expected, PostgreSqlLedgerStore.IsConnectionString(text));

    [Fact]
    public void Normalize_Uri_BecomesNpgsqlKeywords_WithDefaultTimeouts()
    {
        var normalized = ConnectionStrings.WithDefaultTimeouts(ConnectionStrings.Normalize("postgres://app:s%40cret@db.internal:5433/ksbb?sslmode=require"));
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(normalized);
        Assert.Equal(("db.internal", 5433, "app", "s@cret", "ksbb"), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.Equal((5, 15), (builder.Timeout, builder.CommandTimeout));
        var explicitTimeouts = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionStrings.WithDefaultTimeouts("Host=x;Timeout=30;Command Timeout=60"));
        Assert.Equal((30, 60), (explicitTimeouts.Timeout, explicitTimeouts.CommandTimeout));
    }

    [Fact]
    public async Task Sessions_CommitSynchronously_EvenWhenTheConnectionStringAsksOtherwise()
    {
        var connection = PostgresServer.ConnectionStringOrSkip() + ";Options=-c synchronous_commit=off";
        await using var store = PostgreSqlLedgerStore.Open(connection);
        await using var session = await store.DataSource.OpenConnectionAsync();
        await using var show = new Npgsql.NpgsqlCommand("SHOW synchronous_commit", session);
        Assert.Equal("on", await show.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Describe_NeverShowsThePassword()
    {
        await using var store = PostgreSqlLedgerStore.Open("Host=db.internal;Port=5433;Username=app;Password=hunter2;Database=ksbb");
        var description = store.Description;
        Assert.Contains("db.internal:5433/ksbb", description, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_RejectABadSchemaName() =>
        Assert.Throws<ArgumentException>(() => PostgreSqlLedgerStoreOptions.Default with { Schema = "ledger; DROP TABLE x" });

    [Fact]
    public async Task ServerNotListening_GivesAClearStoreError_AfterBoundedRetries()
    {
        // A port that was free a moment ago: nothing listens there, so every connection attempt is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var store = PostgreSqlLedgerStore.Open(
            $"Host=127.0.0.1;Port={port};Username=nobody;Database=none",
            new PostgreSqlLedgerStoreOptions { MaxAttempts = 3, InitialBackoff = Duration.FromMilliseconds(10) });
        var ex = await Assert.ThrowsAsync<LedgerStoreException>(() => store.MigrateAsync());
        Assert.Contains($"127.0.0.1:{port}/none", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot reach the server", ex.Message, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Ksbb.Ledger.PostgreSql.Tests;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a PostgreSQL server whose answers to COMMIT travel back with a fixed lag, as
/// over a slow network (other answers pass at once). When the server drops a connection, whatever it had sent that is
/// still on its way is lost and the client's side is reset: a transaction the server committed during the lag loses
/// its answer, which a local server (commits in well under a millisecond) would otherwise almost never show.
/// </summary>
internal sealed class LaggingProxy : IAsyncDisposable
{
    // The tag of the CommandComplete message answering COMMIT.
    private static readonly byte[] CommitCompleted = "COMMIT\0"u8.ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _server;
    private readonly TimeSpan _lag;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LaggingProxy(string host, int port, TimeSpan lag)
    {
        _server = new IPEndPoint(IPAddress.Parse(host), port);
        _lag = lag;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Gets the port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var _ = client;
        using var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(_server, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            client.LingerState = new LingerOption(true, 0);
            return;
        }

        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var answers = Channel.CreateUnbounded<(DateTime Due, byte[] Bytes)>();
        var upstream = PumpAsync(client, server, done.Token);
        var fromServer = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await server.ReceiveAsync(buffer, SocketFlags.None, done.Token)) > 0)
                {
                    var bytes = buffer[..read];
                    await answers.Writer.WriteAsync((bytes.AsSpan().IndexOf(CommitCompleted) >= 0 ? DateTime.UtcNow + _lag : DateTime.UtcNow, bytes), done.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                // The server is gone: what is still on its way is lost.
            }
        });
        var downstream = Task.Run(async () =>
        {
            try
            {
                await foreach (var (due, bytes) in answers.Reader.ReadAllAsync(done.Token))
                {
                    var wait = due - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, done.Token);
                    }

                    await client.SendAsync(bytes, SocketFlags.None, done.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                // Connection over.
            }
        });

        await Task.WhenAny(upstream, fromServer);
        await done.CancelAsync();
        await Task.WhenAll(upstream, fromServer, downstream);
        client.LingerState = new LingerOption(true, 0); // reset, so the client sees the connection break at once
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            // Connection over.
        }
    }
}

using System.Data.Common;

namespace Ksbb.Ledger.Storage;

// Command helpers over ADO.NET, shared by every dialect: parameters are named "@name" in the SQL text and in the collection.
internal static class LedgerSql
{
    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    public static void AddKey(DbCommand command, NeedKey key)
    {
        Add(command, "@u", key.Unit.ToString());
        Add(command, "@i", key.Item.Value);
        Add(command, "@p", key.Period.ToString());
    }

    public static DbCommand Command(DbTransaction tx, string sql, Action<DbCommand>? bind)
    {
        var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        bind?.Invoke(command);
        return command;
    }

    public static async Task<int> ExecuteAsync(DbTransaction tx, string sql, Action<DbCommand>? bind, CancellationToken ct)
    {
        await using var command = Command(tx, sql, bind);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(DbTransaction tx, string sql, Action<DbCommand>? bind, CancellationToken ct)
    {
        await using var command = Command(tx, sql, bind);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public static async Task<List<T>> ListAsync<T>(DbTransaction tx, string sql, Action<DbCommand>? bind, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var command = Command(tx, sql, bind);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(map(reader));
        }

        return list;
    }
}

using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Ksbb.Ledger.PostgreSql;

// Connection string handling: recognising one (as opposed to a file path), URIs, default timeouts, safe descriptions.
internal static partial class ConnectionStrings
{
    public static bool IsUri(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    public static bool LooksLikeConnectionString(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (IsUri(trimmed))
        {
            return true;
        }

        foreach (var part in trimmed.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                var key = part[..eq].Trim();
                if (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Any keyword list "key=value" or "key=value;…" whose first key is a word: never a file name.
    public static bool LooksLikeKeywordList(string text)
    {
        var first = text.Trim().Split(';', 2)[0];
        var eq = first.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && first[..eq].Trim() is { Length: > 0 } key && key.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '_')
            && char.IsAsciiLetter(key[0]);
    }

    // postgres://user:password@host:port/database?key=value → Npgsql keywords; anything else is returned unchanged.
    public static string Normalize(string text)
    {
        var trimmed = text.Trim();
        if (!IsUri(trimmed))
        {
            return trimmed;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"PostgreSQL URI '{Redact(trimmed)}' is not of the form postgres://user:password@host:port/database.", nameof(text));
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            try
            {
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"PostgreSQL URI '{Redact(trimmed)}': query parameter '{key}' is not an Npgsql connection setting.", nameof(text), ex);
            }
        }

        return builder.ConnectionString;
    }

    // Adds Timeout=5 and Command Timeout=15 unless the string sets them, so a dead server gives an error, not a long wait.
    public static string WithDefaultTimeouts(string connectionString)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!raw.ContainsKey("Timeout"))
        {
            builder.Timeout = 5;
        }

        if (!raw.ContainsKey("Command Timeout") && !raw.ContainsKey("CommandTimeout"))
        {
            builder.CommandTimeout = 15;
        }

        return builder.ConnectionString;
    }

    // Every session of the store's own pool starts with synchronous_commit=on (a start-up option outranks role and database defaults).
    public static string WithDurableCommits(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c synchronous_commit=on" : builder.Options + " -c synchronous_commit=on";
        return builder.ConnectionString;
    }

    // host:port/database, never the password, for messages.
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}");
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }

    // Hides every password a text may carry: the user information of a postgres:// URI, and Password=… (or Pwd=…)
    // in a keyword list or a URI query. For messages and logs.
    public static string Redact(string text)
    {
        var hidden = UriUserInfo().Replace(text, "$1***@");
        return PasswordKeyword().Replace(hidden, "$1=***");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(postgres(?:ql)?://)[^@/\s]*@", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex UriUserInfo();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(password|pwd)\s*=\s*(""[^""]*""|'[^']*'|[^;&\s]*)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex PasswordKeyword();
}

using System.Text.Json;
using System.Text.Json.Serialization;
using HdCluster.Cluster.Messages;
using HdCluster.Engine.Workers;
using HdCluster.Experiments;
using HdCluster.Training;
using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>How a worker's attempt at a cell ended, as carried on the results stream.</summary>
public enum OutcomeKind
{
    /// <summary>Training ended (completed or diverged): <see cref="CellOutcome.Result"/> and records are set.</summary>
    Trained,

    /// <summary>Training threw: the coordinator retries the cell or, past the attempt limit, writes it as failed.</summary>
    Error,

    /// <summary>The worker stopped (shut down, or the sweep was cancelled) before the cell ended: run it again, same attempt.</summary>
    Released,
}

/// <summary>
/// An entry of the results stream: a cell's outcome from one worker slot, with its result and records as JSON
/// (NaN and infinities written by name, as diverged runs have them), and the fused group it trained in, if any.
/// </summary>
public sealed record CellOutcome(
    CellTicket Ticket,
    OutcomeKind Kind,
    string Worker,
    string Host,
    string Device,
    CellResult? Result,
    CellRecords? Records,
    string? Error,
    string? Group = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public NameValueEntry[] ToFields() =>
    [
        .. Ticket.ToFields(),
        new("kind", Kind.ToString().ToLowerInvariant()),
        new("worker", Worker),
        new("host", Host),
        new("device", Device),
        new("error", Error ?? ""),
        new("group", Group ?? ""),
        new("result", Result is null ? "" : JsonSerializer.Serialize(Result, Json)),
        new("records", Records is null ? "" : JsonSerializer.Serialize(Records, Json)),
    ];

    /// <summary>Reads an entry, or says why it is not a cell outcome.</summary>
    public static CellOutcome? TryRead(StreamEntry entry, out string problem)
    {
        if (CellTicket.TryRead(entry, out problem) is not { } ticket)
        {
            return null;
        }

        string Field(string name) => entry[name] is { IsNullOrEmpty: false } v ? v.ToString() : "";
        if (!Enum.TryParse<OutcomeKind>(Field("kind"), ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || char.IsDigit(Field("kind").FirstOrDefault()))
        {
            problem = $"unknown kind '{Field("kind")}'";
            return null;
        }

        if (Field("worker").Length == 0)
        {
            problem = "missing worker";
            return null;
        }

        CellResult? result = null;
        CellRecords? records = null;
        try
        {
            if (Field("result") is { Length: > 0 } r)
            {
                result = JsonSerializer.Deserialize<CellResult>(r, Json);
            }

            if (Field("records") is { Length: > 0 } rec)
            {
                records = JsonSerializer.Deserialize<CellRecords>(rec, Json);
            }
        }
        catch (JsonException e)
        {
            problem = $"unreadable result or records: {e.Message}";
            return null;
        }

        if (kind == OutcomeKind.Trained && (result is null || records is null))
        {
            problem = "a trained outcome without its result or records";
            return null;
        }

        return new CellOutcome(ticket, kind, Field("worker"), Field("host"), Field("device"), result, records, Field("error") is { Length: > 0 } e2 ? e2 : null, Field("group") is { Length: > 0 } g ? g : null);
    }

    public static string Describe(StreamEntry entry) =>
        entry.Values is null ? "(no fields)" : string.Join(" ", entry.Values.Select(v => $"{v.Name}={Shorten(v.Value.ToString())}"));

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}

using System.Globalization;
using System.Text;

namespace HdCluster.Actors;

/// <summary>
/// One structured log event from the actor kernel. The template and its values are kept apart
/// (Serilog style) so the host can forward them to a structured sink with every property queryable:
/// <c>logger.ForContext("Actor", e.Source).Write(level, e.Exception, e.MessageTemplate, e.PropertyValues.ToArray())</c>.
/// </summary>
/// <param name="Source">Path of the actor (or kernel part) that logged the event.</param>
/// <param name="PropertyValues">Values for the template's named holes, in order of appearance.</param>
public sealed record ActorLogEvent(
    DateTimeOffset Timestamp,
    ActorLogLevel Level,
    string Source,
    string MessageTemplate,
    IReadOnlyList<object?> PropertyValues,
    Exception? Exception)
{
    /// <summary>The template with its holes filled in, for sinks that only take plain text.</summary>
    public string RenderMessage()
    {
        var text = new StringBuilder(MessageTemplate.Length + 32);
        var next = 0;
        for (var i = 0; i < MessageTemplate.Length; i++)
        {
            var c = MessageTemplate[i];
            if ((c == '{' || c == '}') && i + 1 < MessageTemplate.Length && MessageTemplate[i + 1] == c)
            {
                text.Append(c);
                i++;
                continue;
            }

            var close = c == '{' ? MessageTemplate.IndexOf('}', i + 1) : -1;
            if (close < 0 || next >= PropertyValues.Count)
            {
                text.Append(c);
                continue;
            }

            text.Append(Convert.ToString(PropertyValues[next++], CultureInfo.InvariantCulture) ?? "null");
            i = close;
        }

        return text.ToString();
    }
}

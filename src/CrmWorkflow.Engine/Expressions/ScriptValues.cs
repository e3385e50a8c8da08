using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scriban.Runtime;

namespace CrmWorkflow.Engine.Expressions;

/// <summary>
/// Converts between the JSON values an instance stores and the values scripts see. Scripts
/// only ever see <see cref="ScriptObject"/>, <see cref="ScriptArray"/> and primitives, so
/// no .NET member is reachable from an expression.
/// </summary>
public static class ScriptValues
{
    /// <summary>
    /// JSON to a script value. <paramref name="readOnly"/>: objects at every depth refuse
    /// assignment, for values scripts may read but must not change (the instance's input,
    /// variables and outputs, which later scripts of the same run see again). Arrays are marked
    /// too; <c>list[i] = x</c> on them is refused by the sandbox's list accessor.
    /// </summary>
    public static object? FromJson(JsonNode? node, bool readOnly = false) => node switch
    {
        null => null,
        JsonObject obj => FromObject(obj, readOnly),
        JsonArray array => FromArray(array, readOnly),
        JsonValue value => FromValue(value),
        _ => null,
    };

    /// <summary>JSON object to a script object (keys kept as written).</summary>
    public static ScriptObject FromObject(JsonObject obj, bool readOnly = false)
    {
        var result = new ScriptObject(obj.Count);
        foreach (var (key, value) in obj)
            result[key] = FromJson(value, readOnly);
        result.IsReadOnly = readOnly;
        return result;
    }

    private static ScriptArray FromArray(JsonArray array, bool readOnly)
    {
        var result = new ScriptArray(array.Count);
        foreach (var item in array)
            result.Add(FromJson(item, readOnly));
        result.IsReadOnly = readOnly;
        return result;
    }

    private static object? FromValue(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => element.TryGetInt64(out var l) ? l
                    : element.TryGetDecimal(out var d) ? d : element.GetDouble(),
                _ => null,
            };
        }
        if (value.TryGetValue<int>(out var i)) return (long)i;
        if (value.TryGetValue<long>(out var lv)) return lv;
        if (value.TryGetValue<string>(out var s)) return s;
        if (value.TryGetValue<bool>(out var b)) return b;
        if (value.TryGetValue<decimal>(out var m)) return m;
        if (value.TryGetValue<double>(out var dbl)) return dbl;
        if (value.TryGetValue<DateTimeOffset>(out var dto)) return dto.UtcDateTime;
        if (value.TryGetValue<DateTime>(out var dt)) return dt;
        return value.ToJsonString();
    }

    /// <summary>
    /// A .NET value (records, anonymous objects, dictionaries, lists, JSON) copied into script
    /// values, keeping dates as dates. Only public properties are read; nothing of the object
    /// itself reaches the script.
    /// </summary>
    public static object? FromClr(object? value, int depth = 0)
    {
        if (depth > 32) throw new ExpressionException("The value is nested more than 32 levels deep.");
        switch (value)
        {
            case null: return null;
            case JsonNode node: return FromJson(node);
            case string or bool or long or decimal or double: return value;
            case int i: return (long)i;
            case short or byte or uint or ushort or sbyte: return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case float f: return (double)f;
            case DateTimeOffset dto: return dto.UtcDateTime;
            case DateTime dt: return dt;
            case DateOnly d: return d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            case TimeSpan ts: return ts;
            case Guid g: return g.ToString();
            case Enum e: return e.ToString();
            case IDictionary dict:
            {
                var obj = new ScriptObject();
                foreach (DictionaryEntry entry in dict)
                    obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = FromClr(entry.Value, depth + 1);
                return obj;
            }
            case IEnumerable list:
            {
                var array = new ScriptArray();
                foreach (var item in list) array.Add(FromClr(item, depth + 1));
                return array;
            }
            default:
            {
                var obj = new ScriptObject();
                foreach (var property in value.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
                    if (property.GetIndexParameters().Length == 0)
                        obj[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = FromClr(property.GetValue(value), depth + 1);
                return obj;
            }
        }
    }

    /// <summary>A script (or plain .NET) value to JSON.</summary>
    public static JsonNode? ToJson(object? value, int depth = 0)
    {
        if (depth > 64) throw new ExpressionException("The value is nested more than 64 levels deep.");
        switch (value)
        {
            case null: return null;
            case JsonNode node: return node.DeepClone();
            case string s: return JsonValue.Create(s);
            case bool b: return JsonValue.Create(b);
            case int i: return JsonValue.Create(i);
            case long l: return JsonValue.Create(l);
            case decimal m: return JsonValue.Create(m);
            case double d: return double.IsFinite(d) ? JsonValue.Create(d) : null;
            case float f: return float.IsFinite(f) ? JsonValue.Create(f) : null;
            case short or byte or sbyte or ushort or uint or ulong:
                return JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
            case System.Numerics.BigInteger big: return JsonValue.Create((decimal)big);
            case DateTime dt: return JsonValue.Create(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt).ToUniversalTime());
            case DateTimeOffset dto: return JsonValue.Create(dto.ToUniversalTime());
            case TimeSpan ts: return JsonValue.Create(System.Xml.XmlConvert.ToString(ts));
            case Guid g: return JsonValue.Create(g.ToString());
            case Enum e: return JsonValue.Create(e.ToString());
            // A ScriptArray is also an IScriptObject (its only member is "size"): take it as a list first.
            case ScriptArray items:
            {
                var array = new JsonArray();
                foreach (var item in items) array.Add(ToJson(item, depth + 1));
                return array;
            }
            case IScriptObject so:
            {
                var obj = new JsonObject();
                foreach (var key in so.GetMembers())
                {
                    so.TryGetValue(null!, default, key, out var member);
                    obj[key] = ToJson(member, depth + 1);
                }
                return obj;
            }
            case IDictionary dict:
            {
                var obj = new JsonObject();
                foreach (DictionaryEntry entry in dict)
                    obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = ToJson(entry.Value, depth + 1);
                return obj;
            }
            case IEnumerable list:
            {
                var array = new JsonArray();
                foreach (var item in list) array.Add(ToJson(item, depth + 1));
                return array;
            }
            default:
                // Host objects are data only: serialise their public properties, never expose them.
                return JsonSerializer.SerializeToNode(value, value.GetType());
        }
    }

    /// <summary>Truthiness used by conditions: false, null, 0 and "" are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0 && !string.Equals(s, "false", StringComparison.OrdinalIgnoreCase),
        long l => l != 0,
        int i => i != 0,
        decimal m => m != 0,
        double d => d != 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => IsTrue(FromJson(v)),
        },
        _ => true,
    };
}

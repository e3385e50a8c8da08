namespace CrmWorkflow.Engine.Activities;

/// <summary>
/// A typed input of an activity. Activities are stateless singletons; an input names the
/// value and its type, and <c>ActivityContext.Get(input)</c> evaluates it for the
/// node being run. The registry fills in <see cref="Name"/> from the property name.
/// </summary>
public sealed class Input<T> : IInput
{
    /// <summary>Input name as written in definition JSON (camelCase property name).</summary>
    public string Name { get; private set; } = "";

    /// <inheritdoc />
    public Type ValueType => typeof(T);

    void IInput.Bind(string name) => Name = name;
}

/// <summary>Untyped view of <see cref="Input{T}"/> used by the registry.</summary>
public interface IInput
{
    /// <summary>Input name.</summary>
    string Name { get; }

    /// <summary>The CLR type the value is converted to.</summary>
    Type ValueType { get; }

    internal void Bind(string name);
}

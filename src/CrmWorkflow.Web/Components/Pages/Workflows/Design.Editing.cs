using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.Components.Designer;
using CrmWorkflow.Web.Designer;
using Microsoft.JSInterop;
using Radzen;

namespace CrmWorkflow.Web.Components.Pages.Workflows;

/// <summary>The designer's gestures and keys, each one operation on the document, and the live validation.</summary>
public sealed partial class Design : IAsyncDisposable
{
    private static readonly TimeSpan ValidationDelay = TimeSpan.FromMilliseconds(250);
    private FlowCanvas? _canvas;
    private DesignEdge? _selectedEdge;
    private string? _focusInput;
    private string? _clipboard;
    private int _pastes;
    private IReadOnlyList<ValidationProblem> _problems = [];
    private DesignState _validatedState = DesignState.Empty;
    private WorkflowDefinition? _validatedDefinition;
    private bool _validated;
    private CancellationTokenSource? _pending;
    private DotNetObjectReference<Design>? _self;

    private string? SelectedNode => _doc?.Selection.Count == 1 ? _doc.Selection.First() : null;

    private void Attach(DesignerDocument? doc)
    {
        if (_doc is not null) _doc.Changed -= OnChanged;
        _doc = doc;
        _selectedEdge = null;
        _focusInput = null;
        if (doc is null) return;
        doc.Changed += OnChanged;
        Validate();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_self is not null || _doc is null) return;
        _self = DotNetObjectReference.Create(this);
        await Js.InvokeVoidAsync("crmWorkflow.designer.listenKeys", _self);
    }

    // Selection changes raise Changed too; only a new drawing or definition needs validating.
    private void OnChanged()
    {
        if (_doc is null) return;
        if (_selectedEdge is { } edge && !_doc.State.Edges.Contains(edge)) _selectedEdge = null;
        if (!ReferenceEquals(_doc.State, _validatedState) || !ReferenceEquals(_doc.Definition, _validatedDefinition))
        {
            _validated = false;
            _pending?.Cancel();
            var pending = _pending = new CancellationTokenSource();
            _ = Task.Delay(ValidationDelay, pending.Token).ContinueWith(t =>
            {
                if (!t.IsCanceled) _ = InvokeAsync(() => { if (!pending.IsCancellationRequested) { Validate(); StateHasChanged(); } });
            }, TaskScheduler.Default);
        }
        _ = InvokeAsync(StateHasChanged);
    }

    private void Validate()
    {
        if (_doc is null) return;
        var definition = _doc.ToDefinition();
        _problems = Compiler.Validate(definition with { Version = Math.Max(1, definition.Version) });
        _validatedState = _doc.State;
        _validatedDefinition = _doc.Definition;
        _validated = true;
    }

    private void SettingsChanged() => OnChanged();

    private void NodeClicked((string Id, bool Shift) click)
    {
        _selectedEdge = null;
        _focusInput = null;
        if (_tab != TestRunTab) _tab = 0;
        _doc!.Select(click.Shift ? _doc.Selection.Add(click.Id) : [click.Id]);
    }

    private void EdgeClicked(DesignEdge edge)
    {
        _selectedEdge = edge;
        _doc!.Select([]);
    }

    private void ClearSelection()
    {
        _selectedEdge = null;
        _doc!.Select([]);
    }

    private void Moved(MoveGesture move)
    {
        _doc!.Select(move.Ids);
        _doc.MoveSelection(move.Dx, move.Dy);
    }

    private void Connected(ConnectGesture c) => Try(() => _doc!.Connect(c.From, c.Port, c.To));

    private void Dropped(DropGesture drop) => Try(() => _doc!.Add(drop.Type, drop.X, drop.Y));

    // Without a drop point: beside everything else, level with the first activity.
    private void AddFromToolbox(string type)
    {
        var nodes = _doc!.State.Nodes;
        var x = nodes.Count == 0 ? DesignLayout.Margin : nodes.Max(n => n.X) + DesignNode.Width + DesignLayout.ColumnGap;
        Try(() => _doc.Add(type, x, nodes.Count == 0 ? DesignLayout.Margin : nodes[0].Y));
    }

    private void DeleteSelected()
    {
        if (_selectedEdge is { } edge) _doc!.Disconnect(edge);
        else _doc!.DeleteSelection();
        _selectedEdge = null;
    }

    private async Task CopyAsync()
    {
        if (_doc!.Selection.IsEmpty) return;
        _clipboard = _doc.Copy();
        _pastes = 0;
        // The browser's clipboard too (another tab's designer can paste it); refused without focus or permission.
        await Js.InvokeVoidAsync("crmWorkflow.designer.copyText", _clipboard);
    }

    private void Paste()
    {
        if (_clipboard is null) return;
        var offset = 40 * ++_pastes;
        Try(() => _doc!.Paste(_clipboard, offset, offset));
    }

    private void PickProblem(ProblemTarget? target)
    {
        if (target is null || _doc is null) return;
        _selectedEdge = target.Edge;
        _focusInput = target.Input;
        _tab = 0;
        _doc.Select(target.Edge is null && target.NodeId is { } id ? [id] : []);
    }

    [JSInvokable]
    public async Task OnKey(string key, bool ctrl, bool shift)
    {
        if (_doc is null) return;
        switch (key)
        {
            case "Delete" or "Backspace": DeleteSelected(); break;
            case "z" when ctrl && shift: _doc.Redo(); break;
            case "z" when ctrl: _doc.Undo(); break;
            case "y" when ctrl: _doc.Redo(); break;
            case "c" when ctrl: await CopyAsync(); break;
            case "v" when ctrl: Paste(); break;
        }
        StateHasChanged();
    }

    private void Try(Action edit)
    {
        try
        {
            edit();
        }
        catch (DesignerException ex)
        {
            Notifications.Notify(NotificationSeverity.Warning, "Not possible", ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending?.Cancel();
        if (_doc is not null) _doc.Changed -= OnChanged;
        if (_self is null) return;
        try
        {
            await Js.InvokeVoidAsync("crmWorkflow.designer.unlistenKeys");
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone and the page with it.
        }
        _self.Dispose();
    }
}

using CrmWorkflow.Web.Designer;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CrmWorkflow.Web.Components.Designer;

/// <summary>A connection drawn from a port of one activity onto another.</summary>
public sealed record ConnectGesture(string From, string Port, string To);

/// <summary>An activity type dropped from the toolbox at a point of the drawing (its top-left corner).</summary>
public sealed record DropGesture(string Type, double X, double Y);

/// <summary>Activities dragged by a distance in drawing units.</summary>
public sealed record MoveGesture(IReadOnlyList<string> Ids, double Dx, double Dy);

/// <summary>
/// The canvas as an editor. app.js follows the pointer (moving boxes by a transform, drawing
/// the rubber band of a new connection) and reports each finished gesture once; the owner
/// applies it to its <see cref="DesignerDocument"/> and renders the new state.
/// </summary>
public sealed partial class FlowCanvas : IAsyncDisposable
{
    private ElementReference _svg;
    private DotNetObjectReference<FlowCanvas>? _self;

    [Inject] private IJSRuntime Js { get; set; } = default!;

    /// <summary>Accept gestures (selecting, moving, connecting, dropping from the toolbox).</summary>
    [Parameter] public bool Editable { get; set; }

    /// <summary>Selected activities, outlined.</summary>
    [Parameter] public IReadOnlySet<string>? Selected { get; set; }

    /// <summary>The selected connection, outlined.</summary>
    [Parameter] public DesignEdge? SelectedEdge { get; set; }

    /// <summary>A click on an activity: its id and whether shift was held (add to the selection).</summary>
    [Parameter] public EventCallback<(string Id, bool Shift)> NodeClicked { get; set; }

    /// <summary>A click on a connection.</summary>
    [Parameter] public EventCallback<DesignEdge> EdgeClicked { get; set; }

    /// <summary>A click on the empty background.</summary>
    [Parameter] public EventCallback BackgroundClicked { get; set; }

    /// <summary>A finished drag of activities.</summary>
    [Parameter] public EventCallback<MoveGesture> Moved { get; set; }

    /// <summary>A port dragged onto an activity.</summary>
    [Parameter] public EventCallback<ConnectGesture> Connected { get; set; }

    /// <summary>A toolbox item dropped on the canvas.</summary>
    [Parameter] public EventCallback<DropGesture> Dropped { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !Editable) return;
        _self = DotNetObjectReference.Create(this);
        await Js.InvokeVoidAsync("crmWorkflow.designer.attach", _svg, _self, DesignNode.Width, DesignNode.Height);
    }

    [JSInvokable] public Task OnNodeClick(string id, bool shift) => NodeClicked.InvokeAsync((id, shift));

    [JSInvokable] public Task OnEdgeClick(string from, string port, string to) => EdgeClicked.InvokeAsync(new DesignEdge(from, port, to));

    [JSInvokable] public Task OnBackgroundClick() => BackgroundClicked.InvokeAsync();

    [JSInvokable] public Task OnMove(string[] ids, double dx, double dy) => Moved.InvokeAsync(new MoveGesture(ids, dx, dy));

    [JSInvokable] public Task OnConnect(string from, string port, string to) => Connected.InvokeAsync(new ConnectGesture(from, port, to));

    [JSInvokable] public Task OnDrop(string type, double x, double y) => Dropped.InvokeAsync(new DropGesture(type, x, y));

    /// <summary>
    /// The browser changed the view (a pan, wheel zoom or the minimap): keep it, so the next
    /// render does not jump back and the zoom buttons and Fit start from what the user sees.
    /// </summary>
    [JSInvokable]
    public void OnPan(double x, double y, double w, double h)
    {
        if (!double.IsFinite(x + y + w + h) || w <= 0 || h <= 0 || _view == (x, y, w, h)) return;
        _view = (x, y, w, h);
        StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        if (_self is null) return;
        try
        {
            await Js.InvokeVoidAsync("crmWorkflow.designer.detach", _svg);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone and the page with it: nothing left to detach from.
        }
        _self.Dispose();
    }
}

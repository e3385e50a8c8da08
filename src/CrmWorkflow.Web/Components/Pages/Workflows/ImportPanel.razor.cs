using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Web.Designer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;

namespace CrmWorkflow.Web.Components.Pages.Workflows;

/// <summary>Reports the <see cref="SaveResult"/> of the saved draft through <see cref="Done"/>, or null when cancelled.</summary>
public partial class ImportPanel
{
    [Inject] private DefinitionImport Import { get; set; } = default!;
    [Parameter] public EventCallback<SaveResult?> Done { get; set; }
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private ImportPreview? _preview;
    private string? _fileName;
    private string? _error;
    private bool _reading;
    private bool _saving;

    private async Task ReadAsync(InputFileChangeEventArgs e)
    {
        _preview = null;
        _error = null;
        _fileName = e.File.Name;
        if (e.File.Size > DefinitionImport.MaxBytes)
        {
            _error = $"{e.File.Name} is {e.File.Size / 1024} KB; a definition file is at most {DefinitionImport.MaxBytes / 1024} KB.";
            return;
        }
        _reading = true;
        try
        {
            using var reader = new StreamReader(e.File.OpenReadStream(DefinitionImport.MaxBytes));
            _preview = await Import.PreviewAsync(await reader.ReadToEndAsync());
        }
        catch (IOException ex)
        {
            // The browser stopped sending (closed tab, lost connection): say so instead of failing the circuit.
            _error = $"{e.File.Name} could not be read: {ex.Message}";
        }
        finally
        {
            _reading = false;
        }
    }

    private async Task SaveAsync()
    {
        if (_preview is not { CanSave: true } preview) return;
        _saving = true;
        try
        {
            var saved = await Import.SaveAsync(preview, (await Auth).User.Identity?.Name);
            await Done.InvokeAsync(saved);
        }
        catch (DefinitionConflictException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _saving = false;
        }
    }
}

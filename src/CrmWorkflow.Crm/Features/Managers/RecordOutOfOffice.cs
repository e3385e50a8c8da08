using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>A period a manager is away; lead routing and account assignment skip them then.</summary>
public sealed record RecordOutOfOffice(string ManagerId, DateTimeOffset? From, DateTimeOffset? To, string? Reason)
{
    /// <summary>Problems by JSON path.</summary>
    public IReadOnlyList<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (From is null) problems.Add(new("$.from", "When the absence starts is required."));
        if (To is null) problems.Add(new("$.to", "When the absence ends is required."));
        else if (From is { } from && To <= from) problems.Add(new("$.to", "The absence must end after it starts."));
        if (Reason is { Length: > 200 }) problems.Add(new("$.reason", "The reason is at most 200 characters."));
        return problems;
    }
}

/// <summary>The absence as stored.</summary>
public sealed record AbsencePeriod(long Id, string ManagerId, DateTimeOffset From, DateTimeOffset To, string? Reason);

/// <summary>Runs <see cref="RecordOutOfOffice"/> (admins).</summary>
public sealed class RecordOutOfOfficeHandler(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<ManagerResult<AbsencePeriod>> HandleAsync(RecordOutOfOffice command, CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return ManagerResult<AbsencePeriod>.Invalid(problems);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.ClientManagers.AnyAsync(m => m.Id == command.ManagerId, ct)) return ManagerResult<AbsencePeriod>.NotFound(command.ManagerId);
        var period = new OutOfOffice
        {
            ManagerId = command.ManagerId, From = command.From!.Value.ToUniversalTime(), To = command.To!.Value.ToUniversalTime(),
            Reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(),
        };
        db.OutOfOffice.Add(period);
        await db.SaveChangesAsync(ct);
        return ManagerResult<AbsencePeriod>.Ok(new(period.Id, period.ManagerId, period.From, period.To, period.Reason));
    }
}

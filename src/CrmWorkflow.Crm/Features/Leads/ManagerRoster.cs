using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>
/// The active client managers and their out-of-office periods, kept in memory between routed
/// leads. Who managers are changes rarely, their open-lead counts with every assignment: so each
/// lead reads the roster version (one row, changed by triggers on every write to the managers'
/// slowly-changing fields or their absences, from any host or tool) and reloads only when it
/// moved, then reads the counters fresh. Reading every column of every manager per lead was a
/// fifth of the routing step.
/// </summary>
public sealed class ManagerRoster
{
    /// <summary>Off: every lead reads the managers in full (for measuring the difference).</summary>
    public static bool Enabled { get; set; } = true;

    private static readonly Func<CrmDbContext, CancellationToken, Task<long?>> VersionNow = EF.CompileAsyncQuery(
        (CrmDbContext db, CancellationToken ct) => db.RosterVersions.Where(v => v.Id == 1).Select(v => (long?)v.Version).FirstOrDefault());

    private static readonly Func<CrmDbContext, IAsyncEnumerable<ClientManager>> ActiveManagers = EF.CompileAsyncQuery(
        (CrmDbContext db) => db.ClientManagers.AsNoTracking().Where(m => m.IsActive));

    private static readonly Func<CrmDbContext, DateTimeOffset, IAsyncEnumerable<Absence>> AbsencesFrom = EF.CompileAsyncQuery(
        (CrmDbContext db, DateTimeOffset now) => db.OutOfOffice.AsNoTracking().Where(o => o.To > now).Select(o => new Absence(o.ManagerId, o.From, o.To)));

    private static readonly Func<CrmDbContext, IAsyncEnumerable<Counters>> ActiveCounters = EF.CompileAsyncQuery(
        (CrmDbContext db) => db.ClientManagers.Where(m => m.IsActive).Select(m => new Counters(m.Id, m.OpenLeads, m.KeyAccounts)));

    private static readonly Func<CrmDbContext, string, IAsyncEnumerable<Counters>> ActiveCountersLike = EF.CompileAsyncQuery(
        (CrmDbContext db, string pattern) => db.ClientManagers.Where(m => m.IsActive && EF.Functions.Like(m.Regions, pattern, "\\"))
            .Select(m => new Counters(m.Id, m.OpenLeads, m.KeyAccounts)));

    private Snapshot? _current;
    private int _loads;

    /// <summary>How often the roster was read from the database (tests check it is kept).</summary>
    public int Loads => Volatile.Read(ref _loads);

    /// <summary>
    /// The managers a rule may consider (a superset the router narrows, as the database query
    /// was), as new objects with current counters, and who among them is away now; null when the
    /// roster is switched off or the database has no version row.
    /// </summary>
    public async Task<(List<ClientManager> Managers, List<string> Away)?> PoolAsync(
        CrmDbContext db, RoutingRule rule, Lead lead, string? regionPattern, DateTimeOffset now, CancellationToken ct)
    {
        if (!Enabled) return null;
        // The version before the roster: a roster read after it is as new or newer, never older.
        if (await VersionNow(db, ct) is not { } version) return null;
        var roster = Volatile.Read(ref _current);
        if (roster is null || roster.Version != version || now < roster.ReadAt)
        {
            roster = await LoadAsync(db, version, now, ct);
            // Several requests may load at once; each snapshot is right for its version, so the last stored wins.
            Volatile.Write(ref _current, roster);
        }
        var managers = new List<ClientManager>();
        var counters = regionPattern is null ? ActiveCounters(db) : ActiveCountersLike(db, regionPattern);
        await foreach (var c in counters.WithCancellation(ct))
            if (roster.Managers.TryGetValue(c.Id, out var known) && InQuery(rule, lead, known, regionPattern is not null))
                managers.Add(Copy(known, c));
        var away = new List<string>();
        foreach (var m in managers)
            if (roster.Absences.TryGetValue(m.Id, out var periods) && periods.Any(p => p.From <= now && p.To > now)) away.Add(m.Id);
        return (managers, away);
    }

    private async Task<Snapshot> LoadAsync(CrmDbContext db, long version, DateTimeOffset now, CancellationToken ct)
    {
        Interlocked.Increment(ref _loads);
        var managers = new Dictionary<string, ClientManager>(StringComparer.Ordinal);
        await foreach (var m in ActiveManagers(db).WithCancellation(ct)) managers[m.Id] = m;
        var absences = new Dictionary<string, List<Absence>>(StringComparer.Ordinal);
        await foreach (var a in AbsencesFrom(db, now).WithCancellation(ct))
        {
            if (!absences.TryGetValue(a.ManagerId, out var list)) absences[a.ManagerId] = list = [];
            list.Add(a);
        }
        return new Snapshot(version, now, managers, absences);
    }

    // What the database query filtered by besides activity and region, which the counters query did.
    private static bool InQuery(RoutingRule rule, Lead lead, ClientManager m, bool regionFiltered)
    {
        if (rule.Strategy == RoutingStrategy.Fixed && rule.Manager is { } only && m.Id != only) return false;
        if (rule.Managers is { Count: > 0 } listed && !listed.Contains(m.Id)) return false;
        return !rule.SameRegion || regionFiltered || m.Regions.Contains(lead.Region, StringComparison.OrdinalIgnoreCase);
    }

    // A new object per lead: the step attaches the chosen one to its context to count the lead.
    private static ClientManager Copy(ClientManager m, Counters c) => new()
    {
        Id = m.Id, Name = m.Name, UserId = m.UserId, Email = m.Email, Regions = m.Regions, Industries = m.Industries,
        Skills = m.Skills, Languages = m.Languages, Seniority = m.Seniority, LeadCapacity = m.LeadCapacity,
        KeyAccountCapacity = m.KeyAccountCapacity, OpenLeads = c.OpenLeads, KeyAccounts = c.KeyAccounts, IsActive = m.IsActive,
        DeactivatedAt = m.DeactivatedAt, Weight = m.Weight, Team = m.Team, SupervisorId = m.SupervisorId, CalendarId = m.CalendarId,
    };

    private sealed record Snapshot(long Version, DateTimeOffset ReadAt, Dictionary<string, ClientManager> Managers, Dictionary<string, List<Absence>> Absences);

    private sealed record Absence(string ManagerId, DateTimeOffset From, DateTimeOffset To);

    private readonly record struct Counters(string Id, int OpenLeads, int KeyAccounts);
}

using CrmWorkflow.Crm.Features.Query;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Web.Components.Pages.Reports;

/// <summary>The query builder's form: validate with the handler's rules, then hand the query to the results.</summary>
public partial class QueryBuilder
{
    private readonly QueryDraft _draft = new();
    private IReadOnlyList<ValidationProblem> _problems = [];
    private AdHocQuery? _ran;
    private int _runId;

    private IEnumerable<string> SortFields => _draft.GroupBy is null
        ? QueryFields.All.Keys
        : AdHocQueryHandler.GroupColumns(_draft.ToQuery());

    private string CsvHref => $"api/query?format=csv&q={Uri.EscapeDataString(QueryDraft.Json(_ran!))}";

    // Problems whose path is at or under the prefix ("$.filters[0]" covers its field, op and value).
    private IEnumerable<string> ErrorsAt(string prefix) => _problems
        .Where(p => p.Path == prefix || p.Path.StartsWith(prefix + ".", StringComparison.Ordinal) || p.Path.StartsWith(prefix + "[", StringComparison.Ordinal))
        .Select(p => p.Message);

    private void RemoveFilter(int index)
    {
        _draft.Filters.RemoveAt(index);
        _problems = [];
    }

    private void Run()
    {
        var query = _draft.ToQuery();
        _problems = AdHocQueryHandler.Validate(query);
        if (_problems.Count > 0) return;
        _ran = query;
        _runId++;
    }
}

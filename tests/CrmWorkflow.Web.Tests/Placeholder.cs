namespace CrmWorkflow.Web.Tests;

// Small helpers the Blazor components call.
window.crmWorkflow = {
    // Tablets and phones: the width at which the menu starts closed (matches app.css).
    isNarrow: () => window.matchMedia("(max-width: 1024px)").matches,
};

// TrustPortal: start GOV.UK Frontend's components (accordion, tabs, error
// summary, service navigation menu, ...). An external ES module, so the
// Content-Security-Policy needs no inline script.
// Loaded last in <body>: <script type="module" src="/js/site.js"></script>
// Browsers without ES modules never run this; supported.js then leaves out the
// `govuk-frontend-supported` class, so the components stay in their no-JS form.
import { initAll } from '/lib/govuk-frontend/govuk-frontend.min.js';

initAll();

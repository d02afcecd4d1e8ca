// Classic (non-module) script, loaded as the first child of <body>:
//   <script src="/js/supported.js"></script>
// Same as the inline line in GOV.UK Frontend's template.njk, moved to a file so
// the Content-Security-Policy needs no inline script. GOV.UK Frontend 6 only
// enhances components when <body> has `govuk-frontend-supported`.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');

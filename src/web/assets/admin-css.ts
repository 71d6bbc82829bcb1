// The admin area's additions to the site's stylesheet (served together at /admin/assets/admin.css).

/** Styles of the admin area's tables, forms and notices. */
export const ADMIN_CSS = `
.admin-nav{font-size:.92rem}
.admin-nav form{display:inline}
table{border-collapse:collapse;width:100%;margin-block:0 2rem;font-size:.92rem}
th,td{text-align:start;vertical-align:top;padding:.4rem .6rem;border-block-end:1px solid var(--line)}
th{font-weight:600;color:var(--muted)}
td.n,th.n{text-align:end;font-variant-numeric:tabular-nums}
h2{font:700 1.3rem/1.3 var(--serif);margin:2rem 0 .75rem}
form.inline{display:inline-flex;gap:.35rem;margin:0 .35rem .35rem 0;align-items:center}
textarea,input[type=text],input[type=password],input[type=url]{font:inherit;padding:.35rem .5rem;border:1px solid var(--line);border-radius:4px;background:var(--card);color:var(--fg)}
button{font:inherit;font-size:.88rem;padding:.3rem .7rem;border:1px solid var(--fg);border-radius:4px;background:var(--card);color:var(--fg);cursor:pointer}
button.danger{border-color:var(--accent);color:var(--accent)}
.notice{padding:.6rem .9rem;border-inline-start:4px solid var(--fg);background:var(--card);margin-block:0 1.25rem}
.notice.error{border-color:var(--accent)}
.login{max-width:22rem;margin:3rem auto;display:flex;flex-direction:column;gap:.75rem}
.login label{display:flex;flex-direction:column;gap:.25rem}
.states{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0 0 1rem;padding:0;list-style:none}
.states a[aria-current]{color:var(--accent);font-weight:600}
.reason{color:var(--muted);font-size:.85rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.diff{white-space:pre-wrap;font-size:.92rem}
.diff ins{background:#dff3e4;text-decoration:underline}
.diff del{background:#fbe3e1;text-decoration:line-through}
@media (prefers-color-scheme:dark){.diff ins{background:#1f3d2a}.diff del{background:#4a2320}}
`;

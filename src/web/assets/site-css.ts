// The site's one stylesheet, served at /assets/site.css?v=<hash> with a year-long cache. Logical
// properties (inline-start/end) so right-to-left languages lay out without a second stylesheet.

/** The site's stylesheet. */
export const SITE_CSS = `
:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#5d5d66;--bg:#fdfdfb;--line:#e3e2dc;--accent:#b3261e;--card:#fff;
--serif:Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,serif;--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
@media (prefers-color-scheme:dark){:root{--fg:#ececea;--muted:#a4a4ab;--bg:#141416;--line:#2d2d31;--accent:#ff8a80;--card:#1c1c1f}}
@media (prefers-reduced-motion:no-preference){html{scroll-behavior:smooth}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.6 var(--sans)}
a{color:inherit;text-decoration-thickness:1px;text-underline-offset:.15em}
a:hover{color:var(--accent)}
img{max-width:100%;height:auto}
.wrap{max-width:72rem;margin:0 auto;padding-inline:1.25rem}
.site-header{border-block-end:3px solid var(--fg);background:var(--bg)}
.site-header .wrap{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem 1.5rem;padding-block:1rem .75rem}
.site-title{margin:0;font:700 1.6rem/1.2 var(--serif);letter-spacing:-.01em}
.site-title a{text-decoration:none}
.site-nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0;list-style:none;font-size:.92rem}
.site-nav a{text-decoration:none;color:var(--muted)}
.site-nav a:hover,.site-nav a[aria-current]{color:var(--accent)}
main{padding-block:1.5rem 3rem}
.page-title{font:700 clamp(1.6rem,3vw,2.2rem)/1.2 var(--serif);margin:0 0 1.25rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1.75rem 1.5rem;margin:0;padding:0;list-style:none}
.card{display:flex;flex-direction:column;gap:.35rem}
.card img,.card .no-image{width:100%;aspect-ratio:16/9;object-fit:cover;border-radius:4px;background:var(--line)}
.card h2,.card h3{margin:0;font:700 1.2rem/1.3 var(--serif)}
.card h2 a,.card h3 a{text-decoration:none}
.card p{margin:0;color:var(--muted);font-size:.95rem;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.kicker{font-size:.75rem;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:var(--accent);text-decoration:none}
.meta{font-size:.85rem;color:var(--muted)}
.pagination{display:flex;justify-content:space-between;gap:1rem;margin-block-start:2.5rem;padding-block-start:1rem;border-block-start:1px solid var(--line)}
.pagination .next{margin-inline-start:auto}
.article{max-width:42rem;margin:0 auto}
.article h1{font:700 clamp(1.8rem,4.5vw,2.6rem)/1.15 var(--serif);margin:.35rem 0 .75rem;letter-spacing:-.01em}
.article .lead-image{margin:1.25rem 0}
.article .lead-image img{width:100%;border-radius:4px}
.article-body{font:1.15rem/1.7 var(--serif)}
.article-body p{margin:0 0 1.1em}
.article-body h2,.article-body h3{font-family:var(--sans);line-height:1.3;margin:1.6em 0 .6em}
.article-body blockquote{margin:1.2em 0;padding-inline-start:1rem;border-inline-start:3px solid var(--line);color:var(--muted)}
.article-body figure{margin:1.5em 0}.article-body figcaption{font:.85rem/1.4 var(--sans);color:var(--muted)}
.article-body table{border-collapse:collapse;width:100%;font:.95rem var(--sans)}.article-body td,.article-body th{border:1px solid var(--line);padding:.35rem .5rem}
.attribution{margin-block-start:2rem;padding:1rem 1.25rem;border-radius:4px;background:var(--card);border:1px solid var(--line);font-size:.92rem}
.attribution p{margin:0 0 .5rem}.attribution p:last-child{margin:0}
.notice{color:var(--muted)}
.related{max-width:42rem;margin:2.5rem auto 0;padding-block-start:1rem;border-block-start:3px solid var(--fg)}
.related h2{font:700 1.1rem/1.3 var(--sans);margin:0 0 1rem}
.related .cards{grid-template-columns:repeat(auto-fill,minmax(12rem,1fr))}
.related .card h3{font-size:1.02rem}
.back-to-top{position:fixed;inset-block-end:1rem;inset-inline-end:1rem;padding:.5rem .85rem;border-radius:2rem;background:var(--fg);color:var(--bg);font-size:.85rem;text-decoration:none;opacity:.88}
.back-to-top:hover,.back-to-top:focus{opacity:1;color:var(--bg)}
.site-footer{border-block-start:1px solid var(--line);padding-block:1.5rem 4rem;color:var(--muted);font-size:.85rem}
.site-footer p{margin:0 0 .4rem}
.not-found{max-width:42rem;margin:3rem auto;text-align:center}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
main:focus{outline:none}
.skip-link{position:absolute;inset-inline-start:.5rem;inset-block-start:-3rem;z-index:10;padding:.5rem .9rem;border-radius:4px;background:var(--fg);color:var(--bg);font-weight:700;text-decoration:none}
.skip-link:focus{inset-block-start:.5rem;color:var(--bg)}
@media (max-width:40rem){.article-body{font-size:1.07rem}.back-to-top{inset-block-end:.75rem;inset-inline-end:.75rem}}
`;

/** The site's icon: an "R" on the accent colour, as SVG (served at /favicon.svg). */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="6" fill="#b3261e"/>' +
  '<path fill="#fff" fill-rule="evenodd" d="M10 25V7h7.5a5.5 5.5 0 0 1 1.6 10.77L23.5 25h-4.3l-4-7H14v7zm4-14.5v4h3.5a2 2 0 0 0 0-4z"/>' +
  '</svg>';
